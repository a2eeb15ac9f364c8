//! Rampart's analysis engine: the register format v1 and everything computed from
//! it (see SPEC.md). Pure Rust with no browser or I/O dependency: the web app and
//! the `rampart` command line are thin layers over this crate.
//!
//! The flow is `import` → [`Register`] → [`analyse`] → [`Analysis`] (ratings,
//! recovery order, alignment, findings) → `report` for output.

pub mod bidi;
pub mod calendar;
pub mod diff;
pub mod exercise;
pub mod findings;
pub mod generate;
pub mod graph;
pub mod ics;
pub mod import;
mod json_path;
pub mod lifecycle;
pub mod loading;
pub mod merge;
pub mod model;
pub mod percent;
pub mod recovery;
pub mod report;
pub mod review;
pub mod scenario;
pub mod schema;
pub mod scoring;
pub mod sheet;
pub mod sla;
pub mod summary;
pub mod typed;

mod analysis;

pub use analysis::{analyse, rate_risks, risk_findings, service_findings, Analysis, Options};
pub use findings::{Area, Finding, FindingKind, Severity};
pub use import::{export, import, import_bytes, ImportError, Place};
pub use model::Register;
pub use recovery::Teams;
