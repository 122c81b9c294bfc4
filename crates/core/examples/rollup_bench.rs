//! Times the roll-up of a fully rated integrated assessment (ISO/IEC 20000-1 and ISO/IEC 27001,
//! 180 items). Run by `cargo xtask bench`, which records the result in docs/BENCHMARKS.md;
//! by hand: `cargo run --release -p praxis-core --example rollup_bench`.

use std::hint::black_box;
use std::time::Instant;

use praxis_core::RecordId;
use praxis_core::assessment::{Assessment, AssessmentMeta, FrameworkChoice, Rating, rollup};
use praxis_core::maturity::Scale;

fn main() {
    let meta = AssessmentMeta {
        title: "Benchmark".into(),
        frameworks: FrameworkChoice::Integrated,
        scale: Scale::IsmsMaturity,
        scope: String::new(),
        assessor: String::new(),
        date: "2026-11-25".into(),
        target: 3,
        created_at: 0,
        framework: None,
    };
    let mut assessment =
        Assessment::new(RecordId::parse("bench").expect("id"), meta).expect("valid");
    let keys: Vec<String> = rollup(&assessment)
        .items
        .iter()
        .map(|s| s.key.clone())
        .collect();
    for (i, key) in keys.iter().enumerate() {
        assessment
            .set_rating(key, Some(Rating::Level((i % 6) as u8)))
            .expect("rating");
    }
    // Warm up (the frameworks are parsed once, on first use), then time.
    for _ in 0..20 {
        black_box(rollup(black_box(&assessment)));
    }
    let runs = 200;
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(rollup(black_box(&assessment)));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let median = samples[runs / 2];
    let p95 = samples[runs * 95 / 100];
    let max = samples[runs - 1];
    println!(
        "items={} runs={runs} median_ms={median:.3} p95_ms={p95:.3} max_ms={max:.3}",
        keys.len()
    );
}
