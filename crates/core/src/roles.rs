//! Who may do what in a shared workspace. The rule is declared here once: the server enforces
//! it on every change it receives, and the app uses it to say why a control is disabled.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assessment::Assessment;
use crate::change::Change;
use crate::isms::risk::Risk;
use crate::itsm::change_request::{ChangeRequest, DECISION};
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

    /// The role with its article, as a sentence says it: "an editor", "a viewer".
    pub fn with_article(self) -> &'static str {
        match self {
            Role::Owner => "an owner",
            Role::Approver => "an approver",
            Role::Editor => "an editor",
            Role::Viewer => "a viewer",
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

/// Whether setting `field` of a record of `kind` to `value` records an approval: only approvers
/// and owners may (an assessment's approval date, a change's decisions).
pub fn is_approval(kind: &str, field: &str, value: Option<&Value>) -> bool {
    match kind {
        Assessment::KIND => Assessment::is_approval(field, value),
        ChangeRequest::KIND => ChangeRequest::is_approval(field, value),
        Risk::KIND => Risk::is_approval(field, value),
        crate::isms::soa::Soa::KIND => crate::isms::soa::Soa::is_approval(field, value),
        crate::isms::document::Document::KIND => {
            crate::isms::document::Document::is_approval(field, value)
        }
        _ => false,
    }
}

/// Why a member with `role` may not set `field` of a `kind` record to `value`, in words for
/// the person who tried; `None` when they may. The server asks it of every change it receives
/// and the app of every edit before it is saved.
pub fn edit_refusal(role: Role, kind: &str, field: &str, value: Option<&Value>) -> Option<String> {
    if !role.can_write() {
        return Some("Viewers cannot change anything in this workspace.".to_owned());
    }
    if is_approval(kind, field, value) && !role.can_approve() {
        let what = if field.contains('#') {
            field.split('#').next().unwrap_or(field)
        } else {
            field
        };
        return Some(format!(
            "Only approvers and owners can set {what:?}; an {} cannot approve.",
            role.as_str()
        ));
    }
    None
}

/// Why a member may not make a change, in words for the person who made it; `None` when they
/// may. A change's decision must also be in the name of the person who made it.
pub fn refusal(role: Role, change: &Change) -> Option<String> {
    edit_refusal(
        role,
        change.kind.as_str(),
        &change.field,
        change.value.as_ref(),
    )
    .or_else(|| decision_in_own_name(change))
}

/// A change's decision and a risk's acceptance are recorded in their maker's own name: an
/// approver cannot decide for another.
fn decision_in_own_name(change: &Change) -> Option<String> {
    let kind = change.kind.as_str();
    let decides = (kind == ChangeRequest::KIND
        && crate::itsm::entries::is_entry(&change.field, DECISION))
        || (kind == Risk::KIND && change.field == "acceptance")
        || ((kind == crate::isms::soa::Soa::KIND || kind == crate::isms::document::Document::KIND)
            && change.field == "approval");
    if !decides {
        return None;
    }
    let by = change.value.as_ref()?.get("by")?.as_str()?;
    (by.trim() != change.actor.name()).then(|| {
        format!(
            "A decision is recorded in its maker's own name: {} cannot record one as {by:?}.",
            change.actor.name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::clock::Hlc;
    use crate::ids::{DeviceId, RecordId, RecordKind, WorkspaceId};
    use serde_json::json;

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
        assert!(is_approval("assessment", "approved_on", None));
        assert!(!is_approval("profile", "approved_on", None));
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

    #[test]
    fn a_changes_decisions_its_approvals_needed_and_making_it_standard_are_approvals() {
        let decision = json!({"by": "Ada", "verdict": "approve", "at": 1});
        for (field, value) in [
            ("decision#d1", Some(decision.clone())),
            ("decision#d1", None),
            ("approvals_needed", Some(json!(2))),
            ("type", Some(json!("standard"))),
        ] {
            assert!(
                is_approval("change_request", field, value.as_ref()),
                "{field}"
            );
            let refused = edit_refusal(Role::Editor, "change_request", field, value.as_ref());
            assert!(
                refused.unwrap().contains("an editor cannot approve"),
                "{field}"
            );
            assert_eq!(
                edit_refusal(Role::Approver, "change_request", field, value.as_ref()),
                None
            );
        }
        for (field, value) in [
            ("type", json!("normal")),
            ("type", json!("emergency")),
            ("state", json!("approved")),
            ("decisions", json!("x")),
        ] {
            assert!(
                !is_approval("change_request", field, Some(&value)),
                "{field}"
            );
        }
        let editor_says = edit_refusal(Role::Editor, "change_request", "decision#d1", None);
        assert!(editor_says.unwrap().contains("set \"decision\""));
    }

    #[test]
    fn accepting_a_risk_is_an_approval_in_the_accepters_own_name() {
        let accepted = json!({"by": "Ada", "at": 1, "score": 4});
        assert!(is_approval("risk", "acceptance", Some(&accepted)));
        assert!(is_approval("risk", "acceptance", None));
        assert!(!is_approval("risk", "residual_likelihood", Some(&json!(2))));
        let editor = edit_refusal(Role::Editor, "risk", "acceptance", Some(&accepted)).unwrap();
        assert!(editor.contains("an editor cannot approve"), "{editor}");
        let mut own = change("risk", "acceptance");
        own.value = Some(accepted);
        assert_eq!(refusal(Role::Approver, &own), None);
        let mut other = own.clone();
        other.value = Some(json!({"by": "Grace", "at": 1, "score": 4}));
        let refused = refusal(Role::Owner, &other).unwrap();
        assert!(
            refused.contains("Ada cannot record one as \"Grace\""),
            "{refused}"
        );
    }

    #[test]
    fn a_decision_is_recorded_only_in_its_makers_own_name() {
        let mut own = change("change_request", "decision#d1");
        own.value = Some(json!({"by": "Ada", "verdict": "approve", "at": 1}));
        assert_eq!(refusal(Role::Approver, &own), None);
        let mut other = own.clone();
        other.value = Some(json!({"by": "Grace", "verdict": "approve", "at": 1}));
        let refused = refusal(Role::Owner, &other).unwrap();
        assert!(
            refused.contains("Ada cannot record one as \"Grace\""),
            "{refused}"
        );
        // Removing a decision names nobody: only the role counts.
        let mut removed = own;
        removed.value = None;
        assert_eq!(refusal(Role::Approver, &removed), None);
    }
}
