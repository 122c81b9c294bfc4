//! Assessments: list, create, save, duplicate, delete. Each is one record; saving it logs one
//! change per item that changed.

use praxis_core::assessment::{Assessment, AssessmentMeta, assessment_kind};
use praxis_core::framework::{Framework, framework_kind, register_framework};
use praxis_core::{RecordId, RecordKey, WorkspaceId};
use praxis_store::Store;

use crate::browser;
use crate::state::AppState;

fn key(workspace: &WorkspaceId, id: &RecordId) -> RecordKey {
    RecordKey {
        workspace: workspace.clone(),
        kind: assessment_kind(),
        id: id.clone(),
    }
}

/// Every assessment of the workspace, newest date first. Unreadable ones are reported, not hidden.
pub async fn list(
    state: AppState,
    workspace: &WorkspaceId,
) -> Result<(Vec<Assessment>, Vec<String>), String> {
    let records = state
        .store()
        .records(workspace)
        .await
        .map_err(|e| e.to_string())?;
    // Assessments of imported frameworks need those frameworks registered first.
    for record in records.iter().filter(|r| r.kind == framework_kind()) {
        if let Ok(framework) = Framework::from_record(record) {
            register_framework(framework);
        }
    }
    let mut assessments = Vec::new();
    let mut problems = Vec::new();
    for record in records.iter().filter(|r| r.kind == assessment_kind()) {
        match Assessment::from_record(record) {
            Ok(assessment) => assessments.push(assessment),
            Err(problem) => problems.push(format!(
                "Assessment {} could not be read: {problem}",
                record.id
            )),
        }
    }
    assessments.sort_by(|a, b| {
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
    for framework in super::frameworks::imported(state, workspace).await? {
        register_framework(framework);
    }
    let record = state
        .store()
        .record(&key(workspace, id))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("This assessment does not exist (it may have been deleted).")?;
    Assessment::from_record(&record)
}

/// Saves the assessment, logging each changed field (meta, or one item's answer).
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    assessment: &Assessment,
) -> Result<(), String> {
    super::put_record(
        state,
        assessment.to_record(workspace, browser::now_ms()),
        "Nothing was saved",
    )
    .await
}

pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    meta: AssessmentMeta,
) -> Result<RecordId, String> {
    let id = RecordId::parse(&browser::new_id()).map_err(|e| e.to_string())?;
    let assessment = Assessment::new(id.clone(), meta).map_err(|e| e.to_string())?;
    save(state, workspace, &assessment).await?;
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
    save(state, workspace, &copy).await?;
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
