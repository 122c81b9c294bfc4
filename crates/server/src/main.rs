//! `praxis-server`: serves the built Praxis app and its sync API. See `praxis-server --help`.

use std::io::Write;
use std::process::ExitCode;

use axum::http::HeaderValue;
use praxis_server::{AppState, Config, ConfigError, Db, USAGE};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let args = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned());
    let config = match Config::parse(args, |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(ConfigError::HelpRequested) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("praxis-server: {error}");
            eprintln!("Run `praxis-server --help` for usage.");
            return ExitCode::from(2);
        }
    };

    let index = config.dist_dir.join("index.html");
    if !index.is_file() {
        eprintln!(
            "No built app found at {}. Build it with `cargo xtask run` (or `trunk build --release`).",
            index.display()
        );
        return ExitCode::from(1);
    }

    if config.database_url.is_none()
        && let Err(error) = std::fs::create_dir_all(&config.data_dir)
    {
        eprintln!(
            "praxis-server: cannot create the data folder {}: {error}",
            config.data_dir.display()
        );
        return ExitCode::from(1);
    }
    let url = config.database();
    let db = match Db::connect(&url, None).await {
        Ok(db) => db,
        Err(error) => {
            eprintln!("praxis-server: cannot open the database: {error}");
            return ExitCode::from(1);
        }
    };
    if let Err(error) = db.spawn_checkpoints(&url).await {
        eprintln!("praxis-server: cannot open the database for checkpoints: {error}");
        return ExitCode::from(1);
    }

    let listener = match TcpListener::bind(config.socket_addr()).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "praxis-server: cannot listen on {}: {error}",
                config.socket_addr()
            );
            return ExitCode::from(1);
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => {
            eprintln!("praxis-server: cannot read the address listened on: {error}");
            return ExitCode::from(1);
        }
    };

    // Scripts wait for this line, so it goes out at once. SocketAddr puts IPv6 in brackets.
    // If whoever started us no longer reads stdout, serve anyway.
    let mut stdout = std::io::stdout().lock();
    let where_data = match &config.database_url {
        Some(_) => "in PostgreSQL".to_owned(),
        None => format!("in {}", config.data_dir.join("praxis.db").display()),
    };
    let _ = writeln!(stdout, "Praxis is running at http://{address}/")
        .and_then(|()| {
            writeln!(
                stdout,
                "Shared workspaces are kept {where_data}. To share one, open Settings → Sync in Praxis and connect it to http://{address}/"
            )
        })
        .and_then(|()| stdout.flush());
    drop(stdout);

    let mut state = AppState::new(config.dist_dir, db);
    state.file_storage_bytes = config.file_storage_bytes;
    state.allowed_origins = config
        .allowed_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    match praxis_server::serve(listener, state, praxis_server::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("praxis-server: {error}");
            ExitCode::from(1)
        }
    }
}
