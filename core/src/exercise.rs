//! Continuity exercises against the plan (SPEC §9.2, §9.5): a node back after
//! its RTO, later than the plan said, or not exercised within a year.

use smallvec::smallvec;

use crate::findings::{clearly_greater, Finding, FindingKind, RefField, Subject};
use crate::graph::{unknown_ref, ServiceGraph};
use crate::model::{Date, Hours, Register};
use crate::recovery::{Slot, Teams};

/// How far back an exercise counts for `BIA_NOT_EXERCISED`.
pub const EXERCISED_WITHIN_DAYS: i64 = 365;

/// Every exercise finding of `register` analysed on `today`.
pub fn check_exercises(register: &Register, graph: &ServiceGraph, today: Date, out: &mut Vec<Finding>) {
    if register.exercises.is_empty() {
        return;
    }
    let services = &register.services;
    // The plan each exercise is compared with, once per scenario: unlimited teams.
    let mut plans: Vec<(Option<usize>, Vec<Option<Slot>>)> = Vec::new();
    for (x, exercise) in register.exercises.iter().enumerate() {
        let subject = Subject::Exercise(x as u32);
        let scenario = match &exercise.scenario {
            None => Some(None),
            Some(id) => match register.scenarios.iter().position(|s| s.id.as_str() == id) {
                Some(k) => Some(Some(k)),
                None => {
                    out.push(unknown_ref(subject, id, RefField::Scenario));
                    None
                }
            },
        };
        let at = scenario.map(|sc| plan_at(&mut plans, register, graph, sc));
        let plan = at.map(|at| &plans[at].1);
        for (k, result) in exercise.results.iter().enumerate() {
            let Some(i) = graph.get(&result.node) else {
                if !exercise.results[..k].iter().any(|r| r.node == result.node) {
                    out.push(unknown_ref(subject, &result.node, RefField::Node));
                }
                continue;
            };
            // A node given twice in one exercise: once, with its latest recovery.
            if exercise.results[..k].iter().any(|r| r.node == result.node) {
                continue;
            }
            let same = exercise.results.iter().filter(|r| r.node == result.node);
            let recovered = same.map(|r| r.recovered.get()).fold(0.0, f64::max);
            let node = Subject::service(i);
            if let Some(rto) = services[i].rto.map(Hours::get).filter(|&rto| clearly_greater(recovered, rto)) {
                out.push(Finding::new(FindingKind::BiaExerciseRtoMissed { recovered, rto }, smallvec![subject, node]));
            }
            let planned = plan.and_then(|p| p[i]).map(|s| s.finish);
            if let Some(planned) = planned.filter(|&p| clearly_greater(recovered, p)) {
                out.push(Finding::new(
                    FindingKind::BiaExerciseSlowerThanPlan { recovered, planned },
                    smallvec![subject, node],
                ));
            }
        }
    }
    // Not exercised: a node with an RTO and no result in an exercise of the last year.
    let since = today.add_days(-EXERCISED_WITHIN_DAYS);
    let mut last: Vec<Option<Date>> = vec![None; services.len()];
    for exercise in register.exercises.iter().filter(|e| e.date <= today) {
        for result in &exercise.results {
            if let Some(i) = graph.get(&result.node) {
                last[i] = last[i].max(Some(exercise.date));
            }
        }
    }
    for (i, s) in services.iter().enumerate() {
        if s.rto.is_some() && last[i].is_none_or(|d| d < since) {
            out.push(Finding::new(FindingKind::BiaNotExercised { last: last[i] }, smallvec![Subject::service(i)]));
        }
    }
}

/// The position in `plans` of the plan an exercise under `scenario` is compared
/// with (unlimited teams), made the first time it is asked for.
fn plan_at(
    plans: &mut Vec<(Option<usize>, Vec<Option<Slot>>)>,
    register: &Register,
    graph: &ServiceGraph,
    scenario: Option<usize>,
) -> usize {
    if let Some(at) = plans.iter().position(|(s, _)| *s == scenario) {
        return at;
    }
    let slots = match scenario {
        None => crate::recovery::schedule(&register.services, graph, Teams::Unlimited),
        Some(k) => crate::scenario::scenario_slots(register, graph, k, Teams::Unlimited),
    };
    plans.push((scenario, slots));
    plans.len() - 1
}
