//! Changes: list, request (on their own, or from a problem they remove), save, decide (an
//! approver's approval or rejection, with the step it settles), delete.

use std::collections::BTreeMap;

use leptos::prelude::GetUntracked;
use praxis_core::itsm::change_request::{
    ChangeRequest, ChangeState, ChangeType, Decision, Verdict,
};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This change does not exist (it may have been deleted).";

/// The changes that read, newest first, and the damaged ones.
pub type Listed = (Vec<ChangeRequest>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut changes, damaged) = super::list_typed::<ChangeRequest>(state, workspace).await?;
    praxis_core::order::sort_by(&mut changes, |a, b| {
        b.logged_at.cmp(&a.logged_at).then_with(|| a.id.cmp(&b.id))
    });
    Ok((changes, damaged))
}

/// What a new change starts with besides its title and type.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub service: Option<RecordId>,
    /// The problem it is to remove.
    pub problem: Option<RecordId>,
}

/// Requests a change now; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    change_type: ChangeType,
    origin: Origin,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let mut change = ChangeRequest::new(id.clone(), change_type, title, browser::now_ms())
        .map_err(|(_, problem)| problem)?;
    change.service = origin.service;
    change.problem = origin.problem;
    change.check().map_err(|(_, problem)| problem)?;
    super::save_new(state, workspace, &id, &change).await?;
    Ok(id)
}

/// Saves what changed from `before` to `after`, checked by the change's rules first.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &ChangeRequest,
    after: &ChangeRequest,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

/// Records this person's decision on `before` (the change as the page last read it), now, with
/// the step it settles; returns the state the change reached.
pub async fn decide(
    state: AppState,
    workspace: &WorkspaceId,
    before: &ChangeRequest,
    verdict: Verdict,
    note: &str,
) -> Result<ChangeState, String> {
    let by = state
        .actor
        .get_untracked()
        .ok_or("First say who you are (Settings → Your name on changes): a decision carries it.")?;
    let mut after = before.clone();
    let decision = Decision {
        by: by.name().to_owned(),
        verdict,
        at: browser::now_ms(),
        note: note.to_owned(),
    };
    let reached = after
        .decide(super::new_record_id()?, decision, super::new_record_id()?)
        .map_err(|e| format!("Nothing was saved: {e}"))?;
    save(state, workspace, before, &after, &BTreeMap::new()).await?;
    Ok(reached)
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (releases, _) = super::releases::list(state, workspace).await?;
    let bundling: Vec<&str> = releases
        .iter()
        .filter(|r| r.changes.contains(id))
        .map(|r| r.title.as_str())
        .collect();
    if !bundling.is_empty() {
        return Err(format!(
            "Nothing was deleted: releases bundle this change ({}). Take it out of them first.",
            bundling.join(", ")
        ));
    }
    super::delete_record(state, &ChangeRequest::key(workspace, id), MISSING).await
}
