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

/// How other tabs affect this one's database, so the UI can say what is going on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum UpgradeStatus {
    /// Nothing to report.
    #[default]
    Clear,
    /// Opening waits until other tabs (an older build that does not yield) close the database.
    WaitingForOtherTabs,
    /// A newer build in another tab upgraded the database; this tab's connection is closed and
    /// nothing here can be read or saved until a reload.
    UpdatedInAnotherTab,
    /// The data is from a newer build than this page; nothing is read or written.
    OlderThanData,
    /// Bringing the data up to this build's schema failed and was rolled back (the reason);
    /// nothing is read or written, and memory is no fallback: the data is there.
    UpgradeFailed(String),
}

impl UpgradeStatus {
    /// Whether this tab can neither read nor save data until it reloads.
    pub fn needs_reload(&self) -> bool {
        matches!(
            self,
            Self::UpdatedInAnotherTab | Self::OlderThanData | Self::UpgradeFailed(_)
        )
    }
}

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
    /// `report` hears what other tabs do to the database, now and for as long as it is open.
    ///
    /// Fails, without touching any data, when the stored data is newer than this build
    /// ([`StoreError::NewerSchema`]), another tab upgraded it while it was being opened
    /// ([`StoreError::Outdated`]) or bringing it up to date failed
    /// ([`StoreError::UpgradeFailed`]): memory is no fallback then, as the data is there, only
    /// not for this page.
    pub async fn open(
        report: impl Fn(UpgradeStatus) + Clone + 'static,
    ) -> Result<Self, StoreError> {
        #[cfg(target_arch = "wasm32")]
        let opened = {
            let waiting = report.clone();
            IdbStore::open_watched(
                DATABASE_NAME,
                praxis_store::idb::latest_version(),
                move || waiting(UpgradeStatus::WaitingForOtherTabs),
            )
            .await
        };
        #[cfg(not(target_arch = "wasm32"))]
        let opened: Result<std::convert::Infallible, StoreError> = Err(StoreError::Backend(
            "IndexedDB exists only in a browser".into(),
        ));
        match opened {
            #[cfg(target_arch = "wasm32")]
            Ok(store) => {
                report(UpgradeStatus::Clear);
                store.on_outdated(move || report(UpgradeStatus::UpdatedInAnotherTab));
                Ok(Self::Browser(store))
            }
            #[cfg(not(target_arch = "wasm32"))]
            Ok(never) => match never {},
            Err(StoreError::NewerSchema) => {
                report(UpgradeStatus::OlderThanData);
                Err(StoreError::NewerSchema)
            }
            Err(StoreError::Outdated) => {
                report(UpgradeStatus::UpdatedInAnotherTab);
                Err(StoreError::Outdated)
            }
            Err(StoreError::UpgradeFailed(reason)) => {
                report(UpgradeStatus::UpgradeFailed(reason.clone()));
                Err(StoreError::UpgradeFailed(reason))
            }
            Err(error) => Ok(Self::MemoryOnly {
                store: MemoryStore::new(),
                reason: error.to_string(),
            }),
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

/// Calls the backend's method through a boxed future: pages await store calls in many places,
/// and a future awaited directly is compiled into each caller's own; through a pointer the
/// backend's code is compiled once.
macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {{
        let call: std::pin::Pin<Box<dyn std::future::Future<Output = _> + '_>> = match $self {
            #[cfg(target_arch = "wasm32")]
            AppStore::Browser($store) => Box::pin($call),
            AppStore::MemoryOnly { store: $store, .. } => Box::pin($call),
        };
        call.await
    }};
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

    async fn file(
        &self,
        workspace: &WorkspaceId,
        sha256: &praxis_core::evidence::Sha256,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        dispatch!(self, store => store.file(workspace, sha256))
    }

    async fn file_hashes(
        &self,
        workspace: &WorkspaceId,
    ) -> Result<Vec<praxis_core::evidence::Sha256>, StoreError> {
        dispatch!(self, store => store.file_hashes(workspace))
    }

    async fn latest_changes(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError> {
        dispatch!(self, store => store.latest_changes(workspace, limit))
    }

    async fn record_history(
        &self,
        key: &RecordKey,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError> {
        dispatch!(self, store => store.record_history(key, limit))
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
