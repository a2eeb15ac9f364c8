use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rampart_core::{analyse, import, Options, Teams};

use super::*;

fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook a spreadsheet reader opens")
}

fn example(text: &str) -> (Register, Analysis, Date) {
    let r = import(text).unwrap();
    let today = Date::parse("2026-11-30").unwrap();
    let a = analyse(&r, &Options { today, teams: Teams::Unlimited });
    (r, a, today)
}

/// The cell of `sheet` in the row whose first cell is `id`, under `column`.
fn cell(wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, id: &str, column: &str) -> Data {
    let range = wb.worksheet_range(sheet).unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("{column} in {header:?}"));
    let row = range.rows().find(|r| r[0] == id).unwrap_or_else(|| panic!("{id} in {sheet}"));
    row[col].clone()
}

#[test]
fn every_sheet_holds_what_the_engine_says() {
    let (r, a, today) = example(include_str!("../../../../examples/online-banking.json"));
    let mut wb = read(workbook(&r, &a, today).unwrap());
    assert_eq!(
        wb.sheet_names(),
        ["Risks", "Controls", "Actions", "Services", "Agreements", "Targets", "Findings", "Method"]
    );
    let rows = |wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str| wb.worksheet_range(sheet).unwrap().height() - 1;
    assert_eq!(rows(&mut wb, "Risks"), r.risks.len());
    assert_eq!(rows(&mut wb, "Controls"), r.risks.iter().map(|x| x.controls.len()).sum::<usize>());
    assert_eq!(rows(&mut wb, "Actions"), r.risks.iter().map(|x| x.actions.len()).sum::<usize>());
    assert_eq!(rows(&mut wb, "Services"), r.services.len());
    assert_eq!(rows(&mut wb, "Findings"), a.findings.len());
    // as `rampart check` rates it (inherent 20 Extreme, residual 9 High).
    assert_eq!(cell(&mut wb, "Risks", "R-001", "inherent score"), Data::Float(20.0));
    assert_eq!(cell(&mut wb, "Risks", "R-001", "inherent band"), Data::String("Extreme".into()));
    assert_eq!(cell(&mut wb, "Risks", "R-001", "residual score"), Data::Float(a.ratings[0].residual.score as f64));
    assert_eq!(cell(&mut wb, "Risks", "R-001", "appetite standing"), Data::String("above appetite".into()));
    // Dates are dates: the Excel serial of the review date.
    let review = r.risks[0].review_date.unwrap();
    let serial = review.days_since(Date::from_ymd(1899, 12, 30).unwrap()) as f64;
    match cell(&mut wb, "Risks", "R-001", "review date") {
        Data::DateTime(d) => assert_eq!(d.as_f64(), serial),
        other => panic!("a date, not {other:?}"),
    }
    let late = a.recovery.iter().find(|s| s.late > 0.0).unwrap();
    assert_eq!(cell(&mut wb, "Services", &late.id, "late by (h)"), Data::Float(late.late));
    assert_eq!(cell(&mut wb, "Method", "band", "level or name"), Data::String(a.scales.bands[0].name.clone()));
}

#[test]
fn text_that_looks_like_a_formula_is_written_as_text() {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../../../examples/online-banking.json")).unwrap();
    let bad = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"];
    for (k, t) in bad.iter().enumerate() {
        v["risks"][k]["title"] = (*t).into();
    }
    let (r, a, today) = example(&v.to_string());
    let mut wb = read(workbook(&r, &a, today).unwrap());
    for (k, t) in bad.iter().enumerate() {
        assert_eq!(cell(&mut wb, "Risks", r.risks[k].id.as_str(), "title"), Data::String((*t).into()));
    }
    let formulas = wb.worksheet_formula("Risks").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula anywhere");
}

#[test]
fn every_example_and_a_large_register_make_a_workbook() {
    for text in [
        include_str!("../../../../examples/hospital-risk-register.json"),
        include_str!("../../../../examples/manufacturing-bia.json"),
    ] {
        let (r, a, today) = example(text);
        let mut wb = read(workbook(&r, &a, today).unwrap());
        assert_eq!(wb.worksheet_range("Risks").unwrap().height() - 1, r.risks.len());
    }
    let size = rampart_core::generate::Size {
        risks: 2000,
        services: 200,
        dependencies: 3,
        customer_slas: 10,
        underpinning: 20,
    };
    let r = rampart_core::generate::register(size, 3);
    let today = Date::parse("2026-11-30").unwrap();
    let a = analyse(&r, &Options { today, teams: Teams::Unlimited });
    let mut wb = read(workbook(&r, &a, today).unwrap());
    assert_eq!(wb.worksheet_range("Findings").unwrap().height() - 1, a.findings.len());
}

#[test]
fn the_same_register_and_date_give_the_same_workbook() {
    let (r, a, today) = example(include_str!("../../../../examples/online-banking.json"));
    assert_eq!(workbook(&r, &a, today).unwrap(), workbook(&r, &a, today).unwrap());
}
