//! SLA alignment (SPEC §5, §8 "SLA alignment"): do the supplier contracts and
//! OLAs under each customer SLA really support it?

use std::sync::Arc;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::calendar::{target_minutes, worst_lateness, Calendar};
use crate::findings::{clearly_greater, Finding, FindingKind, RefField, Subject, Subjects, TimingGap};
use crate::graph::{unknown_ref, ServiceGraph};
use crate::model::{Agreement, AgreementKind, Date, Hours, NodeKind, Percent, Register, SupportHours};

/// What the alignment check works out besides its findings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alignment {
    /// For each agreement (by index): for a customer SLA with a known service, the
    /// indices of the supplier contracts and OLAs underpinning it, in file order.
    pub underpinning: Vec<Vec<usize>>,
    /// For each service: its own availability in percent (lowest of its own figure
    /// and the contracts and OLAs on it; 100 when none is known).
    pub own_availability: Vec<f64>,
    /// For each service: the availability it can at best deliver, composed from its
    /// dependency tree, in percent; `None` on or behind a cycle.
    pub composed_availability: Vec<Option<f64>>,
    /// For each service: whether its own figure is known (its `availability`, or
    /// a contract's or OLA's on it); when not, it counts as 100.
    pub own_known: Vec<bool>,
    /// For each service: whether any figure (its own, an agreement's, or one in
    /// its dependency tree) went into its composed availability. When none did,
    /// the 100 % it composes to is a default, not a number to show.
    pub availability_known: Vec<bool>,
}

/// Where each agreement sits in the graph and which contracts and OLAs are
/// under each customer SLA: the first half of the alignment check, apart so that
/// the analysis knows how many pairs there are before it writes any finding.
/// Check with the register and graph it was made from.
pub struct Coverage {
    node_of: Vec<Option<usize>>,
    /// Unknown `service` and `party` references, written first in their turn.
    unknown_refs: Vec<Finding>,
    /// The customer SLAs with a known service: (agreement, service, the
    /// service's bit: its number among the customer-SLA services).
    slas: Vec<(usize, usize, usize)>,
    /// By bit: the contracts and OLAs under the service, in file order.
    under: Vec<Vec<usize>>,
    /// By bit: the supplier services under it that no contract or OLA covers.
    uncovered: Vec<Vec<usize>>,
}

impl Coverage {
    pub fn new(register: &Register, graph: &ServiceGraph) -> Self {
        let agreements = &register.agreements;
        let mut unknown_refs = Vec::new();
        let supplier_ids: rustc_hash::FxHashSet<&str> = register.suppliers.iter().map(|s| s.id.as_str()).collect();
        let mut node_of: Vec<Option<usize>> = Vec::with_capacity(agreements.len());
        for (i, a) in agreements.iter().enumerate() {
            let node = a.service.as_deref().and_then(|id| {
                let n = graph.get(id);
                if n.is_none() {
                    unknown_refs.push(unknown_ref(Subject::agreement(i), id, RefField::Service));
                }
                n
            });
            node_of.push(node);
            if let Some(party) = a.party.as_deref().filter(|_| a.kind.is_underpinning()) {
                if !supplier_ids.contains(party) {
                    unknown_refs.push(unknown_ref(Subject::agreement(i), party, RefField::Party));
                }
            }
        }

        // Which customer-SLA services reach each node, as one bit per distinct service.
        let mut roots: Vec<usize> = Vec::new();
        let mut root_bit: FxHashMap<usize, usize> = FxHashMap::default();
        for (a, node) in agreements.iter().zip(&node_of) {
            if let (AgreementKind::CustomerSla, Some(n)) = (a.kind, *node) {
                root_bit.entry(n).or_insert_with(|| {
                    roots.push(n);
                    roots.len() - 1
                });
            }
        }
        let reach = Reach::compute(graph, &roots);

        let mut under: Vec<Vec<usize>> = vec![Vec::new(); roots.len()];
        let mut covered = vec![false; register.services.len()];
        for (j, (a, node)) in agreements.iter().zip(&node_of).enumerate() {
            if let (true, Some(n)) = (a.kind.is_underpinning(), *node) {
                covered[n] = true;
                for r in reach.roots_reaching(graph.component_of[n]) {
                    under[r].push(j);
                }
            }
        }
        let mut uncovered: Vec<Vec<usize>> = vec![Vec::new(); roots.len()];
        for (n, s) in register.services.iter().enumerate() {
            if s.kind() == NodeKind::SupplierService && !covered[n] {
                for r in reach.roots_reaching(graph.component_of[n]) {
                    uncovered[r].push(n);
                }
            }
        }
        let slas = (agreements.iter().zip(&node_of).enumerate())
            .filter_map(|(i, (a, n))| match (a.kind, *n) {
                (AgreementKind::CustomerSla, Some(n)) => Some((i, n, root_bit[&n])),
                _ => None,
            })
            .collect();
        Coverage { node_of, unknown_refs, slas, under, uncovered }
    }

    /// How many findings the check writes at most, give or take: a few per
    /// (customer SLA, agreement under it) pair, one per uncovered supplier service.
    pub fn findings_expected(&self) -> usize {
        let per_sla = |r: usize| self.under[r].len() * 3 + self.uncovered[r].len() + 1;
        self.unknown_refs.len() + self.slas.iter().map(|&(.., r)| per_sla(r)).sum::<usize>()
    }
}

/// Runs every SLA check and returns what it worked out. Room for the findings
/// is the caller's to reserve (`Coverage::findings_expected`).
pub fn check_alignment(
    register: &Register,
    graph: &ServiceGraph,
    coverage: Coverage,
    today: Date,
    out: &mut Vec<Finding>,
) -> Alignment {
    let agreements = &register.agreements;
    debug_assert_eq!(agreements.len(), coverage.node_of.len(), "coverage of another register");
    let Coverage { node_of, unknown_refs, slas, under, uncovered } = coverage;
    out.extend(unknown_refs);

    let (own_availability, own_known) = own_availability(register, &node_of);
    let composed_availability = compose_availability(graph, &own_availability);
    let availability_known = known_availability(graph, own_known.clone());

    let mut timing = TimingCache::default();
    let terms: Vec<Terms> = agreements.iter().map(|a| timing.terms(a)).collect();
    let mut underpinning = vec![Vec::new(); agreements.len()];
    for (i, n, r) in slas {
        let sla = &agreements[i];
        for &j in &under[r] {
            let pair = Pair { sla: (i, sla, &terms[i]), underpinning: (j, &agreements[j], &terms[j]) };
            check_pair(pair, today, &mut timing, out);
        }
        underpinning[i] = under[r].clone();
        if let (Some(committed), Some(composed)) = (sla.availability.map(Percent::get), composed_availability[n]) {
            if clearly_greater(committed, composed) {
                out.push(Finding::new(
                    FindingKind::SlaAvailabilityShortfall { composed, committed },
                    Subjects::two(Subject::agreement(i), Subject::service(n)),
                ));
            }
        }
        for &x in &uncovered[r] {
            out.push(Finding::new(
                FindingKind::SlaNoUnderpinning {},
                Subjects::two(Subject::agreement(i), Subject::service(x)),
            ));
        }
    }
    Alignment { underpinning, own_availability, composed_availability, own_known, availability_known }
}

/// One term of a customer SLA beside the same term of an agreement under it,
/// in words, for a person comparing the two ("why misaligned").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsRow {
    pub term: String,
    pub customer: String,
    pub underpinning: String,
}

/// A customer SLA's terms beside an underpinning agreement's: support hours,
/// each of the SLA's priorities (response, resolution), RTO, RPO,
/// availability and end, the terms neither states left out.
pub fn terms_side_by_side(sla: &Agreement, under: &Agreement) -> Vec<TermsRow> {
    use crate::findings::{fmt_hours, fmt_percent};
    let row = |term: String, customer: String, underpinning: String| TermsRow { term, customer, underpinning };
    let hours = |h: Option<Hours>| h.map_or_else(|| "not stated".to_string(), |h| fmt_hours(h.get()).to_string());
    // Support hours not stated are round the clock (SPEC §5): said so, not shown as given.
    let support = |a: &Agreement| a.hours.as_ref().map_or_else(|| "not stated: 24x7".to_string(), |h| h.to_string());
    let mut rows = vec![row("Support hours".into(), support(sla), support(under))];
    for ours in &sla.targets {
        let theirs = under.targets.iter().find(|t| t.priority == ours.priority);
        let theirs_or = |h: fn(&crate::model::Target) -> Hours| {
            theirs.map_or_else(|| "not covered".to_string(), |t| fmt_hours(h(t).get()).to_string())
        };
        let p = crate::bidi::isolate(&ours.priority);
        rows.push(row(format!("{p} response"), fmt_hours(ours.response.get()).to_string(), theirs_or(|t| t.response)));
        rows.push(row(
            format!("{p} resolution"),
            fmt_hours(ours.resolution.get()).to_string(),
            theirs_or(|t| t.resolution),
        ));
    }
    for (term, a, b) in [("RTO", sla.rto, under.rto), ("RPO", sla.rpo, under.rpo)] {
        if a.is_some() || b.is_some() {
            rows.push(row(term.into(), hours(a), hours(b)));
        }
    }
    if sla.availability.is_some() || under.availability.is_some() {
        let percent =
            |p: Option<Percent>| p.map_or_else(|| "not stated".to_string(), |p| fmt_percent(p.get()).to_string());
        rows.push(row("Availability".into(), percent(sla.availability), percent(under.availability)));
    }
    if sla.end.is_some() || under.end.is_some() {
        let end = |d: Option<Date>| d.map_or_else(|| "no end date".to_string(), |d| d.to_string());
        rows.push(row("Ends".into(), end(sla.end), end(under.end)));
    }
    rows
}

/// One factor of a node's composed availability (SPEC §5): the composed figure
/// is the product of its factors.
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    /// The node's own figure, percent.
    Own(f64),
    /// A plain dependency and its composed figure, percent.
    Needs { node: usize, availability: f64 },
    /// An `any_of` group, its members' composed figures, and
    /// 1 − Π (1 − member), percent.
    OneOf { members: Vec<(usize, f64)>, availability: f64 },
}

impl Factor {
    pub fn availability(&self) -> f64 {
        match self {
            Factor::Own(a) | Factor::Needs { availability: a, .. } | Factor::OneOf { availability: a, .. } => *a,
        }
    }
}

/// What a node's composed availability is made of: its own figure, each plain
/// dependency and each group of alternatives. `None` on or behind a cycle.
pub fn availability_breakdown(graph: &ServiceGraph, alignment: &Alignment, node: usize) -> Option<Vec<Factor>> {
    alignment.composed_availability.get(node).copied().flatten()?;
    let composed = |d: usize| alignment.composed_availability[d].unwrap_or(0.0);
    let mut factors = vec![Factor::Own(alignment.own_availability[node])];
    factors.extend(graph.all_of(node).iter().map(|&d| Factor::Needs { node: d, availability: composed(d) }));
    for members in graph.any_of(node) {
        let members: Vec<(usize, f64)> = members.iter().map(|&m| (m, composed(m))).collect();
        let down: f64 = members.iter().map(|(_, a)| 1.0 - a / 100.0).product();
        factors.push(Factor::OneOf { members, availability: (1.0 - down) * 100.0 });
    }
    Some(factors)
}

/// A node's own availability: the lowest of its `availability` and that of the
/// contracts and OLAs on it; 100 when none is known (and whether one is).
fn own_availability(register: &Register, node_of: &[Option<usize>]) -> (Vec<f64>, Vec<bool>) {
    let mut own: Vec<f64> = register.services.iter().map(|s| s.availability.map_or(100.0, Percent::get)).collect();
    let mut known: Vec<bool> = register.services.iter().map(|s| s.availability.is_some()).collect();
    for (a, node) in register.agreements.iter().zip(node_of) {
        if let (true, Some(n), Some(p)) = (a.kind.is_underpinning(), *node, a.availability) {
            own[n] = own[n].min(p.get());
            known[n] = true;
        }
    }
    (own, known)
}

/// Whether a figure is known anywhere in each node's dependency tree (itself
/// included): one pass in dependency order, as the composition itself.
fn known_availability(graph: &ServiceGraph, mut known: Vec<bool>) -> Vec<bool> {
    for i in graph.dependencies_first() {
        if !known[i] {
            known[i] = graph.edges(i).any(|d| known[d]);
        }
    }
    known
}

/// A(X) = own(X) × Π A(plain dependency) × Π (1 − Π (1 − A(member))) per group.
fn compose_availability(graph: &ServiceGraph, own: &[f64]) -> Vec<Option<f64>> {
    let mut fraction: Vec<Option<f64>> = vec![None; own.len()];
    for i in graph.dependencies_first() {
        if graph.blocked[i] {
            continue;
        }
        let a = |d: usize| fraction[d].unwrap_or(0.0);
        let plain: f64 = graph.all_of(i).iter().map(|&d| a(d)).product();
        let groups: f64 = graph.any_of(i).map(|m| 1.0 - m.iter().map(|&d| 1.0 - a(d)).product::<f64>()).product();
        fraction[i] = Some(own[i] / 100.0 * plain * groups);
    }
    fraction.into_iter().map(|f| f.map(|f| f * 100.0)).collect()
}

/// For each component of the graph, the set of customer-SLA services (roots) that
/// reach it, as a bit set: one pass over the edges, dependents first.
struct Reach {
    words: usize,
    bits: Vec<u64>,
}

impl Reach {
    fn compute(graph: &ServiceGraph, roots: &[usize]) -> Self {
        let words = roots.len().div_ceil(64);
        let mut bits = vec![0u64; graph.components.len() * words];
        if words == 0 {
            return Reach { words, bits };
        }
        for (r, &n) in roots.iter().enumerate() {
            bits[graph.component_of[n] * words + r / 64] |= 1 << (r % 64);
        }
        let mut carry = vec![0u64; words];
        for (c, comp) in graph.components.iter().enumerate().rev() {
            carry.copy_from_slice(&bits[c * words..(c + 1) * words]);
            if carry.iter().all(|&w| w == 0) {
                continue;
            }
            for &i in comp {
                for d in graph.edges(i) {
                    let cd = graph.component_of[d];
                    if cd != c {
                        for (w, &v) in bits[cd * words..(cd + 1) * words].iter_mut().zip(&carry) {
                            *w |= v;
                        }
                    }
                }
            }
        }
        Reach { words, bits }
    }

    fn roots_reaching(&self, component: usize) -> impl Iterator<Item = usize> + '_ {
        let words = &self.bits[component * self.words..(component + 1) * self.words];
        words.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros() as usize;
                    w &= w - 1;
                    k * 64 + b
                })
            })
        })
    }
}

/// Calendars interned by their support hours, priorities interned by name,
/// clocks (a target on a calendar) interned, worst lateness cached by (customer
/// clock, underpinning clock), and each timing gap made once: the findings of
/// every pair with the same priority and clocks share it.
#[derive(Default)]
struct TimingCache {
    calendars: Vec<Calendar>,
    by_hours: FxHashMap<CalendarKey, usize>,
    priorities: FxHashMap<Arc<str>, u32>,
    clocks: Vec<Clock>,
    /// By calendar and the target's hours as given (their bits).
    by_clock: FxHashMap<(usize, u64), u32>,
    lateness: FxHashMap<u64, Lateness>,
    gaps: FxHashMap<(u32, u64), Arc<TimingGap>>,
}

/// A target on a calendar (by its index): in whole minutes, and as given.
#[derive(Clone, Copy)]
struct Clock {
    calendar: usize,
    minutes: i64,
    hours: f64,
}

/// Two clocks in one key.
fn clock_pair(customer: u32, underpinning: u32) -> u64 {
    u64::from(customer) << 32 | u64::from(underpinning)
}

#[derive(Hash, PartialEq, Eq)]
enum CalendarKey {
    Always,
    Weekly { days: u8, from: u16, to: u16 },
}

/// The worst lateness in minutes, the first starting minute with it, and both
/// deadlines for an incident raised then.
#[derive(Clone, Copy)]
struct Lateness {
    late: i64,
    start: i64,
    customer_due: i64,
    underpinning_due: i64,
}

/// An agreement's timing terms, worked out once: per target the interned
/// priority and the response and resolution targets as clocks on its calendar
/// (so the pass over the pairs reads no agreement a second time).
struct Terms {
    targets: SmallVec<[TargetTerms; 4]>,
}

struct TargetTerms {
    priority: u32,
    /// Response, resolution.
    clocks: [u32; 2],
}

impl TimingCache {
    fn terms(&mut self, a: &Agreement) -> Terms {
        let calendar = self.calendar(a.support_hours());
        let targets = a
            .targets
            .iter()
            .map(|t| {
                let next = self.priorities.len() as u32;
                let priority = *self.priorities.entry(t.priority.clone()).or_insert(next);
                let clocks = [t.response, t.resolution].map(|h| self.clock(calendar, h.get()));
                TargetTerms { priority, clocks }
            })
            .collect();
        Terms { targets }
    }

    fn calendar(&mut self, hours: &SupportHours) -> usize {
        let key = match hours {
            SupportHours::TwentyFourSeven => CalendarKey::Always,
            SupportHours::Weekly(w) => CalendarKey::Weekly {
                days: w.days.iter().fold(0, |m, d| m | 1 << d.index()),
                from: w.from.minutes(),
                to: w.to.minutes(),
            },
        };
        if let Some(&i) = self.by_hours.get(&key) {
            return i;
        }
        self.calendars.push(Calendar::from_hours(hours));
        self.by_hours.insert(key, self.calendars.len() - 1);
        self.calendars.len() - 1
    }

    fn clock(&mut self, calendar: usize, hours: f64) -> u32 {
        let next = self.clocks.len() as u32;
        *self.by_clock.entry((calendar, hours.to_bits())).or_insert_with(|| {
            self.clocks.push(Clock { calendar, minutes: target_minutes(hours), hours });
            next
        })
    }

    /// The worst lateness of the `underpinning` clock's deadlines behind the `customer` clock's.
    fn worst(&mut self, customer: u32, underpinning: u32) -> Lateness {
        let (cals, clocks) = (&self.calendars, &self.clocks);
        *self.lateness.entry(clock_pair(customer, underpinning)).or_insert_with(|| {
            let Clock { calendar: c, minutes: ct, .. } = clocks[customer as usize];
            let Clock { calendar: u, minutes: ut, .. } = clocks[underpinning as usize];
            let (late, start) = worst_lateness(&cals[c], ct, &cals[u], ut);
            Lateness {
                late,
                start,
                customer_due: cals[c].deadline(start, ct),
                underpinning_due: cals[u].deadline(start, ut),
            }
        })
    }

    /// The timing gap of a priority's `underpinning` target behind the
    /// `customer` one, if the underpinning deadline can be later: one for all
    /// the pairs with the same priority and clocks.
    fn gap(&mut self, name: &Arc<str>, priority: u32, customer: u32, underpinning: u32) -> Option<Arc<TimingGap>> {
        let l = self.worst(customer, underpinning);
        if l.late <= 0 {
            return None;
        }
        let (c, u) = (self.clocks[customer as usize], self.clocks[underpinning as usize]);
        let gap = self.gaps.entry((priority, clock_pair(customer, underpinning))).or_insert_with(|| {
            Arc::new(TimingGap {
                priority: name.clone(),
                late_hours: l.late as f64 / 60.0,
                customer_target: c.hours,
                underpinning_target: u.hours,
                worst_start_minute: l.start,
                customer_due_minute: l.customer_due,
                underpinning_due_minute: l.underpinning_due,
            })
        });
        Some(gap.clone())
    }
}

/// A customer SLA and one agreement under it: index, agreement, timing terms.
struct Pair<'a> {
    sla: (usize, &'a Agreement, &'a Terms),
    underpinning: (usize, &'a Agreement, &'a Terms),
}

fn check_pair(pair: Pair, today: Date, timing: &mut TimingCache, out: &mut Vec<Finding>) {
    let ((i, sla, st), (j, u, ut)) = (pair.sla, pair.underpinning);
    let subjects = || Subjects::two(Subject::agreement(i), Subject::agreement(j));
    for (k, ours) in st.targets.iter().enumerate() {
        let priority = &sla.targets[k].priority;
        let Some(theirs) = ut.targets.iter().find(|t| t.priority == ours.priority) else {
            out.push(Finding::new(FindingKind::SlaPriorityUncovered { priority: priority.clone() }, subjects()));
            continue;
        };
        let measures = [FindingKind::SlaResponseMisaligned as fn(_) -> _, FindingKind::SlaResolutionMisaligned];
        for (m, finding) in measures.into_iter().enumerate() {
            if let Some(gap) = timing.gap(priority, ours.priority, ours.clocks[m], theirs.clocks[m]) {
                out.push(Finding::new(finding(gap), subjects()));
            }
        }
    }
    if let (Some(customer), Some(underpinning)) = (sla.rto.map(Hours::get), u.rto.map(Hours::get)) {
        if clearly_greater(underpinning, customer) {
            out.push(Finding::new(FindingKind::SlaRtoMisaligned { customer, underpinning }, subjects()));
        }
    }
    if let (Some(customer), Some(underpinning)) = (sla.rpo.map(Hours::get), u.rpo.map(Hours::get)) {
        if clearly_greater(underpinning, customer) {
            out.push(Finding::new(FindingKind::SlaRpoMisaligned { customer, underpinning }, subjects()));
        }
    }
    if let Some(end) = u.end {
        let ended = end < today;
        if ended || sla.end.is_none_or(|ce| ce > end) {
            out.push(Finding::new(FindingKind::SlaTermGap { end, customer_end: sla.end, ended }, subjects()));
        }
    }
}
