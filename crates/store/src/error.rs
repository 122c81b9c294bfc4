use praxis_core::{ClockError, WorkspaceId};

/// Why a store operation failed. A failed [`crate::Store::apply`] has changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A record or change names a workspace that does not exist.
    #[error("workspace {0} does not exist (it may have been deleted in another tab)")]
    UnknownWorkspace(WorkspaceId),
    /// An edit or change that can never be applied (a reserved or malformed field name).
    #[error("{0}")]
    Invalid(String),
    /// A change from elsewhere carries a clock too far ahead of this device's.
    #[error("{0}")]
    Clock(#[from] ClockError),
    /// Stored data could not be read back; the message says which row and why.
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// The database was upgraded by a newer version of Praxis in another tab; this one must
    /// reload before it can read or write again.
    #[error("Praxis was updated in another tab: reload this page to continue")]
    Outdated,
    /// The database was created by a newer version of Praxis than this page; it is left
    /// untouched until the page reloads into that version.
    #[error(
        "the data in this browser is from a newer version of Praxis: reload this page to update"
    )]
    NewerSchema,
    /// A step bringing the stored data to this version's schema failed; the browser rolled the
    /// whole upgrade back, so the data is as it was. The message names the step and why.
    #[error(
        "the data in this browser could not be brought up to date ({0}); it was left as it was"
    )]
    UpgradeFailed(String),
    /// The browser's database refused the operation.
    #[error("the browser database reported an error: {0}")]
    Backend(String),
}
