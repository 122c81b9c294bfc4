//! How long a request may take, body included, before it is answered 408: seconds for
//! everything but moving an evidence file, which gets minutes, so a 10 MiB upload over a slow
//! line still arrives. A request cut short is dropped (a transaction not yet committed rolls
//! back).

use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::failure::Failure;

/// How long a request may take, body included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long an evidence file's upload or download may take: 10 MiB at about 300 kbit/s.
pub const FILE_TRANSFER_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The time `path` is given.
pub fn limit_for(path: &str) -> Duration {
    let file = path.starts_with("/api/v1/workspaces/")
        && path.rsplit('/').nth(1) == Some("files")
        && !path.ends_with("/files/missing");
    if file {
        FILE_TRANSFER_TIMEOUT
    } else {
        REQUEST_TIMEOUT
    }
}

pub async fn time_limit(request: Request, next: Next) -> Response {
    let limit = limit_for(request.uri().path());
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Failure::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request took longer than {} s and was stopped.",
                limit.as_secs()
            ),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    #[test]
    fn only_a_files_bytes_get_minutes() {
        let sha = "a".repeat(64);
        assert_eq!(
            limit_for(&format!("/api/v1/workspaces/w/files/{sha}")),
            FILE_TRANSFER_TIMEOUT
        );
        for path in [
            "/api/v1/workspaces/w/files/missing",
            "/api/v1/workspaces/w/changes",
            "/files/x",
            "/",
        ] {
            assert_eq!(limit_for(path), REQUEST_TIMEOUT, "{path}");
        }
    }

    /// With the clock paused, a handler taking a minute is cut off at 30 s, except a file's.
    #[tokio::test(start_paused = true)]
    async fn a_slow_request_is_answered_408_and_a_slow_file_transfer_is_not() {
        async fn a_minute() -> &'static str {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "done"
        }
        let sha = "b".repeat(64);
        let file = format!("/api/v1/workspaces/w/files/{sha}");
        let app = Router::new()
            .route("/api/v1/workspaces/w/changes", get(a_minute))
            .route(&file, get(a_minute))
            .layer(axum::middleware::from_fn(time_limit));
        let status = |path: String| {
            let app = app.clone();
            async move {
                let request = Request::get(path).body(Body::empty()).unwrap();
                app.oneshot(request).await.unwrap().status()
            }
        };
        assert_eq!(
            status("/api/v1/workspaces/w/changes".into()).await,
            StatusCode::REQUEST_TIMEOUT
        );
        assert_eq!(status(file).await, StatusCode::OK);
    }
}
