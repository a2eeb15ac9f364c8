//! The risk lifecycle (SPEC §9.1): opportunities, acceptance that expires or
//! goes out of date, treatment actions. The analysis date is 2026-11-23.

mod common;

use common::*;
use rampart_core::{import, Severity};
use serde_json::json;

/// Residual 4 × 4 = 16 with no controls, above the default appetite of 6.
fn risk(extra: serde_json::Value) -> serde_json::Value {
    let mut r = json!({"id": "R1", "title": "Ransomware", "inherent": {"impact": 4, "likelihood": 4}});
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

fn one(extra: serde_json::Value) -> Run {
    run(json!({"risks": [risk(extra)]}))
}

fn severities(a: &Run, code: &str) -> Vec<Severity> {
    with_code(a, code).iter().map(|f| f.severity).collect()
}

#[test]
fn an_acceptance_is_in_force_until_it_expires_and_while_its_score_covers_the_residual() {
    let accepted = |acceptance: serde_json::Value| one(json!({"acceptance": acceptance}));
    // In force: no expiry and no score, an expiry today or later, a score at least the residual.
    for acceptance in [
        json!({"by": "CRO", "date": "2026-01-01"}),
        json!({"by": "CRO", "date": "2026-01-01", "expires": "2026-11-23"}),
        json!({"by": "CRO", "date": "2026-01-01", "expires": "2027-01-01", "score": 16}),
        json!({"by": "CRO", "date": "2026-01-01", "score": 20}),
    ] {
        let a = accepted(acceptance.clone());
        assert_eq!(severities(&a, "RISK_ABOVE_APPETITE"), [Severity::Info], "{acceptance}");
        assert!(
            with_code(&a, "RISK_ACCEPTANCE_EXPIRED").is_empty() && with_code(&a, "RISK_ACCEPTANCE_OUTDATED").is_empty()
        );
    }

    let expired = accepted(json!({"by": "CRO", "date": "2025-11-01", "expires": "2026-11-22"}));
    assert_eq!(
        severities(&expired, "RISK_ABOVE_APPETITE"),
        [Severity::Warning],
        "an expired acceptance is not in force"
    );
    let f = &with_code(&expired, "RISK_ACCEPTANCE_EXPIRED")[0];
    assert_eq!((f.severity, f.subjects.as_slice()), (Severity::Warning, &["R1".to_string()][..]));
    assert_eq!(f.json["expires"], "2026-11-22");
    assert!(f.message().contains("expired on 2026-11-22"), "{}", f.message());

    let outdated = accepted(json!({"by": "CRO", "date": "2026-01-01", "score": 12}));
    assert_eq!(severities(&outdated, "RISK_ABOVE_APPETITE"), [Severity::Warning]);
    let f = &with_code(&outdated, "RISK_ACCEPTANCE_OUTDATED")[0];
    assert_eq!((f.json["accepted_score"].as_i64(), f.json["residual"].as_i64()), (Some(12), Some(16)));
    assert!(f.message().contains("12 was accepted, but it is now 16"), "{}", f.message());

    let both = accepted(json!({"by": "CRO", "date": "2025-01-01", "expires": "2025-12-31", "score": 9}));
    assert_eq!(codes(&both), ["RISK_ABOVE_APPETITE", "RISK_ACCEPTANCE_EXPIRED", "RISK_ACCEPTANCE_OUTDATED"]);
}

#[test]
fn an_acceptance_no_longer_needed_or_on_a_closed_risk_is_not_a_problem() {
    let stale = json!({"by": "CRO", "date": "2025-01-01", "expires": "2025-12-31", "score": 1});
    // Within appetite: 2 × 2 = 4.
    let within = one(json!({"acceptance": stale, "inherent": {"impact": 2, "likelihood": 2}}));
    assert!(codes(&within).is_empty(), "{:?}", codes(&within));
    let closed = one(json!({"acceptance": stale, "status": "closed"}));
    assert!(codes(&closed).is_empty(), "{:?}", codes(&closed));
}

#[test]
fn an_action_not_done_after_its_due_date_is_overdue_on_a_risk_that_is_not_closed() {
    let actions = json!([
        {"id": "A1", "title": "Offline backups", "due": "2026-11-22", "status": "planned"},
        {"id": "A2", "title": "EDR", "due": "2026-11-22", "status": "in_progress", "owner": "SecOps"},
        {"id": "A3", "title": "Tabletop", "due": "2026-11-01", "status": "done"},
        {"id": "A4", "title": "Due today", "due": "2026-11-23", "status": "planned"},
        {"id": "A5", "title": "No date", "status": "planned"}
    ]);
    let a = one(json!({"actions": actions, "inherent": {"impact": 1, "likelihood": 1}}));
    let overdue = with_code(&a, "RISK_ACTION_OVERDUE");
    let subjects: Vec<&[String]> = overdue.iter().map(|f| f.subjects.as_slice()).collect();
    assert_eq!(subjects, [&["R1".to_string(), "A1".to_string()][..], &["R1".to_string(), "A2".to_string()][..]]);
    assert_eq!((overdue[0].severity, overdue[0].json["due"].as_str()), (Severity::Warning, Some("2026-11-22")));
    assert_eq!(overdue[0].message(), "R1: action A1 was due on 2026-11-22 and is not done");
    let closed = one(json!({"actions": actions, "status": "closed"}));
    assert!(with_code(&closed, "RISK_ACTION_OVERDUE").is_empty());
}

#[test]
fn an_action_names_a_control_of_its_own_risk() {
    let a = run(json!({"risks": [
        risk(json!({"controls": [{"id": "C1", "reduces": "impact", "by": 1, "status": "planned"}],
                    "actions": [{"id": "A1", "title": "Put C1 in", "status": "planned", "control": "C1"},
                                {"id": "A2", "title": "Put C9 in", "status": "planned", "control": "C9"},
                                {"id": "A3", "title": "Put C2 in", "status": "planned", "control": "C2"}]})),
        json!({"id": "R2", "title": "Other", "inherent": {"impact": 1, "likelihood": 1},
               "controls": [{"id": "C2", "reduces": "impact", "by": 1, "status": "planned"}]})
    ]}));
    let unknown = with_code(&a, "REF_UNKNOWN");
    let found: Vec<(&[String], &str)> =
        unknown.iter().map(|f| (f.subjects.as_slice(), f.json["ref"].as_str().unwrap())).collect();
    assert_eq!(
        found,
        [(&["A2".to_string(), "C9".to_string()][..], "C9"), (&["A3".to_string(), "C2".to_string()][..], "C2")],
        "a control of another risk is not this risk's"
    );
    assert_eq!(unknown[0].severity, Severity::Error);
    assert!(unknown[0].message().contains("control names \"C9\", which is not a control of the same risk"));
}

#[test]
fn an_opportunitys_controls_raise_their_axis_up_to_the_top_of_the_scale() {
    let a = one(json!({"kind": "opportunity", "inherent": {"impact": 2, "likelihood": 4},
        "controls": [{"id": "C1", "reduces": "likelihood", "by": 3, "status": "implemented"},
                     {"id": "C2", "reduces": "impact", "by": 1, "status": "planned"}]}));
    let r = a.ratings[0];
    assert_eq!((r.residual.impact, r.residual.likelihood), (2, 5), "4 + 3 is brought down to the top, 5");
    assert_eq!((r.target.impact, r.target.likelihood), (3, 5));
    // An opportunity is never above appetite, and a residual above inherent is its purpose.
    assert!(codes(&a).is_empty(), "{:?}", codes(&a));

    // Beyond the top already: brought down to the top by a control, left as given without one.
    let above = one(json!({"kind": "opportunity", "inherent": {"impact": 7, "likelihood": 1},
        "controls": [{"id": "C1", "reduces": "impact", "by": 1, "status": "implemented"}]}));
    assert_eq!(above.ratings[0].residual.impact, 5);
    assert_eq!(above.ratings[0].inherent.impact, 7);
    assert_eq!(codes(&above), ["SCALE_OUT_OF_RANGE"]);
}

#[test]
fn an_opportunity_misses_its_target_by_falling_short_of_it() {
    let opportunity = |residual: i64| {
        one(json!({"kind": "opportunity", "target_date": "2026-11-01", "inherent": {"impact": 2, "likelihood": 2},
                   "residual": {"impact": residual, "likelihood": 2}, "target": {"impact": 4, "likelihood": 2},
                   "acceptance": {"by": "CFO", "date": "2020-01-01", "expires": "2020-12-31", "score": 1}}))
    };
    let short = opportunity(3);
    let f = &with_code(&short, "RISK_TARGET_MISSED")[0];
    assert_eq!((f.json["residual"].as_i64(), f.json["target"].as_i64()), (Some(6), Some(8)));
    assert!(f.message().contains("is only 6"), "{}", f.message());
    assert_eq!(codes(&short), ["RISK_TARGET_MISSED"], "no acceptance findings on an opportunity");
    assert!(codes(&opportunity(4)).is_empty(), "target reached");
    assert!(codes(&opportunity(5)).is_empty(), "beyond the target");
}

#[test]
fn each_risk_of_the_json_report_says_its_kind() {
    let a = run(json!({"risks": [risk(json!({})), risk(json!({"id": "R2", "kind": "opportunity"}))]}));
    let report = serde_json::to_value(rampart_core::report::file_report("f.json", &a.register, &a.analysis)).unwrap();
    assert_eq!(report["risks"][0]["kind"], "threat");
    assert_eq!(report["risks"][1]["kind"], "opportunity");
}

#[test]
fn the_lifecycle_fields_are_refused_at_their_place_when_wrong() {
    let refused = |r: serde_json::Value| {
        let doc = json!({"format": "rampart-register", "version": 1, "name": "t", "risks": [r]});
        import(&doc.to_string()).unwrap_err()
    };
    let e = refused(risk(json!({"kind": "opportunity", "treatment": "reduce"})));
    assert_eq!(e.place().path, "$.risks[0].treatment");
    assert_eq!(e.detail(), "\"reduce\" is not a treatment of an opportunity; use exploit, enhance, share, accept");
    let e = refused(risk(json!({"treatment": "exploit"})));
    assert_eq!(e.detail(), "\"exploit\" is not a treatment of a threat; use avoid, reduce, transfer, accept");
    let e = refused(risk(json!({"kind": "positive"})));
    assert_eq!(e.place().path, "$.risks[0].kind");
    let e = refused(risk(json!({"actions": [{"id": "A1", "status": "planned"}]})));
    assert!(e.to_string().contains("title"), "{e}");
    assert_eq!(e.place().path, "$.risks[0].actions[0]");
    let e = refused(risk(json!({"actions": [{"id": "A1", "title": "t", "status": "started"}]})));
    assert_eq!(e.place().path, "$.risks[0].actions[0].status");
    let e = refused(risk(json!({"actions": [{"id": "A1", "title": "t", "status": "done", "due": "2026-13-01"}]})));
    assert_eq!(e.place().path, "$.risks[0].actions[0].due");
    let e = refused(risk(json!({"acceptance": {"by": "CRO", "date": "2026-01-01", "score": 12.5}})));
    assert_eq!(e.place().path, "$.risks[0].acceptance.score");
    let e = refused(risk(json!({"acceptance": {"by": "CRO", "date": "2026-01-01", "expires": "soon"}})));
    assert_eq!(e.place().path, "$.risks[0].acceptance.expires");
    let e = refused(risk(json!({"controls": [{"id": "X", "reduces": "impact", "by": 1, "status": "planned"}],
                                "actions": [{"id": "X", "title": "t", "status": "done"}]})));
    assert_eq!((e.code(), e.place().path.as_str()), ("DUPLICATE_ID", "$.risks[0].actions[0].id"));
}

#[test]
fn the_lifecycle_fields_and_unknown_ones_within_them_are_written_back_as_read() {
    let r = risk(json!({"kind": "opportunity", "treatment": "exploit",
        "acceptance": {"by": "CFO", "date": "2026-01-01", "expires": "2027-01-01", "score": 9, "x-ticket": "RISK-7"},
        "actions": [{"id": "A1", "title": "Pilot", "owner": "Sales", "due": "2027-02-01", "status": "in_progress",
                     "control": "C1", "x-cost": 1200}],
        "controls": [{"id": "C1", "reduces": "likelihood", "by": 1, "status": "planned"}]}));
    let doc = json!({"format": "rampart-register", "version": 1, "name": "t", "risks": [r.clone()]});
    let register = import(&doc.to_string()).unwrap();
    let written: serde_json::Value = serde_json::from_str(&rampart_core::import::to_json(&register)).unwrap();
    assert_eq!(written["risks"][0], r);
}

#[test]
fn editing_a_risk_replaces_the_findings_about_its_actions() {
    let mut a = run(json!({"risks": [
        risk(json!({"id": "R0", "inherent": {"impact": 1, "likelihood": 1}})),
        risk(json!({"actions": [{"id": "A1", "title": "t", "status": "planned", "control": "C9", "due": "2026-01-01"}]}))
    ]}));
    let options = rampart_core::Options { today: today(), teams: rampart_core::Teams::Unlimited };
    a.register.risks[1].actions.clear();
    let Run { register, analysis } = &mut a;
    analysis.risk_replaced(register, 1, &options);
    assert_eq!(codes(analysis), ["RISK_ABOVE_APPETITE"]);
    // Removing the risk before shifts the findings of the one after.
    let mut b = run(json!({"risks": [
        risk(json!({"id": "R0", "inherent": {"impact": 1, "likelihood": 1}})),
        risk(json!({"actions": [{"id": "A1", "title": "t", "status": "planned", "control": "C9"}]}))
    ]}));
    b.register.risks.remove(0);
    b.analysis.risk_removed(0);
    let fresh = rampart_core::analyse(&b.register, &options);
    assert_eq!(b.analysis.findings, fresh.findings);
}
