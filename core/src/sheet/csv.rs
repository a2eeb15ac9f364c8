//! CSV both ways: the risk register as a spreadsheet's CSV, and CSV text
//! split into rows.

use super::{controls_cell, TableError};
use crate::model::Date;
use crate::{Analysis, Register};

/// The risk register as CSV for a spreadsheet: one row per risk with its three
/// ratings, scores and bands, its acceptance, the services it threatens and its
/// controls (a line each, as [`controls_cell`] writes them), every column one
/// that [`super::plan()`] reads back. UTF-8 with a byte-order mark, CRLF line ends.
pub fn risks_csv(register: &Register, analysis: &Analysis) -> String {
    let mut out = String::from(
        "\u{feff}id,title,kind,category,subcategory,owner,status,treatment,\
         inherent_impact,inherent_likelihood,inherent_score,inherent_band,\
         residual_impact,residual_likelihood,residual_score,residual_band,residual_given,\
         target_impact,target_likelihood,target_score,target_band,target_given,\
         appetite,identified,review_date,target_date,accepted_by,accepted_on,accepted_until,\
         services,controls,description,trigger,impact_description,mitigation\r\n",
    );
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let given = |g: bool| if g { "yes" } else { "" }.to_string();
    for (risk, rating) in register.risks.iter().zip(&analysis.ratings) {
        let mut row = vec![
            risk.id.to_string(),
            risk.title.clone(),
            risk.kind().key().to_string(),
            text(&risk.category),
            text(&risk.subcategory),
            text(&risk.owner),
            risk.status().key().to_string(),
            risk.treatment.map(|t| t.key().to_string()).unwrap_or_default(),
        ];
        for (s, written) in [
            (rating.inherent, None),
            (rating.residual, Some(risk.residual.is_some())),
            (rating.target, Some(risk.target.is_some())),
        ] {
            row.extend([
                s.impact.to_string(),
                s.likelihood.to_string(),
                s.score.to_string(),
                analysis.scales.band_name(s.band).unwrap_or_default().to_string(),
            ]);
            row.extend(written.map(given));
        }
        let acceptance = risk.acceptance.as_ref();
        row.extend([
            analysis.scales.appetite_for(risk.category.as_deref()).to_string(),
            date(risk.identified),
            date(risk.review_date),
            date(risk.target_date),
            acceptance.map(|a| a.by.clone()).unwrap_or_default(),
            date(acceptance.map(|a| a.date)),
            date(acceptance.and_then(|a| a.expires)),
            risk.services.join(", "),
            controls_cell(&risk.controls),
            text(&risk.description),
            text(&risk.trigger),
            text(&risk.impact_description),
            text(&risk.mitigation),
        ]);
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Splits CSV text into records (RFC 4180): a cell in double quotes may hold the
/// delimiter, line breaks and doubled quotes; lines end with LF or CRLF. A quote
/// inside an unquoted cell is kept as written, as spreadsheets do.
pub(super) fn records(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, TableError> {
    let (mut out, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut was_quoted) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            c if quoted => cell.push(c),
            '"' if cell.is_empty() && !was_quoted => (quoted, was_quoted) = (true, true),
            c if c == delimiter => {
                row.push(std::mem::take(&mut cell));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                out.push(std::mem::take(&mut row));
                was_quoted = false;
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(TableError::Malformed(format!("a quoted cell in row {} is never closed", out.len() + 1)));
    }
    if !cell.is_empty() || !row.is_empty() || was_quoted {
        row.push(cell);
        out.push(row);
    }
    Ok(out)
}

/// One CSV cell: quoted when it holds a comma, a semicolon (so that a
/// spreadsheet splitting on either reads it whole), a quote or a line break;
/// and a leading `=`, `+`, `-`, `@`, tab or carriage return neutralised with an
/// apostrophe, so that a spreadsheet never runs text from a register as a
/// formula. [`plan()`] takes the apostrophe back.
pub fn csv_cell(text: &str) -> String {
    let neutral = match text.chars().next() {
        // Text of its own starting with an apostrophe gets one more, so that
        // reading it back takes off only the one added.
        Some(c) if FORMULA_STARTS.contains(&c) || c == '\'' => format!("'{text}"),
        _ => text.to_string(),
    };
    if neutral.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// What a spreadsheet may take as the start of a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
