//! The "new workspace" form, with inline validation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::WorkspaceName;

use crate::actions;
use crate::state::{Tone, use_app_state};

#[component]
pub fn CreateWorkspace() -> impl IntoView {
    let state = use_app_state();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = name.get_untracked();
        if let Err(problem) = WorkspaceName::parse(&typed) {
            error.set(Some(problem.to_string()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match actions::create_workspace(state, &typed).await {
                Ok(_) => {
                    name.set(String::new());
                    error.set(None);
                    state.notify(
                        Tone::Success,
                        format!("Workspace “{}” created.", typed.trim()),
                    );
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <div class="field">
                <label for="new-workspace-name">"Workspace name"</label>
                <input
                    id="new-workspace-name"
                    name="workspace-name"
                    type="text"
                    autocomplete="organization"
                    placeholder="e.g. Acme Ltd"
                    bind:value=name
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby="new-workspace-error"
                />
                <p id="new-workspace-error" class="field-error" role="alert">
                    {move || error.get()}
                </p>
            </div>
            <button type="submit" class="primary" disabled=move || busy.get()>
                "Create workspace"
            </button>
        </form>
    }
}
