//! The single write path: a batch of operations that a store applies in order, all or nothing.
//! Change-log entries travel in the same batch as the records they describe, so history and
//! data can never disagree.

use crate::change::{Change, field_changes};
use crate::ids::{RecordId, RecordKind, WorkspaceId};
use crate::record::{Record, RecordKey};
use crate::workspace::Workspace;

/// One write. Stores apply a batch's ops in order inside one transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    PutWorkspace(Workspace),
    /// Removes the workspace, its records and its change log.
    DeleteWorkspace(WorkspaceId),
    PutRecord(Record),
    DeleteRecord(RecordKey),
    AppendChange(Change),
}

/// Operations that happen together or not at all. Every store applies a batch's ops in the
/// order they were pushed, inside one transaction: either every op takes effect or none does.
/// The builders (`save_…`, `delete_…`) add the matching change-log entries themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteBatch {
    ops: Vec<Op>,
}

/// The kind under which workspace-level changes (its name) are logged.
pub fn workspace_kind() -> RecordKind {
    RecordKind::parse("workspace").expect("a valid kind")
}

impl WriteBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one op as it is; no change-log entry is added for it.
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

    /// Saves a workspace, logging its name when it is new or changed.
    pub fn save_workspace(&mut self, before: Option<&Workspace>, after: Workspace) -> &mut Self {
        let renamed = before.map(|b| &b.name) != Some(&after.name);
        let change = renamed.then(|| Change {
            workspace: after.id.clone(),
            kind: workspace_kind(),
            record_id: RecordId::parse(after.id.as_str()).expect("workspace ids are record ids"),
            field: "name".to_owned(),
            value: Some(after.name.as_str().into()),
            at: after.updated_at,
        });
        // The workspace goes first so its change entry finds it within this batch.
        self.ops.push(Op::PutWorkspace(after));
        self.ops.extend(change.map(Op::AppendChange));
        self
    }

    /// Saves a record and one change entry per field that differs from `before`.
    pub fn save_record(&mut self, before: Option<&Record>, after: Record) -> &mut Self {
        let changes = field_changes(before.map(|r| &r.body), Some(&after.body));
        let (key, at) = (after.key(), after.updated_at);
        self.ops.push(Op::PutRecord(after));
        self.push_changes(&key, changes, at);
        self
    }

    /// Deletes a record, logging each of its fields as removed.
    pub fn delete_record(&mut self, before: &Record, now_ms: i64) -> &mut Self {
        self.ops.push(Op::DeleteRecord(before.key()));
        let changes = field_changes(Some(&before.body), None);
        self.push_changes(&before.key(), changes, now_ms);
        self
    }

    /// Deletes a workspace with everything in it.
    pub fn delete_workspace(&mut self, id: WorkspaceId) -> &mut Self {
        self.ops.push(Op::DeleteWorkspace(id));
        self
    }

    fn push_changes(
        &mut self,
        key: &RecordKey,
        changes: Vec<(String, Option<serde_json::Value>)>,
        at: i64,
    ) {
        self.ops.extend(changes.into_iter().map(|(field, value)| {
            Op::AppendChange(Change {
                workspace: key.workspace.clone(),
                kind: key.kind.clone(),
                record_id: key.id.clone(),
                field,
                value,
                at,
            })
        }));
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

    fn record(body: serde_json::Value, at: i64) -> Record {
        Record {
            workspace: WorkspaceId::parse("w").unwrap(),
            kind: RecordKind::parse("note").unwrap(),
            id: RecordId::parse("n1").unwrap(),
            updated_at: at,
            body,
        }
    }

    fn change_fields(batch: &WriteBatch) -> Vec<(String, Option<serde_json::Value>, i64)> {
        batch
            .ops()
            .iter()
            .filter_map(|op| match op {
                Op::AppendChange(c) => Some((c.field.clone(), c.value.clone(), c.at)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn saving_a_workspace_logs_its_name_only_when_it_changes() {
        let mut batch = WriteBatch::new();
        batch.save_workspace(None, ws("Acme", 1));
        assert!(matches!(batch.ops()[0], Op::PutWorkspace(_)));
        assert_eq!(
            change_fields(&batch),
            vec![("name".to_owned(), Some(json!("Acme")), 1)]
        );

        let mut same = WriteBatch::new();
        same.save_workspace(Some(&ws("Acme", 1)), ws("Acme", 2));
        assert_eq!(same.len(), 1, "no change entry when the name is unchanged");

        let mut renamed = WriteBatch::new();
        renamed.save_workspace(Some(&ws("Acme", 1)), ws("Acme Ltd", 3));
        assert_eq!(
            change_fields(&renamed),
            vec![("name".to_owned(), Some(json!("Acme Ltd")), 3)]
        );
    }

    #[test]
    fn saving_a_record_puts_it_then_logs_each_changed_field() {
        let before = record(json!({"a": 1, "b": 2}), 1);
        let after = record(json!({"a": 1, "b": 3, "c": 4}), 9);
        let mut batch = WriteBatch::new();
        batch.save_record(Some(&before), after.clone());
        assert_eq!(batch.ops()[0], Op::PutRecord(after));
        assert_eq!(
            change_fields(&batch),
            vec![
                ("b".to_owned(), Some(json!(3)), 9),
                ("c".to_owned(), Some(json!(4)), 9)
            ]
        );
    }

    #[test]
    fn deleting_a_record_logs_its_fields_as_removed() {
        let before = record(json!({"a": 1, "b": 2}), 1);
        let mut batch = WriteBatch::new();
        batch.delete_record(&before, 7);
        assert_eq!(batch.ops()[0], Op::DeleteRecord(before.key()));
        assert_eq!(
            change_fields(&batch),
            vec![("a".to_owned(), None, 7), ("b".to_owned(), None, 7)]
        );
    }

    #[test]
    fn a_new_record_logs_every_field_under_its_own_key() {
        let new = record(json!({"title": "Backups", "owner": null}), 4);
        let mut batch = WriteBatch::new();
        batch.save_record(None, new.clone());
        assert_eq!(batch.len(), 3);
        let expected = |field: &str, value| {
            Op::AppendChange(Change {
                workspace: new.workspace.clone(),
                kind: new.kind.clone(),
                record_id: new.id.clone(),
                field: field.to_owned(),
                value: Some(value),
                at: 4,
            })
        };
        assert_eq!(
            batch.ops()[1..],
            [
                expected("owner", json!(null)),
                expected("title", json!("Backups"))
            ]
        );
    }

    #[test]
    fn an_unchanged_record_is_put_without_change_entries() {
        let before = record(json!({"a": 1}), 1);
        let mut batch = WriteBatch::new();
        batch.save_record(Some(&before), record(json!({"a": 1}), 2));
        assert_eq!(batch.len(), 1);
        assert!(change_fields(&batch).is_empty());
    }

    #[test]
    fn builders_append_in_call_order() {
        let note = record(json!({"a": 1}), 1);
        let mut batch = WriteBatch::new();
        batch
            .save_workspace(None, ws("Acme", 1))
            .save_record(None, note.clone())
            .delete_record(&note, 2)
            .push(Op::DeleteWorkspace(WorkspaceId::parse("w").unwrap()));
        let kinds: Vec<&str> = batch
            .ops()
            .iter()
            .map(|op| match op {
                Op::PutWorkspace(_) => "put workspace",
                Op::DeleteWorkspace(_) => "delete workspace",
                Op::PutRecord(_) => "put record",
                Op::DeleteRecord(_) => "delete record",
                Op::AppendChange(_) => "change",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "put workspace",
                "change",
                "put record",
                "change",
                "delete record",
                "change",
                "delete workspace"
            ]
        );
    }

    #[test]
    fn workspace_name_changes_are_logged_under_the_workspace_itself() {
        let mut batch = WriteBatch::new();
        batch.save_workspace(None, ws("Acme", 1));
        let Op::AppendChange(change) = &batch.ops()[1] else {
            panic!("expected a change, got {:?}", batch.ops()[1]);
        };
        assert_eq!(change.kind, workspace_kind());
        assert_eq!(change.record_id.as_str(), "w");
        assert_eq!(change.workspace.as_str(), "w");
    }

    #[test]
    fn deleting_a_workspace_is_one_op() {
        let mut batch = WriteBatch::new();
        assert!(batch.is_empty());
        batch.delete_workspace(WorkspaceId::parse("w").unwrap());
        assert_eq!(
            batch.ops(),
            [Op::DeleteWorkspace(WorkspaceId::parse("w").unwrap())]
        );
    }
}
