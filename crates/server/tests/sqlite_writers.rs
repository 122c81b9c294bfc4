//! SQLite takes one writer at a time. The server's own requests share one connection, but the
//! background checkpointer (or an operator's `sqlite3` shell) is another: while it holds the
//! write lock, a request must wait its turn, not fail.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::api::Api;
use praxis_server::Backend;
use serde_json::json;
use sqlx::{AnyConnection, Connection, Executor};

/// Holds SQLite's write lock from a connection of its own until `release` is awaited.
async fn hold_the_write_lock(url: &str) -> AnyConnection {
    let mut other = AnyConnection::connect(url)
        .await
        .expect("another connection");
    other
        .execute("BEGIN IMMEDIATE")
        .await
        .expect("the write lock");
    other
}

#[tokio::test]
async fn a_request_that_reads_before_it_writes_waits_for_another_writer() {
    let api = Api::new(Backend::Sqlite, "sqlite writers")
        .await
        .expect("SQLite");
    let mut other = hold_the_write_lock(&api.db.url).await;
    // Creating a workspace first reads (is the id taken?), then writes.
    let create = api.call(
        Method::POST,
        "/api/v1/workspaces",
        None,
        Some(
            json!({"workspace": "ws-a", "name": "A", "member": {"name": "Ada"},
            "device": "laptop"}),
        ),
    );
    let release = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        other.execute("COMMIT").await.expect("release the lock");
    };
    let (answer, ()) = tokio::join!(create, release);
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert_eq!(api.count("workspaces").await, 1);
}
