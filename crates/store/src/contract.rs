//! The contract every [`Store`] backend must honour, written once and run against each backend:
//! natively against [`crate::MemoryStore`], in headless Chromium against the IndexedDB store.
//!
//! Each case gets a fresh, empty store from the caller's factory and panics with the case's name
//! when the backend breaks the contract.

use std::future::Future;

use praxis_core::{
    Backup, Op, Record, RecordId, RecordKind, Workspace, WorkspaceId, WorkspaceName, WriteBatch,
};
use serde_json::json;

use crate::{Store, StoreError};

/// Runs every contract case, each on a fresh store from `fresh`.
pub async fn run_all<S, F, Fut>(mut fresh: F)
where
    S: Store,
    F: FnMut() -> Fut,
    Fut: Future<Output = S>,
{
    empty_store_has_nothing(&fresh().await).await;
    workspaces_round_trip_and_sort_by_name(&fresh().await).await;
    rename_overwrites_workspace(&fresh().await).await;
    records_round_trip_hostile_text(&fresh().await).await;
    records_are_isolated_per_workspace(&fresh().await).await;
    delete_record_removes_only_that_record(&fresh().await).await;
    delete_workspace_cascades(&fresh().await).await;
    failed_batch_changes_nothing(&fresh().await).await;
    change_for_unknown_workspace_is_refused(&fresh().await).await;
    changes_keep_append_order(&fresh().await).await;
    batch_ops_run_in_order(&fresh().await).await;
    backup_round_trip_is_identical(&fresh().await, &fresh().await).await;
}

pub fn workspace(id: &str, name: &str) -> Workspace {
    Workspace::new(
        ws_id(id),
        WorkspaceName::parse(name).expect("valid name"),
        1_700_000_000_000,
    )
}

pub fn ws_id(id: &str) -> WorkspaceId {
    WorkspaceId::parse(id).expect("valid workspace id")
}

pub fn record(workspace: &str, kind: &str, id: &str, body: serde_json::Value) -> Record {
    Record {
        workspace: ws_id(workspace),
        kind: RecordKind::parse(kind).expect("valid kind"),
        id: RecordId::parse(id).expect("valid record id"),
        updated_at: 1_700_000_000_500,
        body,
    }
}

fn batch(ops: impl IntoIterator<Item = Op>) -> WriteBatch {
    let mut batch = WriteBatch::new();
    for op in ops {
        batch.push(op);
    }
    batch
}

async fn must_apply<S: Store>(store: &S, batch: &WriteBatch, case: &str) {
    if let Err(error) = store.apply(batch).await {
        panic!("{case}: apply failed: {error}");
    }
}

async fn empty_store_has_nothing<S: Store>(store: &S) {
    let case = "empty_store_has_nothing";
    assert_eq!(store.workspaces().await.expect(case), vec![], "{case}");
    assert_eq!(
        store.workspace(&ws_id("nope")).await.expect(case),
        None,
        "{case}"
    );
    assert_eq!(
        store.records(&ws_id("nope")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        store.changes(&ws_id("nope")).await.expect(case),
        vec![],
        "{case}"
    );
}

async fn workspaces_round_trip_and_sort_by_name<S: Store>(store: &S) {
    let case = "workspaces_round_trip_and_sort_by_name";
    let zeta = workspace("w1", "zeta Labs");
    let acme = workspace("w2", "Acme Ltd");
    let beta = workspace("w3", "beta GmbH");
    let ops = [&zeta, &acme, &beta].map(|w| Op::PutWorkspace(w.clone()));
    must_apply(store, &batch(ops), case).await;
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

async fn rename_overwrites_workspace<S: Store>(store: &S) {
    let case = "rename_overwrites_workspace";
    let before = workspace("w1", "Old name");
    must_apply(store, &batch([Op::PutWorkspace(before.clone())]), case).await;
    let after = before.renamed(
        WorkspaceName::parse("New name").expect(case),
        1_800_000_000_000,
    );
    must_apply(store, &batch([Op::PutWorkspace(after.clone())]), case).await;
    assert_eq!(store.workspaces().await.expect(case), vec![after], "{case}");
}

async fn records_round_trip_hostile_text<S: Store>(store: &S) {
    let case = "records_round_trip_hostile_text";
    let hostile = "</script><img src=x onerror=alert(1)> ' \" \\ \u{202e}RTL \u{1F600} \0 null";
    let body = json!({
        "text": hostile,
        "big": 9_007_199_254_740_991_i64,
        "nested": {"list": [1, 2.5, null, true, "x"]},
        "long": "x".repeat(50_000),
    });
    let rec = record("w1", "profile", "profile", body);
    let ops = [
        Op::PutWorkspace(workspace("w1", "W")),
        Op::PutRecord(rec.clone()),
    ];
    must_apply(store, &batch(ops), case).await;
    assert_eq!(
        store.records(&rec.workspace).await.expect(case),
        vec![rec.clone()],
        "{case}"
    );
    assert_eq!(
        store.record(&rec.key()).await.expect(case),
        Some(rec),
        "{case}"
    );
}

async fn records_are_isolated_per_workspace<S: Store>(store: &S) {
    let case = "records_are_isolated_per_workspace";
    let a = record("a", "note", "n1", json!({"v": "a"}));
    let b = record("b", "note", "n1", json!({"v": "b"}));
    let ops = [
        Op::PutWorkspace(workspace("a", "A")),
        Op::PutWorkspace(workspace("b", "B")),
        Op::PutRecord(a.clone()),
        Op::PutRecord(b.clone()),
    ];
    must_apply(store, &batch(ops), case).await;
    assert_eq!(
        store.records(&ws_id("a")).await.expect(case),
        vec![a],
        "{case}"
    );
    assert_eq!(
        store.records(&ws_id("b")).await.expect(case),
        vec![b],
        "{case}"
    );
}

async fn delete_record_removes_only_that_record<S: Store>(store: &S) {
    let case = "delete_record_removes_only_that_record";
    let keep = record("w", "note", "keep", json!({}));
    let drop = record("w", "note", "drop", json!({}));
    let ops = [
        Op::PutWorkspace(workspace("w", "W")),
        Op::PutRecord(keep.clone()),
        Op::PutRecord(drop.clone()),
    ];
    must_apply(store, &batch(ops), case).await;
    must_apply(store, &batch([Op::DeleteRecord(drop.key())]), case).await;
    // Deleting again is harmless: deletes are idempotent.
    must_apply(store, &batch([Op::DeleteRecord(drop.key())]), case).await;
    assert_eq!(
        store.records(&ws_id("w")).await.expect(case),
        vec![keep],
        "{case}"
    );
    assert_eq!(store.record(&drop.key()).await.expect(case), None, "{case}");
}

async fn delete_workspace_cascades<S: Store>(store: &S) {
    let case = "delete_workspace_cascades";
    let gone = record("gone", "note", "n", json!({"a": 1}));
    let kept = record("kept", "note", "n", json!({"a": 2}));
    let mut setup = batch([
        Op::PutWorkspace(workspace("gone", "Gone")),
        Op::PutWorkspace(workspace("kept", "Kept")),
    ]);
    setup.save_record(None, gone.clone());
    setup.save_record(None, kept.clone());
    must_apply(store, &setup, case).await;
    must_apply(store, &batch([Op::DeleteWorkspace(ws_id("gone"))]), case).await;
    assert_eq!(
        store.workspace(&ws_id("gone")).await.expect(case),
        None,
        "{case}"
    );
    assert_eq!(
        store.records(&ws_id("gone")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        store.changes(&ws_id("gone")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        store.records(&ws_id("kept")).await.expect(case),
        vec![kept],
        "{case}"
    );
    assert_eq!(
        store.changes(&ws_id("kept")).await.expect(case).len(),
        1,
        "{case}"
    );
}

async fn failed_batch_changes_nothing<S: Store>(store: &S) {
    let case = "failed_batch_changes_nothing";
    let existing = workspace("old", "Existing");
    let old_record = record("old", "note", "n", json!({"v": 1}));
    let ops = [
        Op::PutWorkspace(existing.clone()),
        Op::PutRecord(old_record.clone()),
    ];
    must_apply(store, &batch(ops), case).await;

    let doomed = batch([
        Op::PutWorkspace(workspace("new", "New")),
        Op::PutRecord(record("new", "note", "n", json!({}))),
        Op::PutRecord(record("old", "note", "n", json!({"v": 2}))),
        Op::DeleteWorkspace(ws_id("old")),
        Op::PutRecord(record("missing", "note", "n", json!({}))),
    ]);
    let error = store.apply(&doomed).await.expect_err(case);
    assert_eq!(
        error,
        StoreError::UnknownWorkspace(ws_id("missing")),
        "{case}"
    );
    assert_eq!(
        store.workspaces().await.expect(case),
        vec![existing],
        "{case}: nothing added"
    );
    assert_eq!(
        store.records(&ws_id("new")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        store.records(&ws_id("old")).await.expect(case),
        vec![old_record],
        "{case}: earlier ops of the failed batch were rolled back"
    );
}

async fn change_for_unknown_workspace_is_refused<S: Store>(store: &S) {
    let case = "change_for_unknown_workspace_is_refused";
    let mut doomed = WriteBatch::new();
    doomed.save_record(None, record("ghost", "note", "n", json!({"a": 1})));
    let error = store.apply(&doomed).await.expect_err(case);
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

async fn changes_keep_append_order<S: Store>(store: &S) {
    let case = "changes_keep_append_order";
    must_apply(store, &batch([Op::PutWorkspace(workspace("w", "W"))]), case).await;
    let first = record("w", "note", "n", json!({"b": 1, "a": 1}));
    let mut second = first.clone();
    second.body = json!({"a": 2, "c": 3});
    second.updated_at += 10;

    let mut one = WriteBatch::new();
    one.save_record(None, first.clone());
    must_apply(store, &one, case).await;
    let mut two = WriteBatch::new();
    two.save_record(Some(&first), second.clone());
    must_apply(store, &two, case).await;

    let fields: Vec<(String, Option<serde_json::Value>)> = store
        .changes(&ws_id("w"))
        .await
        .expect(case)
        .into_iter()
        .map(|c| (c.field, c.value))
        .collect();
    let expected = vec![
        ("a".to_owned(), Some(json!(1))),
        ("b".to_owned(), Some(json!(1))),
        ("a".to_owned(), Some(json!(2))),
        ("b".to_owned(), None),
        ("c".to_owned(), Some(json!(3))),
    ];
    assert_eq!(fields, expected, "{case}");
    assert_eq!(
        store.record(&first.key()).await.expect(case),
        Some(second),
        "{case}"
    );
}

async fn batch_ops_run_in_order<S: Store>(store: &S) {
    let case = "batch_ops_run_in_order";
    let old = record("w", "note", "old", json!({}));
    let ops = [
        Op::PutWorkspace(workspace("w", "Before")),
        Op::PutRecord(old),
    ];
    must_apply(store, &batch(ops), case).await;
    // Replacing a workspace in one batch: delete, then put again, as a backup import does.
    let fresh = record("w", "note", "new", json!({"n": 1}));
    let ops = [
        Op::DeleteWorkspace(ws_id("w")),
        Op::PutWorkspace(workspace("w", "After")),
        Op::PutRecord(fresh.clone()),
    ];
    must_apply(store, &batch(ops), case).await;
    assert_eq!(
        store.records(&ws_id("w")).await.expect(case),
        vec![fresh],
        "{case}"
    );
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
    must_apply(source, &batch([Op::PutWorkspace(ws.clone())]), case).await;
    let mut edits = WriteBatch::new();
    edits.save_record(
        None,
        record("w", "profile", "profile", json!({"organisation": "Acme"})),
    );
    edits.save_record(None, record("w", "note", "n1", json!({"text": "ünïcødé"})));
    must_apply(source, &edits, case).await;

    let records = source.records(&ws.id).await.expect(case);
    let changes = source.changes(&ws.id).await.expect(case);
    let backup = Backup::new(
        ws.clone(),
        records.clone(),
        changes.clone(),
        1_800_000_000_000,
        "test",
    );
    let parsed = praxis_core::parse_backup(&backup.to_json()).expect(case);
    must_apply(target, &parsed.into_batch(false), case).await;

    assert_eq!(
        target.workspaces().await.expect(case),
        vec![ws.clone()],
        "{case}"
    );
    assert_eq!(target.records(&ws.id).await.expect(case), records, "{case}");
    assert_eq!(target.changes(&ws.id).await.expect(case), changes, "{case}");
}
