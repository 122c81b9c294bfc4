//! Praxis server: serves the built single-page app from a dist directory, and the sync API
//! under `/api/v1` (workspaces, members and roles, push and pull of changes), backed by SQLite
//! or PostgreSQL ([`db`]).
//!
//! [`app`] builds the whole [`Router`]; [`serve`] runs it on a bound listener until a shutdown
//! future resolves. The binary adds [`Config`] parsing and signal handling around them.

mod api;
mod assets;
mod config;
mod csp;
pub mod db;
mod limits;
mod serve;
mod time_limit;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use api::{MAX_BODY_BYTES, openapi_document};
pub use db::{Backend, Db};
pub use limits::Limits;

use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router, middleware};
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::{Config, ConfigError, USAGE};

pub use time_limit::{FILE_TRANSFER_TIMEOUT, REQUEST_TIMEOUT};
/// How many requests one instance works on at once; more are answered 503 at once.
pub const MAX_CONCURRENT_REQUESTS: usize = 256;

/// What every request handler may use.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The folder Trunk built the app into; it holds `index.html`.
    pub dist_dir: PathBuf,
    pub db: Db,
    pub limits: Arc<Limits>,
    /// Origins other than the server's own whose pages may call the API (CORS).
    pub allowed_origins: Vec<HeaderValue>,
    /// The most bytes of evidence files one workspace may keep here.
    pub file_storage_bytes: u64,
}

impl AppState {
    pub fn new(dist_dir: PathBuf, db: Db) -> Self {
        Self {
            dist_dir,
            db,
            limits: Arc::new(Limits::default()),
            allowed_origins: Vec::new(),
            file_storage_bytes: Config::DEFAULT_FILE_STORAGE_MIB * 1024 * 1024,
        }
    }
}

/// Milliseconds since the Unix epoch, by the server's clock.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The server's routes: `/api/...` answers JSON, everything else comes from the dist directory.
pub fn app(state: AppState) -> Router {
    let assets = assets::Assets::new(&state.dist_dir);
    let mut v1 = api::routes().layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    if !state.allowed_origins.is_empty() {
        v1 = v1.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(state.allowed_origins.clone()))
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .max_age(Duration::from_secs(3600)),
        );
    }
    let api = v1
        .route("/api/health", get(health).fallback(method_not_allowed))
        .route("/api", any(no_such_endpoint))
        .route("/api/", any(no_such_endpoint))
        .route("/api/{*rest}", any(no_such_endpoint));

    api.fallback(move |request| assets.clone().serve(request))
        .layer(middleware::from_fn_with_state(
            state.dist_dir.clone(),
            csp::content_security_policy,
        ))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    api::failure::Failure::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "The server is busy; try again in a moment.",
                    )
                }))
                .load_shed()
                .concurrency_limit(MAX_CONCURRENT_REQUESTS),
        )
        .layer(middleware::from_fn(time_limit::time_limit))
        .layer(middleware::from_fn(assets::cache_control))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
}

/// Serves [`app`] on `listener` until `shutdown` resolves, then lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve::run(listener, app(state), shutdown).await
}

/// Resolves on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No handler could be installed: never resolve rather than stop at once.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

async fn no_such_endpoint(uri: Uri) -> Response {
    let error = format!("no such endpoint: {}", uri.path());
    (StatusCode::NOT_FOUND, Json(json!({ "error": error }))).into_response()
}

/// axum adds the `Allow` header to this.
async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let error = format!("method {method} not allowed on {}", uri.path());
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({ "error": error })),
    )
        .into_response()
}
