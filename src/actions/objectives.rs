//! Objectives: list, add one, record a measurement and take one back, delete. Edits are saved
//! with `save_checked`; a measurement is one field of its own, so two people recording apart
//! keep both.

use praxis_core::isms::objective::{Objective, System};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This objective does not exist (it may have been deleted).";

/// The objectives that read — open ones first, soonest due first, then by title — and the
/// damaged ones.
pub type Listed = (Vec<Objective>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut all, damaged) = super::list_typed::<Objective>(state, workspace).await?;
    let order = |o: &Objective| {
        (
            !o.status.is_open(),
            o.due.is_none(),
            o.due,
            o.title.to_lowercase(),
        )
    };
    praxis_core::order::sort_by(&mut all, |a, b| order(a).cmp(&order(b)));
    Ok((all, damaged))
}

/// Adds an objective now; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    system: System,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let objective =
        Objective::new(id.clone(), title, system, browser::now_ms()).map_err(|(_, p)| p)?;
    super::save_new(state, workspace, &id, &objective).await?;
    Ok(id)
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(state, &Objective::key(workspace, id), MISSING).await
}
