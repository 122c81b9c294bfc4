//! A long text (notes, a justification, a scope) rewritten on two devices while they were
//! apart: the later text is the field's value and each other version is shown here, beside it,
//! until someone picks one, keeps both or keeps the text as it is. Nothing is lost without
//! someone seeing it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::RecordKey;

use crate::actions::kept::{self, KeptVersionShown};
use crate::browser;
use crate::components::synced_text::SyncedText;
use crate::state::{Tone, use_app_state};

/// How a person settles the kept texts.
#[derive(Debug, Clone)]
enum Choice {
    /// This kept text becomes the field's value.
    Use(String),
    /// The value and this kept text, one after the other.
    Both(String),
    /// The value stays as it is.
    Keep,
}

/// The value as settled by `choice`, from the value as stored now.
fn settled(current: String, choice: Choice) -> String {
    match choice {
        Choice::Use(text) => text,
        Choice::Both(text) if current.trim().is_empty() => text,
        Choice::Both(text) => format!("{current}\n\n{text}"),
        Choice::Keep => current,
    }
}

#[component]
pub fn KeptTexts(
    /// The record and the field whose kept versions are shown, once known.
    #[prop(into)]
    field: Signal<Option<(RecordKey, String)>>,
    /// The record's kind: the versions are read again whenever a record of it changes.
    kind: &'static str,
    /// The form's field, to know what the person sees and whether they are typing.
    text: SyncedText,
    /// What the text is, as in "Another version of these notes".
    what: &'static str,
) -> impl IntoView {
    let state = use_app_state();
    let revision = state.kind_revision(Some(kind));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let kept = LocalResource::new(move || {
        revision.track();
        let field = field.get();
        async move {
            match field {
                Some((key, field)) => kept::kept_versions(state, &key, &field).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let shown_texts = move || kept.get().and_then(Result::ok).unwrap_or_default();
    let settle = move |choice: Choice| {
        if text.is_edited_untracked() {
            error.set(Some(
                "Save or undo your changes to this text first, then choose.".into(),
            ));
            return;
        }
        let Some((key, field)) = field.get_untracked() else {
            return;
        };
        let current = text.stored();
        let mut seen: Vec<String> = kept
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|k| k.text)
            .collect();
        seen.push(current.clone());
        let value = settled(current, choice);
        busy.set(true);
        spawn_local(async move {
            let done = kept::settle_text(state, &key, &field, value, seen).await;
            busy.set(false);
            match done {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "The versions are settled.");
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    let failed = move || match kept.get() {
        Some(Err(problem)) => Some(problem),
        _ => None,
    };
    move || {
        let texts = shown_texts();
        if texts.is_empty() {
            return failed()
                .map(|problem| view! { <p class="field-error">{problem}</p> })
                .into_any();
        }
        let count = texts.len();
        view! {
            <section class="kept-versions" aria-label=format!("Versions of {what} written at the same time elsewhere")>
                <h5>{if count == 1 { format!("Another version of {what}") } else { format!("{count} other versions of {what}") }}</h5>
                <p class="hint">"This text was rewritten elsewhere while the devices were apart. The text above is the later version; nothing is lost until you choose."</p>
                {texts.into_iter().map(|version| kept_version(version, settle, busy)).collect_view()}
                <div class="button-row">
                    <button type="button" disabled=move || busy.get() || state.read_only.get() on:click=move |_| settle(Choice::Keep)>
                        {if count == 1 { "Keep the text above and drop this version" } else { "Keep the text above and drop these versions" }}
                    </button>
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </section>
        }
        .into_any()
    }
}

fn kept_version(
    version: KeptVersionShown,
    settle: impl Fn(Choice) + Copy + 'static,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let state = use_app_state();
    let written = match &version.by {
        Some(name) => format!("Written by {name}, {}", browser::format_time(version.at)),
        None => format!("Written {}", browser::format_time(version.at)),
    };
    let (use_text, both_text) = (version.text.clone(), version.text.clone());
    let disabled = move || busy.get() || state.read_only.get();
    view! {
        <figure class="kept-version">
            <figcaption class="hint">{written}</figcaption>
            <blockquote>{version.text}</blockquote>
            <div class="button-row">
                <button type="button" disabled=disabled on:click=move |_| settle(Choice::Use(use_text.clone()))>"Use this version"</button>
                <button type="button" disabled=disabled on:click=move |_| settle(Choice::Both(both_text.clone()))>"Keep both"</button>
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_choice_settles_the_text_it_names() {
        let current = || "Ours".to_owned();
        assert_eq!(settled(current(), Choice::Use("Theirs".into())), "Theirs");
        assert_eq!(
            settled(current(), Choice::Both("Theirs".into())),
            "Ours\n\nTheirs"
        );
        assert_eq!(settled(" ".into(), Choice::Both("Theirs".into())), "Theirs");
        assert_eq!(settled(current(), Choice::Keep), "Ours");
    }
}
