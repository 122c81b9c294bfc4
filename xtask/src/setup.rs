//! Installs what the project needs and is missing. Safe to run again: each step checks first.
//! Only the package registries are used (crates.io, npm, Debian): nothing from GitHub.

use std::path::Path;

use crate::util::{Result, command, output, root, run};

pub const TRUNK_VERSION: &str = "0.21.14";
const WASM_OPT_VERSION: &str = "132";

/// Installs whatever is missing.
pub fn install() -> Result {
    rust_target()?;
    chromium()?;
    trunk()?;
    wasm_bindgen()?;
    npm_packages()?;
    run(command("cargo").args(["fetch", "--locked"]))
}

fn rust_target() -> Result {
    let installed =
        output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("ok: rust target wasm32-unknown-unknown");
    } else {
        run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let components =
        output(command("rustup").args(["component", "list", "--installed"])).unwrap_or_default();
    for component in ["rustfmt", "clippy"] {
        if !components.lines().any(|l| l.starts_with(component)) {
            run(command("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

fn chromium() -> Result {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        println!("ok: chromium and chromedriver (Debian)");
        return Ok(());
    }
    println!("installing chromium and chromium-driver from Debian (about a minute) …");
    let is_root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut apt = if is_root {
            command("apt-get")
        } else {
            command("sudo")
        };
        if !is_root {
            apt.arg("apt-get");
        }
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut apt)
    };
    apt(&["update"])?;
    apt(&[
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ])
}

fn trunk() -> Result {
    let version = output(command("trunk").arg("--version")).unwrap_or_default();
    if version.contains(TRUNK_VERSION) {
        println!("ok: {}", version.trim());
        return Ok(());
    }
    println!("installing trunk {TRUNK_VERSION} from crates.io (about 12 minutes on 2 cores) …");
    run(command("cargo").args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]))
}

/// The version of a package as Cargo.lock pins it.
pub fn locked_version(lock: &str, package: &str) -> Option<String> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_owned());
        }
    }
    None
}

/// The `wasm_bindgen = "…"` pin in Trunk.toml's `[tools]` table.
pub fn trunk_pin(trunk_toml: &str) -> Option<String> {
    trunk_toml.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("wasm_bindgen")?
            .trim_start()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_owned())
    })
}

fn wasm_bindgen() -> Result {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let version = locked_version(&lock, "wasm-bindgen").ok_or("Cargo.lock has no wasm-bindgen")?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("Trunk.toml: {e}"))?;
    match trunk_pin(&trunk_toml) {
        Some(pin) if pin == version => {}
        Some(pin) => {
            return Err(format!(
                "Trunk.toml pins wasm_bindgen = \"{pin}\" but Cargo.lock has {version}: make them equal"
            ));
        }
        None => return Err("Trunk.toml has no [tools] wasm_bindgen pin".into()),
    }
    let installed = output(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(version.as_str()) {
        println!("ok: {}", installed.trim());
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {version} (about 4 minutes) …");
    let locked = run(command("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--locked",
    ]));
    if locked.is_err() {
        // Some releases' lockfiles name versions the registry no longer serves.
        println!("retrying without --locked …");
        run(command("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))?;
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).ok()?.modified().ok()
}

fn npm_packages() -> Result {
    let lock = root().join("package-lock.json");
    if !lock.exists() {
        return Err("package-lock.json is missing: the npm tools cannot be installed".into());
    }
    let installed = root().join("node_modules/.package-lock.json");
    let fresh = matches!((modified(&installed), modified(&lock)), (Some(i), Some(l)) if i >= l);
    if fresh {
        println!("ok: npm packages");
    } else {
        run(command("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    let wasm_opt = output(command("wasm-opt").arg("--version")).unwrap_or_default();
    if !wasm_opt.contains(&format!("version {WASM_OPT_VERSION}")) {
        return Err(format!(
            "wasm-opt on PATH is not binaryen {WASM_OPT_VERSION} (got '{}'); run `npm ci`",
            wasm_opt.trim()
        ));
    }
    println!("ok: {}", wasm_opt.trim());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-futures").as_deref(),
            Some("0.4.80")
        );
        assert_eq!(locked_version(lock, "leptos"), None);
    }

    #[test]
    fn reads_the_trunk_pin() {
        let toml = "[build]\ntarget = \"index.html\"\n\n[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(trunk_pin(toml).as_deref(), Some("0.2.130"));
        assert_eq!(trunk_pin("[tools]\n"), None);
    }

    #[test]
    fn the_repository_pins_agree() {
        let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap();
        assert_eq!(locked_version(&lock, "wasm-bindgen"), trunk_pin(&trunk));
    }
}
