//! Notes rewritten on two devices while they were apart: the later text is the item's notes and
//! the other is shown here, beside it, until someone picks one, keeps both or keeps the notes
//! as they are. Nothing is lost without someone seeing it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::RecordType;
use praxis_core::assessment::Assessment;

use crate::actions::assessments::{self as actions, KeptNote};
use crate::browser;
use crate::components::synced_text::SyncedText;
use crate::routes::assessment::Editing;
use crate::state::{Tone, use_app_state};

/// How a person settles the kept texts.
#[derive(Debug, Clone)]
enum Choice {
    /// This kept text becomes the notes.
    Use(String),
    /// The notes and this kept text, one after the other.
    Both(String),
    /// The notes stay as they are.
    Keep,
}

#[component]
pub fn KeptNotes(
    item_key: String,
    /// The notes field of the form, to know what the person sees and whether they are typing.
    notes: SyncedText,
) -> impl IntoView {
    let editing = expect_context::<Editing>();
    let state = use_app_state();
    let revision = state.kind_revision(Some(Assessment::KIND));
    let answer_key = Memo::new(move |_| {
        editing
            .assessment
            .with(|a| a.as_ref().map(|a| a.answer_key(&item_key)))
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let kept = LocalResource::new(move || {
        revision.track();
        let (workspace, id) = (editing.workspace(), editing.id());
        let answer_key = answer_key.get();
        async move {
            match (id, answer_key) {
                (Some(id), Some(answer_key)) => {
                    actions::kept_notes(state, &workspace, &id, &answer_key).await
                }
                _ => Ok(Vec::new()),
            }
        }
    });
    let shown_texts = move || kept.get().and_then(Result::ok).unwrap_or_default();
    let settle = move |choice: Choice| {
        if notes.is_edited_untracked() {
            error.set(Some(
                "Save or undo your changes to the notes first, then choose.".into(),
            ));
            return;
        }
        let workspace = editing.workspace();
        let (Some(id), Some(answer_key)) = (editing.id(), answer_key.get_untracked()) else {
            return;
        };
        let current = notes.stored();
        let mut seen: Vec<String> = kept
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|k| k.text)
            .collect();
        seen.push(current.clone());
        let settled = match choice {
            Choice::Use(text) => text,
            Choice::Both(text) if current.trim().is_empty() => text,
            Choice::Both(text) => format!("{current}\n\n{text}"),
            Choice::Keep => current,
        };
        busy.set(true);
        spawn_local(async move {
            let done =
                actions::resolve_notes(state, &workspace, &id, &answer_key, settled, seen).await;
            busy.set(false);
            match done {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Notes settled.");
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
            <section class="kept-notes" aria-label="Notes written at the same time elsewhere">
                <h5>{if count == 1 { "Another version of these notes".to_owned() } else { format!("{count} other versions of these notes") }}</h5>
                <p class="hint">"These notes were rewritten elsewhere while the devices were apart. The notes above are the later version; nothing is lost until you choose."</p>
                {texts.into_iter().map(|note| kept_note(note, settle, busy)).collect_view()}
                <div class="button-row">
                    <button type="button" disabled=move || busy.get() on:click=move |_| settle(Choice::Keep)>
                        {if count == 1 { "Keep the notes above and drop this version" } else { "Keep the notes above and drop these versions" }}
                    </button>
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </section>
        }
        .into_any()
    }
}

fn kept_note(
    note: KeptNote,
    settle: impl Fn(Choice) + Copy + 'static,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let written = match &note.by {
        Some(name) => format!("Written by {name}, {}", browser::format_time(note.at)),
        None => format!("Written {}", browser::format_time(note.at)),
    };
    let (use_text, both_text) = (note.text.clone(), note.text.clone());
    view! {
        <figure class="kept-note">
            <figcaption class="hint">{written}</figcaption>
            <blockquote>{note.text}</blockquote>
            <div class="button-row">
                <button type="button" disabled=move || busy.get() on:click=move |_| settle(Choice::Use(use_text.clone()))>"Use this version"</button>
                <button type="button" disabled=move || busy.get() on:click=move |_| settle(Choice::Both(both_text.clone()))>"Keep both"</button>
            </div>
        </figure>
    }
}
