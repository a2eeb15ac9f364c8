//! The full analysis, minimum and median of 31 runs (`RUNS=n` for another number;
//! a quick check beside the criterion benchmark).
//!     cargo run --release -p rampart-core --example full_min
use rampart_core::generate::{register, Size};
use std::time::Instant;

/// The allocator of the command line, the engine's one native home.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let r = register(
        Size { risks: 100_000, services: 10_000, dependencies: 5, customer_slas: 1000, underpinning: 2000 },
        4,
    );
    let options = rampart_core::Options {
        today: rampart_core::model::Date::parse("2026-11-23").unwrap(),
        teams: rampart_core::Teams::Unlimited,
    };
    let mut times = Vec::new();
    for _ in 0..std::env::var("RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(31) {
        let s = Instant::now();
        let a = rampart_core::analyse(&r, &options);
        times.push(s.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(&a);
        drop(a);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "full analysis: min {:.1} ms, median {:.1} ms ({} findings)",
        times[0],
        times[times.len() / 2],
        rampart_core::analyse(&r, &options).findings.len()
    );
}
