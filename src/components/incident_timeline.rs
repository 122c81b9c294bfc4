//! A major or security incident's timeline: the steps it took and what the people handling it
//! noted, in time order, with a form to add what happened when. Each entry is a field of its
//! own, so notes added on two devices at once are both kept.

use leptos::prelude::*;
use praxis_core::itsm::ticket::Ticket;
use praxis_core::itsm::timeline::{Moment, NOTE_MAX_CHARS, TimelineEntry};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, WorkspaceId};

use crate::browser;
use crate::components::ticket_amend::Amender;
use crate::state::use_app_state;

#[component]
pub fn IncidentTimeline(workspace: WorkspaceId, ticket: Signal<Option<Ticket>>) -> impl IntoView {
    let state = use_app_state();
    let at = RwSignal::new(browser::local_input_time(browser::now_ms()));
    let note = RwSignal::new(String::new());
    let amender = Amender::new(workspace, ticket);
    let (error, busy) = (amender.error, amender.busy);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(when) = browser::parse_local_input_time(&at.get_untracked()) else {
            return amender.refuse("give the date and time it happened.");
        };
        let by = state
            .actor
            .get_untracked()
            .map(|a| a.name().to_owned())
            .unwrap_or_default();
        amender.add_entry(
            TimelineEntry::new(when, &note.get_untracked(), &by),
            |t, id, entry| {
                t.timeline.add(id, entry);
                Ok(())
            },
            "Added to the timeline.",
            move || note.set(String::new()),
        );
    };
    let moments = move || {
        let ticket = ticket.get()?;
        let steps = ticket.steps.ordered();
        let items: Vec<(i64, Option<RecordId>, String, String)> = ticket
            .timeline
            .with_steps(&steps)
            .into_iter()
            .map(|m| match m {
                Moment::Step(step) => (
                    step.at,
                    None,
                    format!("Moved to {}", step.to.label().to_lowercase()),
                    String::new(),
                ),
                Moment::Entry(id, entry) => (
                    entry.at,
                    Some(id.clone()),
                    entry.note.clone(),
                    entry.by.clone(),
                ),
            })
            .collect();
        Some(items)
    };
    let list = move || {
        let Some(items) = moments() else {
            return ().into_any();
        };
        if items.is_empty() {
            return view! { <p class="empty">"Nothing on the timeline yet: add the first alert, the people called in, each decision."</p> }.into_any();
        }
        view! {
                <ol class="incident-timeline" data-testid="incident-timeline">
                    {items.into_iter().map(|(at, id, note, by)| {
                        let remove = id.map(|id| {
                            let note_text = note.clone();
                            view! {
                                <button type="button" class="link-button no-print" disabled=move || busy.get() || state.read_only.get()
                                    on:click=move |_| {
                                        if !browser::confirm(&format!("Remove “{note_text}” from the timeline?")) {
                                            return;
                                        }
                                        let id = id.clone();
                                        amender.run(Box::new(move |t| {
                                            if t.timeline.remove(&id) { Ok(()) } else { Err("This entry was already removed.".into()) }
                                        }), "Removed from the timeline.", || ());
                                    }>"Remove"</button>
                            }
                        });
                        let step = remove.is_none();
                        view! {
                            <li class:step=step>
                                <time>{browser::short_time(at)}</time>
                                " "<span>{note}</span>
                                {(!by.is_empty()).then(|| view! { <span class="hint">{format!(" — {by}")}</span> })}
                                " "{remove}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="incident-timeline-title">
            <h2 id="incident-timeline-title">"Timeline"</h2>
            <p class="hint">"What happened when, beside the steps the incident took: the post-incident review is written from it."</p>
            {list}
            <form class="stacked-form no-print" on:submit=add novalidate aria-label="Add to the timeline">
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <div class="field-row">
                        <div class="field">
                            <label for="timeline-at">"When"</label>
                            <input id="timeline-at" type="datetime-local" bind:value=at />
                        </div>
                        <div class="field grow">
                            <label for="timeline-note">"What happened"</label>
                            <input id="timeline-note" type="text" maxlength=NOTE_MAX_CHARS bind:value=note />
                        </div>
                    </div>
                    <p class="field-error" role="alert">{move || error.get()}</p>
                    <button type="submit" disabled=move || busy.get()>"Add to timeline"</button>
                </fieldset>
            </form>
        </section>
    }
}
