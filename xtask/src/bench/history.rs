//! Opening a ticket with 200 changes in its history, in headless Chromium with IndexedDB
//! (`tests/history_bench.rs`): the record read and checked, and its history read from the
//! change feed and put in words.

use super::{at_commit, browser_bench_command, field, result_line, run_browser_bench};
use crate::util::{Result, hint};

/// Runs the browser benchmark and formats its section.
pub fn section(date: &str, commit: &str) -> Result<String> {
    println!("timing a record with 200 history entries in headless Chromium …");
    let output = run_browser_bench("praxis", "history_bench")
        .map_err(|e| hint(e, "fix the browser benchmark tests/history_bench.rs"))?;
    format_section(&output, date, commit)
}

fn format_section(output: &str, date: &str, commit: &str) -> Result<String> {
    let open = result_line(output, "history-bench", "open", "record")?;
    Ok(format!(
        "## A record with 200 history entries\n\nMeasured {date} {} with `cargo xtask bench` \
         (`{}`): a ticket whose record has {} changes in its history, in IndexedDB in headless \
         Chromium, wasm release build, 2-core machine; the median of {} runs. Opening it is the \
         record read and checked by the ticket's rules, as its page reads it; its history is \
         every change read from the change feed and put in words (the panel shows 25 at a time, \
         so this is more than a page ever asks for). The page's own drawing is not included.\n\n\
         | what | median | target |\n|---|---:|---:|\n\
         | open the record | {} ms | |\n\
         | read and describe its 200 history entries | {} ms | |\n\
         | both | {} ms | ≤ 100 ms |\n",
        at_commit(commit),
        browser_bench_command("praxis", "history_bench"),
        field(open, "changes")?,
        field(open, "runs")?,
        field(open, "open_ms")?,
        field(open, "history_ms")?,
        field(open, "total_ms")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_result_line() {
        let output = "noise\nhistory-bench open changes=200 runs=21 open_ms=0.6 history_ms=2.9 total_ms=3.4\n";
        let section = format_section(output, "2026-12-04", "abc1234").unwrap();
        assert!(
            section.contains("| both | 3.4 ms | ≤ 100 ms |"),
            "{section}"
        );
        assert!(section.contains("200 changes"), "{section}");
    }

    #[test]
    fn a_missing_line_is_named() {
        let error = format_section("nothing\n", "d", "c").unwrap_err();
        assert!(error.to_string().contains("history-bench open"), "{error}");
    }
}
