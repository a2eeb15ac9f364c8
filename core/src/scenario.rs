//! Failure scenarios and single points of failure (SPEC §9.2): which nodes a
//! loss affects, the recovery plan of the affected nodes only, and for each
//! service the nodes whose loss alone takes it down.

use crate::analysis::Analysis;
use crate::findings::{Finding, FindingKind, RefField, Subject};
use crate::graph::{unknown_ref, ServiceGraph, Via};
use crate::model::{NodeKind, Register, Service};
use crate::recovery::{check_breaches, recovery_order, schedule_around, Slot, Teams};

/// The nodes a loss of `fails` affects: those lost, those with an affected
/// plain dependency, and those with an `any_of` group whose members are all
/// affected; the smallest such set (a cycle alone affects nothing). Linear in
/// the graph: each affected node is visited once.
pub fn affected(graph: &ServiceGraph, fails: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut affected = vec![false; graph.len()];
    let mut hits = vec![0usize; graph.group_count()];
    let mut queue: Vec<usize> = Vec::new();
    for i in fails {
        if !std::mem::replace(&mut affected[i], true) {
            queue.push(i);
        }
    }
    while let Some(x) = queue.pop() {
        for &(dependent, via) in graph.dependents(x) {
            let reached = match via {
                Via::Plain => true,
                Via::Group(g) => {
                    hits[g] += 1;
                    hits[g] == graph.group_len(g)
                }
            };
            if reached && !std::mem::replace(&mut affected[dependent], true) {
                queue.push(dependent);
            }
        }
    }
    affected
}

/// The nodes `register.scenarios[k]` names that exist, and a `REF_UNKNOWN` for
/// each one that does not (subjects: the scenario, the id).
pub fn scenario_nodes(register: &Register, graph: &ServiceGraph, k: usize, out: &mut Vec<Finding>) -> Vec<usize> {
    let mut nodes = Vec::new();
    for (n, id) in register.scenarios[k].fails.iter().enumerate() {
        match graph.get(id) {
            Some(i) => nodes.push(i),
            None if !register.scenarios[k].fails[..n].contains(id) => {
                out.push(unknown_ref(Subject::Scenario(k as u32), id, RefField::Fails))
            }
            None => {}
        }
    }
    nodes
}

/// The services as `register.scenarios[k]` leaves them, and which nodes it
/// affects: an unaffected node is up at 0, so it needs nothing (a cycle of
/// unaffected nodes blocks nothing); what needs it keeps the edge to it.
fn left_by(register: &Register, graph: &ServiceGraph, k: usize) -> (Vec<Service>, Vec<bool>) {
    let hit = affected(graph, scenario_nodes(register, graph, k, &mut Vec::new()));
    let services = (register.services.iter().zip(&hit))
        .map(|(s, &hit)| if hit { s.clone() } else { Service { depends_on: Vec::new(), ..s.clone() } })
        .collect();
    (services, hit)
}

/// The plan of the affected nodes (`hit`) of the services as left, over their
/// graph `left`: the unaffected are up at 0 and take no team.
fn plan_affected(services: &[Service], left: &ServiceGraph, hit: &[bool], teams: Teams) -> Vec<Option<Slot>> {
    let up: Vec<bool> = hit.iter().map(|h| !h).collect();
    schedule_around(services, left, teams, Some(&up))
}

/// The plan of the affected nodes of `register.scenarios[k]` with `teams`:
/// unaffected nodes get no slot (the plan has nothing for them).
pub fn scenario_slots(register: &Register, graph: &ServiceGraph, k: usize, teams: Teams) -> Vec<Option<Slot>> {
    let (services, hit) = left_by(register, graph, k);
    let left = ServiceGraph::build(&services, &mut Vec::new());
    plan_affected(&services, &left, &hit, teams)
}

impl Analysis {
    /// The analysis under `register.scenarios[k]` (SPEC §9.2 `--scenario`): the
    /// recovery plan lists the affected nodes only, scheduled with `teams` over
    /// them (cycles block only among them), and `BIA_RTO_BREACH` comes from that
    /// plan; every other finding is the full analysis'. In `slots` an unaffected
    /// node is up from the start (a slot at 0); only a node on or behind a cycle
    /// among the affected has none.
    pub fn under_scenario(&self, register: &Register, k: usize, teams: Teams) -> Analysis {
        let graph = ServiceGraph::build(&register.services, &mut Vec::new());
        let (services, hit) = left_by(register, &graph, k);
        let left = ServiceGraph::build(&services, &mut Vec::new());
        let mut slots = plan_affected(&services, &left, &hit, teams);
        let recovery = recovery_order(&services, &left, &slots);
        let mut findings: Vec<Finding> =
            (self.findings.iter()).filter(|f| !matches!(f.kind, FindingKind::BiaRtoBreach { .. })).cloned().collect();
        check_breaches(&register.services, &slots, &mut findings);
        for (slot, hit) in slots.iter_mut().zip(hit) {
            if !hit {
                *slot = Some(Slot { start: 0.0, finish: 0.0 });
            }
        }
        Analysis { slots, recovery, findings, ..self.clone() }
    }
}

/// The nodes of kind `service` on or behind a dependency cycle, in register
/// order: what [`single_points`] leaves out (SPEC §9.2), to be said so rather
/// than taken for services without a single point.
pub fn single_points_left_out(services: &[Service], graph: &ServiceGraph) -> Vec<usize> {
    (0..graph.len()).filter(|&i| graph.blocked[i] && services[i].kind() == NodeKind::Service).collect()
}

/// For each node of kind `service` not on or behind a cycle, the nodes whose
/// loss alone affects it (SPEC §9.2), in register order of the services; the
/// nodes as indices. One pass in dependency order over bit sets:
/// `lost(i) = {i} ∪ ⋃ lost(plain dep) ∪ ⋃ over groups ⋂ lost(member)`, each set
/// freed once everything that needs it is done.
pub fn single_points(services: &[Service], graph: &ServiceGraph) -> Vec<(usize, Vec<usize>)> {
    let n = graph.len();
    let words = n.div_ceil(64);
    let mut sets: Vec<Option<Vec<u64>>> = vec![None; n];
    let mut pending: Vec<usize> = (0..n).map(|i| graph.dependents(i).len()).collect();
    let mut out = Vec::new();
    for i in graph.dependencies_first() {
        if graph.blocked[i] {
            continue;
        }
        let mut set = vec![0u64; words];
        set[i / 64] |= 1 << (i % 64);
        for &d in graph.all_of(i) {
            if let Some(ds) = &sets[d] {
                set.iter_mut().zip(ds).for_each(|(a, b)| *a |= b);
            }
        }
        for members in graph.any_of(i) {
            let mut common: Option<Vec<u64>> = None;
            for &m in members {
                let Some(ms) = &sets[m] else { continue };
                match &mut common {
                    None => common = Some(ms.clone()),
                    Some(c) => c.iter_mut().zip(ms).for_each(|(a, b)| *a &= b),
                }
            }
            if let Some(c) = common {
                set.iter_mut().zip(&c).for_each(|(a, b)| *a |= b);
            }
        }
        if services[i].kind.unwrap_or_default() == NodeKind::Service {
            let nodes: Vec<usize> = (0..n).filter(|&x| x != i && set[x / 64] & (1 << (x % 64)) != 0).collect();
            if !nodes.is_empty() {
                out.push((i, nodes));
            }
        }
        for d in graph.edges(i) {
            pending[d] = pending[d].saturating_sub(1);
            if pending[d] == 0 {
                sets[d] = None;
            }
        }
        if pending[i] > 0 {
            sets[i] = Some(set);
        }
    }
    out.sort_by(|a, b| services[a.0].id.as_bytes().cmp(services[b.0].id.as_bytes()));
    for (_, nodes) in &mut out {
        nodes.sort_by(|&a, &b| services[a].id.as_bytes().cmp(services[b].id.as_bytes()));
    }
    out
}
