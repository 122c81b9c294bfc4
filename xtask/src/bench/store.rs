//! The record engine at the scale of a large workspace: importing, opening and merging changes
//! from another device, in headless Chromium against IndexedDB (`crates/store/tests/store_bench.rs`).

use super::{at_commit, browser_bench_command, field, result_line, run_browser_bench};
use crate::util::{Result, hint};

fn line<'a>(output: &'a str, name: &str) -> Result<&'a str> {
    result_line(output, "store-bench", name, "storage")
}

/// Runs the browser benchmark and formats its section.
pub fn section(date: &str, commit: &str) -> Result<String> {
    println!("timing the record engine at scale in headless Chromium (wasm release build) …");
    let output = run_browser_bench("praxis-store", "store_bench").map_err(|e| {
        hint(
            e,
            "fix the browser benchmark crates/store/tests/store_bench.rs",
        )
    })?;
    format_section(&output, date, commit)
}

fn format_section(output: &str, date: &str, commit: &str) -> Result<String> {
    let import = line(output, "import")?;
    let open = line(output, "open")?;
    let remote = line(output, "remote")?;
    let synced = line(output, "synced")?;
    let megabytes = field(import, "bytes")?
        .parse::<f64>()
        .map_err(|e| format!("bytes: {e}"))?
        / 1_000_000.0;
    Ok(format!(
        "## Record engine at scale\n\nMeasured {date} {} with `cargo xtask bench` \
         (`{}`): IndexedDB in headless Chromium, wasm release build, 2-core machine. The \
         workspace is {} assessments of about 1 kB of fields each, every field with its clock \
         ({megabytes:.1} MB as a backup file). Each plain JavaScript line does only the \
         IndexedDB work of the line above it, on a copy of the same rows.\n\n\
         | what | measured | target |\n|---|---:|---:|\n\
         | import the backup: parse, check every record by its kind, write (one transaction) | {} ms | |\n\
         | plain JavaScript putting the same rows in one transaction | {} ms | |\n\
         | import ÷ plain JavaScript | {}× | ≤ 1.25× |\n\
         | of the import, the write alone (what the person waits for after confirming: the file was checked when chosen) | {} ms ({}×) | |\n\
         | open the workspace: open the database, list workspaces, read every record as its kind | {} ms | ≤ 1,000 ms |\n\
         {}\
         {}",
        at_commit(commit),
        browser_bench_command("praxis-store", "store_bench"),
        field(import, "records")?,
        field(import, "praxis_ms")?,
        field(import, "baseline_ms")?,
        field(import, "ratio")?,
        field(import, "write_ms")?,
        field(import, "write_ratio")?,
        field(open, "ms")?,
        merge_rows(remote, "from another device, one to each")?,
        merge_rows(synced, "pulled from a server, ten to each")?,
    ))
}

/// The two table rows of one merge workload: Praxis, then plain JavaScript.
fn merge_rows(line: &str, spread: &str) -> Result<String> {
    Ok(format!(
        "| merge {} changes {spread} of {} records (one batch) | {} ms ({} changes/s) | ≥ 20,000 changes/s |\n\
         | plain JavaScript reading and writing back those records and adding a feed row per record with its changes | {} ms ({} changes/s) | |\n",
        field(line, "changes")?,
        field(line, "records")?,
        field(line, "ms")?,
        field(line, "per_s")?,
        field(line, "baseline_ms")?,
        field(line, "baseline_per_s")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_four_result_lines() {
        let output = "noise\nstore-bench import records=10 bytes=2500000 praxis_ms=30 baseline_ms=20 ratio=1.50 write_ms=24 write_ratio=1.20\n\
                      store-bench open records=10 ms=7\n\
                      store-bench remote changes=10 records=10 ms=5 per_s=2000 baseline_ms=4 baseline_per_s=2500\n\
                      store-bench synced changes=10 records=1 ms=2 per_s=5000 baseline_ms=1 baseline_per_s=10000\n";
        let section = format_section(output, "2026-11-25", "abc").unwrap();
        assert!(section.contains("| 30 ms |"), "{section}");
        assert!(section.contains("| 1.50× | ≤ 1.25× |"), "{section}");
        assert!(section.contains("| 24 ms (1.20×) |"), "{section}");
        assert!(
            section.contains(
                "another device, one to each of 10 records (one batch) | 5 ms (2000 changes/s)"
            ),
            "{section}"
        );
        assert!(section.contains("| 4 ms (2500 changes/s) | |"), "{section}");
        assert!(
            section
                .contains("a server, ten to each of 1 records (one batch) | 2 ms (5000 changes/s)"),
            "{section}"
        );
        assert!(section.contains("2.5 MB"), "{section}");
    }

    #[test]
    fn a_missing_line_is_named() {
        let error = format_section("store-bench import records=1", "d", "c").unwrap_err();
        assert!(error.to_string().contains("store-bench open"), "{error}");
    }
}
