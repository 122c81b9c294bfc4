//! Requests and answers of the server's `/api/v1`, as JSON. Every request type refuses unknown
//! fields and checks its values while it is read (parse, don't validate).

use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::change::Change;
use crate::evidence::Sha256;
use crate::ids::WorkspaceId;
use crate::roles::Role;
use crate::workspace::WorkspaceName;

/// The most changes one push may carry; larger outboxes are pushed in several batches.
pub const MAX_PUSH_CHANGES: usize = 1_000;
/// The most changes one pull returns.
pub const MAX_PULL_CHANGES: usize = 1_000;
/// The most file hashes one question about missing files may name.
pub const MAX_FILE_QUERY: usize = 1_000;
/// The longest an invite may stay valid.
pub const MAX_INVITE_HOURS: u32 = 24 * 30;

/// What a person calls a device ("Ada's laptop"): 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct DeviceName(String);

impl DeviceName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars == 0 {
            return Err("a device name cannot be empty".into());
        }
        if chars > Self::MAX_CHARS {
            return Err(format!(
                "a device name can be at most {} characters (this one has {chars})",
                Self::MAX_CHARS
            ));
        }
        if text.chars().any(char::is_control) {
            return Err("a device name cannot contain control characters".into());
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DeviceName {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<DeviceName> for String {
    fn from(name: DeviceName) -> String {
        name.0
    }
}

/// Creates a workspace on the server from a local one; the person creating it is its owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspace {
    pub workspace: WorkspaceId,
    pub name: WorkspaceName,
    pub member: Actor,
    pub device: DeviceName,
}

/// Joins a workspace with an invite code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Join {
    pub code: String,
    pub member: Actor,
    pub device: DeviceName,
}

/// What creating or joining gives a device: its token (shown once, sent as `Authorization:
/// Bearer <token>` from then on) and who it is in the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub workspace: WorkspaceId,
    pub workspace_name: WorkspaceName,
    pub member_id: String,
    pub device_id: String,
    pub role: Role,
    pub token: String,
}

/// Asks for an invite code for a new member with `role`, valid for `hours`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvite {
    pub role: Role,
    pub hours: u32,
}

/// A single-use invite code (shown once; the server keeps only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub code: String,
    pub role: Role,
    /// Unix ms.
    pub expires_at: i64,
}

/// One device of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceInfo {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub revoked: bool,
}

/// One member of a workspace and their devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    pub joined_at: i64,
    pub revoked: bool,
    pub devices: Vec<DeviceInfo>,
}

/// The members of a workspace, and which of them the asking device belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Members {
    pub you: String,
    pub members: Vec<Member>,
}

/// Gives a member another role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetRole {
    pub role: Role,
}

/// A batch of changes made on one device: taken whole or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Push {
    pub changes: Vec<Change>,
}

/// A push taken: how many changes were new, how many the server already had (a retried push
/// is harmless), and the server's cursor after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Pushed {
    pub accepted: usize,
    pub duplicates: usize,
    pub cursor: u64,
}

/// A push refused whole: each refused change with the reason, in words for the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRefused {
    pub error: String,
    pub refused: Vec<super::Refused>,
}

/// One change as the server numbered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Pulled {
    pub seq: u64,
    pub change: Change,
}

/// A page of changes after a cursor; `more` says whether another page follows at once, and
/// `latest` is the workspace's newest cursor, so a long first pull can show its progress.
/// `role` is the puller's role as the server holds it now: a device learns a new role with
/// its next round, and offers edits only where the server would take them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Pull {
    pub changes: Vec<Pulled>,
    pub cursor: u64,
    pub more: bool,
    pub latest: u64,
    pub role: Role,
}

/// Every error the server answers with: a sentence, never internals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiError {
    pub error: String,
}

/// Asks which of these evidence files the server does not hold yet (at most
/// [`MAX_FILE_QUERY`]), so a device uploads only those.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FileQuery {
    pub hashes: Vec<Sha256>,
}

/// The files of a [`FileQuery`] the server does not hold, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MissingFiles {
    pub missing: Vec<Sha256>,
}
