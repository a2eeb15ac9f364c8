//! Large, realistic registers for benchmarks and load tests (`rampart gen`).
//!
//! Deterministic for a given [`Size`] and seed. The BIA is layered the way real
//! ones are: customer-facing services need processes, processes need systems,
//! systems need sites and supplier services, so the graph is acyclic and each
//! service's dependency tree is a few hundred nodes at most.

use crate::model::*;

/// How big a register to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub risks: usize,
    pub services: usize,
    /// Dependencies per service (on average, for nodes that have any).
    pub dependencies: usize,
    pub customer_slas: usize,
    /// Supplier contracts and OLAs.
    pub underpinning: usize,
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn id(s: String) -> Id {
    Id::new(s).expect("generated ids are short and non-empty")
}

fn hours(h: f64) -> Hours {
    Hours::new(h).expect("generated hours are non-negative")
}

const CATEGORIES: &[&str] =
    &["Information security", "Operational", "Financial", "Compliance", "Third party", "People", "Strategic"];
const OWNERS: &[&str] = &["A. Patel", "B. Okafor", "C. Novak", "D. Lindqvist", "E. Moreau", "F. Tanaka"];
const PRIORITIES: &[(&str, f64, f64)] = &[("P1", 0.25, 4.0), ("P2", 1.0, 8.0), ("P3", 4.0, 24.0)];

/// Makes a register of the given size.
pub fn register(size: Size, seed: u64) -> Register {
    let mut rng = Rng(seed);
    let mut r = Register::new(format!("Generated register ({} risks, {} services)", size.risks, size.services));
    r.organization = Some("Example Group plc".into());
    let today = Date::from_ymd(2026, 11, 1).expect("a real date");

    // BIA layers: top 20% services, 30% processes, 35% systems, 15% sites and supplier services.
    let n = size.services;
    let bounds = [0, n / 5, n / 2, n * 17 / 20, n];
    let layer_of = |i: usize| (0..4).find(|&l| i < bounds[l + 1]).unwrap_or(3);
    for i in 0..n {
        let layer = layer_of(i);
        let kind = match layer {
            0 => NodeKind::Service,
            1 => NodeKind::Process,
            2 => NodeKind::System,
            _ if rng.chance(50) => NodeKind::Site,
            _ => NodeKind::SupplierService,
        };
        let mut s = Service::new(id(format!("S-{i:06}")), format!("{} {i}", kind.label()));
        s.kind = Some(kind);
        s.owner = Some(rng.pick(OWNERS).to_string());
        let rto = *rng.pick(&[2.0, 4.0, 8.0, 24.0, 48.0, 72.0]) * (layer as f64 * 0.5 + 0.5);
        s.rto = Some(hours(rto));
        s.mtpd = Some(hours(rto * *rng.pick(&[0.75, 2.0, 3.0])));
        s.rpo = Some(hours(*rng.pick(&[0.0, 0.25, 1.0, 4.0])));
        s.recovery = Some(hours(*rng.pick(&[0.5, 1.0, 2.0, 4.0, 8.0])));
        s.availability = Some(Percent::new(*rng.pick(&[99.0, 99.5, 99.9, 99.95, 99.99])).expect("in range"));
        s.impact = Some(ImpactCurve(
            [(4.0, 1 + rng.below(2)), (24.0, 2 + rng.below(2)), (72.0, 4 + rng.below(2))]
                .into_iter()
                .map(|(h, l)| ImpactRating { key: format!("{h}"), hours: h, level: Level(l as i64) })
                .collect(),
        ));
        if layer < 3 {
            let (lo, hi) = (bounds[layer + 1], bounds[layer + 2].max(bounds[layer + 1] + 1).min(n));
            let pick = |rng: &mut Rng| format!("S-{:06}", lo + rng.below(hi - lo));
            let count = 1 + rng.below(size.dependencies.max(1) * 2 - 1);
            let mut k = 0;
            while k < count && hi > lo {
                if rng.chance(15) && k + 2 <= count {
                    let any_of = vec![pick(&mut rng), pick(&mut rng)];
                    s.depends_on.push(Dependency::AnyOf(AnyOf { any_of, extra: Extras::default() }));
                    k += 2;
                } else {
                    s.depends_on.push(Dependency::On(pick(&mut rng)));
                    k += 1;
                }
            }
        }
        r.services.push(s);
    }

    for i in 0..size.risks {
        let inherent = Rating::new(1 + rng.below(5) as i64, 1 + rng.below(5) as i64);
        let inherent_score = inherent.impact.0 * inherent.likelihood.0;
        let mut risk = Risk::new(id(format!("R-{i:06}")), format!("Generated risk {i}"), inherent);
        risk.category = Some(rng.pick(CATEGORIES).to_string());
        risk.owner = Some(rng.pick(OWNERS).to_string());
        risk.description = Some("A risk made by the generator to measure the analysis at scale.".into());
        risk.review_date = Some(today.add_days(rng.below(200) as i64 - 60));
        if rng.chance(30) {
            risk.target_date = Some(today.add_days(rng.below(400) as i64 - 100));
        }
        for c in 0..rng.below(4) {
            risk.controls.push(Control {
                id: id(format!("R-{i:06}-C{c}")),
                name: Some(format!("Control {c}")),
                reduces: if rng.chance(60) { Axis::Likelihood } else { Axis::Impact },
                by: 1 + rng.below(2) as i64,
                status: if rng.chance(70) { ControlStatus::Implemented } else { ControlStatus::Planned },
                extra: Extras::default(),
            });
        }
        if rng.chance(10) {
            risk.acceptance = Some(Acceptance {
                by: "Risk committee".into(),
                date: today.add_days(-(rng.below(300) as i64)),
                expires: rng.chance(80).then(|| today.add_days(rng.below(400) as i64 - 60)),
                score: rng.chance(50).then_some(Score(inherent_score)),
                extra: Extras::default(),
            });
        }
        if rng.chance(10) {
            risk.kind = Some(RiskKind::Opportunity);
        }
        for a in 0..rng.below(3) {
            let control = risk.controls.get(a).filter(|_| rng.chance(50)).map(|c| c.id.to_string());
            risk.actions.push(Action {
                id: id(format!("R-{i:06}-A{a}")),
                title: format!("Action {a}"),
                owner: Some(rng.pick(OWNERS).to_string()),
                due: Some(today.add_days(rng.below(200) as i64 - 50)),
                status: [ActionStatus::Planned, ActionStatus::InProgress, ActionStatus::Done][rng.below(3)],
                control,
                extra: Extras::default(),
            });
        }
        if n > 0 && rng.chance(50) {
            risk.services.push(format!("S-{:06}", rng.below(n)));
        }
        r.risks.push(risk);
    }

    let suppliers = (size.underpinning / 40).max(1);
    for i in 0..suppliers {
        r.suppliers.push(Supplier {
            id: id(format!("SUP-{i:04}")),
            name: format!("Supplier {i}"),
            supplier_type: Some(if rng.chance(70) { SupplierType::External } else { SupplierType::Internal }),
            extra: Extras::default(),
        });
    }
    let office = SupportHours::Weekly(WeeklyHours {
        days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
        from: ClockTime::parse("08:00").expect("valid"),
        to: ClockTime::parse("18:00").expect("valid"),
        extra: Extras::default(),
    });
    let targets = |rng: &mut Rng, scale: f64| {
        PRIORITIES
            .iter()
            .filter(|_| rng.chance(90))
            .map(|&(p, resp, res)| Target {
                priority: p.into(),
                response: hours(resp * scale),
                resolution: hours(res * scale),
                extra: Extras::default(),
            })
            .collect::<Vec<_>>()
    };
    let end = |rng: &mut Rng| Some(today.add_days(rng.below(900) as i64 - 100));
    for i in 0..size.customer_slas {
        let mut a = Agreement::new(id(format!("SLA-{i:05}")), format!("Customer SLA {i}"), AgreementKind::CustomerSla);
        a.party = Some(format!("Customer {}", i % 97));
        a.service = (bounds[1] > 0).then(|| format!("S-{:06}", rng.below(bounds[1])));
        a.targets = targets(&mut rng, 1.0);
        a.availability = Some(Percent::new(*rng.pick(&[99.0, 99.5, 99.9])).expect("in range"));
        a.rto = Some(hours(*rng.pick(&[4.0, 8.0, 24.0])));
        a.rpo = Some(hours(*rng.pick(&[1.0, 4.0])));
        a.end = end(&mut rng);
        r.agreements.push(a);
    }
    // Contracts first cover the supplier services, as they would in a real register;
    // the rest are OLAs on internal systems.
    let supplier_services: Vec<usize> =
        (0..n).filter(|&i| r.services[i].kind == Some(NodeKind::SupplierService)).collect();
    let systems = bounds[2]..bounds[3];
    for i in 0..size.underpinning {
        let on_supplier = i < supplier_services.len() || systems.is_empty();
        let kind = if on_supplier { AgreementKind::SupplierContract } else { AgreementKind::Ola };
        let mut a = Agreement::new(id(format!("UA-{i:05}")), format!("{} {i}", kind.label()), kind);
        a.party = Some(format!("SUP-{:04}", rng.below(suppliers)));
        let node = match supplier_services.get(i) {
            Some(&x) => Some(x),
            None if !systems.is_empty() => Some(systems.start + rng.below(systems.len())),
            None => (n > 0).then(|| rng.below(n)),
        };
        a.service = node.map(|x| format!("S-{x:06}"));
        a.hours = rng.chance(20).then(|| office.clone());
        let scale = *rng.pick(&[0.5, 0.5, 1.0, 1.0, 1.0, 1.5]);
        a.targets = targets(&mut rng, scale);
        a.availability = Some(Percent::new(*rng.pick(&[99.5, 99.9, 99.95])).expect("in range"));
        a.rto = Some(hours(*rng.pick(&[2.0, 4.0, 8.0, 24.0])));
        a.rpo = Some(hours(*rng.pick(&[0.5, 1.0, 4.0])));
        a.end = end(&mut rng);
        r.agreements.push(a);
    }
    r
}
