//! The store contract and the schema migrations, in headless Chromium, against IndexedDB.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use praxis_store::idb::{self, IdbStore, MIGRATIONS};
use praxis_store::{Store, contract};
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
    let ws = contract::workspace("w", "Kept");
    let rec = contract::record("w", "profile", "profile", json!({"organisation": "Acme"}));
    let mut batch = praxis_core::WriteBatch::new();
    batch.save_workspace(None, ws.clone());
    batch.save_record(None, rec.clone());
    store.apply(&batch).await.expect("apply");
    store.close();

    let reopened = IdbStore::open(&name).await.expect("reopen");
    assert_eq!(reopened.workspaces().await.expect("list"), vec![ws.clone()]);
    assert_eq!(reopened.records(&ws.id).await.expect("records"), vec![rec]);
    assert_eq!(reopened.changes(&ws.id).await.expect("changes").len(), 2);
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
    // A database as schema version 1 left it, with data written the way version 1 wrote it.
    let name = format!("praxis-test-migrate-{}", js_sys::Date::now());
    let old = IdbStore::open_at(&name, 1).await.expect("open at v1");
    assert_eq!(old.version(), 1);
    let ws = contract::workspace("legacy", "Legacy Ltd");
    // Sorted by key, the order reads return.
    let records = vec![
        contract::record("legacy", "note", "n1", json!({"text": "kept ✓"})),
        contract::record(
            "legacy",
            "profile",
            "profile",
            json!({"organisation": "Legacy"}),
        ),
    ];
    idb::write_v1_rows(&old, &ws, &records)
        .await
        .expect("write v1 rows");
    old.close();

    let upgraded = IdbStore::open(&name).await.expect("open at latest");
    assert_eq!(upgraded.version(), idb::latest_version());
    assert_eq!(upgraded.workspaces().await.expect("list"), vec![ws.clone()]);
    assert_eq!(upgraded.records(&ws.id).await.expect("records"), records);
    // The new step's store works on the upgraded database.
    let mut edit = praxis_core::WriteBatch::new();
    let mut changed = records[0].clone();
    changed.body = json!({"text": "edited"});
    edit.save_record(Some(&records[0]), changed.clone());
    upgraded.apply(&edit).await.expect("apply after upgrade");
    assert_eq!(upgraded.changes(&ws.id).await.expect("changes").len(), 1);
    assert_eq!(
        upgraded.record(&changed.key()).await.expect("read"),
        Some(changed)
    );
    upgraded.close();
    IdbStore::delete(&name).await.expect("delete");
}
