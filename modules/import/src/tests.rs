//! The reader and the page, natively; the round trip through the workbook
//! and the CSV over generated registers.

use rampart_core::generate::{self, Size};
use rampart_core::model::Date;
use rampart_core::scoring::ScaleSet;
use rampart_core::sheet::{self, Mapping, Table};
use rampart_core::{analyse, Options, Register, Teams};

use super::*;

fn today() -> Date {
    Date::parse("2026-11-30").unwrap()
}

fn banking() -> Register {
    rampart_core::import(include_str!("../../../examples/online-banking.json")).unwrap()
}

/// What importing `sheets` (risks on the sheet named Risks, or the only one)
/// into `register` would change.
fn changes_of(register: &Register, sheets: &[Table]) -> Vec<rampart_core::diff::Change> {
    let form = Form::read("", sheets).unwrap();
    let page = Page::of(register, &Options { today: today(), teams: Teams::Unlimited }, "f", sheets, &form);
    match &page.outcome {
        Ok(_) => page.changes,
        Err(problems) => panic!("refused: {problems:?}"),
    }
}

fn workbook_of(register: &Register) -> Vec<u8> {
    let analysis = analyse(register, &Options { today: today(), teams: Teams::Unlimited });
    rampart_sheets::workbook(register, &analysis, today()).unwrap()
}

#[test]
fn the_example_comes_back_from_its_workbook_and_its_csv_unchanged() {
    let r = banking();
    let sheets = read("book.xlsx", &workbook_of(&r)).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Risks", "Controls", "Actions", "Services", "Agreements", "Targets", "Findings", "Method"]);
    let form = Form::read("", &sheets).unwrap();
    assert_eq!(form.sheet, 0);
    for t in rampart_core::sheet::Target::ALL {
        if t != rampart_core::sheet::Target::Controls {
            assert!(form.mapping.column(t).is_some(), "{t:?} is not on the Risks sheet");
        }
    }
    assert_eq!(changes_of(&r, &sheets), []);
    let analysis = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
    let csv = read("risks.csv", sheet::risks_csv(&r, &analysis).as_bytes()).unwrap();
    assert_eq!(changes_of(&r, &csv), []);
}

#[test]
fn two_scores_changed_and_a_row_added_are_exactly_what_the_preview_shows() {
    let r = banking();
    let mut sheets = read("book.xlsx", &workbook_of(&r)).unwrap();
    let risks = &mut sheets[0];
    let col = |name: &str| risks.column(name).unwrap();
    let (impact, likelihood, id, title) = (col("inherent impact"), col("inherent likelihood"), col("id"), col("title"));
    risks.rows[0].cells[impact] = "2".into();
    risks.rows[1].cells[likelihood] = "1".into();
    let mut new = vec![String::new(); risks.headers.len()];
    (new[id], new[title], new[impact], new[likelihood]) = ("R-900".into(), "Flood".into(), "3".into(), "2".into());
    risks.rows.push(sheet::Row { number: risks.rows.len() + 2, cells: new });
    let changes = changes_of(&r, &sheets);
    let fields: Vec<String> =
        changes.iter().map(|c| format!("{} {}", c.item().unwrap_or_default(), c.field())).collect();
    let (first, second) = (&r.risks[0].id, &r.risks[1].id);
    // Exactly those: the residual and target (derived from the inherent)
    // stay derived; the residual they give now is a new assessment in each
    // risk's history, as an edit in the app records it.
    assert_eq!(
        fields,
        [
            format!("{first} history"),
            format!("{first} inherent"),
            format!("{second} history"),
            format!("{second} inherent"),
            "R-900 ".to_string()
        ]
    );
    assert_eq!(changes[1].new, Some(serde_json::json!({"impact": 2, "likelihood": r.risks[0].inherent.likelihood.0})));
    let form = Form::read("", &sheets).unwrap();
    let page = Page::of(&r, &Options { today: today(), teams: Teams::Unlimited }, "edited.xlsx", &sheets, &form);
    assert_eq!(page.counts, (1, 2, 0));
    assert!(page.html().contains("Ready: 1 new risk, 2 updated, 0 removed."));
}

#[test]
fn markup_in_a_sheet_is_shown_as_text() {
    let sheets = read(
        "f.csv",
        b"id,title,impact,likelihood,<b>owner</b>\n<script>x</script>,<img src=x onerror=alert(1)>,3,3,\n",
    )
    .unwrap();
    let form = Form::read("", &sheets).unwrap();
    let page =
        Page::of(&banking(), &Options { today: today(), teams: Teams::Unlimited }, "<i>f</i>.csv", &sheets, &form);
    let html = page.html();
    assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>") && !html.contains("<i>"));
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;") && html.contains("&lt;img src=x"), "{html}");
    assert!(html.contains("&lt;b&gt;owner&lt;/b&gt;"), "{html}");
}

#[test]
fn another_sheet_guesses_its_own_columns_and_a_chosen_column_is_kept() {
    let sheets = vec![
        Table::from_rows("Risks", [vec!["Ref".into(), "Risk".into()]]).unwrap(),
        Table::from_rows("Other", [vec!["Title".into(), "ID".into()]]).unwrap(),
    ];
    let first = Form::read("", &sheets).unwrap();
    assert_eq!(first.mapping.column(sheet::Target::Id), Some(0));
    // The user picked the second sheet: its columns are guessed, not the first's.
    let other = Form::read("sheet=1&mapped=0&map-id=2", &sheets).unwrap();
    assert_eq!(
        (other.mapping.column(sheet::Target::Id), other.mapping.column(sheet::Target::Title)),
        (Some(1), Some(0))
    );
    let chosen = Form::read("sheet=1&mapped=1&map-id=0&map-owner=1&remove=on", &sheets).unwrap();
    assert_eq!(chosen.mapping.column(sheet::Target::Id), None);
    assert_eq!(chosen.mapping.column(sheet::Target::Owner), Some(0));
    assert!(chosen.remove_missing);
    assert_eq!(Mapping::guess(&sheets[1].headers), other.mapping);
    let shared = Form::read("sheet=0&mapped=0&map-owner=2", &sheets).unwrap();
    let page = Page::of(&banking(), &Options { today: today(), teams: Teams::Unlimited }, "f.xlsx", &sheets, &shared);
    assert!(page.html().contains(
        r#"<p class="warning" role="status">Column B &quot;Risk&quot; fills Title and Owner: check that each field has the column meant for it.</p>"#
    ), "{}", page.html());
}

#[test]
fn what_is_not_a_spreadsheet_says_so() {
    assert!(matches!(read("a.xlsx", b"PK\x03\x04garbage"), Err(ReadError::Workbook(_))));
    assert_eq!(read("a.csv", b"").unwrap_err().to_string(), "the sheet has no header row");
    let text_named_xlsx = read("a.XLSX", b"id,title\nR-1,t\n").unwrap_err().to_string();
    assert!(text_named_xlsx.contains("it is named as one, but its content is not a workbook"), "{text_named_xlsx}");
    assert!(read("a.csv", &[0xff, 0xfe, 0x00]).unwrap_err().to_string().contains("not UTF-8"));
    let answer = import_open("x.xlsx", b"PK\x03\x04garbage");
    assert_eq!(answer[0], "error");
    assert!(answer[1].starts_with("Could not read x.xlsx: the file is not a workbook"), "{answer:?}");
}

#[test]
fn the_module_answers_a_page_and_a_plan_the_app_can_read() {
    let r = banking();
    let mut bytes = workbook_of(&r);
    assert_eq!(import_open("book.xlsx", &bytes)[0], "sheets");
    let open = rampart_core::import::to_json(&r);
    let page = import_view(&open, "2026-11-30", 0, "");
    assert_eq!(page[0], "page");
    assert!(page[1].contains("The sheet changes nothing in the register."));
    let plan: sheet::Plan = serde_json::from_str(&page[2]).unwrap();
    assert_eq!(plan.risks.len(), r.risks.len());
    bytes.truncate(100);
    assert_eq!(import_open("cut.xlsx", &bytes)[0], "error");
}

/// A generated register with what a generator does not make but people
/// write: text that looks like a formula or starts with an apostrophe, a
/// residual given though equal to what the controls give, a target given,
/// the default status written out, a trigger and a subcategory.
fn awkward(mut r: Register) -> Register {
    let scales = ScaleSet::from_register(r.scales.as_ref());
    for (k, risk) in r.risks.iter_mut().enumerate() {
        match k % 7 {
            0 => risk.title = format!("'{}", risk.title),
            1 => risk.description = Some(format!("=SUM(A{k})")),
            2 => risk.subcategory = Some("-minus; and, commas".into()),
            3 => {
                let derived = rampart_core::scoring::rate(risk, &scales).residual;
                risk.residual = Some(rampart_core::model::Rating::new(derived.impact, derived.likelihood));
            }
            4 => risk.status = Some(rampart_core::model::RiskStatus::Open),
            5 => risk.trigger = Some("@someone\nwith a second line".into()),
            _ => risk.target = Some(rampart_core::model::Rating::new(1, 1)),
        }
    }
    r
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Register → workbook → import changes nothing; register → CSV → import
    /// neither (SPEC §9.5 equality: the diff is empty).
    #[test]
    fn a_register_comes_back_from_its_workbook_and_csv_unchanged(seed in 0u64..10_000, risks in 1usize..60, services in 0usize..30) {
        let size = Size { risks, services, dependencies: 3, customer_slas: services / 10, underpinning: services / 5 };
        let r = awkward(generate::register(size, seed));
        let sheets = read("book.xlsx", &workbook_of(&r)).unwrap();
        proptest::prop_assert_eq!(changes_of(&r, &sheets), vec![]);
        let analysis = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
        let csv = read("risks.csv", sheet::risks_csv(&r, &analysis).as_bytes()).unwrap();
        proptest::prop_assert_eq!(changes_of(&r, &csv), vec![]);
    }
}
