//! Risks from a spreadsheet, natively.

use super::csv::records;
use super::*;
use crate::model::{Date, Register, Risk, RiskKind, Score};
use crate::scoring::ScaleSet;
use crate::{analyse, Teams};

#[test]
fn quoted_cells_hold_delimiters_quotes_and_line_breaks() {
    let text = "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\"y\n\n\"\"";
    let rows = records(text, ',').unwrap();
    assert_eq!(rows, [vec!["a", "b, c", "say \"hi\""], vec!["two\nlines", "", "x\"y"], vec![""], vec![""]]);
    assert_eq!(records("a;b\n1;2", ';').unwrap(), [vec!["a", "b"], vec!["1", "2"]]);
    assert_eq!(records("", ',').unwrap(), Vec::<Vec<String>>::new());
    let open = records("a,b\n1,\"never closed", ',').unwrap_err();
    assert_eq!(open.to_string(), "the file is not valid CSV: a quoted cell in row 2 is never closed");
}

// proptest is a native dev-dependency only.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::super::csv::records;

    proptest::proptest! {
        /// Any table written the way the app writes CSV cells reads back the same.
        #[test]
        fn written_cells_read_back(table in proptest::collection::vec(proptest::collection::vec("[a-z ,;\"\n\r\u{e9}]{0,8}", 1..5), 1..6)) {
            let text: String = table.iter().map(|row| {
                let cells: Vec<String> = row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                cells.join(",") + "\r\n"
            }).collect();
            proptest::prop_assert_eq!(records(&text, ',').unwrap(), table);
        }
    }
}

fn banking() -> Register {
    crate::import(include_str!("../../../examples/online-banking.json")).unwrap()
}

fn csv(text: &str) -> Table {
    Table::from_csv(text.as_bytes()).unwrap()
}

/// The plan for a CSV sheet, its columns guessed.
fn planned(r: &Register, scales: &ScaleSet, table: &Table) -> Result<Plan, Vec<RowProblem>> {
    let source = Source { risks: table, controls: None, actions: None };
    plan(r, scales, source, &Mapping::guess(&table.headers), Options::default())
}

fn shown(problems: &[RowProblem]) -> Vec<String> {
    problems.iter().map(|p| p.to_string()).collect()
}

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

#[test]
fn the_exported_csv_maps_itself_and_comes_back_unchanged() {
    let r = banking();
    let a = analyse(&r, &crate::Options { today: today(), teams: Teams::Unlimited });
    let table = csv(&risks_csv(&r, &a));
    assert_eq!(table.rows.len(), r.risks.len());
    let mapping = Mapping::guess(&table.headers);
    for t in Target::ALL {
        assert!(mapping.column(t).is_some(), "{t:?} is not in the CSV");
    }
    let plan = planned(&r, &a.scales, &table).unwrap();
    assert_eq!(plan.added(), 0);
    for (at, risk) in &plan.risks {
        assert_eq!(risk, &r.risks[at.unwrap()], "{}", risk.id);
    }
    assert!(plan.preview(&r, &a.scales, today(), "").is_empty());
}

#[test]
fn a_spreadsheets_own_headers_labels_and_semicolons_are_understood() {
    let r = banking();
    let text = "\u{feff}Risk ID;Risk;Owner;Impact;Likelihood;Next review\r\n\
               R-900;\"Flood; basement\";Facilities;Major;2;2027-01-31\r\n\
               R-001;Ransomware (reworded);;5;4;\r\n";
    let plan = planned(&r, &ScaleSet::default(), &csv(text)).unwrap();
    assert_eq!(plan.added(), 1);
    let (at, new) = &plan.risks[0];
    assert_eq!((*at, new.title.as_str(), new.owner.as_deref()), (None, "Flood; basement", Some("Facilities")));
    assert_eq!((new.inherent.impact.0, new.inherent.likelihood.0), (4, 2));
    assert_eq!(new.review_date, Date::parse("2027-01-31").ok());
    let (at, updated) = &plan.risks[1];
    assert_eq!(*at, Some(0));
    assert_eq!(updated.title, "Ransomware (reworded)");
    assert_eq!(updated.owner, None, "an empty cell clears the field");
    assert_eq!(updated.review_date, None);
    assert_eq!(updated.controls, r.risks[0].controls, "what the file does not map is kept");
}

#[test]
fn every_problem_is_named_by_row_and_column_and_nothing_is_planned() {
    let r = banking();
    let text = "id,title,impact,likelihood,review_date,status,services,treatment\n\
               R-900,,9,Possible,31/01/2027,pending,nowhere,Reduce\n\
               R-900,Twice,1,1,,,,\n\
               core-banking,Not a risk,1,1,,,,\n\
               R-901,Held,1,1,,CLOSED,,maybe\n";
    let problems = planned(&r, &ScaleSet::default(), &csv(text)).unwrap_err();
    assert_eq!(
        shown(&problems),
        [
            "Row 2, column B \"title\": a new risk needs a title",
            "Row 2, column E \"review_date\": \"31/01/2027\" is not a date; write dates as YYYY-MM-DD",
            "Row 2, column F \"status\": \"pending\" is not a status; use new, open or closed",
            "Row 2, column G \"services\": no service has the id \"nowhere\"",
            "Row 2, column C \"impact\": \"9\" is not a level of the scale (1 Negligible, 2 Minor, 3 Moderate, 4 Major, 5 Catastrophic)",
            "Row 3, column A \"id\": \"R-900\" is also the id on row 2",
            "Row 4, column A \"id\": \"core-banking\" is the id of something in the register that is not a risk",
            "Row 5, column H \"treatment\": \"maybe\" is not a treatment; use avoid, reduce, transfer, accept, exploit, enhance or share",
        ]
    );
}

#[test]
fn unreadable_files_say_why() {
    assert_eq!(Table::from_csv(b""), Err(TableError::Empty));
    assert_eq!(Table::from_csv(&[0xff, 0xfe, b'a']), Err(TableError::NotUtf8));
    let table = Table::from_csv(b"\nid,title\n\n  \nR1,t\n").unwrap();
    assert_eq!(table.header_row, 2);
    assert_eq!(
        table.rows,
        [Row { number: 5, cells: vec!["R1".to_string(), "t".to_string()] }],
        "blank lines are skipped"
    );
    let source = Source { risks: &table, controls: None, actions: None };
    let problems = plan(&banking(), &ScaleSet::default(), source, &Mapping::none(), Options::default()).unwrap_err();
    assert_eq!(shown(&problems), ["choose the column that holds the risk ids"]);
}

#[test]
fn an_opportunity_from_a_sheet_takes_only_its_own_treatments() {
    let r = banking();
    let text = "id,title,kind,impact,likelihood,treatment,accepted_by,accepted_on,accepted_until\n\
               R-901,Cross-sell,opportunity,3,3,reduce,,,\n\
               R-902,Upsell,Opportunity,3,3,exploit,,,\n\
               R-903,Outage,threat,3,3,accept,Board,2026-01-01,2026-12-31\n\
               R-904,Fraud,,3,3,,,,2026-12-31\n";
    let problems = planned(&r, &ScaleSet::default(), &csv(text)).unwrap_err();
    assert_eq!(
        shown(&problems),
        [
            "Row 2, column F \"treatment\": \"reduce\" is not a treatment of an opportunity; use exploit, enhance, share, accept",
            "Row 5, column I \"accepted_until\": an expiry needs an acceptance: who and when",
        ]
    );
    let fixed = text.replace("opportunity,3,3,reduce", "opportunity,3,3,enhance").replace(",,,,2026-12-31", ",,,,");
    let plan = planned(&r, &ScaleSet::default(), &csv(&fixed)).unwrap();
    let risks: Vec<&Risk> = plan.risks.iter().map(|(_, risk)| risk).collect();
    assert_eq!(risks[1].kind, Some(RiskKind::Opportunity));
    assert_eq!(risks[2].kind, None, "a threat, the default, is not written");
    assert_eq!(risks[2].acceptance.as_ref().and_then(|a| a.expires), Some(Date::parse("2026-12-31").unwrap()));
    assert_eq!(
        risks[2].acceptance.as_ref().and_then(|a| a.score),
        Some(Score(9)),
        "a new acceptance records the residual score it accepts"
    );
    let backwards = fixed.replace("Board,2026-01-01,2026-12-31", "Board,2026-01-01,2025-12-31");
    let problems = planned(&r, &ScaleSet::default(), &csv(&backwards)).unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "Row 4, column I \"accepted_until\": accepted until 2025-12-31 is before it was accepted (2026-01-01)"
    );
}

#[test]
fn cells_are_quoted_and_formulas_neutralised() {
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("a;b"), "\"a;b\"", "whole in a spreadsheet that splits on semicolons");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("-1"), "'-1");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("\tx"), "'\tx");
    assert_eq!(csv_cell("=1;2"), "\"'=1;2\"");
}

#[test]
fn the_risks_csv_neutralises_formulas_and_reads_them_back() {
    let mut r = banking();
    r.risks[0].title = "=cmd|' /C calc'!A0".into();
    r.risks[1].owner = Some("@risk; team".into());
    let a = analyse(&r, &crate::Options { today: today(), teams: Teams::Unlimited });
    let text = risks_csv(&r, &a);
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("\u{feff}id,title,kind,category"));
    assert!(lines[1].starts_with("R-001,'=cmd|' /C calc'!A0,threat,Information security,"), "{}", lines[1]);
    assert!(lines[1].contains(",5,4,20,Extreme,3,3,9,High,,3,2,6,Moderate,,4,2024-02-12,2026-12-15,"), "{}", lines[1]);
    for separator in [",", ";"] {
        // A spreadsheet set to split on semicolons writes them back that way.
        let table = if separator == "," { csv(&text) } else { Table::from_csv(semicolons(&text).as_bytes()).unwrap() };
        let plan = planned(&r, &a.scales, &table).unwrap();
        assert_eq!(plan.risks[0].1.title, "=cmd|' /C calc'!A0");
        assert_eq!(plan.risks[1].1.owner.as_deref(), Some("@risk; team"));
        assert!(plan.preview(&r, &a.scales, today(), "").is_empty(), "{separator}");
    }
}

/// The CSV as a spreadsheet set to `;` saves it: every cell quoted, `;` between.
fn semicolons(text: &str) -> String {
    let rows = records(text.trim_start_matches('\u{feff}'), ',').unwrap();
    let lines: Vec<String> = (rows.iter())
        .map(|row| row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(";"))
        .collect();
    lines.join("\r\n")
}

#[test]
fn controls_come_back_from_their_column_and_a_changed_one_is_shown() {
    let r = banking();
    let a = analyse(&r, &crate::Options { today: today(), teams: Teams::Unlimited });
    let cell = controls_cell(&r.risks[0].controls);
    assert!(cell.starts_with("R-001-C1 | "), "{cell}");
    let edited = risks_csv(&r, &a).replacen(" | likelihood | 1 | implemented", " | likelihood | 2 | implemented", 1);
    let plan = planned(&r, &a.scales, &csv(&edited)).unwrap();
    let changes = plan.preview(&r, &a.scales, today(), "from the sheet");
    let fields: Vec<String> = changes.iter().map(|c| format!("{} {}", c.item().unwrap_or(""), c.field())).collect();
    assert!(fields.iter().any(|f| f.contains("controls[") && f.ends_with(".by")), "{fields:?}");
    let bad = risks_csv(&r, &a).replacen(" | likelihood | 1 | implemented", " | sideways | 1 | implemented", 1);
    let problems = planned(&r, &a.scales, &csv(&bad)).unwrap_err();
    assert!(shown(&problems)[0].contains("\"sideways\" is not an axis; use likelihood or impact"), "{problems:?}");
}

fn table(name: &str, rows: &[&[&str]]) -> Table {
    Table::from_rows(name, rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect())).unwrap()
}

#[test]
fn a_workbooks_controls_and_actions_sheets_list_every_control_and_action_of_its_risks() {
    let r = banking();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    let one = &r.risks[0];
    let risks = table("Risks", &[&["id", "title"], &[&one.id, &one.title]]);
    let mut controls: Vec<Vec<String>> =
        vec![vec!["risk", "id", "name", "reduces", "by", "status"].into_iter().map(String::from).collect()];
    for c in &one.controls {
        let name = c.name.clone().unwrap_or_default();
        controls.push(vec![
            one.id.to_string(),
            c.id.to_string(),
            name,
            c.reduces.key().into(),
            c.by.to_string(),
            c.status.key().into(),
        ]);
    }
    let unchanged = Table::from_rows("Controls", controls.clone()).unwrap();
    let source = Source { risks: &risks, controls: Some(&unchanged), actions: None };
    let plan = plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap();
    assert!(plan.preview(&r, &scales, today(), "").is_empty());

    // A control's row taken out of the sheet takes it off the risk.
    let fewer = Table::from_rows("Controls", controls[..controls.len() - 1].to_vec()).unwrap();
    let source = Source { risks: &risks, controls: Some(&fewer), actions: None };
    let plan = super::plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap();
    let changes = plan.preview(&r, &scales, today(), "");
    let removed = one.controls.last().unwrap().id.to_string();
    assert!(changes.iter().any(|c| c.field() == format!("controls[{removed}]") && c.new.is_none()), "{changes:?}");

    // Rows that name no risk of the sheet, or the same id twice, are refused by row.
    let mut wrong = controls.clone();
    wrong.push(vec!["R-404".into(), "X-1".into(), String::new(), "impact".into(), "1".into(), "planned".into()]);
    wrong.push(wrong[1].clone());
    let wrong = Table::from_rows("Controls", wrong).unwrap();
    let source = Source { risks: &risks, controls: Some(&wrong), actions: None };
    let problems = super::plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap_err();
    let n = controls.len();
    assert_eq!(
        shown(&problems),
        [
            format!(
                "Sheet \"Controls\", Row {}, column A \"risk\": \"R-404\" is not the id of a risk on the risks sheet",
                n + 1
            ),
            format!(
                "Sheet \"Controls\", Row {}, column B \"id\": \"{}\" is also the id on row 2",
                n + 2,
                one.controls[0].id
            ),
        ]
    );

    // An action due on a day that is not one.
    let actions = table(
        "Actions",
        &[
            &["risk", "id", "title", "owner", "due", "status", "control"],
            &[&one.id, "A-9", "Patch", "", "31/12/2026", "planned", ""],
        ],
    );
    let source = Source { risks: &risks, controls: None, actions: Some(&actions) };
    let problems = super::plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap_err();
    assert_eq!(
        shown(&problems),
        ["Sheet \"Actions\", Row 2, column E \"due\": \"31/12/2026\" is not a date; write dates as YYYY-MM-DD"]
    );
}

#[test]
fn risks_absent_from_the_sheet_go_only_when_asked() {
    let r = banking();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    let one = &r.risks[0];
    let risks = table("Risks", &[&["id", "title"], &[&one.id, &one.title]]);
    let source = Source { risks: &risks, controls: None, actions: None };
    let kept = plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap();
    assert!(kept.removed.is_empty());
    let asked = plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options { remove_missing: true }).unwrap();
    assert_eq!(asked.removed.len(), r.risks.len() - 1);
    let mut after = r.clone();
    asked.apply(&mut after, &scales, today(), "");
    assert_eq!(after.risks.len(), 1);
}

#[test]
fn a_sheet_that_would_make_an_invalid_register_is_refused_whole() {
    let r = banking();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    // A control may not take the id of a service.
    let text = "id,title,controls\nR-001,Ransomware,payments | | likelihood | 1 | planned\n";
    let problems = planned(&r, &scales, &csv(text)).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].to_string().starts_with("Row 2: the register would not be valid after the import: "),
        "{problems:?}"
    );
}

#[test]
fn a_column_chosen_for_several_fields_is_named_with_them() {
    let headers: Vec<String> = ["Ref", "Risk", "Impact", "Likelihood"].map(String::from).to_vec();
    let mut mapping = Mapping::guess(&headers);
    assert_eq!(mapping.shared_columns(&headers), Vec::<String>::new(), "the guess gives each column one field");
    mapping.set(Target::ResidualImpact, Some(2));
    mapping.set(Target::TargetImpact, Some(2));
    mapping.set(Target::Owner, Some(1));
    assert_eq!(
        mapping.shared_columns(&headers),
        [
            "Column B \"Risk\" fills Title and Owner: check that each field has the column meant for it.",
            "Column C \"Impact\" fills Inherent impact, Residual impact and Target impact: check that each field \
             has the column meant for it."
        ]
    );
}

#[test]
fn a_mapping_is_written_and_read_back_by_key_number_or_header() {
    let headers: Vec<String> = ["Ref", "Risk", "Owner"].map(String::from).to_vec();
    let guessed = Mapping::guess(&headers);
    assert_eq!(guessed.column(Target::Id), Some(0));
    let pairs = |s: &[(&str, &str)]| s.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
    let read = Mapping::read(&guessed, &pairs(&[("owner", "0"), ("category", "Owner")]), &headers).unwrap();
    assert_eq!((read.column(Target::Owner), read.column(Target::Category)), (None, Some(2)));
    let by_letter = Mapping::read(&guessed, &pairs(&[("owner", "B")]), &headers).unwrap();
    assert_eq!(by_letter.column(Target::Owner), Some(1));
    for c in [0, 25, 26, 701, 702] {
        assert_eq!(super::mapping::column_of_letters(&column_letters(c)), Some(c));
    }
    let back = Mapping::read(
        &Mapping::none(),
        &guessed
            .write()
            .lines()
            .map(|l| {
                let (k, v) = l.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect::<Vec<_>>(),
        &headers,
    )
    .unwrap();
    assert_eq!(back, guessed);
    assert_eq!(
        Mapping::read(&guessed, &pairs(&[("colour", "1")]), &headers).unwrap_err().split(';').next().unwrap(),
        "\"colour\" is not a field to map"
    );
    assert_eq!(
        Mapping::read(&guessed, &pairs(&[("owner", "4")]), &headers).unwrap_err(),
        "owner: the sheet has 3 columns, not 4"
    );
}

#[test]
fn spreadsheet_columns_and_numbers() {
    assert_eq!([0, 25, 26, 27, 701, 702].map(column_letters), ["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    assert_eq!([3.0, 2.5, -0.0].map(number_text), ["3", "2.5", "0"]);
}

#[test]
fn a_new_risk_with_controls_from_a_workbook_keeps_its_residual_derived() {
    let r = banking();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    // 4 × 4 inherent, a control lowering likelihood by 2: residual 4 × 2, derived.
    let risks = table(
        "Risks",
        &[
            &[
                "id",
                "title",
                "inherent impact",
                "inherent likelihood",
                "residual impact",
                "residual likelihood",
                "residual given",
            ],
            &["R-700", "Flood", "4", "4", "4", "2", ""],
        ],
    );
    let controls = table(
        "Controls",
        &[
            &["risk", "id", "name", "reduces", "by", "status"],
            &["R-700", "R-700-C1", "Barriers", "likelihood", "2", "implemented"],
        ],
    );
    let source = Source { risks: &risks, controls: Some(&controls), actions: None };
    let plan = plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap();
    let new = &plan.risks[0].1;
    assert_eq!(new.controls.len(), 1);
    assert_eq!(new.residual, None, "equal to what the controls give: derived");
}

#[test]
fn a_controls_sheet_without_one_of_its_columns_is_refused_not_read_as_empty() {
    let r = banking();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    let one = &r.risks[0];
    let risks = table("Risks", &[&["id", "title"], &[&one.id, &one.title]]);
    let controls =
        table("Controls", &[&["risk", "id", "reduces", "by", "status"], &[&one.id, "C-1", "impact", "1", "planned"]]);
    let source = Source { risks: &risks, controls: Some(&controls), actions: None };
    let problems = plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap_err();
    assert_eq!(shown(&problems), ["Sheet \"Controls\", Row 1: the sheet has no \"name\" column"]);
}

#[test]
fn text_of_its_own_starting_with_an_apostrophe_survives_csv_and_workbook() {
    let mut r = banking();
    r.risks[0].title = "'quoted' title".into();
    r.risks[1].description = Some("'=not a formula".into());
    let a = analyse(&r, &crate::Options { today: today(), teams: Teams::Unlimited });
    let plan = planned(&r, &a.scales, &csv(&risks_csv(&r, &a))).unwrap();
    assert!(plan.preview(&r, &a.scales, today(), "").is_empty());
    // A workbook's cells are text as they are: nothing is taken off.
    let risks = table("Risks", &[&["id", "title"], &["R-001", "'quoted' title"]]);
    let source = Source { risks: &risks, controls: None, actions: None };
    let plan = super::plan(&r, &a.scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap();
    assert_eq!(plan.risks[0].1.title, "'quoted' title");
}

#[test]
fn rows_blank_in_every_mapped_column_are_skipped_and_ids_match_with_their_spaces() {
    let mut r = banking();
    r.risks[0].id = crate::model::Id::new(" R-001 ").unwrap();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    let risks = table("Risks", &[&["id", "title", "notes"], &[" R-001 ", "Ransomware", ""], &["", "", "=SUM(A1:A3)"]]);
    let source = Source { risks: &risks, controls: None, actions: None };
    let plan = plan(&r, &scales, source, &Mapping::guess(&risks.headers), Options::default()).unwrap();
    assert_eq!(plan.risks.len(), 1);
    assert_eq!(plan.risks[0].0, Some(0), "the risk with the spaces in its id, not a new one");
}

#[test]
fn residual_and_target_cells_say_derived_given_or_a_problem() {
    let r = banking();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    let text = "id,residual_impact,residual_likelihood,residual_given,target_impact,target_likelihood,target_given\n\
                R-001,,,,2,,\n\
                R-002,3,3,maybe,,,\n";
    let problems = planned(&r, &scales, &csv(text)).unwrap_err();
    assert_eq!(
        shown(&problems),
        [
            "Row 2, column E \"target_impact\": the target rating needs both an impact and a likelihood, or neither (derived from the controls)",
            "Row 3, column D \"residual_given\": \"maybe\" is neither yes nor no (empty: no)",
        ]
    );
    // Both cells emptied: derived from the controls again.
    let mut given = r.clone();
    given.risks[0].residual = Some(crate::model::Rating::new(2, 2));
    let plan = planned(&given, &scales, &csv("id,residual_impact,residual_likelihood\nR-001,,\n")).unwrap();
    assert_eq!(plan.risks[0].1.residual, None);
}

#[test]
fn a_service_the_risk_already_names_is_kept_even_if_no_node_has_it() {
    let mut r = banking();
    r.risks[0].services = vec!["retired-system".into(), "core-banking".into()];
    let scales = ScaleSet::from_register(r.scales.as_ref());
    // The same set, written in another order and twice: the list stays as written.
    let plan =
        planned(&r, &scales, &csv("id,services\nR-001,\"core-banking; retired-system, core-banking\"\n")).unwrap();
    assert_eq!(plan.risks[0].1.services, ["retired-system", "core-banking"]);
    let problems = planned(&r, &scales, &csv("id,services\nR-001,\"retired-system, nowhere\"\n")).unwrap_err();
    assert_eq!(shown(&problems), ["Row 2, column B \"services\": no service has the id \"nowhere\""]);
}

#[test]
fn a_sheet_of_no_risks_cannot_empty_the_register() {
    let r = banking();
    let scales = ScaleSet::from_register(r.scales.as_ref());
    let empty = table("Risks", &[&["id", "title"]]);
    let source = Source { risks: &empty, controls: None, actions: None };
    let problems =
        plan(&r, &scales, source, &Mapping::guess(&empty.headers), Options { remove_missing: true }).unwrap_err();
    assert_eq!(
        shown(&problems),
        ["Sheet \"Risks\", the sheet lists no risks: removing the risks it does not list would empty the register"]
    );
}
