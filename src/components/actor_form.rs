//! Who is making changes on this device: asked once, shown beside every change in the history,
//! because "who changed what, and when" is the first thing an auditor asks.

use leptos::prelude::*;
use praxis_core::Actor;

use crate::state::{Tone, use_app_state};

/// Asks for the name (and optionally e-mail) of the person at this device until they give it.
#[component]
pub fn ActorPrompt() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.actor.with(Option::is_none).then(|| {
            view! {
                <section class="card actor-prompt" aria-labelledby="actor-title">
                    <h2 id="actor-title">"Who is making changes here?"</h2>
                    <p class="muted">
                        "Praxis records your name beside every change you make, so the history shows who changed what, and when. It stays on this device until you choose to sync."
                    </p>
                    <ActorForm />
                </section>
            }
        })
    }
}

/// The name and e-mail form, filled with what is known; saving replaces it for later changes.
#[component]
pub fn ActorForm() -> impl IntoView {
    let state = use_app_state();
    let known = state.actor.get_untracked();
    let name = RwSignal::new(
        known
            .as_ref()
            .map(|a| a.name().to_owned())
            .unwrap_or_default(),
    );
    let email = RwSignal::new(
        known
            .as_ref()
            .and_then(|a| a.email().map(str::to_owned))
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Actor::parse(&name.get_untracked(), &email.get_untracked()) {
            Ok(actor) => {
                error.set(None);
                let text = format!("Changes from now on are recorded as {actor}.");
                state.set_actor(actor);
                state.notify(Tone::Success, text);
            }
            Err(problem) => error.set(Some(problem.to_string())),
        }
    };
    view! {
        <form class="stacked-form" on:submit=submit novalidate>
            <div class="field">
                <label for="actor-name">"Your name"</label>
                <input id="actor-name" type="text" autocomplete="name" required bind:value=name
                    aria-describedby="actor-error" />
            </div>
            <div class="field">
                <label for="actor-email">"E-mail (optional)"</label>
                <input id="actor-email" type="email" autocomplete="email" bind:value=email
                    aria-describedby="actor-error" />
            </div>
            <p id="actor-error" class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary">"Save my name"</button>
        </form>
    }
}
