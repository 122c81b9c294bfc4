//! The contract every [`Store`] backend must honour, written once and run against each backend:
//! natively against [`crate::MemoryStore`], in headless Chromium against the IndexedDB store.
//!
//! Each case gets a fresh, empty store from the caller's factory and panics with the case's name
//! when the backend breaks the contract.

use std::future::Future;

use praxis_core::{
    Actor, Backup, Change, DeviceId, Hlc, MAX_DRIFT_MS, Op, RecordId, RecordKey, RecordKind,
    Workspace, WorkspaceId, WorkspaceName, WriteBatch,
};
use serde_json::{Value, json};

use crate::{Store, StoreError};

mod feed;
mod files;
mod merging;

/// Runs every contract case, each on a fresh store from `fresh`.
pub async fn run_all<S, F, Fut>(mut fresh: F)
where
    S: Store,
    F: FnMut() -> Fut,
    Fut: Future<Output = S>,
{
    empty_store_has_nothing(&fresh().await).await;
    workspaces_round_trip_and_sort_by_name(&fresh().await).await;
    rename_overwrites_workspace_and_is_logged(&fresh().await).await;
    records_round_trip_hostile_text(&fresh().await).await;
    records_are_isolated_per_workspace_and_listed_by_kind(&fresh().await).await;
    edits_from_the_same_stale_read_keep_each_others_fields(&fresh().await).await;
    delete_is_a_tombstone_and_restore_brings_every_field_back(&fresh().await).await;
    delete_workspace_cascades(&fresh().await).await;
    failed_batch_changes_nothing(&fresh().await).await;
    change_for_unknown_workspace_is_refused(&fresh().await).await;
    reserved_field_names_are_refused(&fresh().await).await;
    the_feed_pages_in_order_and_the_outbox_holds_local_changes(&fresh().await).await;
    merging_is_idempotent_and_older_never_overwrites_newer(&fresh().await).await;
    a_record_history_holds_its_own_changes_newest_first(&fresh().await).await;
    feed::a_batch_records_its_changes_grouped_by_record(&fresh().await).await;
    merging::duplicates_and_late_changes_in_one_batch_merge_once(&fresh().await).await;
    merging::restored_history_is_never_merged_again(&fresh().await).await;
    merging::concurrent_notes_are_kept_until_resolved(&fresh().await).await;
    a_clock_too_far_ahead_is_refused(&fresh().await).await;
    batch_ops_run_in_order(&fresh().await).await;
    backup_round_trip_is_identical(&fresh().await, &fresh().await).await;
    files::files_are_kept_by_hash_with_their_record_and_go_with_the_workspace(&fresh().await).await;
}

pub const NOW: i64 = 1_764_000_000_000;

pub fn actor() -> Actor {
    Actor::parse("Ada Lovelace", "ada@example.org").expect("valid actor")
}

pub fn batch() -> WriteBatch {
    WriteBatch::new(actor(), NOW)
}

pub fn workspace(id: &str, name: &str) -> Workspace {
    Workspace::new(
        ws_id(id),
        WorkspaceName::parse(name).expect("valid name"),
        NOW,
    )
}

pub fn ws_id(id: &str) -> WorkspaceId {
    WorkspaceId::parse(id).expect("valid workspace id")
}

pub fn key(workspace: &str, kind: &str, id: &str) -> RecordKey {
    RecordKey {
        workspace: ws_id(workspace),
        kind: RecordKind::parse(kind).expect("valid kind"),
        id: RecordId::parse(id).expect("valid record id"),
    }
}

/// A batch creating workspace `id` and, for each key, a record with the given body.
pub fn setup(id: &str, records: &[(&RecordKey, Value)]) -> WriteBatch {
    let mut b = batch();
    b.save_workspace(None, workspace(id, "W"));
    for (key, body) in records {
        b.edit_fields(key, None, body);
    }
    b
}

async fn must_apply<S: Store>(store: &S, batch: &WriteBatch, case: &str) {
    if let Err(error) = store.apply(batch).await {
        panic!("{case}: apply failed: {error}");
    }
}

async fn body_of<S: Store>(store: &S, key: &RecordKey, case: &str) -> Option<Value> {
    store
        .record(key)
        .await
        .expect(case)
        .filter(|r| !r.deleted)
        .map(|r| r.body)
}

fn remote(key: &RecordKey, field: &str, value: Value, clock: Hlc) -> Change {
    Change {
        replaces: Vec::new(),
        workspace: key.workspace.clone(),
        kind: key.kind.clone(),
        record_id: key.id.clone(),
        field: field.to_owned(),
        value: Some(value),
        clock,
        actor: Actor::parse("Grace", "").expect("valid actor"),
    }
}

fn other_device(wall: i64, counter: u32) -> Hlc {
    Hlc::new(
        wall,
        counter,
        DeviceId::parse("other").expect("valid device"),
    )
}

async fn empty_store_has_nothing<S: Store>(store: &S) {
    let case = "empty_store_has_nothing";
    let nope = ws_id("nope");
    assert_eq!(store.workspaces().await.expect(case), vec![], "{case}");
    assert_eq!(store.workspace(&nope).await.expect(case), None, "{case}");
    assert_eq!(store.records(&nope).await.expect(case), vec![], "{case}");
    assert_eq!(
        store.all_records(&nope).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(store.changes(&nope).await.expect(case), vec![], "{case}");
    assert_eq!(store.outbox(&nope, 10).await.expect(case), vec![], "{case}");
    assert!(!store.device().as_str().is_empty(), "{case}");
}

async fn workspaces_round_trip_and_sort_by_name<S: Store>(store: &S) {
    let case = "workspaces_round_trip_and_sort_by_name";
    let zeta = workspace("w1", "zeta Labs");
    let acme = workspace("w2", "Acme Ltd");
    let beta = workspace("w3", "beta GmbH");
    let mut b = batch();
    for w in [&zeta, &acme, &beta] {
        b.push(Op::PutWorkspace(w.clone()));
    }
    must_apply(store, &b, case).await;
    let names: Vec<String> = store
        .workspaces()
        .await
        .expect(case)
        .iter()
        .map(|w| w.name.as_str().to_owned())
        .collect();
    assert_eq!(
        names,
        ["Acme Ltd", "beta GmbH", "zeta Labs"],
        "{case}: sorted by name"
    );
    assert_eq!(
        store.workspace(&acme.id).await.expect(case),
        Some(acme),
        "{case}"
    );
}

async fn rename_overwrites_workspace_and_is_logged<S: Store>(store: &S) {
    let case = "rename_overwrites_workspace_and_is_logged";
    let before = workspace("w1", "Old name");
    let mut create = batch();
    create.save_workspace(None, before.clone());
    must_apply(store, &create, case).await;
    let after = before.renamed(WorkspaceName::parse("New name").expect(case), NOW + 5);
    let mut rename = batch();
    rename.save_workspace(Some(&before), after.clone());
    must_apply(store, &rename, case).await;
    assert_eq!(store.workspaces().await.expect(case), vec![after], "{case}");
    let names: Vec<Option<Value>> = store
        .changes(&before.id)
        .await
        .expect(case)
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(
        names,
        [Some(json!("Old name")), Some(json!("New name"))],
        "{case}"
    );
}

async fn records_round_trip_hostile_text<S: Store>(store: &S) {
    let case = "records_round_trip_hostile_text";
    let hostile = "</script><img src=x onerror=alert(1)> ' \" \\ \u{202e}RTL \u{1F600} \0 null";
    let body = json!({
        "text": hostile,
        "big": 9_007_199_254_740_991_i64,
        "nested": {"list": [1, 2.5, null, true, "x"]},
        "long": "x".repeat(50_000),
        "</script><img src=x> ' \" \\ \u{202e}\u{1F600}": "a hostile field name",
    });
    let profile = key("w1", "profile", "profile");
    must_apply(store, &setup("w1", &[(&profile, body.clone())]), case).await;
    let stored = store.record(&profile).await.expect(case).expect(case);
    assert_eq!(stored.body, body, "{case}");
    assert_eq!(stored.clocks.len(), 5, "{case}: one clock per field");
    assert!(
        stored.clocks.values().all(|c| c.device() == store.device()),
        "{case}"
    );
    let listed = store
        .records_of_kind(&ws_id("w1"), &profile.kind)
        .await
        .expect(case);
    assert!(listed == vec![stored], "{case}: listed as read");
}

async fn records_are_isolated_per_workspace_and_listed_by_kind<S: Store>(store: &S) {
    let case = "records_are_isolated_per_workspace_and_listed_by_kind";
    let (a, b) = (key("a", "note", "n1"), key("b", "note", "n1"));
    let other = key("a", "task", "t1");
    must_apply(
        store,
        &setup("a", &[(&a, json!({"v": "a"})), (&other, json!({"t": 1}))]),
        case,
    )
    .await;
    must_apply(store, &setup("b", &[(&b, json!({"v": "b"}))]), case).await;
    let bodies = |records: Vec<praxis_core::Record>| -> Vec<Value> {
        records.into_iter().map(|r| r.body).collect()
    };
    assert_eq!(
        bodies(
            store
                .records_of_kind(&ws_id("a"), &a.kind)
                .await
                .expect(case)
        ),
        [json!({"v": "a"})],
        "{case}"
    );
    assert_eq!(
        bodies(
            store
                .records_of_kind(&ws_id("b"), &b.kind)
                .await
                .expect(case)
        ),
        [json!({"v": "b"})],
        "{case}"
    );
    assert_eq!(
        store.records(&ws_id("a")).await.expect(case).len(),
        3,
        "{case}"
    );
    // The workspace record holds the name.
    let by_name = store
        .records_of_kind(&ws_id("a"), &praxis_core::workspace_kind())
        .await
        .expect(case);
    assert_eq!(bodies(by_name), [json!({"name": "W"})], "{case}");
}

/// Two pages read the same record, each changes a different field, and each saves what it
/// changed: both changes survive, whatever order they land in.
async fn edits_from_the_same_stale_read_keep_each_others_fields<S: Store>(store: &S) {
    let case = "edits_from_the_same_stale_read_keep_each_others_fields";
    let record = key("w", "assessment", "a1");
    let read = json!({"title": "T", "x#rating": 1, "y#rating": 1});
    must_apply(store, &setup("w", &[(&record, read.clone())]), case).await;
    let mut first_tab = read.clone();
    first_tab["x#rating"] = json!(4);
    let mut second_tab = read.clone();
    second_tab["y#rating"] = json!(5);
    let mut first = batch();
    first.edit_fields(&record, Some(&read), &first_tab);
    let mut second = batch();
    second.edit_fields(&record, Some(&read), &second_tab);
    must_apply(store, &first, case).await;
    must_apply(store, &second, case).await;
    assert_eq!(
        body_of(store, &record, case).await,
        Some(json!({"title": "T", "x#rating": 4, "y#rating": 5})),
        "{case}"
    );
}

async fn delete_is_a_tombstone_and_restore_brings_every_field_back<S: Store>(store: &S) {
    let case = "delete_is_a_tombstone_and_restore_brings_every_field_back";
    let (keep, gone) = (key("w", "note", "keep"), key("w", "note", "gone"));
    must_apply(
        store,
        &setup("w", &[(&keep, json!({"a": 1})), (&gone, json!({"a": 2}))]),
        case,
    )
    .await;
    let mut delete = batch();
    delete.delete_record(&gone);
    must_apply(store, &delete, case).await;
    // Deleting again is harmless.
    must_apply(store, &delete, case).await;
    let live: Vec<RecordKey> = store
        .records(&ws_id("w"))
        .await
        .expect(case)
        .iter()
        .map(|r| r.key())
        .filter(|k| k.kind.as_str() == "note")
        .collect();
    assert_eq!(live, std::slice::from_ref(&keep), "{case}");
    let tombstone = store.record(&gone).await.expect(case).expect(case);
    assert!(tombstone.deleted, "{case}: kept as a tombstone");
    assert!(
        store
            .all_records(&ws_id("w"))
            .await
            .expect(case)
            .contains(&tombstone),
        "{case}: backups and sync see tombstones"
    );
    // An edit while deleted is kept inside; restoring shows it.
    let mut edit = batch();
    edit.set_field(&gone, "b", Some(json!(3)));
    must_apply(store, &edit, case).await;
    assert_eq!(
        body_of(store, &gone, case).await,
        None,
        "{case}: still deleted"
    );
    let mut restore = batch();
    restore.restore_record(&gone);
    must_apply(store, &restore, case).await;
    assert_eq!(
        body_of(store, &gone, case).await,
        Some(json!({"a": 2, "b": 3})),
        "{case}"
    );
}

async fn delete_workspace_cascades<S: Store>(store: &S) {
    let case = "delete_workspace_cascades";
    let (gone, kept) = (key("gone", "note", "n"), key("kept", "note", "n"));
    must_apply(store, &setup("gone", &[(&gone, json!({"a": 1}))]), case).await;
    must_apply(store, &setup("kept", &[(&kept, json!({"a": 2}))]), case).await;
    let mut delete = batch();
    delete.delete_workspace(ws_id("gone"));
    must_apply(store, &delete, case).await;
    assert_eq!(
        store.workspace(&ws_id("gone")).await.expect(case),
        None,
        "{case}"
    );
    assert_eq!(
        store.all_records(&ws_id("gone")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        store.changes(&ws_id("gone")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        store.outbox(&ws_id("gone"), 10).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        body_of(store, &kept, case).await,
        Some(json!({"a": 2})),
        "{case}"
    );
    assert_eq!(
        store.changes(&ws_id("kept")).await.expect(case).len(),
        2,
        "{case}"
    );
}

async fn failed_batch_changes_nothing<S: Store>(store: &S) {
    let case = "failed_batch_changes_nothing";
    let old = key("old", "note", "n");
    must_apply(store, &setup("old", &[(&old, json!({"v": 1}))]), case).await;
    let changes_before = store.changes(&ws_id("old")).await.expect(case);

    let mut doomed = batch();
    doomed
        .save_workspace(None, workspace("new", "New"))
        .set_field(&key("new", "note", "n"), "v", Some(json!(0)))
        .set_field(&old, "v", Some(json!(2)))
        .delete_workspace(ws_id("old"))
        .set_field(&key("missing", "note", "n"), "v", Some(json!(1)));
    let error = store.apply(&doomed).await.expect_err(case);
    assert_eq!(
        error,
        StoreError::UnknownWorkspace(ws_id("missing")),
        "{case}"
    );
    assert_eq!(
        store.workspaces().await.expect(case),
        vec![workspace("old", "W")],
        "{case}: nothing added"
    );
    assert_eq!(
        store.all_records(&ws_id("new")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        body_of(store, &old, case).await,
        Some(json!({"v": 1})),
        "{case}: rolled back"
    );
    assert_eq!(
        store.changes(&ws_id("old")).await.expect(case),
        changes_before,
        "{case}"
    );
}

async fn change_for_unknown_workspace_is_refused<S: Store>(store: &S) {
    let case = "change_for_unknown_workspace_is_refused";
    let ghost = key("ghost", "note", "n");
    let mut doomed = batch();
    doomed.set_field(&ghost, "a", Some(json!(1)));
    let error = store.apply(&doomed).await.expect_err(case);
    assert_eq!(
        error,
        StoreError::UnknownWorkspace(ws_id("ghost")),
        "{case}"
    );
    let mut merged = batch();
    merged.merge(remote(&ghost, "a", json!(1), other_device(NOW, 0)));
    let error = store.apply(&merged).await.expect_err(case);
    assert_eq!(
        error,
        StoreError::UnknownWorkspace(ws_id("ghost")),
        "{case}"
    );
    assert_eq!(
        store.changes(&ws_id("ghost")).await.expect(case),
        vec![],
        "{case}"
    );
}

async fn reserved_field_names_are_refused<S: Store>(store: &S) {
    let case = "reserved_field_names_are_refused";
    let note = key("w", "note", "n");
    must_apply(store, &setup("w", &[(&note, json!({"a": 1}))]), case).await;
    for field in ["$owner", "", "a\nb"] {
        let mut doomed = batch();
        doomed
            .set_field(&note, "a", Some(json!(2)))
            .set_field(&note, field, Some(json!(1)));
        let error = store.apply(&doomed).await.expect_err(case);
        assert!(
            matches!(error, StoreError::Invalid(_)),
            "{case}: {field:?} gave {error:?}"
        );
    }
    assert_eq!(
        body_of(store, &note, case).await,
        Some(json!({"a": 1})),
        "{case}"
    );
}

async fn the_feed_pages_in_order_and_the_outbox_holds_local_changes<S: Store>(store: &S) {
    let case = "the_feed_pages_in_order_and_the_outbox_holds_local_changes";
    let note = key("w", "note", "n");
    // 1 change for the workspace's name, 3 fields.
    must_apply(
        store,
        &setup("w", &[(&note, json!({"a": 1, "b": 2, "c": 3}))]),
        case,
    )
    .await;
    let mut merged = batch();
    merged.merge(remote(&note, "d", json!(4), other_device(NOW - 10, 0)));
    must_apply(store, &merged, case).await;

    let all = store.changes_since(&ws_id("w"), 0, 100).await.expect(case);
    assert_eq!(all.len(), 5, "{case}");
    assert!(
        all.windows(2).all(|w| w[0].seq < w[1].seq),
        "{case}: increasing"
    );
    let clocks: Vec<&Hlc> = all[..4].iter().map(|e| &e.change.clock).collect();
    assert!(
        clocks.windows(2).all(|w| w[0] < w[1]),
        "{case}: local stamps increase"
    );
    assert!(
        all[..4]
            .iter()
            .all(|e| e.pending && e.change.actor == actor()),
        "{case}"
    );
    assert!(!all[4].pending, "{case}: a merged change is not sent back");

    let (newest, total) = store.latest_changes(&ws_id("w"), 2).await.expect(case);
    assert_eq!(total, 5, "{case}: all are counted");
    assert_eq!(
        newest,
        vec![all[4].change.clone(), all[3].change.clone()],
        "{case}: the newest, newest first"
    );
    assert_eq!(
        store.latest_changes(&ws_id("nope"), 2).await.expect(case),
        (vec![], 0),
        "{case}"
    );
    let first = store.changes_since(&ws_id("w"), 0, 2).await.expect(case);
    assert_eq!(first, all[..2], "{case}: first page");
    let rest = store
        .changes_since(&ws_id("w"), first[1].seq, 10)
        .await
        .expect(case);
    assert_eq!(
        rest,
        all[2..],
        "{case}: the next page starts after the cursor"
    );

    let outbox = store.outbox(&ws_id("w"), 100).await.expect(case);
    assert_eq!(outbox, all[..4], "{case}");
    store
        .acknowledge(&ws_id("w"), &[outbox[0].seq, outbox[1].seq, 999_999])
        .await
        .expect(case);
    let left = store.outbox(&ws_id("w"), 100).await.expect(case);
    assert_eq!(left.len(), 2, "{case}");
    assert_eq!(left[0].seq, outbox[2].seq, "{case}");
    assert_eq!(
        store.outbox(&ws_id("w"), 1).await.expect(case).len(),
        1,
        "{case}: limit"
    );
}

async fn merging_is_idempotent_and_older_never_overwrites_newer<S: Store>(store: &S) {
    let case = "merging_is_idempotent_and_older_never_overwrites_newer";
    let note = key("w", "note", "n");
    must_apply(store, &setup("w", &[(&note, json!({"a": 1}))]), case).await;
    let newer = remote(&note, "b", json!("newer"), other_device(NOW + 1_000, 0));
    let older = remote(&note, "b", json!("older"), other_device(NOW - 1_000, 0));
    let mut first = batch();
    first.merge(newer.clone());
    must_apply(store, &first, case).await;
    let logged = store.changes(&ws_id("w")).await.expect(case).len();
    // A replay, then an older change arriving late.
    let mut replay = batch();
    replay.merge(newer.clone()).merge(older.clone());
    let applied = store.apply(&replay).await.expect(case);
    assert_eq!(
        applied.changes,
        vec![older.clone()],
        "{case}: the replay is a no-op"
    );
    assert_eq!(
        body_of(store, &note, case).await,
        Some(json!({"a": 1, "b": "newer"})),
        "{case}: older did not overwrite newer"
    );
    assert_eq!(
        store.changes(&ws_id("w")).await.expect(case).len(),
        logged + 1,
        "{case}: the older change is history, the replay is not logged twice"
    );
    // A local edit after seeing a later remote stamp is stamped later still, and wins.
    let mut local = batch();
    local.set_field(&note, "b", Some(json!("local")));
    let applied = store.apply(&local).await.expect(case);
    assert!(applied.changes[0].clock > newer.clock, "{case}");
    assert_eq!(
        body_of(store, &note, case).await,
        Some(json!({"a": 1, "b": "local"})),
        "{case}"
    );
}

async fn a_clock_too_far_ahead_is_refused<S: Store>(store: &S) {
    let case = "a_clock_too_far_ahead_is_refused";
    let note = key("w", "note", "n");
    must_apply(store, &setup("w", &[(&note, json!({"a": 1}))]), case).await;
    let future = remote(
        &note,
        "a",
        json!(2),
        other_device(NOW + MAX_DRIFT_MS + 1, 0),
    );
    let mut doomed = batch();
    doomed.set_field(&note, "b", Some(json!(1))).merge(future);
    let error = store.apply(&doomed).await.expect_err(case);
    assert!(matches!(error, StoreError::Clock(_)), "{case}: {error:?}");
    assert_eq!(
        body_of(store, &note, case).await,
        Some(json!({"a": 1})),
        "{case}"
    );
}

async fn batch_ops_run_in_order<S: Store>(store: &S) {
    let case = "batch_ops_run_in_order";
    let old = key("w", "note", "old");
    must_apply(store, &setup("w", &[(&old, json!({}))]), case).await;
    // Replacing a workspace in one batch: delete, then put again, as a backup import does.
    let fresh = key("w", "note", "new");
    let mut replace = batch();
    replace.delete_workspace(ws_id("w"));
    replace.save_workspace(None, workspace("w", "After"));
    replace.set_field(&fresh, "n", Some(json!(1)));
    must_apply(store, &replace, case).await;
    let notes: Vec<RecordKey> = store
        .records_of_kind(&ws_id("w"), &fresh.kind)
        .await
        .expect(case)
        .iter()
        .map(|r| r.key())
        .collect();
    assert_eq!(notes, [fresh], "{case}");
    let names: Vec<String> = store
        .workspaces()
        .await
        .expect(case)
        .iter()
        .map(|w| w.name.to_string())
        .collect();
    assert_eq!(names, ["After"], "{case}");
}

async fn backup_round_trip_is_identical<S: Store>(source: &S, target: &S) {
    let case = "backup_round_trip_is_identical";
    let ws = workspace("w", "Acme — Zürich");
    let profile = key("w", "profile", "profile");
    let mut edits = batch();
    edits.save_workspace(None, ws.clone());
    edits.edit_fields(
        &profile,
        None,
        &json!({"organisation": "Acme", "sms_scope": "ünïcødé"}),
    );
    must_apply(source, &edits, case).await;
    let mut more = batch();
    more.set_field(&profile, "isms_scope", Some(json!("All of it")));
    must_apply(source, &more, case).await;

    let records = source.all_records(&ws.id).await.expect(case);
    let changes = source.changes(&ws.id).await.expect(case);
    let backup = Backup::new(ws.clone(), records.clone(), changes.clone(), NOW, "test");
    let parsed = praxis_core::parse_backup(&backup.to_json()).expect(case);
    must_apply(target, &parsed.into_batch(false, actor(), NOW), case).await;

    assert_eq!(
        target.workspaces().await.expect(case),
        vec![ws.clone()],
        "{case}"
    );
    assert_eq!(
        target.all_records(&ws.id).await.expect(case),
        records,
        "{case}"
    );
    assert_eq!(target.changes(&ws.id).await.expect(case), changes, "{case}");
    assert_eq!(
        target.outbox(&ws.id, 100).await.expect(case),
        vec![],
        "{case}: restored, not new"
    );
}

async fn a_record_history_holds_its_own_changes_newest_first<S: Store>(store: &S) {
    let case = "a_record_history_holds_its_own_changes_newest_first";
    let note = key("w", "note", "n");
    let other = key("w", "note", "o");
    let elsewhere = key("v", "note", "n");
    must_apply(store, &setup("w", &[(&note, json!({"a": 1}))]), case).await;
    must_apply(store, &setup("v", &[(&elsewhere, json!({"a": 9}))]), case).await;
    let mut edits = batch();
    edits
        .set_field(&other, "a", Some(json!(5)))
        .set_field(&note, "b", Some(json!(2)));
    must_apply(store, &edits, case).await;
    let mut merged = batch();
    merged.merge(remote(&note, "a", json!(3), other_device(NOW + 1, 0)));
    must_apply(store, &merged, case).await;

    let (history, total) = store.record_history(&note, 10).await.expect(case);
    assert_eq!(total, 3, "{case}: a, b and the merged a");
    let fields: Vec<(&str, Option<&Value>)> = history
        .iter()
        .map(|c| (c.field.as_str(), c.value.as_ref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("a", Some(&json!(3))),
            ("b", Some(&json!(2))),
            ("a", Some(&json!(1)))
        ],
        "{case}: newest first, this record only"
    );
    assert!(history.iter().all(|c| c.key() == note), "{case}");
    let (newest, total) = store.record_history(&note, 1).await.expect(case);
    assert_eq!((newest, total), (history[..1].to_vec(), 3), "{case}: limit");
    assert_eq!(
        store
            .record_history(&key("w", "note", "none"), 5)
            .await
            .expect(case),
        (vec![], 0),
        "{case}: a record never changed"
    );
}
