//! Workshop mode: one item at a time, large type for a projector, keyboard only.
//! Digits 0–5 rate, ←/→ (or k/j) move, n opens notes, g shows or hides guidance, Esc leaves.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use praxis_core::assessment::{ItemAnswer, Rating, item_key, rollup};
use praxis_core::maturity::Scale;

use super::assessment::{Editing, use_assessment, with_editing};
use crate::components::guidance::{Depth, ItemGuidance};
use crate::state::Tone;

#[component]
pub fn Workshop() -> impl IntoView {
    let (assessment, problem) = use_assessment();
    view! {
        <section class="workshop" aria-labelledby="page-title">
            {with_editing(assessment, problem, |editing| view! { <WorkshopLoaded editing=editing /> })}
        </section>
    }
}

#[component]
fn WorkshopLoaded(editing: Editing) -> impl IntoView {
    let navigate = use_navigate();
    let keys: Vec<String> = editing.assessment.with_untracked(|a| {
        a.as_ref()
            .map(|a| a.items().map(|(f, i)| item_key(f, i)).collect())
            .unwrap_or_default()
    });
    let count = keys.len();
    let keys = StoredValue::new(keys);
    let position = RwSignal::new(0usize);
    let show_guidance = RwSignal::new(true);
    let notes_open = RwSignal::new(false);
    let notes = RwSignal::new(String::new());
    let notes_ref = NodeRef::<leptos::html::Textarea>::new();
    let current_key = move || {
        keys.with_value(|k| k.get(position.get()).cloned())
            .unwrap_or_default()
    };
    // Processes of a capability assessment are rated by their attributes; the rest 0–5.
    let scale = move || {
        let key = current_key();
        editing
            .assessment
            .with_untracked(|a| a.as_ref().and_then(|a| a.scale_of(&key).ok()))
            .unwrap_or(Scale::IsmsMaturity)
    };
    let answer = Memo::new(move |_| {
        let key = current_key();
        editing
            .assessment
            .with(|a| a.as_ref().and_then(|a| a.answer(&key).cloned()))
            .unwrap_or_default()
    });
    let progress = Memo::new(move |_| {
        editing
            .assessment
            .with(|a| a.as_ref().map(|a| rollup(a).overall))
    });
    let rate = move |level: u8| {
        let key = current_key();
        if let Err(problem) = editing.change(|a| a.set_rating(&key, Some(Rating::Level(level)))) {
            editing.state.notify(Tone::Error, problem);
        }
    };
    // The notes as they were when opened: should they change meanwhile (another device, another
    // tab), saving keeps that newer text beside these rather than replacing it unseen.
    let opened_with = StoredValue::new(String::new());
    let open_notes = move || {
        let stored = answer.get_untracked().notes;
        opened_with.set_value(stored.clone());
        notes.set(stored);
        notes_open.set(true);
    };
    let save_notes = move || {
        let key = current_key();
        let mut details = answer.get_untracked();
        let opened = opened_with.get_value();
        let started = (details.notes != opened).then_some(opened);
        details.notes = notes.get_untracked();
        let details = ItemAnswer {
            rating: None,
            target: None,
            not_applicable: None,
            ..details
        };
        if let Err(problem) =
            editing.change_text_from(&key, "notes", started, |a| a.set_details(&key, details))
        {
            editing.state.notify(Tone::Error, problem);
        }
        notes_open.set(false);
    };
    Effect::new(move || {
        if notes_open.get()
            && let Some(area) = notes_ref.get()
        {
            let _ = area.focus();
        }
    });
    let back = editing.assessment.with_untracked(|a| {
        a.as_ref()
            .map(|a| format!("/assessments/{}", a.id))
            .unwrap_or_default()
    });
    let leave = move || navigate(&back, Default::default());
    let handle = window_event_listener(ev::keydown, move |event| {
        if notes_open.get_untracked() {
            if event.key() == "Escape" {
                save_notes();
                event.prevent_default();
            }
            return;
        }
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        match event.key().as_str() {
            digit @ ("0" | "1" | "2" | "3" | "4" | "5") if scale() == Scale::IsmsMaturity => {
                rate(digit.parse().unwrap_or(0));
            }
            "ArrowRight" | "j" => position.update(|p| *p = (*p + 1).min(count.saturating_sub(1))),
            "ArrowLeft" | "k" => position.update(|p| *p = p.saturating_sub(1)),
            "Home" => position.set(0),
            "End" => position.set(count.saturating_sub(1)),
            "n" => open_notes(),
            "g" => show_guidance.update(|g| *g = !*g),
            "Escape" => leave(),
            _ => return,
        }
        event.prevent_default();
    });
    on_cleanup(move || handle.remove());

    let item_view = move || {
        let key = current_key();
        let found = editing
            .assessment
            .with(|a| a.as_ref().and_then(|a| a.item(&key).ok()));
        let Some((framework, item)) = found else {
            return ().into_any();
        };
        let scale = scale();
        let names = scale.level_names();
        view! {
            <p class="workshop-position">{format!("{} · item {} of {}", framework.name, position.get() + 1, count)}</p>
            <h1 id="page-title" class="workshop-title"><span class="workshop-id">{item.id.clone()}</span>" "{item.title.clone()}</h1>
            <div class="workshop-rating" role="group" aria-label="Rating">
                {(0..=5u8).map(|level| view! {
                    <button type="button" class="workshop-level" aria-pressed=move || (answer.with(|a| a.rating.as_ref().map(Rating::level)) == Some(level)).to_string()
                        on:click=move |_| rate(level) disabled=move || scale != Scale::IsmsMaturity || editing.state.read_only.get()>
                        <span class="workshop-digit">{level.to_string()}</span>
                        <span class="workshop-name">{names[usize::from(level)]}</span>
                    </button>
                }).collect_view()}
            </div>
            {(scale == Scale::ProcessCapability).then(|| view! { <p>"This process is rated by its ISO/IEC 33020 process attributes: rate them on the assessment page; the level shows here."</p> })}
            {move || answer.with(|a| a.not_applicable.clone()).map(|why| view! { <p class="hint">{format!("Not applicable: {why}")}</p> })}
            <Show when=move || show_guidance.get()>
                <ItemGuidance framework item depth=Depth::Brief />
            </Show>
        }
        .into_any()
    };

    view! {
        <div class="workshop-bar">
            <progress max="1" value=move || progress.with(|p| p.as_ref().map_or(0.0, |s| s.progress()))></progress>
            <span>{move || progress.with(|p| p.as_ref().map(|s| format!("{} of {} items rated", s.rated, s.items)).unwrap_or_default())}</span>
        </div>
        <div class="workshop-item" aria-live="polite">{item_view}</div>
        <Show when=move || notes_open.get()>
            <div class="workshop-notes">
                <label for="workshop-notes">"Notes (Esc saves and closes)"</label>
                <textarea id="workshop-notes" rows="5" node_ref=notes_ref bind:value=notes disabled=move || editing.state.read_only.get()></textarea>
            </div>
        </Show>
        <p class="workshop-keys">"Keys: 0–5 rate · ← → move · n notes · g guidance · Esc leave"</p>
    }
}
