//! Assessments: list, create, save, duplicate, delete. Each is one record; saving it logs one
//! change per item that changed.

use std::collections::BTreeMap;

use praxis_core::assessment::{ATTRIBUTE_SEPARATOR, Assessment, AssessmentMeta, assessment_kind};
use praxis_core::framework::Catalogue;
use praxis_core::{RecordId, RecordKey, RecordType, Unreadable, WorkspaceId};
use praxis_store::Store;
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

fn key(workspace: &WorkspaceId, id: &RecordId) -> RecordKey {
    RecordKey {
        workspace: workspace.clone(),
        kind: assessment_kind(),
        id: id.clone(),
    }
}

/// Every assessment of the workspace, newest date first. Damaged ones are reported on their
/// own, never hiding the others.
pub async fn list(
    state: AppState,
    workspace: &WorkspaceId,
) -> Result<(Vec<Assessment>, Vec<Unreadable>), String> {
    let catalogue = super::frameworks::catalogue(state, workspace).await?;
    let records = state
        .store()
        .records_of_kind(workspace, &assessment_kind())
        .await
        .map_err(|e| e.to_string())?;
    let mut assessments = Vec::new();
    let mut problems = Vec::new();
    for record in &records {
        match Assessment::read(record, &catalogue) {
            Ok(assessment) => assessments.push(assessment),
            Err(problem) => problems.push(Unreadable::new(record, problem)),
        }
    }
    praxis_core::order::sort_by(&mut assessments, |a, b| {
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
    });
    Ok((assessments, problems))
}

pub async fn load(
    state: AppState,
    workspace: &WorkspaceId,
    id: &RecordId,
) -> Result<Assessment, String> {
    let catalogue = super::frameworks::catalogue(state, workspace).await?;
    let record = state
        .store()
        .record(&key(workspace, id))
        .await
        .map_err(|e| e.to_string())?
        .filter(|r| !r.deleted)
        .ok_or("This assessment does not exist (it may have been deleted).")?;
    Assessment::read(&record, &catalogue).map_err(|e| e.to_string())
}

/// Saves what changed from `before` (what the page last read) to `after`: one field per
/// setting or per part of an item's answer, each merged into the assessment as stored.
/// `started_from` names notes the person began typing from another text than `before`'s.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: Option<&Assessment>,
    after: &Assessment,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_typed(
        state,
        workspace,
        &after.id,
        before,
        after,
        started_from,
        "Nothing was saved",
    )
    .await
}

pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    meta: AssessmentMeta,
    catalogue: &Catalogue,
) -> Result<RecordId, String> {
    let id = RecordId::parse(&browser::new_id()).map_err(|e| e.to_string())?;
    let assessment = Assessment::new(id.clone(), meta, catalogue).map_err(|e| e.to_string())?;
    save(state, workspace, None, &assessment, &BTreeMap::new()).await?;
    Ok(id)
}

pub async fn duplicate(
    state: AppState,
    workspace: &WorkspaceId,
    source: &Assessment,
    title: &str,
    date: &str,
) -> Result<RecordId, String> {
    let id = RecordId::parse(&browser::new_id()).map_err(|e| e.to_string())?;
    let copy = source
        .duplicate(id.clone(), title, date, browser::now_ms())
        .map_err(|e| e.to_string())?;
    save(state, workspace, None, &copy, &BTreeMap::new()).await?;
    Ok(id)
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(
        state,
        &key(workspace, id),
        "This assessment no longer exists.",
    )
    .await
}

/// The name of the field holding `part` ("notes", "not_applicable"…) of the answer with key
/// `answer_key`.
pub fn answer_field(answer_key: &str, part: &str) -> String {
    format!("{answer_key}{ATTRIBUTE_SEPARATOR}{part}")
}
