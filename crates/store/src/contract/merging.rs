//! Contract cases for merging changes from other devices: every change is merged and logged
//! once, whatever order and however often it arrives, including history that was restored
//! rather than merged.

use praxis_core::{Backup, Change, DeviceId, Hlc, Record};
use serde_json::json;

use super::{NOW, actor, batch, body_of, key, must_apply, other_device, remote, workspace, ws_id};
use crate::Store;

pub(super) async fn duplicates_and_late_changes_in_one_batch_merge_once<S: Store>(store: &S) {
    let case = "duplicates_and_late_changes_in_one_batch_merge_once";
    let profile = key("w", "profile", "profile");
    must_apply(
        store,
        &super::setup("w", &[(&profile, json!({"organisation": "A"}))]),
        case,
    )
    .await;
    let before = store.changes(&ws_id("w")).await.expect(case).len();
    let newer = remote(
        &profile,
        "organisation",
        json!("newer"),
        other_device(NOW + 2, 0),
    );
    let older = remote(
        &profile,
        "organisation",
        json!("older"),
        other_device(NOW + 1, 0),
    );
    let other = remote(
        &profile,
        "sms_scope",
        json!("scope"),
        other_device(NOW + 1, 1),
    );
    let mut pull = batch();
    pull.merge(newer.clone())
        .merge(older.clone())
        .merge(newer.clone())
        .merge(other.clone())
        .merge(older.clone());
    let applied = store.apply(&pull).await.expect(case);
    assert_eq!(
        applied.changes,
        vec![newer, older, other],
        "{case}: each change once, in batch order"
    );
    assert_eq!(
        body_of(store, &profile, case).await,
        Some(json!({"organisation": "newer", "sms_scope": "scope"})),
        "{case}: the newest wins whatever the order"
    );
    assert_eq!(
        store.changes(&ws_id("w")).await.expect(case).len(),
        before + 3,
        "{case}"
    );
}

/// History as the version 2 log and format 1 backups were brought forward: the last change to
/// a field is stamped later than the field's clock (its counter is its place in the old log),
/// and a removed field has no clock at all.
pub(super) async fn restored_history_is_never_merged_again<S: Store>(store: &S) {
    let case = "restored_history_is_never_merged_again";
    let legacy = |wall: i64, counter: u32| {
        Hlc::new(
            wall,
            counter,
            DeviceId::parse("legacy").expect("valid device"),
        )
    };
    let profile = key("w", "profile", "profile");
    let record = Record {
        body: json!({"organisation": "Kept"}),
        clocks: [("organisation".to_owned(), legacy(NOW - 5_000, 0))].into(),
        updated_at: NOW - 5_000,
        ..Record::empty(profile.clone())
    };
    let history = vec![
        Change {
            actor: praxis_core::Actor::unrecorded(),
            ..remote(
                &profile,
                "organisation",
                json!("Kept"),
                legacy(NOW - 5_000, 7),
            )
        },
        Change {
            value: None,
            actor: praxis_core::Actor::unrecorded(),
            ..remote(&profile, "sms_scope", json!(null), legacy(NOW - 4_000, 8))
        },
    ];
    let backup = Backup::new(
        workspace("w", "W"),
        vec![record],
        history.clone(),
        NOW,
        "test",
    );
    must_apply(store, &backup.into_batch(false, actor(), NOW), case).await;
    // A local edit in between: the history must stay known after later writes too.
    let mut edit = batch();
    edit.set_field(
        &key("w", "profile", "other"),
        "organisation",
        Some(json!("B")),
    );
    must_apply(store, &edit, case).await;

    let fresh = remote(
        &profile,
        "isms_scope",
        json!("All"),
        other_device(NOW + 1, 0),
    );
    let mut replay = batch();
    for change in &history {
        replay.merge(change.clone());
    }
    replay.merge(fresh.clone()).merge(history[0].clone());
    let applied = store.apply(&replay).await.expect(case);
    assert_eq!(applied.changes, vec![fresh], "{case}: only the new change");
    assert_eq!(
        body_of(store, &profile, case).await,
        Some(json!({"organisation": "Kept", "isms_scope": "All"})),
        "{case}: the replayed history changed nothing"
    );
    assert_eq!(
        store.changes(&ws_id("w")).await.expect(case).len(),
        history.len() + 2,
        "{case}: history, the edit and the new change, each once"
    );
}

/// Notes rewritten on two devices from the same text: the later is shown, the other is kept
/// beside it through a fresh read, and writing with both in front of you resolves it, the
/// replaced versions travelling with the change in the outbox.
pub(super) async fn concurrent_notes_are_kept_until_resolved<S: Store>(store: &S) {
    let case = "concurrent_notes_are_kept_until_resolved";
    let notes = "c1#notes";
    let assessment = key("w", "assessment", "a1");
    must_apply(
        store,
        &super::setup("w", &[(&assessment, json!({notes: "base"}))]),
        case,
    )
    .await;
    let base_clock = store
        .record(&assessment)
        .await
        .expect(case)
        .expect(case)
        .clocks[notes]
        .clone();
    let mut theirs = remote(
        &assessment,
        notes,
        json!("theirs"),
        other_device(NOW + 1, 0),
    );
    theirs.replaces = vec![base_clock];
    let mut pull = batch();
    pull.merge(theirs.clone());
    must_apply(store, &pull, case).await;

    // This device's page still shows "base" (read before the pull) when its edit lands.
    let mut mine = batch();
    mine.set_text(
        &assessment,
        notes,
        Some(json!("mine")),
        vec![Some(json!("base"))],
    );
    must_apply(store, &mine, case).await;
    let record = store.record(&assessment).await.expect(case).expect(case);
    assert_eq!(
        record.body[notes],
        json!("mine"),
        "{case}: the later edit is shown"
    );
    let kept: Vec<String> = record
        .kept_texts(notes)
        .into_iter()
        .map(|k| k.text)
        .collect();
    assert_eq!(kept, vec!["theirs".to_owned()], "{case}: the other is kept");
    let mine_clock = record.clocks[notes].clone();

    let mut resolve = batch();
    resolve.set_text(
        &assessment,
        notes,
        Some(json!("mine and theirs")),
        vec![Some(json!("mine")), Some(json!("theirs"))],
    );
    must_apply(store, &resolve, case).await;
    let record = store.record(&assessment).await.expect(case).expect(case);
    assert_eq!(record.body[notes], json!("mine and theirs"), "{case}");
    assert!(record.conflicts.is_empty(), "{case}: resolved: {record:?}");
    let outbox = store.outbox(&ws_id("w"), 100).await.expect(case);
    let last = outbox.last().expect(case);
    let mut replaced = last.change.replaces.clone();
    replaced.sort();
    let mut expected = vec![theirs.clock.clone(), mine_clock];
    expected.sort();
    assert_eq!(
        replaced, expected,
        "{case}: the outbox keeps what the change replaced"
    );
}
