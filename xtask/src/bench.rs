//! `cargo xtask bench`: measures what users download (and how fast the core computes) and
//! records it in docs/BENCHMARKS.md. Each benchmark owns a marked section of that file,
//! `<!-- bench:NAME:start -->` … `<!-- bench:NAME:end -->`, rewritten with [`replace_section`];
//! everything else in the file is kept. To add a benchmark, write a function returning its
//! section's Markdown and add it to [`run`].

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::build::build_app;
use crate::compress::{brotli, gzip};
use crate::setup;
use crate::util::{
    Result, capture, command, dist, extension, files_under, hint, output, root, write,
};

mod history;
mod lists;
mod soa;
mod store;
mod sync;

const DOC: &str = "docs/BENCHMARKS.md";
const NEW_DOC: &str = "# Benchmarks\n\nEvery number here is produced by a command you can rerun; \
                       each section names its command.\n";

/// Replaces the body between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, or
/// appends the section when it is missing. Everything else is kept as it is. A start marker
/// without an end marker after it is replaced by the whole section.
pub fn replace_section(doc: &str, name: &str, body: &str) -> String {
    let start = format!("<!-- bench:{name}:start -->");
    let end = format!("<!-- bench:{name}:end -->");
    let section = format!("{start}\n{}\n{end}", body.trim_end());
    match doc.find(&start) {
        Some(s) => {
            let after_start = s + start.len();
            let resume = doc[after_start..]
                .find(&end)
                .map_or(after_start, |e| after_start + e + end.len());
            format!("{}{section}{}", &doc[..s], &doc[resume..])
        }
        None if doc.trim().is_empty() => format!("{section}\n"),
        None => format!("{}\n\n{section}\n", doc.trim_end()),
    }
}

/// A file name without Trunk's content hash (`praxis-0123456789abcdef_bg.wasm` →
/// `praxis_bg.wasm`), so that the table is comparable from build to build.
pub fn unhashed(name: &str) -> String {
    let is_hash = |s: &str| s.len() >= 8 && s.chars().all(|c| c.is_ascii_hexdigit());
    if let Some(dash) = name.rfind('-') {
        let rest = &name[dash + 1..];
        let hash_len = rest.find(['_', '.']).unwrap_or(rest.len());
        if is_hash(&rest[..hash_len]) {
            return format!("{}{}", &name[..dash], &rest[hash_len..]);
        }
    }
    name.to_owned()
}

/// `728.5 kB (728546 B)` (kB = 1000 bytes).
pub fn format_size(bytes: usize) -> String {
    format!("{:.1} kB ({bytes} B)", bytes as f64 / 1000.0)
}

/// One measured file: name and raw, gzip -9 and brotli q11 sizes in bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizes {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Whether a built file counts as part of the bundle (the `.br`/`.gz` copies do not).
fn is_measured(path: &Path) -> bool {
    matches!(extension(path), "wasm" | "js" | "css")
}

/// The size of `path` compressed: that of the `.br`/`.gz` sibling the build just wrote with the
/// same settings, when it is at least as new as the file, else compressed here (brotli q11 is
/// slow in xtask's unoptimised build, so the build's copies are not compressed twice).
fn compressed_size(path: &Path, suffix: &str, compress: impl FnOnce() -> Vec<u8>) -> usize {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let sibling = path.with_file_name(format!("{name}.{suffix}"));
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (
        std::fs::metadata(&sibling),
        modified(&sibling),
        modified(path),
    ) {
        (Ok(meta), Some(packed), Some(source)) if packed >= source => meta.len() as usize,
        _ => compress().len(),
    }
}

/// Every .wasm, .js and .css file under `dir` (names without Trunk's hash), largest first.
pub fn measure(dir: &Path) -> Result<Vec<Sizes>> {
    let mut sizes = Vec::new();
    for path in files_under(dir)? {
        if !is_measured(&path) {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        let name = relative.to_string_lossy();
        let name = match name.rsplit_once('/') {
            Some((folder, file)) => format!("{folder}/{}", unhashed(file)),
            None => unhashed(&name),
        };
        sizes.push(Sizes {
            name,
            raw: bytes.len(),
            gzip: compressed_size(&path, "gz", || gzip(&bytes)),
            brotli: compressed_size(&path, "br", || brotli(&bytes)),
        });
    }
    if sizes.is_empty() {
        return Err(hint(
            format!("no .wasm, .js or .css files in {}", dir.display()),
            "check that `cargo xtask build` produces the app in dist/",
        ));
    }
    sizes.sort_by(|a, b| b.raw.cmp(&a.raw).then_with(|| a.name.cmp(&b.name)));
    Ok(sizes)
}

/// The Markdown table of sizes, with a total row.
pub fn size_table(sizes: &[Sizes]) -> String {
    let mut text = String::from("| file | raw | gzip -9 | brotli q11 |\n|---|---:|---:|---:|\n");
    for s in sizes {
        text.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            s.name,
            format_size(s.raw),
            format_size(s.gzip),
            format_size(s.brotli)
        ));
    }
    let total = |f: fn(&Sizes) -> usize| format_size(sizes.iter().map(f).sum());
    text.push_str(&format!(
        "| **total** | {} | {} | {} |\n",
        total(|s| s.raw),
        total(|s| s.gzip),
        total(|s| s.brotli)
    ));
    text
}

/// "at commit abc1234", or "on an uncommitted tree" when git gave no commit.
fn at_commit(commit: &str) -> String {
    if commit == "uncommitted" {
        "on an uncommitted tree".to_owned()
    } else {
        format!("at commit {commit}")
    }
}

fn size_section(sizes: &[Sizes], date: &str, commit: &str) -> String {
    let at = at_commit(commit);
    format!(
        "## Release bundle size\n\nMeasured {date} {at} with `cargo xtask bench` \
         (Trunk release build, `opt-level = \"z\"`, LTO, wasm-opt -Oz; every .wasm, .js and .css \
         file in dist/, names without Trunk's hash; gzip level 9, brotli quality 11 — the server \
         sends the precompressed copies).\n\n{}",
        size_table(sizes)
    )
}

/// The value of `name=…` in a benchmark's output line.
fn field(line: &str, name: &str) -> Result<String> {
    line.split_whitespace()
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .map(str::to_owned)
        .ok_or_else(|| format!("the benchmark printed no {name}=…: '{}'", line.trim()))
}

/// The rest of the line of a benchmark's output that starts with `{tag} {name} ` (`tag` names
/// the benchmark, `what` it is in the error).
pub(crate) fn result_line<'a>(
    output: &'a str,
    tag: &str,
    name: &str,
    what: &str,
) -> Result<&'a str> {
    let prefix = format!("{tag} {name} ");
    output
        .lines()
        .find_map(|l| l.split_once(&prefix).map(|(_, rest)| rest))
        .ok_or_else(|| format!("the {what} benchmark printed no '{prefix}…' line"))
}

/// The arguments of `cargo test` that run one ignored browser benchmark (a wasm-bindgen test
/// in headless Chromium, release build) and print its result lines.
fn browser_bench_args<'a>(package: &'a str, test: &'a str) -> [&'a str; 12] {
    [
        "test",
        "--release",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        package,
        "--test",
        test,
        "--",
        "--include-ignored",
        "--nocapture",
    ]
}

/// How to run that benchmark by hand, as the docs print it.
pub(crate) fn browser_bench_command(package: &str, test: &str) -> String {
    let args: Vec<&str> = browser_bench_args(package, test)
        .into_iter()
        .filter(|arg| *arg != "--locked")
        .collect();
    format!("cargo {}", args.join(" "))
}

/// Runs one browser benchmark and returns what it printed.
pub(crate) fn run_browser_bench(package: &str, test: &str) -> Result<String> {
    capture(command("cargo").args(browser_bench_args(package, test)))
}

/// Runs the native roll-up benchmark (release build) and formats its result, or `None` when the
/// example does not exist (yet).
fn rollup_section(date: &str, commit: &str) -> Option<Result<String>> {
    if !root()
        .join("crates/core/examples/rollup_bench.rs")
        .is_file()
    {
        println!(
            "note: crates/core/examples/rollup_bench.rs not found; skipping the roll-up timing"
        );
        return None;
    }
    println!("\ntiming the assessment roll-up (native release build) …");
    let run = || -> Result<String> {
        let out = capture(command("cargo").args([
            "run",
            "--quiet",
            "--release",
            "--locked",
            "-p",
            "praxis-core",
            "--example",
            "rollup_bench",
        ]))
        .map_err(|e| hint(e, "fix the example crates/core/examples/rollup_bench.rs"))?;
        let native = out
            .lines()
            .rev()
            .find(|l| l.contains('='))
            .unwrap_or_default()
            .to_owned();
        println!("timing the roll-up in headless Chromium (wasm release build) …");
        let browser_out = run_browser_bench("praxis", "rollup_bench")
            .map_err(|e| hint(e, "fix the browser benchmark tests/rollup_bench.rs"))?;
        let browser = browser_out
            .lines()
            .find_map(|l| {
                l.split_once("rollup-bench ")
                    .map(|(_, rest)| rest.to_owned())
            })
            .ok_or("the browser roll-up benchmark printed no result line")?;
        rollup_text(date, commit, &native, &browser)
    };
    Some(run())
}

/// The roll-up section from the native and browser result lines (`items=… runs=… median_ms=…
/// p95_ms=… max_ms=…`).
fn rollup_text(date: &str, commit: &str, native: &str, browser: &str) -> Result<String> {
    let row = |label: &str, line: &str| -> Result<String> {
        Ok(format!(
            "| {label} | {} ms | {} ms | {} ms |\n",
            field(line, "median_ms")?,
            field(line, "p95_ms")?,
            field(line, "max_ms")?
        ))
    };
    // Named, so that the text and its values cannot drift apart.
    Ok(format!(
        "## Assessment roll-up time\n\nMeasured {date} {at} with `cargo xtask bench`: roll-up \
         of a fully rated integrated assessment ({items} items: ISO/IEC 20000-1 and ISO/IEC \
         27001 with Annex A), {runs} runs after warm-up, on the 2-core development machine. \
         Native: `cargo run --release -p praxis-core --example rollup_bench`. Browser: the \
         wasm release build in headless Chromium, `{command}` (timed with \
         `performance.now()`, which the browser rounds to about 0.1 ms). Budget: far below \
         one frame (16 ms).\n\n| build | median | 95th percentile | slowest |\n\
         |---|---:|---:|---:|\n{native_row}{browser_row}",
        at = at_commit(commit),
        command = browser_bench_command("praxis", "rollup_bench"),
        items = field(native, "items")?,
        runs = field(native, "runs")?,
        native_row = row("native", native)?,
        browser_row = row("browser (wasm)", browser)?,
    ))
}

/// The calendar date (UTC, `YYYY-MM-DD`) of a number of days since 1970-01-01.
pub fn civil_date(days_since_epoch: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Today's date (UTC) from the system clock.
fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((seconds / 86_400) as i64)
}

fn commit() -> String {
    output(command("git").args(["rev-parse", "--short", "HEAD"]))
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "uncommitted".to_owned())
}

/// `cargo xtask bench`.
pub fn run() -> Result {
    setup::install()?;
    println!("\n=== bench ===");
    build_app()?;
    let (date, commit) = (today(), commit());

    println!("\nmeasuring the bundle in {} …", dist().display());
    let sizes = measure(&dist())?;
    let mut sections = vec![("wasm-size", size_section(&sizes, &date, &commit))];
    println!("\n{}", sections[0].1);

    let mut failure = None;
    match rollup_section(&date, &commit) {
        Some(Ok(section)) => {
            println!("{section}");
            sections.push(("rollup", section));
        }
        Some(Err(e)) => failure = Some(e),
        None => {}
    }

    match store::section(&date, &commit) {
        Ok(section) => {
            println!("{section}");
            sections.push(("store", section));
        }
        Err(e) => failure = failure.or(Some(e)),
    }

    match lists::section(&date, &commit) {
        Ok(section) => {
            println!("{section}");
            sections.push(("lists", section));
        }
        Err(e) => failure = failure.or(Some(e)),
    }

    match soa::section(&date, &commit) {
        Ok(section) => {
            println!("{section}");
            sections.push(("soa", section));
        }
        Err(e) => failure = failure.or(Some(e)),
    }

    match history::section(&date, &commit) {
        Ok(section) => {
            println!("{section}");
            sections.push(("history", section));
        }
        Err(e) => failure = failure.or(Some(e)),
    }

    match sync::section(&date, &commit) {
        Ok(section) => {
            println!("{section}");
            sections.push(("sync", section));
        }
        Err(e) => failure = failure.or(Some(e)),
    }

    let path = root().join(DOC);
    let mut doc = std::fs::read_to_string(&path).unwrap_or_else(|_| NEW_DOC.to_owned());
    for (name, body) in &sections {
        doc = replace_section(&doc, name, body);
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    }
    write(&path, doc)?;
    let names: Vec<&str> = sections.iter().map(|(n, _)| *n).collect();
    println!(
        "written: {} (sections: {})",
        path.display(),
        names.join(", ")
    );
    failure.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_a_missing_section() {
        let doc = replace_section("# Benchmarks\n", "wasm-size", "numbers");
        assert_eq!(
            doc,
            "# Benchmarks\n\n<!-- bench:wasm-size:start -->\nnumbers\n<!-- bench:wasm-size:end -->\n"
        );
        assert_eq!(
            replace_section("", "x", "b\n"),
            "<!-- bench:x:start -->\nb\n<!-- bench:x:end -->\n"
        );
    }

    #[test]
    fn replaces_only_its_own_section() {
        let doc = "# B\n\nintro\n\n<!-- bench:rollup:start -->\nfast\n<!-- bench:rollup:end -->\n\n\
                   <!-- bench:wasm-size:start -->\nold\n<!-- bench:wasm-size:end -->\ntail\n";
        let updated = replace_section(doc, "wasm-size", "new\n");
        assert_eq!(
            updated,
            doc.replace(
                "<!-- bench:wasm-size:start -->\nold\n",
                "<!-- bench:wasm-size:start -->\nnew\n"
            )
        );
        // Replacing again gives the same document.
        assert_eq!(replace_section(&updated, "wasm-size", "new"), updated);
        // A second section is appended after the others, which stay.
        let both = replace_section(&updated, "startup", "quick");
        assert!(both.starts_with(&updated.trim_end().to_owned()));
        assert!(
            both.ends_with("<!-- bench:startup:start -->\nquick\n<!-- bench:startup:end -->\n")
        );
    }

    #[test]
    fn a_section_named_like_another_is_not_confused_with_it() {
        let doc = "<!-- bench:size-x:start -->\na\n<!-- bench:size-x:end -->\n";
        let updated = replace_section(doc, "size", "b");
        assert!(updated.starts_with(doc));
        assert!(updated.contains("<!-- bench:size:start -->\nb\n<!-- bench:size:end -->"));
    }

    #[test]
    fn a_start_without_an_end_is_repaired_without_losing_text() {
        let doc = "# B\n<!-- bench:x:start -->\nkept\n";
        assert_eq!(
            replace_section(doc, "x", "new"),
            "# B\n<!-- bench:x:start -->\nnew\n<!-- bench:x:end -->\nkept\n"
        );
    }

    #[test]
    fn hashes_are_left_out_of_names() {
        assert_eq!(
            unhashed("praxis-ccc507d87dd33b81_bg.wasm"),
            "praxis_bg.wasm"
        );
        assert_eq!(unhashed("praxis-ccc507d87dd33b81.js"), "praxis.js");
        assert_eq!(unhashed("main-754d7ab5fcba81a.css"), "main.css");
        assert_eq!(unhashed("sw.js"), "sw.js");
        assert_eq!(unhashed("date-picker.js"), "date-picker.js");
        assert_eq!(unhashed("praxis-core-dead.js"), "praxis-core-dead.js");
    }

    #[test]
    fn sizes_are_shown_in_kilobytes_and_bytes() {
        assert_eq!(format_size(728_546), "728.5 kB (728546 B)");
        assert_eq!(format_size(0), "0.0 kB (0 B)");
        let table = size_table(&[
            Sizes {
                name: "a_bg.wasm".into(),
                raw: 2000,
                gzip: 1000,
                brotli: 900,
            },
            Sizes {
                name: "a.js".into(),
                raw: 500,
                gzip: 300,
                brotli: 250,
            },
        ]);
        assert!(
            table.contains("| a_bg.wasm | 2.0 kB (2000 B) | 1.0 kB (1000 B) | 0.9 kB (900 B) |")
        );
        assert!(
            table
                .ends_with("| **total** | 2.5 kB (2500 B) | 1.3 kB (1300 B) | 1.1 kB (1150 B) |\n")
        );
    }

    #[test]
    fn a_browser_benchmark_is_documented_as_it_can_be_run_by_hand() {
        assert_eq!(
            browser_bench_command("praxis-store", "store_bench"),
            "cargo test --release --target wasm32-unknown-unknown -p praxis-store --test \
             store_bench -- --include-ignored --nocapture"
        );
    }

    #[test]
    fn only_bundle_files_are_measured() {
        assert!(is_measured(Path::new("dist/praxis_bg.wasm")));
        assert!(is_measured(Path::new("dist/sw.js")));
        assert!(!is_measured(Path::new("dist/praxis_bg.wasm.br")));
        assert!(!is_measured(Path::new("dist/main.css.gz")));
        assert!(!is_measured(Path::new("dist/index.html")));
    }

    #[test]
    fn the_build_copies_are_reused_when_fresh() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.js");
        std::fs::write(&file, "a".repeat(3000)).unwrap();
        assert!(compressed_size(&file, "br", || brotli(b"x")) > 0);
        std::fs::write(dir.join("a.js.br"), [0u8; 7]).unwrap();
        assert_eq!(compressed_size(&file, "br", || unreachable!()), 7);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_commit_is_named_or_said_to_be_missing() {
        assert_eq!(at_commit("e475aef"), "at commit e475aef");
        assert_eq!(at_commit("uncommitted"), "on an uncommitted tree");
    }

    #[test]
    fn the_rollup_section_puts_each_value_in_its_place() {
        let native = "items=180 runs=200 median_ms=0.33 p95_ms=0.51 max_ms=0.72";
        let browser = "median_ms=0.40 p95_ms=1.20 max_ms=8.94";
        let text = rollup_text("2026-11-25", "abc1234", native, browser).unwrap();
        assert!(text.contains("assessment (180 items: ISO/IEC"), "{text}");
        assert!(text.contains("), 200 runs after warm-up"), "{text}");
        assert!(
            text.contains("headless Chromium, `cargo test --release"),
            "{text}"
        );
        assert!(
            text.contains("| native | 0.33 ms | 0.51 ms | 0.72 ms |"),
            "{text}"
        );
        assert!(
            text.contains("| browser (wasm) | 0.40 ms | 1.20 ms | 8.94 ms |"),
            "{text}"
        );
    }

    #[test]
    fn reads_the_rollup_fields() {
        let line = "items=180 runs=200 median_ms=0.12 p95_ms=0.2 max_ms=0.4";
        assert_eq!(field(line, "runs").unwrap(), "200");
        assert_eq!(field(line, "max_ms").unwrap(), "0.4");
        assert!(field(line, "ms").is_err());
    }

    #[test]
    fn dates_come_from_days_since_the_epoch() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_782), "2026-11-25");
        assert_eq!(civil_date(-1), "1969-12-31");
    }
}
