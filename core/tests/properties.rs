//! Property tests: invariants that must hold for any register.

mod common;

use std::num::NonZeroUsize;

use common::today;
use proptest::prelude::*;
use rampart_core::calendar::{worst_lateness, worst_lateness_brute_force, Calendar};
use rampart_core::graph::ServiceGraph;
use rampart_core::import::to_json;
use rampart_core::model::{
    Axis, ClockTime, ControlStatus, Extras, Id, NodeKind, Risk, RiskKind, RiskStatus, Scenario, SupportHours, Weekday,
    WeeklyHours,
};
use rampart_core::recovery::Slot;
use rampart_core::scenario::{affected, single_points};
use rampart_core::{analyse, import, Analysis, Options, Register, Severity, Teams};
use serde_json::{json, Value};

const EPS: f64 = 1e-9;

/// A dependency entry: a plain id or an `any_of` group. Indices ≥ the node count
/// name nothing (unknown references).
fn dependency(n: usize) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0..n + 2).prop_map(|i| json!(format!("n{i}"))),
        1 => prop::collection::vec(0..n + 2, 1..4)
            .prop_map(|m| json!({"any_of": m.iter().map(|i| format!("n{i}")).collect::<Vec<_>>()})),
    ]
}

fn service(n: usize, i: usize, acyclic: bool) -> impl Strategy<Value = Value> {
    let deps = if acyclic {
        // Only lower-numbered nodes: no cycles.
        prop::collection::vec((0..i.max(1)).prop_map(|d| json!(format!("n{d}"))), 0..(i.min(3) + 1)).boxed()
    } else {
        prop::collection::vec(dependency(n), 0..4).boxed()
    };
    (
        prop::sample::select(vec![0.0, 0.5, 1.0, 2.0, 3.25, 7.0]),
        prop::option::of(prop::sample::select(vec![0.0, 1.0, 2.5, 4.0, 8.0])),
        prop::option::of(prop::collection::btree_map(0u32..50, 1i64..6, 0..3)),
        deps,
        prop::option::of(prop::sample::select(vec![90.0, 99.0, 99.95, 100.0])),
    )
        .prop_map(move |(recovery, rto, impact, deps, availability)| {
            let deps: Vec<Value> = if acyclic && i == 0 { vec![] } else { deps };
            let mut s =
                json!({"id": format!("n{i}"), "name": format!("Node {i}"), "recovery": recovery, "depends_on": deps});
            if let Some(r) = rto {
                s["rto"] = json!(r);
            }
            if let Some(a) = availability {
                s["availability"] = json!(a);
            }
            if let Some(m) = impact {
                s["impact"] =
                    json!(m.into_iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>());
            }
            s
        })
}

fn services(acyclic: bool) -> impl Strategy<Value = Vec<Value>> {
    (1usize..14).prop_flat_map(move |n| (0..n).map(|i| service(n, i, acyclic)).collect::<Vec<_>>())
}

fn risk(i: usize) -> impl Strategy<Value = Value> {
    let control = (0..2usize, 1i64..4, any::<bool>());
    let services = prop::collection::vec((0usize..6).prop_map(|s| format!("n{s}")), 0..3);
    // Expires: some day of 2026 (the analysis date is 2026-11-23); a score 1 to 25.
    let acceptance = prop::option::of((prop::option::of(1u32..13), prop::option::of(1i64..26)));
    // Due: a month of 2026; the control named: one of the risk's (maybe absent).
    let action = (prop::option::of(1u32..13), 0..3usize, prop::option::of(0usize..5));
    (
        (1i64..8, 1i64..8),
        prop::collection::vec(control, 0..4),
        prop::option::of((1i64..6, 1i64..6)),
        (any::<bool>(), any::<bool>()),
        services,
        acceptance,
        prop::collection::vec(action, 0..3),
    )
        .prop_map(move |((imp, lik), controls, residual, (closed, opportunity), services, acceptance, actions)| {
            let controls: Vec<Value> = controls
                .iter()
                .enumerate()
                .map(|(k, (axis, by, done))| {
                    let axis = ["impact", "likelihood"][*axis];
                    json!({"id": format!("r{i}c{k}"), "reduces": axis, "by": by,
                           "status": if *done { "implemented" } else { "planned" }})
                })
                .collect();
            let actions: Vec<Value> = actions
                .iter()
                .enumerate()
                .map(|(k, (due, status, control))| {
                    let status = ["planned", "in_progress", "done"][*status];
                    let mut a = json!({"id": format!("r{i}a{k}"), "title": "a", "status": status});
                    if let Some(m) = due {
                        a["due"] = json!(format!("2026-{m:02}-15"));
                    }
                    if let Some(c) = control {
                        a["control"] = json!(format!("r{i}c{c}"));
                    }
                    a
                })
                .collect();
            let mut r = json!({"id": format!("r{i}"), "title": "t", "inherent": {"impact": imp, "likelihood": lik},
                               "controls": controls, "x-extra": {"kept": i}, "review_date": "2026-01-01",
                               "services": services, "actions": actions});
            if let Some((a, b)) = residual {
                r["residual"] = json!({"impact": a, "likelihood": b});
            }
            if closed {
                r["status"] = json!("closed");
            }
            if opportunity {
                r["kind"] = json!("opportunity");
            }
            if let Some((expires, score)) = acceptance {
                r["acceptance"] = json!({"by": "CRO", "date": "2025-06-01"});
                if let Some(m) = expires {
                    r["acceptance"]["expires"] = json!(format!("2026-{m:02}-28"));
                }
                if let Some(s) = score {
                    r["acceptance"]["score"] = json!(s);
                }
            }
            r
        })
}

fn calendar() -> impl Strategy<Value = Calendar> {
    prop_oneof![
        1 => Just(Calendar::always()),
        4 => (prop::collection::vec(0usize..7, 1..8), 0u16..1440, 1u16..1441).prop_filter_map("from < to", |(days, a, b)| {
            let (from, to) = (a.min(b), a.max(b));
            (from < to).then(|| {
                Calendar::from_hours(&SupportHours::Weekly(WeeklyHours {
                    days: days.into_iter().map(|d| Weekday::ALL[d]).collect(),
                    from: ClockTime::from_minutes(from).unwrap(),
                    to: ClockTime::from_minutes(to).unwrap(),
                    extra: Extras::default(),
                }))
            })
        }),
    ]
}

fn register_of(services: Vec<Value>, risks: Vec<Value>) -> Register {
    let doc = json!({"format": "rampart-register", "version": 1, "name": "prop", "services": services, "risks": risks});
    import(&doc.to_string()).expect("generated registers are valid")
}

fn analyse_with(r: &Register, teams: Teams) -> Vec<Option<Slot>> {
    analyse(r, &Options { today: today(), teams }).slots
}

fn teams(n: usize) -> Teams {
    Teams::Limited(NonZeroUsize::new(n).unwrap())
}

/// Every finding as its JSON report (ids, not positions), sorted: findings come in no required order.
fn reports(r: &Register, a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a.findings.iter().map(|f| serde_json::to_string(&f.report(r)).unwrap()).collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rescheduling_with_other_teams_gives_the_full_analysis(svcs in services(false), before in 0usize..4, after in 0usize..4) {
        let r = register_of(svcs, vec![]);
        let teams_of = |n: usize| if n == 0 { Teams::Unlimited } else { teams(n) };
        let a = analyse(&r, &Options { today: today(), teams: teams_of(before) });
        let full = analyse(&r, &Options { today: today(), teams: teams_of(after) });
        let again = a.rescheduled(&r, teams_of(after));
        prop_assert_eq!(&again.slots, &full.slots);
        prop_assert_eq!(&again.recovery, &full.recovery);
        prop_assert_eq!(reports(&r, &again), reports(&r, &full));
    }

    #[test]
    fn a_nodes_own_findings_are_the_full_analysis_findings_that_name_it(svcs in services(false), pick in any::<prop::sample::Index>()) {
        let r = register_of(svcs, vec![]);
        let i = pick.index(r.services.len());
        let full = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
        let named = |f: &&rampart_core::Finding| f.subjects.contains(&rampart_core::findings::Subject::service(i))
            && (f.code().starts_with("BIA_") || f.code() == "REF_UNKNOWN");
        let mut expected: Vec<String> = full.findings.iter().filter(named)
            .map(|f| serde_json::to_string(&f.report(&r)).unwrap()).collect();
        let mut own: Vec<String> = rampart_core::service_findings(&r.services, i).iter()
            .map(|f| serde_json::to_string(&f.report(&r)).unwrap()).collect();
        expected.sort();
        own.sort();
        prop_assert_eq!(own, expected);
    }

    #[test]
    fn the_availability_breakdown_multiplies_to_the_composed_figure(svcs in services(false)) {
        let r = register_of(svcs, vec![]);
        let a = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
        let graph = rampart_core::graph::ServiceGraph::build(&r.services, &mut Vec::new());
        for i in 0..r.services.len() {
            let breakdown = rampart_core::sla::availability_breakdown(&graph, &a.alignment, i);
            match (breakdown, a.alignment.composed_availability[i]) {
                (Some(factors), Some(composed)) => {
                    let product = factors.iter().map(|f| f.availability() / 100.0).product::<f64>() * 100.0;
                    prop_assert!((product - composed).abs() < 1e-9, "{} vs {}", product, composed);
                }
                (None, None) => {}
                (b, c) => prop_assert!(false, "breakdown {:?} but composed {:?}", b, c),
            }
        }
    }

    #[test]
    fn editing_risks_one_at_a_time_gives_the_full_analysis(
        svcs in services(false),
        risks in (0usize..6).prop_flat_map(|n| (0..n).map(risk).collect::<Vec<_>>()),
        edits in prop::collection::vec((0usize..3, 0usize..8, (50usize..60).prop_flat_map(risk)), 1..8),
    ) {
        let mut r = register_of(svcs, risks);
        let options = Options { today: today(), teams: Teams::Unlimited };
        let mut a = analyse(&r, &options);
        for (op, at, new) in edits {
            let new: Risk = serde_json::from_value(new).unwrap();
            let n = r.risks.len();
            match op {
                0 if n > 0 => {
                    r.risks[at % n] = new;
                    a.risk_replaced(&r, at % n, &options);
                }
                2 if n > 0 => {
                    r.risks.remove(at % n);
                    a.risk_removed(at % n);
                }
                _ => {
                    r.risks.insert(at % (n + 1), new);
                    a.risk_inserted(&r, at % (n + 1), &options);
                }
            }
            let full = analyse(&r, &options);
            prop_assert_eq!(&a.ratings, &full.ratings);
            prop_assert_eq!(reports(&r, &a), reports(&r, &full));
        }
    }

    #[test]
    fn export_then_import_gives_the_same_register(
        svcs in services(false),
        risks in (0usize..6).prop_flat_map(|n| (0..n).map(risk).collect::<Vec<_>>()),
    ) {
        let r = register_of(svcs, risks);
        let back = import(&to_json(&r)).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn derived_ratings_of_a_threat_stay_within_the_inherent_rating_and_never_below_one(
        risks in (1usize..6).prop_flat_map(|n| (0..n).map(risk).collect::<Vec<_>>()),
    ) {
        let r = register_of(vec![], risks);
        let a = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
        for (risk, rating) in r.risks.iter().zip(&a.ratings).filter(|(risk, _)| risk.kind() == RiskKind::Threat) {
            prop_assert_eq!(rating.inherent.score, rating.inherent.impact * rating.inherent.likelihood);
            let derived = if risk.residual.is_none() { vec![rating.residual, rating.target] } else { vec![rating.target] };
            for d in derived {
                prop_assert!(d.impact >= 1 && d.likelihood >= 1);
                prop_assert!(d.impact <= rating.inherent.impact && d.likelihood <= rating.inherent.likelihood);
                prop_assert!(d.score >= 1 && d.score <= rating.inherent.score);
            }
            prop_assert!(rating.target.score <= rating.inherent.score);
        }
    }

    #[test]
    fn a_score_falls_in_the_last_band_whose_min_it_reaches(
        levels in (2usize..=10, 2usize..=10),
        steps in prop::collection::vec(1u32..=40, 0..6),
        score in -3i64..=130,
    ) {
        // Band mins strictly ascending from 1, some fractional (steps of quarters).
        let mut mins = vec![1.0];
        for step in steps {
            mins.push(mins[mins.len() - 1] + f64::from(step) / 4.0);
        }
        let scales: rampart_core::model::Scales = serde_json::from_value(json!({
            "likelihood": (0..levels.0).map(|k| format!("L{k}")).collect::<Vec<_>>(),
            "impact": (0..levels.1).map(|k| format!("I{k}")).collect::<Vec<_>>(),
            "bands": mins.iter().enumerate().map(|(k, min)| json!({"name": format!("B{k}"), "min": min})).collect::<Vec<_>>(),
        })).unwrap();
        let set = rampart_core::scoring::ScaleSet::from_register(Some(&scales));
        let expected = mins.iter().rposition(|&min| score as f64 >= min).map(|k| k as u32);
        prop_assert_eq!(set.band_of(score), expected);
    }

    #[test]
    fn an_opportunitys_controls_never_take_a_level_beyond_the_scale_nor_below_where_it_was(
        risks in (1usize..6).prop_flat_map(|n| (0..n).map(risk).collect::<Vec<_>>()),
    ) {
        let r = register_of(vec![], risks);
        let a = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
        let top = 5; // the default scales
        for (risk, rating) in r.risks.iter().zip(&a.ratings).filter(|(risk, _)| risk.kind() == RiskKind::Opportunity) {
            let (impact, likelihood) = (risk.inherent.impact.0, risk.inherent.likelihood.0);
            let raised = |axis: Axis, all: bool| {
                risk.controls.iter().any(|c| c.reduces == axis && (all || c.status == ControlStatus::Implemented))
            };
            let mut derived = vec![(rating.target, true)];
            if risk.residual.is_none() {
                derived.push((rating.residual, false));
            }
            for (d, all) in derived {
                for (level, given, axis) in [(d.impact, impact, Axis::Impact), (d.likelihood, likelihood, Axis::Likelihood)] {
                    if raised(axis, all) {
                        prop_assert!(level <= top, "{} above the top of the scale", level);
                        prop_assert!(level >= given.min(top));
                    } else {
                        prop_assert_eq!(level, given, "an axis no control raises stays as given");
                    }
                }
            }
        }
    }

    #[test]
    fn an_acceptance_in_force_never_leaves_a_warning_about_appetite(
        risks in (1usize..6).prop_flat_map(|n| (0..n).map(risk).collect::<Vec<_>>()),
    ) {
        let r = register_of(vec![], risks);
        let a = analyse(&r, &Options { today: today(), teams: Teams::Unlimited });
        for (i, (risk, rating)) in r.risks.iter().zip(&a.ratings).enumerate() {
            let in_force = risk.acceptance.as_ref().is_some_and(|acc| {
                acc.expires.is_none_or(|e| e >= today()) && acc.score.is_none_or(|s| s.0 >= rating.residual.score)
            });
            let about = |code: &'static str| a.findings.iter().filter(move |f| f.code() == code && f.is_about_risk(i));
            if in_force {
                prop_assert!(about("RISK_ABOVE_APPETITE").all(|f| f.severity() == Severity::Info));
                prop_assert_eq!(about("RISK_ACCEPTANCE_EXPIRED").count() + about("RISK_ACCEPTANCE_OUTDATED").count(), 0);
            }
            if risk.kind() == RiskKind::Opportunity || risk.status() == RiskStatus::Closed {
                prop_assert_eq!(about("RISK_ABOVE_APPETITE").count(), 0);
            }
        }
    }

    #[test]
    fn a_scenarios_affected_nodes_are_the_least_fixpoint_of_its_rules(
        svcs in services(false),
        fails in prop::collection::vec(0usize..14, 1..4),
    ) {
        let r = register_of(svcs, vec![]);
        let graph = ServiceGraph::build(&r.services, &mut Vec::new());
        let n = r.services.len();
        let fails: Vec<usize> = fails.into_iter().map(|f| f % n).collect();
        // Naively: apply the rules until nothing changes.
        let mut naive = vec![false; n];
        for &f in &fails {
            naive[f] = true;
        }
        loop {
            let mut changed = false;
            for i in 0..n {
                let hit = graph.all_of(i).iter().any(|&d| naive[d])
                    || graph.any_of(i).any(|members| members.iter().all(|&m| naive[m]));
                if hit && !naive[i] {
                    naive[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        prop_assert_eq!(affected(&graph, fails), naive);
    }

    #[test]
    fn the_scenario_everything_fails_is_the_plan_itself(svcs in services(false), n in 0usize..4) {
        let mut r = register_of(svcs, vec![]);
        let everything: Vec<String> = r.services.iter().map(|s| s.id.to_string()).collect();
        r.scenarios.push(Scenario { id: Id::new("all").unwrap(), name: "All".into(), fails: everything, extra: Extras::default() });
        let options = Options { today: today(), teams: if n == 0 { Teams::Unlimited } else { teams(n) } };
        let a = analyse(&r, &options);
        let under = a.under_scenario(&r, 0, options.teams);
        prop_assert_eq!(&under.recovery, &a.recovery);
        prop_assert_eq!(reports(&r, &under), reports(&r, &a));
    }

    #[test]
    fn a_scenario_plans_its_affected_nodes_as_if_they_were_the_whole_bia(
        svcs in services(true),
        fails in prop::collection::vec(0usize..14, 1..3),
        n in 0usize..3,
    ) {
        let mut r = register_of(svcs, vec![]);
        let count = r.services.len();
        let fails: Vec<String> = fails.into_iter().map(|f| r.services[f % count].id.to_string()).collect();
        r.scenarios.push(Scenario { id: Id::new("s").unwrap(), name: "S".into(), fails, extra: Extras::default() });
        let teams = if n == 0 { Teams::Unlimited } else { teams(n) };
        let a = analyse(&r, &Options { today: today(), teams });
        let under = a.under_scenario(&r, 0, teams);
        // The same BIA with only the affected nodes, and what they need of the rest taken as up.
        let graph = ServiceGraph::build(&r.services, &mut Vec::new());
        let nodes: Vec<usize> = r.scenarios[0].fails.iter().filter_map(|id| graph.get(id)).collect();
        let hit = affected(&graph, nodes);
        let keep = |id: &str| graph.get(id).is_some_and(|i| hit[i]);
        let mut alone = r.clone();
        alone.scenarios.clear();
        alone.services.retain(|s| keep(&s.id));
        for s in &mut alone.services {
            s.depends_on.retain(|d| match d {
                rampart_core::model::Dependency::On(id) => keep(id),
                rampart_core::model::Dependency::AnyOf(g) => g.any_of.iter().all(|m| keep(m)),
            });
        }
        let reference = analyse(&alone, &Options { today: today(), teams });
        let plan = |a: &Analysis| a.recovery.iter().map(|s| (s.id.to_string(), s.start, s.finish)).collect::<Vec<_>>();
        prop_assert_eq!(plan(&under), plan(&reference));
    }

    #[test]
    fn a_single_point_is_exactly_a_node_whose_loss_alone_affects_its_service(svcs in services(false)) {
        let mut r = register_of(svcs, vec![]);
        for (k, s) in r.services.iter_mut().enumerate() {
            s.kind = Some(if k % 2 == 0 { NodeKind::Service } else { NodeKind::System });
        }
        let graph = ServiceGraph::build(&r.services, &mut Vec::new());
        let points = single_points(&r.services, &graph);
        for s in 0..r.services.len() {
            if graph.blocked[s] || r.services[s].kind != Some(NodeKind::Service) {
                prop_assert!(points.iter().all(|(x, _)| *x != s));
                continue;
            }
            let listed: Vec<usize> = points.iter().find(|(x, _)| *x == s).map(|(_, n)| n.clone()).unwrap_or_default();
            for node in (0..r.services.len()).filter(|&x| x != s) {
                prop_assert_eq!(listed.contains(&node), affected(&graph, [node])[s], "node {} for service {}", node, s);
            }
        }
    }

    #[test]
    fn every_schedule_respects_every_dependency(svcs in services(false), n in 1usize..4, limited in any::<bool>()) {
        let r = register_of(svcs, vec![]);
        let t = if limited { teams(n) } else { Teams::Unlimited };
        let slots = analyse_with(&r, t);
        let index = |id: &str| r.services.iter().position(|s| s.id.as_str() == id);
        for (i, s) in r.services.iter().enumerate() {
            let Some(slot) = slots[i] else { continue };
            prop_assert!((slot.finish - slot.start - s.recovery_hours()).abs() < EPS);
            for d in &s.depends_on {
                match d {
                    rampart_core::model::Dependency::On(id) => {
                        if let Some(j) = index(id) {
                            let dep = slots[j].expect("a scheduled node's dependencies are scheduled");
                            prop_assert!(slot.start >= dep.finish - EPS, "{} starts before {} finishes", s.id, id);
                        }
                    }
                    rampart_core::model::Dependency::AnyOf(g) => {
                        let first = g.any_of.iter().filter_map(|id| index(id)).filter_map(|j| slots[j]).map(|s| s.finish).fold(f64::INFINITY, f64::min);
                        if first.is_finite() {
                            prop_assert!(slot.start >= first - EPS);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn never_more_recoveries_at_once_than_teams(svcs in services(true), n in 1usize..4) {
        let r = register_of(svcs, vec![]);
        let slots: Vec<Slot> = analyse_with(&r, teams(n)).into_iter().flatten().collect();
        prop_assert_eq!(slots.len(), r.services.len(), "an acyclic BIA is fully scheduled");
        for probe in slots.iter().map(|s| s.start) {
            // Recoveries of positive length running at this instant.
            let running = slots.iter().filter(|s| s.start <= probe + EPS && s.finish > probe + EPS).count();
            prop_assert!(running <= n, "{running} recoveries at {probe} with {n} teams");
        }
    }

    #[test]
    fn as_many_teams_as_nodes_is_the_same_as_unlimited(svcs in services(false)) {
        let r = register_of(svcs, vec![]);
        let unlimited = analyse_with(&r, Teams::Unlimited);
        let plenty = analyse_with(&r, teams(r.services.len()));
        for (a, b) in unlimited.iter().zip(&plenty) {
            match (a, b) {
                (Some(a), Some(b)) => prop_assert!((a.start - b.start).abs() < EPS && (a.finish - b.finish).abs() < EPS, "{a:?} vs {b:?}"),
                (None, None) => {}
                _ => prop_assert!(false, "scheduled in one and not the other"),
            }
        }
    }

    #[test]
    fn breakpoint_lateness_equals_the_walk_over_every_minute(
        c in calendar(), u in calendar(), ct in 0i64..4000, ut in 0i64..4000,
    ) {
        prop_assert_eq!(worst_lateness(&c, ct, &u, ut).0, worst_lateness_brute_force(&c, ct, &u, ut).0);
    }

    #[test]
    fn import_never_panics_on_arbitrary_text(s in "\\PC{0,200}") {
        let _ = import(&s);
    }

    #[test]
    fn import_never_panics_on_damaged_registers(cut in 0usize..4000, byte in any::<u8>()) {
        let text = include_str!("../../examples/online-banking.json");
        let mut bytes = text.as_bytes().to_vec();
        let at = cut % bytes.len();
        bytes[at] = byte;
        let _ = rampart_core::import_bytes(&bytes);
        let _ = rampart_core::import_bytes(&bytes[..at]);
    }
}
