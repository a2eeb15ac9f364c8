//! Risks kept in a spreadsheet, brought into a register (issue 19): a sheet as
//! a [`Table`] of text cells (from CSV here; from XLSX, XLS or ODS by the
//! import module's reader, `modules/import`), its columns mapped to risk fields ([`Mapping`],
//! guessed from the headers), then every row checked against the register
//! ([`plan()`]). All or nothing: one problem anywhere and nothing is planned,
//! each problem named by its row and column. A [`Plan`] that checks out is
//! previewed as the diff it would make ([`Plan::preview`]) and applied as one
//! step ([`Plan::apply`]); risks absent from the sheet are removed only when
//! the user asks ([`Options::remove_missing`]).
//!
//! A workbook written by Rampart brings its controls and actions back from
//! its Controls and Actions sheets ([`Source`]); a CSV carries controls in a
//! `controls` column ([`controls_cell`]).

mod csv;
mod mapping;
mod plan;

pub use csv::{csv_cell, risks_csv, FORMULA_STARTS};
pub use mapping::{Mapping, Target};
pub use plan::{controls_cell, plan, Options, Plan, RowProblem, Source};

/// A sheet as read: its header row and the rows under it, every cell as text
/// (numbers as written, dates `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The sheet's name (a CSV file has one unnamed sheet).
    pub name: String,
    pub headers: Vec<String>,
    /// The spreadsheet's row number of the header (1 unless rows above it are blank).
    pub header_row: usize,
    pub rows: Vec<Row>,
    /// A CSV table: a text cell may carry the apostrophe that keeps a
    /// spreadsheet from running it as a formula ([`csv_cell`]), taken off when
    /// read. A workbook's text cells are text as they are.
    pub neutralised: bool,
}

/// One row under the header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Its number in the spreadsheet, counting from 1 at the top.
    pub number: usize,
    pub cells: Vec<String>,
}

/// Why a sheet could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum TableError {
    NotUtf8,
    Empty,
    /// Where the parser stopped and why.
    Malformed(String),
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            TableError::NotUtf8 => {
                f.write_str("the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\"")
            }
            TableError::Empty => f.write_str("the sheet has no header row"),
            TableError::Malformed(why) => write!(f, "the file is not valid CSV: {why}"),
        }
    }
}

impl std::error::Error for TableError {}

impl Table {
    /// A table from rows of cells as a spreadsheet has them (row 1 first):
    /// blank rows are skipped, the first other row is the header.
    pub fn from_rows(name: impl Into<String>, rows: impl IntoIterator<Item = Vec<String>>) -> Result<Self, TableError> {
        let mut rows = (rows.into_iter().enumerate())
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .map(|(k, cells)| Row { number: k + 1, cells });
        let header = rows.next().ok_or(TableError::Empty)?;
        let headers = header.cells.iter().map(|h| h.trim().to_string()).collect();
        Ok(Table { name: name.into(), headers, header_row: header.number, rows: rows.collect(), neutralised: false })
    }

    /// Reads CSV bytes: UTF-8 (a byte-order mark is skipped), comma or semicolon
    /// separated (whichever the header row uses more), quoted cells allowed.
    pub fn from_csv(bytes: &[u8]) -> Result<Self, TableError> {
        let text = std::str::from_utf8(bytes).map_err(|_| TableError::NotUtf8)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
        let delimiter = if first.matches(';').count() > first.matches(',').count() { ';' } else { ',' };
        let table = Table::from_rows("", csv::records(text, delimiter)?)?;
        Ok(Table { neutralised: true, ..table })
    }

    /// The column whose header names `header` (compared as [`Mapping::guess`] does).
    pub fn column(&self, header: &str) -> Option<usize> {
        let wanted = mapping::normalise(header);
        self.headers.iter().position(|h| mapping::normalise(h) == wanted)
    }
}

/// A column's letters as a spreadsheet shows them: 0 → A, 26 → AA.
pub fn column_letters(mut column: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A number from a spreadsheet cell as text: whole numbers without a decimal
/// point (3, not 3.0), others as Rust writes them (shortest round trip).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests;
