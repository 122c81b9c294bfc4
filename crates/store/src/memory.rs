//! A store that keeps everything in memory: the reference backend for the contract tests and
//! the fallback when a browser refuses IndexedDB (private windows in some browsers).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use praxis_core::{
    Change, Clock, DeviceId, Hlc, Op, Record, RecordKey, RecordKind, Workspace, WorkspaceId,
    WriteBatch,
};

use crate::{Applied, FeedEntry, Store, StoreError, check_field, sort_workspaces};

#[derive(Debug, Clone)]
struct State {
    workspaces: BTreeMap<WorkspaceId, Workspace>,
    records: BTreeMap<RecordKey, Record>,
    feed: Vec<FeedEntry>,
    /// (workspace, clock) of every change in the feed: merging one again is a no-op.
    seen: HashSet<(WorkspaceId, Hlc)>,
    next_seq: u64,
    clock: Clock,
}

impl State {
    fn apply(
        &mut self,
        op: &Op,
        batch: &WriteBatch,
        applied: &mut Applied,
    ) -> Result<(), StoreError> {
        match op {
            Op::PutWorkspace(workspace) => {
                applied.workspaces.insert(workspace.id.clone());
                self.workspaces
                    .insert(workspace.id.clone(), workspace.clone());
            }
            Op::DeleteWorkspace(id) => {
                applied.workspaces.insert(id.clone());
                self.workspaces.remove(id);
                self.records.retain(|key, _| &key.workspace != id);
                self.feed.retain(|entry| &entry.change.workspace != id);
                self.seen.retain(|(workspace, _)| workspace != id);
            }
            Op::Edit(edit) => {
                self.require_workspace(&edit.key.workspace)?;
                check_field(&edit.field)?;
                let change = Change {
                    workspace: edit.key.workspace.clone(),
                    kind: edit.key.kind.clone(),
                    record_id: edit.key.id.clone(),
                    field: edit.field.clone(),
                    value: edit.value.clone(),
                    clock: self.clock.tick(batch.now_ms()),
                    actor: batch.actor().clone(),
                };
                self.record_change(change, true, applied);
            }
            Op::Merge(change) => {
                self.require_workspace(&change.workspace)?;
                check_field(&change.field)?;
                if !self
                    .seen
                    .contains(&(change.workspace.clone(), change.clock.clone()))
                {
                    self.clock.observe(&change.clock, batch.now_ms())?;
                    self.record_change(change.clone(), false, applied);
                }
            }
            Op::PutRecord(record) => {
                self.require_workspace(&record.workspace)?;
                record.clocks.values().for_each(|c| self.clock.witness(c));
                applied.records.insert(record.key());
                self.records.insert(record.key(), record.clone());
            }
            Op::AppendChange(change) => {
                self.require_workspace(&change.workspace)?;
                self.clock.witness(&change.clock);
                self.append(change.clone(), false);
            }
        }
        Ok(())
    }

    fn record_change(&mut self, change: Change, local: bool, applied: &mut Applied) {
        let key = change.key();
        let record = self
            .records
            .entry(key.clone())
            .or_insert_with(|| Record::empty(key.clone()));
        record.merge(&change);
        applied.records.insert(key);
        applied.changes.push(change.clone());
        self.append(change, local);
    }

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

    fn require_workspace(&self, id: &WorkspaceId) -> Result<(), StoreError> {
        if self.workspaces.contains_key(id) {
            Ok(())
        } else {
            Err(StoreError::UnknownWorkspace(id.clone()))
        }
    }

    fn live(&self, workspace: &WorkspaceId, kind: Option<&RecordKind>) -> Vec<Record> {
        self.records
            .values()
            .filter(|r| &r.workspace == workspace && !r.deleted)
            .filter(|r| kind.is_none_or(|kind| &r.kind == kind))
            .cloned()
            .collect()
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

    async fn changes_since(
        &self,
        workspace: &WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .feed
            .iter()
            .filter(|entry| &entry.change.workspace == workspace && entry.seq > after)
            .take(limit)
            .cloned()
            .collect())
    }

    async fn outbox(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .feed
            .iter()
            .filter(|entry| &entry.change.workspace == workspace && entry.pending)
            .take(limit)
            .cloned()
            .collect())
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

    async fn apply(&self, batch: &WriteBatch) -> Result<Applied, StoreError> {
        // Work on a copy and swap it in only when every operation succeeded.
        let mut next = self.state.borrow().clone();
        let mut applied = Applied::default();
        for op in batch.ops() {
            next.apply(op, batch, &mut applied)?;
        }
        *self.state.borrow_mut() = next;
        Ok(applied)
    }
}
