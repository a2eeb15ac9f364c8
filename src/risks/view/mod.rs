//! The risk views (compiled for wasm32 only): thin Yew components over the
//! plain modules beside them.

pub mod actions;
pub mod editor;
pub mod heat_maps;
pub mod lifecycle;
pub mod register;
pub mod scales;
pub mod sheet_import;
