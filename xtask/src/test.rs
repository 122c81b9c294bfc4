//! `cargo xtask test`: setup, then every check in order, failing fast, each timed, with a summary
//! table and a final `xtask: N passed, M failed` line (also when something failed).

use std::time::Instant;

use crate::build::{build_app, build_server, server_binary};
use crate::setup;
use crate::size;
use crate::util::{Result, command, dist, hint, run};

/// One step of the test run.
#[derive(Debug)]
pub struct Step {
    pub name: &'static str,
    pub what: &'static str,
    /// What to do when it fails.
    pub fix: &'static str,
}

pub const STEPS: [Step; 9] = [
    Step {
        name: "fmt",
        what: "formatting (cargo fmt --check)",
        fix: "run `cargo fmt --all` and commit the result",
    },
    Step {
        name: "clippy",
        what: "clippy, native, all targets",
        fix: "fix the warnings above (`cargo clippy --workspace --all-targets` shows them)",
    },
    Step {
        name: "clippy-wasm",
        what: "clippy, wasm32 (app, core, store, sync)",
        fix: "fix the warnings above; code behind cfg(target_arch = \"wasm32\") is only \
              checked here (`cargo clippy --target wasm32-unknown-unknown -p praxis`)",
    },
    Step {
        name: "native-tests",
        what: "native tests",
        fix: "see the failing tests above; rerun with `cargo xtask test --only native-tests`",
    },
    Step {
        name: "browser-tests",
        what: "browser tests (wasm-bindgen-test, headless Chromium)",
        fix: "see the failing tests above; they run through /usr/bin/chromedriver (check it with \
              `cargo xtask setup`); rerun with `cargo xtask test --only browser-tests`",
    },
    Step {
        name: "release-build",
        what: "release build of the app (trunk + precompress)",
        fix: "see the error above; rerun with `cargo xtask build`",
    },
    Step {
        name: "size-budget",
        what: "release wasm within size-budget.toml (brotli q11)",
        fix: "shrink the wasm, or raise brotli_bytes in size-budget.toml with a reason",
    },
    Step {
        name: "server-build",
        what: "server build (profile server)",
        fix: "see the compile errors above in crates/server",
    },
    Step {
        name: "e2e",
        what: "end-to-end tests (Playwright, Debian's Chromium)",
        fix: "see the failing journeys above and test-results/; rerun with `cargo xtask test \
              --only e2e` (it uses the dist/ and server binary already built)",
    },
];

fn step_names() -> Vec<&'static str> {
    STEPS.iter().map(|s| s.name).collect()
}

fn cargo(args: &[&str]) -> Result {
    run(command("cargo").args(args))
}

fn end_to_end() -> Result {
    let server = server_binary();
    if !server.is_file() {
        return Err(hint(
            format!("the server binary {} does not exist", server.display()),
            "run the server-build step first (`cargo xtask test` without --only/--skip, or \
             `cargo xtask build`)",
        ));
    }
    if !dist().join("index.html").is_file() {
        return Err(hint(
            format!("{} has no built app", dist().display()),
            "run the release-build step first (or `cargo xtask build`)",
        ));
    }
    run(command("npx")
        .args(["playwright", "test"])
        .env("PRAXIS_SERVER_BIN", &server)
        .env("PRAXIS_DIST", dist()))
}

fn run_step(name: &str) -> Result {
    match name {
        "fmt" => cargo(&["fmt", "--all", "--", "--check"]),
        "clippy" => cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
        "clippy-wasm" => cargo(&[
            "clippy",
            "--target",
            setup::WASM_TARGET,
            "-p",
            "praxis",
            "-p",
            "praxis-core",
            "-p",
            "praxis-store",
            "-p",
            "praxis-sync",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
        "native-tests" => cargo(&["test", "--workspace", "--locked"]),
        "browser-tests" => cargo(&[
            "test",
            "--target",
            setup::WASM_TARGET,
            "-p",
            "praxis-store",
            "-p",
            "praxis",
            "--locked",
        ]),
        "release-build" => build_app(),
        "size-budget" => size::run(),
        "server-build" => build_server().map(|_| ()),
        "e2e" => end_to_end(),
        other => Err(format!("unknown step '{other}'")),
    }
}

/// Which steps to run, in order, from `--only NAME` / `--skip NAME` (each repeatable, also as
/// `--only=NAME`).
pub fn select_steps(args: &[String]) -> Result<Vec<(&'static str, bool)>> {
    let names = step_names();
    let usage = format!(
        "usage: cargo xtask test [--only STEP]… [--skip STEP]…; steps: {}",
        names.join(", ")
    );
    let mut only = Vec::new();
    let mut skip = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let list = match flag {
            "--only" => &mut only,
            "--skip" => &mut skip,
            _ => return Err(hint(format!("unknown option '{arg}'"), &usage)),
        };
        let name = inline
            .or_else(|| args.next().cloned())
            .ok_or_else(|| hint(format!("{flag} needs a step name"), &usage))?;
        if !names.contains(&name.as_str()) {
            return Err(hint(format!("unknown step '{name}'"), &usage));
        }
        list.push(name);
    }
    Ok(names
        .iter()
        .map(|&name| {
            let wanted = (only.is_empty() || only.iter().any(|o| o == name))
                && !skip.iter().any(|s| s == name);
            (name, wanted)
        })
        .collect())
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Passed(f64),
    Failed(f64),
    /// Left out with --only/--skip.
    Skipped,
    /// Not run because an earlier step (or setup) failed.
    NotRun,
}

/// The summary table and the final line. Setup is shown as a row; it counts only when it fails
/// (then no step ran, and the final line must not say "0 failed").
pub fn summary(setup: Outcome, steps: &[(&str, Outcome)]) -> String {
    let mut text = format!("{:<15} {:<8} {:>8}\n", "step", "result", "seconds");
    let (mut passed, mut failed) = (0, 0);
    let mut skipped = Vec::new();
    let rows = std::iter::once(("setup", setup)).chain(steps.iter().copied());
    for (index, (name, outcome)) in rows.enumerate() {
        let counted = index > 0 || matches!(outcome, Outcome::Failed(_));
        let (label, seconds, note) = match outcome {
            Outcome::Passed(s) => {
                passed += usize::from(counted);
                ("ok", format!("{s:.1}"), "")
            }
            Outcome::Failed(s) => {
                failed += usize::from(counted);
                ("FAILED", format!("{s:.1}"), "")
            }
            Outcome::Skipped => {
                skipped.push(name);
                ("skipped", "-".to_owned(), "  (--only/--skip)")
            }
            Outcome::NotRun => {
                skipped.push(name);
                (
                    "skipped",
                    "-".to_owned(),
                    "  (not run: an earlier step failed)",
                )
            }
        };
        text.push_str(&format!("{name:<15} {label:<8} {seconds:>8}{note}\n"));
    }
    if !skipped.is_empty() {
        text.push_str(&format!("skipped: {}\n", skipped.join(", ")));
    }
    text.push_str(&format!("xtask: {passed} passed, {failed} failed"));
    text
}

/// Runs setup and the selected steps; prints the summary. `Ok(false)` when something failed
/// (already reported); `Err` only for bad options, before anything runs.
pub fn run_all(args: &[String]) -> Result<bool> {
    let selected = select_steps(args)?;
    let started = Instant::now();
    let setup_outcome = match setup::install() {
        Ok(()) => Outcome::Passed(started.elapsed().as_secs_f64()),
        Err(message) => {
            eprintln!("\nxtask: setup failed: {message}");
            Outcome::Failed(started.elapsed().as_secs_f64())
        }
    };
    let mut failed = matches!(setup_outcome, Outcome::Failed(_));
    let mut outcomes = Vec::new();
    for (step, (name, wanted)) in STEPS.iter().zip(selected) {
        let outcome = if !wanted {
            Outcome::Skipped
        } else if failed {
            Outcome::NotRun
        } else {
            println!("\n=== {name}: {} ===", step.what);
            let started = Instant::now();
            let result = run_step(name);
            let seconds = started.elapsed().as_secs_f64();
            match result {
                Ok(()) => {
                    println!("ok: {name} ({seconds:.1} s)");
                    Outcome::Passed(seconds)
                }
                Err(message) => {
                    failed = true;
                    // Keep a more precise hint that came with the error.
                    let message = if message.contains("what to do:") {
                        message
                    } else {
                        hint(message, step.fix)
                    };
                    eprintln!("\nxtask: step '{name}' failed: {message}");
                    Outcome::Failed(seconds)
                }
            }
        };
        outcomes.push((name, outcome));
    }
    println!("\n{}", summary(setup_outcome, &outcomes));
    Ok(!failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(args: &[&str]) -> Result<Vec<&'static str>> {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        Ok(select_steps(&args)?
            .into_iter()
            .filter(|(_, wanted)| *wanted)
            .map(|(n, _)| n)
            .collect())
    }

    #[test]
    fn all_steps_by_default_in_order() {
        assert_eq!(
            select(&[]).unwrap(),
            [
                "fmt",
                "clippy",
                "clippy-wasm",
                "native-tests",
                "browser-tests",
                "release-build",
                "size-budget",
                "server-build",
                "e2e"
            ]
        );
    }

    #[test]
    fn only_and_skip_narrow_the_run_and_keep_the_order() {
        assert_eq!(
            select(&["--only", "e2e", "--only", "fmt"]).unwrap(),
            ["fmt", "e2e"]
        );
        assert_eq!(
            select(&["--skip", "e2e", "--skip=browser-tests"])
                .unwrap()
                .len(),
            STEPS.len() - 2
        );
        assert_eq!(
            select(&["--only=clippy", "--only", "fmt", "--skip", "fmt"]).unwrap(),
            ["clippy"]
        );
    }

    #[test]
    fn unknown_steps_and_options_are_explained() {
        let lint = select(&["--only", "lint"]).unwrap_err();
        assert!(lint.starts_with("unknown step 'lint'"));
        assert!(lint.contains("steps: fmt, clippy"));
        assert!(
            select(&["--fast"])
                .unwrap_err()
                .starts_with("unknown option '--fast'")
        );
        assert!(
            select(&["--only"])
                .unwrap_err()
                .starts_with("--only needs a step name")
        );
    }

    #[test]
    fn the_summary_counts_steps_and_lists_skipped_ones() {
        let text = summary(
            Outcome::Passed(2.0),
            &[
                ("fmt", Outcome::Passed(1.25)),
                ("clippy", Outcome::Failed(30.0)),
                ("clippy-wasm", Outcome::NotRun),
                ("e2e", Outcome::Skipped),
            ],
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].starts_with("setup") && lines[1].contains("ok"));
        assert!(lines[2].starts_with("fmt") && lines[2].contains("ok") && lines[2].contains("1.2"));
        assert!(lines[3].contains("FAILED") && lines[3].contains("30.0"));
        assert!(lines[4].contains("skipped") && lines[4].contains("earlier step failed"));
        assert!(lines[5].contains("skipped") && lines[5].contains("--only/--skip"));
        assert_eq!(lines[6], "skipped: clippy-wasm, e2e");
        assert_eq!(*lines.last().unwrap(), "xtask: 1 passed, 1 failed");
    }

    #[test]
    fn a_failed_setup_counts_as_a_failure() {
        let text = summary(Outcome::Failed(3.0), &[("fmt", Outcome::NotRun)]);
        assert!(text.ends_with("\nxtask: 0 passed, 1 failed"));
        let text = summary(Outcome::Passed(3.0), &[("fmt", Outcome::Passed(1.0))]);
        assert!(text.ends_with("\nxtask: 1 passed, 0 failed"));
    }
}
