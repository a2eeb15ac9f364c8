//! The calendar file read back with an independent RFC 5545 parser (the `ical` crate).

mod common;

use std::collections::BTreeMap;

use common::*;
use rampart_core::ics::{calendar, reminders, Stamp};
use rampart_core::model::Date;
use serde_json::json;

/// An event's properties by name: each value with its parameters.
type Event = BTreeMap<String, (String, Vec<(String, Vec<String>)>)>;

/// Each event's properties, as the parser unfolds and splits them.
fn events(text: &str) -> Vec<Event> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = parser.next().expect("one calendar").expect("it parses");
    assert!(parser.next().is_none(), "one calendar only");
    assert!(cal.properties.iter().any(|p| p.name == "VERSION" && p.value.as_deref() == Some("2.0")));
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
    cal.events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| (p.name.clone(), (p.value.clone().unwrap_or_default(), p.params.clone().unwrap_or_default())))
                .collect()
        })
        .collect()
}

/// RFC 5545 TEXT unescaped (the parser leaves values as written).
fn text(v: &str) -> String {
    v.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

#[test]
fn one_event_per_review_open_action_and_acceptance_expiry_with_stable_ids() {
    let r = register(json!({"risks": [
        {"id": "R1", "title": "Ransomware, again; \"big\"\nline two \\ done", "owner": "CISO", "inherent": {"impact": 4, "likelihood": 4},
         "review_date": "2027-01-15",
         "acceptance": {"by": "Board", "date": "2026-01-01", "expires": "2027-03-31"},
         "actions": [{"id": "R1-A1", "title": "Segment the network", "due": "2026-12-01", "status": "in_progress"},
                     {"id": "R1-A2", "title": "Done already", "due": "2026-10-01", "status": "done"},
                     {"id": "R1-A3", "title": "No date", "status": "planned"}]},
        {"id": "R2", "title": "Closed one", "status": "closed", "inherent": {"impact": 1, "likelihood": 1},
         "review_date": "2027-01-15", "actions": [{"id": "R2-A1", "title": "t", "due": "2027-01-01", "status": "planned"}]},
        {"id": "R3", "title": "Ünïcødé ".repeat(20).trim_end(), "inherent": {"impact": 1, "likelihood": 1}, "review_date": "2026-12-24"}
    ]}));
    let ics = calendar(&r, Stamp { date: today(), minute: 9 * 60 + 30 }).expect("reminders");
    assert!(ics.ends_with("END:VCALENDAR\r\n") && !ics.replace("\r\n", "").contains('\n'), "CRLF line ends only");
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    let found = events(&ics);
    let uids: Vec<&str> = found.iter().map(|e| e["UID"].0.as_str()).collect();
    assert_eq!(
        uids,
        [
            "review-R1@test.rampart",
            "action-R1-A1@test.rampart",
            "action-R1-A2@test.rampart",
            "acceptance-R1@test.rampart",
            "review-R2@test.rampart",
            "action-R2-A1@test.rampart",
            "review-R3@test.rampart"
        ]
    );
    // What is no longer needed (a done action, a closed risk) is cancelled, so a
    // calendar that imported it before drops it.
    let cancelled: Vec<&str> = (found.iter())
        .filter(|e| e.get("STATUS").is_some_and(|s| s.0 == "CANCELLED"))
        .map(|e| e["UID"].0.as_str())
        .collect();
    assert_eq!(cancelled, ["action-R1-A2@test.rampart", "review-R2@test.rampart", "action-R2-A1@test.rampart"]);
    assert_eq!(found[0]["DTSTAMP"].0, "20261123T093000Z");
    let first = &found[0];
    assert_eq!(first["DTSTART"].0, "20270115");
    assert_eq!(first["DTSTART"].1, [("VALUE".to_string(), vec!["DATE".to_string()])]);
    assert_eq!(first["DTEND"].0, "20270116");
    assert_eq!(text(&first["SUMMARY"].0), format!("Review risk R1: {}", r.risks[0].title));
    assert_eq!(text(&found[6]["SUMMARY"].0), format!("Review risk R3: {}", r.risks[2].title), "unfolded whole");
    assert_eq!(text(&found[1]["DESCRIPTION"].0), format!("Treatment action of risk R1: {}.", r.risks[0].title));
    assert_eq!(found[3]["DTSTART"].0, "20270331");
    assert_eq!(reminders(&r).len(), found.len());

    // Exported again later, even the same day: the same events, a newer version of each.
    let seq = |e: &Event| e["SEQUENCE"].0.parse::<i64>().unwrap();
    let minute_later = events(&calendar(&r, Stamp { date: today(), minute: 9 * 60 + 31 }).unwrap());
    assert!(seq(&minute_later[0]) > seq(&found[0]));
    let later = events(&calendar(&r, Stamp::day(Date::parse("2026-12-01").unwrap())).unwrap());
    assert_eq!(later.iter().map(|e| e["UID"].0.as_str()).collect::<Vec<_>>(), uids);
    assert!(seq(&later[0]) > seq(&minute_later[0]));
    assert_eq!(later[0]["DTSTAMP"].0, "20261201T000000Z");
}

#[test]
fn the_example_gives_a_calendar_that_parses() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/online-banking.json")).unwrap();
    let r = rampart_core::import(&text).unwrap();
    let found = events(&calendar(&r, Stamp::day(today())).unwrap());
    assert_eq!(found.len(), reminders(&r).len());
    assert!(found.len() > 24, "reviews, actions and acceptance expiries");
    let mut uids: Vec<&str> = found.iter().map(|e| e["UID"].0.as_str()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), found.len(), "every UID once");
}

#[test]
fn a_register_with_nothing_to_remind_of_has_no_calendar() {
    let r = register(json!({"risks": [{"id": "R1", "title": "t", "inherent": {"impact": 1, "likelihood": 1}}]}));
    assert_eq!(calendar(&r, Stamp::day(today())), None, "RFC 5545 wants at least one event");
}
