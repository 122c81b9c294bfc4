//! The IndexedDB backend: what the browser app keeps its data in.
//!
//! The schema is built by numbered, append-only migration steps ([`MIGRATIONS`], carried out
//! by [`migrate`]): a database created by any older step is brought forward one step at a time,
//! each inside the upgrade transaction, so a step either completes or leaves the database as it
//! was. Never edit a released step; add a new one.
//!
//! Several tabs may have the database open. An upgrade waits until every other connection has
//! closed, so each [`IdbStore`] closes its connection as soon as another opens the database at a
//! newer version (the `versionchange` event), and from then on answers
//! [`StoreError::Outdated`]. A tab whose build is older than the stored schema gets
//! [`StoreError::NewerSchema`] and never opens the database at all.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use indexed_db_futures::KeyRange;
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use praxis_core::evidence::Sha256;
use praxis_core::{
    Change, DeviceId, Record, RecordId, RecordKey, RecordKind, Workspace, WorkspaceId, WriteBatch,
};
use serde::{Deserialize, Serialize};

mod js_rows;
mod migrations;
mod write;

pub use migrations::{MIGRATIONS, Migration, latest_version};
use migrations::{abort_upgrade, migrate};

use crate::{Applied, FeedEntry, Store, StoreError, sort_workspaces};

const WORKSPACES: &str = "workspaces";
const RECORDS: &str = "records";
/// The change log of schema version 2; version 3 moved it into [`FEED_V5`].
const CHANGES_V2: &str = "changes";
/// The change feed of schema versions 3 to 5, a row per change; version 6 moved it into [`FEED`].
const FEED_V5: &str = "feed";
/// The change feed: a row per record per batch ([`GroupRow`]).
const FEED: &str = "feed_groups";
const META: &str = "meta";
/// Evidence files' bytes, a row per workspace and SHA-256 (`pk` = `workspace/sha256`) holding a
/// Blob.
const FILES: &str = "files";
const BY_WORKSPACE: &str = "by_workspace";
const BY_KIND: &str = "by_kind";
/// Version 3 to 5: the feed by workspace and sequence number.
const FEED_BY_SEQ: &str = "by_workspace_seq";
/// The feed by workspace and the sequence number of each row's last change.
const FEED_BY_LAST: &str = "by_workspace_last";
const FEED_BY_ID: &str = "by_change_id";
const FEED_OUTBOX: &str = "outbox";
const FEED_BY_RECORD: &str = "by_record";
const META_DEVICE: &str = "device";
const META_CLOCK: &str = "clock";
/// The sequence number the next change recorded gets.
const META_FEED_NEXT: &str = "feed_next";
/// The stamp up to which the feed may hold changes that their records' field clocks do not
/// cover. A field clock only grows and covers every change merged into its field
/// ([`Record::covers`]), so a remote change that neither its field's clock nor this mark covers
/// cannot be in the feed, and merging asks the feed only about the others. What field clocks do
/// not cover is restored history: a backup's changes, records put back over newer ones, the
/// version 2 log (stamped later than the fields it set). The first write under schema version 5
/// and every batch that restores records or history set the mark to the device clock, which has
/// witnessed all of it ([`praxis_core::Hlc::witnessed_by`]).
const META_RESTORED_UP_TO: &str = "restored_up_to";

/// A record as stored: body and field clocks as JSON text, so numbers and text survive exactly
/// and reading them is one parse.
#[derive(Debug, Serialize, Deserialize)]
struct RecordRow {
    pk: String,
    workspace: String,
    kind: String,
    id: String,
    updated_at: i64,
    body: String,
    /// Absent in rows written before version 3 (the upgrade adds it).
    #[serde(default = "empty_object")]
    clocks: String,
    #[serde(default)]
    deleted: bool,
    /// Kept versions of long-text fields as JSON text; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    conflicts: Option<String>,
}

fn empty_object() -> String {
    "{}".to_owned()
}

impl RecordRow {
    fn primary_key(key: &RecordKey) -> String {
        // Ids cannot contain '/', so the joined key is unambiguous.
        format!("{}/{}/{}", key.workspace, key.kind, key.id)
    }

    fn into_record(self) -> Result<Record, StoreError> {
        let corrupt = |what: String| StoreError::Corrupt(format!("record {}: {what}", self.pk));
        Ok(Record {
            workspace: WorkspaceId::parse(&self.workspace).map_err(|e| corrupt(e.to_string()))?,
            kind: RecordKind::parse(&self.kind).map_err(|e| corrupt(e.to_string()))?,
            id: RecordId::parse(&self.id).map_err(|e| corrupt(e.to_string()))?,
            updated_at: self.updated_at,
            body: serde_json::from_str(&self.body).map_err(|e| corrupt(e.to_string()))?,
            clocks: serde_json::from_str(&self.clocks).map_err(|e| corrupt(e.to_string()))?,
            deleted: self.deleted,
            conflicts: match &self.conflicts {
                Some(text) => serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))?,
                None => Default::default(),
            },
        })
    }
}

/// One change in the feed of schema versions 3 to 5. `seq` is assigned by the database;
/// `outbox` holds the workspace id while the change waits for a server, and is absent otherwise
/// (so the outbox index holds only waiting changes).
#[derive(Debug, Serialize, Deserialize)]
struct FeedRow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seq: Option<u64>,
    workspace: String,
    cid: String,
    kind: String,
    record_id: String,
    field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    outbox: Option<String>,
}

/// The changes one batch recorded to one record, in order: change `i` has sequence number
/// `seq + i`, so `last` is `seq` plus the number of changes less one. The primary key is
/// `[seq, last]`, so the keys alone count a range's changes. `ids` (`[workspace, change id]`
/// each) is indexed one entry per change, unique; `waiting` lists the sequence numbers that
/// still wait for a server, and `outbox` holds the workspace id while any do (so the outbox index
/// holds only rows with waiting changes).
#[derive(Debug, Deserialize)]
struct GroupRow {
    seq: u64,
    last: u64,
    workspace: String,
    kind: String,
    record_id: String,
    changes: Vec<GroupChange>,
    #[serde(default)]
    waiting: Vec<u64>,
}

/// One change of a [`GroupRow`]: value and actor as JSON text, as they were recorded, and the
/// clocks of the versions it replaces (absent when none).
#[derive(Debug, Deserialize)]
struct GroupChange {
    cid: String,
    field: String,
    #[serde(default)]
    value: Option<String>,
    actor: String,
    #[serde(default)]
    replaces: Vec<String>,
}

impl GroupRow {
    /// The row's changes as feed entries, in order.
    fn into_entries(self) -> Result<Vec<FeedEntry>, StoreError> {
        let corrupt = |cid: &str, what: String| {
            StoreError::Corrupt(format!(
                "change {cid} to {}/{}: {what}",
                self.kind, self.record_id
            ))
        };
        let count = u64::try_from(self.changes.len()).unwrap_or(u64::MAX);
        if self
            .last
            .checked_sub(self.seq)
            .and_then(|n| n.checked_add(1))
            != Some(count)
        {
            return Err(StoreError::Corrupt(format!(
                "the feed row {} to {} holds {count} changes",
                self.seq, self.last
            )));
        }
        let workspace = WorkspaceId::parse(&self.workspace)
            .map_err(|e| corrupt("of this row", e.to_string()))?;
        let kind =
            RecordKind::parse(&self.kind).map_err(|e| corrupt("of this row", e.to_string()))?;
        let record_id =
            RecordId::parse(&self.record_id).map_err(|e| corrupt("of this row", e.to_string()))?;
        let mut entries = Vec::with_capacity(self.changes.len());
        for (seq, change) in (self.seq..).zip(&self.changes) {
            let cid = change.cid.as_str();
            let value = match &change.value {
                Some(text) => {
                    Some(serde_json::from_str(text).map_err(|e| corrupt(cid, e.to_string()))?)
                }
                None => None,
            };
            entries.push(FeedEntry {
                seq,
                change: Change {
                    workspace: workspace.clone(),
                    kind: kind.clone(),
                    record_id: record_id.clone(),
                    field: change.field.clone(),
                    value,
                    clock: cid
                        .parse()
                        .map_err(|e: praxis_core::ClockError| corrupt(cid, e.to_string()))?,
                    actor: serde_json::from_str(&change.actor)
                        .map_err(|e| corrupt(cid, e.to_string()))?,
                    replaces: change
                        .replaces
                        .iter()
                        .map(|clock| clock.parse())
                        .collect::<Result<_, praxis_core::ClockError>>()
                        .map_err(|e| corrupt(cid, e.to_string()))?,
                },
                pending: self.waiting.contains(&seq),
            });
        }
        Ok(entries)
    }
}

fn backend(error: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(error.to_string())
}

/// Queries serialise through serde (tuples become arrays, which are compound keys).
type Query<T> = KeyRange<T>;

/// A workspace's feed rows whose last change comes after sequence number `after` (all of them
/// from 0), on [`FEED_BY_LAST`]. Sequence numbers start at 1 and stay far below 2^53, so they are
/// exact as JavaScript numbers.
pub(crate) fn feed_after(workspace: &WorkspaceId, after: u64) -> Query<(&str, f64)> {
    KeyRange::Bound(
        (workspace.as_str(), after as f64),
        true,
        (workspace.as_str(), f64::INFINITY),
        false,
    )
}

/// Why opening failed: a stored schema newer than the one asked for (the browser's
/// `VersionError`) is [`StoreError::NewerSchema`]; anything else is [`StoreError::Backend`].
fn open_failed(error: OpenDbError) -> StoreError {
    if let OpenDbError::Base(IdbError::DomException(exception)) = &error
        && exception.as_sys().name() == "VersionError"
    {
        return StoreError::NewerSchema;
    }
    backend(error)
}

/// Whether this connection has yielded to another tab's upgrade, and whom to tell.
#[derive(Default)]
struct Yielded {
    closed: Cell<bool>,
    notify: RefCell<Option<Box<dyn FnOnce()>>>,
}

impl Yielded {
    fn close(&self, db: &Database) {
        self.closed.set(true);
        db.clone().close();
        if let Some(notify) = self.notify.take() {
            notify();
        }
    }
}

impl std::fmt::Debug for Yielded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Yielded")
            .field("closed", &self.closed.get())
            .finish_non_exhaustive()
    }
}

/// A [`Store`] over one IndexedDB database.
#[derive(Debug)]
pub struct IdbStore {
    db: Database,
    device: DeviceId,
    yielded: Rc<Yielded>,
    /// Keeps the `versionchange` listener registered for as long as the store lives.
    _on_version_change: gloo_events::EventListener,
}

impl IdbStore {
    /// Opens (creating or upgrading as needed) the database called `name` at the newest schema.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        Self::open_at(name, latest_version()).await
    }

    /// Opens the database with only the migration steps up to `version` applied. Tests use it
    /// to build databases as older versions of Praxis left them.
    pub async fn open_at(name: &str, version: u32) -> Result<Self, StoreError> {
        Self::open_watched(name, version, || {}).await
    }

    /// Opens like [`Self::open_at`]. `on_blocked` runs if the upgrade has to wait because
    /// another connection (a tab running an older build that does not close for upgrades) still
    /// has the database open; opening carries on by itself once that connection closes.
    ///
    /// Fails with [`StoreError::NewerSchema`] when the stored schema is newer than `version`.
    pub async fn open_watched(
        name: &str,
        version: u32,
        on_blocked: impl FnOnce() + 'static,
    ) -> Result<Self, StoreError> {
        // Which step failed, if one did: the open request then only says it was aborted.
        let failed_step = Rc::new(RefCell::new(None::<String>));
        let failing = Rc::clone(&failed_step);
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed_fut(move |event, db| async move {
                // Versions are small whole numbers, so the f64 converts exactly.
                let from = event.old_version() as u32;
                for step in MIGRATIONS
                    .iter()
                    .filter(|s| s.version > from && s.version <= version)
                {
                    if let Err(error) = migrate(&db, step.version).await {
                        *failing.borrow_mut() =
                            Some(format!("step {}, {}: {error}", step.version, step.describe));
                        abort_upgrade(&db);
                        return Err(error);
                    }
                }
                Ok(())
            })
            .await
            .map_err(|error| match failed_step.take() {
                Some(step) => StoreError::UpgradeFailed(step),
                None => open_failed(error),
            })?;
        // Listening from the moment the connection exists, so no upgrade can slip past.
        let yielded = Rc::new(Yielded::default());
        let on_version_change = {
            let (connection, yielded) = (db.clone(), Rc::clone(&yielded));
            gloo_events::EventListener::new(db.as_sys(), "versionchange", move |_| {
                yielded.close(&connection);
            })
        };
        let device = if version >= 3 {
            match Self::read_device(&db).await {
                Err(_) if yielded.closed.get() => return Err(StoreError::Outdated),
                other => other?,
            }
        } else {
            DeviceId::parse("unversioned").expect("a valid device id")
        };
        Ok(Self {
            db,
            device,
            yielded,
            _on_version_change: on_version_change,
        })
    }

    /// Runs `notify` once this connection has closed because another opened the database at a
    /// newer version (or deleted it), or at once if that has already happened.
    pub fn on_outdated(&self, notify: impl FnOnce() + 'static) {
        if self.yielded.closed.get() {
            notify();
        } else {
            *self.yielded.notify.borrow_mut() = Some(Box::new(notify));
        }
    }

    /// Whether this connection was closed for another connection's upgrade.
    pub fn is_outdated(&self) -> bool {
        self.yielded.closed.get()
    }

    /// The open database, unless the connection was closed for an upgrade elsewhere.
    fn db(&self) -> Result<&Database, StoreError> {
        if self.yielded.closed.get() {
            Err(StoreError::Outdated)
        } else {
            Ok(&self.db)
        }
    }

    async fn read_device(db: &Database) -> Result<DeviceId, StoreError> {
        let tx = db.transaction(META).build().map_err(backend)?;
        let meta = tx.object_store(META).map_err(backend)?;
        let device: Option<String> = meta
            .get(META_DEVICE)
            .primitive()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        let device =
            device.ok_or_else(|| StoreError::Corrupt("the device id is missing".into()))?;
        DeviceId::parse(&device).map_err(|e| StoreError::Corrupt(format!("the device id: {e}")))
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

    fn is_current(&self) -> Result<(), StoreError> {
        if self.db()?.object_store_names().any(|name| name == FEED) {
            Ok(())
        } else {
            Err(StoreError::Backend(
                "the database schema is out of date".into(),
            ))
        }
    }

    async fn live_rows<Q: Serialize>(
        &self,
        index: &str,
        query: Query<Q>,
        keep: impl Fn(&Record) -> bool,
    ) -> Result<Vec<Record>, StoreError> {
        let tx = self.db()?.transaction(RECORDS).build().map_err(backend)?;
        let store = tx.object_store(RECORDS).map_err(backend)?;
        let index = store.index(index).map_err(backend)?;
        let rows = index
            .get_all::<RecordRow>()
            .with_query(query)
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        let mut records = Vec::new();
        for row in rows {
            let record = row
                .map_err(|e| StoreError::Corrupt(format!("a record: {e}")))?
                .into_record()?;
            if keep(&record) {
                records.push(record);
            }
        }
        praxis_core::order::sort_by(&mut records, Record::cmp_by_key);
        Ok(records)
    }

    /// The `limit` newest changes of a feed index's range, newest first, with how many the
    /// range holds. `after(n)` is the range of rows from sequence number `n` exclusive (rows do
    /// not overlap, so that is also the first row holding a change after `n`). The rows' keys
    /// alone (`[seq, last]`, small) are read first: they count the range's changes and say where
    /// its newest start.
    async fn newest<Q: Serialize>(
        &self,
        index: &str,
        limit: usize,
        after: impl Fn(u64) -> Query<Q>,
    ) -> Result<(Vec<Change>, usize), StoreError> {
        let keys: Vec<(f64, f64)> = {
            let tx = self.db()?.transaction(FEED).build().map_err(backend)?;
            let store = tx.object_store(FEED).map_err(backend)?;
            store
                .index(index)
                .map_err(backend)?
                .get_all_keys::<(f64, f64)>()
                .with_query(after(0))
                .serde()
                .map_err(backend)?
                .await
                .map_err(backend)?
                .collect::<Result<_, _>>()
                .map_err(backend)?
        };
        let limit = limit.max(1);
        let changes_in = |(first, last): &(f64, f64)| (last - first) as usize + 1;
        let total = keys.iter().map(changes_in).sum();
        let (mut wanted, mut start, mut rows) = (limit, None, 0);
        for key in keys.iter().rev() {
            start = Some(key.0 as u64);
            rows += 1;
            match wanted.checked_sub(changes_in(key)) {
                Some(left) if left > 0 => wanted = left,
                _ => break,
            }
        }
        let Some(first) = start else {
            return Ok((Vec::new(), 0));
        };
        let newest = self
            .feed_entries(index, after(first.saturating_sub(1)), rows)
            .await?;
        let newest = newest.into_iter().rev().take(limit).map(|e| e.change);
        Ok((newest.collect(), total))
    }

    /// The first `limit` entries that `keep` accepts in the feed rows of an index's range. The
    /// range holds only rows with at least one such entry (after a cursor, or waiting in the
    /// outbox), so `limit` rows hold enough.
    async fn first_entries<Q: Serialize>(
        &self,
        index: &str,
        query: Query<Q>,
        limit: usize,
        keep: impl Fn(&FeedEntry) -> bool,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        let entries = self.feed_entries(index, query, limit).await?;
        Ok(entries.into_iter().filter(keep).take(limit).collect())
    }

    /// The entries of up to `rows` feed rows of an index's range, in order.
    async fn feed_entries<Q: Serialize>(
        &self,
        index: &str,
        query: Query<Q>,
        rows: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        let tx = self.db()?.transaction(FEED).build().map_err(backend)?;
        let store = tx.object_store(FEED).map_err(backend)?;
        let index = store.index(index).map_err(backend)?;
        let rows = u32::try_from(rows).unwrap_or(u32::MAX).max(1);
        let rows = index
            .get_all::<GroupRow>()
            .with_query(query)
            .with_limit(rows)
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        let mut entries = Vec::new();
        for row in rows {
            let row = row.map_err(|e| StoreError::Corrupt(format!("a change: {e}")))?;
            entries.extend(row.into_entries()?);
        }
        Ok(entries)
    }
}

impl Store for IdbStore {
    fn device(&self) -> &DeviceId {
        &self.device
    }

    async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError> {
        let tx = self
            .db()?
            .transaction(WORKSPACES)
            .build()
            .map_err(backend)?;
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
        let tx = self
            .db()?
            .transaction(WORKSPACES)
            .build()
            .map_err(backend)?;
        let store = tx.object_store(WORKSPACES).map_err(backend)?;
        store
            .get(id.as_str())
            .serde()
            .map_err(backend)?
            .await
            .map_err(|e| StoreError::Corrupt(format!("workspace {id} could not be read: {e}")))
    }

    async fn records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        self.live_rows(BY_WORKSPACE, KeyRange::Only(workspace.as_str()), |r| {
            !r.deleted
        })
        .await
    }

    async fn records_of_kind(
        &self,
        workspace: &WorkspaceId,
        kind: &RecordKind,
    ) -> Result<Vec<Record>, StoreError> {
        let key = KeyRange::Only((workspace.as_str(), kind.as_str()));
        self.live_rows(BY_KIND, key, |r| !r.deleted).await
    }

    async fn all_records(&self, workspace: &WorkspaceId) -> Result<Vec<Record>, StoreError> {
        self.live_rows(BY_WORKSPACE, KeyRange::Only(workspace.as_str()), |_| true)
            .await
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<Record>, StoreError> {
        let tx = self.db()?.transaction(RECORDS).build().map_err(backend)?;
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
        let entries = self.changes_since(workspace, 0, usize::MAX).await?;
        Ok(entries.into_iter().map(|entry| entry.change).collect())
    }

    async fn latest_changes(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError> {
        self.newest(FEED_BY_LAST, limit, |after| feed_after(workspace, after))
            .await
    }

    async fn record_history(
        &self,
        key: &RecordKey,
        limit: usize,
    ) -> Result<(Vec<Change>, usize), StoreError> {
        let (workspace, kind, id) = (key.workspace.as_str(), key.kind.as_str(), key.id.as_str());
        self.newest(FEED_BY_RECORD, limit, |after| {
            KeyRange::Bound(
                (workspace, kind, id, after as f64),
                true,
                (workspace, kind, id, f64::INFINITY),
                false,
            )
        })
        .await
    }

    async fn changes_since(
        &self,
        workspace: &WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        self.first_entries(FEED_BY_LAST, feed_after(workspace, after), limit, |entry| {
            entry.seq > after
        })
        .await
    }

    async fn outbox(
        &self,
        workspace: &WorkspaceId,
        limit: usize,
    ) -> Result<Vec<FeedEntry>, StoreError> {
        self.first_entries(
            FEED_OUTBOX,
            KeyRange::Only(workspace.as_str()),
            limit,
            |entry| entry.pending,
        )
        .await
    }

    async fn acknowledge(&self, workspace: &WorkspaceId, seqs: &[u64]) -> Result<(), StoreError> {
        if seqs.is_empty() {
            return Ok(());
        }
        write::acknowledge(self.db()?, workspace, seqs).await
    }

    async fn file(
        &self,
        workspace: &WorkspaceId,
        sha256: &Sha256,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self.db()?.transaction(FILES).build().map_err(backend)?;
        let row: Option<wasm_bindgen::JsValue> = tx
            .object_store(FILES)
            .map_err(backend)?
            .get(format!("{workspace}/{sha256}"))
            .primitive()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        match row {
            Some(row) => js_rows::file_bytes(&row).await.map(Some),
            None => Ok(None),
        }
    }

    async fn file_hashes(&self, workspace: &WorkspaceId) -> Result<Vec<Sha256>, StoreError> {
        let tx = self.db()?.transaction(FILES).build().map_err(backend)?;
        let keys = tx
            .object_store(FILES)
            .map_err(backend)?
            .index(BY_WORKSPACE)
            .map_err(backend)?
            .get_all_keys::<String>()
            .with_query(workspace.as_str())
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
        let mut hashes = Vec::new();
        for key in keys {
            let key = key.map_err(backend)?;
            let sha = key.rsplit('/').next().unwrap_or_default();
            hashes.push(
                Sha256::parse(sha).map_err(|e| StoreError::Corrupt(format!("a file key: {e}")))?,
            );
        }
        hashes.sort();
        Ok(hashes)
    }

    async fn apply(&self, batch: &WriteBatch) -> Result<Applied, StoreError> {
        if batch.is_empty() {
            return Ok(Applied::default());
        }
        self.is_current()?;
        write::apply(self.db()?, &self.device, batch).await
    }
}

/// Test support: writes rows the way schema version 1 stored them, without going through the
/// current write path, so migration tests can start from a genuinely old database.
#[doc(hidden)]
pub async fn write_v1_rows(
    store: &IdbStore,
    workspace: &Workspace,
    records: &[(RecordKey, i64, serde_json::Value)],
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
    for (key, updated_at, body) in records {
        #[derive(Serialize)]
        struct V1Row<'a> {
            pk: String,
            workspace: &'a str,
            kind: &'a str,
            id: &'a str,
            updated_at: i64,
            body: String,
        }
        let row = V1Row {
            pk: RecordRow::primary_key(key),
            workspace: key.workspace.as_str(),
            kind: key.kind.as_str(),
            id: key.id.as_str(),
            updated_at: *updated_at,
            body: body.to_string(),
        };
        rows.put(&row)
            .serde()
            .map_err(backend)?
            .await
            .map_err(backend)?;
    }
    tx.commit().await.map_err(backend)
}

/// Test support: appends a change-log row the way schema version 2 stored it.
#[doc(hidden)]
pub async fn write_v2_change(
    store: &IdbStore,
    key: &RecordKey,
    field: &str,
    value: Option<&serde_json::Value>,
    at: i64,
) -> Result<(), StoreError> {
    #[derive(Serialize)]
    struct V2Row<'a> {
        workspace: &'a str,
        kind: &'a str,
        record_id: &'a str,
        field: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        at: i64,
    }
    let row = V2Row {
        workspace: key.workspace.as_str(),
        kind: key.kind.as_str(),
        record_id: key.id.as_str(),
        field,
        value: value.map(ToString::to_string),
        at,
    };
    add_alone(store, CHANGES_V2, &row).await
}

/// Test support: adds one row to the object store `name` in a transaction of its own.
async fn add_alone(store: &IdbStore, name: &str, row: &impl Serialize) -> Result<(), StoreError> {
    let tx = store
        .db
        .transaction(name)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(backend)?;
    tx.object_store(name)
        .map_err(backend)?
        .add(row)
        .serde()
        .map_err(backend)?
        .await
        .map_err(backend)?;
    tx.commit().await.map_err(backend)
}

/// Test support: adds a change to the feed the way schema versions 3 to 5 stored it (a row per
/// change, numbered `seq`), so migration tests can start from such a feed.
#[doc(hidden)]
pub async fn write_v5_change(
    store: &IdbStore,
    seq: u64,
    change: &Change,
    pending: bool,
) -> Result<(), StoreError> {
    let row = FeedRow {
        seq: Some(seq),
        workspace: change.workspace.to_string(),
        cid: change.id(),
        kind: change.kind.to_string(),
        record_id: change.record_id.to_string(),
        field: change.field.clone(),
        value: change.value.as_ref().map(ToString::to_string),
        actor: serde_json::to_string(&change.actor).map_err(backend)?,
        outbox: pending.then(|| change.workspace.to_string()),
    };
    add_alone(store, FEED_V5, &row).await
}
