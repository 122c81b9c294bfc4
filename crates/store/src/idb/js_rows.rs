//! Rows for the write path as JavaScript objects, each made in one call into JavaScript: the same
//! objects serde builds property by property, where a batch writes thousands of them.

use praxis_core::{Change, Record};
use wasm_bindgen::prelude::*;

use super::{FeedRow, RecordRow};

#[wasm_bindgen(inline_js = r#"
export function recordRow(pk, updated_at, body, clocks, deleted) {
    const [workspace, kind, id] = pk.split("/");
    return { pk, workspace, kind, id, updated_at, body, clocks, deleted };
}
export function feedGroup(seq, workspace, record, pending) {
    const [kind, record_id] = record.split("/");
    const row = { seq, last: seq - 1, workspace, kind, record_id, changes: [], ids: [] };
    if (pending) { row.waiting = []; row.outbox = workspace; }
    return row;
}
export function addToGroup(row, cid, field, value, actor) {
    const change = { cid, field, actor };
    if (value !== undefined) change.value = value;
    row.last += 1;
    row.changes.push(change);
    row.ids.push([row.workspace, cid]);
    if (row.waiting) row.waiting.push(row.last);
}
export function acknowledgeIn(row, acknowledged) {
    if (!row.waiting) return false;
    const done = new Set(acknowledged);
    const left = row.waiting.filter((seq) => !done.has(seq));
    if (left.length === row.waiting.length) return false;
    if (left.length > 0) {
        row.waiting = left;
    } else {
        delete row.waiting;
        delete row.outbox;
    }
    return true;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = recordRow)]
    fn record_row(pk: &str, updated_at: f64, body: &str, clocks: &str, deleted: bool) -> JsValue;
    #[wasm_bindgen(js_name = feedGroup)]
    fn feed_group(seq: f64, workspace: &str, record: &str, pending: bool) -> JsValue;
    #[wasm_bindgen(js_name = addToGroup)]
    fn add_to_group(row: &JsValue, cid: &str, field: &str, value: &JsValue, actor: &str);
    /// Takes the `acknowledged` sequence numbers off a feed row's waiting list (and the row out of
    /// the outbox when none are left); says whether the row changed.
    #[wasm_bindgen(js_name = acknowledgeIn)]
    pub(super) fn acknowledge_in(row: &JsValue, acknowledged: &[f64]) -> bool;
}

/// A record as its row ([`RecordRow`]). Ids cannot contain '/', so the key splits back apart.
pub(super) fn record(record: &Record) -> JsValue {
    let clocks = serde_json::to_string(&record.clocks).expect("plain data");
    record_row(
        &RecordRow::primary_key(&record.key()),
        record.updated_at as f64,
        &record.body.to_string(),
        &clocks,
        record.deleted,
    )
}

/// Builds feed rows ([`super::GroupRow`]): each run of changes to one record, all waiting for a
/// server or none, becomes one row. Each person is printed once however many changes they made.
pub(super) struct FeedRows {
    next_seq: u64,
    rows: Vec<JsValue>,
    /// The workspace, record (`kind/id`) and outbox state of the row being filled.
    current: Option<(String, String, bool)>,
    actor: Option<(praxis_core::Actor, String)>,
}

impl FeedRows {
    /// Rows whose first change gets sequence number `next_seq`.
    pub(super) fn starting_at(next_seq: u64) -> Self {
        Self {
            next_seq,
            rows: Vec::new(),
            current: None,
            actor: None,
        }
    }

    pub(super) fn push(&mut self, change: &Change, pending: bool) {
        if self
            .actor
            .as_ref()
            .is_none_or(|(actor, _)| *actor != change.actor)
        {
            let text = serde_json::to_string(&change.actor).expect("plain data");
            self.actor = Some((change.actor.clone(), text));
        }
        let actor = self.actor.take().expect("just set");
        let value = change.value.as_ref().map_or(JsValue::UNDEFINED, |value| {
            JsValue::from_str(&value.to_string())
        });
        let record = format!("{}/{}", change.kind, change.record_id);
        let run = (change.workspace.as_str(), record.as_str(), pending);
        self.push_text(run, &change.id(), &change.field, &value, &actor.1);
        self.actor = Some(actor);
    }

    /// Adds a change as the feed of schema versions 3 to 5 kept it (value and actor as text).
    pub(super) fn push_row(&mut self, row: &FeedRow) {
        let value = row
            .value
            .as_deref()
            .map_or(JsValue::UNDEFINED, JsValue::from_str);
        let record = format!("{}/{}", row.kind, row.record_id);
        let run = (
            row.workspace.as_str(),
            record.as_str(),
            row.outbox.is_some(),
        );
        self.push_text(run, &row.cid, &row.field, &value, &row.actor);
    }

    /// Adds a change to the row being filled, or starts a row when the workspace, record or
    /// outbox state (`run`) differs from the last change's.
    fn push_text(
        &mut self,
        (workspace, record, pending): (&str, &str, bool),
        cid: &str,
        field: &str,
        value: &JsValue,
        actor: &str,
    ) {
        let same = self.current.as_ref().is_some_and(|(w, r, p)| {
            w.as_str() == workspace && r.as_str() == record && *p == pending
        });
        if !same {
            // Sequence numbers stay far below 2^53, so they are exact as JavaScript numbers.
            let row = feed_group(self.next_seq as f64, workspace, record, pending);
            self.rows.push(row);
            self.current = Some((workspace.to_owned(), record.to_owned(), pending));
        }
        let row = self.rows.last().expect("a row was just made");
        add_to_group(row, cid, field, value, actor);
        self.next_seq += 1;
    }

    /// The rows, and the sequence number the next change will get.
    pub(super) fn finish(self) -> (Vec<JsValue>, u64) {
        (self.rows, self.next_seq)
    }
}
