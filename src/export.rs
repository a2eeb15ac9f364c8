//! What the app writes out: file names, the findings as CSV.

use rampart_core::model::Date;
use rampart_core::{Analysis, Register};

/// `<name>-<date>.json`, with the name reduced to letters, digits and dashes so
/// that it is a valid file name everywhere.
pub fn register_file_name(register: &Register, date: Date) -> String {
    format!("{}-{date}.json", slug(&register.name))
}

/// `<name>-findings-<date>.csv`.
pub fn findings_file_name(register: &Register, date: Date) -> String {
    format!("{}-findings-{date}.csv", slug(&register.name))
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "register".into()
    } else {
        out
    }
}

/// The findings as CSV for a spreadsheet: one row per finding, UTF-8 with a
/// byte-order mark so that Excel reads it as UTF-8.
pub fn findings_csv(register: &Register, analysis: &Analysis) -> String {
    let mut out = String::from("\u{feff}severity,area,code,subjects,message\r\n");
    for f in &analysis.findings {
        let row = [
            f.severity.label().to_string(),
            f.kind.area().label().to_string(),
            f.code().to_string(),
            f.subject_ids(register).join(" "),
            f.message(register),
        ];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV cell: quoted when needed, and a leading `=`, `+`, `-`, `@` (or tab,
/// carriage return) neutralised with an apostrophe so that a spreadsheet never
/// runs text from a register as a formula.
pub fn csv_cell(text: &str) -> String {
    let neutral = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_core::{analyse, import, Options, Teams};

    #[test]
    fn file_names_are_safe_and_dated() {
        let mut r = Register::new("Online banking: operational resilience register");
        let d = Date::parse("2026-11-23").unwrap();
        assert_eq!(register_file_name(&r, d), "online-banking-operational-resilience-register-2026-11-23.json");
        r.name = "../../etc/passwd".into();
        assert_eq!(register_file_name(&r, d), "etc-passwd-2026-11-23.json");
        r.name = "   ".into();
        assert_eq!(findings_file_name(&r, d), "register-findings-2026-11-23.csv");
    }

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn findings_csv_has_a_row_per_finding() {
        let r = import(include_str!("../examples/online-banking.json")).unwrap();
        let a = analyse(&r, &Options { today: Date::parse("2026-11-23").unwrap(), teams: Teams::Unlimited });
        let csv = findings_csv(&r, &a);
        assert_eq!(csv.lines().count(), a.findings.len() + 1);
        assert!(csv.contains("warning,Continuity,BIA_RTO_BREACH,payments,"));
    }
}
