//! Benchmark helpers (not used by the app): a Statement of Applicability with every row filled
//! and risks naming its controls, and the timing of its spreadsheet export, shared by the
//! browser benchmark (`tests/soa_bench.rs`) so it measures exactly what the app runs.

use std::hint::black_box;

use crate::ids::RecordId;

use super::risk::Risk;
use super::soa::{Implementation, Reason, Soa};
use super::soa_export::to_xlsx;

/// A version with every row filled as a real one is (reasons, owner, evidence; one control in
/// ten excluded with its justification), and 40 risks each naming three controls.
pub fn full_soa() -> (Soa, Vec<Risk>) {
    let id = |text: String| RecordId::parse(&text).expect("a valid id");
    let mut soa = Soa::new(id("bench".into()), 1, 1_796_115_600_000);
    for (n, row) in soa.rows.values_mut().enumerate() {
        if n % 10 == 9 {
            row.applicable = false;
            row.justification = format!("Not relevant to our scope: reason number {n} in words");
            continue;
        }
        row.reasons.insert(Reason::Risk);
        if n % 3 == 0 {
            row.reasons.insert(Reason::Legal);
        }
        row.status = Some(Implementation::Implemented);
        row.owner = format!("Owner {}", n % 7);
        row.evidence = format!(
            "Policy document {n}, section 2; audit report 2026-{:02}",
            n % 12 + 1
        );
    }
    let controls: Vec<&str> = super::soa::annex_a();
    let risks = (0..40)
        .map(|n| {
            let mut risk = Risk::new(id(format!("r{n}")), &format!("Risk scenario {n}"), 1)
                .expect("a valid risk");
            for k in 0..3 {
                let control = controls[(n * 7 + k * 11) % controls.len()];
                risk.controls.insert(format!("iso27001:2022/{control}"));
            }
            risk
        })
        .collect();
    (soa, risks)
}

/// Times 200 spreadsheet exports after 20 warm-up runs with `now_ms` and returns the result
/// line `rows=… runs=… median_ms=… p95_ms=… max_ms=… bytes=…` that `cargo xtask bench` reads.
pub fn time_exports(soa: &Soa, risks: &[Risk], now_ms: impl Fn() -> f64) -> String {
    for _ in 0..20 {
        black_box(to_xlsx(black_box(soa), black_box(risks)));
    }
    let runs = 200;
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now_ms();
            black_box(to_xlsx(black_box(soa), black_box(risks)));
            now_ms() - start
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    format!(
        "rows={} runs={runs} median_ms={:.3} p95_ms={:.3} max_ms={:.3} bytes={}",
        soa.rows.len(),
        samples[runs / 2],
        samples[runs * 95 / 100],
        samples[runs - 1],
        to_xlsx(soa, risks).len()
    )
}
