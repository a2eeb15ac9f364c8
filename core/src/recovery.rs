//! Recovery sequencing (SPEC §4, §8 "Scheduling"): when each node starts and
//! finishes recovering after a disruption of everything at time 0.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::num::NonZeroUsize;

use serde::Serialize;

use crate::findings::{approx_eq, clearly_greater, Finding, FindingKind, Subject, Subjects};
use crate::graph::{ServiceGraph, Via};
use crate::model::{Hours, Id, Service};

/// How many recoveries can run at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Teams {
    #[default]
    Unlimited,
    Limited(NonZeroUsize),
}

impl Teams {
    /// The teams as a number (0: unlimited), as the app hands them to a module.
    pub fn count(self) -> u32 {
        match self {
            Teams::Unlimited => 0,
            Teams::Limited(n) => u32::try_from(n.get()).unwrap_or(u32::MAX),
        }
    }

    /// The teams of [`Teams::count`].
    pub fn from_count(n: u32) -> Self {
        NonZeroUsize::new(n as usize).map_or(Teams::Unlimited, Teams::Limited)
    }
}

/// When one node is recovered, in hours from the start of the disruption.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Slot {
    pub start: f64,
    pub finish: f64,
}

/// One line of the recovery order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryStep {
    pub id: Id,
    pub start: f64,
    pub finish: f64,
    pub rto: Option<f64>,
    /// Hours past the RTO; 0 when on time or without an RTO.
    pub late: f64,
    /// The dependency that set when this node could start (SPEC §9.2): its
    /// critical path is this node, `waits_for`, its `waits_for`, …
    pub waits_for: Option<Id>,
    /// Hours it was ready but waited for a free team (0 with unlimited teams).
    pub team_wait: f64,
}

/// Schedules every node not on or behind a cycle; those get `None`.
pub fn schedule(services: &[Service], graph: &ServiceGraph, teams: Teams) -> Vec<Option<Slot>> {
    schedule_around(services, graph, teams, None)
}

/// Schedules the nodes not `up` (SPEC §9.2: a scenario's unaffected nodes are
/// up at 0 and take no team): an up node gets `None` but counts as recovered
/// at 0 for what needs it, and never takes a team.
pub fn schedule_around(
    services: &[Service],
    graph: &ServiceGraph,
    teams: Teams,
    up: Option<&[bool]>,
) -> Vec<Option<Slot>> {
    match teams {
        Teams::Unlimited => schedule_unlimited(services, graph, up),
        Teams::Limited(n) => schedule_teams(services, graph, n.get(), up),
    }
}

/// When node `i` could start (every plain dependency and one member of each
/// group recovered), and the dependency that set it (SPEC §9.2 `waits_for`): the
/// one whose finish is the ready time, a group standing for its earliest
/// member, ties to the smallest id; none when ready at 0. A dependency with no
/// slot counts as up at 0 (under a scenario: not affected).
pub fn ready(services: &[Service], graph: &ServiceGraph, slots: &[Option<Slot>], i: usize) -> (f64, Option<usize>) {
    let finish = |d: usize| slots[d].map_or(0.0, |s| s.finish);
    let by_id = |a: usize, b: usize| services[a].id.as_bytes().cmp(services[b].id.as_bytes());
    // Members that finish together (within rounding) tie to the smallest id.
    let earliest = |members: &[usize]| {
        members.iter().copied().min_by(|&a, &b| {
            let by_finish = if approx_eq(finish(a), finish(b)) {
                std::cmp::Ordering::Equal
            } else {
                finish(a).total_cmp(&finish(b))
            };
            by_finish.then_with(|| by_id(a, b))
        })
    };
    let candidates = graph.all_of(i).iter().copied().chain(graph.any_of(i).filter_map(earliest));
    let mut best: Option<(f64, usize)> = None;
    for d in candidates {
        let f = finish(d);
        best = match best {
            Some((bf, b)) if approx_eq(f, bf) => Some((bf.max(f), if by_id(d, b).is_lt() { d } else { b })),
            Some((bf, _)) if f < bf => best,
            _ => Some((f, d)),
        };
    }
    match best {
        Some((f, d)) if f > 0.0 && !approx_eq(f, 0.0) => (f, Some(d)),
        _ => (0.0, None),
    }
}

/// The recovery order: scheduled nodes sorted by (start, finish, id).
pub fn recovery_order(services: &[Service], graph: &ServiceGraph, slots: &[Option<Slot>]) -> Vec<RecoveryStep> {
    let mut order: Vec<(Slot, &str, usize)> =
        slots.iter().enumerate().filter_map(|(i, s)| s.map(|s| (s, services[i].id.as_str(), i))).collect();
    order.sort_unstable_by(|(a, a_id, _), (b, b_id, _)| {
        a.start
            .total_cmp(&b.start)
            .then(a.finish.total_cmp(&b.finish))
            .then_with(|| a_id.as_bytes().cmp(b_id.as_bytes()))
    });
    order
        .into_iter()
        .map(|(s, _, i)| {
            let rto = services[i].rto.map(Hours::get);
            let (ready_at, waits_for) = ready(services, graph, slots, i);
            let team_wait = s.start - ready_at;
            RecoveryStep {
                id: services[i].id.clone(),
                start: s.start,
                finish: s.finish,
                rto,
                late: lateness(s.finish, rto),
                waits_for: waits_for.map(|d| services[d].id.clone()),
                team_wait: if approx_eq(team_wait, 0.0) || team_wait < 0.0 { 0.0 } else { team_wait },
            }
        })
        .collect()
}

/// How a plan ends: how many nodes come back after their RTO, and when the
/// last one is back (0 for an empty plan).
pub fn plan_totals(recovery: &[RecoveryStep]) -> (usize, f64) {
    let late = recovery.iter().filter(|s| s.late > 0.0).count();
    (late, recovery.iter().map(|s| s.finish).fold(0.0, f64::max))
}

/// The critical path of the step for node `id` (SPEC §9.2): the step, the one it
/// waited for, that one's, … as far as the plan goes.
pub fn critical_path<'a>(recovery: &'a [RecoveryStep], id: &str) -> Vec<&'a RecoveryStep> {
    let by_id: std::collections::HashMap<&str, &RecoveryStep> = recovery.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut path = Vec::new();
    let mut at = by_id.get(id).copied();
    // The steps form a chain back in time, so it ends; the bound is a guard.
    while let Some(step) = at.filter(|_| path.len() <= recovery.len()) {
        path.push(step);
        at = step.waits_for.as_ref().and_then(|w| by_id.get(w.as_str()).copied());
    }
    path
}

/// Why a step finishes when it does, in words: "payments 8.5 h ← payments-api
/// 7.5 h ← …", with any wait for a team ("waited 2 h for a team").
pub fn why(recovery: &[RecoveryStep], id: &str) -> String {
    let parts: Vec<String> = critical_path(recovery, id)
        .iter()
        .map(|s| {
            let team = if s.team_wait > 0.0 {
                format!(" (waited {} for a team)", crate::findings::fmt_hours(s.team_wait))
            } else {
                String::new()
            };
            format!("{} {}{team}", crate::bidi::isolate(&s.id), crate::findings::fmt_hours(s.finish))
        })
        .collect();
    parts.join(" ← ")
}

/// What makes a late step late, in words (`None` when it is on time): its
/// own recovery alone outlasting its RTO (only a shorter recovery, or another
/// RTO, helps), or its start (when what it needs is back, and any wait for a
/// team) leaving too little of the RTO for its recovery. Hours count from the
/// start of the disruption.
pub fn late_reason(step: &RecoveryStep) -> Option<String> {
    let rto = step.rto.filter(|_| step.late > 0.0)?;
    let (own, hours) = (step.finish - step.start, crate::findings::fmt_hours);
    if clearly_greater(own, rto) {
        return Some(format!(
            "Its own recovery takes {}, longer than its RTO of {}: no recovery order can meet it; \
             only a shorter recovery time (or another RTO) can.",
            hours(own),
            hours(rto)
        ));
    }
    let team = if step.team_wait > 0.0 {
        format!(" (including {} waiting for a team)", hours(step.team_wait))
    } else {
        String::new()
    };
    // A recovery as long as the RTO (give or take rounding) meets it only by starting at once.
    let by = if clearly_greater(rto, own) { format!("by {}", hours(rto - own)) } else { "at once".into() };
    Some(format!(
        "It starts {} into the disruption{team}; its recovery takes {}, so it would have to start {by} to meet its RTO of {}.",
        hours(step.start),
        hours(own),
        hours(rto)
    ))
}

fn lateness(finish: f64, rto: Option<f64>) -> f64 {
    match rto {
        Some(rto) if clearly_greater(finish, rto) => finish - rto,
        _ => 0.0,
    }
}

fn schedule_unlimited(services: &[Service], graph: &ServiceGraph, up: Option<&[bool]>) -> Vec<Option<Slot>> {
    let mut slots: Vec<Option<Slot>> = vec![None; services.len()];
    for i in graph.dependencies_first() {
        if graph.blocked[i] || up.is_some_and(|u| u[i]) {
            continue;
        }
        let finish_of = |d: usize| slots[d].map_or(0.0, |s| s.finish);
        let plain = graph.all_of(i).iter().map(|&d| finish_of(d));
        let groups = graph.any_of(i).map(|members| members.iter().map(|&d| finish_of(d)).fold(f64::INFINITY, f64::min));
        let start = plain.chain(groups).fold(0.0, f64::max);
        slots[i] = Some(Slot { start, finish: start + services[i].recovery_hours() });
    }
    slots
}

/// List scheduling: whenever a team is free it takes the ready node with the
/// smallest RTO, then the highest impact at its RTO, then the smallest id.
fn schedule_teams(services: &[Service], graph: &ServiceGraph, teams: usize, up: Option<&[bool]>) -> Vec<Option<Slot>> {
    let n = services.len();
    let rank = priority_ranks(services);
    let is_up = |i: usize| up.is_some_and(|u| u[i]);
    // What each node still waits for: one per plain dependency, one per group.
    let mut waiting: Vec<usize> = (0..n).map(|i| graph.needs_count(i)).collect();
    let mut group_met = vec![false; graph.group_count()];
    // Nodes already up count as recovered before any team starts.
    for u in (0..n).filter(|&u| is_up(u)) {
        recovered(graph, u, &mut waiting, &mut group_met, |_| {});
    }
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&i| !graph.blocked[i] && !is_up(i) && waiting[i] == 0).map(|i| Reverse(rank[i])).collect();
    let by_rank = invert(&rank);
    // Running recoveries by finish time; times are finite and ≥ 0, so their bit
    // patterns order like the numbers.
    let mut running: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
    let mut slots: Vec<Option<Slot>> = vec![None; n];
    let mut free = teams;
    let mut now = 0.0_f64;
    loop {
        while let Some(&Reverse((bits, i))) = running.peek() {
            let finish = f64::from_bits(bits);
            if finish > now && !approx_eq(finish, now) {
                break;
            }
            running.pop();
            free += 1;
            recovered(graph, i, &mut waiting, &mut group_met, |dep| {
                if !graph.blocked[dep] && !is_up(dep) {
                    ready.push(Reverse(rank[dep]));
                }
            });
        }
        if free > 0 {
            if let Some(Reverse(r)) = ready.pop() {
                let i = by_rank[r];
                let finish = now + services[i].recovery_hours();
                slots[i] = Some(Slot { start: now, finish });
                running.push(Reverse((finish.to_bits(), i)));
                free -= 1;
                continue;
            }
        }
        match running.peek() {
            Some(&Reverse((bits, _))) => now = now.max(f64::from_bits(bits)),
            None => break,
        }
    }
    slots
}

/// Node `i` is back: what needs it waits for one thing less (a group is met by
/// its first member back); `now_ready` is told of each node left waiting for nothing.
fn recovered(
    graph: &ServiceGraph,
    i: usize,
    waiting: &mut [usize],
    group_met: &mut [bool],
    mut now_ready: impl FnMut(usize),
) {
    for &(dep, via) in graph.dependents(i) {
        let met = match via {
            Via::Plain => true,
            Via::Group(g) => !std::mem::replace(&mut group_met[g], true),
        };
        if met {
            waiting[dep] -= 1;
            if waiting[dep] == 0 {
                now_ready(dep);
            }
        }
    }
}

/// Each node's place in the team priority order (0 = first).
fn priority_ranks(services: &[Service]) -> Vec<usize> {
    let key = |s: &Service| {
        let rto = s.rto.map(Hours::get);
        let impact = s.impact.as_ref().and_then(|c| c.at(rto)).map_or(0, |l| l.0);
        (rto.unwrap_or(f64::INFINITY), impact)
    };
    let keys: Vec<(f64, i64)> = services.iter().map(key).collect();
    let mut order: Vec<usize> = (0..services.len()).collect();
    order.sort_by(|&a, &b| {
        keys[a]
            .0
            .total_cmp(&keys[b].0)
            .then(keys[b].1.cmp(&keys[a].1))
            .then_with(|| services[a].id.as_bytes().cmp(services[b].id.as_bytes()))
    });
    invert(&order)
}

fn invert(perm: &[usize]) -> Vec<usize> {
    let mut inv = vec![0; perm.len()];
    for (pos, &i) in perm.iter().enumerate() {
        inv[i] = pos;
    }
    inv
}

/// The continuity findings: RTO breaches from the schedule, RTO inversions, RTOs
/// beyond the MTPD, and cycles.
/// `BIA_RTO_BREACH` for every node recovered after its RTO: the one continuity
/// check that depends on the schedule (and so on the number of teams).
pub fn check_breaches(services: &[Service], slots: &[Option<Slot>], out: &mut Vec<Finding>) {
    for (i, s) in services.iter().enumerate() {
        if let (Some(rto), Some(slot)) = (s.rto.map(Hours::get), slots[i]) {
            let late = lateness(slot.finish, Some(rto));
            if late > 0.0 {
                out.push(Finding::new(
                    FindingKind::BiaRtoBreach { rto, finish: slot.finish, late_hours: late },
                    Subjects::one(Subject::service(i)),
                ));
            }
        }
    }
}

pub fn check_continuity(services: &[Service], graph: &ServiceGraph, slots: &[Option<Slot>], out: &mut Vec<Finding>) {
    let id = Subject::service;
    for cycle in &graph.cycles {
        out.push(Finding::new(FindingKind::BiaCycle {}, cycle.iter().map(|&i| id(i)).collect()));
    }
    check_breaches(services, slots, out);
    let rto_of = |i: usize| services[i].rto.map(Hours::get);
    for (i, s) in services.iter().enumerate() {
        let rto = rto_of(i);
        if let (Some(rto), Some(mtpd)) = (rto, s.mtpd.map(Hours::get)) {
            if clearly_greater(rto, mtpd) {
                out.push(Finding::new(FindingKind::BiaRtoExceedsMtpd { rto, mtpd }, Subjects::one(id(i))));
            }
        }
        let Some(rto) = rto else { continue };
        for &d in graph.all_of(i) {
            if let Some(dependency_rto) = rto_of(d).filter(|&r| clearly_greater(r, rto)) {
                out.push(Finding::new(
                    FindingKind::BiaRtoInversion { rto, dependency_rto },
                    Subjects::two(id(i), id(d)),
                ));
            }
        }
        for members in graph.any_of(i) {
            let Some(rtos) = members.iter().map(|&d| rto_of(d)).collect::<Option<Vec<f64>>>() else { continue };
            if rtos.iter().all(|&r| clearly_greater(r, rto)) {
                let dependency_rto = rtos.iter().copied().fold(f64::INFINITY, f64::min);
                let subjects = std::iter::once(id(i)).chain(members.iter().map(|&d| id(d))).collect();
                out.push(Finding::new(FindingKind::BiaRtoInversion { rto, dependency_rto }, subjects));
            }
        }
    }
}
