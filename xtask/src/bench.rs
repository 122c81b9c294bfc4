//! `cargo xtask bench`: measures what users download and records it in docs/BENCHMARKS.md.
//! Each benchmark owns a marked section of that file, so others can add theirs beside it.

use crate::build::build_app;
use crate::compress::{brotli, gzip};
use crate::setup;
use crate::util::{Result, command, output, root};

/// One measured file: name and raw, gzip -9 and brotli q11 sizes in bytes.
struct Sizes {
    name: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

/// Replaces the body between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, or
/// appends the section when it is missing. Everything else is kept as it is.
pub fn replace_section(doc: &str, name: &str, body: &str) -> String {
    let start = format!("<!-- bench:{name}:start -->");
    let end = format!("<!-- bench:{name}:end -->");
    let section = format!("{start}\n{}\n{end}", body.trim_end());
    match (doc.find(&start), doc.find(&end)) {
        (Some(s), Some(e)) if s < e => format!("{}{section}{}", &doc[..s], &doc[e + end.len()..]),
        _ => format!("{}\n\n{section}\n", doc.trim_end()),
    }
}

fn measure() -> Result<Vec<Sizes>> {
    let dist = root().join("dist");
    let mut sizes = Vec::new();
    for entry in std::fs::read_dir(&dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !["wasm", "js", "css"].contains(&extension)
            || path.file_name().is_some_and(|n| n == "sw.js")
        {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        sizes.push(Sizes {
            name: path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            raw: bytes.len(),
            gzip: gzip(&bytes).len(),
            brotli: brotli(&bytes).len(),
        });
    }
    sizes.sort_by_key(|s| std::cmp::Reverse(s.raw));
    Ok(sizes)
}

fn report(sizes: &[Sizes]) -> String {
    let date = output(command("date").args(["-u", "+%F"])).unwrap_or_default();
    let commit = output(command("git").args(["rev-parse", "--short", "HEAD"]))
        .map_or_else(|| "uncommitted".to_owned(), |c| c.trim().to_owned());
    let mut text = format!(
        "## Release bundle size\n\nMeasured {} at commit {commit} with `cargo xtask bench` (Trunk release build, \
         `opt-level = \"z\"`, LTO, wasm-opt -Oz; gzip level 9, brotli quality 11 — the server sends the \
         precompressed copies).\n\n| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n",
        date.trim()
    );
    for s in sizes {
        text.push_str(&format!(
            "| {} | {} ({} B) | {} ({} B) | {} ({} B) |\n",
            s.name,
            kb(s.raw),
            s.raw,
            kb(s.gzip),
            s.gzip,
            kb(s.brotli),
            s.brotli
        ));
    }
    let total = |f: fn(&Sizes) -> usize| sizes.iter().map(f).sum::<usize>();
    text.push_str(&format!(
        "| **total** | {} | {} | {} |\n",
        kb(total(|s| s.raw)),
        kb(total(|s| s.gzip)),
        kb(total(|s| s.brotli))
    ));
    text
}

pub fn run() -> Result {
    setup::install()?;
    build_app()?;
    let sizes = measure()?;
    let body = report(&sizes);
    println!("\n{body}");
    let path = root().join("docs/BENCHMARKS.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nEvery number here is produced by a command you can rerun; each section names its command."
            .to_owned()
    });
    std::fs::create_dir_all(root().join("docs")).map_err(|e| e.to_string())?;
    std::fs::write(&path, replace_section(&doc, "wasm-size", &body)).map_err(|e| e.to_string())?;
    println!("written: {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::replace_section;

    #[test]
    fn appends_a_missing_section() {
        let doc = replace_section("# Benchmarks\n", "wasm-size", "numbers");
        assert_eq!(
            doc,
            "# Benchmarks\n\n<!-- bench:wasm-size:start -->\nnumbers\n<!-- bench:wasm-size:end -->\n"
        );
    }

    #[test]
    fn replaces_only_its_own_section() {
        let doc = "# B\n\n<!-- bench:rollup:start -->\nfast\n<!-- bench:rollup:end -->\n\n\
                   <!-- bench:wasm-size:start -->\nold\n<!-- bench:wasm-size:end -->\ntail\n";
        let updated = replace_section(doc, "wasm-size", "new");
        assert!(updated.contains("<!-- bench:rollup:start -->\nfast\n<!-- bench:rollup:end -->"));
        assert!(
            updated.contains("<!-- bench:wasm-size:start -->\nnew\n<!-- bench:wasm-size:end -->")
        );
        assert!(!updated.contains("old"));
        assert!(updated.ends_with("tail\n"));
    }
}
