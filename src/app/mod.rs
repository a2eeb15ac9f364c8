//! What every feature of the app shares, as plain Rust: the state and its
//! actions, the routes, exports, the plain part of the form kit, and chart helpers.

pub mod export;
pub mod form_kit;
/// Values as typed into a form: `rampart_core::typed`.
pub use rampart_core::typed as form_values;
pub mod route;
pub mod same;
pub mod state;
pub mod svg;
#[cfg(test)]
pub mod testing;
