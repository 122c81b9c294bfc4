//! One device's sync with a Praxis server, over any [`Transport`] (the app's is HTTP through
//! gloo-net; tests drive the server's router in-process).
//!
//! A round pushes the outbox in batches, then pulls every change after the device's cursor and
//! merges it into the store. Each step is saved as it completes: an acknowledged batch leaves the
//! outbox, each merged page moves the cursor. A round cut short anywhere (offline, a killed
//! server, a closed tab) is simply run again: pushes are idempotent by change id and merging a
//! change twice is a no-op. Evidence files' bytes follow the changes, by SHA-256
//! ([`sync_files`]).

mod answers;
mod files;
mod round;
pub mod schedule;
mod server_url;
mod status;
mod transport;

#[cfg(test)]
mod files_tests;
#[cfg(test)]
mod tests;

pub use answers::{
    read_answer, read_file_answer, read_no_content, read_pull_answer, read_push_answer,
};
pub use files::{FileMemo, FileTransport, FilesReport, sync_files};
pub use round::{RefusedChange, Report, Round, SyncError, sync_round, upload_feed};
pub use schedule::{Outcome, Schedule};
pub use server_url::ServerUrl;
pub use status::SyncStatus;
pub use transport::{Transport, TransportError};
