//! The server's API over HTTP (gloo-net): a round's push and pull, its evidence files, and the
//! calls that create, join and manage a shared workspace. Every answer is read by `praxis_sync`'s readers, so a
//! failure reaches the person in the server's own words.

use gloo_net::http::{Request, RequestBuilder};
use praxis_core::evidence::Sha256;
use praxis_core::sync::{
    CreateInvite, CreateWorkspace, FileQuery, Invite, Join, Members, MissingFiles, Pull, Push,
    Pushed, Session, SetRole,
};
use praxis_core::{Change, Role, WorkspaceId};
use praxis_sync::{
    FileTransport, ServerUrl, Transport, TransportError, read_answer, read_file_answer,
    read_no_content, read_pull_answer, read_push_answer,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Sends a request; `Err(Offline)` when no answer came.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<(u16, Vec<u8>), TransportError> {
    let request = request.map_err(|e| TransportError::Offline(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| TransportError::Offline(offline_reason(&e)))?;
    let body = response
        .binary()
        .await
        .map_err(|e| TransportError::Offline(offline_reason(&e)))?;
    Ok((response.status(), body))
}

/// The browser says only "Failed to fetch" for every network failure.
fn offline_reason(error: &gloo_net::Error) -> String {
    let text = error.to_string();
    if text.contains("Failed to fetch") || text.contains("NetworkError") {
        "no answer from the server".into()
    } else {
        text
    }
}

fn with_json(builder: RequestBuilder, body: &impl Serialize) -> Result<Request, gloo_net::Error> {
    let text = serde_json::to_string(body).expect("plain data");
    builder
        .header("Content-Type", "application/json")
        .body(text)
}

fn authorised(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

async fn post<T: DeserializeOwned>(
    url: &str,
    token: Option<&str>,
    body: &impl Serialize,
) -> Result<T, TransportError> {
    let mut builder = Request::post(url);
    if let Some(token) = token {
        builder = authorised(builder, token);
    }
    let (status, body) = send(with_json(builder, body)).await?;
    read_answer(status, &body)
}

/// Creates the workspace on the server; the person is its owner.
pub async fn create_workspace(
    server: &ServerUrl,
    request: &CreateWorkspace,
) -> Result<Session, TransportError> {
    post(&server.api("workspaces"), None, request).await
}

/// Joins a workspace with an invite code.
pub async fn join(server: &ServerUrl, request: &Join) -> Result<Session, TransportError> {
    post(&server.api("join"), None, request).await
}

/// One workspace on one server, as this device's token opens it.
#[derive(Debug, Clone)]
pub struct Link {
    pub server: ServerUrl,
    pub workspace: WorkspaceId,
    pub token: String,
}

impl Link {
    fn url(&self, rest: &str) -> String {
        self.server
            .api(&format!("workspaces/{}/{rest}", self.workspace))
    }

    pub async fn members(&self) -> Result<Members, TransportError> {
        let (status, body) =
            send(authorised(Request::get(&self.url("members")), &self.token).build()).await?;
        read_answer(status, &body)
    }

    pub async fn invite(&self, request: &CreateInvite) -> Result<Invite, TransportError> {
        post(&self.url("invites"), Some(&self.token), request).await
    }

    pub async fn set_role(&self, member: &str, role: Role) -> Result<Members, TransportError> {
        let builder = authorised(
            Request::put(&self.url(&format!("members/{member}/role"))),
            &self.token,
        );
        let (status, body) = send(with_json(builder, &SetRole { role })).await?;
        read_answer(status, &body)
    }

    /// Revokes one device (owners: any; members: their own).
    pub async fn revoke_device(&self, device: &str) -> Result<(), TransportError> {
        let url = self.url(&format!("devices/{device}"));
        let (status, body) = send(authorised(Request::delete(&url), &self.token).build()).await?;
        read_no_content(status, &body)
    }

    /// Revokes a member and every device of theirs.
    pub async fn revoke_member(&self, member: &str) -> Result<(), TransportError> {
        let url = self.url(&format!("members/{member}"));
        let (status, body) = send(authorised(Request::delete(&url), &self.token).build()).await?;
        read_no_content(status, &body)
    }
}

impl Transport for Link {
    async fn push(&self, changes: &[Change]) -> Result<Pushed, TransportError> {
        let push = Push {
            changes: changes.to_vec(),
        };
        let builder = authorised(Request::post(&self.url("changes")), &self.token);
        let (status, body) = send(with_json(builder, &push)).await?;
        read_push_answer(status, &body)
    }

    async fn pull(&self, after: u64, limit: usize) -> Result<Pull, TransportError> {
        let url = self.url(&format!("changes?after={after}&limit={limit}"));
        let (status, body) = send(authorised(Request::get(&url), &self.token).build()).await?;
        read_pull_answer(status, &body)
    }
}

impl FileTransport for Link {
    async fn missing_files(&self, hashes: &[Sha256]) -> Result<Vec<Sha256>, TransportError> {
        let query = FileQuery {
            hashes: hashes.to_vec(),
        };
        let answer: MissingFiles =
            post(&self.url("files/missing"), Some(&self.token), &query).await?;
        Ok(answer.missing)
    }

    async fn upload_file(&self, sha256: &Sha256, bytes: &[u8]) -> Result<(), TransportError> {
        let builder = authorised(
            Request::put(&self.url(&format!("files/{sha256}"))),
            &self.token,
        )
        .header("Content-Type", "application/octet-stream");
        let (status, body) = send(builder.body(js_sys::Uint8Array::from(bytes))).await?;
        read_no_content(status, &body)
    }

    async fn fetch_file(&self, sha256: &Sha256) -> Result<Option<Vec<u8>>, TransportError> {
        let url = self.url(&format!("files/{sha256}"));
        let (status, body) = send(authorised(Request::get(&url), &self.token).build()).await?;
        read_file_answer(status, body)
    }
}
