//! A store that keeps everything in memory: the reference backend for the contract tests and
//! the fallback when a browser refuses IndexedDB (private windows in some browsers).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use praxis_core::evidence::Sha256;
use praxis_core::{
    Change, Clock, DeviceId, Hlc, Op, Record, RecordKey, RecordKind, Workspace, WorkspaceId,
    WriteBatch,
};

use crate::slice::{Effects, Needs, Slice, WorkspaceWrite};
use crate::{Applied, FeedEntry, Store, StoreError, sort_workspaces};

#[derive(Debug, Clone)]
struct State {
    workspaces: BTreeMap<WorkspaceId, Workspace>,
    records: BTreeMap<RecordKey, Record>,
    feed: Vec<FeedEntry>,
    /// (workspace, clock) of every change in the feed: merging one again is a no-op.
    seen: HashSet<(WorkspaceId, Hlc)>,
    next_seq: u64,
    clock: Clock,
    /// Evidence files' bytes by workspace and SHA-256.
    files: BTreeMap<(WorkspaceId, Sha256), Vec<u8>>,
}

impl State {
    fn append(&mut self, change: Change, pending: bool) {
        self.next_seq += 1;
        self.seen
            .insert((change.workspace.clone(), change.clock.clone()));
        self.feed.push(FeedEntry {
            seq: self.next_seq,
            change,
            pending,
        });
    }

    /// Up to `limit` feed entries of the workspace that `keep` accepts, in order.
    fn entries(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
        keep: impl Fn(&FeedEntry) -> bool,
    ) -> Vec<FeedEntry> {
        self.feed
            .iter()
            .filter(|entry| &entry.change.workspace == workspace && keep(entry))
            .take(limit)
            .cloned()
            .collect()
    }

    fn live(&self, workspace: &WorkspaceId, kind: Option<&RecordKind>) -> Vec<Record> {
        self.records
            .values()
            .filter(|r| &r.workspace == workspace && !r.deleted)
            .filter(|r| kind.is_none_or(|kind| &r.kind == kind))
            .cloned()
            .collect()
    }

    /// The part of the state a batch needs, as [`Slice::run`] takes it.
    fn slice(&self, batch: &WriteBatch, needs: &Needs) -> Slice<'static> {
        Slice {
            workspaces: needs
                .workspaces
                .iter()
                .map(|id| (id.clone(), self.workspaces.contains_key(id)))
                .collect(),
            records: needs
                .records
                .iter()
                .filter_map(|key| {
                    let record = self.records.get(key)?.clone();
                    Some((key.clone(), Cow::Owned(record)))
                })
                .collect(),
            seen: batch
                .ops()
                .iter()
                .filter_map(|op| match op {
                    Op::Merge(change) => Some((change.workspace.clone(), change.clock.clone())),
                    _ => None,
                })
                .filter(|id| self.seen.contains(id))
                .collect(),
            clock: self.clock.clone(),
        }
    }

    fn write(&mut self, effects: Effects<'_>) -> Applied {
        for write in effects.workspaces {
            match write {
                WorkspaceWrite::Put(workspace) => {
                    self.workspaces.insert(workspace.id.clone(), workspace);
                }
                WorkspaceWrite::Delete(id) => {
                    self.workspaces.remove(&id);
                    self.records.retain(|key, _| key.workspace != id);
                    self.feed.retain(|entry| entry.change.workspace != id);
                    self.seen.retain(|(workspace, _)| *workspace != id);
                    self.files.retain(|(workspace, _), _| *workspace != id);
                }
            }
        }
        for file in effects.files {
            self.files.insert(
                (file.workspace.clone(), file.sha256.clone()),
                file.bytes.clone(),
            );
        }
        for record in effects.records {
            self.records.insert(record.key(), record.into_owned());
        }
        for (change, pending) in effects.feed {
            self.append(change.into_owned(), pending);
        }
        self.clock = effects.clock;
        effects.applied
    }
}

/// An in-memory [`Store`]. Cheap to create; nothing survives the value.
#[derive(Debug)]
pub struct MemoryStore {
    device: DeviceId,
    state: RefCell<State>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryStore {
    /// An empty store on a device called `memory`.
    pub fn new() -> Self {
        Self::on_device(DeviceId::parse("memory").expect("a valid device id"))
    }

    /// An empty store whose clock stamps carry `device` (replicas in tests need distinct ones).
    pub fn on_device(device: DeviceId) -> Self {
        Self {
            device: device.clone(),
            state: RefCell::new(State {
                workspaces: BTreeMap::new(),
                records: BTreeMap::new(),
                feed: Vec::new(),
                seen: HashSet::new(),
                next_seq: 0,
                clock: Clock::new(device),
                files: BTreeMap::new(),
            }),
        }
    }
}

impl Store for MemoryStore {
    fn device(&self) -> &DeviceId {
        &self.device
    }

    async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError> {
        let mut list: Vec<Workspace> = self.state.borrow().workspaces.values().cloned().collect();
        sort_workspaces(&mut list);
        Ok(list)
    }

    async fn workspace(&self, id: &WorkspaceId) -> Result<Option<Workspace>, StoreError> {
        Ok(self.state.borrow().workspaces.get(id).cloned())
    }

    async fn records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        Ok(self.state.borrow().live(workspace, None))
    }

    async fn records_of_kind(
        &self,
        workspace: &WorkspaceId,
        kind: &RecordKind,
    ) -> Result<Vec<Record>, StoreError> {
        Ok(self.state.borrow().live(workspace, Some(kind)))
    }

    async fn all_records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .records
            .values()
            .filter(|r| &r.workspace == workspace)
            .cloned()
            .collect())
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<Record>, StoreError> {
        Ok(self.state.borrow().records.get(key).cloned())
    }

    async fn changes(&self, workspace: &WorkspaceId) -> Result<Vec<Change>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .feed
            .iter()
            .filter(|entry| &entry.change.workspace == workspace)
            .map(|entry| entry.change.clone())
            .collect())
    }

    async fn latest_changes(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError> {
        let entries = self.state.borrow().entries(workspace, usize::MAX, |_| true);
        newest_first(entries, limit)
    }

    async fn record_history(
        &self,
        key: &RecordKey,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError> {
        let entries = self
            .state
            .borrow()
            .entries(&key.workspace, usize::MAX, |e| &e.change.key() == key);
        newest_first(entries, limit)
    }

    async fn changes_since(
        &self,
        workspace: &WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        Ok(self
            .state
            .borrow()
            .entries(workspace, limit, |entry| entry.seq > after))
    }

    async fn outbox(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        Ok(self
            .state
            .borrow()
            .entries(workspace, limit, |entry| entry.pending))
    }

    async fn acknowledge(&self, workspace: &WorkspaceId, seqs: &[u64]) -> Result<(), StoreError> {
        let mut state = self.state.borrow_mut();
        for entry in state.feed.iter_mut() {
            if &entry.change.workspace == workspace && seqs.contains(&entry.seq) {
                entry.pending = false;
            }
        }
        Ok(())
    }

    async fn file(
        &self,
        workspace: &WorkspaceId,
        sha256: &Sha256,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .files
            .get(&(workspace.clone(), sha256.clone()))
            .cloned())
    }

    async fn file_hashes(&self, workspace: &WorkspaceId) -> Result<Vec<Sha256>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .files
            .keys()
            .filter(|(w, _)| w == workspace)
            .map(|(_, sha)| sha.clone())
            .collect())
    }

    async fn apply(&self, batch: &WriteBatch) -> Result<Applied, StoreError> {
        // The batch runs on a copy of what it touches; nothing is written unless all of it ran.
        let slice = self.state.borrow().slice(batch, &Needs::of(batch));
        let effects = slice.run(batch)?;
        Ok(self.state.borrow_mut().write(effects))
    }
}

/// The last `limit` of `entries` (oldest first), newest first, with how many there were.
fn newest_first(entries: Vec<FeedEntry>, limit: usize) -> Result<(Vec<Change>, usize), StoreError> {
    let total = entries.len();
    let newest = entries
        .into_iter()
        .rev()
        .take(limit)
        .map(|e| e.change)
        .collect();
    Ok((newest, total))
}
