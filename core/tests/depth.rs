//! Continuity depth (SPEC §9.2, §9.5): why a node is late (`waits_for`,
//! `team_wait`), failure scenarios, single points of failure, exercises.

mod common;

use std::num::NonZeroUsize;

use common::*;
use rampart_core::Teams;
use serde_json::{json, Value};

fn node(id: &str, recovery: f64, deps: Value) -> Value {
    json!({"id": id, "name": id, "kind": "system", "recovery": recovery, "depends_on": deps})
}

fn teams(n: usize) -> Teams {
    Teams::Limited(NonZeroUsize::new(n).unwrap())
}

/// (id, waits_for, team_wait) in recovery order.
fn waits(a: &rampart_core::Analysis) -> Vec<(String, Option<String>, f64)> {
    a.recovery.iter().map(|s| (s.id.to_string(), s.waits_for.as_ref().map(|w| w.to_string()), s.team_wait)).collect()
}

fn w(id: &str, on: Option<&str>, team_wait: f64) -> (String, Option<String>, f64) {
    (id.into(), on.map(String::from), team_wait)
}

#[test]
fn each_node_waits_for_the_dependency_that_set_its_start_a_group_for_its_earliest_member() {
    let a = run(json!({"services": [
        node("site", 4.0, json!([])),
        node("isp-a", 2.0, json!([])),
        node("isp-b", 6.0, json!([])),
        node("core", 3.0, json!(["site"])),
        node("edge", 1.0, json!([{"any_of": ["isp-b", "isp-a"]}])),
        node("web", 1.0, json!(["core", "edge"])),
        // Two dependencies done at the same time: the smaller id.
        node("twin-b", 4.0, json!([])),
        node("both", 1.0, json!(["twin-b", "site"])),
    ]}));
    let by_id = |id: &str| waits(&a).into_iter().find(|x| x.0 == id).unwrap();
    assert_eq!(by_id("site"), w("site", None, 0.0), "ready at 0: waits for nothing");
    assert_eq!(by_id("core"), w("core", Some("site"), 0.0));
    assert_eq!(by_id("edge"), w("edge", Some("isp-a"), 0.0), "the group's earliest member");
    assert_eq!(by_id("web"), w("web", Some("core"), 0.0), "core at 7 h, edge at 3 h");
    assert_eq!(by_id("both"), w("both", Some("site"), 0.0), "both at 4 h: the smaller id");
}

#[test]
fn with_teams_a_node_that_is_ready_waits_for_a_team() {
    let a = run_with(
        json!({"services": [
            json!({"id": "a", "name": "a", "recovery": 2.0, "rto": 1.0}),
            json!({"id": "b", "name": "b", "recovery": 3.0, "rto": 2.0}),
            json!({"id": "c", "name": "c", "recovery": 1.0, "rto": 8.0, "depends_on": ["a"]}),
        ]}),
        teams(1),
    );
    assert_eq!(waits(&a), [w("a", None, 0.0), w("b", None, 2.0), w("c", Some("a"), 3.0)]);
    assert_eq!(rampart_core::recovery::why(&a.recovery, "c"), "c 6 h (waited 3 h for a team) ← a 2 h");
    let reason = |a: &rampart_core::Analysis, id: &str| {
        rampart_core::recovery::late_reason(a.recovery.iter().find(|s| s.id.as_str() == id).unwrap())
    };
    assert_eq!(
        reason(&a, "b").as_deref(),
        Some(
            "Its own recovery takes 3 h, longer than its RTO of 2 h: no recovery order can meet it; \
             only a shorter recovery time (or another RTO) can."
        )
    );
    assert_eq!(reason(&a, "c"), None, "waited for a team, but on time");
    assert_eq!(
        rampart_core::recovery::plan_totals(&a.recovery),
        (2, 6.0),
        "a (2 h > 1 h) and b (5 h > 2 h) late; c back at 6 h"
    );
    let json = serde_json::to_value(&a.recovery[2]).unwrap();
    assert_eq!((json["waits_for"].as_str(), json["team_wait"].as_f64()), (Some("a"), Some(3.0)));
    assert_eq!(serde_json::to_value(&a.recovery[0]).unwrap()["waits_for"], Value::Null);
}

#[test]
fn the_banking_examples_late_payments_wait_along_one_chain() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/online-banking.json")).unwrap();
    let r = rampart_core::import(&text).unwrap();
    let a = rampart_core::analyse(&r, &rampart_core::Options { today: today(), teams: Teams::Unlimited });
    let step = |id: &str| a.recovery.iter().find(|s| s.id.as_str() == id).unwrap();
    let mut chain = vec![];
    let mut at = Some(step("payments"));
    while let Some(s) = at {
        chain.push(format!("{} {} h", s.id, s.finish));
        at = s.waits_for.as_ref().map(|w| step(w.as_str()));
    }
    assert_eq!(
        chain.join(" ← "),
        "payments 8.5 h ← payments-api 7.5 h ← core-banking 6.5 h ← database 3.5 h ← dc-primary 1.5 h"
    );
    assert_eq!(
        rampart_core::recovery::why(&a.recovery, "payments"),
        chain.join(" ← "),
        "the same chain, in the engine's words"
    );
}

/// site ← db ← app ← shop; isp-a, isp-b as alternatives for app; a cycle x ↔ y.
fn bia() -> Value {
    json!({"services": [
        node("site", 2.0, json!([])),
        node("db", 3.0, json!(["site"])),
        node("isp-a", 1.0, json!([])),
        node("isp-b", 4.0, json!([])),
        node("app", 1.0, json!(["db", {"any_of": ["isp-a", "isp-b"]}])),
        {"id": "shop", "name": "Shop", "kind": "service", "recovery": 1.0, "rto": 6.0, "depends_on": ["app"]},
        {"id": "mail", "name": "Mail", "kind": "service", "recovery": 1.0, "depends_on": [{"any_of": ["isp-a", "isp-b"]}]},
        node("x", 1.0, json!(["y"])),
        node("y", 1.0, json!(["x"])),
        {"id": "loop-user", "name": "Behind the loop", "kind": "service", "depends_on": ["x"]}
    ], "scenarios": [
        {"id": "lose-isp-a", "name": "ISP A down", "fails": ["isp-a"]},
        {"id": "lose-both", "name": "Both ISPs down", "fails": ["isp-a", "isp-b", "nowhere"]},
        {"id": "lose-site", "name": "Site lost", "fails": ["site"]},
        {"id": "lose-x", "name": "x lost", "fails": ["x"]}
    ]})
}

fn scenario(a: &Run, id: &str) -> rampart_core::Analysis {
    let k = a.register.scenarios.iter().position(|s| s.id.as_str() == id).unwrap();
    a.analysis.under_scenario(&a.register, k, Teams::Unlimited)
}

fn planned(a: &rampart_core::Analysis) -> Vec<(String, f64)> {
    a.recovery.iter().map(|s| (s.id.to_string(), s.finish)).collect()
}

#[test]
fn a_scenario_recovers_only_what_its_losses_affect() {
    let a = run(bia());
    // One alternative lost: nothing else needs recovery.
    assert_eq!(planned(&scenario(&a, "lose-isp-a")), [("isp-a".into(), 1.0)]);
    // Both lost: what needs either of them (a group all lost) follows.
    let both = scenario(&a, "lose-both");
    let ids: Vec<String> = both.recovery.iter().map(|s| s.id.to_string()).collect();
    assert_eq!(ids, ["isp-a", "isp-b", "app", "mail", "shop"]);
    let app = both.recovery.iter().find(|s| s.id.as_str() == "app").unwrap();
    assert_eq!((app.start, app.waits_for.as_ref().map(|w| w.as_str())), (1.0, Some("isp-a")), "db is up: not affected");
    // The site: everything on it, not the ISPs.
    let site: Vec<String> = scenario(&a, "lose-site").recovery.iter().map(|s| s.id.to_string()).collect();
    assert_eq!(site, ["site", "db", "app", "shop"]);
    // A lost cycle member takes the cycle down: blocked, so not scheduled.
    let x = scenario(&a, "lose-x");
    assert!(x.recovery.is_empty());
    let unscheduled: Vec<&str> =
        (a.register.services.iter().zip(&x.slots)).filter(|(_, s)| s.is_none()).map(|(s, _)| s.id.as_str()).collect();
    assert_eq!(unscheduled, ["x", "y", "loop-user"], "the rest is up from the start");
    // An unknown id in fails is REF_UNKNOWN and ignored.
    let unknown = with_code(&a, "REF_UNKNOWN");
    let subjects: Vec<&[String]> = unknown.iter().map(|f| f.subjects.as_slice()).collect();
    assert!(subjects.contains(&&["lose-both".to_string(), "nowhere".to_string()][..]), "{subjects:?}");
    assert!(unknown.iter().any(|f| f.json["field"] == "fails"));
}

#[test]
fn under_a_scenario_only_breaches_come_from_its_plan() {
    let mut members = bia();
    members["services"][5]["rto"] = json!(4.0);
    let a = run(members);
    assert_eq!(with_code(&a, "BIA_RTO_BREACH").len(), 1, "shop at 7 h, RTO 4 h");
    let isp = scenario(&a, "lose-isp-a");
    let codes_of = |x: &rampart_core::Analysis| x.findings.iter().filter(|f| f.code() != "BIA_RTO_BREACH").count();
    assert_eq!(codes_of(&isp), codes_of(&a), "every other finding is the same");
    assert!(isp.findings.iter().all(|f| f.code() != "BIA_RTO_BREACH"), "the shop is not affected");
}

#[test]
fn single_points_take_alternatives_into_account() {
    let a = run(bia());
    let report = serde_json::to_value(rampart_core::report::file_report("f", &a.register, &a.analysis)).unwrap();
    assert_eq!(
        report["single_points"],
        json!([
            {"service": "shop", "nodes": ["app", "db", "site"]}
        ]),
        "mail has two ISPs: no single point; loop-user is behind a cycle: left out"
    );
    let graph = rampart_core::graph::ServiceGraph::build(&a.register.services, &mut Vec::new());
    let left_out = rampart_core::scenario::single_points_left_out(&a.register.services, &graph);
    let ids: Vec<&str> = left_out.iter().map(|&i| a.register.services[i].id.as_str()).collect();
    assert_eq!(ids, ["loop-user"], "services only: the systems on the cycle are not services");
}

#[test]
fn exercises_are_compared_with_the_rto_and_the_plan_and_a_year_without_one_is_noted() {
    let mut members = bia();
    members["exercises"] = json!([
        {"id": "ex-2026", "name": "Site failover", "date": "2026-06-01", "scenario": "lose-site",
         "results": [{"node": "db", "recovered": 5.5}, {"node": "shop", "recovered": 6.5}, {"node": "ghost", "recovered": 1}]},
        {"id": "ex-old", "name": "Old test", "date": "2025-01-10", "results": [{"node": "mail", "recovered": 1}]},
        {"id": "ex-next", "name": "Planned", "date": "2027-01-10", "results": [{"node": "mail", "recovered": 1}]},
        {"id": "ex-bad", "name": "Typo", "date": "2026-07-01", "scenario": "lose-moon",
         "results": [{"node": "db", "recovered": 9}]}
    ]);
    members["services"][1]["rto"] = json!(5.0);
    members["services"][6]["rto"] = json!(8.0);
    let a = run(members);
    let found = |code: &str| -> Vec<(Vec<String>, Value)> {
        with_code(&a, code).into_iter().map(|f| (f.subjects.clone(), f.json.clone())).collect()
    };
    let missed = found("BIA_EXERCISE_RTO_MISSED");
    assert_eq!(missed.len(), 3, "db 5.5 > 5, shop 6.5 > 6, db 9 > 5 in the exercise with a typo");
    assert_eq!(missed[0].0, ["ex-2026", "db"]);
    assert_eq!((missed[0].1["recovered"].as_f64(), missed[0].1["rto"].as_f64()), (Some(5.5), Some(5.0)));
    assert_eq!(with_code(&a, "BIA_EXERCISE_RTO_MISSED")[0].severity, rampart_core::Severity::Warning);
    // Under the site scenario the plan has db at 5 h and shop at 7 h.
    let slower = found("BIA_EXERCISE_SLOWER_THAN_PLAN");
    assert_eq!(slower.len(), 1, "only db is slower than planned; no comparison for the unknown scenario");
    assert_eq!(
        (slower[0].0.clone(), slower[0].1["planned"].as_f64()),
        (vec!["ex-2026".into(), "db".into()], Some(5.0))
    );
    assert_eq!(with_code(&a, "BIA_EXERCISE_SLOWER_THAN_PLAN")[0].severity, rampart_core::Severity::Info);
    // Mail was last exercised more than a year ago (a future exercise does not count).
    let not = found("BIA_NOT_EXERCISED");
    assert_eq!(
        not.iter().map(|(s, j)| (s[0].clone(), j["last"].clone())).collect::<Vec<_>>(),
        [("mail".to_string(), json!("2025-01-10"))]
    );
    assert!(with_code(&a, "BIA_NOT_EXERCISED")[0].message().contains("last on 2025-01-10"));
    // Unknown references: the node and the scenario.
    let refs: Vec<Vec<String>> = with_code(&a, "REF_UNKNOWN").into_iter().map(|f| f.subjects).collect();
    assert!(refs.contains(&vec!["ex-2026".to_string(), "ghost".to_string()]), "{refs:?}");
    assert!(refs.contains(&vec!["ex-bad".to_string(), "lose-moon".to_string()]), "{refs:?}");
}

#[test]
fn a_register_without_exercises_has_no_exercise_findings() {
    let a = run(bia());
    assert!(with_code(&a, "BIA_NOT_EXERCISED").is_empty());
}

#[test]
fn scenario_and_exercise_fields_are_refused_at_their_place_when_wrong() {
    let refused = |extra: Value| {
        let mut doc =
            json!({"format": "rampart-register", "version": 1, "name": "t", "services": [node("a", 1.0, json!([]))]});
        for (k, v) in extra.as_object().unwrap() {
            doc[k] = v.clone();
        }
        rampart_core::import(&doc.to_string()).unwrap_err()
    };
    assert_eq!(
        refused(json!({"scenarios": [{"id": "s", "name": "S", "fails": []}]})).place().path,
        "$.scenarios[0].fails"
    );
    assert_eq!(refused(json!({"scenarios": [{"id": "s", "fails": ["a"]}]})).place().path, "$.scenarios[0]");
    assert_eq!(refused(json!({"exercises": [{"id": "e", "name": "E"}]})).place().path, "$.exercises[0]");
    let e = refused(
        json!({"exercises": [{"id": "e", "name": "E", "date": "2026-01-01", "results": [{"node": "a", "recovered": -1}]}]}),
    );
    assert_eq!(e.place().path, "$.exercises[0].results[0].recovered");
    let e = refused(json!({"scenarios": [{"id": "a", "name": "S", "fails": ["a"]}]}));
    assert_eq!((e.code(), e.place().path.as_str()), ("DUPLICATE_ID", "$.scenarios[0].id"));
}

#[test]
fn under_a_scenario_an_unaffected_node_takes_no_team() {
    // One team: B (RTO 1) needs U, which the scenario leaves up; A (RTO 5) is lost too.
    let members = json!({"services": [
        json!({"id": "A", "name": "A", "recovery": 4.0, "rto": 5.0}),
        json!({"id": "B", "name": "B", "recovery": 1.0, "rto": 1.0, "depends_on": ["U"]}),
        json!({"id": "U", "name": "U", "recovery": 2.0})
    ], "scenarios": [{"id": "s", "name": "S", "fails": ["A", "B"]}]});
    let a = run_with(members, teams(1));
    let under = a.analysis.under_scenario(&a.register, 0, teams(1));
    let plan: Vec<(String, f64, f64)> = under.recovery.iter().map(|s| (s.id.to_string(), s.start, s.finish)).collect();
    assert_eq!(plan, [("B".into(), 0.0, 1.0), ("A".into(), 1.0, 5.0)]);
    assert!(under.findings.iter().all(|f| f.code() != "BIA_RTO_BREACH"));
    assert_eq!(under.recovery[0].team_wait, 0.0);
}

#[test]
fn a_node_given_twice_in_an_exercise_is_found_once_with_its_latest_recovery() {
    let mut members = bia();
    members["services"][1]["rto"] = json!(5.0);
    members["exercises"] = json!([{"id": "ex", "name": "E", "date": "2026-06-01",
        "results": [{"node": "db", "recovered": 6}, {"node": "db", "recovered": 7.5}]}]);
    let a = run(members);
    let missed = with_code(&a, "BIA_EXERCISE_RTO_MISSED");
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].json["recovered"].as_f64(), Some(7.5));
}

#[test]
fn an_exercise_is_set_beside_its_plan_node_by_node_as_its_findings_read_it() {
    use rampart_core::exercise::{planned_against_actual, ExerciseLine};
    let mut members = bia();
    members["services"][1]["rto"] = json!(5.0);
    members["exercises"] = json!([
        {"id": "ex", "name": "Site failover", "date": "2026-06-01", "scenario": "lose-site",
         "results": [{"node": "db", "recovered": 5.5}, {"node": "ghost", "recovered": 1}, {"node": "db", "recovered": 6}]},
        {"id": "ex-bad", "name": "Typo", "date": "2026-07-01", "scenario": "lose-moon",
         "results": [{"node": "shop", "recovered": 9}]}
    ]);
    let a = run(members);
    let db = a.register.services.iter().position(|s| s.id.as_str() == "db").unwrap();
    let shop = a.register.services.iter().position(|s| s.id.as_str() == "shop").unwrap();
    // db once, at its latest; the unknown node left out; the plan under the site scenario.
    assert_eq!(
        planned_against_actual(&a.register, 0),
        [ExerciseLine { node: db, recovered: 6.0, planned: Some(5.0), rto: Some(5.0) }]
    );
    // An unknown scenario: no plan to compare with.
    assert_eq!(
        planned_against_actual(&a.register, 1),
        [ExerciseLine { node: shop, recovered: 9.0, planned: None, rto: Some(6.0) }]
    );
}

#[test]
fn a_late_node_says_whether_its_start_or_its_own_recovery_breaks_its_rto() {
    let reason = |a: &rampart_core::Analysis, id: &str| {
        rampart_core::recovery::late_reason(a.recovery.iter().find(|s| s.id.as_str() == id).unwrap())
    };
    let waits_for_a_dependency = run(json!({"services": [
        node("x", 3.0, json!([])),
        json!({"id": "y", "name": "y", "kind": "system", "recovery": 1.0, "rto": 2.0, "depends_on": ["x"]}),
    ]}));
    assert_eq!(
        reason(&waits_for_a_dependency, "y").as_deref(),
        Some("It starts 3 h into the disruption; its recovery takes 1 h, so it would have to start by 1 h to meet its RTO of 2 h.")
    );
    let waits_for_a_team = run_with(
        json!({"services": [
            json!({"id": "p", "name": "p", "recovery": 2.0, "rto": 2.0}),
            json!({"id": "q", "name": "q", "recovery": 1.0, "rto": 2.0}),
        ]}),
        teams(1),
    );
    assert_eq!(reason(&waits_for_a_team, "p"), None, "back at its RTO exactly");
    // A recovery as long as the RTO (give or take rounding): "at once", never "by 0 h" or "by -0 h".
    let as_long = run(json!({"services": [
        node("x", 0.1, json!([])),
        json!({"id": "y", "name": "y", "kind": "system", "recovery": 0.30000000000000004, "rto": 0.3, "depends_on": ["x"]}),
    ]}));
    assert_eq!(
        reason(&as_long, "y").as_deref(),
        Some("It starts 0.1 h into the disruption; its recovery takes 0.3 h, so it would have to start at once to meet its RTO of 0.3 h.")
    );
    assert_eq!(
        reason(&waits_for_a_team, "q").as_deref(),
        Some(
            "It starts 2 h into the disruption (including 2 h waiting for a team); its recovery takes 1 h, \
             so it would have to start by 1 h to meet its RTO of 2 h."
        )
    );
}
