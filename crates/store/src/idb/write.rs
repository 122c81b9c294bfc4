//! The IndexedDB write path. One readwrite transaction per batch, in three rounds: every read the
//! batch needs is issued at once and then collected; the batch runs in memory on that slice
//! ([`Slice::run`], the same code every backend uses); every write is issued at once and then
//! collected. Requests are answered in the order they were made, so nothing waits on each
//! operation in turn. Any failure leaves the transaction uncommitted, which aborts it.

use indexed_db_futures::KeyRange;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use praxis_core::{Clock, DeviceId, Hlc, WorkspaceId, WriteBatch};

use super::{
    BY_WORKSPACE, FEED, FEED_BY_ID, FEED_BY_SEQ, FeedRow, META, META_CLOCK, RECORDS, RecordRow,
    WORKSPACES, backend, feed_after,
};
use crate::slice::{Needs, Slice, WorkspaceWrite};
use crate::{Applied, StoreError};

pub(super) async fn apply(
    db: &Database,
    device: &DeviceId,
    batch: &WriteBatch,
) -> Result<Applied, StoreError> {
    let tx = db
        .transaction([WORKSPACES, RECORDS, FEED, META])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(backend)?;
    let slice = read_slice(&tx, device, &Needs::of(batch)).await?;
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
    let mut writes = InFlight::default();
    for record in &effects.records {
        let put = records
            .put(&RecordRow::from_record(record))
            .serde()
            .map_err(backend)?;
        writes.push(put).await?;
    }
    for (change, pending) in &effects.feed {
        let add = feed
            .add(&FeedRow::from_change(change, *pending))
            .serde()
            .map_err(backend)?;
        writes.push(add).await?;
    }
    let clock = meta
        .put(effects.clock.last().to_string())
        .with_key(META_CLOCK)
        .primitive()
        .map_err(backend)?;
    writes.push(clock).await?;
    writes.finish().await?;
    tx.commit().await.map_err(backend)?;
    Ok(effects.applied)
}

/// Requests issued but not yet collected. Every [`InFlight::CHUNK`] requests the oldest are
/// collected, so a large batch never holds the page's thread for long; collecting resumes inside
/// a request's success event, where the transaction is still active for the next ones.
#[derive(Default)]
struct InFlight {
    pending: Vec<Pending>,
}

/// One issued request, waiting to be collected.
type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), StoreError>>>>;

impl InFlight {
    const CHUNK: usize = 500;

    async fn push<F, T, E>(&mut self, request: F) -> Result<(), StoreError>
    where
        F: std::future::Future<Output = Result<T, E>> + 'static,
        E: std::fmt::Display,
    {
        self.pending.push(Box::pin(
            async move { request.await.map(drop).map_err(backend) },
        ));
        if self.pending.len() >= Self::CHUNK {
            self.finish().await?;
        }
        Ok(())
    }

    async fn finish(&mut self) -> Result<(), StoreError> {
        for request in self.pending.drain(..) {
            request.await?;
        }
        Ok(())
    }
}

/// Issues every read the batch needs, then collects the answers.
async fn read_slice(
    tx: &Transaction<'_>,
    device: &DeviceId,
    needs: &Needs,
) -> Result<Slice, StoreError> {
    let workspaces = tx.object_store(WORKSPACES).map_err(backend)?;
    let records = tx.object_store(RECORDS).map_err(backend)?;
    let feed = tx.object_store(FEED).map_err(backend)?;
    let by_id = feed.index(FEED_BY_ID).map_err(backend)?;
    let meta = tx.object_store(META).map_err(backend)?;

    let clock = meta
        .get::<String, _, _>(META_CLOCK)
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
    let mut seen_reads = Vec::with_capacity(needs.changes.len());
    for (workspace, clock) in &needs.changes {
        let count = by_id
            .count()
            .with_query(KeyRange::Only((workspace.as_str(), clock.to_string())))
            .serde()
            .map_err(backend)?;
        seen_reads.push(((workspace, clock), count));
    }

    let last: Option<String> = clock.await.map_err(backend)?;
    let clock = match last {
        Some(text) => {
            let last: Hlc = text.parse().map_err(|e: praxis_core::ClockError| {
                StoreError::Corrupt(format!("the device clock: {e}"))
            })?;
            Clock::resume(last, device.clone())
        }
        None => Clock::new(device.clone()),
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
            slice.records.insert(record.key(), record);
        }
    }
    for ((workspace, clock), count) in seen_reads {
        if count.await.map_err(backend)? > 0 {
            slice.seen.insert((workspace.clone(), clock.clone()));
        }
    }
    Ok(slice)
}

/// Removes a workspace with its records and its feed (as they were before this batch: the batch's
/// own rows for it are written afterwards).
async fn delete_workspace(tx: &Transaction<'_>, id: &WorkspaceId) -> Result<(), StoreError> {
    let workspaces = tx.object_store(WORKSPACES).map_err(backend)?;
    let gone = workspaces
        .delete(id.as_str())
        .primitive()
        .map_err(backend)?;
    let records = tx.object_store(RECORDS).map_err(backend)?;
    let record_keys = records
        .index(BY_WORKSPACE)
        .map_err(backend)?
        .get_all_keys::<String>()
        .with_query(id.as_str())
        .serde()
        .map_err(backend)?;
    let feed = tx.object_store(FEED).map_err(backend)?;
    let whole_feed = feed_after(id, 0);
    let feed_keys = feed
        .index(FEED_BY_SEQ)
        .map_err(backend)?
        .get_all_keys::<f64>()
        .with_query(whole_feed)
        .serde()
        .map_err(backend)?;
    gone.await.map_err(backend)?;
    let mut deletes = Vec::new();
    for key in record_keys.await.map_err(backend)? {
        let key = key.map_err(backend)?;
        deletes.push(records.delete(key).primitive().map_err(backend)?);
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
