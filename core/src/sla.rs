//! SLA alignment (SPEC §5, §8 "SLA alignment"): do the supplier contracts and
//! OLAs under each customer SLA really support it?

use rustc_hash::FxHashMap;

use crate::calendar::{minute_label, target_minutes, worst_lateness, Calendar};
use crate::findings::{clearly_greater, fmt_hours, fmt_percent, Finding, FindingKind, TimingGap};
use crate::graph::{unknown_ref, ServiceGraph};
use crate::model::{Agreement, AgreementKind, Date, Hours, NodeKind, Percent, Register, SupportHours, Target};

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
}

/// Runs every SLA check and returns what it worked out.
pub fn check_alignment(register: &Register, graph: &ServiceGraph, today: Date, out: &mut Vec<Finding>) -> Alignment {
    let agreements = &register.agreements;
    let services = &register.services;

    // Where each agreement sits, and whom a contract or OLA is with.
    let supplier_ids: rustc_hash::FxHashSet<&str> = register.suppliers.iter().map(|s| s.id.as_str()).collect();
    let mut node_of: Vec<Option<usize>> = Vec::with_capacity(agreements.len());
    for a in agreements {
        let node = a.service.as_deref().and_then(|id| {
            let n = graph.get(id);
            if n.is_none() {
                out.push(unknown_ref(&a.id, id, "service", "service"));
            }
            n
        });
        node_of.push(node);
        if let Some(party) = a.party.as_deref().filter(|_| a.kind.is_underpinning()) {
            if !supplier_ids.contains(party) {
                out.push(unknown_ref(&a.id, party, "party", "supplier"));
            }
        }
    }

    let own_availability = own_availability(register, &node_of);
    let composed_availability = compose_availability(graph, &own_availability);

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
    let mut covered = vec![false; services.len()];
    for (j, (a, node)) in agreements.iter().zip(&node_of).enumerate() {
        if let (true, Some(n)) = (a.kind.is_underpinning(), *node) {
            covered[n] = true;
            for r in reach.roots_reaching(graph.component_of[n]) {
                under[r].push(j);
            }
        }
    }
    let mut uncovered: Vec<Vec<usize>> = vec![Vec::new(); roots.len()];
    for (n, s) in services.iter().enumerate() {
        if s.kind() == NodeKind::SupplierService && !covered[n] {
            for r in reach.roots_reaching(graph.component_of[n]) {
                uncovered[r].push(n);
            }
        }
    }

    let mut timing = TimingCache::default();
    let mut underpinning = vec![Vec::new(); agreements.len()];
    for (i, (sla, node)) in agreements.iter().zip(&node_of).enumerate() {
        let (AgreementKind::CustomerSla, Some(n)) = (sla.kind, *node) else { continue };
        let r = root_bit[&n];
        for &j in &under[r] {
            check_pair(sla, &agreements[j], today, &mut timing, out);
        }
        underpinning[i] = under[r].clone();
        if let (Some(committed), Some(composed)) = (sla.availability.map(Percent::get), composed_availability[n]) {
            if clearly_greater(committed, composed) {
                out.push(Finding::new(
                    FindingKind::SlaAvailabilityShortfall { composed, committed },
                    vec![sla.id.to_string(), services[n].id.to_string()],
                    format!(
                        "{} commits to {} availability but {} can at best deliver {} from what it depends on",
                        sla.id,
                        fmt_percent(committed),
                        services[n].id,
                        fmt_percent(composed)
                    ),
                ));
            }
        }
        for &x in &uncovered[r] {
            out.push(Finding::new(
                FindingKind::SlaNoUnderpinning {},
                vec![sla.id.to_string(), services[x].id.to_string()],
                format!(
                    "{}: supplier service {} ({}) has no supplier contract or OLA behind it",
                    sla.id, services[x].id, services[x].name
                ),
            ));
        }
    }
    Alignment { underpinning, own_availability, composed_availability }
}

/// A node's own availability: the lowest of its `availability` and that of the
/// contracts and OLAs on it; 100 when none is known.
fn own_availability(register: &Register, node_of: &[Option<usize>]) -> Vec<f64> {
    let mut own: Vec<f64> = register.services.iter().map(|s| s.availability.map_or(100.0, Percent::get)).collect();
    for (a, node) in register.agreements.iter().zip(node_of) {
        if let (true, Some(n), Some(p)) = (a.kind.is_underpinning(), *node, a.availability) {
            own[n] = own[n].min(p.get());
        }
    }
    own
}

/// A(X) = own(X) × Π A(plain dependency) × Π (1 − Π (1 − A(member))) per group.
fn compose_availability(graph: &ServiceGraph, own: &[f64]) -> Vec<Option<f64>> {
    let mut fraction: Vec<Option<f64>> = vec![None; own.len()];
    for i in graph.dependencies_first() {
        if graph.blocked[i] {
            continue;
        }
        let a = |d: usize| fraction[d].unwrap_or(0.0);
        let needs = &graph.needs[i];
        let plain: f64 = needs.all_of.iter().map(|&d| a(d)).product();
        let groups: f64 = needs.any_of.iter().map(|m| 1.0 - m.iter().map(|&d| 1.0 - a(d)).product::<f64>()).product();
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

/// Calendars interned by their support hours, and worst lateness cached by
/// (customer calendar, customer target, underpinning calendar, underpinning target).
#[derive(Default)]
struct TimingCache {
    calendars: Vec<Calendar>,
    by_hours: FxHashMap<CalendarKey, usize>,
    lateness: FxHashMap<(usize, i64, usize, i64), (i64, i64)>,
}

#[derive(Hash, PartialEq, Eq)]
enum CalendarKey {
    Always,
    Weekly { days: u8, from: u16, to: u16 },
}

impl TimingCache {
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

    fn worst(&mut self, c: usize, ct: i64, u: usize, ut: i64) -> (i64, i64) {
        let cals = &self.calendars;
        *self.lateness.entry((c, ct, u, ut)).or_insert_with(|| worst_lateness(&cals[c], ct, &cals[u], ut))
    }
}

#[derive(Clone, Copy)]
enum Measure {
    Response,
    Resolution,
}

fn check_pair(sla: &Agreement, u: &Agreement, today: Date, timing: &mut TimingCache, out: &mut Vec<Finding>) {
    let subjects = || vec![sla.id.to_string(), u.id.to_string()];
    if !sla.targets.is_empty() {
        let (cc, uc) = (timing.calendar(sla.support_hours()), timing.calendar(u.support_hours()));
        for ct in &sla.targets {
            match u.targets.iter().find(|t| t.priority == ct.priority) {
                None => out.push(Finding::new(
                    FindingKind::SlaPriorityUncovered { priority: ct.priority.clone() },
                    subjects(),
                    format!(
                        "{} ({}) has no target for priority \"{}\", which {} promises",
                        u.id,
                        u.kind.label(),
                        ct.priority,
                        sla.id
                    ),
                )),
                Some(ut) => {
                    for m in [Measure::Response, Measure::Resolution] {
                        check_timing(sla, u, ct, ut, m, (cc, uc), timing, out);
                    }
                }
            }
        }
    }
    for (name, customer, underpinning) in [("RTO", sla.rto, u.rto), ("RPO", sla.rpo, u.rpo)] {
        let (Some(customer), Some(underpinning)) = (customer.map(Hours::get), underpinning.map(Hours::get)) else {
            continue;
        };
        if clearly_greater(underpinning, customer) {
            let kind = if name == "RTO" {
                FindingKind::SlaRtoMisaligned { customer, underpinning }
            } else {
                FindingKind::SlaRpoMisaligned { customer, underpinning }
            };
            out.push(Finding::new(
                kind,
                subjects(),
                format!(
                    "{} promises an {name} of {} but {} only commits to {}",
                    sla.id,
                    fmt_hours(customer),
                    u.id,
                    fmt_hours(underpinning)
                ),
            ));
        }
    }
    if let Some(end) = u.end {
        let why = match sla.end {
            _ if end < today => Some(format!("{} ended on {end}", u.id)),
            None => Some(format!("{} ends on {end} but {} has no end date", u.id, sla.id)),
            Some(ce) if ce > end => Some(format!("{} ends on {end}, before {} ends on {ce}", u.id, sla.id)),
            Some(_) => None,
        };
        if let Some(why) = why {
            out.push(Finding::new(
                FindingKind::SlaTermGap { end, customer_end: sla.end },
                subjects(),
                format!("{}: underpinning term gap: {why}", sla.id),
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_timing(
    sla: &Agreement,
    u: &Agreement,
    ct: &Target,
    ut: &Target,
    measure: Measure,
    (cc, uc): (usize, usize),
    timing: &mut TimingCache,
    out: &mut Vec<Finding>,
) {
    let (c_hours, u_hours, word) = match measure {
        Measure::Response => (ct.response.get(), ut.response.get(), "response"),
        Measure::Resolution => (ct.resolution.get(), ut.resolution.get(), "resolution"),
    };
    let (cm, um) = (target_minutes(c_hours), target_minutes(u_hours));
    let (late, start) = timing.worst(cc, cm, uc, um);
    if late <= 0 {
        return;
    }
    let (c_due, u_due) = (timing.calendars[cc].deadline(start, cm), timing.calendars[uc].deadline(start, um));
    let gap = TimingGap {
        priority: ct.priority.clone(),
        late_hours: late as f64 / 60.0,
        customer_target: c_hours,
        underpinning_target: u_hours,
        worst_start_minute: start as u32,
    };
    let message = format!(
        "{} priority {}: {} {word} ({}) can end {} after {}'s ({}); worst for an incident raised {}: \
         customer due {}, {} due {}",
        sla.id,
        ct.priority,
        u.id,
        fmt_hours(u_hours),
        fmt_hours(gap.late_hours),
        sla.id,
        fmt_hours(c_hours),
        minute_label(start),
        minute_label(c_due),
        u.id,
        minute_label(u_due)
    );
    let kind = match measure {
        Measure::Response => FindingKind::SlaResponseMisaligned(gap),
        Measure::Resolution => FindingKind::SlaResolutionMisaligned(gap),
    };
    out.push(Finding::new(kind, vec![sla.id.to_string(), u.id.to_string()], message));
}
