//! What every feature of the app shares, as plain Rust: the state and its
//! actions, the routes, exports, the plain part of the form kit, and chart helpers.

pub mod export;
pub mod form_kit;
pub mod form_values;
pub mod route;
pub mod same;
pub mod state;
pub mod svg;
#[cfg(test)]
pub mod testing;
