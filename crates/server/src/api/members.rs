//! Workspaces on the server, and who may use them: creating one from a local workspace, invite
//! codes, joining, the members list, roles and revoking members or devices.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use praxis_core::sync::{
    CreateInvite, CreateWorkspace, DeviceInfo, Invite, Join, MAX_INVITE_HOURS, Member, Members,
    Session, SetRole,
};
use praxis_core::{Actor, Role, WorkspaceId, WorkspaceName};
use sqlx::{Any, Row, Transaction};

use super::auth::{Caller, hash, new_id, new_invite_code, new_token, normalise_code};
use super::failure::Failure;
use super::json::Body;
use crate::limits::ClientIp;
use crate::{AppState, now_ms};

/// Creates a workspace on the server from a local one; its creator is its owner.
#[utoipa::path(post, path = "/api/v1/workspaces", tag = "workspaces",
    request_body = CreateWorkspace,
    responses((status = 201, body = Session), (status = 409, body = praxis_core::sync::ApiError)))]
pub async fn create_workspace(
    State(state): State<AppState>,
    Body(request): Body<CreateWorkspace>,
) -> Result<(StatusCode, Json<Session>), Failure> {
    let session = crate::api::transaction(&state.db, move |tx| {
        Box::pin(async move {
            let exists = sqlx::query("SELECT 1 FROM workspaces WHERE id = $1")
                .bind(request.workspace.as_str())
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_some() {
                return Err(Failure::new(
                    StatusCode::CONFLICT,
                    "A workspace with this id is already on this server: join it with an invite code instead.",
                ));
            }
            let now = now_ms();
            let inserted = sqlx::query(
                "INSERT INTO workspaces (id, name, created_at, last_seq) VALUES ($1, $2, $3, 0) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(request.workspace.as_str())
            .bind(request.name.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await?;
            if inserted.rows_affected() == 0 {
                return Err(Failure::new(
                    StatusCode::CONFLICT,
                    "A workspace with this id is already on this server: join it with an invite code instead.",
                ));
            }
            let session = add_member(
                tx,
                &request.workspace,
                request.name,
                &request.member,
                request.device.as_str(),
                Role::Owner,
            )
            .await?;
            Ok(session)
        })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(session)))
}

/// Adds a member with one device, and gives that device its token.
async fn add_member(
    tx: &mut Transaction<'static, Any>,
    workspace: &WorkspaceId,
    workspace_name: WorkspaceName,
    member: &Actor,
    device: &str,
    role: Role,
) -> Result<Session, Failure> {
    let now = now_ms();
    let member_id = new_id()?;
    let device_id = new_id()?;
    let token = new_token()?;
    sqlx::query(
        "INSERT INTO members (id, workspace_id, name, email, role, joined_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&member_id)
    .bind(workspace.as_str())
    .bind(member.name())
    .bind(member.email().map(str::to_owned))
    .bind(role.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO devices (id, workspace_id, member_id, name, token_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&device_id)
    .bind(workspace.as_str())
    .bind(&member_id)
    .bind(device)
    .bind(hash(&token))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(Session {
        workspace: workspace.clone(),
        workspace_name,
        member_id,
        device_id,
        role,
        token,
    })
}

/// Makes a single-use invite code (owners only).
#[utoipa::path(post, path = "/api/v1/workspaces/{workspace}/invites", tag = "members",
    params(("workspace" = String, Path)), request_body = CreateInvite,
    responses((status = 201, body = Invite), (status = 403, body = praxis_core::sync::ApiError)),
    security(("device_token" = [])))]
pub async fn create_invite(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace): Path<String>,
    Body(request): Body<CreateInvite>,
) -> Result<(StatusCode, Json<Invite>), Failure> {
    caller.in_workspace(&workspace)?;
    caller.owner()?;
    if !(1..=MAX_INVITE_HOURS).contains(&request.hours) {
        return Err(Failure::bad_request(format!(
            "An invite lasts from 1 to {MAX_INVITE_HOURS} hours."
        )));
    }
    let code = new_invite_code()?;
    let now = now_ms();
    let expires_at = now + i64::from(request.hours) * 3_600_000;
    sqlx::query(
        "INSERT INTO invites (code_hash, workspace_id, role, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash(&code))
    .bind(&workspace)
    .bind(request.role.as_str())
    .bind(&caller.member_id)
    .bind(now)
    .bind(expires_at)
    .execute(&state.db.pool)
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Invite {
            code,
            role: request.role,
            expires_at,
        }),
    ))
}

/// Joins a workspace with an invite code; the code is used up.
#[utoipa::path(post, path = "/api/v1/join", tag = "members", request_body = Join,
    responses((status = 201, body = Session), (status = 404, body = praxis_core::sync::ApiError),
        (status = 429, body = praxis_core::sync::ApiError)))]
pub async fn join(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Body(request): Body<Join>,
) -> Result<(StatusCode, Json<Session>), Failure> {
    if let Some(seconds) = state.limits.join.blocked(ip) {
        return Err(Failure::too_many(seconds));
    }
    state.limits.join.hit(ip);
    let unusable = || {
        Failure::new(
            StatusCode::NOT_FOUND,
            "This invite code is not valid: it may be mistyped, used already or expired. Ask an owner for a new one.",
        )
    };
    let code_hash = hash(&normalise_code(&request.code));
    let now = now_ms();
    let session = crate::api::transaction(&state.db, move |tx| {
        Box::pin(async move {
            // Claiming the code first makes a second join with it find nothing, even at the same time.
            let claimed = sqlx::query(
                "UPDATE invites SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 \
                 RETURNING workspace_id, role",
            )
            .bind(now)
            .bind(&code_hash)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(unusable)?;
            let workspace: String = claimed.try_get("workspace_id")?;
            let role: String = claimed.try_get("role")?;
            let role = Role::parse(&role).ok_or_else(|| Failure::internal("unknown role stored"))?;
            let name: String = sqlx::query("SELECT name FROM workspaces WHERE id = $1")
                .bind(&workspace)
                .fetch_one(&mut **tx)
                .await?
                .try_get("name")?;
            let workspace = WorkspaceId::parse(&workspace).map_err(Failure::internal)?;
            let name = WorkspaceName::parse(&name).map_err(Failure::internal)?;
            let session = add_member(
                tx,
                &workspace,
                name,
                &request.member,
                request.device.as_str(),
                role,
            )
            .await?;
            sqlx::query("UPDATE invites SET used_by = $1 WHERE code_hash = $2")
                .bind(&session.member_id)
                .bind(&code_hash)
                .execute(&mut **tx)
                .await?;
            Ok(session)
        })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(session)))
}

/// The members of the workspace and their devices (every member may see them).
#[utoipa::path(get, path = "/api/v1/workspaces/{workspace}/members", tag = "members",
    params(("workspace" = String, Path)),
    responses((status = 200, body = Members)), security(("device_token" = [])))]
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace): Path<String>,
) -> Result<Json<Members>, Failure> {
    caller.in_workspace(&workspace)?;
    let list = member_list(&state, &workspace).await?;
    Ok(Json(Members {
        you: caller.member_id,
        members: list,
    }))
}

async fn member_list(state: &AppState, workspace: &str) -> Result<Vec<Member>, Failure> {
    let rows = sqlx::query(
        "SELECT id, name, email, role, joined_at, revoked_at FROM members \
         WHERE workspace_id = $1 ORDER BY joined_at, id",
    )
    .bind(workspace)
    .fetch_all(&state.db.pool)
    .await?;
    let devices = sqlx::query(
        "SELECT id, member_id, name, created_at, last_seen_at, revoked_at FROM devices \
         WHERE workspace_id = $1 ORDER BY created_at, id",
    )
    .bind(workspace)
    .fetch_all(&state.db.pool)
    .await?;
    let mut members = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get("id")?;
        let role: String = row.try_get("role")?;
        let mut own = Vec::new();
        for device in devices
            .iter()
            .filter(|d| d.try_get::<String, _>("member_id").is_ok_and(|m| m == id))
        {
            own.push(DeviceInfo {
                id: device.try_get("id")?,
                name: device.try_get("name")?,
                created_at: device.try_get("created_at")?,
                last_seen_at: device.try_get("last_seen_at")?,
                revoked: device.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
            });
        }
        members.push(Member {
            id,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            role: Role::parse(&role).ok_or_else(|| Failure::internal("unknown role stored"))?,
            joined_at: row.try_get("joined_at")?,
            revoked: row.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
            devices: own,
        });
    }
    Ok(members)
}

/// Gives a member another role (owners only; a workspace always keeps an owner).
#[utoipa::path(put, path = "/api/v1/workspaces/{workspace}/members/{member}/role", tag = "members",
    params(("workspace" = String, Path), ("member" = String, Path)), request_body = SetRole,
    responses((status = 200, body = Members), (status = 409, body = praxis_core::sync::ApiError)),
    security(("device_token" = [])))]
pub async fn set_role(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace, member)): Path<(String, String)>,
    Body(request): Body<SetRole>,
) -> Result<Json<Members>, Failure> {
    caller.in_workspace(&workspace)?;
    caller.owner()?;
    let workspace_id = workspace.clone();
    crate::api::transaction(&state.db, move |tx| {
        Box::pin(async move {
            lock_workspace(tx, &workspace).await?;
            live_member(tx, &workspace, &member).await?;
            if request.role != Role::Owner {
                keep_an_owner(tx, &workspace, &member).await?;
            }
            sqlx::query("UPDATE members SET role = $1 WHERE id = $2 AND workspace_id = $3")
                .bind(request.role.as_str())
                .bind(&member)
                .bind(&workspace)
                .execute(&mut **tx)
                .await?;
            Ok(())
        })
    })
    .await?;
    members(State(state), caller, Path(workspace_id)).await
}

/// Revokes a member and every device of theirs (owners only).
#[utoipa::path(delete, path = "/api/v1/workspaces/{workspace}/members/{member}", tag = "members",
    params(("workspace" = String, Path), ("member" = String, Path)),
    responses((status = 204), (status = 409, body = praxis_core::sync::ApiError)),
    security(("device_token" = [])))]
pub async fn revoke_member(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace, member)): Path<(String, String)>,
) -> Result<StatusCode, Failure> {
    caller.in_workspace(&workspace)?;
    caller.owner()?;
    crate::api::transaction(&state.db, move |tx| {
        Box::pin(async move {
            lock_workspace(tx, &workspace).await?;
            live_member(tx, &workspace, &member).await?;
            keep_an_owner(tx, &workspace, &member).await?;
            let now = now_ms();
            sqlx::query("UPDATE members SET revoked_at = $1 WHERE id = $2 AND workspace_id = $3")
                .bind(now)
                .bind(&member)
                .bind(&workspace)
                .execute(&mut **tx)
                .await?;
            sqlx::query(
                "UPDATE devices SET revoked_at = $1 WHERE member_id = $2 AND workspace_id = $3 \
                 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(&member)
            .bind(&workspace)
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes one device: owners may revoke any, members their own.
#[utoipa::path(delete, path = "/api/v1/workspaces/{workspace}/devices/{device}", tag = "members",
    params(("workspace" = String, Path), ("device" = String, Path)),
    responses((status = 204), (status = 404, body = praxis_core::sync::ApiError)),
    security(("device_token" = [])))]
pub async fn revoke_device(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace, device)): Path<(String, String)>,
) -> Result<StatusCode, Failure> {
    caller.in_workspace(&workspace)?;
    let owner_of = sqlx::query("SELECT member_id FROM devices WHERE id = $1 AND workspace_id = $2")
        .bind(&device)
        .bind(&workspace)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "No such device in this workspace."))?;
    let member: String = owner_of.try_get("member_id")?;
    if member != caller.member_id {
        caller.owner()?;
    }
    sqlx::query(
        "UPDATE devices SET revoked_at = $1 WHERE id = $2 AND workspace_id = $3 AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(&device)
    .bind(&workspace)
    .execute(&state.db.pool)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Serialises membership changes of one workspace (two owners demoting each other at once
/// must not leave it without an owner).
pub async fn lock_workspace(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
) -> Result<i64, Failure> {
    let row =
        sqlx::query("UPDATE workspaces SET last_seq = last_seq WHERE id = $1 RETURNING last_seq")
            .bind(workspace)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(Failure::no_workspace)?;
    Ok(row.try_get("last_seq")?)
}

async fn live_member(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
    member: &str,
) -> Result<(), Failure> {
    sqlx::query("SELECT 1 FROM members WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL")
        .bind(member)
        .bind(workspace)
        .fetch_optional(&mut **tx)
        .await?
        .map(drop)
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "No such member in this workspace."))
}

async fn keep_an_owner(
    tx: &mut Transaction<'static, Any>,
    workspace: &str,
    leaving: &str,
) -> Result<(), Failure> {
    let others = sqlx::query(
        "SELECT COUNT(*) AS n FROM members WHERE workspace_id = $1 AND role = 'owner' \
         AND revoked_at IS NULL AND id <> $2",
    )
    .bind(workspace)
    .bind(leaving)
    .fetch_one(&mut **tx)
    .await?;
    let others: i64 = others.try_get("n")?;
    let leaving_is_owner = sqlx::query("SELECT role FROM members WHERE id = $1")
        .bind(leaving)
        .fetch_one(&mut **tx)
        .await?
        .try_get::<String, _>("role")?
        == Role::Owner.as_str();
    if leaving_is_owner && others == 0 {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            "A workspace needs an owner: make someone else an owner first.",
        ));
    }
    Ok(())
}
