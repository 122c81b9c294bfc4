//! The app's storage: IndexedDB when the browser allows it, otherwise memory (and the UI says so).

pub mod live;

use praxis_core::{
    Change, DeviceId, Record, RecordKey, RecordKind, Workspace, WorkspaceId, WriteBatch,
};
#[cfg(target_arch = "wasm32")]
use praxis_store::idb::IdbStore;
use praxis_store::{Applied, FeedEntry, MemoryStore, Store, StoreError};

/// The IndexedDB database that holds every workspace.
pub const DATABASE_NAME: &str = "praxis";

/// Where this session's data lives.
#[derive(Debug)]
pub enum AppStore {
    #[cfg(target_arch = "wasm32")]
    Browser(IdbStore),
    /// IndexedDB could not be opened; the reason is shown to the user.
    MemoryOnly { store: MemoryStore, reason: String },
}

impl AppStore {
    /// Opens the browser database, falling back to memory when the browser refuses it.
    pub async fn open() -> Self {
        #[cfg(target_arch = "wasm32")]
        let opened = IdbStore::open(DATABASE_NAME).await;
        #[cfg(not(target_arch = "wasm32"))]
        let opened: Result<std::convert::Infallible, StoreError> = Err(StoreError::Backend(
            "IndexedDB exists only in a browser".into(),
        ));
        match opened {
            #[cfg(target_arch = "wasm32")]
            Ok(store) => Self::Browser(store),
            #[cfg(not(target_arch = "wasm32"))]
            Ok(never) => match never {},
            Err(error) => Self::MemoryOnly {
                store: MemoryStore::new(),
                reason: error.to_string(),
            },
        }
    }

    /// Why data is not being kept, if it is not.
    pub fn memory_only_reason(&self) -> Option<&str> {
        match self {
            #[cfg(target_arch = "wasm32")]
            Self::Browser(_) => None,
            Self::MemoryOnly { reason, .. } => Some(reason),
        }
    }
}

macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            #[cfg(target_arch = "wasm32")]
            AppStore::Browser($store) => $call.await,
            AppStore::MemoryOnly { store: $store, .. } => $call.await,
        }
    };
}

impl Store for AppStore {
    fn device(&self) -> &DeviceId {
        match self {
            #[cfg(target_arch = "wasm32")]
            AppStore::Browser(store) => store.device(),
            AppStore::MemoryOnly { store, .. } => store.device(),
        }
    }

    async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError> {
        dispatch!(self, store => store.workspaces())
    }

    async fn workspace(&self, id: &WorkspaceId) -> Result<Option<Workspace>, StoreError> {
        dispatch!(self, store => store.workspace(id))
    }

    async fn records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        dispatch!(self, store => store.records(workspace))
    }

    async fn records_of_kind(
        &self,
        workspace: &WorkspaceId,
        kind: &RecordKind,
    ) -> Result<Vec<Record>, StoreError> {
        dispatch!(self, store => store.records_of_kind(workspace, kind))
    }

    async fn all_records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        dispatch!(self, store => store.all_records(workspace))
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<Record>, StoreError> {
        dispatch!(self, store => store.record(key))
    }

    async fn changes(&self, workspace: &WorkspaceId) -> Result<Vec<Change>, StoreError> {
        dispatch!(self, store => store.changes(workspace))
    }

    async fn changes_since(
        &self,
        workspace: &WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        dispatch!(self, store => store.changes_since(workspace, after, limit))
    }

    async fn outbox(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        dispatch!(self, store => store.outbox(workspace, limit))
    }

    async fn acknowledge(&self, workspace: &WorkspaceId, seqs: &[u64]) -> Result<(), StoreError> {
        dispatch!(self, store => store.acknowledge(workspace, seqs))
    }

    async fn apply(&self, batch: &WriteBatch) -> Result<Applied, StoreError> {
        dispatch!(self, store => store.apply(batch))
    }
}
