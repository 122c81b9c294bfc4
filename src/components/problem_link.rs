//! An incident's problem: the problem it is linked to (one click away), a choice of open
//! problems to link it to, or a new problem raised from it — linked in the same write.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use praxis_core::itsm::problem::ProblemState;
use praxis_core::itsm::ticket::Ticket;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, WorkspaceId};

use crate::actions::problems;
use crate::components::ticket_amend::Amender;
use crate::routes::problems::use_problems;
use crate::state::{Tone, use_app_state};

#[component]
pub fn ProblemLink(workspace: WorkspaceId, ticket: Signal<Option<Ticket>>) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let loaded = use_problems();
    let amender = Amender::new(workspace.clone(), ticket);
    let chosen = RwSignal::new(String::new());
    let linked = move || {
        let id = ticket.with(|t| t.as_ref().and_then(|t| t.problem.clone()))?;
        let title = loaded
            .get()
            .and_then(Result::ok)
            .and_then(|(all, _)| all.into_iter().find(|p| p.id == id))
            .map(|p| format!("{} ({})", p.title, p.state.label().to_lowercase()));
        Some((
            id,
            title.unwrap_or_else(|| "a problem no longer recorded".to_owned()),
        ))
    };
    let open_problems = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|(all, _)| {
                all.into_iter()
                    .filter(|p| p.state != ProblemState::Closed)
                    .map(|p| (p.id.to_string(), p.title))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(id) = RecordId::parse(&chosen.get_untracked()) else {
            return amender.refuse("choose the problem to link this incident to.");
        };
        amender.run(
            Box::new(move |t| {
                t.problem = Some(id);
                Ok(())
            }),
            "Incident linked to the problem.",
            move || chosen.set(String::new()),
        );
    };
    let unlink = move |_| {
        amender.run(
            Box::new(|t| {
                t.problem = None;
                Ok(())
            }),
            "Incident unlinked from the problem.",
            || (),
        );
    };
    let raise = move |_| {
        let Some(incident) = ticket.get_untracked() else {
            return;
        };
        let (workspace, navigate) = (workspace.clone(), navigate.clone());
        amender.busy.set(true);
        spawn_local(async move {
            let title = incident.title.clone();
            match problems::create(
                state,
                &workspace,
                &title,
                incident.service.clone(),
                Some(&incident),
            )
            .await
            {
                Ok(id) => {
                    state.notify(Tone::Success, "Problem raised from this incident.");
                    navigate(&format!("/problems/{id}"), Default::default());
                }
                Err(problem) => amender.error.set(Some(problem)),
            }
            amender.busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="ticket-problem-title">
            <h2 id="ticket-problem-title">"Problem"</h2>
            {move || match linked() {
                Some((id, title)) => view! {
                    <p data-testid="ticket-problem">"Caused by "<A href=format!("/problems/{id}")>{title}</A>" "
                        <button type="button" class="link-button" disabled=move || amender.busy.get() || state.read_only.get() on:click=unlink>"Unlink"</button>
                    </p>
                }.into_any(),
                None => view! {
                    <p class="hint">"If this incident has happened before, or could again, its cause belongs in a problem record."</p>
                    <fieldset class="plain" disabled=move || state.read_only.get()>
                        <div class="button-row">
                            <button type="button" on:click=raise.clone() disabled=move || amender.busy.get()>"Raise a problem from this incident"</button>
                        </div>
                        <Show when=move || !open_problems().is_empty()>
                            <form class="inline-form" on:submit=link novalidate>
                                <label for="ticket-problem-choice">"Or link it to an open problem"</label>
                                <div class="button-row">
                                    <select id="ticket-problem-choice" bind:value=chosen>
                                        <option value="">"Choose…"</option>
                                        {move || open_problems().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                                    </select>
                                    <button type="submit" disabled=move || amender.busy.get()>"Link"</button>
                                </div>
                            </form>
                        </Show>
                    </fieldset>
                }.into_any(),
            }}
            <p class="field-error" role="alert">{move || amender.error.get()}</p>
        </section>
    }
}
