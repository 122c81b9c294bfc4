//! Rows for the write path as JavaScript objects, each made in one call into JavaScript: the same
//! objects serde builds property by property, where a batch writes thousands of them.

use praxis_core::{Change, Record};
use wasm_bindgen::prelude::*;

use super::{FeedRow, RecordRow};

#[wasm_bindgen(inline_js = r#"
export function recordRow(pk, updated_at, body, clocks, deleted, conflicts) {
    const [workspace, kind, id] = pk.split("/");
    const row = { pk, workspace, kind, id, updated_at, body, clocks, deleted };
    if (conflicts !== undefined) row.conflicts = conflicts;
    return row;
}
export function feedGroup(seq, workspace, record, pending, changesJson) {
    const [kind, record_id] = record.split("/");
    const changes = JSON.parse(changesJson);
    const last = seq + changes.length - 1;
    const ids = changes.map((change) => [workspace, change.cid]);
    const row = { seq, last, workspace, kind, record_id, changes, ids };
    if (pending) {
        row.waiting = changes.map((_, i) => seq + i);
        row.outbox = workspace;
    }
    return row;
}
export function fileRow(workspace, sha256, bytes) {
    return { pk: `${workspace}/${sha256}`, workspace, sha256, blob: new Blob([bytes]) };
}
export function fileBytes(row) {
    return row.blob.arrayBuffer().then((buffer) => new Uint8Array(buffer));
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
    fn record_row(
        pk: &str,
        updated_at: f64,
        body: &str,
        clocks: &str,
        deleted: bool,
        conflicts: Option<String>,
    ) -> JsValue;
    #[wasm_bindgen(js_name = feedGroup)]
    fn feed_group(seq: f64, workspace: &str, record: &str, pending: bool, changes: &str)
    -> JsValue;
    /// Takes the `acknowledged` sequence numbers off a feed row's waiting list (and the row out of
    /// the outbox when none are left); says whether the row changed.
    #[wasm_bindgen(js_name = acknowledgeIn)]
    pub(super) fn acknowledge_in(row: &JsValue, acknowledged: &[f64]) -> bool;
    /// An evidence file's row: its bytes copied into a Blob.
    #[wasm_bindgen(js_name = fileRow)]
    pub(super) fn file_row(workspace: &str, sha256: &str, bytes: &[u8]) -> JsValue;
    #[wasm_bindgen(js_name = fileBytes)]
    fn file_bytes_promise(row: &JsValue) -> js_sys::Promise;
}

/// The bytes of a file row's Blob.
pub(super) async fn file_bytes(row: &JsValue) -> Result<Vec<u8>, crate::StoreError> {
    let bytes = wasm_bindgen_futures::JsFuture::from(file_bytes_promise(row))
        .await
        .map_err(|e| crate::StoreError::Backend(format!("reading a file: {e:?}")))?;
    Ok(js_sys::Uint8Array::new(&bytes).to_vec())
}

/// A record as its row ([`RecordRow`]). Ids cannot contain '/', so the key splits back apart.
pub(super) fn record(record: &Record) -> JsValue {
    let clocks = serde_json::to_string(&record.clocks).expect("plain data");
    let conflicts = (!record.conflicts.is_empty())
        .then(|| serde_json::to_string(&record.conflicts).expect("plain data"));
    record_row(
        &RecordRow::primary_key(&record.key()),
        record.updated_at as f64,
        &record.body.to_string(),
        &clocks,
        record.deleted,
        conflicts,
    )
}

/// Builds feed rows ([`super::GroupRow`]): each run of changes to one record, all waiting for a
/// server or none, becomes one row. A row's changes go to JavaScript as one JSON text (one call
/// per row rather than per change); each person is printed once however many changes they made.
pub(super) struct FeedRows {
    next_seq: u64,
    rows: Vec<JsValue>,
    current: Option<Run>,
    actor: Option<(praxis_core::Actor, String)>,
}

/// The row being filled: its workspace, record (`kind/id`), outbox state, first sequence number
/// and its changes so far as the inside of a JSON array.
struct Run {
    workspace: String,
    record: String,
    pending: bool,
    first: u64,
    changes: String,
}

/// One change of a row as JSON: value and actor are JSON text themselves.
#[derive(serde::Serialize)]
struct ChangeText<'a> {
    cid: &'a str,
    field: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    actor: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    replaces: &'a [praxis_core::Hlc],
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
        let value = change.value.as_ref().map(ToString::to_string);
        let record = format!("{}/{}", change.kind, change.record_id);
        let text = ChangeText {
            cid: &change.id(),
            field: &change.field,
            value: value.as_deref(),
            actor: &actor.1,
            replaces: &change.replaces,
        };
        self.push_text((change.workspace.as_str(), &record, pending), &text);
        self.actor = Some(actor);
    }

    /// Adds a change as the feed of schema versions 3 to 5 kept it (value and actor as text).
    pub(super) fn push_row(&mut self, row: &FeedRow) {
        let record = format!("{}/{}", row.kind, row.record_id);
        let text = ChangeText {
            cid: &row.cid,
            field: &row.field,
            value: row.value.as_deref(),
            actor: &row.actor,
            replaces: &[],
        };
        let run = (
            row.workspace.as_str(),
            record.as_str(),
            row.outbox.is_some(),
        );
        self.push_text(run, &text);
    }

    /// Adds a change to the row being filled, or starts a row when the workspace, record or
    /// outbox state differs from the last change's.
    fn push_text(&mut self, (workspace, record, pending): (&str, &str, bool), text: &ChangeText) {
        let same = self.current.as_ref().is_some_and(|run| {
            run.workspace == workspace && run.record == record && run.pending == pending
        });
        if !same {
            self.end_row();
            self.current = Some(Run {
                workspace: workspace.to_owned(),
                record: record.to_owned(),
                pending,
                first: self.next_seq,
                changes: String::new(),
            });
        }
        let run = self.current.as_mut().expect("a row is being filled");
        if !run.changes.is_empty() {
            run.changes.push(',');
        }
        let json = serde_json::to_string(text).expect("plain data");
        run.changes.push_str(&json);
        self.next_seq += 1;
    }

    fn end_row(&mut self) {
        if let Some(run) = self.current.take() {
            // Sequence numbers stay far below 2^53, so they are exact as JavaScript numbers.
            let changes = format!("[{}]", run.changes);
            let row = feed_group(
                run.first as f64,
                &run.workspace,
                &run.record,
                run.pending,
                &changes,
            );
            self.rows.push(row);
        }
    }

    /// The rows, and the sequence number the next change will get.
    pub(super) fn finish(mut self) -> (Vec<JsValue>, u64) {
        self.end_row();
        (self.rows, self.next_seq)
    }
}
