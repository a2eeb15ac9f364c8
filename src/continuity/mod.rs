//! Continuity (the BIA): the services, scenario and exercise editors' forms,
//! the dependency map, the what-if and the continuity charts. Plain Rust, tested natively.

pub mod charts;
pub mod dependency_map;
pub mod exercise_form;
pub mod form;
pub mod scenario_form;
#[cfg(target_arch = "wasm32")]
pub mod view;
pub mod what_if;
