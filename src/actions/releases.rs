//! Releases: list, plan (on its own, or from a change it bundles), save, delete.

use std::collections::BTreeMap;

use praxis_core::itsm::release::Release;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This release does not exist (it may have been deleted).";

/// The releases that read, newest first, and the damaged ones.
pub type Listed = (Vec<Release>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut releases, damaged) = super::list_typed::<Release>(state, workspace).await?;
    praxis_core::order::sort_by(&mut releases, |a, b| {
        b.logged_at.cmp(&a.logged_at).then_with(|| a.id.cmp(&b.id))
    });
    Ok((releases, damaged))
}

/// Plans a release now, bundling `change` when it is planned from one; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    service: Option<RecordId>,
    change: Option<RecordId>,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let mut release =
        Release::new(id.clone(), title, browser::now_ms()).map_err(|(_, problem)| problem)?;
    release.service = service;
    release.changes.extend(change);
    super::save_new(state, workspace, &id, &release).await?;
    Ok(id)
}

/// Saves what changed from `before` to `after`, checked by the release's rules first.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Release,
    after: &Release,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(state, &Release::key(workspace, id), MISSING).await
}
