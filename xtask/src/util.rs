//! Running commands with the project's environment, and finding the project's places.
//!
//! Every child process runs from the repository root with:
//! - `CARGO_TARGET_DIR` (kept when set, else `$HOME/.cache/praxis/target`, outside the clone so
//!   that fresh CI clones reuse earlier builds);
//! - `PATH` starting with `<root>/node_modules/.bin` (binaryen's wasm-opt 132, Playwright) and
//!   `$HOME/.cargo/bin` (trunk, wasm-bindgen);
//! - `TRUNK_SKIP_VERSION_CHECK`, `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD`, `CHROMEDRIVER` and
//!   `WASM_BINDGEN_TEST_TIMEOUT`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Errors are messages for people: what failed, then what to do about it.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Appends what to do to an error message.
pub fn hint(message: impl std::fmt::Display, what_to_do: &str) -> String {
    format!("{message}\n  what to do: {what_to_do}")
}

/// The repository root (the parent of this crate).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// The build output folder of Trunk.
pub fn dist() -> PathBuf {
    root().join("dist")
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from)
}

/// `$CARGO_TARGET_DIR` when set and not empty, else `default`.
fn choose_target_dir(from_env: Option<OsString>, default: PathBuf) -> (PathBuf, bool) {
    match from_env {
        Some(dir) if !dir.is_empty() => (PathBuf::from(dir), true),
        _ => (default, false),
    }
}

fn target_dir_and_origin() -> &'static (PathBuf, bool) {
    static DIR: OnceLock<(PathBuf, bool)> = OnceLock::new();
    DIR.get_or_init(|| {
        choose_target_dir(
            std::env::var_os("CARGO_TARGET_DIR"),
            home()
                .join(".cache/praxis/targets")
                .join(checkout_name(&root())),
        )
    })
}

/// A folder name for one checkout, from its path (`/work/main` → `work-main`). Each checkout
/// gets its own build cache: cargo judges freshness by file times and keeps workspace paths
/// relative, so a cache shared by two clones can hand one clone binaries built from the other
/// (with the other's paths compiled in).
pub fn checkout_name(root: &Path) -> String {
    let name: String = root
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        "root".to_owned()
    } else {
        name.to_owned()
    }
}

/// Where cargo builds for the children.
pub fn target_dir() -> PathBuf {
    target_dir_and_origin().0.clone()
}

/// Prints the environment the children get (once, at the start of every command).
pub fn announce_environment() {
    let (dir, from_env) = target_dir_and_origin();
    let origin = if *from_env {
        "from CARGO_TARGET_DIR"
    } else {
        "default; set CARGO_TARGET_DIR to change it"
    };
    println!("xtask: repository {}", root().display());
    println!("xtask: cargo target dir {} ({origin})", dir.display());
}

fn child_path() -> OsString {
    let mut dirs = vec![root().join("node_modules/.bin"), home().join(".cargo/bin")];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

/// A command run from the repository root with the project's environment.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(root())
        .env("PATH", child_path())
        .env("CARGO_TARGET_DIR", target_dir())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    command
}

/// The first `program` on the children's PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&child_path())
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The command line as a person would type it.
pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| {
            let part = part.to_string_lossy();
            if part.is_empty() || part.contains([' ', '"', '\'']) {
                format!("'{part}'")
            } else {
                part.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn not_started(shown: &str, error: &std::io::Error) -> String {
    let what_to_do = if error.kind() == std::io::ErrorKind::NotFound {
        "the program is not installed or not on PATH; run `cargo xtask setup`"
    } else {
        "check that the program can be run by this user"
    };
    hint(format!("could not start `{shown}`: {error}"), what_to_do)
}

/// Runs a command with inherited output, printing it first; fails with the command line.
pub fn run(command: &mut Command) -> Result {
    let shown = describe(command);
    println!("$ {shown}");
    let status = command.status().map_err(|e| not_started(&shown, &e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command, printing it first, with standard error shown and standard output returned.
pub fn capture(command: &mut Command) -> Result<String> {
    let shown = describe(command);
    println!("$ {shown}");
    let out = command
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| not_started(&shown, &e))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("`{shown}` failed ({})", out.status))
    }
}

/// Runs a command quietly (a probe such as `tool --version`) and returns its standard output, or
/// `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stdin(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads a text file, saying which one failed.
pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes a file, saying which one failed.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result {
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Every file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The extension of `path`, or "".
pub fn extension(path: &Path) -> &str {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod checkout_tests {
    use super::*;

    #[test]
    fn each_checkout_gets_its_own_cache_folder() {
        assert_eq!(checkout_name(Path::new("/work/main")), "work-main");
        assert_eq!(
            checkout_name(Path::new("/tmp/ci clone.1")),
            "tmp-ci-clone-1"
        );
        assert_eq!(checkout_name(Path::new("/")), "root");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_dir_comes_from_the_environment_unless_empty() {
        let default = PathBuf::from("/home/me/.cache/praxis/target");
        assert_eq!(
            choose_target_dir(Some("/tmp/t".into()), default.clone()),
            (PathBuf::from("/tmp/t"), true)
        );
        assert_eq!(
            choose_target_dir(Some("".into()), default.clone()),
            (default.clone(), false)
        );
        assert_eq!(choose_target_dir(None, default.clone()), (default, false));
    }

    #[test]
    fn command_lines_are_shown_as_typed() {
        let mut c = Command::new("cargo");
        c.args(["test", "--workspace", "a b", ""]);
        assert_eq!(describe(&c), "cargo test --workspace 'a b' ''");
    }

    #[test]
    fn children_run_at_the_root_with_the_project_environment() {
        let c = command("trunk");
        assert_eq!(c.get_current_dir(), Some(root().as_path()));
        let env: Vec<_> = c.get_envs().collect();
        let value = |name: &str| {
            env.iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, v)| *v)
                .map(|v| v.to_string_lossy().into_owned())
        };
        assert_eq!(value("TRUNK_SKIP_VERSION_CHECK").as_deref(), Some("true"));
        assert_eq!(
            value("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD").as_deref(),
            Some("1")
        );
        assert_eq!(
            value("CHROMEDRIVER").as_deref(),
            Some("/usr/bin/chromedriver")
        );
        assert_eq!(value("WASM_BINDGEN_TEST_TIMEOUT").as_deref(), Some("120"));
        let path = value("PATH").unwrap();
        let first = root().join("node_modules/.bin");
        assert!(path.starts_with(first.to_str().unwrap()));
    }
}
