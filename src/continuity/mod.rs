//! Continuity (the BIA): the services editor's form, the dependency map, the
//! what-if and the continuity charts. Plain Rust, tested natively.

pub mod charts;
pub mod dependency_map;
pub mod form;
pub mod what_if;
