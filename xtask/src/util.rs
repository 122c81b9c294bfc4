//! Running commands with the project's environment, and finding the project's places.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root (the parent of this crate).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_path_buf()
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from)
}

/// Where cargo builds: `$CARGO_TARGET_DIR`, else a folder outside the clone that survives fresh
/// clones (CI clones anew each run; reusing builds keeps a run well inside its time limit).
pub fn target_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => home().join(".cache/praxis/target"),
    })
    .clone()
}

/// A command run from the repository root with the project's environment.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![root().join("node_modules/.bin"), home().join(".cargo/bin")];
    dirs.extend(std::env::split_paths(&path));
    command
        .current_dir(root())
        .env("PATH", std::env::join_paths(dirs).expect("valid PATH"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    command
}

fn describe(command: &Command) -> String {
    let args: Vec<String> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        args.join(" ")
    )
}

/// Runs a command with inherited output; fails with the command line when it fails.
pub fn run(command: &mut Command) -> Result {
    let shown = describe(command);
    println!("$ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command quietly and returns its standard output, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
