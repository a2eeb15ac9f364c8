//! One pass over a register: every computation and every finding.

use crate::findings::{Finding, RatingPlace, Subject};
use crate::graph::{unknown_ref, ServiceGraph};
use crate::model::{Axis, Date, Register};
use crate::recovery::{check_continuity, recovery_order, schedule, RecoveryStep, Slot, Teams};
use crate::scoring::{check_level, check_risk, rate, RiskRating, ScaleSet};
use crate::sla::{check_alignment, Alignment};

/// What the analysis depends on besides the register.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The analysis date: reviews before it are overdue, terms ended before it gap.
    pub today: Date,
    /// Recovery capacity.
    pub teams: Teams,
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
    let mut findings = Vec::with_capacity(register.risks.len() + register.services.len() + register.agreements.len());
    let scales = ScaleSet::from_register(register.scales.as_ref());
    let graph = ServiceGraph::build(&register.services, &mut findings);

    let mut ratings = Vec::with_capacity(register.risks.len());
    for (i, risk) in register.risks.iter().enumerate() {
        let rating = rate(risk, &scales);
        check_risk(risk, i, &rating, &scales, options.today, &mut findings);
        ratings.push(rating);
        for (k, id) in risk.services.iter().enumerate() {
            // One finding per distinct unknown id.
            if graph.get(id).is_none() && !risk.services[..k].contains(id) {
                findings.push(unknown_ref(Subject::risk(i), id, "services"));
            }
        }
    }

    for (i, s) in register.services.iter().enumerate() {
        for r in s.impact.iter().flat_map(|c| &c.0) {
            let (at, level) = (Some(r.hours), r.level.0);
            check_level(Subject::service(i), RatingPlace::Impact, Axis::Impact, level, at, &scales, &mut findings);
        }
    }
    let slots = schedule(&register.services, &graph, options.teams);
    check_continuity(&register.services, &graph, &slots, &mut findings);
    let recovery = recovery_order(&register.services, &slots);
    let alignment = check_alignment(register, &graph, options.today, &mut findings);

    Analysis { scales, ratings, slots, recovery, alignment, findings }
}
