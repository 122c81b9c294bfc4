//! Register lists at 10,000 records (tickets, and risks): a keystroke in its search box, from the input event to
//! the list's DOM updated and laid out, in headless Chromium (`tests/register_bench.rs`).

use super::{at_commit, browser_bench_command, field, result_line, run_browser_bench};
use crate::util::{Result, hint};

fn line<'a>(output: &'a str, name: &str) -> Result<&'a str> {
    result_line(output, "register-bench", name, "list")
}

/// Runs the browser benchmark and formats its section.
pub fn section(date: &str, commit: &str) -> Result<String> {
    println!("timing a 10,000-record list in headless Chromium (wasm release build) …");
    let output = run_browser_bench("praxis", "register_bench")
        .map_err(|e| hint(e, "fix the browser benchmark tests/register_bench.rs"))?;
    format_section(&output, date, commit)
}

fn format_section(output: &str, date: &str, commit: &str) -> Result<String> {
    let rows = line(output, "rows")?;
    let filter = line(output, "filter")?;
    let board = line(output, "board")?;
    let risk_rows = line(output, "risk-rows")?;
    let risks = line(output, "risks")?;
    Ok(format!(
        "## Register lists at 10,000 records\n\nMeasured {date} {} with `cargo xtask bench` \
         (`{}`): the tickets' list component mounted in headless Chromium, wasm release build, \
         2-core machine, {} tickets, each read against an office-hours agreement for its SLA \
         column. A keystroke is timed from setting the search box's text and dispatching its \
         input event to the list's DOM updated (the count and the rows in sight) and laid out; \
         it includes a `setTimeout(0)` wait for the list's effects, so it is an upper bound. \
         \"printer 5\" is typed a key at a time and taken back, six times over; the first \
         round is warm-up. The board is the same list shown as a board by state: every \
         ticket is new, so one lane holds all of them, drawn at most 100 at a time. The risks \
         are the risks' list component with {} risks, each scored against the default method \
         (5 × 5, threshold 6) before and after treatment.\n\n\
         | what | median | p95 | max | target |\n|---|---:|---:|---:|---:|\n\
         | a keystroke in the search box ({} keystrokes) | {} ms | {} ms | {} ms | ≤ 16 ms |\n\
         | a keystroke with the list shown as a board ({} keystrokes) | {} ms | {} ms | {} ms | ≤ 16 ms |\n\
         | a keystroke in the risks' search box ({} keystrokes) | {} ms | {} ms | {} ms | ≤ 16 ms |\n\
         | the rows built from the records (once per read and once a minute, not per keystroke) | {} ms | | | |\n\
         | the risks' rows built from the records (once per read) | {} ms | | | |\n",
        at_commit(commit),
        browser_bench_command("praxis", "register_bench"),
        field(rows, "rows")?,
        field(risk_rows, "rows")?,
        field(filter, "keystrokes")?,
        field(filter, "median_ms")?,
        field(filter, "p95_ms")?,
        field(filter, "max_ms")?,
        field(board, "keystrokes")?,
        field(board, "median_ms")?,
        field(board, "p95_ms")?,
        field(board, "max_ms")?,
        field(risks, "keystrokes")?,
        field(risks, "median_ms")?,
        field(risks, "p95_ms")?,
        field(risks, "max_ms")?,
        field(rows, "build_ms")?,
        field(risk_rows, "build_ms")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "noise\nregister-bench rows rows=10000 build_ms=80.5\n\
        register-bench filter rows=10000 keystrokes=90 median_ms=4.1 p95_ms=7.2 max_ms=9.9\n\
        register-bench board rows=10000 keystrokes=90 median_ms=5.2 p95_ms=8.3 max_ms=11.0\n\
        register-bench risk-rows rows=10000 build_ms=40.2\n\
        register-bench risks rows=10000 keystrokes=90 median_ms=3.1 p95_ms=6.2 max_ms=7.9\n";

    #[test]
    fn reads_every_result_line() {
        let section = format_section(OUTPUT, "2026-12-03", "abc1234").unwrap();
        assert!(section.contains("10000 tickets"), "{section}");
        assert!(
            section.contains("| a keystroke in the search box (90 keystrokes) | 4.1 ms | 7.2 ms | 9.9 ms | ≤ 16 ms |"),
            "{section}"
        );
        assert!(
            section.contains("| a keystroke with the list shown as a board (90 keystrokes) | 5.2 ms | 8.3 ms | 11.0 ms | ≤ 16 ms |"),
            "{section}"
        );
        assert!(section.contains("| 80.5 ms |"), "{section}");
        assert!(
            section.contains("| a keystroke in the risks' search box (90 keystrokes) | 3.1 ms | 6.2 ms | 7.9 ms | ≤ 16 ms |"),
            "{section}"
        );
        assert!(section.contains("| 40.2 ms |"), "{section}");
        assert!(section.contains("abc1234"), "{section}");
    }

    #[test]
    fn a_missing_line_is_named() {
        let error =
            format_section("register-bench rows rows=1 build_ms=1\n", "d", "c").unwrap_err();
        assert!(
            error.to_string().contains("register-bench filter"),
            "{error}"
        );
    }
}
