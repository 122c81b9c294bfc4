//! `/api/v1`: workspaces, members and roles, and the change feed (push and pull). Described by
//! the OpenAPI document at `/api/v1/openapi.json`, generated from these handlers and core's
//! wire types.

mod auth;
mod changes;
pub mod failure;
mod files;
mod json;
mod members;
mod openapi;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use praxis_core::evidence::MAX_FILE_BYTES;

use crate::AppState;

pub use openapi::document as openapi_document;

/// The most bytes a request body may have: a push of [`praxis_core::sync::MAX_PUSH_CHANGES`]
/// changes, each with a long text, fits.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/api/v1/workspaces", post(members::create_workspace))
        .route("/api/v1/join", post(members::join))
        .route(
            "/api/v1/workspaces/{workspace}/members",
            get(members::members),
        )
        .route(
            "/api/v1/workspaces/{workspace}/invites",
            post(members::create_invite),
        )
        .route(
            "/api/v1/workspaces/{workspace}/members/{member}/role",
            put(members::set_role),
        )
        .route(
            "/api/v1/workspaces/{workspace}/members/{member}",
            delete(members::revoke_member),
        )
        .route(
            "/api/v1/workspaces/{workspace}/devices/{device}",
            delete(members::revoke_device),
        )
        .route(
            "/api/v1/workspaces/{workspace}/changes",
            get(changes::pull).post(changes::push),
        )
        .route(
            "/api/v1/workspaces/{workspace}/files/missing",
            post(files::missing),
        )
        .route(
            "/api/v1/workspaces/{workspace}/files/{sha256}",
            get(files::fetch)
                .put(files::upload)
                .layer(DefaultBodyLimit::max(MAX_FILE_BYTES as usize)),
        )
}

/// A transaction's future, borrowing it.
pub type TxFuture<'t, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, failure::Failure>> + Send + 't>>;

/// Runs `body` in one transaction: committed when it succeeds, rolled back at once when it
/// fails. (A transaction merely dropped leaves its rollback queued on the connection, holding
/// its locks until the pool next uses that connection.)
///
/// On SQLite the transaction takes the write lock as it begins (`BEGIN IMMEDIATE`). A plain
/// `BEGIN` takes it at the first write, and SQLite refuses at once, without waiting, a reader
/// that asks to write while another connection (the background checkpointer, an operator's
/// shell) holds it: a request that read first would fail with "database is locked".
pub async fn transaction<T, F>(db: &crate::Db, body: F) -> Result<T, failure::Failure>
where
    F: for<'t> FnOnce(&'t mut sqlx::Transaction<'static, sqlx::Any>) -> TxFuture<'t, T>,
{
    let mut tx = match db.backend {
        crate::Backend::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await?,
        crate::Backend::Postgres => db.pool.begin().await?,
    };
    match body(&mut tx).await {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(failure) => {
            if let Err(error) = tx.rollback().await {
                eprintln!("praxis-server: rollback failed: {error}");
            }
            Err(failure)
        }
    }
}
