//! Continuity exercises against the plan (SPEC §9.2, §9.5): a node back after
//! its RTO, later than the plan said, or not exercised within a year.

use crate::findings::{clearly_greater, Finding, FindingKind, RefField, Subject, Subjects};
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
        let plan = at.map(|at| &plans[at].1[..]);
        for (k, result) in exercise.results.iter().enumerate() {
            if graph.get(&result.node).is_none() && !exercise.results[..k].iter().any(|r| r.node == result.node) {
                out.push(unknown_ref(subject, &result.node, RefField::Node));
            }
        }
        for line in lines(register, graph, x, plan) {
            let node = Subject::service(line.node);
            let recovered = line.recovered;
            if let Some(rto) = line.rto.filter(|&rto| clearly_greater(recovered, rto)) {
                out.push(Finding::new(
                    FindingKind::BiaExerciseRtoMissed { recovered, rto },
                    Subjects::two(subject, node),
                ));
            }
            if let Some(planned) = line.planned.filter(|&p| clearly_greater(recovered, p)) {
                out.push(Finding::new(
                    FindingKind::BiaExerciseSlowerThanPlan { recovered, planned },
                    Subjects::two(subject, node),
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
            out.push(Finding::new(FindingKind::BiaNotExercised { last: last[i] }, Subjects::one(Subject::service(i))));
        }
    }
}

/// One node's result in an exercise beside its RTO and the plan: a line of the
/// planned-against-actual chart, and what the exercise findings are read from.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseLine {
    /// The node, by index in `register.services`.
    pub node: usize,
    /// Hours until it was back (the latest, when the exercise gives it twice).
    pub recovered: f64,
    /// Its planned finish under the exercise's scenario (unlimited teams), when
    /// the plan has one.
    pub planned: Option<f64>,
    pub rto: Option<f64>,
}

/// Exercise `x`'s results, one line per known node in the order first given,
/// against `plan` (the plan under its scenario; `None` when that is unknown).
fn lines(register: &Register, graph: &ServiceGraph, x: usize, plan: Option<&[Option<Slot>]>) -> Vec<ExerciseLine> {
    let results = &register.exercises[x].results;
    let mut out = Vec::new();
    for (k, result) in results.iter().enumerate() {
        let Some(node) = graph.get(&result.node) else { continue };
        if results[..k].iter().any(|r| r.node == result.node) {
            continue;
        }
        let same = results.iter().filter(|r| r.node == result.node);
        out.push(ExerciseLine {
            node,
            recovered: same.map(|r| r.recovered.get()).fold(0.0, f64::max),
            planned: plan.and_then(|p| p[node]).map(|s| s.finish),
            rto: register.services[node].rto.map(Hours::get),
        });
    }
    out
}

/// Exercise `x` planned against actual: its lines, with the plan under its
/// scenario worked out here (for one exercise at a time, as the editor shows it).
pub fn planned_against_actual(register: &Register, x: usize) -> Vec<ExerciseLine> {
    let graph = ServiceGraph::build(&register.services, &mut Vec::new());
    let scenario = match &register.exercises[x].scenario {
        None => Some(None),
        Some(id) => register.scenarios.iter().position(|s| s.id.as_str() == id).map(Some),
    };
    let mut plans = Vec::new();
    let at = scenario.map(|sc| plan_at(&mut plans, register, &graph, sc));
    lines(register, &graph, x, at.map(|at| &plans[at].1[..]))
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
