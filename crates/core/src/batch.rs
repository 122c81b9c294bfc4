//! The single write path: a batch of operations that a store applies in order, all or nothing.
//! An edit names only the fields it changes; the store stamps each with the device clock and
//! merges it into the record as it is inside the transaction, so an edit never carries a whole
//! record read earlier, and two tabs editing different fields never lose each other's work.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::actor::Actor;
use crate::change::{Change, field_changes};
use crate::clock::Hlc;
use crate::evidence::Sha256;
use crate::ids::{RecordId, RecordKind, WorkspaceId};
use crate::record::{DELETED_FIELD, Record, RecordKey};
use crate::workspace::Workspace;

/// One field set (`Some`) or removed (`None`) here, by the batch's actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub key: RecordKey,
    pub field: String,
    pub value: Option<Value>,
    /// For a long-text field, the values the person had in front of them when they wrote
    /// this one: the edit replaces the versions holding one of them and keeps any other as a
    /// conflict. `None` replaces every version (what the store holds when the edit lands).
    pub shown: Option<Vec<Option<Value>>>,
}

impl Edit {
    /// The change this edit becomes once the store stamps it with the device's clock, given
    /// the record as the store holds it (`None`: not there yet).
    pub fn stamped(&self, clock: Hlc, actor: &Actor, record: Option<&Record>) -> Change {
        let replaces = record
            .filter(|r| crate::typed::keeps_versions(&r.kind, &self.field))
            .map(|r| r.versions_replaced(&self.field, self.shown.as_deref(), self.value.as_ref()))
            .unwrap_or_default();
        Change {
            workspace: self.key.workspace.clone(),
            kind: self.key.kind.clone(),
            record_id: self.key.id.clone(),
            field: self.field.clone(),
            value: self.value.clone(),
            clock,
            actor: actor.clone(),
            replaces,
        }
    }
}

/// One write. Stores apply a batch's ops in order inside one transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    PutWorkspace(Workspace),
    /// Removes the workspace, its records and its change log from this device.
    DeleteWorkspace(WorkspaceId),
    /// A field edit made on this device: stamped inside the transaction, merged, logged and
    /// queued in the outbox for sync.
    Edit(Edit),
    /// A change made on another device: merged by its own stamp (a no-op when already seen),
    /// logged, never queued to be sent back.
    Merge(Change),
    /// Restores a record as it was saved (a backup import), clocks included.
    PutRecord(Record),
    /// Restores one entry of the change log as it was saved (a backup import).
    AppendChange(Change),
    /// Keeps an evidence file's bytes for a workspace under their SHA-256 (the same bytes
    /// again are the same file).
    PutFile(StoredFile),
}

/// An evidence file's bytes and the SHA-256 they are kept under (always theirs: made only by
/// [`WriteBatch::put_file`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFile {
    pub workspace: WorkspaceId,
    pub sha256: Sha256,
    pub bytes: Vec<u8>,
}

/// Operations that happen together or not at all, made by one person at one time. Every store
/// applies a batch's ops in the order they were pushed, inside one transaction: either every op
/// takes effect or none does.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteBatch {
    actor: Actor,
    now_ms: i64,
    ops: Vec<Op>,
}

/// The kind of the record that holds a workspace's own fields (its name), so they have
/// clocks and history like every other record.
pub fn workspace_kind() -> RecordKind {
    RecordKind::parse("workspace").expect("a valid kind")
}

/// The key of the record holding a workspace's own fields.
pub fn workspace_record_key(id: &WorkspaceId) -> RecordKey {
    RecordKey {
        workspace: id.clone(),
        kind: workspace_kind(),
        id: RecordId::parse(id.as_str()).expect("workspace ids are record ids"),
    }
}

impl WriteBatch {
    /// An empty batch of edits by `actor` at `now_ms` (the device's wall clock).
    pub fn new(actor: Actor, now_ms: i64) -> Self {
        Self {
            actor,
            now_ms,
            ops: Vec::new(),
        }
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// Adds one op as it is.
    pub fn push(&mut self, op: Op) -> &mut Self {
        self.ops.push(op);
        self
    }

    /// The ops in the order they are applied.
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The workspaces whose records this batch changes on this device's behalf: its own edits
    /// and restored records or log entries (a backup import), which other devices would
    /// receive. Adding a workspace to this device, removing it from this device and merging
    /// other devices' changes are not changes of the person here.
    pub fn edited_workspaces(&self) -> BTreeSet<&WorkspaceId> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Edit(edit) => Some(&edit.key.workspace),
                Op::PutRecord(record) => Some(&record.workspace),
                Op::AppendChange(change) => Some(&change.workspace),
                Op::PutFile(file) => Some(&file.workspace),
                Op::PutWorkspace(_) | Op::DeleteWorkspace(_) | Op::Merge(_) => None,
            })
            .collect()
    }

    /// Whether any op stamps or merges changes (and so needs the device clock).
    pub fn has_changes(&self) -> bool {
        self.ops
            .iter()
            .any(|op| matches!(op, Op::Edit(_) | Op::Merge(_)))
    }

    /// Keeps `bytes` (an evidence file) for `workspace`; gives their SHA-256, which the file's
    /// record names.
    pub fn put_file(&mut self, workspace: &WorkspaceId, bytes: Vec<u8>) -> Sha256 {
        let sha256 = Sha256::of(&bytes);
        self.ops.push(Op::PutFile(StoredFile {
            workspace: workspace.clone(),
            sha256: sha256.clone(),
            bytes,
        }));
        sha256
    }

    /// Sets one field of a record.
    pub fn set_field(&mut self, key: &RecordKey, field: &str, value: Option<Value>) -> &mut Self {
        self.ops.push(Op::Edit(Edit {
            key: key.clone(),
            field: field.to_owned(),
            value,
            shown: None,
        }));
        self
    }

    /// Sets a long-text field that the person wrote with `shown` in front of them (the value
    /// they started from, or every version they were resolving): versions holding other
    /// values stay as conflicts.
    pub fn set_text(
        &mut self,
        key: &RecordKey,
        field: &str,
        value: Option<Value>,
        shown: Vec<Option<Value>>,
    ) -> &mut Self {
        self.ops.push(Op::Edit(Edit {
            key: key.clone(),
            field: field.to_owned(),
            value,
            shown: Some(shown),
        }));
        self
    }

    /// One edit per field that differs between `before` (what this page last read; `None` for
    /// a new record) and `after`. Fields the page did not change are not touched, so a
    /// concurrent edit of another field elsewhere survives; a long-text field replaces only the
    /// version the page read, so a concurrent edit of the same text is kept as a conflict.
    pub fn edit_fields(
        &mut self,
        key: &RecordKey,
        before: Option<&Value>,
        after: &Value,
    ) -> &mut Self {
        self.edit_fields_from(key, before, after, &BTreeMap::new())
    }

    /// [`Self::edit_fields`] where, for the long-text fields named in `started_from`, the person
    /// began typing from that value rather than from `before`'s (the stored text changed under
    /// them while they typed, and they have not seen the new one).
    pub fn edit_fields_from(
        &mut self,
        key: &RecordKey,
        before: Option<&Value>,
        after: &Value,
        started_from: &BTreeMap<String, Option<Value>>,
    ) -> &mut Self {
        for (field, value) in field_changes(before, Some(after)) {
            if crate::typed::keeps_versions(&key.kind, &field) {
                let seen = match started_from.get(&field) {
                    Some(started) => started.clone(),
                    None => before.and_then(|b| b.get(&field)).cloned(),
                };
                self.set_text(key, &field, value, vec![seen]);
            } else {
                self.set_field(key, &field, value);
            }
        }
        self
    }

    /// Marks a record deleted (a tombstone that merges like any field; see [`DELETED_FIELD`]).
    pub fn delete_record(&mut self, key: &RecordKey) -> &mut Self {
        self.set_field(key, DELETED_FIELD, Some(Value::Bool(true)))
    }

    /// Brings a deleted record back with every field at its latest value.
    pub fn restore_record(&mut self, key: &RecordKey) -> &mut Self {
        self.set_field(key, DELETED_FIELD, Some(Value::Bool(false)))
    }

    /// Saves a workspace; a new or changed name is also an edit of the workspace's record.
    pub fn save_workspace(&mut self, before: Option<&Workspace>, after: Workspace) -> &mut Self {
        let renamed = before.map(|b| &b.name) != Some(&after.name);
        let key = workspace_record_key(&after.id);
        let name = after.name.as_str().to_owned();
        // The workspace goes first so its record's edit finds it within this batch.
        self.ops.push(Op::PutWorkspace(after));
        if renamed {
            self.set_field(&key, "name", Some(Value::String(name)));
        }
        self
    }

    /// Deletes a workspace with everything in it, on this device.
    pub fn delete_workspace(&mut self, id: WorkspaceId) -> &mut Self {
        self.ops.push(Op::DeleteWorkspace(id));
        self
    }

    /// Merges a change made on another device.
    pub fn merge(&mut self, change: Change) -> &mut Self {
        self.ops.push(Op::Merge(change));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::WorkspaceName;
    use serde_json::json;

    fn ws(name: &str, at: i64) -> Workspace {
        Workspace::new(
            WorkspaceId::parse("w").unwrap(),
            WorkspaceName::parse(name).unwrap(),
            at,
        )
    }

    fn batch() -> WriteBatch {
        WriteBatch::new(Actor::parse("Ada", "").unwrap(), 5)
    }

    fn note() -> RecordKey {
        RecordKey {
            workspace: WorkspaceId::parse("w").unwrap(),
            kind: RecordKind::parse("note").unwrap(),
            id: RecordId::parse("n1").unwrap(),
        }
    }

    fn edits(batch: &WriteBatch) -> Vec<(String, Option<Value>)> {
        batch
            .ops()
            .iter()
            .filter_map(|op| match op {
                Op::Edit(e) => Some((e.field.clone(), e.value.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_batch_carries_who_and_when() {
        let b = batch();
        assert_eq!(b.actor().name(), "Ada");
        assert_eq!(b.now_ms(), 5);
        assert!(b.is_empty() && !b.has_changes());
    }

    #[test]
    fn saving_a_workspace_edits_its_name_only_when_it_changes() {
        let mut created = batch();
        created.save_workspace(None, ws("Acme", 1));
        assert!(matches!(created.ops()[0], Op::PutWorkspace(_)));
        assert_eq!(
            edits(&created),
            vec![("name".to_owned(), Some(json!("Acme")))]
        );
        let Op::Edit(edit) = &created.ops()[1] else {
            panic!("expected an edit")
        };
        assert_eq!(
            edit.key,
            workspace_record_key(&WorkspaceId::parse("w").unwrap())
        );
        assert_eq!(edit.key.kind, workspace_kind());

        let mut same = batch();
        same.save_workspace(Some(&ws("Acme", 1)), ws("Acme", 2));
        assert_eq!(same.len(), 1, "no edit when the name is unchanged");

        let mut renamed = batch();
        renamed.save_workspace(Some(&ws("Acme", 1)), ws("Acme Ltd", 3));
        assert_eq!(
            edits(&renamed),
            vec![("name".to_owned(), Some(json!("Acme Ltd")))]
        );
    }

    #[test]
    fn long_text_edits_name_the_text_the_person_started_from() {
        let key = RecordKey {
            kind: RecordKind::parse("assessment").unwrap(),
            ..note()
        };
        let before = json!({"x#notes": "stored", "x#rating": 1});
        let after = json!({"x#notes": "typed", "x#rating": 2});
        let shown = |b: &WriteBatch| -> Vec<Option<Vec<Option<Value>>>> {
            b.ops()
                .iter()
                .filter_map(|op| match op {
                    Op::Edit(e) => Some(e.shown.clone()),
                    _ => None,
                })
                .collect()
        };
        let mut plain = batch();
        plain.edit_fields(&key, Some(&before), &after);
        assert_eq!(
            shown(&plain),
            vec![Some(vec![Some(json!("stored"))]), None],
            "notes keep what was read; a rating is not long text"
        );
        let started = BTreeMap::from([("x#notes".to_owned(), Some(json!("older")))]);
        let mut stale = batch();
        stale.edit_fields_from(&key, Some(&before), &after, &started);
        assert_eq!(shown(&stale), vec![Some(vec![Some(json!("older"))]), None]);
    }

    #[test]
    fn editing_names_only_the_fields_that_differ() {
        let before = json!({"a": 1, "b": 2, "keep": true});
        let after = json!({"a": 1, "b": 3, "c": 4, "keep": true});
        let mut b = batch();
        b.edit_fields(&note(), Some(&before), &after);
        assert_eq!(
            edits(&b),
            vec![
                ("b".to_owned(), Some(json!(3))),
                ("c".to_owned(), Some(json!(4)))
            ]
        );
        assert!(b.has_changes());

        let mut removed = batch();
        removed.edit_fields(&note(), Some(&after), &json!({"a": 1}));
        assert_eq!(
            edits(&removed),
            vec![
                ("b".to_owned(), None),
                ("c".to_owned(), None),
                ("keep".to_owned(), None)
            ]
        );

        let mut created = batch();
        created.edit_fields(&note(), None, &json!({"title": "Backups", "owner": null}));
        assert_eq!(
            edits(&created),
            vec![
                ("owner".to_owned(), Some(json!(null))),
                ("title".to_owned(), Some(json!("Backups")))
            ]
        );

        let mut unchanged = batch();
        unchanged.edit_fields(&note(), Some(&before), &before);
        assert!(unchanged.is_empty());
    }

    #[test]
    fn deleting_and_restoring_set_the_deleted_field() {
        let mut b = batch();
        b.delete_record(&note()).restore_record(&note());
        assert_eq!(
            edits(&b),
            vec![
                (DELETED_FIELD.to_owned(), Some(json!(true))),
                (DELETED_FIELD.to_owned(), Some(json!(false)))
            ]
        );
    }

    #[test]
    fn builders_append_in_call_order() {
        let mut b = batch();
        b.save_workspace(None, ws("Acme", 1))
            .set_field(&note(), "a", Some(json!(1)))
            .delete_record(&note())
            .delete_workspace(WorkspaceId::parse("w").unwrap());
        let sha = b.put_file(&WorkspaceId::parse("w").unwrap(), b"scan".to_vec());
        assert_eq!(
            sha,
            crate::evidence::Sha256::of(b"scan"),
            "named by its hash"
        );
        let kinds: Vec<&str> = b
            .ops()
            .iter()
            .map(|op| match op {
                Op::PutWorkspace(_) => "put workspace",
                Op::DeleteWorkspace(_) => "delete workspace",
                Op::Edit(_) => "edit",
                Op::Merge(_) => "merge",
                Op::PutRecord(_) => "put record",
                Op::AppendChange(_) => "change",
                Op::PutFile(_) => "file",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "put workspace",
                "edit",
                "edit",
                "edit",
                "delete workspace",
                "file"
            ]
        );
    }

    #[test]
    fn edited_workspaces_are_those_whose_records_change_here() {
        let other = |id: &str| RecordKey {
            workspace: WorkspaceId::parse(id).unwrap(),
            ..note()
        };
        let clock = Hlc::new(1, 0, crate::ids::DeviceId::parse("d").unwrap());
        let merged = Edit {
            key: other("merged"),
            field: "a".into(),
            value: None,
            shown: None,
        }
        .stamped(clock.clone(), &Actor::parse("Grace", "").unwrap(), None);
        let restored_change = Change {
            workspace: WorkspaceId::parse("logged").unwrap(),
            ..merged.clone()
        };

        let mut b = batch();
        b.push(Op::PutWorkspace(ws("Joined", 1)))
            .delete_workspace(WorkspaceId::parse("removed").unwrap())
            .merge(merged);
        assert!(
            b.edited_workspaces().is_empty(),
            "adding, removing and merging edit nothing here"
        );

        b.set_field(&other("edited"), "a", Some(json!(1)))
            .push(Op::PutRecord(Record::empty(other("restored"))))
            .push(Op::AppendChange(restored_change));
        b.put_file(&WorkspaceId::parse("filed").unwrap(), b"scan".to_vec());
        let edited: Vec<&str> = b.edited_workspaces().iter().map(|w| w.as_str()).collect();
        assert_eq!(
            edited,
            ["edited", "filed", "logged", "restored"],
            "a file kept is an edit: a viewer may not keep one"
        );

        let mut renamed = batch();
        renamed.save_workspace(Some(&ws("Acme", 1)), ws("Acme Ltd", 2));
        let edited: Vec<&str> = renamed
            .edited_workspaces()
            .iter()
            .map(|w| w.as_str())
            .collect();
        assert_eq!(edited, ["w"], "a rename edits the workspace's record");
    }
}
