//! Praxis domain: workspaces, records, field-level changes, the write batch every store applies
//! whole, and the backup format. No web dependencies; timestamps come from the caller.

pub mod assessment;
pub mod backup;
pub mod batch;
pub mod change;
pub mod framework;
pub mod ids;
pub mod maturity;
pub mod profile;
pub mod record;
pub mod workspace;

pub use backup::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupSummary, ImportError, MAX_BACKUP_BYTES,
    parse_backup,
};
pub use batch::{Op, WriteBatch, workspace_kind};
pub use change::{Change, field_changes};
pub use ids::{IdError, RecordId, RecordKind, WorkspaceId};
pub use profile::{ProfileError, WorkspaceProfile, profile_id, profile_kind};
pub use record::{MAX_STRING_CHARS, Record, RecordKey, find_oversized_string};
pub use workspace::{NAME_MAX_CHARS, NameError, Workspace, WorkspaceName};

/// This build's version, written into backups.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
