//! The SLA views (compiled for wasm32 only).

pub mod editor;
pub mod page;
