//! `Config::parse`: defaults, environment, flags over environment, and every error message.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

use praxis_server::{Config, ConfigError, USAGE};

fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    Config::parse(args.iter().map(|arg| (*arg).to_owned()), |name| {
        env.get(name).cloned()
    })
}

fn error(args: &[&str], env: &[(&str, &str)]) -> String {
    match parse(args, env) {
        Err(error) => error.to_string(),
        Ok(config) => panic!("expected an error for {args:?} {env:?}, got {config:?}"),
    }
}

#[test]
fn defaults_are_loopback_port_8080_and_dist() {
    let config = parse(&[], &[]).unwrap();
    assert_eq!(
        config,
        Config {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            dist_dir: PathBuf::from("dist"),
            data_dir: PathBuf::from("data"),
            database_url: None,
            allowed_origins: Vec::new(),
            file_storage_bytes: 2048 * 1024 * 1024,
        }
    );
    assert_eq!(config.socket_addr().to_string(), "127.0.0.1:8080");
}

#[test]
fn the_environment_sets_everything() {
    let config = parse(
        &[],
        &[
            ("PRAXIS_HOST", "::1"),
            ("PRAXIS_PORT", "9000"),
            ("PRAXIS_DIST", "/srv/praxis"),
        ],
    )
    .unwrap();
    assert_eq!(config.host, IpAddr::V6(Ipv6Addr::LOCALHOST));
    assert_eq!(config.port, 9000);
    assert_eq!(config.dist_dir, PathBuf::from("/srv/praxis"));
    assert_eq!(config.socket_addr().to_string(), "[::1]:9000");
}

#[test]
fn empty_environment_variables_count_as_unset() {
    let config = parse(
        &[],
        &[
            ("PRAXIS_HOST", ""),
            ("PRAXIS_PORT", ""),
            ("PRAXIS_DIST", ""),
        ],
    )
    .unwrap();
    assert_eq!(config, parse(&[], &[]).unwrap());
}

#[test]
fn flags_win_over_the_environment() {
    let env = [
        ("PRAXIS_HOST", "::1"),
        ("PRAXIS_PORT", "9000"),
        ("PRAXIS_DIST", "/srv/praxis"),
    ];
    let config = parse(
        &["--host", "0.0.0.0", "--port", "8181", "--dist", "out"],
        &env,
    )
    .unwrap();
    assert_eq!(config.host, IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    assert_eq!(config.port, 8181);
    assert_eq!(config.dist_dir, PathBuf::from("out"));
}

#[test]
fn a_flag_hides_a_bad_environment_value() {
    let config = parse(&["--port", "1"], &[("PRAXIS_PORT", "abc")]).unwrap();
    assert_eq!(config.port, 1);
}

#[test]
fn flags_take_equals_values_and_the_last_one_wins() {
    let config = parse(
        &["--port=1234", "--dist=build", "--port", "4321", "--host=::"],
        &[],
    )
    .unwrap();
    assert_eq!(config.port, 4321);
    assert_eq!(config.dist_dir, PathBuf::from("build"));
    assert_eq!(config.host, IpAddr::V6(Ipv6Addr::UNSPECIFIED));
}

#[test]
fn port_zero_and_the_extremes_are_allowed() {
    assert_eq!(parse(&["--port", "0"], &[]).unwrap().port, 0);
    assert_eq!(parse(&["--port", "65535"], &[]).unwrap().port, 65535);
    assert_eq!(parse(&[], &[("PRAXIS_PORT", "0")]).unwrap().port, 0);
}

#[test]
fn help_stops_parsing_and_usage_names_every_option() {
    assert_eq!(parse(&["--help"], &[]), Err(ConfigError::HelpRequested));
    assert_eq!(parse(&["-h"], &[]), Err(ConfigError::HelpRequested));
    assert_eq!(
        parse(&["--port", "8000", "--help", "--bogus"], &[]),
        Err(ConfigError::HelpRequested)
    );
    for word in [
        "--host",
        "--port",
        "--dist",
        "--help",
        "--file-storage",
        "PRAXIS_FILE_STORAGE_MIB",
        "PRAXIS_HOST",
        "PRAXIS_PORT",
        "PRAXIS_DIST",
    ] {
        assert!(USAGE.contains(word), "usage lacks {word}");
    }
}

#[test]
fn bad_ports_are_explained() {
    assert_eq!(
        error(&["--port", "abc"], &[]),
        "--port expects a number from 0 to 65535, got 'abc'"
    );
    assert_eq!(
        error(&["--port", "65536"], &[]),
        "--port expects a number from 0 to 65535, got '65536'"
    );
    assert_eq!(
        error(&["--port=-1"], &[]),
        "--port expects a number from 0 to 65535, got '-1'"
    );
    assert_eq!(
        error(&[], &[("PRAXIS_PORT", "eighty")]),
        "PRAXIS_PORT expects a number from 0 to 65535, got 'eighty'"
    );
}

#[test]
fn bad_hosts_are_explained() {
    assert_eq!(
        error(&["--host", "localhost"], &[]),
        "--host expects an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got 'localhost'"
    );
    assert_eq!(
        error(&[], &[("PRAXIS_HOST", "300.1.1.1")]),
        "PRAXIS_HOST expects an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got '300.1.1.1'"
    );
}

#[test]
fn missing_values_are_explained() {
    assert_eq!(error(&["--port"], &[]), "--port expects a value");
    assert_eq!(error(&["--dist"], &[]), "--dist expects a value");
    assert_eq!(
        error(&["--host", "--port", "1"], &[]),
        "--host expects a value"
    );
    assert_eq!(error(&["--dist="], &[]), "--dist expects a value");
    assert_eq!(error(&["--dist", ""], &[]), "--dist expects a value");
}

#[test]
fn unknown_flags_and_stray_arguments_are_explained() {
    assert_eq!(error(&["--verbose"], &[]), "unknown flag '--verbose'");
    assert_eq!(error(&["--verbose=1"], &[]), "unknown flag '--verbose'");
    assert_eq!(error(&["-p", "80"], &[]), "unknown flag '-p'");
    assert_eq!(error(&["serve"], &[]), "unexpected argument 'serve'");
    assert_eq!(
        parse(&["--port", "1", "extra"], &[]),
        Err(ConfigError::UnexpectedArgument {
            argument: "extra".to_owned()
        })
    );
}

#[test]
fn file_storage_is_set_in_mib_and_bad_sizes_are_explained() {
    let config = parse(
        &["--file-storage", "10"],
        &[("PRAXIS_FILE_STORAGE_MIB", "x")],
    )
    .unwrap();
    assert_eq!(config.file_storage_bytes, 10 * 1024 * 1024);
    let config = parse(&[], &[("PRAXIS_FILE_STORAGE_MIB", "4096")]).unwrap();
    assert_eq!(config.file_storage_bytes, 4096 * 1024 * 1024);
    for bad in ["9", "1048577", "1.5", "-1", "lots"] {
        assert_eq!(
            error(&["--file-storage", bad], &[]),
            format!("--file-storage expects a whole number of MiB from 10 to 1048576, got '{bad}'")
        );
    }
    assert_eq!(
        error(&[], &[("PRAXIS_FILE_STORAGE_MIB", "0")]),
        "PRAXIS_FILE_STORAGE_MIB expects a whole number of MiB from 10 to 1048576, got '0'"
    );
}
