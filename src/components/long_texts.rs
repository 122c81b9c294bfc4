//! A record page's long texts (descriptions, plans, reviews): each with its label and hint, the
//! versions kept beside it when two people rewrote it apart, and shown only while it is relevant
//! to where the record stands. One component for every kind, so each page adds a list of
//! fields rather than view code of its own.

use leptos::prelude::*;
use praxis_core::RecordKey;

use crate::components::kept_texts::KeptTexts;
use crate::components::synced_text::SyncedText;

/// One long text of a kind: its field, label and hint.
#[derive(Debug, Clone, Copy)]
pub struct LongText {
    pub field: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

#[component]
pub fn LongTexts(
    key: RecordKey,
    kind: &'static str,
    /// Element ids start with it: "change" gives `change-review`.
    prefix: &'static str,
    fields: &'static [LongText],
    /// The form's text for each of `fields`, in order.
    texts: Vec<SyncedText>,
    max_chars: usize,
    /// The fields to show now.
    #[prop(into)]
    shown: Signal<Vec<&'static str>>,
) -> impl IntoView {
    fields
        .iter()
        .zip(texts)
        .map(|(text_field, text)| {
            let LongText { field, label, hint } = *text_field;
            let key = key.clone();
            let input = format!("{prefix}-{field}");
            let hint_id = format!("{input}-hint");
            view! {
                <div class="field" prop:hidden=move || shown.with(|s| !s.contains(&field))>
                    <label for=input.clone()>{label}</label>
                    <p class="hint" id=hint_id.clone()>{hint}</p>
                    <textarea id=input rows="3" maxlength=max_chars aria-describedby=hint_id bind:value=text.value></textarea>
                    <KeptTexts field=Signal::derive(move || Some((key.clone(), field.to_owned()))) kind=kind text=text what="this text" />
                </div>
            }
        })
        .collect_view()
}
