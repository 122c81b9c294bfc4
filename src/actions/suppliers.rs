//! Suppliers: list, add, save (reviews are entries saved like any field), link to the services
//! they support, delete (refused while contracts name the supplier; services unlinked in the
//! same write).

use std::collections::BTreeMap;

use praxis_core::itsm::contract::Contract;
use praxis_core::itsm::supplier::{Supplier, SupplierType};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::state::AppState;

const MISSING: &str = "This supplier does not exist (it may have been deleted).";

/// The suppliers that read, by name, and the damaged ones.
pub type Listed = (Vec<Supplier>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    super::list_by_name(state, workspace, |s: &Supplier| &s.name).await
}

/// Adds a supplier; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    name: &str,
    supplier_type: SupplierType,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let supplier = Supplier::new(id.clone(), name, supplier_type).map_err(|(_, p)| p)?;
    super::save_new(state, workspace, &id, &supplier).await?;
    Ok(id)
}

/// Saves what changed from `before` to `after`, checked by the supplier's rules first.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Supplier,
    after: &Supplier,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

/// Deletes a supplier that no contract names, and unlinks the services that named it, in one
/// write.
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (suppliers, _) = list(state, workspace).await?;
    if !suppliers.iter().any(|s| &s.id == id) {
        return Err(MISSING.to_owned());
    }
    let (contracts, _) = super::contracts::list(state, workspace).await?;
    let held: Vec<&Contract> = contracts.iter().filter(|c| &c.supplier == id).collect();
    if !held.is_empty() {
        let titles: Vec<&str> = held.iter().map(|c| c.title.as_str()).collect();
        return Err(format!(
            "Nothing was deleted: contracts name this supplier ({}). Delete them first.",
            titles.join(", ")
        ));
    }
    let (services, _) = super::services::list(state, workspace).await?;
    super::delete_with(state, &Supplier::key(workspace, id), MISSING, |batch| {
        super::unlink_in(
            batch,
            workspace,
            &services,
            id,
            |s| &s.id,
            |s| &mut s.suppliers,
        );
    })
    .await
}
