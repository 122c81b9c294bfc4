//! The IndexedDB write path. One readwrite transaction per batch, in three rounds: every read the
//! batch needs is issued at once and then collected; the batch runs in memory on that slice
//! ([`Slice::run`], the same code every backend uses); every write is issued at once and then
//! collected. Requests are answered in the order they were made, so nothing waits on each
//! operation in turn. Any failure leaves the transaction uncommitted, which aborts it.

use indexed_db_futures::KeyRange;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use std::borrow::Cow;
use std::collections::HashSet;

use praxis_core::{Clock, DeviceId, Hlc, Op, WorkspaceId, WriteBatch};

use super::{
    BY_WORKSPACE, FEED, FEED_BY_ID, FEED_BY_LAST, FEED_OUTBOX, FILES, META, META_CLOCK,
    META_FEED_NEXT, META_RESTORED_UP_TO, RECORDS, RecordRow, WORKSPACES, backend, feed_after,
    js_rows,
};
use crate::slice::{Needs, Slice, WorkspaceWrite};
use crate::{Applied, StoreError};

pub(super) async fn apply(
    db: &Database,
    device: &DeviceId,
    batch: &WriteBatch,
) -> Result<Applied, StoreError> {
    let tx = db
        .transaction([WORKSPACES, RECORDS, FEED, META, FILES])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(backend)?;
    let (slice, marks) = read_slice(&tx, device, batch, &Needs::of(batch)).await?;
    let effects = slice.run(batch)?;

    for write in &effects.workspaces {
        match write {
            WorkspaceWrite::Put(workspace) => {
                let store = tx.object_store(WORKSPACES).map_err(backend)?;
                store
                    .put(workspace)
                    .serde()
                    .map_err(backend)?
                    .await
                    .map_err(backend)?;
            }
            WorkspaceWrite::Delete(id) => delete_workspace(&tx, id).await?,
        }
    }
    let records = tx.object_store(RECORDS).map_err(backend)?;
    let feed = tx.object_store(FEED).map_err(backend)?;
    let meta = tx.object_store(META).map_err(backend)?;
    let mut writes = Issued::default();
    if !effects.files.is_empty() {
        let files = tx.object_store(FILES).map_err(backend)?;
        for file in &effects.files {
            let row = js_rows::file_row(file.workspace.as_str(), file.sha256.as_str(), &file.bytes);
            writes.push(files.put(row).primitive().map_err(backend)?);
        }
    }
    for record in &effects.records {
        let put = records
            .put(js_rows::record(record))
            .primitive()
            .map_err(backend)?;
        writes.push(put);
    }
    let mut feed_rows = js_rows::FeedRows::starting_at(marks.feed_next);
    for (change, pending) in &effects.feed {
        feed_rows.push(change, *pending);
    }
    let (feed_rows, feed_next) = feed_rows.finish();
    for row in feed_rows {
        writes.push(feed.add(row).primitive().map_err(backend)?);
    }
    if feed_next != marks.feed_next {
        let put = meta
            .put(feed_next as f64)
            .with_key(META_FEED_NEXT)
            .primitive()
            .map_err(backend)?;
        writes.push(put);
    }
    let clock = meta
        .put(effects.clock.last().to_string())
        .with_key(META_CLOCK)
        .primitive()
        .map_err(backend)?;
    writes.push(clock);
    // Kept from the first write on; moved up whenever a batch restores what it was not merging.
    let restores = batch
        .ops()
        .iter()
        .any(|op| matches!(op, Op::PutRecord(_) | Op::AppendChange(_)));
    let restored_up_to = match marks.restored_up_to {
        Some(_) if restores => Some(effects.clock.last()),
        Some(_) => None,
        None => Some(effects.clock.last()),
    };
    if let Some(stamp) = restored_up_to {
        let put = meta
            .put(stamp.to_string())
            .with_key(META_RESTORED_UP_TO)
            .primitive()
            .map_err(backend)?;
        writes.push(put);
    }
    writes.collect().await?;
    tx.commit().await.map_err(backend)?;
    Ok(effects.applied)
}

/// Write requests issued and collected only once all are out, as plain JavaScript would: the
/// database works through them while this thread prepares the rest. (Collecting every few
/// hundred, to give the page's thread back sooner, made a 10,000-record import 25% slower.)
#[derive(Default)]
struct Issued {
    requests: Vec<Request>,
}

/// One issued request, waiting to be collected.
type Request = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), StoreError>>>>;

impl Issued {
    fn push<F, T, E>(&mut self, request: F)
    where
        F: std::future::Future<Output = Result<T, E>> + 'static,
        E: std::fmt::Display,
    {
        self.requests.push(Box::pin(
            async move { request.await.map(drop).map_err(backend) },
        ));
    }

    /// Waits for every request in turn; the first failure ends the batch.
    async fn collect(self) -> Result<(), StoreError> {
        for request in self.requests {
            request.await?;
        }
        Ok(())
    }
}

/// What the write path keeps in [`META`] besides the device clock.
struct Marks {
    /// The stamp up to which the feed may hold restored history, if one was kept yet.
    restored_up_to: Option<Hlc>,
    /// The sequence number the next change recorded gets.
    feed_next: u64,
}

/// Issues every read the batch needs, then collects the answers: first the clocks, workspaces
/// and records, then, for the remote changes those records do not show to be new, whether the
/// feed holds them.
async fn read_slice(
    tx: &Transaction<'_>,
    device: &DeviceId,
    batch: &WriteBatch,
    needs: &Needs,
) -> Result<(Slice<'static>, Marks), StoreError> {
    let workspaces = tx.object_store(WORKSPACES).map_err(backend)?;
    let records = tx.object_store(RECORDS).map_err(backend)?;
    let meta = tx.object_store(META).map_err(backend)?;

    let clock = meta
        .get::<String, _, _>(META_CLOCK)
        .primitive()
        .map_err(backend)?;
    let restored_up_to = meta
        .get::<String, _, _>(META_RESTORED_UP_TO)
        .primitive()
        .map_err(backend)?;
    let feed_next = meta
        .get::<f64, _, _>(META_FEED_NEXT)
        .primitive()
        .map_err(backend)?;
    let mut workspace_reads = Vec::with_capacity(needs.workspaces.len());
    for id in &needs.workspaces {
        let count = workspaces
            .count()
            .with_query(id.as_str())
            .primitive()
            .map_err(backend)?;
        workspace_reads.push((id, count));
    }
    let mut record_reads = Vec::with_capacity(needs.records.len());
    for key in &needs.records {
        let row = records
            .get::<RecordRow, _, _>(RecordRow::primary_key(key))
            .serde()
            .map_err(backend)?;
        record_reads.push(row);
    }

    let clock = match clock.await.map_err(backend)? {
        Some(text) => Clock::resume(parse_stamp(&text, "the device clock")?, device.clone()),
        None => Clock::new(device.clone()),
    };
    let restored_up_to = match restored_up_to.await.map_err(backend)? {
        Some(text) => Some(parse_stamp(&text, "the restored history mark")?),
        None => None,
    };
    // Set by the upgrade to version 6, which every database goes through.
    let feed_next = match feed_next.await.map_err(backend)? {
        Some(next) if next >= 1.0 && next.fract() == 0.0 => next as u64,
        _ => {
            return Err(StoreError::Corrupt(
                "the feed's next sequence number is missing".into(),
            ));
        }
    };
    let mut slice = Slice {
        workspaces: Default::default(),
        records: Default::default(),
        seen: Default::default(),
        clock,
    };
    for (id, count) in workspace_reads {
        let exists = count.await.map_err(backend)? > 0;
        slice.workspaces.insert(id.clone(), exists);
    }
    for row in record_reads {
        if let Some(row) = row.await.map_err(backend)? {
            let record = row.into_record()?;
            slice.records.insert(record.key(), Cow::Owned(record));
        }
    }

    // Without a mark yet, everything up to the device clock may be restored history.
    let bound = restored_up_to.as_ref().unwrap_or(slice.clock.last());
    let feed = tx.object_store(FEED).map_err(backend)?;
    let by_id = feed.index(FEED_BY_ID).map_err(backend)?;
    let mut asked = HashSet::new();
    let mut seen_reads = Vec::new();
    for op in batch.ops() {
        let Op::Merge(change) = op else { continue };
        // See META_RESTORED_UP_TO for why no other change can be in the feed.
        let may_have_been_seen = change.clock.witnessed_by(bound)
            || (slice.records.get(&change.key())).is_some_and(|r| r.covers(change));
        if !may_have_been_seen || !asked.insert((&change.workspace, &change.clock)) {
            continue;
        }
        let count = by_id
            .count()
            .with_query(KeyRange::Only((change.workspace.as_str(), change.id())))
            .serde()
            .map_err(backend)?;
        seen_reads.push((change, count));
    }
    for (change, count) in seen_reads {
        if count.await.map_err(backend)? > 0 {
            slice
                .seen
                .insert((change.workspace.clone(), change.clock.clone()));
        }
    }
    Ok((
        slice,
        Marks {
            restored_up_to,
            feed_next,
        },
    ))
}

/// Takes the changes numbered `seqs` out of the workspace's outbox, in one transaction: each
/// outbox row of the workspace loses them from its waiting list, and leaves the outbox when none
/// are left.
pub(super) async fn acknowledge(
    db: &Database,
    workspace: &WorkspaceId,
    seqs: &[u64],
) -> Result<(), StoreError> {
    let tx = db
        .transaction(FEED)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(backend)?;
    let feed = tx.object_store(FEED).map_err(backend)?;
    let rows = feed
        .index(FEED_OUTBOX)
        .map_err(backend)?
        .get_all::<wasm_bindgen::JsValue>()
        .with_query(workspace.as_str())
        .primitive()
        .map_err(backend)?
        .await
        .map_err(backend)?;
    // Sequence numbers stay far below 2^53, so they are exact as JavaScript numbers.
    let acknowledged: Vec<f64> = seqs.iter().map(|&seq| seq as f64).collect();
    let mut writes = Issued::default();
    for row in rows {
        let row = row.map_err(backend)?;
        if js_rows::acknowledge_in(&row, &acknowledged) {
            writes.push(feed.put(row).primitive().map_err(backend)?);
        }
    }
    writes.collect().await?;
    tx.commit().await.map_err(backend)
}

fn parse_stamp(text: &str, what: &str) -> Result<Hlc, StoreError> {
    text.parse()
        .map_err(|e: praxis_core::ClockError| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Removes a workspace with its records, its files and its feed (as they were before this batch: the batch's
/// own rows for it are written afterwards).
async fn delete_workspace(tx: &Transaction<'_>, id: &WorkspaceId) -> Result<(), StoreError> {
    let workspaces = tx.object_store(WORKSPACES).map_err(backend)?;
    let gone = workspaces
        .delete(id.as_str())
        .primitive()
        .map_err(backend)?;
    // Records and files are found by the workspace they belong to.
    let mut by_workspace = Vec::new();
    for name in [RECORDS, FILES] {
        let store = tx.object_store(name).map_err(backend)?;
        let keys = store
            .index(BY_WORKSPACE)
            .map_err(backend)?
            .get_all_keys::<String>()
            .with_query(id.as_str())
            .serde()
            .map_err(backend)?;
        by_workspace.push((store, keys));
    }
    let feed = tx.object_store(FEED).map_err(backend)?;
    let whole_feed = feed_after(id, 0);
    let feed_keys = feed
        .index(FEED_BY_LAST)
        .map_err(backend)?
        .get_all_keys::<[f64; 2]>()
        .with_query(whole_feed)
        .serde()
        .map_err(backend)?;
    gone.await.map_err(backend)?;
    let mut deletes = Vec::new();
    for (store, keys) in by_workspace {
        for key in keys.await.map_err(backend)? {
            let key = key.map_err(backend)?;
            deletes.push(store.delete(key).primitive().map_err(backend)?);
        }
    }
    for key in feed_keys.await.map_err(backend)? {
        let key = key.map_err(backend)?;
        deletes.push(feed.delete(key).primitive().map_err(backend)?);
    }
    for delete in deletes {
        delete.await.map_err(backend)?;
    }
    Ok(())
}
