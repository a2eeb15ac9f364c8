use super::*;
use crate::{analyse, import, Teams};

fn register(reviews: serde_json::Value) -> Register {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../../examples/online-banking.json")).unwrap();
    v["reviews"] = reviews;
    import(&v.to_string()).unwrap()
}

fn options(today: &str) -> Options {
    Options { today: Date::parse(today).unwrap(), teams: Teams::Unlimited }
}

#[test]
fn a_decision_not_done_after_its_due_date_is_overdue() {
    let r = register(serde_json::json!([{"id": "MR-1", "date": "2026-01-10", "decisions": [
        {"id": "D-1", "text": "Fund the second site", "due": "2026-03-01", "status": "open"},
        {"id": "D-2", "text": "Renew the DR contract", "due": "2026-03-01", "status": "done"},
        {"id": "D-3", "text": "Test the failover", "due": "2026-03-02", "status": "open"},
        {"id": "D-4", "text": "No date", "status": "open"}
    ]}]));
    let a = analyse(&r, &options("2026-03-02"));
    let overdue: Vec<_> = a.findings.iter().filter(|f| f.code() == "REVIEW_DECISION_OVERDUE").collect();
    assert_eq!(overdue.len(), 1, "due the day before, not done: D-3 is due today, D-2 done, D-4 undated");
    assert_eq!(overdue[0].subject_ids(&r), ["MR-1", "D-1"]);
    assert_eq!(overdue[0].severity(), crate::Severity::Warning);
    assert_eq!(overdue[0].message(&r), "MR-1: decision D-1 was due on 2026-03-01 and is not done");
}

#[test]
fn review_ids_and_decision_ids_are_ids_and_required_fields_are_named() {
    let dup = serde_json::json!([{"id": "MR-1", "date": "2026-01-10", "decisions": [
        {"id": "R-001", "text": "x", "status": "open"}]}]);
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../../examples/online-banking.json")).unwrap();
    let first_risk = v["risks"][0]["id"].as_str().unwrap().to_string();
    let mut dup = dup;
    dup[0]["decisions"][0]["id"] = first_risk.into();
    v["reviews"] = dup;
    let e = import(&v.to_string()).unwrap_err();
    assert!(e.to_string().contains("$.reviews[0].decisions[0].id"), "{e}");
    v["reviews"] = serde_json::json!([{"id": "MR-1", "date": "2026-01-10", "decisions": [{"id": "D-1", "text": "x"}]}]);
    let e = import(&v.to_string()).unwrap_err();
    assert_eq!(e.place().path, "$.reviews[0].decisions[0]", "{e}");
    assert!(e.to_string().contains("status"), "{e}");
    v["reviews"] = serde_json::json!([{"id": "MR-1", "date": "2026-01-10", "decisions": [{"id": "D-1", "text": "x", "status": "closed"}]}]);
    let e = import(&v.to_string()).unwrap_err();
    assert_eq!(e.place().path, "$.reviews[0].decisions[0].status", "{e}");
    v["reviews"] = serde_json::json!([{"id": "MR-1"}]);
    assert!(import(&v.to_string()).unwrap_err().to_string().contains("date"));
}

fn pack_of(r: &Register, today: &str, since: Since) -> String {
    let options = options(today);
    let a = analyse(r, &options);
    let text = crate::import::to_json(r);
    pack(&PackInput { register: r, analysis: &a, options, text: text.as_bytes(), since }).html
}

#[test]
fn the_pack_starts_from_the_previous_review_and_ends_with_this_one() {
    let r = register(serde_json::json!([
        {"id": "MR-1", "date": "2026-01-10", "title": "Q4 review", "attendees": ["CEO", "CRO"],
         "decisions": [{"id": "D-1", "text": "Fund the second site", "owner": "CFO", "due": "2026-03-01", "status": "open"}]},
        {"id": "MR-2", "date": "2026-06-30", "decisions": [{"id": "D-2", "text": "Decided today", "status": "open"}]}
    ]));
    let html = pack_of(&r, "2026-06-30", Since::PreviousReview);
    let previous = &html[html.find("id=\"previous-review\"").unwrap()..html.find("id=\"changes\"").unwrap()];
    assert!(
        previous.contains("Q4 review")
            && previous.contains("Fund the second site")
            && previous.contains("<b>overdue</b>")
    );
    assert!(!previous.contains("Decided today"), "a review on the analysis date is this review, not the previous one");
    let this = &html[html.find("id=\"decisions\"").unwrap()..html.find("id=\"register\"").unwrap()];
    assert!(this.contains("Decided today"));
    assert!(html.contains("Compared with the review of 2026-01-10."));
    let overdue = &html[html.find("id=\"overdue\"").unwrap()..html.find("id=\"opportunities\"").unwrap()];
    assert!(overdue.contains("1 decision)") && overdue.contains("D-1"));
}

#[test]
fn the_same_input_gives_the_same_bytes_and_the_file_is_named_by_its_hash() {
    let r = register(serde_json::json!([]));
    assert_eq!(pack_of(&r, "2026-06-30", Since::PreviousReview), pack_of(&r, "2026-06-30", Since::PreviousReview));
    let html = pack_of(&r, "2026-06-30", Since::PreviousReview);
    assert!(html.contains(&sha256_hex(crate::import::to_json(&r).as_bytes())));
    // The test vector of FIPS 180-2.
    assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=") && !html.contains("href="), "nothing is fetched");
    assert!(html.contains("nothing: no previous review is recorded"));
}

#[test]
fn markup_from_the_file_is_text() {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../../examples/online-banking.json")).unwrap();
    v["name"] = "<script>alert(1)</script>\"; } body { display: none".into();
    v["risks"][0]["title"] = "<img src=x onerror=alert(2)>".into();
    v["reviews"] = serde_json::json!([{"id": "MR-1", "date": "2026-01-10", "notes": "</style><b>x</b>",
        "attendees": ["<i>A</i>"], "decisions": [{"id": "D-1", "text": "<a href=x>y</a>", "status": "open"}]}]);
    let r = import(&v.to_string()).unwrap();
    let html = pack_of(&r, "2026-06-30", Since::PreviousReview);
    for bad in ["<script", "<img", "</style><b>", "<i>A", "<a href"] {
        assert!(!html.contains(bad), "{bad} got through");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    // The running footer names the register in a CSS string that its quotes cannot end.
    let footer = &html[html.find("--pack-footer:\"").unwrap() + 15..];
    let end = footer.find('"').unwrap();
    assert!(footer[end..].starts_with("\";--band-0:#"), "the name's quote is escaped: {footer}");
    assert!(!footer[..end].contains('<'), "{footer}");
}

#[test]
fn changes_since_a_copy_list_new_closed_and_rescored_risks_and_findings() {
    let old = register(serde_json::json!([]));
    let mut v: serde_json::Value = serde_json::from_str(&crate::import::to_json(&old)).unwrap();
    let removed = v["risks"][1]["id"].as_str().unwrap().to_string();
    v["risks"][0]["status"] = "closed".into();
    v["risks"].as_array_mut().unwrap().remove(1);
    let mut added = v["risks"][2].clone();
    added["id"] = "R-NEW".into();
    added["title"] = "A new risk".into();
    v["risks"].as_array_mut().unwrap().push(added);
    v["risks"][2]["inherent"] = serde_json::json!({"impact": 5, "likelihood": 5});
    v["risks"][2]["controls"] = serde_json::json!([]);
    v["risks"][2].as_object_mut().unwrap().remove("residual");
    let new = import(&v.to_string()).unwrap();
    let html = pack_of(&new, "2026-06-30", Since::Copy { label: "the copy sent on 1 May", register: &old });
    let changes = &html[html.find("id=\"changes\"").unwrap()..html.find("id=\"bands\"").unwrap()];
    assert!(changes.contains("Compared with the copy sent on 1 May."));
    assert!(changes.contains("<h3>New risks (1)</h3>") && changes.contains("R-NEW"));
    assert!(changes.contains("<h3>Closed risks (2)</h3>") && changes.contains(&removed), "{changes}");
    let rescored_id = new.risks[2].id.as_str();
    let rescored = &changes[changes.find("Re-scored").unwrap()..changes.find("New findings").unwrap()];
    assert!(rescored.contains(rescored_id), "{rescored}");
    assert!(changes.contains("New findings ("));
}

#[test]
fn changes_since_a_date_come_from_the_dates_the_register_records() {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../../examples/online-banking.json")).unwrap();
    v["risks"][0]["identified"] = "2026-05-01".into();
    v["risks"][1]["identified"] = "2025-05-01".into();
    v["risks"][0]["review_date"] = "2026-05-15".into();
    v["risks"][1]["review_date"] = "2026-03-15".into();
    let r = import(&v.to_string()).unwrap();
    let html = pack_of(&r, "2026-06-30", Since::Date(Date::parse("2026-04-01").unwrap()));
    let changes = &html[html.find("id=\"changes\"").unwrap()..html.find("id=\"bands\"").unwrap()];
    assert!(changes.contains("<h3>New risks (1)</h3>"));
    assert!(changes.contains(r.risks[0].id.as_str()));
    assert!(!changes.contains("Closed risks"), "a file alone cannot say when a risk closed");
    let due = &changes[changes.find("Came due since").unwrap()..];
    assert!(due.contains("review was due on 2026-05-15") && !due.contains("2026-03-15"), "{due}");
}

#[test]
fn long_lists_stop_at_a_hundred_rows_and_say_where_the_rest_are_but_every_risk_is_listed() {
    let size = crate::generate::Size { risks: 1500, services: 50, dependencies: 3, customer_slas: 3, underpinning: 6 };
    let r = crate::generate::register(size, 7);
    let html = pack_of(&r, "2026-11-30", Since::PreviousReview);
    let escalated = &html[html.find("id=\"escalated\"").unwrap()..html.find("id=\"accepted\"").unwrap()];
    let shown = escalated.matches("<tr><td>").count();
    assert_eq!(shown, 100, "the first hundred");
    let total: usize = escalated[escalated.find('(').unwrap() + 1..].split(')').next().unwrap().parse().unwrap();
    assert!(total > 100, "{total}");
    assert!(escalated.contains(&format!("… and {} more (the register below lists every risk).", total - 100)));
    let register = &html[html.find("id=\"register\"").unwrap()..];
    assert_eq!(register.matches("<tr><td>").count(), 1500, "every risk");
}
