//! Where to listen and what to serve, from flags and environment variables (flags win), parsed
//! by hand.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// What `--help` prints.
pub const USAGE: &str = "\
Usage: praxis-server [--host ADDRESS] [--port PORT] [--dist DIR] [--data DIR]
                     [--database URL] [--allow-origin ORIGIN]... [--file-storage MIB]

Serves the built Praxis app and the sync API its workspaces connect to.

Options:
  --host ADDRESS         IP address to listen on      [env: PRAXIS_HOST] [default: 127.0.0.1]
  --port PORT            TCP port; 0 lets the system choose
                                                      [env: PRAXIS_PORT] [default: 8080]
  --dist DIR             folder holding the built app [env: PRAXIS_DIST] [default: dist]
  --data DIR             folder for the embedded SQLite database (praxis.db)
                                                      [env: PRAXIS_DATA] [default: data]
  --database URL         a postgres://user@host/db URL instead of the embedded database
                                                      [env: PRAXIS_DATABASE_URL]
  --allow-origin ORIGIN  another origin whose pages may call the API, e.g.
                         https://praxis.example.org (repeat for more)
                                                      [env: PRAXIS_ALLOW_ORIGINS, comma-separated]
  --file-storage MIB     the most evidence files one workspace may keep on the server,
                         in MiB (10 to 1048576)       [env: PRAXIS_FILE_STORAGE_MIB] [default: 2048]
  --help                 print this help and exit

Flags win over environment variables. A value may also be written --port=8080.
";

/// Where the server listens and what it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub host: IpAddr,
    pub port: u16,
    pub dist_dir: PathBuf,
    pub data_dir: PathBuf,
    /// `None`: the embedded SQLite database in `data_dir`.
    pub database_url: Option<String>,
    pub allowed_origins: Vec<String>,
    /// The most bytes of evidence files one workspace may keep on the server.
    pub file_storage_bytes: u64,
}

/// Why the arguments or environment could not be turned into a [`Config`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// `--help` (or `-h`) was given: not a failure; the caller prints [`USAGE`] and exits 0.
    HelpRequested,
    /// A flag that takes a value came last, was followed by another flag, or had an empty value.
    MissingValue {
        flag: String,
    },
    /// An argument starting with `-` that is not one of ours.
    UnknownFlag {
        flag: String,
    },
    /// An argument that is not a flag at all.
    UnexpectedArgument {
        argument: String,
    },
    /// `source` is the flag or environment variable the value came from.
    InvalidPort {
        source: String,
        value: String,
    },
    /// `source` is the flag or environment variable the value came from.
    InvalidHost {
        source: String,
        value: String,
    },
    InvalidDatabase {
        source: String,
    },
    InvalidOrigin {
        source: String,
        value: String,
    },
    InvalidFileStorage {
        source: String,
        value: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::HelpRequested => f.write_str("help requested"),
            ConfigError::MissingValue { flag } => write!(f, "{flag} expects a value"),
            ConfigError::UnknownFlag { flag } => write!(f, "unknown flag '{flag}'"),
            ConfigError::UnexpectedArgument { argument } => {
                write!(f, "unexpected argument '{argument}'")
            }
            ConfigError::InvalidPort { source, value } => {
                write!(
                    f,
                    "{source} expects a number from 0 to 65535, got '{value}'"
                )
            }
            ConfigError::InvalidHost { source, value } => write!(
                f,
                "{source} expects an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got '{value}'"
            ),
            ConfigError::InvalidDatabase { source } => write!(
                f,
                "{source} expects a URL starting with postgres:// or sqlite:"
            ),
            ConfigError::InvalidOrigin { source, value } => write!(
                f,
                "{source} expects an origin such as https://praxis.example.org (scheme, host and optional port, no path), got '{value}'"
            ),
            ConfigError::InvalidFileStorage { source, value } => write!(
                f,
                "{source} expects a whole number of MiB from {} to {}, got '{value}'",
                Config::FILE_STORAGE_MIB.start(),
                Config::FILE_STORAGE_MIB.end()
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub const DEFAULT_HOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
    pub const DEFAULT_PORT: u16 = 8080;
    pub const DEFAULT_DIST: &str = "dist";
    pub const DEFAULT_DATA: &str = "data";
    /// Room for about two hundred full-size evidence files per workspace.
    pub const DEFAULT_FILE_STORAGE_MIB: u64 = 2048;
    /// From one full-size file to a TiB.
    pub const FILE_STORAGE_MIB: std::ops::RangeInclusive<u64> = 10..=1_048_576;

    /// Reads the configuration from `args` (without the program name, e.g.
    /// `std::env::args().skip(1)`) and the environment lookup `env`.
    ///
    /// Flags win over `PRAXIS_HOST`, `PRAXIS_PORT` and `PRAXIS_DIST`, which win over the
    /// defaults. An environment variable set to the empty string counts as unset. A repeated
    /// flag takes its last value. An environment variable is only checked when no flag
    /// overrides it.
    pub fn parse(
        args: impl Iterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        // (where the value came from, the value)
        let mut host: Option<(String, String)> = None;
        let mut port: Option<(String, String)> = None;
        let mut dist: Option<String> = None;
        let mut data: Option<String> = None;
        let mut database: Option<(String, String)> = None;
        let mut origins: Vec<(String, String)> = Vec::new();
        let mut file_storage: Option<(String, String)> = None;

        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            let (flag, inline_value) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            match flag.as_str() {
                "--help" | "-h" => return Err(ConfigError::HelpRequested),
                "--host" | "--port" | "--dist" | "--data" | "--database" | "--allow-origin"
                | "--file-storage" => {}
                _ if flag.starts_with('-') => return Err(ConfigError::UnknownFlag { flag }),
                _ => return Err(ConfigError::UnexpectedArgument { argument: arg }),
            }
            let value = match inline_value {
                Some(value) => value,
                // A following flag is not taken as the value: `--port --host x` is a mistake.
                None => match args.next_if(|next| !next.starts_with("--")) {
                    Some(value) => value,
                    None => return Err(ConfigError::MissingValue { flag }),
                },
            };
            if value.is_empty() {
                return Err(ConfigError::MissingValue { flag });
            }
            match flag.as_str() {
                "--host" => host = Some((flag, value)),
                "--port" => port = Some((flag, value)),
                "--dist" => dist = Some(value),
                "--data" => data = Some(value),
                "--database" => database = Some((flag, value)),
                "--file-storage" => file_storage = Some((flag, value)),
                _ => origins.push((flag, value)),
            }
        }

        let from_env = |name: &str| {
            env(name)
                .filter(|value| !value.is_empty())
                .map(|value| (name.to_owned(), value))
        };
        let host = match host.or_else(|| from_env("PRAXIS_HOST")) {
            None => Self::DEFAULT_HOST,
            Some((source, value)) => value
                .parse()
                .map_err(|_| ConfigError::InvalidHost { source, value })?,
        };
        let port = match port.or_else(|| from_env("PRAXIS_PORT")) {
            None => Self::DEFAULT_PORT,
            Some((source, value)) => value
                .parse()
                .map_err(|_| ConfigError::InvalidPort { source, value })?,
        };
        let dist_dir = dist
            .or_else(|| from_env("PRAXIS_DIST").map(|(_, value)| value))
            .unwrap_or_else(|| Self::DEFAULT_DIST.to_owned())
            .into();

        let data_dir = data
            .or_else(|| from_env("PRAXIS_DATA").map(|(_, value)| value))
            .unwrap_or_else(|| Self::DEFAULT_DATA.to_owned())
            .into();
        let database_url = match database.or_else(|| from_env("PRAXIS_DATABASE_URL")) {
            None => None,
            Some((source, value)) => match crate::db::Backend::of(&value) {
                Some(_) => Some(value),
                None => return Err(ConfigError::InvalidDatabase { source }),
            },
        };
        if origins.is_empty()
            && let Some((source, list)) = from_env("PRAXIS_ALLOW_ORIGINS")
        {
            origins = list
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(|origin| (source.clone(), origin.to_owned()))
                .collect();
        }
        let allowed_origins = origins
            .into_iter()
            .map(|(source, value)| {
                if is_origin(&value) {
                    Ok(value)
                } else {
                    Err(ConfigError::InvalidOrigin { source, value })
                }
            })
            .collect::<Result<Vec<_>, _>>()?;

        let file_storage_mib = match file_storage.or_else(|| from_env("PRAXIS_FILE_STORAGE_MIB")) {
            None => Self::DEFAULT_FILE_STORAGE_MIB,
            Some((source, value)) => value
                .parse()
                .ok()
                .filter(|mib| Self::FILE_STORAGE_MIB.contains(mib))
                .ok_or(ConfigError::InvalidFileStorage { source, value })?,
        };

        Ok(Config {
            host,
            port,
            dist_dir,
            data_dir,
            database_url,
            allowed_origins,
            file_storage_bytes: file_storage_mib * 1024 * 1024,
        })
    }

    /// The database to open: the one given, or the embedded one in the data folder.
    pub fn database(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| crate::db::sqlite_url(&self.data_dir))
    }

    /// The address to bind.
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }
}

/// `scheme://host[:port]` with nothing after it: what a browser sends as `Origin`.
fn is_origin(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
        && value.parse::<axum::http::HeaderValue>().is_ok()
}
