//! A store that keeps everything in memory: the reference backend for the contract tests and
//! the fallback when a browser refuses IndexedDB (private windows in some browsers).

use std::cell::RefCell;
use std::collections::BTreeMap;

use praxis_core::{Change, Op, Record, RecordKey, Workspace, WorkspaceId, WriteBatch};

use crate::{Store, StoreError, sort_workspaces};

#[derive(Debug, Clone, Default)]
struct State {
    workspaces: BTreeMap<WorkspaceId, Workspace>,
    records: BTreeMap<RecordKey, Record>,
    changes: Vec<Change>,
}

impl State {
    fn apply(&mut self, op: &Op) -> Result<(), StoreError> {
        match op {
            Op::PutWorkspace(workspace) => {
                self.workspaces
                    .insert(workspace.id.clone(), workspace.clone());
            }
            Op::DeleteWorkspace(id) => {
                self.workspaces.remove(id);
                self.records.retain(|key, _| &key.workspace != id);
                self.changes.retain(|change| &change.workspace != id);
            }
            Op::PutRecord(record) => {
                self.require_workspace(&record.workspace)?;
                self.records.insert(record.key(), record.clone());
            }
            Op::DeleteRecord(key) => {
                self.records.remove(key);
            }
            Op::AppendChange(change) => {
                self.require_workspace(&change.workspace)?;
                self.changes.push(change.clone());
            }
        }
        Ok(())
    }

    fn require_workspace(&self, id: &WorkspaceId) -> Result<(), StoreError> {
        if self.workspaces.contains_key(id) {
            Ok(())
        } else {
            Err(StoreError::UnknownWorkspace(id.clone()))
        }
    }
}

/// An in-memory [`Store`]. Cheap to create; nothing survives the value.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: RefCell<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Store for MemoryStore {
    async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError> {
        let mut list: Vec<Workspace> = self.state.borrow().workspaces.values().cloned().collect();
        sort_workspaces(&mut list);
        Ok(list)
    }

    async fn workspace(&self, id: &WorkspaceId) -> Result<Option<Workspace>, StoreError> {
        Ok(self.state.borrow().workspaces.get(id).cloned())
    }

    async fn records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .records
            .values()
            .filter(|record| &record.workspace == workspace)
            .cloned()
            .collect())
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<Record>, StoreError> {
        Ok(self.state.borrow().records.get(key).cloned())
    }

    async fn changes(&self, workspace: &WorkspaceId) -> Result<Vec<Change>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .changes
            .iter()
            .filter(|change| &change.workspace == workspace)
            .cloned()
            .collect())
    }

    async fn apply(&self, batch: &WriteBatch) -> Result<(), StoreError> {
        // Work on a copy and swap it in only when every operation succeeded.
        let mut next = self.state.borrow().clone();
        for op in batch.ops() {
            next.apply(op)?;
        }
        *self.state.borrow_mut() = next;
        Ok(())
    }
}
