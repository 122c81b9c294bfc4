//! Building the app (Trunk, release, precompressed) and the server, and serving them.

use std::path::PathBuf;

use crate::compress::precompress_dir;
use crate::setup;
use crate::util::{Result, command, root, run, target_dir};

/// `trunk build --release` into dist/, then `.br`/`.gz` siblings for the server to send.
pub fn build_app() -> Result {
    // --offline: a tool version mismatch fails at once instead of trying a download.
    run(command("trunk").args(["build", "--release", "--offline", "--locked"]))?;
    let written = precompress_dir(&root().join("dist"))?;
    println!("precompressed: {written} files written beside dist/ assets");
    Ok(())
}

/// The server binary, built with the `server` profile; returns its path.
pub fn build_server() -> Result<PathBuf> {
    run(command("cargo").args([
        "build",
        "--locked",
        "-p",
        "praxis-server",
        "--profile",
        "server",
    ]))?;
    Ok(target_dir().join("server").join("praxis-server"))
}

pub fn build_all() -> Result<PathBuf> {
    setup::install()?;
    build_app()?;
    build_server()
}

/// `--port N` / `--host H`, falling back to PRAXIS_PORT / PRAXIS_HOST, then 8080 / 127.0.0.1.
pub fn serve_options(args: &[String]) -> Result<(String, String)> {
    let mut host = std::env::var("PRAXIS_HOST").unwrap_or_else(|_| "127.0.0.1".into());
    let mut port = std::env::var("PRAXIS_PORT").unwrap_or_else(|_| "8080".into());
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => port.clone_from(value),
            "--host" => host.clone_from(value),
            other => {
                return Err(format!(
                    "unknown option '{other}' (use --port N or --host H)"
                ));
            }
        }
    }
    port.parse::<u16>()
        .map_err(|_| format!("--port expects a number from 0 to 65535, got '{port}'"))?;
    Ok((host, port))
}

/// Builds everything, then runs the server in the foreground (it prints its URL).
pub fn serve(args: &[String]) -> Result {
    let (host, port) = serve_options(args)?;
    let server = build_all()?;
    let dist = root().join("dist");
    run(command(&server.to_string_lossy())
        .args(["--host", &host, "--port", &port, "--dist"])
        .arg(dist))
}

#[cfg(test)]
mod tests {
    use super::serve_options;

    fn options(args: &[&str]) -> Result<(String, String), String> {
        serve_options(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn flags_choose_host_and_port() {
        let (host, port) = options(&["--port", "9000", "--host", "0.0.0.0"]).unwrap();
        assert_eq!((host.as_str(), port.as_str()), ("0.0.0.0", "9000"));
    }

    #[test]
    fn bad_flags_are_explained() {
        assert_eq!(options(&["--port"]).unwrap_err(), "--port needs a value");
        assert!(options(&["--port", "x"]).unwrap_err().contains("got 'x'"));
        assert!(
            options(&["--verbose", "1"])
                .unwrap_err()
                .starts_with("unknown option")
        );
    }
}
