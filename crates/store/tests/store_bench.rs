//! Benchmark, not a test: the record engine at the scale of a large workspace, in headless
//! Chromium against IndexedDB. Ignored in normal runs; `cargo xtask bench` runs it (release
//! build) and records the printed lines in docs/BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

use praxis_core::backup::bench::{T0, large_workspace, remote_changes, synced_changes};
use praxis_core::framework::Catalogue;
use praxis_core::{Actor, Change, RecordType, WriteBatch, parse_backup};
use praxis_store::Store;
use praxis_store::idb::IdbStore;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const RECORDS: usize = 10_000;
const REMOTE_CHANGES: usize = 10_000;
/// The records a pull of [`REMOTE_CHANGES`] from a server touches (ten fields each).
const SYNCED_RECORDS: usize = 1_000;

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

/// Runs `body` as an async JavaScript function of `params` (with `open(name)` giving a database)
/// and returns the time in milliseconds it resolves to.
async fn time_javascript(params: &str, body: &str, first: JsValue, second: JsValue) -> f64 {
    let body = format!(
        r#"
        const open = (name) => new Promise((resolve, reject) => {{
            const request = indexedDB.open(name);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        }});
        return (async () => {{ {body} }})();
    "#
    );
    let function = js_sys::Function::new_with_args(params, &body);
    let promise: js_sys::Promise = function
        .call2(&JsValue::NULL, &first, &second)
        .expect("the baseline runs")
        .unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the baseline completes")
        .as_f64()
        .expect("a time")
}

/// Plain JavaScript: reads every record row Praxis wrote into `source` (not timed), then puts
/// the same rows into `target` (same schema, empty) in one transaction; returns the put time.
async fn plain_javascript_puts(source: &str, target: &str) -> f64 {
    let body = r#"
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
    "#;
    time_javascript("source, target", body, source.into(), target.into()).await
}

/// Plain JavaScript: what merging `changes` needs of IndexedDB at the least, in one transaction
/// on `target` (which holds the same records): every touched record row read, then written
/// back, and one feed row added per record holding its changes, numbered from `first_seq`.
/// Returns the time taken.
async fn plain_javascript_merge(target: &str, changes: &[Change], first_seq: u64) -> f64 {
    let rows: Vec<serde_json::Value> = changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "workspace": c.workspace.as_str(),
                "cid": c.clock.to_string(),
                "kind": c.kind.as_str(),
                "record_id": c.record_id.as_str(),
                "field": c.field,
                "value": c.value.as_ref().map(ToString::to_string),
                "actor": serde_json::to_string(&c.actor).expect("plain data"),
            })
        })
        .collect();
    let input = serde_json::json!({ "first": first_seq, "changes": rows });
    let body = r#"
        const { first, changes: feed } = JSON.parse(input);
        const db = await open(target);
        const started = performance.now();
        await new Promise((resolve, reject) => {
            const tx = db.transaction(["records", "feed_groups"], "readwrite");
            const records = tx.objectStore("records");
            const feedStore = tx.objectStore("feed_groups");
            const keys = [...new Set(feed.map((c) => `${c.workspace}/${c.kind}/${c.record_id}`))];
            let left = keys.length;
            const found = [];
            for (const key of keys) {
                const request = records.get(key);
                request.onsuccess = () => {
                    found.push(request.result);
                    if (--left === 0) {
                        for (const row of found) { row.updated_at += 1; records.put(row); }
                        const groups = new Map();
                        for (const c of feed) {
                            const key = `${c.workspace}/${c.kind}/${c.record_id}`;
                            if (!groups.has(key)) groups.set(key, []);
                            groups.get(key).push(c);
                        }
                        let seq = first;
                        for (const group of groups.values()) {
                            const { workspace, kind, record_id } = group[0];
                            feedStore.add({
                                seq, last: seq + group.length - 1, workspace, kind, record_id,
                                ids: group.map((c) => [c.workspace, c.cid]),
                                changes: group.map(({ cid, field, value, actor }) =>
                                    ({ cid, field, value, actor })),
                            });
                            seq += group.length;
                        }
                    }
                };
            }
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
        });
        const elapsed = performance.now() - started;
        db.close();
        return elapsed;
    "#;
    let json = input.to_string();
    time_javascript("target, input", body, target.into(), json.into()).await
}

/// Merges `changes` in one batch; returns the time taken.
async fn merge(store: &IdbStore, actor: &Actor, changes: &[Change]) -> f64 {
    let mut batch = WriteBatch::new(actor.clone(), T0 + 120_000);
    for change in changes {
        batch.merge(change.clone());
    }
    let started = now_ms();
    let applied = store.apply(&batch).await.expect("merge");
    let elapsed = now_ms() - started;
    assert_eq!(applied.changes.len(), changes.len());
    elapsed
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
    let batch = backup.into_batch(false, actor.clone(), T0);
    let write_started = now_ms();
    store.apply(&batch).await.expect("import");
    let import_ms = now_ms() - started;
    let write_ms = now_ms() - write_started;
    store.close();
    IdbStore::open(&baseline_name).await.expect("open").close();
    let baseline_ms = plain_javascript_puts(&name, &baseline_name).await;
    console_log!(
        "store-bench import records={RECORDS} bytes={} praxis_ms={import_ms:.0} baseline_ms={baseline_ms:.0} ratio={:.2} write_ms={write_ms:.0} write_ratio={:.2}",
        text.len(),
        import_ms / baseline_ms,
        write_ms / baseline_ms
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

    // Remote: changes from another device merged in one batch; first the worst case (every
    // change to another record), then a pull from a server (ten fields each of fewer records).
    // Each is compared with plain JavaScript doing the least IndexedDB work it needs.
    let rate = |ms: f64| REMOTE_CHANGES as f64 / (ms / 1000.0);
    let changes = remote_changes(&workspace, RECORDS, REMOTE_CHANGES);
    let remote_ms = merge(&store, &actor, &changes).await;
    let floor_ms = plain_javascript_merge(&baseline_name, &changes, 1).await;
    console_log!(
        "store-bench remote changes={REMOTE_CHANGES} records={RECORDS} ms={remote_ms:.0} per_s={:.0} baseline_ms={floor_ms:.0} baseline_per_s={:.0}",
        rate(remote_ms),
        rate(floor_ms)
    );
    let changes = synced_changes(&workspace, SYNCED_RECORDS, REMOTE_CHANGES);
    let synced_ms = merge(&store, &actor, &changes).await;
    let first_seq = 1 + REMOTE_CHANGES as u64;
    let floor_ms = plain_javascript_merge(&baseline_name, &changes, first_seq).await;
    console_log!(
        "store-bench synced changes={REMOTE_CHANGES} records={SYNCED_RECORDS} ms={synced_ms:.0} per_s={:.0} baseline_ms={floor_ms:.0} baseline_per_s={:.0}",
        rate(synced_ms),
        rate(floor_ms)
    );
    store.close();
    IdbStore::delete(&name).await.expect("delete");
    IdbStore::delete(&baseline_name).await.expect("delete");
}
