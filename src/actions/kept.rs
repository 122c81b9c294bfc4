//! Versions of a long text kept beside its value because two devices rewrote it apart: who
//! wrote each, and settling them (any kind, any long-text field its kind declares).

use praxis_core::RecordKey;
use praxis_core::versions::settling_problem;
use praxis_store::Store;
use serde_json::Value;

use crate::state::AppState;

/// How far back in a record's history to look for who wrote a kept version.
const AUTHORS_LOOKED_UP: usize = 500;

/// A text kept beside a field's value because it was written at the same time elsewhere,
/// with when it was written and by whom (while the history still says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptVersionShown {
    pub text: String,
    pub at: i64,
    pub by: Option<String>,
}

/// The texts kept beside `field` of the record at `key`, latest first.
pub async fn kept_versions(
    state: AppState,
    key: &RecordKey,
    field: &str,
) -> Result<Vec<KeptVersionShown>, String> {
    let store = state.store();
    let record = store.record(key).await.map_err(|e| e.to_string())?;
    let Some(record) = record.filter(|r| !r.deleted) else {
        return Ok(Vec::new());
    };
    let kept = record.kept_texts(field);
    if kept.is_empty() {
        return Ok(Vec::new());
    }
    let (history, _) = store
        .record_history(key, AUTHORS_LOOKED_UP)
        .await
        .map_err(|e| e.to_string())?;
    Ok(kept
        .into_iter()
        .map(|kept| KeptVersionShown {
            by: history
                .iter()
                .find(|change| change.clock == kept.clock)
                .map(|change| change.actor.name().to_owned()),
            at: kept.clock.wall_ms(),
            text: kept.text,
        })
        .collect())
}

/// Settles `field` as `text`, written with `shown` in front of the person (the text as the page
/// showed it and every kept version), so those versions are no longer kept. Checked by the
/// record kind's rules as any edit of the field is.
pub async fn settle_text(
    state: AppState,
    key: &RecordKey,
    field: &str,
    text: String,
    shown: Vec<String>,
) -> Result<(), String> {
    let record = state
        .store()
        .record(key)
        .await
        .map_err(|e| e.to_string())?
        .filter(|r| !r.deleted)
        .ok_or("Nothing was saved: this record no longer exists on this device.")?;
    let catalogue = super::frameworks::catalogue(state, &key.workspace).await?;
    let value = (!text.is_empty()).then_some(Value::String(text));
    if let Some(problem) = settling_problem(&record, field, value.as_ref(), &catalogue) {
        return Err(format!("Nothing was saved: {problem}"));
    }
    let shown = shown.into_iter().map(|text| Some(Value::String(text)));
    let mut batch = state.batch()?;
    batch.set_text(key, field, value, shown.collect());
    state
        .write(batch)
        .await
        .map(drop)
        .map_err(|e| format!("Nothing was saved: {e}"))
}
