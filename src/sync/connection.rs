//! The connection a workspace keeps on this device: which server, this device's token there,
//! the member's role, how far it has pulled, and the changes the server refused. Kept in the
//! browser's local storage, one entry per workspace; a workspace without one is not shared.

use praxis_core::sync::Session;
use praxis_core::{Change, Role, WorkspaceId};
use praxis_sync::{RefusedChange, ServerUrl};
use serde::{Deserialize, Serialize};

use crate::browser;

const KEY_PREFIX: &str = "praxis.sync.";
/// The refused changes kept to show; older ones give way.
const MAX_REFUSED: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub server: ServerUrl,
    pub token: String,
    pub role: Role,
    pub member_id: String,
    pub device_id: String,
    /// The server cursor this device has merged up to.
    pub cursor: u64,
    #[serde(default)]
    pub refused: Vec<Refusal>,
}

/// A change of this device's the server would not take, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub change: Change,
    pub reason: String,
}

impl Connection {
    pub fn new(server: ServerUrl, session: &Session) -> Self {
        Self {
            server,
            token: session.token.clone(),
            role: session.role,
            member_id: session.member_id.clone(),
            device_id: session.device_id.clone(),
            cursor: 0,
            refused: Vec::new(),
        }
    }

    /// Whether this person may only read the workspace here (a viewer).
    pub fn read_only(&self) -> bool {
        !self.role.can_write()
    }

    /// Keeps the newest refusals, newest last.
    pub fn add_refused(&mut self, refused: &[RefusedChange]) {
        self.refused.extend(refused.iter().map(|r| Refusal {
            change: r.change.clone(),
            reason: r.reason.clone(),
        }));
        let excess = self.refused.len().saturating_sub(MAX_REFUSED);
        self.refused.drain(..excess);
    }
}

fn key(workspace: &WorkspaceId) -> String {
    format!("{KEY_PREFIX}{workspace}")
}

/// The workspace's connection, if it has one (an entry that no longer reads is none).
pub fn load(workspace: &WorkspaceId) -> Option<Connection> {
    browser::preference(&key(workspace)).and_then(|text| serde_json::from_str(&text).ok())
}

/// Whether this device may only read the workspace: it is shared with this person as a viewer.
/// Read from storage each time, so a role another tab learnt counts at once.
pub fn is_read_only(workspace: &WorkspaceId) -> bool {
    load(workspace).is_some_and(|c| c.read_only())
}

pub fn save(workspace: &WorkspaceId, connection: &Connection) {
    let text = serde_json::to_string(connection).expect("plain data");
    browser::set_preference(&key(workspace), Some(&text));
}

/// Disconnects the workspace on this device; its data stays.
pub fn forget(workspace: &WorkspaceId) {
    browser::set_preference(&key(workspace), None);
}
