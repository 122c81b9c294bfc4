//! The actions a record is served by (a risk's treatment tasks, …): each with its status,
//! owner and due date (overdue marked), one click from its page, and a form to add one with
//! its owner and due date. One section for every record page that has actions.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::WorkspaceId;
use praxis_core::date::Date;
use praxis_core::isms::action::{Serves, TITLE_MAX_CHARS};

use crate::actions::action_items::{self as actions, NewAction};
use crate::browser;
use crate::routes::actions::use_actions;
use crate::routes::changes::read_or_empty;
use crate::state::{Tone, use_app_state};

#[component]
pub fn ServedActions(
    workspace: WorkspaceId,
    serves: Serves,
    /// The section's heading ("Treatment tasks").
    heading: &'static str,
    /// What the actions are for, read before the list.
    lead: &'static str,
) -> impl IntoView {
    let state = use_app_state();
    let all = read_or_empty(use_actions());
    let own = serves.clone();
    let list = move || {
        let today = browser::today_date();
        let mine: Vec<_> = all.with(|all| {
            all.iter()
                .filter(|a| a.serves.as_ref() == Some(&own))
                .cloned()
                .collect()
        });
        if mine.is_empty() {
            return view! { <p class="muted">"None yet."</p> }.into_any();
        }
        view! {
            <ul class="plain-list" data-testid="served-actions">
                {mine.into_iter().map(|a| {
                    let overdue = a.is_overdue(today);
                    let due = a.due.map(|d| format!(" · due {d}{}", if overdue { " (overdue)" } else { "" })).unwrap_or_default();
                    let owner = if a.owner.is_empty() { String::new() } else { format!(" · {}", a.owner) };
                    view! {
                        <li class:attention=overdue>
                            <A href=format!("/actions/{}", a.id)>{a.title.clone()}</A>
                            <span class="hint">{format!(" · {}{owner}{due}", a.status.label())}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let (title, owner, due) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let start = NewAction {
            serves: Some(serves.clone()),
            owner: owner.get_untracked(),
            due: Date::parse(due.get_untracked().trim()).ok(),
        };
        let (typed, workspace) = (title.get_untracked(), workspace.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, &typed, start).await {
                Ok(_) => {
                    error.set(None);
                    title.set(String::new());
                    due.set(String::new());
                    state.notify(Tone::Success, "Action added.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="served-actions-title">
            <h2 id="served-actions-title">{heading}</h2>
            <p class="hint">{lead}</p>
            {list}
            <Show when=move || !state.read_only.get()>
                <form class="inline-form" on:submit=add.clone() novalidate aria-label="Add an action">
                    <div class="field">
                        <label for="new-served-action">"Action"</label>
                        <input id="new-served-action" type="text" maxlength=TITLE_MAX_CHARS bind:value=title />
                    </div>
                    <div class="field">
                        <label for="new-served-action-owner">"Action owner"</label>
                        <input id="new-served-action-owner" type="text" maxlength=TITLE_MAX_CHARS bind:value=owner />
                    </div>
                    <div class="field">
                        <label for="new-served-action-due">"Action due"</label>
                        <input id="new-served-action-due" type="date" bind:value=due />
                    </div>
                    <button type="submit" disabled=move || busy.get()>"Add action"</button>
                </form>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </Show>
        </section>
    }
}
