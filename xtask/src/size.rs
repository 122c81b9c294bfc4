//! The size gate (`cargo xtask test`'s `size-budget` step): the release wasm, compressed with
//! brotli q11 as `cargo xtask bench` measures it, must fit the budget in `size-budget.toml` at
//! the repository root. Every page added costs bytes that every user downloads, so growth has to
//! be a decision written down with its reason, not an accident.

use crate::bench::{Sizes, format_size, measure};
use crate::util::{Result, dist, hint, read_text, root};

pub const BUDGET_FILE: &str = "size-budget.toml";

/// The allowance for the wasm, from `size-budget.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// Brotli q11 bytes of dist/*_bg.wasm.
    pub brotli_bytes: usize,
    /// Why the budget is what it is.
    pub reason: String,
}

/// Reads `brotli_bytes = 123_456` and `reason = "…"` (a small TOML subset: one `key = value` per
/// line, `#` comments, no tables). Unknown keys are refused so that a typo cannot pass unnoticed.
pub fn parse_budget(text: &str) -> Result<Budget> {
    let (mut bytes, mut reason) = (None, None);
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |what: &str| format!("{BUDGET_FILE} line {}: {what}", number + 1);
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| at(&format!("expected `key = value`, got '{line}'")))?;
        let value = value.trim();
        match key.trim() {
            "brotli_bytes" => {
                // A comment may follow the number.
                let digits = value.split('#').next().unwrap_or_default().trim();
                let parsed = digits
                    .replace('_', "")
                    .parse::<usize>()
                    .ok()
                    .filter(|&b| b > 0)
                    .ok_or_else(|| {
                        at(&format!(
                            "brotli_bytes must be a whole number of bytes, got '{digits}'"
                        ))
                    })?;
                bytes = Some(parsed);
            }
            "reason" => {
                reason = Some(
                    quoted(value)
                        .filter(|v| !v.trim().is_empty())
                        .ok_or_else(|| at("reason must be a non-empty \"quoted string\""))?,
                );
            }
            other => {
                return Err(at(&format!(
                    "unknown key '{other}' (the keys are brotli_bytes and reason)"
                )));
            }
        }
    }
    match (bytes, reason) {
        (Some(brotli_bytes), Some(reason)) => Ok(Budget {
            brotli_bytes,
            reason,
        }),
        (None, _) => Err(format!("{BUDGET_FILE} has no brotli_bytes = …")),
        (_, None) => Err(format!(
            "{BUDGET_FILE} has no reason = \"…\" (say why the budget is what it is)"
        )),
    }
}

/// The text of a basic TOML string (`"…"`, with `\"` and `\\` escapes), when nothing but a
/// comment follows it.
fn quoted(value: &str) -> Option<String> {
    let mut chars = value.strip_prefix('"')?.chars();
    let mut text = String::new();
    loop {
        match chars.next()? {
            '"' => break,
            '\\' => text.push(chars.next()?),
            c => text.push(c),
        }
    }
    let rest = chars.as_str().trim();
    (rest.is_empty() || rest.starts_with('#')).then_some(text)
}

/// Compares the measured wasm with the budget: a line for the log, or the failure with what to
/// do about it.
pub fn check(wasm: &Sizes, budget: &Budget) -> Result<String> {
    let measured = format!(
        "{} is {} brotli q11 (raw {}, gzip -9 {})",
        wasm.name,
        format_size(wasm.brotli),
        format_size(wasm.raw),
        format_size(wasm.gzip)
    );
    let allowed = format_size(budget.brotli_bytes);
    if wasm.brotli <= budget.brotli_bytes {
        return Ok(format!(
            "ok: {measured}; budget {allowed}, {} to spare",
            format_size(budget.brotli_bytes - wasm.brotli)
        ));
    }
    Err(hint(
        format!(
            "{measured}, over the budget of {allowed} by {} (budget reason: {})",
            format_size(wasm.brotli - budget.brotli_bytes),
            budget.reason
        ),
        &format!(
            "shrink the wasm (docs/BENCHMARKS.md, \"Where the bytes go\", shows how to find what \
             grew), or, if the growth is worth it, raise brotli_bytes in {BUDGET_FILE} and \
             rewrite its reason to say why (the margin above the measured size stays small, \
             2 % at most)"
        ),
    ))
}

/// The one `*_bg.wasm` among the measured files.
pub fn find_wasm(sizes: &[Sizes]) -> Result<&Sizes> {
    let mut wasm = sizes.iter().filter(|s| s.name.ends_with("_bg.wasm"));
    match (wasm.next(), wasm.next()) {
        (Some(one), None) => Ok(one),
        (None, _) => Err(hint(
            format!("no *_bg.wasm in {}", dist().display()),
            "run the release-build step first (or `cargo xtask build`)",
        )),
        (Some(a), Some(b)) => Err(hint(
            format!("more than one wasm in dist/: {} and {}", a.name, b.name),
            "delete dist/ and build again (`cargo xtask build`)",
        )),
    }
}

/// The `size-budget` step: measures dist/ as the benchmark does and checks the wasm.
pub fn run() -> Result {
    let path = root().join(BUDGET_FILE);
    let budget = parse_budget(&read_text(&path).map_err(|e| {
        hint(
            e,
            &format!(
                "add {BUDGET_FILE} with `brotli_bytes = N` and `reason = \"…\"` at the \
                 repository root"
            ),
        )
    })?)
    .map_err(|e| hint(e, &format!("fix {}", path.display())))?;
    let sizes = measure(&dist())?;
    println!("{}", check(find_wasm(&sizes)?, &budget)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wasm(brotli: usize) -> Sizes {
        Sizes {
            name: "praxis_bg.wasm".into(),
            raw: 4 * brotli,
            gzip: 2 * brotli,
            brotli,
        }
    }

    fn budget(bytes: usize) -> Budget {
        Budget {
            brotli_bytes: bytes,
            reason: "first cut".into(),
        }
    }

    #[test]
    fn reads_the_budget_and_its_reason() {
        let text = "# The release wasm.\n\nbrotli_bytes = 360_000  # after the first cut\n\
                    reason = \"erase_components, minified \\\"content\\\"\"\n";
        assert_eq!(
            parse_budget(text).unwrap(),
            Budget {
                brotli_bytes: 360_000,
                reason: "erase_components, minified \"content\"".into()
            }
        );
        assert_eq!(
            parse_budget("reason=\"r # \\\\ kept\" # dropped\nbrotli_bytes=5").unwrap(),
            Budget {
                brotli_bytes: 5,
                reason: "r # \\ kept".into()
            }
        );
    }

    #[test]
    fn a_broken_budget_file_is_explained() {
        let error = |text: &str| parse_budget(text).unwrap_err();
        assert!(error("reason = \"r\"").contains("no brotli_bytes"));
        assert!(error("brotli_bytes = 1").contains("no reason"));
        assert!(error("brotli_bytes = 1\nreason = \"  \"").contains("non-empty"));
        assert!(error("brotli_bytes = 1\nreason = bare").contains("quoted"));
        assert!(error("brotli_bytes = 1\nreason = \"open").contains("quoted"));
        assert!(error("brotli_bytes = 1\nreason = \"a\" b").contains("quoted"));
        assert!(error("brotli_bytes = 360 kB\nreason = \"r\"").contains("got '360 kB'"));
        assert!(error("brotli_bytes = 0\nreason = \"r\"").contains("whole number"));
        assert!(error("brotli_bytes = -1\nreason = \"r\"").contains("whole number"));
        let typo = error("brotli_byte = 1\nreason = \"r\"");
        assert!(typo.contains("line 1") && typo.contains("unknown key 'brotli_byte'"));
        assert!(error("\n[budget]\n").contains("line 2: expected `key = value`"));
    }

    #[test]
    fn passes_up_to_the_budget_and_fails_above_it() {
        let ok = check(&wasm(359_000), &budget(360_000)).unwrap();
        assert!(ok.starts_with("ok: praxis_bg.wasm is 359.0 kB (359000 B) brotli q11"));
        assert!(ok.contains("budget 360.0 kB (360000 B), 1.0 kB (1000 B) to spare"));
        assert!(check(&wasm(360_000), &budget(360_000)).is_ok());

        let over = check(&wasm(360_001), &budget(360_000)).unwrap_err();
        assert!(over.contains("praxis_bg.wasm is 360.0 kB (360001 B) brotli q11"));
        assert!(over.contains("over the budget of 360.0 kB (360000 B) by 0.0 kB (1 B)"));
        assert!(over.contains("budget reason: first cut"));
        assert!(over.contains("what to do: shrink the wasm"));
        assert!(over.contains("raise brotli_bytes in size-budget.toml"));
    }

    #[test]
    fn the_wasm_is_found_among_the_measured_files() {
        let js = Sizes {
            name: "praxis.js".into(),
            ..wasm(10)
        };
        let sizes = [js.clone(), wasm(7)];
        assert_eq!(find_wasm(&sizes).unwrap().brotli, 7);
        assert!(find_wasm(&[js]).unwrap_err().contains("no *_bg.wasm"));
        let two = [
            wasm(7),
            Sizes {
                name: "other_bg.wasm".into(),
                ..wasm(8)
            },
        ];
        assert!(find_wasm(&two).unwrap_err().contains("more than one wasm"));
    }

    #[test]
    fn the_repository_budget_file_is_valid() {
        let budget = parse_budget(&read_text(&root().join(BUDGET_FILE)).unwrap()).unwrap();
        assert!(budget.brotli_bytes > 100_000, "{budget:?}");
    }
}
