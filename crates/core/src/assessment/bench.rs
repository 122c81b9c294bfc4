//! The workload both roll-up benchmarks time (natively and in the browser), so the two numbers
//! in docs/BENCHMARKS.md measure exactly the same thing.

use std::hint::black_box;

use super::model::{Assessment, AssessmentMeta, FrameworkChoice, Rating};
use super::rollup::rollup;
use crate::framework::Catalogue;
use crate::ids::RecordId;
use crate::maturity::Scale;

/// An integrated assessment (ISO/IEC 20000-1 and ISO/IEC 27001, 180 items) with every item rated.
pub fn fully_rated_integrated() -> Assessment {
    let meta = AssessmentMeta {
        title: "Benchmark".into(),
        frameworks: FrameworkChoice::Integrated,
        scale: Scale::IsmsMaturity,
        scope: String::new(),
        assessor: String::new(),
        date: "2026-11-25".into(),
        target: 3,
        created_at: 0,
        approved_on: None,
        framework: None,
        sharing_rules: crate::assessment::SHARING_RULES,
        blocker_level: crate::assessment::DEFAULT_BLOCKER_LEVEL,
    };
    let mut assessment = Assessment::new(
        RecordId::parse("bench").expect("id"),
        meta,
        &Catalogue::builtin(),
    )
    .expect("valid");
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
    assessment
}

/// Times 200 roll-ups after 20 warm-up runs with `now_ms` (a millisecond clock) and returns the
/// result line `items=… runs=… median_ms=… p95_ms=… max_ms=…` that `cargo xtask bench` reads.
pub fn time_rollups(assessment: &Assessment, now_ms: impl Fn() -> f64) -> String {
    // Warm-up also parses the built-in frameworks, which happens once, on first use.
    for _ in 0..20 {
        black_box(rollup(black_box(assessment)));
    }
    let runs = 200;
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now_ms();
            black_box(rollup(black_box(assessment)));
            now_ms() - start
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    format!(
        "items={} runs={runs} median_ms={:.3} p95_ms={:.3} max_ms={:.3}",
        rollup(assessment).items.len(),
        samples[runs / 2],
        samples[runs * 95 / 100],
        samples[runs - 1]
    )
}
