//! `cargo xtask setup`: installs what the project needs and is missing. Safe to run again: each
//! step checks first and prints `ok: <tool> <version>` or `installing <tool> …`.
//! Only the package registries are used (crates.io, npm, Debian): nothing from GitHub.

use std::path::Path;

use crate::util::{Result, command, hint, output, read_text, root, run, which};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_OPT_VERSION: &str = "132";
/// The Debian packages the tests use, each with the program that shows it is installed:
/// Chromium and its driver (browser tests, Playwright), and poppler-utils (`pdftotext`, with
/// which Playwright reads a printed report back).
const DEBIAN_PACKAGES: [(&str, &str); 3] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("poppler-utils", "/usr/bin/pdftotext"),
];

/// Installs whatever is missing, in order.
pub fn install() -> Result {
    println!("\n=== setup ===");
    rust_target_and_components()?;
    debian_packages()?;
    trunk()?;
    wasm_bindgen()?;
    npm_packages()?;
    println!("fetching crates (cargo fetch --locked) …");
    run(command("cargo").args(["fetch", "--locked"])).map_err(|e| {
        hint(
            e,
            "Cargo.lock is out of date or crates.io is unreachable; run `cargo fetch` (without \
             --locked) to update Cargo.lock and commit it",
        )
    })?;
    println!("setup: everything is installed");
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim()
}

fn rust_target_and_components() -> Result {
    let rustup_hint = "install rustup from your package manager or https://rustup.rs, or add \
                       the pieces by hand";
    let installed = output(command("rustup").args(["target", "list", "--installed"]))
        .ok_or_else(|| hint("`rustup target list --installed` failed", rustup_hint))?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("ok: rust target {WASM_TARGET}");
    } else {
        println!("installing rust target {WASM_TARGET} …");
        run(command("rustup").args(["target", "add", WASM_TARGET]))
            .map_err(|e| hint(e, "check the network and run `cargo xtask setup` again"))?;
    }
    let components =
        output(command("rustup").args(["component", "list", "--installed"])).unwrap_or_default();
    for (component, probe) in [
        ("rustfmt", &["rustfmt", "--version"][..]),
        ("clippy", &["cargo", "clippy", "--version"][..]),
    ] {
        if components.lines().any(|l| l.starts_with(component)) {
            let version = output(command(probe[0]).args(&probe[1..]));
            println!("ok: {}", version.as_deref().map_or(component, first_line));
        } else {
            println!("installing rust component {component} …");
            run(command("rustup").args(["component", "add", component]))
                .map_err(|e| hint(e, "check the network and run `cargo xtask setup` again"))?;
        }
    }
    Ok(())
}

/// `apt-get`, or `sudo apt-get` when not root and sudo exists.
fn apt_get(is_root: bool, has_sudo: bool) -> Result<std::process::Command> {
    match (is_root, has_sudo) {
        (true, _) => Ok(command("apt-get")),
        (false, true) => {
            let mut sudo = command("sudo");
            sudo.arg("apt-get");
            Ok(sudo)
        }
        (false, false) => Err(hint(
            "installing Debian packages needs root, and sudo is not installed",
            "run `apt-get install -y --no-install-recommends chromium chromium-driver \
             poppler-utils` as root, then `cargo xtask setup` again",
        )),
    }
}

fn debian_packages() -> Result {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .filter(|(_, path)| !Path::new(path).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        for (package, path) in DEBIAN_PACKAGES {
            let version = output(command(path).arg("--version"));
            let version = version.as_deref().map_or(path, first_line);
            println!("ok: {package} ({version})");
        }
        return Ok(());
    }
    let list = missing.join(" ");
    println!("installing {list} from Debian (about a minute) …");
    let is_root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let has_sudo = which("sudo").is_some();
    let apt = |args: &[&str]| -> Result {
        let mut apt = apt_get(is_root, has_sudo)?;
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut apt).map_err(|e| {
            hint(
                e,
                &format!(
                    "check that Debian's package mirrors are reachable, or install {list} by hand"
                ),
            )
        })
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)?;
    for (package, path) in DEBIAN_PACKAGES {
        if !Path::new(path).exists() {
            return Err(hint(
                format!("{path} is still missing after installing"),
                &format!("install Debian's {package} package by hand"),
            ));
        }
    }
    Ok(())
}

fn trunk() -> Result {
    let version = output(command("trunk").arg("--version")).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        println!("ok: {}", first_line(&version));
        return Ok(());
    }
    if !version.is_empty() {
        println!(
            "found {}, but the project needs {TRUNK_VERSION}",
            first_line(&version)
        );
    }
    println!(
        "installing trunk {TRUNK_VERSION} from crates.io … (warning: this compiles for about 12 \
         minutes on 2 cores; later runs skip it)"
    );
    run(command("cargo").args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]))
        .map_err(|e| {
            hint(
                e,
                "trunk 0.22 and later need a newer rustc, so keep 0.21.14; check that crates.io \
                 is reachable and run `cargo xtask setup` again",
            )
        })
}

/// The version of `package` in Cargo.lock's text (its `[[package]]` block).
pub fn locked_version(lock: &str, package: &str) -> Option<String> {
    let wanted = format!("\"{package}\"");
    lock.split("[[package]]").skip(1).find_map(|block| {
        let field = |key: &str| {
            block.lines().find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().to_owned())
            })
        };
        if field("name")? != wanted {
            return None;
        }
        Some(field("version")?.trim_matches('"').to_owned())
    })
}

/// The `wasm_bindgen = "…"` pin in Trunk.toml's `[tools]` table.
pub fn trunk_pin(trunk_toml: &str) -> Option<String> {
    let mut in_tools = false;
    for line in trunk_toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_tools = line.trim_end_matches(|c| c != ']') == "[tools]";
            continue;
        }
        if !in_tools {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim() == "wasm_bindgen" {
            // The value is a quoted string, possibly followed by a comment.
            let value = value.trim().strip_prefix('"')?;
            return Some(value[..value.find('"')?].to_owned());
        }
    }
    None
}

/// Compares the Trunk.toml pin with Cargo.lock's version.
pub fn check_trunk_pin(trunk_toml: Option<&str>, version: &str) -> Result<String> {
    let Some(trunk_toml) = trunk_toml else {
        return Ok("note: Trunk.toml not found; skipping the check of its wasm_bindgen pin".into());
    };
    match trunk_pin(trunk_toml) {
        Some(pin) if pin == version => Ok(format!(
            "ok: Trunk.toml pins wasm_bindgen = \"{pin}\", as Cargo.lock does"
        )),
        Some(pin) => Err(hint(
            format!(
                "Trunk.toml pins wasm_bindgen = \"{pin}\" but Cargo.lock has wasm-bindgen {version}"
            ),
            &format!(
                "set `wasm_bindgen = \"{version}\"` under [tools] in Trunk.toml (Trunk would \
                 otherwise try to download wasm-bindgen from GitHub)"
            ),
        )),
        None => Err(hint(
            "Trunk.toml has no wasm_bindgen pin in its [tools] table",
            &format!("add `[tools]` with `wasm_bindgen = \"{version}\"` to Trunk.toml"),
        )),
    }
}

fn wasm_bindgen() -> Result {
    let lock = read_text(&root().join("Cargo.lock"))
        .map_err(|e| hint(e, "run `cargo generate-lockfile` and commit Cargo.lock"))?;
    let version = locked_version(&lock, "wasm-bindgen").ok_or_else(|| {
        hint(
            "Cargo.lock has no wasm-bindgen package",
            "the app crate must depend on wasm-bindgen; run `cargo fetch` to update Cargo.lock",
        )
    })?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml")).ok();
    println!("{}", check_trunk_pin(trunk_toml.as_deref(), &version)?);

    let installed = output(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(version.as_str()) {
        println!("ok: {}", first_line(&installed));
        return Ok(());
    }
    if !installed.is_empty() {
        println!(
            "found {}, but Cargo.lock has wasm-bindgen {version}",
            first_line(&installed)
        );
    }
    println!("installing wasm-bindgen-cli {version} from crates.io (about 4 minutes) …");
    let install = |locked: bool| {
        let mut cargo = command("cargo");
        cargo.args(["install", "wasm-bindgen-cli", "--version", &version]);
        if locked {
            cargo.arg("--locked");
        }
        run(&mut cargo)
    };
    if let Err(e) = install(true) {
        // Some releases' lockfiles name crate versions the registry does not serve.
        println!("{e}; retrying without --locked …");
        install(false).map_err(|e| {
            hint(
                e,
                "check that crates.io is reachable and run `cargo xtask setup` again",
            )
        })?;
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).ok()?.modified().ok()
}

/// Whether `npm ci` must run: node_modules' record of the install is missing or older than the
/// lockfile.
fn npm_install_needed(
    installed: Option<std::time::SystemTime>,
    lock: Option<std::time::SystemTime>,
) -> bool {
    !matches!((installed, lock), (Some(i), Some(l)) if i >= l)
}

fn npm_packages() -> Result {
    let root = root();
    if !root.join("package.json").exists() {
        return Err(hint(
            format!("package.json is missing in {}", root.display()),
            "add package.json and package-lock.json with devDependencies binaryen 132.0.0 and \
             @playwright/test (they provide wasm-opt and Playwright), then run `cargo xtask \
             setup` again",
        ));
    }
    let lock = root.join("package-lock.json");
    if !lock.exists() {
        return Err(hint(
            "package-lock.json is missing (`npm ci` installs exactly what it pins)",
            "run `npm install --no-audit --no-fund` once and commit package-lock.json",
        ));
    }
    let installed = root.join("node_modules/.package-lock.json");
    if npm_install_needed(modified(&installed), modified(&lock)) {
        println!("installing npm packages (npm ci, about 10 seconds) …");
        if which("npm").is_none() {
            return Err(hint(
                "npm is not installed",
                "install Node.js 20 or later with npm (Debian: `apt-get install nodejs npm`)",
            ));
        }
        run(command("npm").args(["ci", "--no-audit", "--no-fund"])).map_err(|e| {
            hint(
                e,
                "check that the npm registry is reachable and that package-lock.json matches \
                 package.json (`npm install` updates it)",
            )
        })?;
    } else {
        println!("ok: npm packages (node_modules is newer than package-lock.json)");
    }
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let version = output(command(&wasm_opt).arg("--version")).unwrap_or_default();
    if !version.contains(WASM_OPT_VERSION) {
        return Err(hint(
            format!(
                "{} is not binaryen {WASM_OPT_VERSION} (it printed '{}')",
                wasm_opt.display(),
                first_line(&version)
            ),
            &format!(
                "pin \"binaryen\": \"{WASM_OPT_VERSION}.0.0\" in package.json's devDependencies, \
                 then `rm -rf node_modules && cargo xtask setup`"
            ),
        ));
    }
    println!("ok: {}", first_line(&version));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "# This file is automatically @generated by Cargo.\nversion = 4\n\n\
        [[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n\
        source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n\
        [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\
        dependencies = [\n \"cfg-if\",\n]\n";

    #[test]
    fn reads_a_locked_version() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-futures").as_deref(),
            Some("0.4.80")
        );
        assert_eq!(locked_version(LOCK, "wasm"), None);
        assert_eq!(locked_version(LOCK, "leptos"), None);
    }

    #[test]
    fn reads_the_trunk_pin_from_the_tools_table_only() {
        let toml = "[build]\ntarget = \"index.html\"\nwasm_bindgen = \"0.0.1\"\n\n[tools]\n\
                    wasm_bindgen = \"0.2.130\"   # must equal Cargo.lock\nwasm_opt = \"version_132\"\n";
        assert_eq!(trunk_pin(toml).as_deref(), Some("0.2.130"));
        assert_eq!(trunk_pin("[tools]\nwasm_opt = \"version_132\"\n"), None);
        assert_eq!(trunk_pin(""), None);
    }

    #[test]
    fn the_trunk_pin_must_equal_the_lock() {
        let toml = "[tools]\nwasm_bindgen = \"0.2.130\"\n";
        assert!(
            check_trunk_pin(Some(toml), "0.2.130")
                .unwrap()
                .starts_with("ok:")
        );
        let wrong = check_trunk_pin(Some(toml), "0.2.131").unwrap_err();
        assert!(wrong.contains("Cargo.lock has wasm-bindgen 0.2.131"));
        assert!(wrong.contains("what to do"));
        assert!(check_trunk_pin(Some("[build]\n"), "0.2.130").is_err());
        assert!(
            check_trunk_pin(None, "0.2.130")
                .unwrap()
                .starts_with("note:")
        );
    }

    #[test]
    fn the_repository_pins_agree() {
        let lock = read_text(&root().join("Cargo.lock")).unwrap();
        let version = locked_version(&lock, "wasm-bindgen").unwrap();
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).ok();
        check_trunk_pin(trunk.as_deref(), &version).unwrap();
    }

    #[test]
    fn npm_runs_when_node_modules_is_missing_or_stale() {
        let t = std::time::SystemTime::UNIX_EPOCH;
        let later = t + std::time::Duration::from_secs(5);
        assert!(npm_install_needed(None, Some(t)));
        assert!(npm_install_needed(Some(t), Some(later)));
        assert!(!npm_install_needed(Some(later), Some(t)));
        assert!(!npm_install_needed(Some(t), Some(t)));
    }

    #[test]
    fn apt_needs_root_or_sudo() {
        assert_eq!(apt_get(true, false).unwrap().get_program(), "apt-get");
        let sudo = apt_get(false, true).unwrap();
        assert_eq!(sudo.get_program(), "sudo");
        assert_eq!(sudo.get_args().next().unwrap(), "apt-get");
        assert!(apt_get(false, false).unwrap_err().contains("sudo"));
    }
}
