//! The frame of every register's list page: the way back, the heading, what the register is
//! (its lead, given as children so it can hold links), and the list of the open workspace — or,
//! with no workspace yet, the way to create one.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::WorkspaceId;

use crate::state::use_app_state;

#[component]
pub fn RegisterPage(
    /// The page above it: (path, label).
    crumb: (&'static str, &'static str),
    title: &'static str,
    /// What its records are called ("changes"), for "… belong to one organisation".
    plural: &'static str,
    /// The list of the open workspace.
    list: fn(WorkspaceId) -> AnyView,
    /// The lead: what the register is for.
    children: Children,
) -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb"><A href=crumb.0>{crumb.1}</A></p>
            <h1 id="page-title">{title}</h1>
            <p class="lead">{children()}</p>
            {move || match state.current.get() {
                None => view! {
                    <div class="card"><p>{format!("Create a workspace first: {plural} belong to one organisation.")}</p><A href="/">"Create a workspace"</A></div>
                }.into_any(),
                Some(workspace) => list(workspace),
            }}
        </section>
    }
}
