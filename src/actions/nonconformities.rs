//! Nonconformities: list, raise (on its own or from an assessment's finding, with the clause it
//! is against), delete. Edits and steps are saved with `save_checked` and `take_step`.

use praxis_core::isms::action::Serves;
use praxis_core::isms::nonconformity::{Grade, Nonconformity, Source};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This nonconformity does not exist (it may have been deleted).";

/// The nonconformities that read, newest raised first, and the damaged ones.
pub type Listed = (Vec<Nonconformity>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut all, damaged) = super::list_typed::<Nonconformity>(state, workspace).await?;
    praxis_core::order::sort_by(&mut all, |a, b| {
        (b.raised_on, b.logged_at).cmp(&(a.raised_on, a.logged_at))
    });
    Ok((all, damaged))
}

/// Where a new nonconformity comes from, when it is raised from a finding.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub found_in: Option<Serves>,
    pub clause: Option<String>,
    pub grade: Option<Grade>,
}

/// Raises a nonconformity today; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    source: Source,
    origin: Origin,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let grade = origin.grade.unwrap_or(Grade::Minor);
    let mut nc = Nonconformity::new(
        id.clone(),
        title,
        source,
        grade,
        browser::today_date(),
        browser::now_ms(),
    )
    .map_err(|(_, p)| p)?;
    nc.found_in = origin.found_in;
    nc.clauses.extend(origin.clause);
    nc.check().map_err(|(_, p)| p)?;
    super::save_new(state, workspace, &id, &nc).await?;
    Ok(id)
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(state, &Nonconformity::key(workspace, id), MISSING).await
}
