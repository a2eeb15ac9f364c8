//! Spreadsheets (issue 19): the register as an XLSX workbook that a reader
//! understands without Rampart, and that a later import can read back.
//!
//! Sheets: Risks (every field of SPEC §3 and §9.1, each rating's levels,
//! score and band, the band's colour as the cell's fill, the appetite
//! standing), Controls, Actions, Services (the BIA with its planned finish and
//! lateness), Agreements, Targets, Findings, and Method (the scales, bands and
//! appetite, so that a reader understands the scores). Every sheet has its
//! header row frozen and an autofilter; dates are real dates; levels, status,
//! treatment and kind have drop-down lists; ids are kept, so that a re-import
//! can update rather than duplicate. Every text is written as text, never as a
//! formula, whatever it starts with (`=`, `+`, `-`, `@`).
//!
//! Every number comes from the engine's analysis; nothing is worked out here.

mod workbook;

pub use workbook::{workbook, WorkbookError};

/// The workbook of the register `open` (its text as the format writes it),
/// analysed on `today` with `teams` recovery teams (0: unlimited): what the
/// app's Export XLSX downloads, loaded on first use.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn workbook_of(open: &str, today: &str, teams: u32) -> Result<Vec<u8>, String> {
    let register = rampart_core::import(open).map_err(|e| format!("the open register: {e}"))?;
    let options = rampart_core::Options::parse(today, teams)?;
    let analysis = rampart_core::analyse(&register, &options);
    workbook(&register, &analysis, options.today).map_err(|e| e.to_string())
}
