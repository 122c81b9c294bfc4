//! Configuration items and information assets: list, add, save, link to the services they
//! support, delete (unlinked from services and items in the same write).

use std::collections::BTreeMap;

use praxis_core::itsm::config_item::{ConfigItem, ItemType};
use praxis_core::itsm::service::Service;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::state::AppState;

const MISSING: &str = "This item does not exist (it may have been deleted).";

/// The items that read, by name, and the damaged ones.
pub type Listed = (Vec<ConfigItem>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    super::list_by_name(state, workspace, |i: &ConfigItem| &i.name).await
}

/// Adds an item; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    name: &str,
    item_type: ItemType,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let item = ConfigItem::new(id.clone(), name, item_type).map_err(|(_, problem)| problem)?;
    super::save_new(state, workspace, &id, &item).await?;
    Ok(id)
}

/// Saves what changed from `before` to `after`, checked by the item's rules first.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &ConfigItem,
    after: &ConfigItem,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

/// Deletes an item, and unlinks the services and items that named it, in one write.
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (items, _) = list(state, workspace).await?;
    if !items.iter().any(|i| &i.id == id) {
        return Err(MISSING.to_owned());
    }
    let (services, _) = super::services::list(state, workspace).await?;
    let mut batch = state.batch()?;
    for service in services.iter().filter(|s| s.items.contains(id)) {
        let mut unlinked = service.clone();
        unlinked.items.remove(id);
        batch.edit_fields(
            &Service::key(workspace, &service.id),
            Some(&Value::Object(service.to_body())),
            &Value::Object(unlinked.to_body()),
        );
    }
    for item in items.iter().filter(|i| i.depends_on.contains(id)) {
        let mut unlinked = item.clone();
        unlinked.depends_on.remove(id);
        batch.edit_fields(
            &ConfigItem::key(workspace, &item.id),
            Some(&Value::Object(item.to_body())),
            &Value::Object(unlinked.to_body()),
        );
    }
    batch.delete_record(&ConfigItem::key(workspace, id));
    state
        .write(batch)
        .await
        .map(drop)
        .map_err(|e| format!("Nothing was deleted: {e}"))
}
