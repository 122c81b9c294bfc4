//! Praxis server: serves the built single-page app from a dist directory, plus a small JSON API
//! under `/api/` (for now only `/api/health`).
//!
//! [`app`] builds the whole [`Router`]; [`serve`] runs it on a bound listener until a shutdown
//! future resolves. The binary adds [`Config`] parsing and signal handling around them.

mod assets;
mod config;
mod csp;

use std::future::Future;
use std::path::PathBuf;

use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router, middleware};
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::{Config, ConfigError, USAGE};

/// What every request handler may use.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The folder Trunk built the app into; it holds `index.html`.
    pub dist_dir: PathBuf,
}

/// The server's routes: `/api/...` answers JSON, everything else comes from the dist directory.
pub fn app(state: AppState) -> Router {
    let assets = assets::Assets::new(&state.dist_dir);
    let api = Router::new()
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
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
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
