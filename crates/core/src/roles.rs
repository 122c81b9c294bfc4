//! Who may do what in a shared workspace. The rule is declared here once: the server enforces
//! it on every change it receives, and the app uses it to say why a control is disabled.

use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::change::Change;
use crate::typed::RecordType;

/// A member's role in a workspace shared through a server. A workspace that was never
/// connected has one person, who may do everything (as an owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, and manages members, roles and invites.
    Owner,
    /// Edits, and sets approval fields (approves changes, accepts risks, approves results).
    Approver,
    /// Edits everything but approval fields.
    Editor,
    /// Reads only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Approver, Role::Editor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Approver => "approver",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// What the role may do, in words for a members list.
    pub fn description(self) -> &'static str {
        match self {
            Role::Owner => "edits, approves and manages members",
            Role::Approver => "edits and approves",
            Role::Editor => "edits; cannot approve",
            Role::Viewer => "reads only",
        }
    }

    pub fn can_write(self) -> bool {
        self != Role::Viewer
    }

    pub fn can_approve(self) -> bool {
        matches!(self, Role::Owner | Role::Approver)
    }

    pub fn can_manage_members(self) -> bool {
        self == Role::Owner
    }
}

/// The fields of a record kind that record an approval: only approvers and owners set them.
pub fn approval_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        Assessment::KIND => Assessment::APPROVAL_FIELDS,
        _ => &[],
    }
}

pub fn is_approval_field(kind: &str, field: &str) -> bool {
    approval_fields(kind).contains(&field)
}

/// Why a member may not make a change, in words for the person who made it; `None` when they
/// may.
pub fn refusal(role: Role, change: &Change) -> Option<String> {
    if !role.can_write() {
        return Some("Viewers cannot change anything in this workspace.".to_owned());
    }
    if is_approval_field(change.kind.as_str(), &change.field) && !role.can_approve() {
        return Some(format!(
            "Only approvers and owners can set {:?}; an {} cannot approve.",
            change.field,
            role.as_str()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::clock::Hlc;
    use crate::ids::{DeviceId, RecordId, RecordKind, WorkspaceId};

    fn change(kind: &str, field: &str) -> Change {
        Change {
            replaces: Vec::new(),
            workspace: WorkspaceId::parse("w").unwrap(),
            kind: RecordKind::parse(kind).unwrap(),
            record_id: RecordId::parse("a1").unwrap(),
            field: field.to_owned(),
            value: Some(serde_json::json!("2026-12-01")),
            clock: Hlc::new(1, 0, DeviceId::parse("d").unwrap()),
            actor: Actor::parse("Ada", "").unwrap(),
        }
    }

    #[test]
    fn roles_round_trip_by_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(serde_json::from_str::<Role>("\"Owner\"").is_err());
    }

    #[test]
    fn viewers_write_nothing_and_only_approvers_and_owners_approve() {
        let title = change("assessment", "title");
        let approval = change("assessment", "approved_on");
        assert!(is_approval_field("assessment", "approved_on"));
        assert!(!is_approval_field("profile", "approved_on"));
        for role in [Role::Owner, Role::Approver] {
            assert_eq!(refusal(role, &title), None);
            assert_eq!(refusal(role, &approval), None);
        }
        assert_eq!(refusal(Role::Editor, &title), None);
        let editor = refusal(Role::Editor, &approval).unwrap();
        assert!(editor.contains("an editor cannot approve"), "{editor}");
        for c in [&title, &approval] {
            let viewer = refusal(Role::Viewer, c).unwrap();
            assert!(viewer.starts_with("Viewers cannot change"), "{viewer}");
        }
        assert!(Role::Owner.can_manage_members());
        assert!(!Role::Approver.can_manage_members());
    }
}
