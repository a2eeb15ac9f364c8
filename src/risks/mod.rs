//! The risk register: the risk editor's form, the risk table, the actions
//! list, CSV import, the scales editor's form and the risk charts. Plain Rust,
//! tested natively.

pub mod actions;
pub mod charts;
pub mod form;
pub mod scales_form;
pub mod table;
#[cfg(target_arch = "wasm32")]
pub mod view;
