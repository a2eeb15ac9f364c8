//! Scoring and risk findings (SPEC §2, §3, §6, §8 "Risks").

mod common;

use common::*;
use rampart_core::Severity;
use serde_json::json;

fn risk(extra: serde_json::Value) -> serde_json::Value {
    let mut r = json!({"id": "R1", "title": "Ransomware", "inherent": {"impact": 4, "likelihood": 4}});
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

#[test]
fn score_is_impact_times_likelihood_with_the_default_bands() {
    let cases = [
        ((1, 3), 3, "Low"),
        ((2, 2), 4, "Moderate"),
        ((2, 4), 8, "High"),
        ((3, 5), 15, "Extreme"),
        ((5, 5), 25, "Extreme"),
    ];
    for ((i, l), score, band) in cases {
        let a = run(json!({"risks": [risk(json!({"inherent": {"impact": i, "likelihood": l}}))]}));
        let rating = a.ratings[0].inherent;
        assert_eq!(rating.score, score);
        assert_eq!(a.scales.band_name(rating.band), Some(band), "{i}x{l}");
        assert_eq!(a.ratings[0].residual, rating, "no controls: the residual is the inherent rating");
    }
}

#[test]
fn band_is_the_greatest_min_not_above_the_score_and_none_below_the_first() {
    let scales = json!({"bands": [{"name": "Green", "min": 1}, {"name": "Red", "min": 10}]});
    let a = run(json!({"scales": scales, "risks": [
        risk(json!({"id": "a", "inherent": {"impact": 3, "likelihood": 3}})),
        risk(json!({"id": "b", "inherent": {"impact": 2, "likelihood": 5}})),
        risk(json!({"id": "c", "inherent": {"impact": 0, "likelihood": 5}})),
    ]}));
    assert_eq!(a.scales.band_name(a.ratings[0].inherent.band), Some("Green"));
    assert_eq!(a.scales.band_name(a.ratings[1].inherent.band), Some("Red"));
    assert_eq!(a.ratings[2].inherent.band, None);
}

#[test]
fn residual_applies_implemented_controls_and_target_applies_all() {
    let a = run(json!({"risks": [risk(json!({"controls": [
        {"id": "C1", "reduces": "likelihood", "by": 2, "status": "implemented"},
        {"id": "C2", "reduces": "impact", "by": 1, "status": "planned"},
        {"id": "C3", "reduces": "likelihood", "by": 1, "status": "implemented"},
    ]}))]}));
    let r = a.ratings[0];
    assert_eq!((r.residual.impact, r.residual.likelihood, r.residual.score), (4, 1, 4));
    assert_eq!((r.target.impact, r.target.likelihood, r.target.score), (3, 1, 3));
}

#[test]
fn a_level_never_drops_below_one() {
    let a = run(json!({"risks": [risk(json!({"inherent": {"impact": 2, "likelihood": 2}, "controls": [
        {"id": "C1", "reduces": "impact", "by": 5, "status": "implemented"},
    ]}))]}));
    assert_eq!(a.ratings[0].residual.impact, 1);
}

#[test]
fn explicit_residual_and_target_override_the_derived_ones() {
    let a = run(json!({"risks": [risk(json!({
        "controls": [{"id": "C1", "reduces": "impact", "by": 1, "status": "implemented"}],
        "residual": {"impact": 2, "likelihood": 2},
        "target": {"impact": 1, "likelihood": 2},
    }))]}));
    assert_eq!(a.ratings[0].residual.score, 4);
    assert_eq!(a.ratings[0].target.score, 2);
}

#[test]
fn derived_target_starts_from_inherent_even_when_residual_is_given() {
    let a = run(json!({"risks": [risk(json!({
        "controls": [{"id": "C1", "reduces": "impact", "by": 1, "status": "planned"}],
        "residual": {"impact": 1, "likelihood": 1},
    }))]}));
    assert_eq!((a.ratings[0].target.impact, a.ratings[0].target.likelihood), (3, 4));
}

#[test]
fn scales_of_different_lengths_rate_and_range_check_each_axis() {
    let scales = json!({"likelihood": ["Low", "High"], "impact": ["A", "B", "C", "D", "E", "F", "G"]});
    let a = run(json!({"scales": scales, "risks": [risk(json!({"inherent": {"impact": 7, "likelihood": 3}}))]}));
    let f = with_code(&a, "SCALE_OUT_OF_RANGE");
    assert_eq!(f.len(), 1);
    let v = as_json(&f[0]);
    assert_eq!((v["axis"].as_str(), v["level"].as_i64(), v["max"].as_i64()), (Some("likelihood"), Some(3), Some(2)));
    assert_eq!(v["where"], "inherent");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(a.ratings[0].inherent.score, 21, "still rated with the given numbers");
}

#[test]
fn every_bad_level_is_its_own_finding_with_its_place() {
    let a = run(json!({"risks": [risk(json!({
        "inherent": {"impact": 6, "likelihood": 0},
        "residual": {"impact": 9, "likelihood": 1},
        "target": {"impact": 1, "likelihood": -1},
        "history": [{"date": "2026-01-01", "impact": 1, "likelihood": 1}, {"impact": 2, "likelihood": 11}],
    }))]}));
    let mut places: Vec<String> = with_code(&a, "SCALE_OUT_OF_RANGE")
        .iter()
        .map(|f| {
            let v = as_json(f);
            format!("{} {}", v["where"].as_str().unwrap(), v["axis"].as_str().unwrap())
        })
        .collect();
    places.sort();
    assert_eq!(
        places,
        ["history[1] likelihood", "inherent impact", "inherent likelihood", "residual impact", "target likelihood"]
    );
}

#[test]
fn service_impact_ratings_outside_the_scale_name_their_hours() {
    let a = run(json!({"services": [{"id": "S", "name": "Payments", "impact": {"4": 2, "24": 6}}]}));
    let f = with_code(&a, "SCALE_OUT_OF_RANGE");
    assert_eq!(f.len(), 1);
    let v = as_json(&f[0]);
    assert_eq!((v["where"].as_str(), v["hours"].as_f64(), v["level"].as_i64()), (Some("impact"), Some(24.0), Some(6)));
    assert_eq!(f[0].subjects, ["S"]);
}

#[test]
fn above_appetite_is_strictly_greater_and_uses_the_category_appetite() {
    let scales = json!({"appetite": 8, "appetite_by_category": {"Information security": 4}});
    let a = run(json!({"scales": scales, "risks": [
        risk(json!({"id": "at", "inherent": {"impact": 2, "likelihood": 4}})),
        risk(json!({"id": "over", "inherent": {"impact": 3, "likelihood": 3}})),
        risk(json!({"id": "infosec", "category": "Information security", "inherent": {"impact": 1, "likelihood": 5}})),
        risk(json!({"id": "case", "category": "information security", "inherent": {"impact": 1, "likelihood": 5}})),
    ]}));
    let f = with_code(&a, "RISK_ABOVE_APPETITE");
    let subjects: Vec<&str> = f.iter().map(|f| f.subjects[0].as_str()).collect();
    assert_eq!(subjects, ["over", "infosec"]);
    assert_eq!(as_json(&f[1])["appetite"], 4);
    assert_eq!(as_json(&f[1])["score"], 5);
}

#[test]
fn default_appetite_is_six() {
    let a = run(json!({"risks": [
        risk(json!({"id": "six", "inherent": {"impact": 2, "likelihood": 3}})),
        risk(json!({"id": "eight", "inherent": {"impact": 2, "likelihood": 4}})),
    ]}));
    let f = with_code(&a, "RISK_ABOVE_APPETITE");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["eight"]);
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn an_accepted_risk_above_appetite_is_information() {
    let a = run(json!({"risks": [risk(json!({"acceptance": {"by": "CRO", "date": "2026-10-01"}}))]}));
    let f = with_code(&a, "RISK_ABOVE_APPETITE");
    assert_eq!(f[0].severity, Severity::Info);
    assert!(f[0].message().contains("formally accepted"), "{}", f[0].message());
}

#[test]
fn review_is_overdue_only_before_today() {
    let a = run(json!({"risks": [
        risk(json!({"id": "yesterday", "review_date": "2026-11-22"})),
        risk(json!({"id": "today", "review_date": "2026-11-23"})),
    ]}));
    let f = with_code(&a, "RISK_REVIEW_OVERDUE");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["yesterday"]);
    assert_eq!(as_json(&f[0])["review_date"], "2026-11-22");
}

#[test]
fn target_missed_needs_a_passed_date_and_a_residual_above_target() {
    let controls = json!([{"id": "C", "reduces": "likelihood", "by": 2, "status": "planned"}]);
    let a = run(json!({"risks": [
        risk(json!({"id": "missed", "target_date": "2026-06-30", "controls": controls.clone()})),
        risk(json!({"id": "not-yet", "target_date": "2026-11-23", "controls": [
            {"id": "C2", "reduces": "likelihood", "by": 2, "status": "planned"}]})),
        risk(json!({"id": "met", "target_date": "2026-06-30", "controls": [
            {"id": "C3", "reduces": "likelihood", "by": 2, "status": "implemented"}]})),
    ]}));
    let f = with_code(&a, "RISK_TARGET_MISSED");
    assert_eq!(f.len(), 1);
    let v = as_json(&f[0]);
    assert_eq!((v["residual"].as_i64(), v["target"].as_i64()), (Some(16), Some(8)));
    assert_eq!(v["target_date"], "2026-06-30");
}

#[test]
fn residual_above_inherent_compares_scores() {
    let a = run(json!({"risks": [
        risk(json!({"id": "up", "residual": {"impact": 5, "likelihood": 4}})),
        risk(json!({"id": "same-score", "residual": {"impact": 2, "likelihood": 8}})),
    ]}));
    let f = with_code(&a, "RISK_RESIDUAL_ABOVE_INHERENT");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["up"]);
    assert_eq!((as_json(&f[0])["residual"].as_i64(), as_json(&f[0])["inherent"].as_i64()), (Some(20), Some(16)));
}

#[test]
fn a_closed_risk_is_rated_and_range_checked_but_not_chased() {
    let a = run(json!({"risks": [risk(json!({
        "status": "closed", "review_date": "2020-01-01", "target_date": "2020-01-01",
        "controls": [{"id": "C", "reduces": "impact", "by": 1, "status": "planned"}],
        "residual": {"impact": 5, "likelihood": 9},
    }))]}));
    assert_eq!(codes(&a), ["RISK_RESIDUAL_ABOVE_INHERENT", "SCALE_OUT_OF_RANGE"]);
    assert_eq!(a.ratings[0].residual.score, 45);
}

#[test]
fn risk_service_references_must_name_services() {
    let a = run(json!({
        "services": [{"id": "S", "name": "Payments"}],
        "risks": [risk(json!({"services": ["S", "R1", "nope", "nope"]}))],
    }));
    let f = with_code(&a, "REF_UNKNOWN");
    let refs: Vec<&str> = f.iter().map(|f| f.subjects[1].as_str()).collect();
    assert_eq!(refs, ["R1", "nope"], "one per distinct id; a risk id is not a service");
    assert_eq!(as_json(&f[0])["ref"], "R1");
    assert_eq!(as_json(&f[0])["field"], "services");
    assert_eq!(&*f[0].subjects[0], "R1");
}

#[test]
fn an_id_that_could_reorder_a_message_is_fenced_in_and_a_plain_one_is_not() {
    let a = run(json!({"risks": [risk(json!({"id": "R\u{202e}1"})), risk(json!({"id": "R2"}))]}));
    let f = with_code(&a, "RISK_ABOVE_APPETITE");
    assert!(f[0].message().starts_with("\u{2068}R\u{202e}1\u{2069}: residual score 16"), "{}", f[0].message());
    assert!(f[1].message().starts_with("R2: residual score 16"), "{}", f[1].message());
    assert_eq!(f[0].subjects, ["R\u{202e}1"], "the subjects are the ids as written");
}

#[test]
fn a_fractional_appetite_and_band_min_divide_whole_scores_and_a_negative_appetite_is_refused() {
    // SPEC §8: appetite 6.5: a score of 7 is above it, 6 is not; a band with min 4.5 starts at 5.
    let scales = json!({
        "appetite": 6.5,
        "appetite_by_category": {"Fraud": 4.5},
        "bands": [{"name": "Low", "min": 1}, {"name": "Raised", "min": 4.5}]
    });
    let a = run(json!({"scales": scales, "risks": [
        risk(json!({"id": "six", "inherent": {"impact": 3, "likelihood": 2}})),
        risk(json!({"id": "seven", "inherent": {"impact": 7, "likelihood": 1}})),
        risk(json!({"id": "four", "inherent": {"impact": 2, "likelihood": 2}})),
        risk(json!({"id": "fraud-five", "category": "Fraud", "inherent": {"impact": 5, "likelihood": 1}})),
    ]}));
    let above: Vec<Vec<String>> = with_code(&a, "RISK_ABOVE_APPETITE").into_iter().map(|f| f.subjects).collect();
    assert_eq!(above, [vec!["seven".to_string()], vec!["fraud-five".to_string()]]);
    let f = &with_code(&a, "RISK_ABOVE_APPETITE")[0];
    assert_eq!(f.json["appetite"], json!(6.5));
    assert!(f.message().contains("above the appetite of 6.5"), "{}", f.message());
    let band = |k: usize| a.scales.band_name(a.ratings[k].inherent.band);
    assert_eq!((band(2), band(0)), (Some("Low"), Some("Raised")), "4 is below 4.5; 6 is above it");
    // Whole thresholds are still written whole.
    let whole = run(json!({"scales": {"appetite": 8}, "risks": [risk(json!({}))]}));
    let text = rampart_core::import::to_json(&whole.register);
    assert!(text.contains("\"appetite\": 8\n") || text.contains("\"appetite\": 8,"), "{text}");
    let refused = rampart_core::import(
        &json!({"format": "rampart-register", "version": 1, "name": "x", "scales": {"appetite": -1}}).to_string(),
    )
    .unwrap_err();
    assert_eq!(refused.place().path, "$.scales.appetite");
    assert!(refused.to_string().contains("must not be negative"), "{refused}");
}
