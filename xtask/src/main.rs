//! `cargo xtask`: the project's commands. Each installs what is missing first.
//!
//! - `setup`  install the toolchain pieces (idempotent)
//! - `run`    build the app and serve it on 127.0.0.1 (`--port N`, `--host H`)
//! - `build`  build the app (release, precompressed) and the server
//! - `test`   every check and test, failing fast (`--only STEP`, `--skip STEP`)
//! - `bench`  measure the release bundle; writes docs/BENCHMARKS.md

mod bench;
mod build;
mod compress;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command>

  setup                      install what is missing (Rust target, Chromium, Trunk,
                             wasm-bindgen-cli, npm packages)
  run [--port N] [--host H]  build the app and serve it (default 127.0.0.1:8080)
  build                      build the app (dist/) and the server
  test [--only S] [--skip S] run every check and test; steps: {steps}
  bench                      measure the release bundle into docs/BENCHMARKS.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::install(),
        Some("run") => build::serve(&args[1..]),
        Some("build") => build::build_all().map(|_| ()),
        Some("test") => test::run_all(&args[1..]),
        Some("bench") => bench::run(),
        _ => {
            eprintln!("{}", USAGE.replace("{steps}", &test::STEP_NAMES.join(", ")));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
