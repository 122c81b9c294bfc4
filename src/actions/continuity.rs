//! Service continuity plans: list, add (for a service), save (tests are entries saved like any
//! field), delete.

use std::collections::BTreeMap;

use praxis_core::itsm::continuity::ContinuityPlan;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::state::AppState;

/// The plans that read, by title, and the damaged ones.
pub type Listed = (Vec<ContinuityPlan>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    super::list_by_name(state, workspace, |p: &ContinuityPlan| &p.title).await
}

/// Adds a plan for `service`; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    service: &RecordId,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let plan = ContinuityPlan::new(id.clone(), title, service.clone()).map_err(|(_, p)| p)?;
    super::save_new(state, workspace, &id, &plan).await?;
    Ok(id)
}

pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &ContinuityPlan,
    after: &ContinuityPlan,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(
        state,
        &ContinuityPlan::key(workspace, id),
        "This plan does not exist (it may have been deleted).",
    )
    .await
}
