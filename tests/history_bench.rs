//! Benchmark, not a test: opening a ticket whose record has 200 changes in its history, in the
//! browser with IndexedDB — the record read and checked as its page reads it, and its history
//! read from the change feed and put in words as the history panel does (all 200 at once; the
//! panel shows 25 at a time). Ignored in normal runs; `cargo xtask bench` runs it with
//! `--include-ignored --nocapture` and records the printed lines in docs/BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

use praxis_core::framework::Catalogue;
use praxis_core::history::{describe_field, describe_value};
use praxis_core::itsm::priority::Level;
use praxis_core::itsm::ticket::{Ticket, TicketType};
use praxis_core::{Actor, RecordId, RecordType, Workspace, WorkspaceId, WorkspaceName, WriteBatch};
use praxis_store::Store;
use praxis_store::idb::{IdbStore, latest_version};
use serde_json::Value;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const DATABASE: &str = "praxis-history-bench";
const CHANGES: usize = 200;
const RUNS: usize = 21;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by cargo xtask bench"]
async fn opening_a_ticket_with_200_history_entries() {
    IdbStore::delete(DATABASE).await.expect("a fresh database");
    let store = IdbStore::open_at(DATABASE, latest_version())
        .await
        .expect("IndexedDB opens");
    let actor = Actor::parse("Bench", "").expect("a name");
    let workspace = WorkspaceId::parse("bench").expect("an id");
    let name = WorkspaceName::parse("Bench").expect("a name");
    let mut batch = WriteBatch::new(actor.clone(), 1);
    batch.save_workspace(None, Workspace::new(workspace.clone(), name, 1));
    store.apply(&batch).await.expect("the workspace is saved");

    let id = RecordId::parse("t1").expect("an id");
    let key = Ticket::key(&workspace, &id);
    let logged = js_sys::Date::now() as i64;
    let mut ticket = Ticket::new(
        id.clone(),
        TicketType::Incident,
        "Mail is down",
        Level::High,
        Level::Medium,
        logged,
    )
    .expect("a ticket");
    let mut before: Option<Value> = None;
    // The ticket's fields edited one save at a time until its history holds 200 changes.
    let mut edits = 0;
    for n in 0.. {
        let mut next = ticket.clone();
        next.description = format!("Update {n}: the relay was checked again.");
        next.assignee = format!("Agent {}", n % 7);
        let after = Value::Object(next.to_body());
        let mut batch = WriteBatch::new(actor.clone(), logged + n);
        batch.edit_fields(&key, before.as_ref(), &after);
        edits += batch.len();
        store.apply(&batch).await.expect("an edit is saved");
        before = Some(after);
        ticket = next;
        if edits >= CHANGES {
            break;
        }
    }
    let catalogue = Catalogue::default();
    let (mut open, mut history) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let started = now_ms();
        let record = store.record(&key).await.expect("read").expect("stored");
        let read = Ticket::read(&record, &()).expect("a valid ticket");
        assert_eq!(read.description, ticket.description);
        let opened = now_ms();
        let (entries, total) = store.record_history(&key, CHANGES).await.expect("history");
        let rows: Vec<[String; 3]> = entries
            .iter()
            .map(|change| {
                [
                    change.actor.name().to_owned(),
                    describe_field(change.kind.as_str(), &change.field, &catalogue),
                    describe_value(change.kind.as_str(), &change.field, change.value.as_ref()),
                ]
            })
            .collect();
        assert!(
            total >= CHANGES && rows.len() == CHANGES,
            "{total} {}",
            rows.len()
        );
        let described = now_ms();
        open.push(opened - started);
        history.push(described - opened);
    }
    let (open, history) = (median(&mut open), median(&mut history));
    console_log!(
        "history-bench open changes={CHANGES} runs={RUNS} open_ms={open:.1} history_ms={history:.1} total_ms={:.1}",
        open + history
    );
    IdbStore::delete(DATABASE).await.expect("cleaned up");
}
