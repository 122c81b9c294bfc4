//! The register of documented information: list, add the documents the standards require (all
//! that are not there, in one write), add one of the organisation's own, approve the version a
//! document has, record a review, delete one of the organisation's own. Edits are saved with
//! `save_checked`.

use std::collections::BTreeMap;

use praxis_core::isms::document::{Document, Form, not_yet_added};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This document does not exist (it may have been deleted).";

/// The documents that read — the required ones first, in the standards' order, then the
/// organisation's own by title — and the damaged ones.
pub type Listed = (Vec<Document>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut all, damaged) = super::list_typed::<Document>(state, workspace).await?;
    let order = |d: &Document| {
        let place = d.required.map_or(usize::MAX, |r| {
            praxis_core::isms::document::REQUIRED
                .iter()
                .position(|q| q.key == r.key)
                .unwrap_or(usize::MAX)
        });
        (place, d.title.to_lowercase())
    };
    praxis_core::order::sort_by(&mut all, |a, b| order(a).cmp(&order(b)));
    Ok((all, damaged))
}

/// Adds every required document the register does not hold yet, in one write; returns how
/// many. Each is written as its requirement and the time only (see `Document::to_body`), under
/// the requirement's key, so that another device adding them too makes the same records.
pub async fn add_required(state: AppState, workspace: &WorkspaceId) -> Result<usize, String> {
    let (present, _) = super::list_typed::<Document>(state, workspace).await?;
    let new = not_yet_added(&present, browser::now_ms());
    if new.is_empty() {
        return Ok(0);
    }
    let mut batch = state.batch()?;
    for document in &new {
        batch.edit_fields_from(
            &Document::key(workspace, &document.id),
            None,
            &Value::Object(document.to_body()),
            &BTreeMap::new(),
        );
    }
    state
        .write(batch)
        .await
        .map_err(|e| format!("Nothing was added: {e}"))?;
    Ok(new.len())
}

/// Adds a document of the organisation's own; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    form: Form,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let document = Document::new(id.clone(), title, form, browser::now_ms()).map_err(|(_, p)| p)?;
    super::save_new(state, workspace, &id, &document).await?;
    Ok(id)
}

/// Approves the version `shown` has (with any details typed), in the name of the person using
/// this device.
pub async fn approve(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Document,
    shown: &Document,
) -> Result<(), String> {
    let by = state.signer("approval")?;
    let mut after = shown.clone();
    after
        .approve(&by, browser::now_ms(), browser::today_date())
        .map_err(|(_, problem)| format!("Nothing was saved: {problem}"))?;
    super::save_checked(
        state,
        workspace,
        &after.id,
        before,
        &after,
        &Default::default(),
    )
    .await
}

/// Deletes one of the organisation's own documents; a required one stays (mark it as not
/// needed instead), so that the register always answers for every requirement.
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (all, _) = list(state, workspace).await?;
    if all.iter().any(|d| &d.id == id && d.required.is_some()) {
        return Err("Nothing was deleted: documented information a standard calls for stays in the register; say why it is not needed here instead.".to_owned());
    }
    super::delete_record(state, &Document::key(workspace, id), MISSING).await
}
