//! Configuration items and information assets: list, add, save, delete (unlinked from the
//! services, items and releases that name it, in the same write).

use std::collections::BTreeMap;

use praxis_core::itsm::config_item::{ConfigItem, ItemType};
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

/// Deletes an item, and unlinks the services, items and releases that named it, in one write.
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (items, _) = list(state, workspace).await?;
    let (services, _) = super::services::list(state, workspace).await?;
    let (releases, _) = super::releases::list(state, workspace).await?;
    super::delete_with(state, &ConfigItem::key(workspace, id), MISSING, |batch| {
        super::unlink_in(batch, workspace, &services, id, |s| &s.id, |s| &mut s.items);
        super::unlink_in(
            batch,
            workspace,
            &items,
            id,
            |i| &i.id,
            |i| &mut i.depends_on,
        );
        super::unlink_in(batch, workspace, &releases, id, |r| &r.id, |r| &mut r.items);
    })
    .await
}
