use praxis_core::WorkspaceId;

/// Why a store operation failed. A failed [`crate::Store::apply`] has changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A record or change names a workspace that does not exist.
    #[error("workspace {0} does not exist (it may have been deleted in another tab)")]
    UnknownWorkspace(WorkspaceId),
    /// Stored data could not be read back; the message says which row and why.
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// The browser's database refused the operation.
    #[error("the browser database reported an error: {0}")]
    Backend(String),
}
