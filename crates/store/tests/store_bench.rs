//! Benchmark, not a test: the record engine at the scale of a large workspace, in headless
//! Chromium against IndexedDB. Ignored in normal runs; `cargo xtask bench` runs it (release
//! build) and records the printed lines in docs/BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

use praxis_core::backup::bench::{T0, large_workspace, remote_changes};
use praxis_core::framework::Catalogue;
use praxis_core::{Actor, RecordType, WriteBatch, parse_backup};
use praxis_store::Store;
use praxis_store::idb::IdbStore;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const RECORDS: usize = 10_000;
const REMOTE_CHANGES: usize = 10_000;

fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .expect("a performance object");
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &JsValue::from_str("now"))
        .expect("performance.now")
        .unchecked_into();
    now.call0(&performance)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or_else(js_sys::Date::now)
}

/// Plain JavaScript: reads every record row Praxis wrote into `source` (not timed), then puts
/// the same rows into `target` (same schema, empty) in one transaction; returns the put time.
async fn plain_javascript_puts(source: &str, target: &str) -> f64 {
    let body = r#"
        const open = (name) => new Promise((resolve, reject) => {
            const request = indexedDB.open(name);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        return (async () => {
            const from = await open(source);
            const rows = await new Promise((resolve, reject) => {
                const request = from.transaction("records").objectStore("records").getAll();
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
            });
            from.close();
            const to = await open(target);
            const started = performance.now();
            await new Promise((resolve, reject) => {
                const tx = to.transaction("records", "readwrite");
                const store = tx.objectStore("records");
                for (const row of rows) store.put(row);
                tx.oncomplete = resolve;
                tx.onerror = () => reject(tx.error);
            });
            const elapsed = performance.now() - started;
            to.close();
            return elapsed;
        })();
    "#;
    let function = js_sys::Function::new_with_args("source, target", body);
    let promise: js_sys::Promise = function
        .call2(&JsValue::NULL, &source.into(), &target.into())
        .expect("the baseline runs")
        .unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the baseline completes")
        .as_f64()
        .expect("a time")
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by cargo xtask bench"]
async fn the_record_engine_at_the_scale_of_a_large_workspace() {
    let actor = Actor::parse("Benchmark", "").expect("a valid actor");
    let text = large_workspace(RECORDS).to_json();
    let stamp = js_sys::Date::now();
    let name = format!("praxis-bench-{stamp}");
    let baseline_name = format!("praxis-bench-baseline-{stamp}");

    // Import: parse and check the backup, then write it (one transaction).
    let store = IdbStore::open(&name).await.expect("open");
    let started = now_ms();
    let backup = parse_backup(&text).expect("a valid backup");
    let workspace = backup.workspace.id.clone();
    store
        .apply(&backup.into_batch(false, actor.clone(), T0))
        .await
        .expect("import");
    let import_ms = now_ms() - started;
    store.close();
    IdbStore::open(&baseline_name).await.expect("open").close();
    let baseline_ms = plain_javascript_puts(&name, &baseline_name).await;
    console_log!(
        "store-bench import records={RECORDS} bytes={} praxis_ms={import_ms:.0} baseline_ms={baseline_ms:.0} ratio={:.2}",
        text.len(),
        import_ms / baseline_ms
    );

    // Open: the database, the workspace list, and every record of the workspace read as its
    // kind (what the assessments page needs before it can show anything).
    let started = now_ms();
    let store = IdbStore::open(&name).await.expect("reopen");
    let listed = store.workspaces().await.expect("workspaces");
    let records = store.records(&workspace).await.expect("records");
    let catalogue = Catalogue::builtin();
    let readable = records
        .iter()
        .filter(|r| praxis_core::assessment::Assessment::read(r, &catalogue).is_ok())
        .count();
    let open_ms = now_ms() - started;
    assert_eq!((listed.len(), readable), (1, RECORDS));
    console_log!("store-bench open records={RECORDS} ms={open_ms:.0}");

    // Remote: changes from another device merged in one batch.
    let mut batch = WriteBatch::new(actor, T0 + 120_000);
    for change in remote_changes(&workspace, RECORDS, REMOTE_CHANGES) {
        batch.merge(change);
    }
    let started = now_ms();
    let applied = store.apply(&batch).await.expect("merge");
    let remote_ms = now_ms() - started;
    assert_eq!(applied.changes.len(), REMOTE_CHANGES);
    console_log!(
        "store-bench remote changes={REMOTE_CHANGES} ms={remote_ms:.0} per_s={:.0}",
        REMOTE_CHANGES as f64 / (remote_ms / 1000.0)
    );
    store.close();
    IdbStore::delete(&name).await.expect("delete");
    IdbStore::delete(&baseline_name).await.expect("delete");
}
