//! The Rampart web app: a thin Yew layer over `rampart-core`.
//!
//! `app` holds what every feature shares (state, routes, exports, the form
//! kit's plain part); `risks`, `continuity` and `sla` each hold a feature's
//! forms, tables and charts in plain Rust, tested natively, and its views in a
//! `view` module; `workspace` holds the rules of the stored registers. The
//! views and `ui` (shell, router, storage, shared widgets) are the browser
//! part, compiled for `wasm32` only, so `cargo test` on the native target never
//! builds Yew or web-sys (and proves that no plain module imports a view).

pub mod app;
pub mod continuity;
pub mod review;
pub mod risks;
pub mod sla;
pub mod travel;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
pub use ui::form::{choice, Field, LevelSelect, NodeSelect, NotFound};
#[cfg(target_arch = "wasm32")]
pub use ui::{start, App};

/// The example register the app opens on when nothing is saved yet. The app
/// fetches it from its own files (`dist/examples/`, `ui::browser::EXAMPLE_PATH`)
/// so that it is not part of what loads at start; the tests read it here.
pub const EXAMPLE: &str = include_str!("../examples/online-banking.json");
