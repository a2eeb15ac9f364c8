//! One pass over a register: every computation and every finding.

use crate::exercise::check_exercises;
use crate::findings::{Finding, FindingKind, RatingPlace, RefField, Subject};
use crate::graph::{unknown_ref, ServiceGraph};
use crate::model::{Axis, Date, Register, Risk, Service};
use crate::recovery::{check_breaches, check_continuity, recovery_order, schedule, RecoveryStep, Slot, Teams};
use crate::scenario::scenario_nodes;
use crate::scoring::{check_level, check_risk, rate, RiskRating, ScaleSet};
use crate::sla::{check_alignment, Alignment, Coverage};

/// What the analysis depends on besides the register.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The analysis date: reviews before it are overdue, terms ended before it gap.
    pub today: Date,
    /// Recovery capacity.
    pub teams: Teams,
}

impl Options {
    /// The options as text and a number cross into a module: the analysis
    /// date (`YYYY-MM-DD`) and the teams (0: unlimited).
    pub fn parse(today: &str, teams: u32) -> Result<Options, String> {
        Ok(Options { today: Date::parse(today)?, teams: Teams::from_count(teams) })
    }
}

/// Everything worked out from a register.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The scales in force (the register's, with defaults).
    pub scales: ScaleSet,
    /// Each risk's ratings, in register order.
    pub ratings: Vec<RiskRating>,
    /// Each service's recovery slot, in register order; `None` on or behind a cycle.
    pub slots: Vec<Option<Slot>>,
    /// Scheduled nodes in recovery order.
    pub recovery: Vec<RecoveryStep>,
    pub alignment: Alignment,
    pub findings: Vec<Finding>,
}

/// Analyses a register (SPEC §2–§6).
pub fn analyse(register: &Register, options: &Options) -> Analysis {
    let mut findings = Vec::new();
    let scales = ScaleSet::from_register(register.scales.as_ref());
    let graph = ServiceGraph::build(&register.services, &mut findings);
    // Room for every finding at once, roughly: a register of 100 000 risks has
    // hundreds of thousands, and a vector grown step by step copies them each time.
    let coverage = Coverage::new(register, &graph);
    let expected = register.risks.len() * 3 / 2 + register.services.len() * 3 + coverage.findings_expected();
    findings.reserve(expected);

    let ratings = rate_risks(register, &scales, &graph, options.today, &mut findings);

    for (i, s) in register.services.iter().enumerate() {
        for r in s.impact.iter().flat_map(|c| &c.0) {
            let (at, level) = (Some(r.hours), r.level.0);
            check_level(Subject::service(i), RatingPlace::Impact, Axis::Impact, level, at, &scales, &mut findings);
        }
    }
    let slots = schedule(&register.services, &graph, options.teams);
    check_continuity(&register.services, &graph, &slots, &mut findings);
    for k in 0..register.scenarios.len() {
        scenario_nodes(register, &graph, k, &mut findings);
    }
    check_exercises(register, &graph, options.today, &mut findings);
    let recovery = recovery_order(&register.services, &graph, &slots);
    let alignment = check_alignment(register, &graph, coverage, options.today, &mut findings);
    crate::review::check_decisions(register, options.today, &mut findings);

    Analysis { scales, ratings, slots, recovery, alignment, findings }
}

/// Rates every risk and writes every finding about each: the risk pass of
/// [`analyse`], in register order.
pub fn rate_risks(
    register: &Register,
    scales: &ScaleSet,
    graph: &ServiceGraph,
    today: Date,
    findings: &mut Vec<Finding>,
) -> Vec<RiskRating> {
    let risks = &register.risks;
    let mut ratings = Vec::with_capacity(risks.len());
    for (i, risk) in risks.iter().enumerate() {
        prefetch::risks_ahead(risks, i);
        ratings.push(analyse_risk(risk, i, scales, today, |id| graph.get(id).is_some(), findings));
    }
    ratings
}

/// Every finding about one risk on its own, naming it as risk 0: what an editor
/// shows while the risk is being typed, before it is in the register.
pub fn risk_findings(risk: &Risk, scales: &ScaleSet, today: Date, is_service: impl Fn(&str) -> bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    analyse_risk(risk, 0, scales, today, is_service, &mut findings);
    findings
}

/// Every continuity finding (SPEC §4, §6) that names `services[i]`: what the
/// services editor shows at its fields while a node is edited, with the draft in
/// place at `i`. Breaches are for unlimited recovery teams.
pub fn service_findings(services: &[Service], i: usize) -> Vec<Finding> {
    let mut findings = Vec::new();
    let graph = ServiceGraph::build(services, &mut findings);
    let slots = schedule(services, &graph, Teams::Unlimited);
    check_continuity(services, &graph, &slots, &mut findings);
    findings.retain(|f| f.subjects.contains(&Subject::service(i)));
    findings
}

/// Rates one risk and writes every finding about it alone (a risk's findings
/// depend on the risk, the scales, the date and which service ids exist).
fn analyse_risk(
    risk: &Risk,
    i: usize,
    scales: &ScaleSet,
    today: Date,
    is_service: impl Fn(&str) -> bool,
    findings: &mut Vec<Finding>,
) -> RiskRating {
    let rating = rate(risk, scales);
    check_risk(risk, i, &rating, scales, today, findings);
    for (k, id) in risk.services.iter().enumerate() {
        // One finding per distinct unknown id.
        if !is_service(id) && !risk.services[..k].contains(id) {
            findings.push(unknown_ref(Subject::risk(i), id, RefField::Services));
        }
    }
    rating
}

/// Editing one risk changes only what the analysis says of that risk, so an editor
/// can update the analysis in time proportional to the findings, not the register.
impl Analysis {
    /// After `register.risks[i]` was replaced (`options` as for [`analyse`]).
    pub fn risk_replaced(&mut self, register: &Register, i: usize, options: &Options) {
        self.findings.retain(|f| !f.is_about_risk(i));
        self.ratings[i] = self.analyse_risk_in(register, i, options);
    }

    /// After a risk was inserted into `register.risks` at `i`.
    pub fn risk_inserted(&mut self, register: &Register, i: usize, options: &Options) {
        self.shift_risks(i, 1);
        let rating = self.analyse_risk_in(register, i, options);
        self.ratings.insert(i, rating);
    }

    /// After the risk at `i` was removed from the register.
    pub fn risk_removed(&mut self, i: usize) {
        self.findings.retain(|f| !f.is_about_risk(i));
        self.ratings.remove(i);
        self.shift_risks(i + 1, -1);
    }

    /// The same analysis with another number of recovery teams. Only the schedule,
    /// the recovery order and the RTO breaches depend on it, so the rest is kept:
    /// the teams control recomputes a 10 000-node plan without re-rating risks or
    /// re-checking agreements.
    pub fn rescheduled(&self, register: &Register, teams: Teams) -> Analysis {
        let graph = ServiceGraph::build(&register.services, &mut Vec::new());
        let slots = schedule(&register.services, &graph, teams);
        let recovery = recovery_order(&register.services, &graph, &slots);
        let mut findings = Vec::with_capacity(self.findings.len());
        findings.extend(self.findings.iter().filter(|f| !matches!(f.kind, FindingKind::BiaRtoBreach { .. })).cloned());
        check_breaches(&register.services, &slots, &mut findings);
        Analysis {
            scales: self.scales.clone(),
            ratings: self.ratings.clone(),
            slots,
            recovery,
            alignment: self.alignment.clone(),
            findings,
        }
    }

    fn analyse_risk_in(&mut self, register: &Register, i: usize, options: &Options) -> RiskRating {
        let is_service = |id: &str| register.has_service(id);
        analyse_risk(&register.risks[i], i, &self.scales, options.today, is_service, &mut self.findings)
    }

    /// Moves the risk positions from `from` on by `by` in every finding.
    fn shift_risks(&mut self, from: usize, by: i64) {
        for subject in self.findings.iter_mut().flat_map(|f| f.subjects.iter_mut()) {
            if let Subject::Risk(k) | Subject::Action(k, _) = subject {
                if *k as usize >= from {
                    *k = (i64::from(*k) + by) as u32;
                }
            }
        }
    }
}

/// Asking the processor for memory before it is read: prefetch hints, which
/// read nothing and never fault whatever the address. Finding the addresses
/// reads the risks' own fields (their vectors, a few risks on).
mod prefetch {
    use crate::model::Risk;

    const LINE: usize = 64;
    /// How many risks ahead the risk pass asks for memory.
    const AHEAD: usize = 8;

    /// Asks for what the checks of the risks after `risks[i]` will read: the
    /// risk pass waits for memory more than it computes otherwise (a risk is
    /// 0.5 KB, its controls, actions and ids in allocations of their own).
    /// The risk 16 places on, the vectors of the one 8 on (its own fields were
    /// asked for 8 risks ago), and the ids in them 4 on.
    pub fn risks_ahead(risks: &[Risk], i: usize) {
        if !cfg!(target_arch = "x86_64") {
            return;
        }
        if let Some(ahead) = risks.get(i + 2 * AHEAD) {
            every_line(ahead);
        }
        if let Some(ahead) = risks.get(i + AHEAD) {
            lines(&ahead.controls, 3);
            lines(&ahead.actions, 3);
            lines(&ahead.services, 1);
        }
        if let Some(ahead) = risks.get(i + AHEAD / 2) {
            // The ids the checks compare.
            ahead.controls.iter().for_each(|c| lines(c.id.as_bytes(), 1));
            ahead.actions.iter().filter_map(|a| a.control.as_ref()).for_each(|c| lines(c.as_bytes(), 1));
            ahead.services.iter().for_each(|s| lines(s.as_bytes(), 1));
        }
    }

    /// Every cache line that `value` lies in, and at times the one after: a
    /// count fixed by the type lets the loop unroll (with the count varying
    /// with where each risk starts, the loop's end was mispredicted, ~1 ms).
    fn every_line<T>(value: &T) {
        let start = value as *const T as *const u8;
        let first = start.wrapping_sub(start as usize % LINE);
        for k in 0..=size_of::<T>() / LINE {
            line(first.wrapping_add(k * LINE));
        }
    }

    /// The first `n` cache lines that the items lie in.
    fn lines<T>(items: &[T], n: usize) {
        let (start, size) = (items.as_ptr() as *const u8, size_of_val(items));
        if size == 0 {
            return;
        }
        let offset = start as usize % LINE;
        let first = start.wrapping_sub(offset);
        for k in 0..n.min((offset + size).div_ceil(LINE)) {
            line(first.wrapping_add(k * LINE));
        }
    }

    #[cfg(target_arch = "x86_64")]
    fn line(p: *const u8) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint; it reads nothing and never faults,
        // whatever the address.
        unsafe { _mm_prefetch(p as *const i8, _MM_HINT_T0) }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn line(_: *const u8) {}
}
