//! What applying a batch means, written once for every backend: a backend loads the slice of its
//! state that a batch touches (the workspaces it names, the records it edits, whether its remote
//! changes were seen), runs the batch on that slice here, in memory, and writes back the
//! [`Effects`]. IndexedDB so reads everything a batch needs in one round and writes in another,
//! instead of waiting on each operation in turn.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use praxis_core::evidence::MAX_FILE_BYTES;
use praxis_core::{
    Change, Clock, Hlc, Op, Record, RecordKey, StoredFile, Workspace, WorkspaceId, WriteBatch,
};

use crate::{Applied, StoreError, check_field};

/// What a batch needs to read before it runs (whether its remote changes were seen each store
/// finds out its own way).
#[derive(Debug, Default)]
pub(crate) struct Needs {
    pub workspaces: BTreeSet<WorkspaceId>,
    pub records: BTreeSet<RecordKey>,
}

impl Needs {
    pub fn of(batch: &WriteBatch) -> Self {
        let mut needs = Self::default();
        for op in batch.ops() {
            match op {
                Op::PutWorkspace(w) => {
                    needs.workspaces.insert(w.id.clone());
                }
                Op::DeleteWorkspace(id) => {
                    needs.workspaces.insert(id.clone());
                }
                Op::Edit(edit) => {
                    needs.workspaces.insert(edit.key.workspace.clone());
                    needs.records.insert(edit.key.clone());
                }
                Op::Merge(change) => {
                    // A pull brings many changes per workspace and record: clone each once.
                    if !needs.workspaces.contains(&change.workspace) {
                        needs.workspaces.insert(change.workspace.clone());
                    }
                    let key = change.key();
                    if !needs.records.contains(&key) {
                        needs.records.insert(key);
                    }
                }
                Op::PutRecord(record) => {
                    needs.workspaces.insert(record.workspace.clone());
                }
                Op::AppendChange(change) => {
                    needs.workspaces.insert(change.workspace.clone());
                }
                Op::PutFile(file) => {
                    needs.workspaces.insert(file.workspace.clone());
                }
            }
        }
        needs
    }
}

/// The loaded part of a store's state. Records the batch restores are borrowed from it, and
/// copied only if a later op of the same batch changes them.
#[derive(Debug)]
pub(crate) struct Slice<'a> {
    /// Whether each needed workspace exists.
    pub workspaces: BTreeMap<WorkspaceId, bool>,
    /// The needed records as stored (absent ones are left out).
    pub records: BTreeMap<RecordKey, Cow<'a, Record>>,
    /// The needed remote changes that are already in the feed.
    pub seen: HashSet<(WorkspaceId, Hlc)>,
    pub clock: Clock,
}

/// A workspace-level write, in batch order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WorkspaceWrite {
    Put(Workspace),
    /// Remove it with all its records and feed (rows that existed before the batch).
    Delete(WorkspaceId),
}

/// What to write back, in this order: workspace writes, records, then feed entries.
#[derive(Debug)]
pub(crate) struct Effects<'a> {
    pub workspaces: Vec<WorkspaceWrite>,
    /// Final state of every record the batch changed.
    pub records: Vec<Cow<'a, Record>>,
    /// New feed entries in order, with whether each waits in the outbox. The changes the batch
    /// makes (edits and merges) come grouped by record ([`group_by_record`]).
    pub feed: Vec<(Cow<'a, Change>, bool)>,
    pub clock: Clock,
    pub applied: Applied,
    /// Evidence files to keep, after the workspace writes.
    pub files: Vec<&'a StoredFile>,
}

impl<'a> Slice<'a> {
    /// Runs the batch on the slice: every op in order, all or nothing.
    pub fn run(mut self, batch: &'a WriteBatch) -> Result<Effects<'a>, StoreError> {
        let mut workspaces = Vec::new();
        let mut dirty = BTreeSet::new();
        let mut feed: Vec<FeedWrite<'a>> = Vec::new();
        let mut applied = Applied::default();
        let mut files: Vec<&'a StoredFile> = Vec::new();
        for op in batch.ops() {
            match op {
                Op::PutWorkspace(workspace) => {
                    self.workspaces.insert(workspace.id.clone(), true);
                    applied.workspaces.insert(workspace.id.clone());
                    workspaces.push(WorkspaceWrite::Put(workspace.clone()));
                }
                Op::DeleteWorkspace(id) => {
                    self.workspaces.insert(id.clone(), false);
                    self.records.retain(|key, _| &key.workspace != id);
                    dirty.retain(|key: &RecordKey| &key.workspace != id);
                    self.seen.retain(|(workspace, _)| workspace != id);
                    feed.retain(|write| write.change.workspace != *id);
                    files.retain(|file| file.workspace != *id);
                    applied.workspaces.insert(id.clone());
                    workspaces.push(WorkspaceWrite::Delete(id.clone()));
                }
                Op::Edit(edit) => {
                    self.require(&edit.key.workspace)?;
                    check_field(&edit.field)?;
                    let record = self.records.get(&edit.key).map(AsRef::as_ref);
                    let clock = self.clock.tick(batch.now_ms());
                    let change = edit.stamped(clock, batch.actor(), record);
                    self.merge(&change, &mut dirty, &mut applied);
                    applied.changes.push(change.clone());
                    feed.push(FeedWrite::made(Cow::Owned(change), true));
                }
                Op::Merge(change) => {
                    self.require(&change.workspace)?;
                    check_field(&change.field)?;
                    let id = (change.workspace.clone(), change.clock.clone());
                    if self.seen.contains(&id) {
                        continue;
                    }
                    self.clock.observe(&change.clock, batch.now_ms())?;
                    self.merge(change, &mut dirty, &mut applied);
                    self.seen.insert(id);
                    applied.changes.push(change.clone());
                    feed.push(FeedWrite::made(Cow::Borrowed(change), false));
                }
                Op::PutRecord(record) => {
                    self.require(&record.workspace)?;
                    record.clocks.values().for_each(|c| self.clock.witness(c));
                    let key = record.key();
                    dirty.insert(key.clone());
                    applied.records.insert(key.clone());
                    self.records.insert(key, Cow::Borrowed(record));
                }
                Op::AppendChange(change) => {
                    self.require(&change.workspace)?;
                    self.clock.witness(&change.clock);
                    self.seen
                        .insert((change.workspace.clone(), change.clock.clone()));
                    feed.push(FeedWrite {
                        change: Cow::Borrowed(change),
                        pending: false,
                        restored: true,
                    });
                }
                Op::PutFile(file) => {
                    self.require(&file.workspace)?;
                    if file.bytes.len() as u64 > MAX_FILE_BYTES {
                        return Err(StoreError::Invalid(format!(
                            "an evidence file can have at most {} MiB",
                            MAX_FILE_BYTES / (1024 * 1024)
                        )));
                    }
                    files.push(file);
                }
            }
        }
        let feed = group_by_record(feed);
        let records = dirty
            .into_iter()
            .filter_map(|key| self.records.remove(&key))
            .collect();
        Ok(Effects {
            workspaces,
            records,
            feed: feed.into_iter().map(|w| (w.change, w.pending)).collect(),
            clock: self.clock,
            applied,
            files,
        })
    }

    fn require(&self, id: &WorkspaceId) -> Result<(), StoreError> {
        if self.workspaces.get(id).copied().unwrap_or(false) {
            Ok(())
        } else {
            Err(StoreError::UnknownWorkspace(id.clone()))
        }
    }

    /// Merges a change into its record and notes the record as changed. (A pull brings many
    /// changes per record: its key is cloned only where it is new.)
    fn merge(&mut self, change: &Change, dirty: &mut BTreeSet<RecordKey>, applied: &mut Applied) {
        let key = change.key();
        match self.records.get_mut(&key) {
            Some(record) => {
                record.to_mut().merge(change);
            }
            None => {
                let mut record = Record::empty(key.clone());
                record.merge(change);
                self.records.insert(key.clone(), Cow::Owned(record));
            }
        }
        if !applied.records.contains(&key) {
            applied.records.insert(key.clone());
        }
        if !dirty.contains(&key) {
            dirty.insert(key);
        }
    }
}

/// A feed entry as a batch runs: the change, whether it waits in the outbox, and whether it is
/// restored history (a backup's) rather than a change the batch makes.
#[derive(Debug)]
struct FeedWrite<'a> {
    change: Cow<'a, Change>,
    pending: bool,
    restored: bool,
}

impl<'a> FeedWrite<'a> {
    fn made(change: Cow<'a, Change>, pending: bool) -> Self {
        Self {
            change,
            pending,
            restored: false,
        }
    }
}

/// Puts the changes a batch makes next to the other changes it makes to the same record (and
/// in the same outbox state), each group where its first change was, keeping their order within
/// the group; restored history stays where it is. All of a batch's changes are recorded at
/// once, so this order is as true as any, and it lets IndexedDB keep each record's changes of a
/// batch in one row: a pull from a server that touches each record ten times then writes a
/// tenth of the feed rows.
fn group_by_record(feed: Vec<FeedWrite<'_>>) -> Vec<FeedWrite<'_>> {
    // Each group's changes by position, groups in the order of their first change.
    let mut group_of: BTreeMap<(RecordKey, bool), usize> = BTreeMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, write) in feed.iter().enumerate().filter(|(_, w)| !w.restored) {
        let next = groups.len();
        let group = *group_of
            .entry((write.change.key(), write.pending))
            .or_insert(next);
        if group == next {
            groups.push(Vec::new());
        }
        groups[group].push(i);
    }
    let mut grouped = groups.into_iter().flatten();
    let mut slots: Vec<Option<FeedWrite<'_>>> = feed.into_iter().map(Some).collect();
    (0..slots.len())
        .map(|i| {
            let from = if slots[i].as_ref().is_some_and(|w| w.restored) {
                i
            } else {
                grouped.next().expect("one made change per slot")
            };
            slots[from].take().expect("each change is placed once")
        })
        .collect()
}
