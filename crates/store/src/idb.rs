//! The IndexedDB backend: what the browser app keeps its data in.
//!
//! The schema is built by numbered, append-only migration steps ([`MIGRATIONS`]): a database
//! created by any older step is brought forward one step at a time. Never edit a released step;
//! add a new one.

use indexed_db_futures::KeyPath;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use praxis_core::{Change, Op, Record, RecordKey, Workspace, WorkspaceId, WriteBatch};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::{Store, StoreError, sort_workspaces};

const WORKSPACES: &str = "workspaces";
const RECORDS: &str = "records";
const CHANGES: &str = "changes";
const BY_WORKSPACE: &str = "by_workspace";

/// One schema step: the version it brings the database to and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub describe: &'static str,
    apply: fn(&Database) -> indexed_db_futures::Result<()>,
}

/// Every schema step, in order. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        describe: "workspaces, and records keyed by workspace/kind/id",
        apply: |db| {
            db.create_object_store(WORKSPACES)
                .with_key_path(KeyPath::One("id"))
                .build()?;
            let records = db
                .create_object_store(RECORDS)
                .with_key_path(KeyPath::One("pk"))
                .build()?;
            records
                .create_index(BY_WORKSPACE, KeyPath::One("workspace"))
                .build()?;
            Ok(())
        },
    },
    Migration {
        version: 2,
        describe: "field-level change log, appended in the same transaction as its records",
        apply: |db| {
            let changes = db
                .create_object_store(CHANGES)
                .with_auto_increment(true)
                .build()?;
            changes
                .create_index(BY_WORKSPACE, KeyPath::One("workspace"))
                .build()?;
            Ok(())
        },
    },
];

/// The schema version of the newest migration step.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |step| step.version)
}

/// A record as stored: the body is kept as JSON text so numbers and text survive exactly.
#[derive(Debug, Serialize, Deserialize)]
struct RecordRow {
    pk: String,
    workspace: String,
    kind: String,
    id: String,
    updated_at: i64,
    body: String,
}

impl RecordRow {
    fn primary_key(key: &RecordKey) -> String {
        // Ids cannot contain '/', so the joined key is unambiguous.
        format!("{}/{}/{}", key.workspace, key.kind, key.id)
    }

    fn from_record(record: &Record) -> Self {
        Self {
            pk: Self::primary_key(&record.key()),
            workspace: record.workspace.to_string(),
            kind: record.kind.to_string(),
            id: record.id.to_string(),
            updated_at: record.updated_at,
            body: record.body.to_string(),
        }
    }

    fn into_record(self) -> Result<Record, StoreError> {
        let corrupt = |what: String| StoreError::Corrupt(format!("record {}: {what}", self.pk));
        Ok(Record {
            workspace: WorkspaceId::parse(&self.workspace).map_err(|e| corrupt(e.to_string()))?,
            kind: praxis_core::RecordKind::parse(&self.kind).map_err(|e| corrupt(e.to_string()))?,
            id: praxis_core::RecordId::parse(&self.id).map_err(|e| corrupt(e.to_string()))?,
            updated_at: self.updated_at,
            body: serde_json::from_str(&self.body).map_err(|e| corrupt(e.to_string()))?,
        })
    }
}

/// A change as stored; the value is JSON text, absent when the field was removed.
#[derive(Debug, Serialize, Deserialize)]
struct ChangeRow {
    workspace: String,
    kind: String,
    record_id: String,
    field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    at: i64,
}

impl ChangeRow {
    fn from_change(change: &Change) -> Self {
        Self {
            workspace: change.workspace.to_string(),
            kind: change.kind.to_string(),
            record_id: change.record_id.to_string(),
            field: change.field.clone(),
            value: change.value.as_ref().map(ToString::to_string),
            at: change.at,
        }
    }

    fn into_change(self) -> Result<Change, StoreError> {
        let corrupt = |what: String| {
            StoreError::Corrupt(format!(
                "change to {}/{}: {what}",
                self.kind, self.record_id
            ))
        };
        let value = match &self.value {
            Some(text) => Some(serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))?),
            None => None,
        };
        Ok(Change {
            workspace: WorkspaceId::parse(&self.workspace).map_err(|e| corrupt(e.to_string()))?,
            kind: praxis_core::RecordKind::parse(&self.kind).map_err(|e| corrupt(e.to_string()))?,
            record_id: praxis_core::RecordId::parse(&self.record_id)
                .map_err(|e| corrupt(e.to_string()))?,
            field: self.field,
            value,
            at: self.at,
        })
    }
}

fn backend(error: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(error.to_string())
}

/// A [`Store`] over one IndexedDB database.
#[derive(Debug)]
pub struct IdbStore {
    db: Database,
}

impl IdbStore {
    /// Opens (creating or upgrading as needed) the database called `name` at the newest schema.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        Self::open_at(name, latest_version()).await
    }

    /// Opens the database with only the migration steps up to `version` applied. Tests use it
    /// to build databases as older versions of Praxis left them.
    pub async fn open_at(name: &str, version: u32) -> Result<Self, StoreError> {
        let db = Database::open(name)
            .with_version(version)
            .with_on_upgrade_needed(move |event, db| {
                // Versions are small whole numbers, so the f64 converts exactly.
                let from = event.old_version() as u32;
                for step in MIGRATIONS
                    .iter()
                    .filter(|s| s.version > from && s.version <= version)
                {
                    (step.apply)(&db)?;
                }
                Ok(())
            })
            .await
            .map_err(backend)?;
        Ok(Self { db })
    }

    /// The schema version the open database is at.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Closes the connection (so the database can be upgraded or deleted).
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes the whole database called `name`.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name)
            .map_err(backend)?
            .await
            .map_err(backend)
    }

    fn has_changes_store(&self) -> bool {
        self.db.object_store_names().any(|name| name == CHANGES)
    }

    async fn require_workspace(tx: &Transaction<'_>, id: &WorkspaceId) -> Result<(), StoreError> {
        let store = tx.object_store(WORKSPACES).map_err(backend)?;
        let found: Option<Workspace> = store
            .get(id.as_str())
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        match found {
            Some(_) => Ok(()),
            None => Err(StoreError::UnknownWorkspace(id.clone())),
        }
    }

    async fn delete_by_workspace(
        tx: &Transaction<'_>,
        store_name: &str,
        id: &WorkspaceId,
    ) -> Result<(), StoreError> {
        let store = tx.object_store(store_name).map_err(backend)?;
        let index = store.index(BY_WORKSPACE).map_err(backend)?;
        let keys = index
            .get_all_keys::<JsValue>()
            .with_query(id.as_str())
            .primitive()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        for key in keys {
            let key = key.map_err(backend)?;
            store
                .delete(key)
                .primitive()
                .map_err(backend)?
                .await
                .map_err(backend)?;
        }
        Ok(())
    }

    async fn apply_op(tx: &Transaction<'_>, op: &Op) -> Result<(), StoreError> {
        match op {
            Op::PutWorkspace(workspace) => {
                let store = tx.object_store(WORKSPACES).map_err(backend)?;
                store
                    .put(workspace)
                    .serde()
                    .map_err(backend)?
                    .await
                    .map_err(backend)?;
            }
            Op::DeleteWorkspace(id) => {
                let store = tx.object_store(WORKSPACES).map_err(backend)?;
                store
                    .delete(id.as_str())
                    .primitive()
                    .map_err(backend)?
                    .await
                    .map_err(backend)?;
                Self::delete_by_workspace(tx, RECORDS, id).await?;
                Self::delete_by_workspace(tx, CHANGES, id).await?;
            }
            Op::PutRecord(record) => {
                Self::require_workspace(tx, &record.workspace).await?;
                let store = tx.object_store(RECORDS).map_err(backend)?;
                let row = RecordRow::from_record(record);
                store
                    .put(&row)
                    .serde()
                    .map_err(backend)?
                    .await
                    .map_err(backend)?;
            }
            Op::DeleteRecord(key) => {
                let store = tx.object_store(RECORDS).map_err(backend)?;
                let pk = RecordRow::primary_key(key);
                store
                    .delete(pk)
                    .primitive()
                    .map_err(backend)?
                    .await
                    .map_err(backend)?;
            }
            Op::AppendChange(change) => {
                Self::require_workspace(tx, &change.workspace).await?;
                let store = tx.object_store(CHANGES).map_err(backend)?;
                let row = ChangeRow::from_change(change);
                store
                    .add(&row)
                    .serde()
                    .map_err(backend)?
                    .await
                    .map_err(backend)?;
            }
        }
        Ok(())
    }
}

impl Store for IdbStore {
    async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError> {
        let tx = self.db.transaction(WORKSPACES).build().map_err(backend)?;
        let store = tx.object_store(WORKSPACES).map_err(backend)?;
        let rows = store
            .get_all::<Workspace>()
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        let mut list = rows
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Corrupt(format!("a workspace could not be read: {e}")))?;
        sort_workspaces(&mut list);
        Ok(list)
    }

    async fn workspace(&self, id: &WorkspaceId) -> Result<Option<Workspace>, StoreError> {
        let tx = self.db.transaction(WORKSPACES).build().map_err(backend)?;
        let store = tx.object_store(WORKSPACES).map_err(backend)?;
        store
            .get(id.as_str())
            .serde()
            .map_err(backend)?
            .await
            .map_err(|e| StoreError::Corrupt(format!("workspace {id} could not be read: {e}")))
    }

    async fn records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        let tx = self.db.transaction(RECORDS).build().map_err(backend)?;
        let store = tx.object_store(RECORDS).map_err(backend)?;
        let index = store.index(BY_WORKSPACE).map_err(backend)?;
        let rows = index
            .get_all::<RecordRow>()
            .with_query(workspace.as_str())
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        let mut records = Vec::new();
        for row in rows {
            let row = row.map_err(|e| StoreError::Corrupt(format!("a record: {e}")))?;
            records.push(row.into_record()?);
        }
        records.sort_by_key(Record::key);
        Ok(records)
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<Record>, StoreError> {
        let tx = self.db.transaction(RECORDS).build().map_err(backend)?;
        let store = tx.object_store(RECORDS).map_err(backend)?;
        let row: Option<RecordRow> = store
            .get(RecordRow::primary_key(key))
            .serde()
            .map_err(backend)?
            .await
            .map_err(|e| StoreError::Corrupt(format!("record {}: {e}", key.id)))?;
        row.map(RecordRow::into_record).transpose()
    }

    async fn changes(&self, workspace: &WorkspaceId) -> Result<Vec<Change>, StoreError> {
        let tx = self.db.transaction(CHANGES).build().map_err(backend)?;
        let store = tx.object_store(CHANGES).map_err(backend)?;
        let index = store.index(BY_WORKSPACE).map_err(backend)?;
        // Within one workspace the index keeps primary-key order, which is append order.
        let rows = index
            .get_all::<ChangeRow>()
            .with_query(workspace.as_str())
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        rows.map(|row| {
            row.map_err(|e| StoreError::Corrupt(format!("a change: {e}")))?
                .into_change()
        })
        .collect()
    }

    async fn apply(&self, batch: &WriteBatch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        if !self.has_changes_store() {
            return Err(StoreError::Backend(
                "the database schema is out of date".into(),
            ));
        }
        let tx = self
            .db
            .transaction([WORKSPACES, RECORDS, CHANGES])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(backend)?;
        for op in batch.ops() {
            // On error the transaction is dropped uncommitted, which aborts it: nothing is kept.
            Self::apply_op(&tx, op).await?;
        }
        tx.commit().await.map_err(backend)
    }
}

/// Test support: writes rows the way schema version 1 stored them, without going through the
/// current write path, so migration tests can start from a genuinely old database.
#[doc(hidden)]
pub async fn write_v1_rows(
    store: &IdbStore,
    workspace: &Workspace,
    records: &[Record],
) -> Result<(), StoreError> {
    let tx = store
        .db
        .transaction([WORKSPACES, RECORDS])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(backend)?;
    tx.object_store(WORKSPACES)
        .map_err(backend)?
        .put(workspace)
        .serde()
        .map_err(backend)?
        .await
        .map_err(backend)?;
    let rows = tx.object_store(RECORDS).map_err(backend)?;
    for record in records {
        rows.put(&RecordRow::from_record(record))
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
    }
    tx.commit().await.map_err(backend)
}
