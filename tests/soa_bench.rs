//! Benchmark, not a test: the Statement of Applicability's spreadsheet export (93 rows) in the
//! browser, as the app's download button runs it. Ignored in normal runs; `cargo xtask bench`
//! runs it with `--include-ignored --nocapture` and records the printed line in
//! docs/BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

use praxis_core::isms::soa_bench::{full_soa, time_exports};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by cargo xtask bench"]
fn the_statement_of_applicability_as_a_spreadsheet_in_the_browser() {
    let (soa, risks) = full_soa();
    let line = time_exports(&soa, &risks, now_ms);
    assert!(line.starts_with("rows=93 runs=200 "), "{line}");
    console_log!("soa-bench xlsx {line}");
}
