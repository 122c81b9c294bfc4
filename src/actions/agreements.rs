//! Service level agreements and internal agreements: list, create, save, delete. Each agreement
//! is one record; a target per priority and a measured value per month are fields of their
//! own, so two people setting different targets apart keep both.

use std::collections::BTreeMap;

use praxis_core::itsm::agreement::{Agreement, AgreementKind};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::state::AppState;

const MISSING: &str = "This agreement does not exist (it may have been deleted).";

/// The agreements that read, by title, and the damaged ones.
pub type Listed = (Vec<Agreement>, Vec<Unreadable>);

/// Every agreement of the workspace, by title.
pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut agreements, damaged) = super::list_typed::<Agreement>(state, workspace).await?;
    praxis_core::order::sort_by(&mut agreements, |a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok((agreements, damaged))
}

/// Adds an agreement for `service` (around the clock, no targets yet); returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    kind: AgreementKind,
    service: RecordId,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let agreement =
        Agreement::new(id.clone(), title, kind, service).map_err(|(_, problem)| problem)?;
    super::save_new(state, workspace, &id, &agreement).await?;
    Ok(id)
}

/// Saves what changed from `before` (what the page last read) to `after`, checked by the
/// agreement's rules first.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Agreement,
    after: &Agreement,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

/// Deletes an agreement (its tickets keep their history; their clocks lose its targets), and
/// unlinks the contracts that underpin it in the same write.
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (contracts, _) = super::contracts::list(state, workspace).await?;
    super::delete_with(state, &Agreement::key(workspace, id), MISSING, |batch| {
        super::unlink_in(
            batch,
            workspace,
            &contracts,
            id,
            |c| &c.id,
            |c| &mut c.agreements,
        );
    })
    .await
}
