//! The Rampart web app: a thin Yew layer over `rampart-core`.
//!
//! Every module but `ui` is plain Rust, tested natively: the app's state and its
//! actions, the workspace's rules, each editor's form, the tables, charts and
//! exports. `ui` is the browser part and is compiled for `wasm32` only, so
//! `cargo test` on the native target never builds Yew or web-sys (and proves
//! that no plain module imports a view).

pub mod app;
pub mod continuity;
pub mod risks;
pub mod sla;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
pub use ui::form::{Field, LevelSelect, NodeSelect, NotFound};
#[cfg(target_arch = "wasm32")]
pub use ui::{start, App};

/// The example register the app opens on when nothing is saved yet.
pub const EXAMPLE: &str = include_str!("../examples/online-banking.json");
