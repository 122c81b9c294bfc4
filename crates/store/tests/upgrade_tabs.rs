//! Schema upgrades with several connections open, as with several tabs, in headless Chromium:
//! an old connection yields to an upgrade, an upgrade held up by one that does not yield says so
//! and then proceeds, and an older build never opens a newer database.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use praxis_store::idb::{self, IdbStore};
use praxis_store::{Store, StoreError, contract};
use serde_json::json;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(prefix: &str) -> String {
    format!(
        "praxis-test-{prefix}-{}-{}",
        js_sys::Date::now(),
        js_sys::Math::random()
    )
}

#[wasm_bindgen_test]
async fn an_old_connection_closes_for_an_upgrade_and_then_answers_outdated() {
    let name = fresh_name("yield");
    // A tab of an older build, left open with its data.
    let old = IdbStore::open_at(&name, 2).await.expect("open at v2");
    let ws = contract::workspace("w", "Kept Ltd");
    let profile = contract::key("w", "profile", "profile");
    idb::write_v1_rows(
        &old,
        &ws,
        &[(profile.clone(), 1, json!({"organisation": "Kept"}))],
    )
    .await
    .expect("write");
    let told = Rc::new(Cell::new(0));
    old.on_outdated({
        let told = Rc::clone(&told);
        move || told.set(told.get() + 1)
    });
    assert!(!old.is_outdated());

    // A newer tab opens the same database: this only completes once `old` has closed (a test
    // that hangs here fails by the runner's timeout).
    let blocked = Rc::new(Cell::new(false));
    let new = IdbStore::open_watched(&name, idb::latest_version(), {
        let blocked = Rc::clone(&blocked);
        move || blocked.set(true)
    })
    .await
    .expect("the upgrade is not held up by the old connection");
    assert_eq!(new.version(), idb::latest_version());
    assert!(
        !blocked.get(),
        "the old connection closed before anything had to wait"
    );
    assert!(old.is_outdated());
    assert_eq!(told.get(), 1, "the old tab was told once");
    let late = Rc::new(Cell::new(false));
    old.on_outdated({
        let late = Rc::clone(&late);
        move || late.set(true)
    });
    assert!(late.get(), "asking after the fact is answered at once");

    // Every call of the old handle now says why, reads and writes alike.
    assert_eq!(old.workspaces().await, Err(StoreError::Outdated));
    assert_eq!(old.workspace(&ws.id).await, Err(StoreError::Outdated));
    assert_eq!(old.record(&profile).await, Err(StoreError::Outdated));
    assert_eq!(old.records(&ws.id).await, Err(StoreError::Outdated));
    assert_eq!(old.changes(&ws.id).await, Err(StoreError::Outdated));
    assert_eq!(old.outbox(&ws.id, 10).await, Err(StoreError::Outdated));
    assert_eq!(
        old.acknowledge(&ws.id, &[1]).await,
        Err(StoreError::Outdated)
    );
    let mut edit = contract::batch();
    edit.set_field(&profile, "organisation", Some(json!("Lost?")));
    assert_eq!(old.apply(&edit).await, Err(StoreError::Outdated));

    // The newer tab has the data the old one wrote, upgraded, and nothing from the refused edit.
    let stored = new.record(&profile).await.expect("read").expect("kept");
    assert_eq!(stored.body, json!({"organisation": "Kept"}));
    assert_eq!(new.changes(&ws.id).await.expect("changes"), vec![]);
    new.close();
    drop(old);
    IdbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn an_upgrade_held_up_by_a_connection_that_does_not_close_says_so_then_proceeds() {
    let name = fresh_name("blocked");
    IdbStore::open_at(&name, 1)
        .await
        .expect("create at v1")
        .close();
    // A connection without a `versionchange` handler, as an older build of Praxis had.
    let stubborn = Database::open(name.as_str())
        .await
        .expect("open without a handler");
    assert_eq!(stubborn.version(), 1.0);

    let blocked = Rc::new(Cell::new(false));
    let new = IdbStore::open_watched(&name, idb::latest_version(), {
        let blocked = Rc::clone(&blocked);
        // What the user does on being told: closes (here: the connection of) the other tab.
        move || {
            blocked.set(true);
            stubborn.close();
        }
    })
    .await
    .expect("the upgrade proceeds once the other connection has closed");
    assert!(blocked.get(), "the wait was reported");
    assert_eq!(new.version(), idb::latest_version());
    assert_eq!(new.workspaces().await, Ok(vec![]));
    new.close();
    IdbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn an_older_build_never_opens_a_newer_database() {
    let name = fresh_name("newer");
    let current = IdbStore::open(&name).await.expect("open at latest");
    let ws = contract::workspace("w", "W");
    current
        .apply(&contract::setup("w", &[]))
        .await
        .expect("write");
    // With the newer tab still open, and after it has closed: the same answer, and no upgrade
    // or close of the newer connection is triggered.
    let refused = IdbStore::open_at(&name, idb::latest_version() - 1).await;
    assert_eq!(refused.err(), Some(StoreError::NewerSchema));
    assert!(!current.is_outdated());
    current.close();
    let refused = IdbStore::open_at(&name, idb::latest_version() - 1).await;
    assert_eq!(refused.err(), Some(StoreError::NewerSchema));

    let reopened = IdbStore::open(&name).await.expect("reopen at latest");
    assert_eq!(reopened.version(), idb::latest_version());
    assert_eq!(reopened.workspaces().await, Ok(vec![ws]));
    reopened.close();
    IdbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn a_failed_upgrade_step_is_named_and_leaves_the_data_as_it_was() {
    // A version 3 database that step 4 cannot work on, as it has no change feed to index; once
    // more holding the name the upgrade's scratch store would take first.
    for stores in [vec!["other"], vec!["other", "upgrade_scratch_0"]] {
        failed_upgrade_is_rolled_back(&stores).await;
    }
}

async fn failed_upgrade_is_rolled_back(stores: &[&'static str]) {
    let name = fresh_name("failed-step");
    let made = stores.to_vec();
    let odd = Database::open(name.as_str())
        .with_version(3u32)
        .with_on_upgrade_needed(move |_, db| {
            for store in &made {
                db.create_object_store(store).build()?;
            }
            Ok(())
        })
        .await
        .expect("an odd version 3 database");
    odd.close();

    let refused = IdbStore::open(&name).await;
    match refused.err() {
        Some(StoreError::UpgradeFailed(step)) => {
            assert!(step.starts_with("step 4, "), "{step}");
        }
        other => panic!("expected UpgradeFailed, got {other:?}"),
    }
    // The browser rolled the whole upgrade back.
    let after = Database::open(name.as_str())
        .await
        .expect("reopen as it is");
    assert_eq!(after.version(), 3.0);
    assert_eq!(after.object_store_names().collect::<Vec<_>>(), stores);
    after.close();
    IdbStore::delete(&name).await.expect("delete");
}
