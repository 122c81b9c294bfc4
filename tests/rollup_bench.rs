//! Benchmark, not a test: roll-up time of a fully rated integrated assessment in the browser.
//! Ignored in normal runs; `cargo xtask bench` runs it with `--include-ignored --nocapture` and
//! records the printed line in docs/BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

use praxis_core::RecordId;
use praxis_core::assessment::{Assessment, AssessmentMeta, FrameworkChoice, Rating, rollup};
use praxis_core::maturity::Scale;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by cargo xtask bench"]
fn rollup_of_a_full_integrated_assessment_in_the_browser() {
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
    let mut checksum = 0usize;
    for _ in 0..20 {
        checksum += rollup(&assessment).gaps().len();
    }
    let runs = 200;
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now_ms();
            checksum += rollup(&assessment).gaps().len();
            now_ms() - start
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    // The work really happened: every run saw the same, non-empty gap list.
    assert_eq!(keys.len(), 180);
    assert_eq!(checksum % (20 + runs), 0);
    console_log!(
        "rollup-bench items={} runs={runs} median_ms={:.3} p95_ms={:.3} max_ms={:.3}",
        keys.len(),
        samples[runs / 2],
        samples[runs * 95 / 100],
        samples[runs - 1]
    );
}
