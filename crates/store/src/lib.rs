//! Praxis storage: one [`Store`] contract with an in-memory backend (tests, fallback when the
//! browser refuses IndexedDB) and an IndexedDB backend (the browser app).
//!
//! Every write goes through [`Store::apply`] with a [`WriteBatch`]: the batch's operations run in
//! order inside one transaction and either all happen or none do. Field-level change entries ride
//! in the same batch as the records they describe.

mod error;
mod memory;

#[cfg(feature = "contract")]
pub mod contract;
#[cfg(target_arch = "wasm32")]
pub mod idb;

pub use error::StoreError;
pub use memory::MemoryStore;

use praxis_core::{Change, Record, RecordKey, Workspace, WorkspaceId, WriteBatch};

/// What every storage backend offers. Reads return owned values sorted deterministically.
pub trait Store {
    /// All workspaces, sorted by name (case-insensitively), then id.
    async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError>;
    /// One workspace, if it exists.
    async fn workspace(&self, id: &WorkspaceId) -> Result<Option<Workspace>, StoreError>;
    /// Every record of a workspace, sorted by key.
    async fn records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError>;
    /// One record, if it exists.
    async fn record(&self, key: &RecordKey) -> Result<Option<Record>, StoreError>;
    /// The change log of a workspace, in the order the entries were appended.
    async fn changes(&self, workspace: &WorkspaceId) -> Result<Vec<Change>, StoreError>;
    /// Applies every operation of the batch in order, all or nothing.
    ///
    /// Fails with [`StoreError::UnknownWorkspace`] when a record or change names a workspace
    /// that neither exists nor is created earlier in the same batch. Deletes are idempotent.
    async fn apply(&self, batch: &WriteBatch) -> Result<(), StoreError>;
}

/// Sorts workspaces the way every backend returns them.
pub(crate) fn sort_workspaces(list: &mut [Workspace]) {
    list.sort_by(|a, b| {
        let by_name = a
            .name
            .as_str()
            .to_lowercase()
            .cmp(&b.name.as_str().to_lowercase());
        by_name.then_with(|| a.id.cmp(&b.id))
    });
}
