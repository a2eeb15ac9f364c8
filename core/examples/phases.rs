use rampart_core::generate::{register, Size};
use rampart_core::graph::ServiceGraph;
use rampart_core::recovery::*;
use std::time::Instant;
fn main() {
    let r = register(Size { risks: 0, services: 10_000, dependencies: 5, customer_slas: 1000, underpinning: 2000 }, 3);
    for _ in 0..3 {
        let mut f = Vec::new();
        let t = Instant::now();
        let g = ServiceGraph::build(&r.services, &mut f);
        let t1 = t.elapsed();
        let slots = schedule(&r.services, &g, Teams::Unlimited);
        let t2 = t.elapsed();
        check_continuity(&r.services, &g, &slots, &mut f);
        let t3 = t.elapsed();
        let order = recovery_order(&r.services, &slots);
        let t4 = t.elapsed();
        let al =
            rampart_core::sla::check_alignment(&r, &g, rampart_core::model::Date::parse("2026-11-23").unwrap(), &mut f);
        let t5 = t.elapsed();
        println!(
            "graph {t1:?} schedule {:?} continuity {:?} order {:?} sla {:?} findings {}",
            t2 - t1,
            t3 - t2,
            t4 - t3,
            t5 - t4,
            f.len()
        );
        drop((order, al));
    }
}
