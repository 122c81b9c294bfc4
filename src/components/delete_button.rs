//! A record page's delete button: it asks first, naming what is lost (from the record as
//! stored now, which may have changed since the page opened), deletes, says so and goes back
//! to the register's list.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use praxis_core::{RecordId, WorkspaceId};

use crate::browser;
use crate::state::{AppState, Tone, use_app_state};

/// What deletes the record: one boxed call, so the button is compiled once for every page.
pub type Deleting = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), String>>>>>;

/// Boxes a page's delete for [`DeleteButton`].
pub fn deleting<F, Fut>(delete: F) -> Deleting
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<(), String>> + 'static,
{
    Rc::new(move || Box::pin(delete()))
}

#[component]
pub fn DeleteButton(
    /// The button's text ("Delete service").
    label: &'static str,
    /// The question to confirm; `None` while there is nothing to delete.
    #[prop(into)]
    question: Signal<Option<String>>,
    /// What is said once deleted, and where the page goes then.
    done: &'static str,
    back: &'static str,
    /// Made by [`deleting`].
    delete: Deleting,
) -> impl IntoView {
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

/// [`deleting`] for the page's own record: `delete(state, workspace, id)`, given its own copies.
pub fn deleting_record<F, Fut>(
    state: AppState,
    workspace: &WorkspaceId,
    id: &RecordId,
    delete: F,
) -> Deleting
where
    F: Fn(AppState, WorkspaceId, RecordId) -> Fut + 'static,
    Fut: Future<Output = Result<(), String>> + 'static,
{
    let (workspace, id) = (workspace.clone(), id.clone());
    deleting(move || delete(state, workspace.clone(), id.clone()))
}
