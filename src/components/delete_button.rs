//! A record page's delete button: it asks first, naming what is lost (from the record as
//! stored now, which may have changed since the page opened), deletes, says so and goes back
//! to the register's list.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::browser;
use crate::state::{Tone, use_app_state};

#[component]
pub fn DeleteButton<F, Fut>(
    /// The button's text ("Delete service").
    label: &'static str,
    /// The question to confirm; `None` while there is nothing to delete.
    #[prop(into)]
    question: Signal<Option<String>>,
    /// What is said once deleted, and where the page goes then.
    done: &'static str,
    back: &'static str,
    delete: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Clone + 'static,
    Fut: Future<Output = Result<(), String>> + 'static,
{
    let state = use_app_state();
    let navigate = use_navigate();
    let click = move |_| {
        let Some(question) = question.get_untracked() else {
            return;
        };
        if !browser::confirm(&question) {
            return;
        }
        let (deleting, navigate) = (delete(), navigate.clone());
        spawn_local(async move {
            match deleting.await {
                Ok(()) => {
                    state.notify(Tone::Success, done);
                    navigate(back, Default::default());
                }
                Err(problem) => state.notify(Tone::Error, problem),
            }
        });
    };
    view! {
        <div class="button-row">
            <button type="button" class="danger-outline" disabled=move || state.read_only.get() on:click=click>{label}</button>
        </div>
    }
}
