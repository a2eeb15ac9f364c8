//! Any spreadsheet into a register (issue 19): XLSX, XLS and ODS read with
//! calamine, CSV as the engine reads it, each sheet a
//! [`rampart_core::sheet::Table`]; the columns mapped, every row checked and
//! the changes previewed by the engine ([`rampart_core::sheet`]). The app
//! loads this crate on first use as a module of its own and shows the page
//! [`import_view`] renders; the command line (`rampart import`) links it.

use std::cell::RefCell;
use std::io::Cursor;

use calamine::{Data, Reader};
use rampart_core::model::Date;
use rampart_core::sheet::{number_text, Source, Table, TableError};

mod view;

pub use view::{Form, Page};

/// Why a file could not be read as a spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// A CSV file that could not be read.
    Csv(TableError),
    /// A workbook the reader refused: its message.
    Workbook(String),
    /// A workbook whose every sheet is blank.
    NoSheet,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ReadError::Csv(e) => e.fmt(f),
            ReadError::Workbook(why) => {
                write!(f, "the file is not a workbook this reader knows (XLSX, XLS, ODS) nor CSV text: {why}")
            }
            ReadError::NoSheet => f.write_str("every sheet of the workbook is blank"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The sheets of file `name`: a workbook's (XLSX, XLSM, XLS or ODS, known by
/// its first bytes) each with a header row, blank ones left out; or the one
/// sheet of a CSV file. A file named as a workbook that is none is refused as
/// such, not read as text.
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<Table>, ReadError> {
    // A zip (XLSX, ODS) or an OLE compound file (XLS).
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let lower = name.to_lowercase();
    if !workbook && [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|e| lower.ends_with(e)) {
        return Err(ReadError::Workbook("it is named as one, but its content is not a workbook".into()));
    }
    if !workbook {
        return Table::from_csv(bytes).map(|t| vec![t]).map_err(ReadError::Csv);
    }
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| ReadError::Workbook(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| ReadError::Workbook(format!("sheet \"{name}\": {e}")))?;
        let Some((top, left)) = range.start() else { continue };
        // Row and column numbers as the spreadsheet shows them: blank rows
        // and columns before the first cell are counted too.
        let blank_rows = (0..top).map(|_| Vec::new());
        let rows = range.rows().map(|row| {
            let mut cells = vec![String::new(); left as usize];
            cells.extend(row.iter().map(cell_text));
            cells
        });
        match Table::from_rows(name, blank_rows.chain(rows)) {
            Ok(table) => sheets.push(table),
            Err(TableError::Empty) => {}
            Err(e) => return Err(ReadError::Csv(e)),
        }
    }
    if sheets.is_empty() {
        return Err(ReadError::NoSheet);
    }
    Ok(sheets)
}

/// A cell as text: numbers as written (3, not 3.0), dates `YYYY-MM-DD`,
/// an error cell as the spreadsheet shows it (`#N/A`).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(n) => number_text(*n),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) if d.is_datetime() => {
            // The workbook's own epoch (1900, or 1904 in some Mac workbooks); the time of day dropped.
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Date::from_ymd(i32::from(y), m, day).map_or_else(|| number_text(d.as_f64()), |d| d.to_string())
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// The sheets an import of `sheets[risks]` reads: a workbook's own Controls
/// and Actions sheets beside its risks (by name, as Rampart writes them).
pub fn source(sheets: &[Table], risks: usize) -> Option<Source<'_>> {
    let risks_sheet = sheets.get(risks)?;
    let named = |name: &str| sheets.iter().enumerate().find(|(k, t)| *k != risks && t.name == name).map(|(_, t)| t);
    Some(Source { risks: risks_sheet, controls: named("Controls"), actions: named("Actions") })
}

thread_local! {
    /// The file being imported in the app: its name and sheets, read once.
    static OPENED: RefCell<Option<(String, Vec<Table>)>> = const { RefCell::new(None) };
}

/// Reads the file the user picked for import (kept until the next one).
/// Answers texts: `["sheets", name, …]` or `["error", why]`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn import_open(file: &str, bytes: &[u8]) -> Vec<String> {
    match read(file, bytes) {
        Ok(sheets) => {
            let mut out = vec!["sheets".to_string()];
            out.extend(sheets.iter().map(|s| s.name.clone()));
            OPENED.with(|o| *o.borrow_mut() = Some((file.to_string(), sheets)));
            out
        }
        Err(e) => vec!["error".into(), format!("Could not read {file}: {e}")],
    }
}

/// The import page for the file [`import_open`] read, into the register
/// `open` analysed on `today` with `teams` recovery teams (0: unlimited):
/// `form` is the page's form as sent (URL-encoded; empty at first: the first
/// sheet, its columns guessed). Answers texts: `["page", html, plan]` where
/// `plan` is the [`rampart_core::sheet::Plan`] as JSON when the import can be
/// applied (empty otherwise), or `["error", why]`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn import_view(open: &str, today: &str, teams: u32, form: &str) -> Vec<String> {
    let run = || -> Result<Vec<String>, String> {
        let register = rampart_core::import(open).map_err(|e| format!("the open register: {e}"))?;
        let options = rampart_core::Options::parse(today, teams)?;
        OPENED.with(|o| {
            let opened = o.borrow();
            let (file, sheets) = opened.as_ref().ok_or("no file has been read for import")?;
            let form = Form::read(form, sheets)?;
            let page = Page::of(&register, &options, file, sheets, &form);
            let plan = match &page.outcome {
                Ok(plan) => serde_json::to_string(plan).map_err(|e| e.to_string())?,
                Err(_) => String::new(),
            };
            Ok(vec!["page".into(), page.html(), plan])
        })
    };
    run().unwrap_or_else(|why| vec!["error".into(), why])
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
