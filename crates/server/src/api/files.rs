//! Evidence files' bytes, by workspace and SHA-256. Members who may write upload a file once a
//! live evidence record of the workspace names it with its size; every member fetches; a
//! device asks which of its files the server lacks, so it uploads only those. An upload is
//! checked whole — size, hash, the record naming it — before anything is stored, and the
//! same file sent again is a no-op.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use praxis_core::evidence::{MAX_FILE_BYTES, Sha256, live_evidence};
use praxis_core::sync::{FileQuery, MAX_FILE_QUERY, MissingFiles};
use sqlx::Row;

use super::auth::Caller;
use super::changes::{CHUNK, placeholders, read_record};
use super::failure::Failure;
use super::json::Body;
use crate::{AppState, now_ms};

fn parse_hash(text: &str) -> Result<Sha256, Failure> {
    Sha256::parse(text).map_err(|_| {
        Failure::bad_request("A file is named by its SHA-256: 64 lowercase hexadecimal digits.")
    })
}

/// Which of the files asked about the server does not hold yet.
#[utoipa::path(post, path = "/api/v1/workspaces/{workspace}/files/missing", tag = "files",
    params(("workspace" = String, Path)), request_body = FileQuery,
    responses((status = 200, body = MissingFiles), (status = 400, body = praxis_core::sync::ApiError)),
    security(("device_token" = [])))]
pub async fn missing(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace): Path<String>,
    Body(query): Body<FileQuery>,
) -> Result<Json<MissingFiles>, Failure> {
    caller.in_workspace(&workspace)?;
    if query.hashes.len() > MAX_FILE_QUERY {
        return Err(Failure::bad_request(format!(
            "Ask about at most {MAX_FILE_QUERY} files at a time."
        )));
    }
    let mut held = std::collections::BTreeSet::new();
    for chunk in query.hashes.chunks(CHUNK) {
        let sql = format!(
            "SELECT sha256 FROM files WHERE workspace_id = $1 AND sha256 IN ({})",
            placeholders(2, chunk.len())
        );
        let mut select = sqlx::query(&sql).bind(&workspace);
        for hash in chunk {
            select = select.bind(hash.as_str());
        }
        for row in select.fetch_all(&state.db.pool).await? {
            held.insert(row.try_get::<String, _>("sha256")?);
        }
    }
    let mut missing: Vec<Sha256> = Vec::new();
    for hash in query.hashes {
        if !held.contains(hash.as_str()) && !missing.contains(&hash) {
            missing.push(hash);
        }
    }
    Ok(Json(MissingFiles { missing }))
}

/// Stores one evidence file's bytes under their SHA-256.
#[utoipa::path(put, path = "/api/v1/workspaces/{workspace}/files/{sha256}", tag = "files",
    params(("workspace" = String, Path), ("sha256" = String, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 204, description = "stored, or held already"),
        (status = 403, description = "a viewer", body = praxis_core::sync::ApiError),
        (status = 409, description = "no evidence record names the file", body = praxis_core::sync::ApiError),
        (status = 413, description = "over 10 MiB", body = praxis_core::sync::ApiError),
        (status = 422, description = "the bytes are not the file named", body = praxis_core::sync::ApiError),
        (status = 507, description = "the workspace's files would pass the server's limit", body = praxis_core::sync::ApiError)),
    security(("device_token" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace, sha256)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, Failure> {
    caller.in_workspace(&workspace)?;
    let sha256 = parse_hash(&sha256)?;
    if !caller.role.can_write() {
        return Err(Failure::forbidden(
            "Viewers cannot add evidence files: an owner can make you an editor.",
        ));
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "An evidence file can have at most {} MiB.",
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
        } else {
            Failure::bad_request("The file could not be read.")
        }
    })?;
    if Sha256::of(&bytes) != sha256 {
        return Err(Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "These bytes are not the file named: their SHA-256 differs. Nothing was stored.",
        ));
    }
    let named_size = named_size(&state, &workspace, &sha256)
        .await?
        .ok_or_else(|| {
            Failure::new(
                StatusCode::CONFLICT,
                "No evidence record in this workspace names this file: sync its record first.",
            )
        })?;
    if named_size != bytes.len() as u64 {
        return Err(Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "The evidence record names this file with {named_size} bytes; {} were sent.",
                bytes.len()
            ),
        ));
    }
    if !held(&state, &workspace, &sha256).await? {
        check_room(&state, &workspace, named_size).await?;
    }
    sqlx::query(
        "INSERT INTO files (workspace_id, sha256, size, bytes, device_id, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, sha256) DO NOTHING",
    )
    .bind(&workspace)
    .bind(sha256.as_str())
    .bind(bytes.len() as i64)
    .bind(bytes.to_vec())
    .bind(&caller.device_id)
    .bind(now_ms())
    .execute(&state.db.pool)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn held(state: &AppState, workspace: &str, sha256: &Sha256) -> Result<bool, Failure> {
    let row = sqlx::query("SELECT 1 FROM files WHERE workspace_id = $1 AND sha256 = $2")
        .bind(workspace)
        .bind(sha256.as_str())
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(row.is_some())
}

/// Refuses a file that would take the workspace's files past the server's limit. Two uploads
/// at the same moment may both fit and together pass it by a file: the limit guards the
/// server's disk, it is not a bill.
async fn check_room(state: &AppState, workspace: &str, size: u64) -> Result<(), Failure> {
    let used: i64 = sqlx::query(
        "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS used FROM files WHERE workspace_id = $1",
    )
    .bind(workspace)
    .fetch_one(&state.db.pool)
    .await?
    .try_get("used")?;
    let limit = state.file_storage_bytes;
    if u64::try_from(used).unwrap_or(0) + size > limit {
        return Err(Failure::new(
            StatusCode::INSUFFICIENT_STORAGE,
            format!(
                "This workspace's evidence files on the server have reached its limit of {} MiB, set by the server's operator; this file was not stored.",
                limit / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// The size a live evidence record of the workspace gives the file, if one names it. The
/// text match only narrows the rows read; each is then read as an evidence record.
async fn named_size(
    state: &AppState,
    workspace: &str,
    sha256: &Sha256,
) -> Result<Option<u64>, Failure> {
    let rows = sqlx::query(
        "SELECT record FROM records WHERE workspace_id = $1 AND kind = 'evidence_file' \
         AND record LIKE $2",
    )
    .bind(workspace)
    .bind(format!("%{sha256}%"))
    .fetch_all(&state.db.pool)
    .await?;
    let records = rows
        .iter()
        .map(read_record)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(live_evidence(&records)
        .into_iter()
        .find(|file| &file.sha256 == sha256)
        .map(|file| file.size))
}

/// One evidence file's bytes, to every member of the workspace.
#[utoipa::path(get, path = "/api/v1/workspaces/{workspace}/files/{sha256}", tag = "files",
    params(("workspace" = String, Path), ("sha256" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "not uploaded yet", body = praxis_core::sync::ApiError)),
    security(("device_token" = [])))]
pub async fn fetch(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace, sha256)): Path<(String, String)>,
) -> Result<Response, Failure> {
    caller.in_workspace(&workspace)?;
    let sha256 = parse_hash(&sha256)?;
    let row = sqlx::query("SELECT bytes FROM files WHERE workspace_id = $1 AND sha256 = $2")
        .bind(&workspace)
        .bind(sha256.as_str())
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(|| {
            Failure::new(
                StatusCode::NOT_FOUND,
                "This file is not on the server yet: the device it was attached on has not uploaded it.",
            )
        })?;
    let bytes: Vec<u8> = row.try_get("bytes")?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}
