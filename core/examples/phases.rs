//! Times the main phases of the analysis of the "full" benchmark register
//! (100 000 risks, 10 000 services, 3 000 agreements), with the functions
//! `analyse` calls, taking the minimum of 25 runs of each: on a shared, noisy
//! machine the minimum is the least disturbed measurement. (Left out, under a
//! millisecond together: services' impact levels, scenarios, exercises and
//! review decisions.)
//!
//!     cargo run --release -p rampart-core --example phases
use rampart_core::generate::{register, Size};
use rampart_core::graph::ServiceGraph;
use rampart_core::recovery::*;
use rampart_core::scoring::*;
use rampart_core::sla::{check_alignment, Coverage};
use std::time::Instant;

/// The allocator of the command line, the engine's one native home.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let r = register(
        Size { risks: 100_000, services: 10_000, dependencies: 5, customer_slas: 1000, underpinning: 2000 },
        4,
    );
    let today = rampart_core::model::Date::parse("2026-11-23").unwrap();
    const PHASES: [&str; 6] = [
        "graph + SLA coverage",
        "risks (rate, check, services)",
        "schedule + continuity",
        "recovery order",
        "SLA alignment",
        "total",
    ];
    let mut best = [f64::MAX; 6];
    for _ in 0..25 {
        // Room for every finding at once, as `analyse` reserves it (312 233 here).
        let mut f = Vec::with_capacity(400_000);
        let mut t = [0.0; 5];
        let s = Instant::now();
        let scales = ScaleSet::from_register(r.scales.as_ref());
        let g = ServiceGraph::build(&r.services, &mut f);
        let coverage = Coverage::new(&r, &g);
        t[0] = s.elapsed().as_secs_f64();
        let ratings = rampart_core::rate_risks(&r, &scales, &g, today, &mut f);
        t[1] = s.elapsed().as_secs_f64();
        let slots = schedule(&r.services, &g, Teams::Unlimited);
        check_continuity(&r.services, &g, &slots, &mut f);
        t[2] = s.elapsed().as_secs_f64();
        let order = recovery_order(&r.services, &g, &slots);
        t[3] = s.elapsed().as_secs_f64();
        let al = check_alignment(&r, &g, coverage, today, &mut f);
        t[4] = s.elapsed().as_secs_f64();
        std::hint::black_box((&ratings, &order, &al, &f));
        let mut prev = 0.0;
        for k in 0..5 {
            best[k] = best[k].min((t[k] - prev) * 1e3);
            prev = t[k];
        }
        best[5] = best[5].min(t[4] * 1e3);
    }
    let cells: Vec<String> = PHASES.iter().zip(best).map(|(p, ms)| format!("{p} {ms:.1} ms")).collect();
    println!("{}", cells.join(" | "));
}
