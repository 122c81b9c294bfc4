//! Contracts with suppliers: list, add (for a supplier), save, delete.

use std::collections::BTreeMap;

use praxis_core::itsm::contract::Contract;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::state::AppState;

/// The contracts that read, by title, and the damaged ones.
pub type Listed = (Vec<Contract>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    super::list_by_name(state, workspace, |c: &Contract| &c.title).await
}

/// Adds a contract with `supplier`; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    supplier: &RecordId,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let contract = Contract::new(id.clone(), title, supplier.clone()).map_err(|(_, p)| p)?;
    super::save_new(state, workspace, &id, &contract).await?;
    Ok(id)
}

pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Contract,
    after: &Contract,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(
        state,
        &Contract::key(workspace, id),
        "This contract does not exist (it may have been deleted).",
    )
    .await
}
