//! `cargo xtask`: the project's commands. Each installs what is missing first.
//!
//! - `setup`  install the toolchain pieces (idempotent)
//! - `run`    build the app and serve it on 127.0.0.1 (`--port N`, `--host H`)
//! - `build`  build the app (release, precompressed) and the server
//! - `test`   every check and test, failing fast (`--only STEP`, `--skip STEP`), including the
//!   size gate (size-budget.toml)
//! - `bench`  measure the release bundle (and the core's roll-up); writes docs/BENCHMARKS.md

mod bench;
mod build;
mod compress;
mod setup;
mod size;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command>

  setup                        install what is missing (Rust target and components,
                               Chromium, Trunk, wasm-bindgen-cli, npm packages, crates)
  build                        setup, then build the app (dist/, precompressed) and the
                               server binary
  run [--port N] [--host H]    build, then serve the app (default 127.0.0.1:8080;
                               $PRAXIS_PORT sets the default port)
  test [--only S]… [--skip S]… setup, then every check and test, failing fast
                               steps: {steps}
  bench                        build, then measure the bundle into docs/BENCHMARKS.md
  help                         this text

Children run from the repository root with CARGO_TARGET_DIR (default
$HOME/.cache/praxis/target), node_modules/.bin and ~/.cargo/bin first on PATH.";

fn usage() -> String {
    let steps: Vec<&str> = test::STEPS.iter().map(|s| s.name).collect();
    USAGE.replace("{steps}", &steps.join(", "))
}

fn no_options(command: &str, rest: &[String]) -> util::Result {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(util::hint(
            format!("`cargo xtask {command}` takes no options, got '{arg}'"),
            "see `cargo xtask help`",
        )),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("", &[][..]),
    };
    if matches!(command, "help" | "--help" | "-h") {
        println!("{}", usage());
        return ExitCode::SUCCESS;
    }
    let known = ["setup", "build", "run", "test", "bench"];
    if !known.contains(&command) {
        if !command.is_empty() {
            eprintln!("xtask: unknown command '{command}'\n");
        }
        eprintln!("{}", usage());
        return ExitCode::from(2);
    }
    util::announce_environment();
    let result = match command {
        "setup" => no_options(command, rest).and_then(|()| setup::install()),
        "build" => no_options(command, rest).and_then(|()| build::build_all().map(|_| ())),
        "run" => build::serve(rest),
        "bench" => no_options(command, rest).and_then(|()| bench::run()),
        _ => match test::run_all(rest) {
            // The summary, ending in `xtask: N passed, M failed`, is already printed.
            Ok(true) => return ExitCode::SUCCESS,
            Ok(false) => return ExitCode::FAILURE,
            Err(message) => Err(message),
        },
    };
    match result {
        Ok(()) => {
            println!("\nxtask: {command}: done");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("\nxtask: {command} failed: {message}");
            ExitCode::FAILURE
        }
    }
}
