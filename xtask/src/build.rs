//! `cargo xtask build` and `cargo xtask run`: the app (Trunk, release, precompressed) and the
//! server, and serving them.

use std::path::PathBuf;

use crate::compress::precompress_dir;
use crate::setup;
use crate::util::{Result, command, dist, hint, run, target_dir};

/// `trunk build --release` into dist/, then `.br`/`.gz` siblings for the server to send.
pub fn build_app() -> Result {
    println!(
        "building the app (Trunk, release) into {} …",
        dist().display()
    );
    // --offline: a tool version mismatch fails at once instead of trying a download.
    run(command("trunk").args(["build", "--release", "--offline", "--locked"])).map_err(|e| {
        hint(
            e,
            "see Trunk's message above; if it wanted to download wasm-bindgen or wasm-opt, the \
             versions on PATH differ from Trunk.toml's [tools] pins: run `cargo xtask setup`",
        )
    })?;
    if !dist().join("index.html").is_file() {
        return Err(hint(
            format!("trunk succeeded but {} has no index.html", dist().display()),
            "check `dist` and `target` in Trunk.toml's [build] table",
        ));
    }
    println!("precompressing dist/ (brotli 11, gzip 9; files of 1 KiB or more) …");
    let compressed = precompress_dir(&dist())?;
    println!("precompressed {compressed} files (.br and .gz written beside each)");
    Ok(())
}

/// Where `cargo build --profile server -p praxis-server` puts the binary.
pub fn server_binary() -> PathBuf {
    target_dir().join("server").join("praxis-server")
}

/// The server binary, built with the `server` profile; returns its path.
pub fn build_server() -> Result<PathBuf> {
    println!("building the server (profile `server`) …");
    run(command("cargo").args([
        "build",
        "--locked",
        "-p",
        "praxis-server",
        "--profile",
        "server",
    ]))
    .map_err(|e| hint(e, "fix the compile errors above (crates/server)"))?;
    let binary = server_binary();
    if !binary.is_file() {
        return Err(hint(
            format!("the server built, but {} does not exist", binary.display()),
            "check that the root Cargo.toml defines [profile.server] and that the binary is \
             called praxis-server",
        ));
    }
    println!("server binary: {}", binary.display());
    Ok(binary)
}

/// `cargo xtask build`: setup, the app, then the server.
pub fn build_all() -> Result<PathBuf> {
    setup::install()?;
    println!("\n=== build ===");
    build_app()?;
    build_server()
}

/// Host and port for `cargo xtask run`.
#[derive(Debug, PartialEq, Eq)]
pub struct ServeOptions {
    pub host: String,
    pub port: u16,
}

/// `--port N` / `--host H` (or `--port=N`), falling back to `env_port` ($PRAXIS_PORT) and
/// `env_host` ($PRAXIS_HOST), then 8080 and 127.0.0.1.
pub fn serve_options(
    args: &[String],
    env_port: Option<String>,
    env_host: Option<String>,
) -> Result<ServeOptions> {
    let mut host = env_host
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "127.0.0.1".into());
    let (mut port, mut port_source) = match env_port.filter(|p| !p.is_empty()) {
        Some(port) => (port, "PRAXIS_PORT"),
        None => ("8080".to_owned(), "the default"),
    };
    let usage = "usage: cargo xtask run [--port N] [--host H]";
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        if flag != "--port" && flag != "--host" {
            return Err(hint(format!("unknown option '{arg}'"), usage));
        }
        let value = inline
            .or_else(|| args.next().cloned())
            .filter(|v| !v.is_empty() && !v.starts_with("--"))
            .ok_or_else(|| hint(format!("{flag} needs a value"), usage))?;
        if flag == "--port" {
            port = value;
            port_source = "--port";
        } else {
            host = value;
        }
    }
    let port = port.parse::<u16>().map_err(|_| {
        hint(
            format!("{port_source} expects a port number from 0 to 65535, got '{port}'"),
            usage,
        )
    })?;
    Ok(ServeOptions { host, port })
}

/// `cargo xtask run`: builds everything, then runs the server in the foreground (it prints its
/// URL). Ctrl-C reaches the server too (same process group); we just wait for it.
pub fn serve(args: &[String]) -> Result {
    let options = serve_options(
        args,
        std::env::var("PRAXIS_PORT").ok(),
        std::env::var("PRAXIS_HOST").ok(),
    )?;
    let server = build_all()?;
    println!("\n=== run ===");
    println!(
        "starting the server on {}:{} (Ctrl-C stops it) …",
        options.host, options.port
    );
    let mut server = command(&server);
    server.arg("--dist").arg(dist()).args([
        "--host",
        &options.host,
        "--port",
        &options.port.to_string(),
    ]);
    // The embedded database lives outside the clone, so it survives a fresh checkout and
    // running again keeps the data. PRAXIS_DATA or PRAXIS_DATABASE_URL choose another.
    if std::env::var_os("PRAXIS_DATA").is_none() {
        server.arg("--data").arg(data_dir());
    }
    run(&mut server).map_err(|e| {
        hint(
            e,
            "see the server's message above; if the port is taken, choose another with \
             `cargo xtask run --port N`",
        )
    })
}

/// Where `cargo xtask run` keeps the server's embedded database: `$XDG_DATA_HOME/praxis`, or
/// `~/.local/share/praxis`.
fn data_dir() -> std::path::PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".local/share"))
        })
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    base.join("praxis")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(args: &[&str], env_port: Option<&str>) -> Result<ServeOptions> {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        serve_options(&args, env_port.map(Into::into), None)
    }

    #[test]
    fn defaults_to_localhost_8080() {
        assert_eq!(
            options(&[], None).unwrap(),
            ServeOptions {
                host: "127.0.0.1".into(),
                port: 8080
            }
        );
    }

    #[test]
    fn flags_win_over_the_environment() {
        assert_eq!(options(&[], Some("9100")).unwrap().port, 9100);
        let chosen = options(&["--port", "9000", "--host", "0.0.0.0"], Some("9100")).unwrap();
        assert_eq!(
            chosen,
            ServeOptions {
                host: "0.0.0.0".into(),
                port: 9000
            }
        );
        assert_eq!(options(&["--port=9001"], None).unwrap().port, 9001);
    }

    #[test]
    fn bad_options_are_explained() {
        assert!(
            options(&["--port"], None)
                .unwrap_err()
                .starts_with("--port needs a value")
        );
        assert!(
            options(&["--port", "--host", "x"], None)
                .unwrap_err()
                .starts_with("--port needs a value")
        );
        assert!(
            options(&["--port", "x"], None)
                .unwrap_err()
                .starts_with("--port expects a port number from 0 to 65535, got 'x'")
        );
        assert!(
            options(&[], Some("high"))
                .unwrap_err()
                .starts_with("PRAXIS_PORT expects")
        );
        assert!(
            options(&["--verbose"], None)
                .unwrap_err()
                .starts_with("unknown option '--verbose'")
        );
    }
}
