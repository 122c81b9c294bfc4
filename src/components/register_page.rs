//! The frame of every register's list page: the way back, the heading, what the register is
//! (its lead, given as children so it can hold links), and the list of the open workspace — or,
//! with no workspace yet, the way to create one; and the body of such a list.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::register::{Row, View};
use praxis_core::{RecordKind, Unreadable, WorkspaceId};

use crate::components::damaged::DamagedRecords;
use crate::components::register_list::{Filter, RegisterList, RegisterSpec};
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

/// A register's records as its resource reads them: those that read, and the damaged ones.
pub type Listing<T> = LocalResource<Result<(Vec<T>, Vec<Unreadable>), String>>;

/// A register list's body: the list of the open workspace's records as rows, the records too
/// damaged to read, and the form to add one (not for viewers).
#[component]
pub fn RegisterBody<T, R, F, N>(
    workspace: WorkspaceId,
    spec: RegisterSpec,
    /// The register's records as read, with the damaged ones.
    loaded: Listing<T>,
    kind: RecordKind,
    /// The records as rows (reading any other register it needs).
    rows: R,
    /// The filters for these records.
    filters: F,
    filter_keys: &'static [&'static str],
    /// What the list shows when opened (everything, unless a kind opens on what is open).
    #[prop(default = View::default())]
    default_view: View,
    /// The form that adds a record.
    new_form: N,
    /// Shown after the list, before the form (a register's own figures).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    R: Fn(&[T]) -> Vec<Row> + Send + Sync + 'static,
    F: Fn(&[T]) -> Vec<Filter> + Send + Sync + 'static,
    N: Fn(WorkspaceId) -> AnyView + Send + Sync + 'static,
{
    let state = use_app_state();
    let rows = Memo::new(move |_| loaded.get().map(|read| read.map(|(all, _)| rows(&all))));
    let filters = Memo::new(move |_| {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|(all, _)| filters(&all))
            .unwrap_or_default()
    });
    let damaged = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|(_, d)| d)
            .unwrap_or_default()
    };
    let damaged_workspace = workspace.clone();
    view! {
        <RegisterList spec=spec rows=rows filters=filters default_view=default_view filter_keys=filter_keys />
        {move || view! { <DamagedRecords workspace=damaged_workspace.clone() kind=kind.clone() errors=damaged() /> }}
        {children.map(|children| children())}
        <Show when=move || !state.read_only.get()>
            {new_form(workspace.clone())}
        </Show>
    }
}
