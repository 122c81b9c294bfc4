//! Problems and known errors: list, raise (from an incident or on their own), save, take a
//! step. Raising one from an incident links the incident in the same write.

use std::collections::BTreeMap;

use praxis_core::itsm::problem::Problem;
use praxis_core::itsm::ticket::Ticket;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

/// The problems that read, newest first, and the damaged ones.
pub type Listed = (Vec<Problem>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut problems, damaged) = super::list_typed::<Problem>(state, workspace).await?;
    praxis_core::order::sort_by(&mut problems, |a, b| {
        b.logged_at.cmp(&a.logged_at).then_with(|| a.id.cmp(&b.id))
    });
    Ok((problems, damaged))
}

/// Raises a problem now; when `from` is an incident (as its page last read it), that incident
/// is linked to the problem in the same write. Returns the problem's id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    service: Option<RecordId>,
    from: Option<&Ticket>,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let mut problem = Problem::new(id.clone(), title, browser::now_ms()).map_err(|(_, p)| p)?;
    problem.service = service;
    problem.check().map_err(|(_, p)| p)?;
    let mut batch = state.batch()?;
    batch.edit_fields(
        &Problem::key(workspace, &id),
        None,
        &Value::Object(problem.to_body()),
    );
    if let Some(incident) = from {
        let linked = Ticket {
            problem: Some(id.clone()),
            ..incident.clone()
        };
        batch.edit_fields(
            &Ticket::key(workspace, &incident.id),
            Some(&Value::Object(incident.to_body())),
            &Value::Object(linked.to_body()),
        );
    }
    state
        .write(batch)
        .await
        .map_err(|e| format!("Nothing was saved: {e}"))?;
    Ok(id)
}

/// Saves what changed from `before` to `after`, checked by the problem's rules first.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Problem,
    after: &Problem,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

/// Deletes a problem and unlinks its incidents, in one write (they stay, and say no problem
/// covers them any more).
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (problems, _) = list(state, workspace).await?;
    if !problems.iter().any(|p| &p.id == id) {
        return Err("This problem does not exist (it may have been deleted).".to_owned());
    }
    let (tickets, _, _) = super::tickets::list(state, workspace).await?;
    let mut batch = state.batch()?;
    for incident in tickets.iter().filter(|t| t.problem.as_ref() == Some(id)) {
        let unlinked = Ticket {
            problem: None,
            ..incident.clone()
        };
        batch.edit_fields(
            &Ticket::key(workspace, &incident.id),
            Some(&Value::Object(incident.to_body())),
            &Value::Object(unlinked.to_body()),
        );
    }
    batch.delete_record(&Problem::key(workspace, id));
    state
        .write(batch)
        .await
        .map(drop)
        .map_err(|e| format!("Nothing was deleted: {e}"))
}
