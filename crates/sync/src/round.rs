//! A sync round: push the outbox, then pull and merge everything after the cursor.

use std::collections::{BTreeSet, HashMap};

use praxis_core::sync::{MAX_PULL_CHANGES, MAX_PUSH_CHANGES, Pull};
use praxis_core::{Actor, Change, RecordKey, Role, WorkspaceId, WriteBatch};
use praxis_store::{FeedEntry, Store, StoreError};

use crate::transport::{Transport, TransportError};

/// A change the server would not take, with its reason. It has left the outbox (sending it
/// again would be refused again) but this device keeps its value, so the app shows both.
#[derive(Debug, Clone, PartialEq)]
pub struct RefusedChange {
    pub change: Change,
    pub reason: String,
}

/// How far a round has got; the caller saves `cursor` (and shows the rest) after each step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Changes of this device the server now holds.
    pub pushed: usize,
    /// Changes pulled and merged.
    pub pulled: usize,
    /// The server cursor this device has merged up to.
    pub cursor: u64,
    /// The workspace's newest cursor on the server, as of the last page.
    pub latest: u64,
    pub refused: Vec<RefusedChange>,
    /// This device's role as the server answered its last pull.
    pub role: Option<Role>,
    /// What the merged pages changed here, so open pages can refresh just that.
    pub touched_records: BTreeSet<RecordKey>,
    pub touched_workspaces: BTreeSet<WorkspaceId>,
    /// What the round did with evidence files ([`crate::sync_files`]).
    pub files: crate::FilesReport,
}

impl Report {
    /// A report for a round starting at `cursor`.
    pub fn from_cursor(cursor: u64) -> Self {
        Self {
            cursor,
            latest: cursor,
            ..Self::default()
        }
    }
}

/// Why a round stopped. What it completed before stopping is saved and in its [`Report`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error("this device could not save what it synced: {0}")]
    Store(#[from] StoreError),
    /// The server answered something a Praxis server never sends; nothing of it was merged.
    #[error("the server's answer cannot be used: {0}")]
    Server(String),
}

impl SyncError {
    /// Whether the next round can simply try again later, or someone has to act first.
    pub fn outcome(&self) -> crate::Outcome {
        match self {
            Self::Transport(error) if error.is_transient() => crate::Outcome::WillPass,
            _ => crate::Outcome::NeedsPerson,
        }
    }
}

/// One round's parties: the device's store, the way to its server, and who is syncing.
pub struct Round<'a, S, T> {
    pub store: &'a S,
    pub transport: &'a T,
    pub workspace: &'a WorkspaceId,
    pub actor: &'a Actor,
    /// The device's wall clock in milliseconds (merges check remote clocks against it).
    pub now_ms: &'a dyn Fn() -> i64,
}

impl<S, T> std::fmt::Debug for Round<'_, S, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Round")
            .field("workspace", self.workspace)
            .finish_non_exhaustive()
    }
}

/// Pushes the outbox, then pulls and merges every change after `report.cursor`, calling
/// `on_step` after each batch pushed and each page merged.
pub async fn sync_round<S: Store, T: Transport>(
    round: &Round<'_, S, T>,
    report: &mut Report,
    on_step: &mut dyn FnMut(&Report),
) -> Result<(), SyncError> {
    loop {
        let entries = round
            .store
            .outbox(round.workspace, MAX_PUSH_CHANGES)
            .await?;
        if entries.is_empty() {
            break;
        }
        push_entries(round, entries, report).await?;
        on_step(report);
    }
    pull(round, report, on_step).await
}

/// Pushes the workspace's whole change feed, not only the outbox: what a workspace that is
/// new on the server needs, since changes restored from a backup were never queued.
pub async fn upload_feed<S: Store, T: Transport>(
    round: &Round<'_, S, T>,
    report: &mut Report,
    on_step: &mut dyn FnMut(&Report),
) -> Result<(), SyncError> {
    let mut after = 0;
    loop {
        let entries = round
            .store
            .changes_since(round.workspace, after, MAX_PUSH_CHANGES)
            .await?;
        let Some(last) = entries.last() else {
            return Ok(());
        };
        after = last.seq;
        push_entries(round, entries, report).await?;
        on_step(report);
    }
}

/// Pushes `entries` until the server takes what is left of them: each refused change is set
/// aside with its reason (and leaves the outbox), and the rest is sent again.
async fn push_entries<S: Store, T: Transport>(
    round: &Round<'_, S, T>,
    mut entries: Vec<FeedEntry>,
    report: &mut Report,
) -> Result<(), SyncError> {
    while !entries.is_empty() {
        let changes: Vec<Change> = entries.iter().map(|e| e.change.clone()).collect();
        match round.transport.push(&changes).await {
            Ok(_) => {
                acknowledge(round, &entries).await?;
                report.pushed += entries.len();
                return Ok(());
            }
            Err(TransportError::Refused(refusal)) => {
                let reasons: HashMap<String, String> = refusal
                    .refused
                    .into_iter()
                    .map(|r| (r.change_id, r.reason))
                    .collect();
                let (refused, rest): (Vec<FeedEntry>, Vec<FeedEntry>) = entries
                    .into_iter()
                    .partition(|e| reasons.contains_key(&e.change.id()));
                if refused.is_empty() {
                    return Err(SyncError::Server(format!(
                        "it refused a push (\"{}\") without naming a change of it",
                        refusal.error
                    )));
                }
                acknowledge(round, &refused).await?;
                report
                    .refused
                    .extend(refused.into_iter().map(|entry| RefusedChange {
                        reason: reasons[&entry.change.id()].clone(),
                        change: entry.change,
                    }));
                entries = rest;
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

async fn acknowledge<S: Store, T: Transport>(
    round: &Round<'_, S, T>,
    entries: &[FeedEntry],
) -> Result<(), StoreError> {
    let pending: Vec<u64> = entries
        .iter()
        .filter(|e| e.pending)
        .map(|e| e.seq)
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    round.store.acknowledge(round.workspace, &pending).await
}

async fn pull<S: Store, T: Transport>(
    round: &Round<'_, S, T>,
    report: &mut Report,
    on_step: &mut dyn FnMut(&Report),
) -> Result<(), SyncError> {
    loop {
        let page = round
            .transport
            .pull(report.cursor, MAX_PULL_CHANGES)
            .await?;
        check_page(&page, report.cursor, round.workspace)?;
        if !page.changes.is_empty() {
            let count = page.changes.len();
            let mut batch = WriteBatch::new(round.actor.clone(), (round.now_ms)());
            for pulled in page.changes {
                batch.merge(pulled.change);
            }
            let applied = round.store.apply(&batch).await?;
            report.touched_records.extend(applied.records);
            report.touched_workspaces.extend(applied.workspaces);
            report.pulled += count;
        }
        report.cursor = page.cursor;
        report.latest = page.latest;
        report.role = Some(page.role);
        on_step(report);
        if !page.more {
            return Ok(());
        }
    }
}

/// Refuses a page no Praxis server would send, before anything of it is merged.
fn check_page(page: &Pull, after: u64, workspace: &WorkspaceId) -> Result<(), SyncError> {
    let wrong = |why: String| Err(SyncError::Server(why));
    if page.latest < after {
        return wrong(format!(
            "it holds {} changes, fewer than the {after} this device has already pulled from it; \
             it may have been restored from an older backup, or it is a different server",
            page.latest
        ));
    }
    let mut previous = after;
    for pulled in &page.changes {
        if pulled.seq <= previous {
            return wrong(format!(
                "change number {} came after number {previous}",
                pulled.seq
            ));
        }
        if &pulled.change.workspace != workspace {
            return wrong(format!(
                "it sent a change of workspace {} in a pull of {workspace}",
                pulled.change.workspace
            ));
        }
        previous = pulled.seq;
    }
    if page.cursor != previous || page.cursor > page.latest {
        return wrong(format!(
            "its cursor {} does not follow the changes it sent",
            page.cursor
        ));
    }
    if page.more && page.changes.is_empty() {
        return wrong("it said more changes follow but sent none".into());
    }
    Ok(())
}
