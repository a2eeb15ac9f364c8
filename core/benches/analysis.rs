//! Benchmarks of import and analysis on generated registers.
//! Run: `cargo bench -p rampart-core --bench analysis`; results in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rampart_core::generate::{register, Size};
use rampart_core::import::to_json;
use rampart_core::model::Date;
use rampart_core::{analyse, import, Options, Teams};
use std::hint::black_box;
use std::num::NonZeroUsize;

/// The allocator of the command line, the engine's one native home.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn options(teams: Teams) -> Options {
    Options { today: Date::parse("2026-11-23").unwrap(), teams }
}

const NONE: Size = Size { risks: 0, services: 0, dependencies: 5, customer_slas: 0, underpinning: 0 };

fn bench_risks(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyse/risks");
    for n in [1_000, 10_000, 100_000] {
        let r = register(Size { risks: n, ..NONE }, 1);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("{n}"), |b| {
            b.iter_with_large_drop(|| analyse(black_box(&r), &options(Teams::Unlimited)))
        });
    }
    g.finish();
}

fn bench_services(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyse/services");
    for n in [1_000, 10_000] {
        let r = register(Size { services: n, ..NONE }, 2);
        g.bench_function(format!("{n} unlimited"), |b| {
            b.iter_with_large_drop(|| analyse(black_box(&r), &options(Teams::Unlimited)))
        });
        let teams = Teams::Limited(NonZeroUsize::new(8).unwrap());
        g.bench_function(format!("{n} 8 teams"), |b| {
            b.iter_with_large_drop(|| analyse(black_box(&r), &options(teams)))
        });
    }
    g.finish();
}

fn bench_single_points(c: &mut Criterion) {
    let mut g = c.benchmark_group("single points");
    for n in [1_000, 10_000] {
        let r = register(Size { services: n, ..NONE }, 2);
        let graph = rampart_core::graph::ServiceGraph::build(&r.services, &mut Vec::new());
        g.bench_function(format!("{n} nodes"), |b| {
            b.iter_with_large_drop(|| rampart_core::scenario::single_points(black_box(&r.services), &graph))
        });
    }
    g.finish();
}

fn bench_alignment(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyse/agreements");
    let r = register(Size { services: 10_000, customer_slas: 1_000, underpinning: 2_000, ..NONE }, 3);
    g.bench_function("1k SLAs over 2k underpinning, 10k services", |b| {
        b.iter_with_large_drop(|| analyse(black_box(&r), &options(Teams::Unlimited)))
    });
    g.finish();
}

fn bench_full(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyse/full");
    g.sample_size(20);
    let r = register(
        Size { risks: 100_000, services: 10_000, dependencies: 5, customer_slas: 1_000, underpinning: 2_000 },
        4,
    );
    g.bench_function("100k risks + 10k services + 3k agreements", |b| {
        b.iter_with_large_drop(|| analyse(black_box(&r), &options(Teams::Unlimited)))
    });
    g.finish();
}

fn bench_import(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    g.sample_size(20);
    // About 10 MB of pretty-printed JSON, as the app and the CLI write it.
    let r =
        register(Size { risks: 14_000, services: 2_000, dependencies: 5, customer_slas: 200, underpinning: 400 }, 5);
    let text = to_json(&r);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(format!("{:.1} MB register", text.len() as f64 / 1e6), |b| {
        b.iter_batched(|| (), |_| import(black_box(&text)).unwrap(), BatchSize::SmallInput)
    });
    g.finish();
}

fn bench_travel(c: &mut Criterion) {
    let mut g = c.benchmark_group("travel");
    g.sample_size(20);
    // The 10 MB register of the import benchmark, changed on two sides.
    let base =
        register(Size { risks: 14_000, services: 2_000, dependencies: 5, customer_slas: 200, underpinning: 400 }, 5);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for r in ours.risks.iter_mut().step_by(50) {
        r.owner = Some("Ours".into());
    }
    ours.risks.drain(..100);
    for s in theirs.services.iter_mut().step_by(20) {
        s.rto = rampart_core::model::Hours::new(3.0).ok();
    }
    for r in theirs.risks.iter_mut().skip(1).step_by(50) {
        r.title.push_str(" (theirs)");
    }
    g.bench_function("diff of two 10 MB registers", |b| {
        b.iter_with_large_drop(|| rampart_core::diff::changes(black_box(&base), black_box(&ours)))
    });
    g.bench_function("merge of two 10 MB registers (the result imported)", |b| {
        b.iter_with_large_drop(|| rampart_core::merge::merge(black_box(&base), &ours, &theirs))
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_risks,
    bench_services,
    bench_single_points,
    bench_alignment,
    bench_full,
    bench_import,
    bench_travel
);
criterion_main!(benches);
