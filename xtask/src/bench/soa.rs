//! The Statement of Applicability's spreadsheet export (93 rows) in headless Chromium
//! (`tests/soa_bench.rs`), timed as the app's download button runs it.

use super::{at_commit, browser_bench_command, field, result_line, run_browser_bench};
use crate::util::{Result, hint};

/// Runs the browser benchmark and formats its section.
pub fn section(date: &str, commit: &str) -> Result<String> {
    println!("timing the SoA spreadsheet export in headless Chromium (wasm release build) …");
    let output = run_browser_bench("praxis", "soa_bench")
        .map_err(|e| hint(e, "fix the browser benchmark tests/soa_bench.rs"))?;
    format_section(&output, date, commit)
}

fn format_section(output: &str, date: &str, commit: &str) -> Result<String> {
    let line = result_line(output, "soa-bench", "xlsx", "export")?;
    Ok(format!(
        "## Statement of Applicability export\n\nMeasured {date} {} with `cargo xtask bench` \
         (`{}`): a version with all {} Annex A rows filled (one in ten excluded with its \
         justification) and 40 risks naming its controls, written as a spreadsheet (.xlsx) by \
         core in the wasm release build in headless Chromium, {} runs after warm-up. The file \
         is {} bytes. Target: well under the half second a person waits for a download to \
         start.\n\n| what | median | p95 | max |\n|---|---:|---:|---:|\n\
         | the .xlsx of one version | {} ms | {} ms | {} ms |\n",
        at_commit(commit),
        browser_bench_command("praxis", "soa_bench"),
        field(line, "rows")?,
        field(line, "runs")?,
        field(line, "bytes")?,
        field(line, "median_ms")?,
        field(line, "p95_ms")?,
        field(line, "max_ms")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_result_line() {
        let output = "noise\nsoa-bench xlsx rows=93 runs=200 median_ms=1.200 p95_ms=2.300 max_ms=3.400 bytes=41000\n";
        let section = format_section(output, "2026-12-07", "abc1234").unwrap();
        assert!(
            section.contains("| the .xlsx of one version | 1.200 ms | 2.300 ms | 3.400 ms |"),
            "{section}"
        );
        assert!(section.contains("all 93 Annex A rows"), "{section}");
        assert!(section.contains("41000 bytes"), "{section}");
        assert!(
            format_section("nothing", "d", "c")
                .unwrap_err()
                .to_string()
                .contains("soa-bench xlsx")
        );
    }
}
