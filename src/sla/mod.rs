//! SLA alignment: the agreements and suppliers forms and the alignment matrix.
//! Plain Rust, tested natively.

pub mod agreement_form;
pub mod matrix;
pub mod supplier_form;
#[cfg(target_arch = "wasm32")]
pub mod view;
