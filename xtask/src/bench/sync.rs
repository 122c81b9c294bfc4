//! The sync server's throughput on loopback, SQLite and PostgreSQL, and the size of SQLite's
//! write-ahead log under a sustained write load (`crates/server/examples/sync_bench.rs`).

use super::{at_commit, field, result_line};
use crate::util::{Result, capture, command, hint};

/// The PostgreSQL the benchmark uses: the tests' database.
fn postgres_url() -> String {
    std::env::var("PRAXIS_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

const SUSTAIN_SECONDS: &str = "30";

/// The command, as the docs print it.
fn shown_command() -> String {
    format!(
        "cargo run --profile server -p praxis-server --example sync_bench -- --postgres {} --sustain {SUSTAIN_SECONDS}",
        postgres_url()
    )
}

fn line<'a>(output: &'a str, name: &str) -> Result<&'a str> {
    result_line(output, "sync-bench", name, "sync")
}

/// Runs the benchmark and formats its section.
pub fn section(date: &str, commit: &str) -> Result<String> {
    println!("\ntiming the sync server on loopback (SQLite, PostgreSQL, sustained load) …");
    let url = postgres_url();
    let output = capture(command("cargo").args([
        "run",
        "--quiet",
        "--locked",
        "--profile",
        "server",
        "-p",
        "praxis-server",
        "--example",
        "sync_bench",
        "--",
        "--postgres",
        &url,
        "--sustain",
        SUSTAIN_SECONDS,
    ]))
    .map_err(|e| {
        hint(
            e,
            "fix crates/server/examples/sync_bench.rs, or start PostgreSQL (PRAXIS_TEST_POSTGRES)",
        )
    })?;
    format_section(&output, date, commit)
}

fn rate(value: &str) -> String {
    let n: u64 = value.parse().unwrap_or(0);
    let (thousands, rest) = (n / 1000, n % 1000);
    if thousands > 0 {
        format!("{thousands},{rest:03}")
    } else {
        rest.to_string()
    }
}

fn mebibytes(value: &str) -> String {
    let bytes: f64 = value.parse().unwrap_or(0.0);
    format!("{:.1} MiB", bytes / 1_048_576.0)
}

const DATABASES: [(&str, &str); 2] = [("sqlite", "SQLite"), ("postgres", "PostgreSQL 15")];

fn format_section(output: &str, date: &str, commit: &str) -> Result<String> {
    let (mut rows, mut large_rows) = (String::new(), String::new());
    for (name, label) in DATABASES {
        let l = line(output, name)?;
        rows.push_str(&format!(
            "| {label} | {} | {} ms | {} /s | {}–{} /s | {} ms | {} /s |\n",
            field(l, "changes")?,
            field(l, "push_ms")?,
            rate(&field(l, "push_per_s")?),
            rate(&field(l, "push_slowest_per_s")?),
            rate(&field(l, "push_fastest_per_s")?),
            field(l, "pull_ms")?,
            rate(&field(l, "pull_per_s")?),
        ));
        let l = line(output, &format!("{name}-large"))?;
        large_rows.push_str(&format!(
            "| {label} | {} | {} /s | {} /s | {} /s |\n",
            field(l, "changes")?,
            rate(&field(l, "per_s")?),
            rate(&field(l, "first_per_s")?),
            rate(&field(l, "last_per_s")?),
        ));
    }
    let runs = field(line(output, "sqlite")?, "runs")?;
    let s = line(output, "sustained")?;
    Ok(format!(
        "## Sync server throughput\n\nMeasured {date} {} with `cargo xtask bench` (`{}`): the \
         real server (profile `server`) on 127.0.0.1, a fresh database each (SQLite in a \
         temporary folder; a new schema of the local PostgreSQL), and one client thread. A \
         push is up to 1,000 changes that create whole assessments (every change checked with \
         the record rules, stored, and each record's state updated, in one transaction); a \
         pull is a page of 1,000. The client encodes its pushes beforehand and decodes each \
         page it pulls. Target: 20,000 changes/s each way on this 2-core machine.\n\n\
         Each figure is the median of {runs} runs, each in a new workspace; the range is the \
         slowest and the fastest run's push (this machine's speed varies from run to run and \
         from day to day: measure before and after a change in one sitting).\n\n\
         | database | changes | push | push rate | push range | pull | pull rate |\n\
         |---|---:|---:|---:|---:|---:|---:|\n{rows}\n\
         A large workspace's first upload, in pushes of 1,000: the rate over all of it, and \
         over its first and its last 10,000 changes (a push into a grown workspace should cost \
         what the first did).\n\n\
         | database | changes | rate | first 10,000 | last 10,000 |\n\
         |---|---:|---:|---:|---:|\n{large_rows}\n\
         Sustained load on SQLite: pushes of 500 changes for {} s, the write-ahead log's size \
         sampled every 50 ms. {} changes at {} changes/s; the log peaked at {} and ended at {} \
         (the limit it is cut back to is {}; it passes it by at most what is written between \
         two background checkpoints, 250 ms apart); the database file ended at {}.",
        at_commit(commit),
        shown_command(),
        field(s, "seconds")?,
        field(s, "changes")?,
        rate(&field(s, "per_s")?),
        mebibytes(&field(s, "wal_max_bytes")?),
        mebibytes(&field(s, "wal_end_bytes")?),
        mebibytes(&field(s, "wal_limit_bytes")?),
        mebibytes(&field(s, "db_bytes")?),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_is_made_from_the_benchmarks_lines() {
        let output = "\
sync-bench sqlite runs=5 changes=10008 push_ms=425 push_per_s=23544 push_slowest_per_s=21000 push_fastest_per_s=25100 pull_ms=87 pull_per_s=115538 pull_bytes=1
sync-bench sqlite-large changes=100080 per_s=34746 first_per_s=37322 last_per_s=35023
sync-bench postgres runs=5 changes=10008 push_ms=561 push_per_s=17846 push_slowest_per_s=9258 push_fastest_per_s=29103 pull_ms=63 pull_per_s=159840 pull_bytes=1
sync-bench postgres-large changes=100080 per_s=39792 first_per_s=41073 last_per_s=42265
sync-bench sustained seconds=30 changes=390600 per_s=13016 wal_max_bytes=21337512 wal_end_bytes=6456072 db_bytes=185569280 wal_limit_bytes=16777216
";
        let section = format_section(output, "2026-12-02", "abc1234").unwrap();
        assert!(section.contains(
            "| SQLite | 10008 | 425 ms | 23,544 /s | 21,000–25,100 /s | 87 ms | 115,538 /s |"
        ));
        assert!(
            section.contains("| PostgreSQL 15 | 10008 | 561 ms | 17,846 /s | 9,258–29,103 /s |")
        );
        assert!(section.contains("median of 5 runs"));
        assert!(section.contains("| SQLite | 100080 | 34,746 /s | 37,322 /s | 35,023 /s |"));
        assert!(section.contains("| PostgreSQL 15 | 100080 | 39,792 /s | 41,073 /s | 42,265 /s |"));
        assert!(section.contains("peaked at 20.3 MiB and ended at 6.2 MiB"));
        assert!(section.contains("limit it is cut back to is 16.0 MiB"));
        assert!(format_section("nothing", "d", "c").is_err());
    }
}
