//! Every error the API answers with: a status and one sentence. Internals (database errors,
//! file paths) are written to the server's log, never to the client.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub body: Value,
    pub retry_after_s: Option<u64>,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: json!({ "error": message.into() }),
            retry_after_s: None,
        }
    }

    pub fn with_body(status: StatusCode, body: Value) -> Self {
        Self {
            status,
            body,
            retry_after_s: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// Also what a token of another workspace gets: the same answer as for a workspace that
    /// does not exist, so nothing about other workspaces can be learnt.
    pub fn no_workspace() -> Self {
        Self::new(StatusCode::NOT_FOUND, "No such workspace on this server.")
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "This device is not signed in to this workspace (its token is missing, wrong or revoked).",
        )
    }

    pub fn too_many(retry_after_s: u64) -> Self {
        Self {
            retry_after_s: Some(retry_after_s),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("Too many attempts; try again in {retry_after_s} s."),
            )
        }
    }

    /// Logs what went wrong and answers with a sentence that gives nothing away.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        eprintln!("praxis-server: {error}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server could not complete this request; nothing was changed. Try again later.",
        )
    }
}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        Failure::internal(format!("database: {error}"))
    }
}

/// A body that is not the JSON a request takes: says what is wrong with it, in serde's words
/// (a field and a type, never server internals).
impl From<JsonRejection> for Failure {
    fn from(rejection: JsonRejection) -> Self {
        let status = rejection.status();
        let message = match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "Send the body as JSON (Content-Type: application/json).".to_owned()
            }
            JsonRejection::JsonSyntaxError(_) | JsonRejection::JsonDataError(_) => {
                format!("The request body is not valid: {}", rejection.body_text())
            }
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
                "The request body is too large.".to_owned()
            }
            _ => "The request body could not be read.".to_owned(),
        };
        Failure::new(status, message)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after_s {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
