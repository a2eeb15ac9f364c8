//! Recovery sequencing and continuity findings (SPEC §4, §8 "Dependencies, cycles, scheduling").

mod common;

use std::num::NonZeroUsize;

use common::*;
use rampart_core::{Severity, Teams};
use serde_json::{json, Value};

fn node(id: &str, recovery: f64, rto: Option<f64>, deps: Value) -> Value {
    let mut n = json!({"id": id, "name": id, "recovery": recovery, "depends_on": deps});
    if let Some(r) = rto {
        n["rto"] = json!(r);
    }
    n
}

fn teams(n: usize) -> Teams {
    Teams::Limited(NonZeroUsize::new(n).unwrap())
}

/// (id, start, finish) in recovery order.
fn order(a: &rampart_core::Analysis) -> Vec<(String, f64, f64)> {
    a.recovery.iter().map(|s| (s.id.to_string(), s.start, s.finish)).collect()
}

#[test]
fn unlimited_recovery_starts_when_everything_needed_is_up() {
    let a = run(json!({"services": [
        node("site", 4.0, None, json!([])),
        node("isp-a", 2.0, None, json!([])),
        node("isp-b", 6.0, None, json!([])),
        node("core", 3.0, None, json!(["site"])),
        node("web", 1.0, Some(8.0), json!(["core", {"any_of": ["isp-b", "isp-a"]}])),
    ]}));
    assert_eq!(
        order(&a),
        [
            ("isp-a".into(), 0.0, 2.0),
            ("site".into(), 0.0, 4.0),
            ("isp-b".into(), 0.0, 6.0),
            ("core".into(), 4.0, 7.0),
            ("web".into(), 7.0, 8.0),
        ]
    );
    assert!(with_code(&a, "BIA_RTO_BREACH").is_empty(), "finishing exactly at the RTO is on time");
}

#[test]
fn recovery_order_sorts_by_start_then_finish_then_id() {
    let a = run(json!({"services": [
        node("b", 1.0, None, json!([])),
        node("a", 1.0, None, json!([])),
        node("c", 0.5, None, json!([])),
    ]}));
    let ids: Vec<String> = order(&a).into_iter().map(|s| s.0).collect();
    assert_eq!(ids, ["c", "a", "b"]);
}

#[test]
fn teams_take_the_smallest_rto_then_highest_impact_then_smallest_id() {
    let mut x = node("x", 2.0, Some(10.0), json!([]));
    x["impact"] = json!({"4": 2, "12": 5});
    let mut y = node("y", 2.0, Some(10.0), json!([]));
    y["impact"] = json!({"4": 3, "10": 4});
    let a = run_with(
        json!({"services": [
            node("no-rto", 1.0, None, json!([])),
            x,
            y,
            node("urgent", 2.0, Some(3.0), json!([])),
            node("z", 2.0, Some(10.0), json!([])),
        ]}),
        teams(1),
    );
    let ids: Vec<String> = order(&a).into_iter().map(|s| s.0).collect();
    // urgent (rto 3); then y (impact 4 at rto 10) before x (impact 2 at 10) before z (none).
    assert_eq!(ids, ["urgent", "y", "x", "z", "no-rto"]);
    assert_eq!(order(&a)[4], ("no-rto".into(), 8.0, 9.0));
}

#[test]
fn a_node_without_rto_is_prioritised_by_its_highest_hour_rating() {
    let mut low = node("a-low", 1.0, None, json!([]));
    low["impact"] = json!({"1": 5, "2": 1});
    let mut high = node("b-high", 1.0, None, json!([]));
    high["impact"] = json!({"1": 1, "72": 4});
    let a = run_with(json!({"services": [low, high]}), teams(1));
    assert_eq!(a.recovery[0].id.as_str(), "b-high");
}

#[test]
fn a_zero_length_recovery_takes_a_team_for_an_instant_and_finishes_first() {
    let a = run_with(
        json!({"services": [
            node("switch", 0.0, Some(1.0), json!([])),
            node("app", 2.0, Some(1.0), json!(["switch"])),
            node("other", 5.0, Some(2.0), json!([])),
        ]}),
        teams(1),
    );
    assert_eq!(order(&a), [("switch".into(), 0.0, 0.0), ("app".into(), 0.0, 2.0), ("other".into(), 2.0, 7.0)]);
}

#[test]
fn never_more_recoveries_at_once_than_teams() {
    let services: Vec<Value> = (0..6).map(|i| node(&format!("n{i}"), 3.0, Some(3.0), json!([]))).collect();
    let a = run_with(json!({"services": services}), teams(2));
    let starts: Vec<f64> = a.recovery.iter().map(|s| s.start).collect();
    assert_eq!(starts, [0.0, 0.0, 3.0, 3.0, 6.0, 6.0]);
    let late = with_code(&a, "BIA_RTO_BREACH");
    assert_eq!(late.len(), 4);
    let v = as_json(late.iter().find(|f| f.subjects == ["n5"]).unwrap());
    assert_eq!((v["rto"].as_f64(), v["finish"].as_f64(), v["late_hours"].as_f64()), (Some(3.0), Some(9.0), Some(6.0)));
}

#[test]
fn an_any_of_group_is_met_by_its_first_finished_member_under_teams() {
    let a = run_with(
        json!({"services": [
            node("slow", 5.0, Some(1.0), json!([])),
            node("fast", 1.0, Some(2.0), json!([])),
            node("app", 1.0, Some(3.0), json!([{"any_of": ["slow", "fast"]}])),
        ]}),
        teams(2),
    );
    let app = a.recovery.iter().find(|s| s.id.as_str() == "app").unwrap();
    assert_eq!((app.start, app.finish), (1.0, 2.0));
}

#[test]
fn rto_breach_reports_the_lateness() {
    let a = run(json!({"services": [
        node("db", 6.0, Some(4.0), json!([])),
        node("app", 2.0, Some(4.0), json!(["db"])),
    ]}));
    let f = with_code(&a, "BIA_RTO_BREACH");
    assert_eq!(f.len(), 2);
    let app = as_json(f.iter().find(|f| f.subjects == ["app"]).unwrap());
    assert_eq!(app["late_hours"], 4.0);
    assert_eq!(app["finish"], 8.0);
    assert_eq!(a.recovery.iter().find(|s| s.id.as_str() == "app").unwrap().late, 4.0);
}

#[test]
fn binary_rounding_alone_is_no_breach() {
    let a = run(json!({"services": [
        node("a", 0.1, None, json!([])),
        node("b", 0.2, Some(0.3), json!(["a"])),
    ]}));
    assert!(with_code(&a, "BIA_RTO_BREACH").is_empty());
    assert_eq!(a.recovery[1].late, 0.0);
}

#[test]
fn rto_inversion_compares_direct_dependencies_with_both_rtos() {
    let a = run(json!({"services": [
        node("site", 0.0, Some(48.0), json!([])),
        node("db", 0.0, None, json!(["site"])),
        node("app", 0.0, Some(4.0), json!(["db", "site"])),
    ]}));
    let f = with_code(&a, "BIA_RTO_INVERSION");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["app", "site"]);
    let v = as_json(&f[0]);
    assert_eq!((v["rto"].as_f64(), v["dependency_rto"].as_f64()), (Some(4.0), Some(48.0)));
}

#[test]
fn a_group_inverts_only_when_every_member_has_a_greater_rto() {
    let a = run(json!({"services": [
        node("isp-a", 0.0, Some(8.0), json!([])),
        node("isp-b", 0.0, Some(12.0), json!([])),
        node("isp-c", 0.0, Some(2.0), json!([])),
        node("isp-d", 0.0, None, json!([])),
        node("web", 0.0, Some(4.0), json!([
            {"any_of": ["isp-b", "isp-a"]},
            {"any_of": ["isp-a", "isp-c"]},
            {"any_of": ["isp-a", "isp-d"]},
        ])),
    ]}));
    let f = with_code(&a, "BIA_RTO_INVERSION");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subjects, ["web", "isp-b", "isp-a"], "every member, in listed order");
    assert_eq!(as_json(&f[0])["dependency_rto"], 8.0);
}

#[test]
fn rto_beyond_mtpd_is_reported() {
    let mut n = node("payments", 0.0, Some(24.0), json!([]));
    n["mtpd"] = json!(12);
    let mut ok = node("ok", 0.0, Some(12.0), json!([]));
    ok["mtpd"] = json!(12);
    let a = run(json!({"services": [n, ok]}));
    let f = with_code(&a, "BIA_RTO_EXCEEDS_MTPD");
    assert_eq!(f.len(), 1);
    let v = as_json(&f[0]);
    assert_eq!((v["rto"].as_f64(), v["mtpd"].as_f64()), (Some(24.0), Some(12.0)));
}

#[test]
fn a_cycle_is_one_error_naming_its_nodes_in_byte_order() {
    let a = run(json!({"services": [
        node("c", 1.0, Some(1.0), json!(["a"])),
        node("a", 1.0, Some(1.0), json!(["b"])),
        node("b", 1.0, Some(9.0), json!(["c"])),
        node("self", 1.0, None, json!(["self"])),
        node("fine", 1.0, None, json!([])),
    ]}));
    let f = with_code(&a, "BIA_CYCLE");
    assert_eq!(f.len(), 2);
    let mut subjects: Vec<Vec<String>> = f.iter().map(|f| f.subjects.iter().map(|s| s.to_string()).collect()).collect();
    subjects.sort();
    assert_eq!(subjects, [vec!["a", "b", "c"], vec!["self"]]);
    assert!(f.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(order(&a), [("fine".into(), 0.0, 1.0)]);
    // Inversion still applies on a cycle: a (rto 1) needs b (rto 9).
    assert_eq!(with_code(&a, "BIA_RTO_INVERSION")[0].subjects, ["a", "b"]);
    assert!(with_code(&a, "BIA_RTO_BREACH").is_empty());
}

#[test]
fn a_node_behind_a_cycle_is_not_scheduled_even_through_an_alternative() {
    let a = run(json!({"services": [
        node("x", 1.0, None, json!(["y"])),
        node("y", 1.0, None, json!(["x"])),
        node("healthy", 1.0, None, json!([])),
        node("web", 1.0, None, json!([{"any_of": ["healthy", "x"]}])),
        node("top", 1.0, None, json!(["web"])),
    ]}));
    let ids: Vec<String> = order(&a).into_iter().map(|s| s.0).collect();
    assert_eq!(ids, ["healthy"]);
    assert_eq!(a.slots.iter().filter(|s| s.is_none()).count(), 4);
}

#[test]
fn unknown_dependencies_are_reported_once_per_node_and_ignored() {
    let a = run(json!({
        "risks": [{"id": "R1", "title": "t", "inherent": {"impact": 1, "likelihood": 1}}],
        "services": [
            node("db", 2.0, None, json!([])),
            node("app", 1.0, None, json!(["ghost", "db", "db", {"any_of": ["ghost", "R1"]}, "R1"])),
        ],
    }));
    let f = with_code(&a, "REF_UNKNOWN");
    let refs: Vec<&str> = f.iter().map(|f| f.subjects[1].as_str()).collect();
    assert_eq!(refs, ["ghost", "R1"]);
    assert!(f.iter().all(|f| &*f.subjects[0] == "app" && f.severity == Severity::Error));
    // The group had no known member and is dropped; the repeated db counts once.
    assert_eq!(order(&a)[1], ("app".into(), 2.0, 3.0));
}

#[test]
fn teams_cross_into_a_module_as_a_number_and_back() {
    for t in [Teams::Unlimited, teams(1), teams(8)] {
        assert_eq!(Teams::from_count(t.count()), t);
    }
    assert_eq!(Teams::Unlimited.count(), 0);
    let options = rampart_core::Options::parse("2026-11-30", 3).unwrap();
    assert_eq!((options.today.to_string(), options.teams), ("2026-11-30".to_string(), teams(3)));
    assert!(rampart_core::Options::parse("2026-02-30", 0).is_err());
}

#[test]
fn what_names_a_service_is_what_its_delete_leaves_naming_nothing() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/online-banking.json")).unwrap();
    let full = rampart_core::import(&text).unwrap();
    let options = rampart_core::Options { today: today(), teams: Teams::Unlimited };
    let mut named_by_risks_or_agreements = 0;
    for service in &full.services {
        let id = service.id.as_str();
        let mut naming: Vec<&str> = full.naming_service(id);
        named_by_risks_or_agreements += (naming.iter())
            .filter(|n| {
                full.risks.iter().any(|r| r.id.as_str() == **n) || full.agreements.iter().any(|a| a.id.as_str() == **n)
            })
            .count();
        let mut without = full.clone();
        without.services.retain(|s| s.id.as_str() != id);
        let a = rampart_core::analyse(&without, &options);
        let mut left: Vec<String> = (a.findings.iter())
            .filter(|f| f.code() == "REF_UNKNOWN")
            .map(|f| f.subject_ids(&without))
            .filter(|ids| ids.last() == Some(&id))
            .map(|ids| ids[0].to_string())
            .collect();
        naming.sort_unstable();
        left.sort_unstable();
        left.dedup();
        assert_eq!(naming, left, "{id}");
    }
    assert!(named_by_risks_or_agreements > 0, "the example has risks and agreements naming services");
}
