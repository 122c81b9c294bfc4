//! Benchmark, not a test: roll-up time of a fully rated integrated assessment in the browser.
//! Ignored in normal runs; `cargo xtask bench` runs it with `--include-ignored --nocapture` and
//! records the printed line in docs/BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

use praxis_core::assessment::bench::{fully_rated_integrated, time_rollups};
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
    let assessment = fully_rated_integrated();
    let line = time_rollups(&assessment, now_ms);
    assert!(line.starts_with("items=180 runs=200 "), "{line}");
    console_log!("rollup-bench {line}");
}
