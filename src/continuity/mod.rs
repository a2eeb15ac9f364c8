//! Continuity (the BIA): the services editor's form, the dependency map, the
//! what-if and the continuity charts. Plain Rust, tested natively.

pub mod charts;
pub mod dependency_map;
pub mod form;
#[cfg(target_arch = "wasm32")]
pub mod view;
pub mod what_if;
