//! The continuity views (compiled for wasm32 only).

pub mod editor;
pub mod exercises;
pub mod plan;
pub mod scenarios;
