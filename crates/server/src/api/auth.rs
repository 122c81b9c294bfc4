//! Device tokens and invite codes: random, shown once, stored only as SHA-256 hashes (they
//! carry 128 bits or more of randomness, so a fast hash is enough), revocable per device.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine;
use praxis_core::{Role, WorkspaceId};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::failure::Failure;
use crate::AppState;
use crate::limits::client_ip;

/// 32 random bytes as URL-safe base64, prefixed so a leaked token is recognisable.
pub fn new_token() -> Result<String, Failure> {
    Ok(format!(
        "pxd_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random::<32>()?)
    ))
}

/// 16 random bytes (128 bits) as lowercase base32 in groups of five, easy to read out and type.
pub fn new_invite_code() -> Result<String, Failure> {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let bytes = random::<16>()?;
    let mut bits: u128 = u128::from_be_bytes(bytes);
    let mut letters = Vec::with_capacity(26);
    for _ in 0..26 {
        letters.push(ALPHABET[(bits & 31) as usize] as char);
        bits >>= 5;
    }
    let groups: Vec<String> = letters.chunks(5).map(|c| c.iter().collect()).collect();
    Ok(groups.join("-"))
}

/// An invite code as typed: case, spaces and dashes do not matter.
pub fn normalise_code(code: &str) -> String {
    let letters: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let chars: Vec<char> = letters.chars().collect();
    let groups: Vec<String> = chars.chunks(5).map(|c| c.iter().collect()).collect();
    groups.join("-")
}

/// A random id for members and devices (128 bits, hex).
pub fn new_id() -> Result<String, Failure> {
    Ok(random::<16>()?.iter().map(|b| format!("{b:02x}")).collect())
}

pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn random<const N: usize>() -> Result<[u8; N], Failure> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| Failure::internal(format!("no randomness: {e}")))?;
    Ok(bytes)
}

/// The device a request comes from, signed in by its token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub device_id: String,
    pub member_id: String,
    pub workspace: WorkspaceId,
    pub role: Role,
}

impl Caller {
    /// Refuses a request about another workspace exactly as one about no workspace.
    pub fn in_workspace(&self, workspace: &str) -> Result<(), Failure> {
        if self.workspace.as_str() == workspace {
            Ok(())
        } else {
            Err(Failure::no_workspace())
        }
    }

    pub fn owner(&self) -> Result<(), Failure> {
        if self.role.can_manage_members() {
            Ok(())
        } else {
            Err(Failure::forbidden(
                "Only owners can manage members, roles and invites.",
            ))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let ip = client_ip(parts);
        if let Some(seconds) = state.limits.failed_auth.blocked(ip) {
            return Err(Failure::too_many(seconds));
        }
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty() && token.len() <= 200);
        let found = match token {
            Some(token) => {
                sqlx::query(
                    "SELECT d.id, d.member_id, d.workspace_id, m.role, d.last_seen_at \
                     FROM devices d JOIN members m ON m.id = d.member_id \
                     WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND m.revoked_at IS NULL",
                )
                .bind(hash(token))
                .fetch_optional(&state.db.pool)
                .await?
            }
            None => None,
        };
        let Some(row) = found else {
            state.limits.failed_auth.hit(ip);
            return Err(Failure::unauthorized());
        };
        let role: String = row.try_get("role")?;
        let workspace: String = row.try_get("workspace_id")?;
        let caller = Caller {
            device_id: row.try_get("id")?,
            member_id: row.try_get("member_id")?,
            workspace: WorkspaceId::parse(&workspace).map_err(Failure::internal)?,
            role: Role::parse(&role)
                .ok_or_else(|| Failure::internal(format!("unknown role {role:?} stored")))?,
        };
        // Last seen to the minute: one write a minute per device, not one per request.
        let now = crate::now_ms();
        let last_seen: Option<i64> = row.try_get("last_seen_at")?;
        if last_seen.is_none_or(|seen| now - seen > 60_000) {
            sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&caller.device_id)
                .execute(&state.db.pool)
                .await?;
        }
        Ok(caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_codes_are_long_random_and_hashed() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("pxd_") && a.len() == 4 + 43, "{a}");
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), hash(&b));
        let code = new_invite_code().unwrap();
        assert_eq!(code.len(), 26 + 5, "{code}");
        assert_eq!(normalise_code(&code.to_uppercase().replace('-', " ")), code);
        assert_eq!(new_id().unwrap().len(), 32);
    }
}
