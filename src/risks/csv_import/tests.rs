//! Risks from a spreadsheet, natively.

use super::*;
use rampart_core::{analyse, Options, Teams};

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
    use super::super::records;

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
    crate::app::testing::example()
}

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

#[test]
fn the_exported_csv_maps_itself_and_comes_back_unchanged() {
    let r = banking();
    let a = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
    let csv = crate::app::export::risks_csv(&r, &a);
    let table = CsvTable::parse(csv.as_bytes()).unwrap();
    assert_eq!(table.rows.len(), r.risks.len());
    let mapping = Mapping::guess(&table.headers);
    for t in [Target::Id, Target::Title, Target::InherentImpact, Target::ResidualLikelihood, Target::ReviewDate] {
        assert!(mapping.column(t).is_some(), "{t:?}");
    }
    let plan = plan(&r, &a.scales, &table, &mapping).unwrap();
    assert_eq!(plan.added(), 0);
    for (at, risk) in &plan.risks {
        assert_eq!(risk, &r.risks[at.unwrap()], "{}", risk.id);
    }
}

#[test]
fn a_spreadsheets_own_headers_labels_and_semicolons_are_understood() {
    let r = banking();
    let csv = "\u{feff}Risk ID;Risk;Owner;Impact;Likelihood;Next review\r\n\
               R-900;\"Flood; basement\";Facilities;Major;2;2027-01-31\r\n\
               R-001;Ransomware (reworded);;5;4;\r\n";
    let table = CsvTable::parse(csv.as_bytes()).unwrap();
    let mapping = Mapping::guess(&table.headers);
    let plan = plan(&r, &ScaleSet::default(), &table, &mapping).unwrap();
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
    let csv = "id,title,impact,likelihood,review_date,status,services,treatment\n\
               R-900,,9,Possible,31/01/2027,pending,nowhere,Reduce\n\
               R-900,Twice,1,1,,,,\n\
               core-banking,Not a risk,1,1,,,,\n\
               R-901,Held,1,1,,CLOSED,,maybe\n";
    let table = CsvTable::parse(csv.as_bytes()).unwrap();
    let problems = plan(&r, &ScaleSet::default(), &table, &Mapping::guess(&table.headers)).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            "Row 2, column \"title\": a new risk needs a title",
            "Row 2, column \"review_date\": \"31/01/2027\" is not a date; write dates as YYYY-MM-DD",
            "Row 2, column \"status\": \"pending\" is not a status; use new, open or closed",
            "Row 2, column \"services\": no service has the id \"nowhere\"",
            "Row 2, column \"impact\": \"9\" is not a level of the scale (1 Negligible, 2 Minor, 3 Moderate, 4 Major, 5 Catastrophic)",
            "Row 2, column \"impact\": the inherent rating needs both an impact and a likelihood",
            "Row 3, column \"id\": \"R-900\" is also the id on row 2",
            "Row 4, column \"id\": \"core-banking\" is the id of something in the register that is not a risk",
            "Row 5, column \"treatment\": \"maybe\" is not a treatment; use avoid, reduce, transfer, accept, exploit, enhance or share",
        ]
    );
}

#[test]
fn unreadable_files_say_why() {
    assert_eq!(CsvTable::parse(b""), Err(CsvError::Empty));
    assert_eq!(CsvTable::parse(&[0xff, 0xfe, b'a']), Err(CsvError::NotUtf8));
    let table = CsvTable::parse(b"id,title\n\n  \nR1,t\n").unwrap();
    assert_eq!(table.rows, [vec!["R1".to_string(), "t".to_string()]], "blank lines are skipped");
    let unmapped = Mapping(vec![None; Target::ALL.len()]);
    assert!(plan(&banking(), &ScaleSet::default(), &table, &unmapped).is_err());
}

#[test]
fn an_opportunity_from_a_sheet_takes_only_its_own_treatments() {
    let r = banking();
    let csv = "id,title,kind,impact,likelihood,treatment,accepted_by,accepted_on,accepted_until\n\
               R-901,Cross-sell,opportunity,3,3,reduce,,,\n\
               R-902,Upsell,Opportunity,3,3,exploit,,,\n\
               R-903,Outage,threat,3,3,accept,Board,2026-01-01,2026-12-31\n\
               R-904,Fraud,,3,3,,,,2026-12-31\n";
    let table = CsvTable::parse(csv.as_bytes()).unwrap();
    let problems = plan(&r, &ScaleSet::default(), &table, &Mapping::guess(&table.headers)).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            "Row 2, column \"treatment\": \"reduce\" is not a treatment of an opportunity; use exploit, enhance, share, accept",
            "Row 5, column \"accepted_until\": an expiry needs an acceptance: who and when",
        ]
    );
    let fixed = csv.replace("opportunity,3,3,reduce", "opportunity,3,3,enhance").replace(",,,,2026-12-31", ",,,,");
    let table = CsvTable::parse(fixed.as_bytes()).unwrap();
    let planned = plan(&r, &ScaleSet::default(), &table, &Mapping::guess(&table.headers)).unwrap();
    let risks: Vec<&Risk> = planned.risks.iter().map(|(_, risk)| risk).collect();
    assert_eq!(risks[1].kind, Some(rampart_core::model::RiskKind::Opportunity));
    assert_eq!(risks[2].kind, None, "a threat, the default, is not written");
    assert_eq!(risks[2].acceptance.as_ref().and_then(|a| a.expires), Some(Date::parse("2026-12-31").unwrap()));
    assert_eq!(
        risks[2].acceptance.as_ref().and_then(|a| a.score),
        Some(rampart_core::model::Score(9)),
        "a new acceptance records the residual score it accepts"
    );
    let backwards = fixed.replace("Board,2026-01-01,2026-12-31", "Board,2026-01-01,2025-12-31");
    let table = CsvTable::parse(backwards.as_bytes()).unwrap();
    let problems = plan(&r, &ScaleSet::default(), &table, &Mapping::guess(&table.headers)).unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "Row 4, column \"accepted_until\": accepted until 2025-12-31 is before it was accepted (2026-01-01)"
    );
}
