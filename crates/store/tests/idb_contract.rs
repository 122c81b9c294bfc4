//! The store contract and the schema migrations, in headless Chromium, against IndexedDB.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use praxis_core::framework::Catalogue;
use praxis_store::idb::{self, IdbStore, MIGRATIONS};
use praxis_store::{FeedEntry, Store, contract};
use serde_json::json;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static NEXT_DB: Cell<u32> = const { Cell::new(0) };
}

/// A fresh, empty database with a name no other test uses.
async fn fresh_store(prefix: &str) -> IdbStore {
    let n = NEXT_DB.with(|next| {
        let n = next.get();
        next.set(n + 1);
        n
    });
    let name = format!("praxis-test-{prefix}-{n}-{}", js_sys::Date::now());
    IdbStore::open(&name).await.expect("open IndexedDB")
}

#[wasm_bindgen_test]
async fn indexeddb_store_honours_the_contract() {
    contract::run_all(|| fresh_store("contract")).await;
}

#[wasm_bindgen_test]
async fn data_survives_closing_and_reopening() {
    let name = format!("praxis-test-reopen-{}", js_sys::Date::now());
    let store = IdbStore::open(&name).await.expect("open");
    let device = store.device().clone();
    let profile = contract::key("w", "profile", "profile");
    let setup = contract::setup("w", &[(&profile, json!({"organisation": "Acme"}))]);
    store.apply(&setup).await.expect("apply");
    let record = store.record(&profile).await.expect("read");
    store.close();

    let reopened = IdbStore::open(&name).await.expect("reopen");
    assert_eq!(reopened.device(), &device, "the device keeps its id");
    assert_eq!(reopened.record(&profile).await.expect("read"), record);
    assert_eq!(
        reopened
            .changes(&profile.workspace)
            .await
            .expect("changes")
            .len(),
        2
    );
    // The clock carries on: a new edit is stamped after everything before it.
    let mut edit = contract::batch();
    edit.set_field(&profile, "organisation", Some(json!("Acme Ltd")));
    let applied = reopened.apply(&edit).await.expect("edit");
    let before = record.expect("stored").clocks["organisation"].clone();
    assert!(applied.changes[0].clock > before);
    reopened.close();
    IdbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn every_older_schema_upgrades_without_losing_data() {
    assert_eq!(
        idb::latest_version(),
        MIGRATIONS.len() as u32,
        "steps are numbered 1, 2, …"
    );
    for (index, step) in MIGRATIONS.iter().enumerate() {
        assert_eq!(
            step.version,
            index as u32 + 1,
            "step {} is out of order",
            step.describe
        );
    }
    // A database as schema version 2 left it, with data written the way versions 1 and 2
    // wrote it: an assessment in the old layout, a profile, and their change log.
    let name = format!("praxis-test-migrate-{}", js_sys::Date::now());
    let old = IdbStore::open_at(&name, 2).await.expect("open at v2");
    assert_eq!(old.version(), 2);
    let ws = contract::workspace("legacy", "Legacy Ltd");
    let assessment = contract::key("legacy", "assessment", "a1");
    let profile = contract::key("legacy", "profile", "profile");
    let legacy_assessment = json!({
        "meta": {"title": "2025 baseline", "frameworks": "iso27001", "scale": "isms-maturity",
                 "date": "2025-06-01", "target": 3, "created_at": 1_700_000_000_000_i64},
        "iso27001:2022/A.5.1": {"rating": {"level": 2}, "notes": "kept ✓"},
    });
    // An imported framework under the old record id, where '.' and ':' both became '-'.
    let legacy_framework = contract::key("legacy", "framework", "my-fw");
    let framework_body = json!({"format": "praxis-framework", "version": 1, "id": "my.fw",
        "name": "My outline", "title": "My outline",
        "items": [{"id": "1", "title": "One", "kind": "clause", "assessable": true}]});
    let rows = vec![
        (assessment.clone(), 1_700_000_000_000, legacy_assessment),
        (
            profile.clone(),
            1_700_000_000_500,
            json!({"organisation": "Legacy"}),
        ),
        (
            legacy_framework.clone(),
            1_700_000_000_700,
            framework_body.clone(),
        ),
    ];
    idb::write_v1_rows(&old, &ws, &rows)
        .await
        .expect("write v1 rows");
    idb::write_v2_change(
        &old,
        &profile,
        "organisation",
        Some(&json!("Legacy")),
        1_700_000_000_500,
    )
    .await
    .expect("write v2 change");
    idb::write_v2_change(&old, &profile, "sms_scope", None, 1_700_000_000_600)
        .await
        .expect("write v2 change");
    old.close();

    let upgraded = IdbStore::open(&name).await.expect("open at latest");
    assert_eq!(upgraded.version(), idb::latest_version());
    assert_eq!(upgraded.workspaces().await.expect("list"), vec![ws.clone()]);
    let stored = upgraded
        .record(&assessment)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(
        stored.body,
        json!({"title": "2025 baseline", "frameworks": "iso27001", "scale": "isms-maturity",
               "date": "2025-06-01", "target": 3, "created_at": 1_700_000_000_000_i64,
               "iso27001:2022/A.5.1#rating": {"level": 2},
               "iso27001:2022/A.5.1#notes": "kept ✓"}),
        "assessments move to a field per part"
    );
    assert_eq!(stored.clocks.len(), 8, "every field has a clock");
    assert!(
        praxis_core::validate_record(&stored, &Catalogue::builtin()).is_ok(),
        "the upgraded assessment reads as one"
    );
    // The framework moved to a record id no other framework id can share.
    assert_eq!(
        upgraded.record(&legacy_framework).await.expect("read"),
        None
    );
    let moved = contract::key("legacy", "framework", "my_dfw");
    let framework = upgraded.record(&moved).await.expect("read").expect("moved");
    assert_eq!(framework.body, framework_body);
    assert!(praxis_core::validate_record(&framework, &Catalogue::builtin()).is_ok());
    let history = upgraded.changes(&ws.id).await.expect("changes");
    assert_eq!(history.len(), 2, "the old log is kept");
    assert_eq!(history[0].at(), 1_700_000_000_500);
    assert_eq!(history[1].value, None);
    assert_eq!(history[0].actor, praxis_core::Actor::unrecorded());
    assert!(history[0].clock < history[1].clock);
    // The feed by record (a later step) covers the changes moved in before it existed.
    assert_eq!(
        upgraded
            .record_history(&profile, 10)
            .await
            .expect("history"),
        (vec![history[1].clone(), history[0].clone()], 2)
    );
    // New edits land after everything that was there.
    let mut edit = contract::batch();
    edit.set_field(&profile, "organisation", Some(json!("Legacy plc")));
    let applied = upgraded.apply(&edit).await.expect("apply after upgrade");
    assert!(applied.changes[0].clock > history[1].clock);
    assert_eq!(upgraded.outbox(&ws.id, 10).await.expect("outbox").len(), 1);
    upgraded.close();
    IdbStore::delete(&name).await.expect("delete");
}

/// Schema version 5: a version 4 database keeps everything, and its history (here the version 2
/// log brought forward, stamped later than the fields it set) is never merged a second time.
#[wasm_bindgen_test]
async fn a_version_4_database_upgrades_and_its_history_is_never_merged_again() {
    let name = format!("praxis-test-v4-{}", js_sys::Date::now());
    let ws = contract::workspace("old", "Old Ltd");
    let profile = contract::key("old", "profile", "profile");
    let v2 = IdbStore::open_at(&name, 2).await.expect("open at v2");
    idb::write_v1_rows(
        &v2,
        &ws,
        &[(
            profile.clone(),
            1_700_000_000_500,
            json!({"organisation": "Old"}),
        )],
    )
    .await
    .expect("write v1 rows");
    idb::write_v2_change(
        &v2,
        &profile,
        "organisation",
        Some(&json!("Old")),
        1_700_000_000_500,
    )
    .await
    .expect("write v2 change");
    idb::write_v2_change(&v2, &profile, "sms_scope", None, 1_700_000_000_500)
        .await
        .expect("write v2 change");
    v2.close();
    IdbStore::open_at(&name, 4)
        .await
        .expect("open at v4")
        .close();

    let v5 = IdbStore::open(&name).await.expect("open at latest");
    assert_eq!(v5.version(), idb::latest_version());
    let records = v5.all_records(&ws.id).await.expect("records");
    let history = v5.changes(&ws.id).await.expect("changes");
    assert_eq!(history.len(), 2);
    assert!(
        history[1].clock > records[0].clocks["organisation"],
        "the second change is stamped later than any field clock"
    );
    let fresh = praxis_core::Change {
        field: "isms_scope".to_owned(),
        value: Some(json!("All")),
        clock: praxis_core::Hlc::new(
            1_700_000_000_500,
            9,
            praxis_core::DeviceId::parse("other").expect("valid device"),
        ),
        ..history[0].clone()
    };
    let mut replay = contract::batch();
    replay
        .merge(history[1].clone())
        .merge(fresh.clone())
        .merge(history[0].clone());
    let applied = v5.apply(&replay).await.expect("replay");
    assert_eq!(
        applied.changes,
        vec![fresh],
        "only the new change is merged"
    );
    assert_eq!(v5.changes(&ws.id).await.expect("changes").len(), 3);
    // Again after the first write has kept the mark.
    let applied = v5.apply(&replay).await.expect("replay");
    assert_eq!(applied.changes, vec![]);
    v5.close();
    IdbStore::delete(&name).await.expect("delete");
}

/// Schema version 6: the feed of a version 5 database (a row per change) moves into rows per
/// record and batch with every change, its number, person and outbox state as they were (numbers
/// missing where a deleted workspace's changes were stay missing), and the next change is
/// numbered after the last.
#[wasm_bindgen_test]
async fn a_version_5_feed_keeps_every_change_and_number() {
    let name = format!("praxis-test-v5-{}", js_sys::Date::now());
    let ws = contract::workspace("w", "Five Ltd");
    let (one, two) = (
        contract::key("w", "note", "one"),
        contract::key("w", "note", "two"),
    );
    let v5 = IdbStore::open_at(&name, 5).await.expect("open at v5");
    idb::write_v1_rows(&v5, &ws, &[]).await.expect("workspace");
    let change = |key: &praxis_core::RecordKey, field: &str, counter: u32| praxis_core::Change {
        replaces: Vec::new(),
        workspace: ws.id.clone(),
        kind: key.kind.clone(),
        record_id: key.id.clone(),
        field: field.to_owned(),
        value: Some(json!(counter)),
        clock: praxis_core::Hlc::new(1_764_000_000_000, counter, v5.device().clone()),
        actor: contract::actor(),
    };
    let rows = [
        (1, change(&one, "a", 1), true),
        (2, change(&one, "b", 2), true),
        (3, change(&two, "a", 3), true),
        (7, change(&one, "c", 4), false),
        (8, change(&one, "d", 5), false),
    ];
    for (seq, change, pending) in &rows {
        idb::write_v5_change(&v5, *seq, change, *pending)
            .await
            .expect("write v5 change");
    }
    v5.close();

    let upgraded = IdbStore::open(&name).await.expect("open at latest");
    let feed = upgraded.changes_since(&ws.id, 0, 100).await.expect("feed");
    let expected: Vec<FeedEntry> = rows
        .iter()
        .map(|(seq, change, pending)| FeedEntry {
            seq: *seq,
            change: change.clone(),
            pending: *pending,
        })
        .collect();
    assert_eq!(feed, expected);
    assert_eq!(
        upgraded.outbox(&ws.id, 10).await.expect("outbox"),
        expected[..3]
    );
    let (history, total) = upgraded.record_history(&one, 3).await.expect("history");
    assert_eq!(total, 4);
    assert_eq!(
        history,
        [&rows[4].1, &rows[3].1, &rows[1].1].map(Clone::clone)
    );
    let mut edit = contract::batch();
    edit.set_field(&two, "b", Some(json!(6)));
    upgraded.apply(&edit).await.expect("a new change");
    let feed = upgraded.changes_since(&ws.id, 5, 10).await.expect("feed");
    assert_eq!(feed.iter().map(|e| e.seq).collect::<Vec<_>>(), [7, 8, 9]);
    upgraded.close();
    IdbStore::delete(&name).await.expect("delete");
}

/// Runs `body` as an async JavaScript function of `name` (the database's name) and waits for it.
async fn in_javascript(body: &str, name: &str) {
    let function =
        js_sys::Function::new_with_args("name", &format!("return (async () => {{ {body} }})();"));
    let promise: js_sys::Promise = wasm_bindgen::JsCast::unchecked_into(
        function
            .call1(&wasm_bindgen::JsValue::NULL, &name.into())
            .expect("the script runs"),
    );
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the script completes");
}

/// A feed row whose numbers do not match its changes, and a database that lost the next
/// sequence number, are named as damaged; a write refused for it changes nothing.
#[wasm_bindgen_test]
async fn a_damaged_feed_is_named_and_nothing_is_written_over_it() {
    let name = format!("praxis-test-damaged-feed-{}", js_sys::Date::now());
    let store = IdbStore::open(&name).await.expect("open");
    let note = contract::key("w", "note", "n");
    store
        .apply(&contract::setup("w", &[(&note, json!({"a": 1}))]))
        .await
        .expect("setup");
    let records = store.all_records(&note.workspace).await.expect("records");
    store.close();
    in_javascript(
        r#"
        const db = await new Promise((resolve, reject) => {
            const request = indexedDB.open(name);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        await new Promise((resolve, reject) => {
            const tx = db.transaction(["feed_groups", "meta"], "readwrite");
            // Numbered 900 to 902, but holding one change.
            tx.objectStore("feed_groups").add({
                seq: 900, last: 902, workspace: "w", kind: "note", record_id: "n",
                ids: [["w", "bad"]], changes: [{ cid: "bad", field: "a", actor: "{}" }],
            });
            tx.objectStore("meta").delete("feed_next");
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
        });
        db.close();
        "#,
        &name,
    )
    .await;

    let store = IdbStore::open(&name).await.expect("reopen");
    let read = store.changes_since(&note.workspace, 0, 100).await;
    assert!(
        matches!(&read, Err(praxis_store::StoreError::Corrupt(why)) if why.contains("900 to 902 holds 1 changes")),
        "{read:?}"
    );
    let mut edit = contract::batch();
    edit.set_field(&note, "a", Some(json!(2)));
    let write = store.apply(&edit).await;
    assert!(
        matches!(&write, Err(praxis_store::StoreError::Corrupt(why)) if why.contains("next sequence number is missing")),
        "{write:?}"
    );
    assert_eq!(
        store.all_records(&note.workspace).await.expect("records"),
        records
    );
    store.close();
    IdbStore::delete(&name).await.expect("delete");
}
