//! Praxis storage: one [`Store`] contract with an in-memory backend (tests, fallback when the
//! browser refuses IndexedDB) and an IndexedDB backend (the browser app).
//!
//! Every write goes through [`Store::apply`] with a [`WriteBatch`]: the batch's operations run in
//! order inside one transaction and either all happen or none do. An edit is stamped with the
//! device's clock and merged field by field into the record as it is inside that transaction;
//! the change is appended to the workspace's change feed (and, when made here, to the outbox).

mod error;
mod memory;
mod slice;

#[cfg(feature = "contract")]
pub mod contract;
#[cfg(target_arch = "wasm32")]
pub mod idb;

use std::collections::BTreeSet;

pub use error::StoreError;
pub use memory::MemoryStore;

use praxis_core::evidence::Sha256;
use praxis_core::{
    Change, DeviceId, Record, RecordKey, RecordKind, Workspace, WorkspaceId, WriteBatch,
};

/// One entry of a workspace's change feed: its local sequence number (increasing in the order
/// changes were recorded on this device) and whether it still waits in the outbox for a server
/// to acknowledge it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub seq: u64,
    pub change: Change,
    pub pending: bool,
}

/// What a batch changed: the changes it recorded (stamped), and the records and workspaces
/// touched, so open pages can refresh just those.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    pub changes: Vec<Change>,
    pub records: BTreeSet<RecordKey>,
    pub workspaces: BTreeSet<WorkspaceId>,
}

/// What every storage backend offers. Reads return owned values sorted deterministically.
pub trait Store {
    /// This device's id, which its clock stamps carry.
    fn device(&self) -> &DeviceId;
    /// All workspaces, sorted by name (case-insensitively), then id.
    async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError>;
    /// One workspace, if it exists.
    async fn workspace(&self, id: &WorkspaceId) -> Result<Option<Workspace>, StoreError>;
    /// Every record of a workspace that is not deleted, sorted by key.
    async fn records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError>;
    /// The records of one kind that are not deleted, sorted by key.
    async fn records_of_kind(
        &self,
        workspace: &WorkspaceId,
        kind: &RecordKind,
    ) -> Result<Vec<Record>, StoreError>;
    /// Every record of a workspace, deleted ones (tombstones) included: what backups and sync
    /// carry.
    async fn all_records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError>;
    /// One record as stored (check [`Record::deleted`]), if it exists.
    async fn record(&self, key: &RecordKey) -> Result<Option<Record>, StoreError>;
    /// The change log of a workspace, in the order it was recorded here.
    async fn changes(&self, workspace: &WorkspaceId) -> Result<Vec<Change>, StoreError>;
    /// The `limit` newest changes of a workspace, newest first, and how many it has in all;
    /// reads only those, however long the history.
    async fn latest_changes(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError>;
    /// The `limit` newest changes of one record, newest first, and how many it has in all: its
    /// history. Reads only those, however long the workspace's feed.
    async fn record_history(
        &self,
        key: &RecordKey,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError>;
    /// Up to `limit` feed entries recorded after sequence number `after`, in order.
    async fn changes_since(
        &self,
        workspace: &WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError>;
    /// Up to `limit` changes made here that no server has acknowledged yet, in order.
    async fn outbox(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError>;
    /// Takes acknowledged changes out of the outbox (unknown numbers are ignored).
    async fn acknowledge(&self, workspace: &WorkspaceId, seqs: &[u64]) -> Result<(), StoreError>;
    /// The bytes of an evidence file kept for the workspace under `sha256`, if they are here.
    async fn file(
        &self,
        workspace: &WorkspaceId,
        sha256: &Sha256,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// The SHA-256 of every file kept for the workspace, sorted.
    async fn file_hashes(&self, workspace: &WorkspaceId) -> Result<Vec<Sha256>, StoreError>;
    /// Applies every operation of the batch in order, all or nothing.
    ///
    /// Fails with [`StoreError::UnknownWorkspace`] when a record or change names a workspace
    /// that neither exists nor is created earlier in the same batch. Deletes are idempotent, and
    /// merging a change already recorded is a no-op.
    async fn apply(&self, batch: &WriteBatch) -> Result<Applied, StoreError>;
}

/// Sorts workspaces the way every backend returns them.
pub(crate) fn sort_workspaces(list: &mut Vec<Workspace>) {
    praxis_core::order::sort_by(list, |a, b| {
        let by_name = a
            .name
            .as_str()
            .to_lowercase()
            .cmp(&b.name.as_str().to_lowercase());
        by_name.then_with(|| a.id.cmp(&b.id))
    });
}

/// Checks an edit's or change's field name before anything is written.
pub(crate) fn check_field(field: &str) -> Result<(), StoreError> {
    praxis_core::check_field_name(field).map_err(|problem| {
        StoreError::Invalid(format!("the field {field:?} cannot be written: {problem}"))
    })
}
