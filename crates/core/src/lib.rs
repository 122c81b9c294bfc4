//! Praxis domain: workspaces, records, field-level changes with hybrid logical clocks and their
//! merge rule, the write batch every store applies whole, and the backup format. No web dependencies; timestamps come from the caller.

#[macro_use]
mod named {
    /// Declares a stored enum with its names, labels and parse, as the kind's fields use them.
    macro_rules! named {
        ($name:ident { $($variant:ident = $text:literal, $label:literal;)+ }) => {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
            #[serde(rename_all = "kebab-case")]
            pub enum $name { $($variant),+ }

            impl $name {
                pub const ALL: &'static [$name] = &[$($name::$variant),+];
                /// Each value's stored name and label, as a form's choices.
                pub const OPTIONS: &'static [(&'static str, &'static str)] = &[$(($text, $label)),+];

                pub fn as_str(self) -> &'static str {
                    match self { $($name::$variant => $text),+ }
                }

                pub fn label(self) -> &'static str {
                    match self { $($name::$variant => $label),+ }
                }

                pub fn parse(text: &str) -> Option<Self> {
                    Self::ALL.iter().copied().find(|v| v.as_str() == text)
                }
            }
        };
    }

    /// Implements `Stepped` for a kind with a life cycle whose steps begin when it was logged
    /// (`logged_at`), whose state and step log are its `state` and `steps`, and whose rules are
    /// its `check`.
    macro_rules! stepped_from_logging {
        ($kind:ty, $state:ty) => {
            impl $crate::itsm::workflow::Stepped for $kind {
                type State = $state;

                fn state(&self) -> $state {
                    self.state
                }

                fn begins_at(&self) -> i64 {
                    self.logged_at
                }

                fn log_step(
                    &mut self,
                    id: $crate::ids::RecordId,
                    step: $crate::itsm::workflow::Step<$state>,
                ) {
                    self.state = step.to;
                    self.steps.add(id, step);
                }

                fn rules(&self) -> Result<(), $crate::typed::FieldProblem> {
                    self.check()
                }
            }
        };
    }
}

pub mod actor;
pub mod assessment;
pub mod backup;
pub mod batch;
pub mod change;
pub mod clock;
pub mod csv;
pub mod date;
pub mod decimal;
pub mod evidence;
pub mod framework;
pub mod history;
pub mod ids;
pub mod isms;
pub mod itsm;
pub mod maturity;
pub mod named_values;
pub mod order;
pub mod profile;
pub mod record;
pub mod register;
pub mod roles;
pub mod sync;
pub mod typed;
pub mod versions;
pub mod workspace;
pub mod xlsx;
pub mod zip;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod merge_tests;

pub use actor::{Actor, ActorError};
pub use backup::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupSummary, ImportError, MAX_BACKUP_BYTES,
    parse_backup,
};
pub use batch::{Edit, Op, StoredFile, WriteBatch, workspace_kind, workspace_record_key};
pub use change::{Change, field_changes};
pub use clock::{Clock, ClockError, Hlc, MAX_DRIFT_MS};
pub use ids::{DeviceId, IdError, RecordId, RecordKind, WorkspaceId};
pub use profile::{ProfileError, WorkspaceProfile, profile_id, profile_kind};
pub use record::{
    DELETED_FIELD, MAX_FIELD_CHARS, MAX_STRING_CHARS, Record, RecordKey, check_field_name,
    find_oversized_string,
};
pub use roles::Role;
pub use typed::{RecordError, RecordType, Unreadable, WorkspaceFields, validate_record};
pub use workspace::{NAME_MAX_CHARS, NameError, Workspace, WorkspaceName};

/// This build's version, written into backups.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
