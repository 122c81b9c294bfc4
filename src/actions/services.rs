//! The service catalogue: list, create, save, delete. Each service is one record; saving writes
//! only the fields the page changed.

use std::collections::BTreeMap;

use praxis_core::itsm::service::{Service, ServiceStatus};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::state::AppState;

const MISSING: &str = "This service does not exist (it may have been deleted).";

/// The services that read, by name, and the damaged ones.
pub type Listed = (Vec<Service>, Vec<Unreadable>);

/// Every service of the workspace, by name.
pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut services, damaged) = super::list_typed::<Service>(state, workspace).await?;
    praxis_core::order::sort_by(&mut services, |a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase())
    });
    Ok((services, damaged))
}

/// Adds a service to the catalogue; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    name: &str,
    status: ServiceStatus,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let service = Service::new(id.clone(), name, status).map_err(|(_, problem)| problem)?;
    super::save_new(state, workspace, &id, &service).await?;
    Ok(id)
}

/// Saves what changed from `before` (what the page last read) to `after`; `started_from` holds
/// the description the person began typing from when it has changed since, unseen.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Service,
    after: &Service,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

/// Deletes a service, and in the same write the links other services had to it (so none points
/// at a service that is gone).
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (services, _) = list(state, workspace).await?;
    super::delete_with(state, &Service::key(workspace, id), MISSING, |batch| {
        super::unlink_in(
            batch,
            workspace,
            &services,
            id,
            |s| &s.id,
            |s| &mut s.depends_on,
        );
    })
    .await
}

/// Links `id` to `service` (as the page last read it) through one of the service's sets of
/// links, or unlinks it: the service's own field, so the link is the service's to keep.
pub async fn link(
    state: AppState,
    workspace: &WorkspaceId,
    service: &Service,
    links: crate::routes::services::ServiceLinks,
    id: &RecordId,
    on: bool,
) -> Result<(), String> {
    let mut after = service.clone();
    if on {
        links.of_mut(&mut after).insert(id.clone());
    } else {
        links.of_mut(&mut after).remove(id);
    }
    save(state, workspace, service, &after, &BTreeMap::new()).await
}
