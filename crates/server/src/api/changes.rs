//! Pushing and pulling changes. A push is one transaction: every change is new and valid, or
//! nothing is stored; a change the server already holds is a no-op (retries are safe). Pulls
//! page through the workspace's changes in the order the server numbered them.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use praxis_core::sync::{
    MAX_PULL_CHANGES, MAX_PUSH_CHANGES, Push, PushCheck, PushRefused, Pushed, Refused, check_push,
    same_change,
};
use praxis_core::{Change, Record, RecordKey, roles};
use serde::Deserialize;
use sqlx::{Any, Row, Transaction};

use super::auth::Caller;
use super::failure::Failure;
use super::json::Body;
use super::members::lock_workspace;
use crate::{AppState, now_ms};

/// How many values one `IN (…)` list binds.
pub(super) const CHUNK: usize = 200;
/// How many rows one insert writes: 7,000 values at most, within what both databases bind.
const INSERT_ROWS: usize = 200;

fn record_key(key: &RecordKey) -> String {
    format!("{}/{}", key.kind, key.id)
}

/// Pushes a batch of changes: all or nothing, idempotent by change id.
#[utoipa::path(post, path = "/api/v1/workspaces/{workspace}/changes", tag = "changes",
    params(("workspace" = String, Path)), request_body = Push,
    responses((status = 200, body = Pushed),
        (status = 403, description = "a change the member's role does not allow", body = PushRefused),
        (status = 422, description = "a change that is malformed or conflicts", body = PushRefused)),
    security(("device_token" = [])))]
pub async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace): Path<String>,
    Body(request): Body<Push>,
) -> Result<Json<Pushed>, Failure> {
    caller.in_workspace(&workspace)?;
    if request.changes.len() > MAX_PUSH_CHANGES {
        return Err(Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("A push carries at most {MAX_PUSH_CHANGES} changes; send the rest in another."),
        ));
    }
    // A viewer's changes, and approvals by those who cannot approve, are refused one by one,
    // so the device can set each aside with its reason instead of retrying the batch.
    let role_refused: Vec<Refused> = request
        .changes
        .iter()
        .filter_map(|change| {
            roles::refusal(caller.role, change).map(|reason| Refused {
                change_id: change.id(),
                reason,
            })
        })
        .collect();
    if !role_refused.is_empty() {
        return Err(refuse(StatusCode::FORBIDDEN, role_refused));
    }

    let device = caller.device_id.clone();
    let check_workspace = caller.workspace.clone();
    let role = caller.role;
    let pushed = crate::api::transaction(&state.db, move |tx| {
        Box::pin(async move {
            store(
                tx,
                &workspace,
                &check_workspace,
                role,
                &device,
                request.changes,
            )
            .await
        })
    })
    .await?;
    let before = pushed.cursor - pushed.accepted as u64;
    state.db.analyse_if_grown(before, pushed.cursor);
    Ok(Json(pushed))
}

/// Checks and stores a push inside its transaction.
async fn store(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
    check_workspace: &praxis_core::WorkspaceId,
    role: praxis_core::Role,
    device: &str,
    changes: Vec<Change>,
) -> Result<Pushed, Failure> {
    let last_seq = lock_workspace(tx, workspace).await?;
    let (fresh, duplicates) = new_changes(tx, workspace, changes).await?;
    if fresh.is_empty() {
        return Ok(Pushed {
            accepted: 0,
            duplicates,
            cursor: u64::try_from(last_seq).unwrap_or(0),
        });
    }
    let stored = stored_records(tx, workspace, &fresh).await?;
    let needs_frameworks = fresh
        .iter()
        .any(|c| matches!(c.kind.as_str(), "assessment" | "framework"));
    let frameworks = if needs_frameworks {
        framework_records(tx, workspace).await?
    } else {
        Vec::new()
    };
    let check = PushCheck {
        workspace: check_workspace,
        role,
        now_ms: now_ms(),
    };
    let records = check_push(check, &fresh, stored, &frameworks)
        .map_err(|refused| refuse(StatusCode::UNPROCESSABLE_ENTITY, refused))?;

    let received_at = now_ms();
    for (n, chunk) in fresh.chunks(INSERT_ROWS).enumerate() {
        let first = last_seq + 1 + (n * INSERT_ROWS) as i64;
        insert_changes(tx, workspace, device, first, received_at, chunk).await?;
    }
    for chunk in records.chunks(INSERT_ROWS) {
        upsert_records(tx, workspace, chunk).await?;
    }
    let cursor = last_seq + fresh.len() as i64;
    sqlx::query("UPDATE workspaces SET last_seq = $1 WHERE id = $2")
        .bind(cursor)
        .bind(workspace)
        .execute(&mut **tx)
        .await?;
    Ok(Pushed {
        accepted: fresh.len(),
        duplicates,
        cursor: u64::try_from(cursor).unwrap_or(0),
    })
}

fn refuse(status: StatusCode, refused: Vec<Refused>) -> Failure {
    let count = refused.len();
    let error = if count == 1 {
        format!("The push was refused: {}", refused[0].reason)
    } else {
        format!(
            "The push was refused: {count} changes cannot be taken (the first: {})",
            refused[0].reason
        )
    };
    let body = PushRefused { error, refused };
    Failure::with_body(status, serde_json::to_value(body).unwrap_or_default())
}

/// The changes the server does not hold yet, in the order pushed, and how many it held. A
/// different change under an id already held (or twice in the batch) is refused.
async fn new_changes(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
    changes: Vec<Change>,
) -> Result<(Vec<Change>, usize), Failure> {
    let mut conflicting = Vec::new();
    let mut in_batch: HashMap<String, usize> = HashMap::new();
    let mut unique: Vec<(String, Change)> = Vec::with_capacity(changes.len());
    let mut duplicates = 0;
    for change in changes {
        let id = change.id();
        match in_batch.get(&id) {
            Some(&at) if same_change(&unique[at].1, &change) => duplicates += 1,
            Some(_) => conflicting.push(id),
            None => {
                in_batch.insert(id.clone(), unique.len());
                unique.push((id, change));
            }
        }
    }
    let mut held: HashMap<String, Change> = HashMap::new();
    for chunk in unique.chunks(CHUNK) {
        let sql = format!(
            "SELECT change_id, change FROM changes WHERE workspace_id = $1 AND change_id IN ({})",
            placeholders(2, chunk.len())
        );
        let mut query = sqlx::query(&sql).bind(workspace);
        for (id, _) in chunk {
            query = query.bind(id.as_str());
        }
        for row in query.fetch_all(&mut **tx).await? {
            let text: String = row.try_get("change")?;
            let change: Change = serde_json::from_str(&text).map_err(Failure::internal)?;
            held.insert(row.try_get("change_id")?, change);
        }
    }
    let mut fresh = Vec::with_capacity(unique.len());
    for (id, change) in unique {
        match held.get(&id) {
            Some(known) if same_change(known, &change) => duplicates += 1,
            Some(_) => conflicting.push(id),
            None => fresh.push(change),
        }
    }
    if !conflicting.is_empty() {
        let refused = conflicting
            .into_iter()
            .map(|change_id| Refused {
                change_id,
                reason: "Another change with this id was already received: a device never stamps two changes alike, so this one is refused.".to_owned(),
            })
            .collect();
        return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, refused));
    }
    Ok((fresh, duplicates))
}

/// `$first, …` for `count` values bound from `first` on.
pub(super) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn stored_records(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
    changes: &[Change],
) -> Result<BTreeMap<RecordKey, Record>, Failure> {
    let mut keys: Vec<String> = changes.iter().map(|c| record_key(&c.key())).collect();
    keys.sort();
    keys.dedup();
    let mut stored = BTreeMap::new();
    for chunk in keys.chunks(CHUNK) {
        let sql = format!(
            "SELECT record FROM records WHERE workspace_id = $1 AND record_key IN ({})",
            placeholders(2, chunk.len())
        );
        let mut query = sqlx::query(&sql).bind(workspace);
        for key in chunk {
            query = query.bind(key.as_str());
        }
        for row in query.fetch_all(&mut **tx).await? {
            let record = read_record(&row)?;
            stored.insert(record.key(), record);
        }
    }
    Ok(stored)
}

async fn framework_records(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
) -> Result<Vec<Record>, Failure> {
    sqlx::query("SELECT record FROM records WHERE workspace_id = $1 AND kind = 'framework'")
        .bind(workspace)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(read_record)
        .collect()
}

pub(super) fn read_record(row: &sqlx::any::AnyRow) -> Result<Record, Failure> {
    let text: String = row.try_get("record")?;
    serde_json::from_str(&text).map_err(|e| Failure::internal(format!("a stored record: {e}")))
}

async fn insert_changes(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
    device: &str,
    first_seq: i64,
    received_at: i64,
    changes: &[Change],
) -> Result<(), Failure> {
    // Per row: workspace, seq, id, record key, change, device, time.
    let rows: Vec<String> = (0..changes.len())
        .map(|i| format!("({})", placeholders(1 + i * 7, 7)))
        .collect();
    let sql = format!(
        "INSERT INTO changes (workspace_id, seq, change_id, record_key, change, device_id, received_at) VALUES {}",
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (i, change) in changes.iter().enumerate() {
        let text = serde_json::to_string(change).map_err(Failure::internal)?;
        query = query
            .bind(workspace)
            .bind(first_seq + i as i64)
            .bind(change.id())
            .bind(record_key(&change.key()))
            .bind(text)
            .bind(device)
            .bind(received_at);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

async fn upsert_records(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
    records: &[Record],
) -> Result<(), Failure> {
    let rows: Vec<String> = (0..records.len())
        .map(|i| format!("({})", placeholders(1 + i * 4, 4)))
        .collect();
    let sql = format!(
        "INSERT INTO records (workspace_id, record_key, kind, record) VALUES {} \
         ON CONFLICT (workspace_id, record_key) DO UPDATE SET record = excluded.record",
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for record in records {
        let text = serde_json::to_string(record).map_err(Failure::internal)?;
        query = query
            .bind(workspace)
            .bind(record_key(&record.key()))
            .bind(record.kind.as_str())
            .bind(text);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    /// The cursor of the last change already pulled (0 for none).
    #[serde(default)]
    after: u64,
    /// How many changes at most (1 to 1000, default 500).
    limit: Option<usize>,
}

/// The workspace's changes after a cursor, in the server's order, one page at a time.
#[utoipa::path(get, path = "/api/v1/workspaces/{workspace}/changes", tag = "changes",
    params(("workspace" = String, Path), PullQuery),
    responses((status = 200, body = praxis_core::sync::Pull)),
    security(("device_token" = [])))]
pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace): Path<String>,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Failure> {
    caller.in_workspace(&workspace)?;
    let Query(query) = query
        .map_err(|e| Failure::bad_request(format!("The query is not valid: {}", e.body_text())))?;
    let limit = query.limit.unwrap_or(500);
    if !(1..=MAX_PULL_CHANGES).contains(&limit) {
        return Err(Failure::bad_request(format!(
            "limit must be from 1 to {MAX_PULL_CHANGES}."
        )));
    }
    let after = i64::try_from(query.after)
        .map_err(|_| Failure::bad_request("after is beyond any cursor."))?;
    let rows = sqlx::query(
        "SELECT seq, change FROM changes WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(&workspace)
    .bind(after)
    .bind(limit as i64 + 1)
    .fetch_all(&state.db.pool)
    .await?;
    // Read after the page: pushes to a workspace commit in seq order, so this is at least the
    // page's cursor.
    let latest: i64 = sqlx::query("SELECT last_seq FROM workspaces WHERE id = $1")
        .bind(&workspace)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("last_seq")?;
    let more = rows.len() > limit;
    // The stored changes are the server's own JSON: they go out as they are, unparsed.
    let mut body = String::from("{\"changes\":[");
    let mut cursor = after;
    for (i, row) in rows.iter().take(limit).enumerate() {
        let seq: i64 = row.try_get("seq")?;
        let change: String = row.try_get("change")?;
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!("{{\"seq\":{seq},\"change\":"));
        body.push_str(&change);
        body.push('}');
        cursor = seq;
    }
    body.push_str(&format!(
        "],\"cursor\":{cursor},\"more\":{more},\"latest\":{latest},\"role\":\"{}\"}}",
        caller.role.as_str()
    ));
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
