//! Rows for the write path as JavaScript objects, each made in one call into JavaScript: the same
//! objects serde builds property by property, where a batch writes thousands of them.

use praxis_core::{Change, Record};
use wasm_bindgen::prelude::*;

use super::RecordRow;

#[wasm_bindgen(inline_js = r#"
export function recordRow(pk, updated_at, body, clocks, deleted) {
    const [workspace, kind, id] = pk.split("/");
    return { pk, workspace, kind, id, updated_at, body, clocks, deleted };
}
export function feedRow(workspace, cid, record, field, value, actor, pending) {
    const [kind, record_id] = record.split("/");
    const row = { workspace, cid, kind, record_id, field, actor };
    if (value !== undefined) row.value = value;
    if (pending) row.outbox = workspace;
    return row;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = recordRow)]
    fn record_row(pk: &str, updated_at: f64, body: &str, clocks: &str, deleted: bool) -> JsValue;
    #[wasm_bindgen(js_name = feedRow)]
    fn feed_row(
        workspace: &str,
        cid: &str,
        record: &str,
        field: &str,
        value: &JsValue,
        actor: &str,
        pending: bool,
    ) -> JsValue;
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

/// Writes feed rows ([`super::FeedRow`]), printing each person once however many changes they
/// made.
#[derive(Default)]
pub(super) struct FeedRows {
    actor: Option<(praxis_core::Actor, String)>,
}

impl FeedRows {
    pub(super) fn row(&mut self, change: &Change, pending: bool) -> JsValue {
        if self
            .actor
            .as_ref()
            .is_none_or(|(actor, _)| *actor != change.actor)
        {
            let text = serde_json::to_string(&change.actor).expect("plain data");
            self.actor = Some((change.actor.clone(), text));
        }
        let actor = self.actor.as_ref().map_or("", |(_, text)| text.as_str());
        let value = change.value.as_ref().map_or(JsValue::UNDEFINED, |value| {
            JsValue::from_str(&value.to_string())
        });
        feed_row(
            change.workspace.as_str(),
            &change.id(),
            &format!("{}/{}", change.kind, change.record_id),
            &change.field,
            &value,
            actor,
            pending,
        )
    }
}
