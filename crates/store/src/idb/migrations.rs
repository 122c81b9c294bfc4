//! The IndexedDB schema, built by numbered, append-only steps: each runs inside the upgrade
//! transaction, and a step that fails rolls the whole upgrade back.

use std::collections::BTreeMap;

use indexed_db_futures::KeyPath;
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use praxis_core::{Actor, Clock, DeviceId, Hlc};
use serde::Deserialize;

use super::{
    BY_KIND, BY_WORKSPACE, CHANGES_V2, FEED, FEED_BY_ID, FEED_BY_LAST, FEED_BY_RECORD, FEED_BY_SEQ,
    FEED_OUTBOX, FEED_V5, FILES, FeedRow, META, META_CLOCK, META_DEVICE, META_FEED_NEXT, RECORDS,
    RecordRow, WORKSPACES, js_rows,
};

/// One schema step: the version it brings the database to and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub describe: &'static str,
}

/// Every schema step, in order. Append only; [`migrate`] carries each out.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        describe: "workspaces, and records keyed by workspace/kind/id",
    },
    Migration {
        version: 2,
        describe: "field-level change log, appended in the same transaction as its records",
    },
    Migration {
        version: 3,
        describe: "clocks: field clocks on records, the device id and clock, a change feed with \
                   ids, people, sequence numbers and an outbox; records by kind",
    },
    Migration {
        version: 4,
        describe: "the change feed by record, for each record's history",
    },
    Migration {
        version: 5,
        describe: "the feed keeps the stamp up to which it may hold restored history, so merging \
                   asks it only about changes it may hold; builds that do not keep that stamp \
                   can no longer open the database",
    },
    Migration {
        version: 6,
        describe: "the change feed keeps the changes one batch made to one record in one row",
    },
    Migration {
        version: 7,
        describe: "evidence files' bytes as blobs, by workspace and SHA-256",
    },
];

/// The schema version of the newest migration step.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |step| step.version)
}

/// Carries out step `version` inside the upgrade transaction.
pub(super) async fn migrate(db: &Database, version: u32) -> indexed_db_futures::Result<()> {
    match version {
        1 => {
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
        }
        2 => {
            let changes = db
                .create_object_store(CHANGES_V2)
                .with_auto_increment(true)
                .build()?;
            changes
                .create_index(BY_WORKSPACE, KeyPath::One("workspace"))
                .build()?;
        }
        3 => upgrade_to_v3(db).await?,
        4 => {
            let (name, scratch) = scratch_store(db)?;
            scratch
                .transaction()
                .object_store(FEED_V5)?
                .create_index(
                    FEED_BY_RECORD,
                    KeyPath::from(vec!["workspace", "kind", "record_id", "seq"]),
                )
                .build()?;
            db.delete_object_store(&name)?;
        }
        // Nothing to move: the mark is written by the first write (everything stored before it
        // counts as restored history), and the version keeps older builds, which would not
        // move the mark, out.
        5 => {}
        6 => upgrade_to_v6(db).await?,
        7 => {
            db.create_object_store(FILES)
                .with_key_path(KeyPath::One("pk"))
                .build()?
                .create_index(BY_WORKSPACE, KeyPath::One("workspace"))
                .build()?;
        }
        _ => {}
    }
    Ok(())
}

/// A store made inside an upgrade under a name no store has, with that name: indexed_db_futures
/// 0.6 hands out the upgrade's transaction (needed to index an existing store, or to abort) only
/// through a store made in it.
fn scratch_store(db: &Database) -> indexed_db_futures::Result<(String, ObjectStore<'_>)> {
    let taken: Vec<String> = db.object_store_names().collect();
    let name = (0..)
        .map(|n| format!("upgrade_scratch_{n}"))
        .find(|name| !taken.contains(name))
        .expect("a free name");
    let store = db.create_object_store(&name).build()?;
    Ok((name, store))
}

/// Rolls a failed upgrade back whole. Returning the error is not enough: the open request then
/// fails, but the upgrade's transaction stays open and would commit the steps before the failed
/// one and the new version number, leaving data that claims a schema it does not have (closing
/// the connection does not stop that either).
pub(super) fn abort_upgrade(db: &Database) {
    if let Ok((_, store)) = scratch_store(db) {
        // An error only means the transaction is no longer running: nothing will commit.
        let _ = store.transaction().as_sys().abort();
    }
}

/// Version 3: a device id and clock, field clocks on every record (assessments in their
/// field-per-part layout), and the version 2 log moved into the change feed with clocks.
async fn upgrade_to_v3(db: &Database) -> indexed_db_futures::Result<()> {
    let meta = db.create_object_store(META).build()?;
    let feed = db
        .create_object_store(FEED_V5)
        .with_key_path(KeyPath::One("seq"))
        .with_auto_increment(true)
        .build()?;
    feed.create_index(FEED_BY_SEQ, KeyPath::from(vec!["workspace", "seq"]))
        .build()?;
    feed.create_index(FEED_BY_ID, KeyPath::from(vec!["workspace", "cid"]))
        .with_unique(true)
        .build()?;
    feed.create_index(FEED_OUTBOX, KeyPath::One("outbox"))
        .build()?;
    let tx = meta.transaction();
    let records = tx.object_store(RECORDS)?;
    records
        .create_index(BY_KIND, KeyPath::from(vec!["workspace", "kind"]))
        .build()?;

    let device = new_device_id();
    let legacy = DeviceId::parse("legacy").expect("a valid device id");
    let mut clock = Clock::new(device.clone());
    let rows: Vec<RecordRow> = records
        .get_all()
        .serde()?
        .await?
        .collect::<Result<_, _>>()?;
    // Framework records move to ids that no two framework ids share; their history follows.
    let mut moved: BTreeMap<(String, String), String> = BTreeMap::new();
    for mut row in rows {
        let mut body: serde_json::Value =
            serde_json::from_str(&row.body).unwrap_or(serde_json::Value::Null);
        if row.kind == praxis_core::framework::framework_kind().as_str()
            && let Some(framework_id) = body.get("id").and_then(serde_json::Value::as_str)
            && let Some(id) =
                praxis_core::framework::moved_framework_record_id(framework_id, &row.id)
        {
            let id = id.to_string();
            records.delete(row.pk.clone()).primitive()?.await?;
            moved.insert((row.workspace.clone(), row.id.clone()), id.clone());
            row.pk = format!("{}/{}/{}", row.workspace, row.kind, id);
            row.id = id;
        }
        if row.kind == praxis_core::assessment::assessment_kind().as_str()
            && let Some(upgraded) = body
                .as_object()
                .and_then(praxis_core::assessment::upgrade_legacy_body)
        {
            body = serde_json::Value::Object(upgraded);
        }
        let stamp = Hlc::new(row.updated_at, 0, legacy.clone());
        clock.observe(&stamp, i64::MAX / 2).ok();
        let clocks: BTreeMap<String, Hlc> = body
            .as_object()
            .map(|fields| {
                fields
                    .keys()
                    .map(|field| (field.clone(), stamp.clone()))
                    .collect()
            })
            .unwrap_or_default();
        row.body = body.to_string();
        row.clocks = serde_json::to_string(&clocks).expect("plain data");
        records.put(&row).serde()?.await?;
    }

    let old_log = tx.object_store(CHANGES_V2)?;
    let old: Vec<ChangeRowV2> = old_log
        .get_all()
        .serde()?
        .await?
        .collect::<Result<_, _>>()?;
    let actor = serde_json::to_string(&Actor::unrecorded()).expect("plain data");
    for (position, change) in old.into_iter().enumerate() {
        let counter = u32::try_from(position).unwrap_or(u32::MAX);
        let stamp = Hlc::new(change.at, counter, legacy.clone());
        clock.observe(&stamp, i64::MAX / 2).ok();
        let record_id = moved
            .get(&(change.workspace.clone(), change.record_id.clone()))
            .filter(|_| change.kind == praxis_core::framework::framework_kind().as_str())
            .cloned()
            .unwrap_or(change.record_id);
        let row = FeedRow {
            seq: None,
            workspace: change.workspace,
            cid: stamp.to_string(),
            kind: change.kind,
            record_id,
            field: change.field,
            value: change.value,
            actor: actor.clone(),
            outbox: None,
        };
        feed.add(&row).serde()?.await?;
    }
    old_log.delete_object_store()?;

    meta.put(device.as_str())
        .with_key(META_DEVICE)
        .primitive()?
        .await?;
    let last = Clock::resume(clock.last().clone(), device)
        .last()
        .to_string();
    meta.put(last).with_key(META_CLOCK).primitive()?.await?;
    Ok(())
}

/// Version 6: the feed moves from a row per change into rows that each hold the changes one
/// batch made to one record ([`super::GroupRow`]). Sequence numbers stay as they were: each run of
/// consecutive numbers with one record and one outbox state becomes one row, and the next change
/// gets the number after the last.
async fn upgrade_to_v6(db: &Database) -> indexed_db_futures::Result<()> {
    let groups = db
        .create_object_store(FEED)
        .with_key_path(KeyPath::from(vec!["seq", "last"]))
        .build()?;
    groups
        .create_index(FEED_BY_LAST, KeyPath::from(vec!["workspace", "last"]))
        .build()?;
    groups
        .create_index(FEED_BY_ID, KeyPath::One("ids"))
        .with_unique(true)
        .with_multi_entry(true)
        .build()?;
    groups
        .create_index(FEED_OUTBOX, KeyPath::One("outbox"))
        .build()?;
    groups
        .create_index(
            FEED_BY_RECORD,
            KeyPath::from(vec!["workspace", "kind", "record_id", "seq"]),
        )
        .build()?;
    let tx = groups.transaction();
    let old_feed = tx.object_store(FEED_V5)?;
    let old: Vec<FeedRow> = old_feed
        .get_all()
        .serde()?
        .await?
        .collect::<Result<_, _>>()?;
    let (mut next, mut made) = (1, Vec::new());
    let mut rows = js_rows::FeedRows::starting_at(next);
    for row in old {
        let Some(seq) = row.seq else { continue };
        if seq != next {
            made.extend(rows.finish().0);
            rows = js_rows::FeedRows::starting_at(seq);
        }
        rows.push_row(&row);
        next = seq + 1;
    }
    made.extend(rows.finish().0);
    // Every row is issued before any is waited for: a long feed moves in one pass.
    let adds = made
        .into_iter()
        .map(|group| groups.add(group).primitive())
        .collect::<Result<Vec<_>, _>>()?;
    for add in adds {
        add.await?;
    }
    old_feed.delete_object_store()?;
    tx.object_store(META)?
        .put(next as f64)
        .with_key(META_FEED_NEXT)
        .primitive()?
        .await?;
    Ok(())
}

/// A device id that no other device will have: 16 random hex digits.
fn new_device_id() -> DeviceId {
    let random = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    DeviceId::parse(&format!("d{:08x}{:08x}", random(), random())).expect("a valid device id")
}

/// A change as schema version 2 stored it.
#[derive(Debug, Deserialize)]
struct ChangeRowV2 {
    workspace: String,
    kind: String,
    record_id: String,
    field: String,
    #[serde(default)]
    value: Option<String>,
    at: i64,
}
