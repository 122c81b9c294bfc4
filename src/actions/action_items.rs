//! Actions (treatment tasks and other follow-ups): list, add one for the record it serves,
//! read the title of the record an action serves, delete. Edits are saved with `save_checked`.

use praxis_core::date::Date;
use praxis_core::isms::action::{Action, Serves};
use praxis_core::{RecordId, RecordKey, RecordType, Unreadable, WorkspaceId};
use praxis_store::Store;

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This action does not exist (it may have been deleted).";

/// The actions that read, soonest due first (undated last, then by title), and the damaged
/// ones.
pub type Listed = (Vec<Action>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut actions, damaged) = super::list_typed::<Action>(state, workspace).await?;
    praxis_core::order::sort_by(&mut actions, |a, b| {
        (a.due.is_none(), a.due, a.title.to_lowercase()).cmp(&(
            b.due.is_none(),
            b.due,
            b.title.to_lowercase(),
        ))
    });
    Ok((actions, damaged))
}

/// What a new action starts with besides its title.
#[derive(Debug, Clone, Default)]
pub struct NewAction {
    pub serves: Option<Serves>,
    pub owner: String,
    pub due: Option<Date>,
}

/// Adds an action now; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    start: NewAction,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let mut action =
        Action::new(id.clone(), title, start.serves, browser::now_ms()).map_err(|(_, p)| p)?;
    action.owner = start.owner.trim().to_owned();
    action.due = start.due;
    action.check().map_err(|(_, p)| p)?;
    super::save_new(state, workspace, &id, &action).await?;
    Ok(id)
}

/// The title (or name) of the record an action serves, if it is there and has one.
pub async fn served_title(
    state: AppState,
    workspace: &WorkspaceId,
    serves: &Serves,
) -> Option<String> {
    let key = RecordKey {
        workspace: workspace.clone(),
        kind: serves.kind.clone(),
        id: serves.id.clone(),
    };
    let record = state.store().record(&key).await.ok()??;
    if record.deleted {
        return None;
    }
    record.title().map(str::to_owned)
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(state, &Action::key(workspace, id), MISSING).await
}
