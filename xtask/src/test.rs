//! `cargo xtask test`: every check, in order, failing fast, with a summary at the end.

use std::time::Instant;

use crate::build::{build_app, build_server};
use crate::setup;
use crate::util::{Result, command, root, run, target_dir};

pub const STEP_NAMES: [&str; 8] = [
    "fmt",
    "clippy",
    "clippy-wasm",
    "native-tests",
    "browser-tests",
    "release-build",
    "server-build",
    "e2e",
];

fn step(name: &str) -> Result {
    let cargo = || command("cargo");
    match name {
        "fmt" => run(cargo().args(["fmt", "--all", "--", "--check"])),
        "clippy" => run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ])),
        "clippy-wasm" => run(cargo().args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "praxis",
            "-p",
            "praxis-core",
            "-p",
            "praxis-store",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ])),
        "native-tests" => run(cargo().args(["test", "--workspace", "--locked"])),
        "browser-tests" => run(cargo().args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "praxis-store",
            "-p",
            "praxis",
            "--locked",
        ])),
        "release-build" => build_app(),
        "server-build" => build_server().map(|_| ()),
        "e2e" => run(command("npx")
            .args(["playwright", "test"])
            .env(
                "PRAXIS_SERVER_BIN",
                target_dir().join("server").join("praxis-server"),
            )
            .env("PRAXIS_DIST", root().join("dist"))),
        other => Err(format!("unknown step '{other}'")),
    }
}

/// Which steps to run, from `--only NAME` / `--skip NAME` (each repeatable).
pub fn select_steps(args: &[String]) -> Result<Vec<(&'static str, bool)>> {
    let mut only = Vec::new();
    let mut skip = Vec::new();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let name = args
            .next()
            .ok_or_else(|| format!("{flag} needs a step name"))?;
        if !STEP_NAMES.contains(&name.as_str()) {
            return Err(format!(
                "unknown step '{name}'; steps are: {}",
                STEP_NAMES.join(", ")
            ));
        }
        match flag.as_str() {
            "--only" => only.push(name.clone()),
            "--skip" => skip.push(name.clone()),
            other => {
                return Err(format!(
                    "unknown option '{other}' (use --only STEP or --skip STEP)"
                ));
            }
        }
    }
    Ok(STEP_NAMES
        .iter()
        .map(|&name| {
            let wanted = (only.is_empty() || only.iter().any(|o| o == name))
                && !skip.iter().any(|s| s == name);
            (name, wanted)
        })
        .collect())
}

enum Outcome {
    Passed(f64),
    Failed(f64),
    Skipped,
    NotReached,
}

pub fn run_all(args: &[String]) -> Result {
    let steps = select_steps(args)?;
    setup::install()?;
    let mut outcomes: Vec<(&str, Outcome)> = Vec::new();
    let mut failure = None;
    for (name, wanted) in steps {
        if !wanted {
            outcomes.push((name, Outcome::Skipped));
            continue;
        }
        if failure.is_some() {
            outcomes.push((name, Outcome::NotReached));
            continue;
        }
        println!("\n=== {name} ===");
        let started = Instant::now();
        let result = step(name);
        let seconds = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => outcomes.push((name, Outcome::Passed(seconds))),
            Err(message) => {
                outcomes.push((name, Outcome::Failed(seconds)));
                failure = Some(format!("step '{name}' failed: {message}"));
            }
        }
    }
    print_summary(&outcomes);
    failure.map_or(Ok(()), Err)
}

fn print_summary(outcomes: &[(&str, Outcome)]) {
    println!("\n{:<15} {:<12} {:>9}", "step", "result", "seconds");
    let (mut passed, mut failed) = (0, 0);
    for (name, outcome) in outcomes {
        let (label, seconds) = match outcome {
            Outcome::Passed(s) => {
                passed += 1;
                ("ok", format!("{s:.1}"))
            }
            Outcome::Failed(s) => {
                failed += 1;
                ("FAILED", format!("{s:.1}"))
            }
            Outcome::Skipped => ("skipped", String::new()),
            Outcome::NotReached => ("not run", String::new()),
        };
        println!("{name:<15} {label:<12} {seconds:>9}");
    }
    println!("xtask: {passed} passed, {failed} failed");
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
        assert_eq!(select(&[]).unwrap(), STEP_NAMES.to_vec());
    }

    #[test]
    fn only_and_skip_narrow_the_run() {
        assert_eq!(
            select(&["--only", "fmt", "--only", "e2e"]).unwrap(),
            ["fmt", "e2e"]
        );
        assert_eq!(
            select(&["--skip", "e2e"]).unwrap().len(),
            STEP_NAMES.len() - 1
        );
    }

    #[test]
    fn unknown_steps_and_options_are_explained() {
        assert!(
            select(&["--only", "lint"])
                .unwrap_err()
                .starts_with("unknown step 'lint'")
        );
        assert!(
            select(&["--fast", "fmt"])
                .unwrap_err()
                .starts_with("unknown option")
        );
        assert_eq!(select(&["--only"]).unwrap_err(), "--only needs a step name");
    }
}
