//! The frame of every record's own page: the way back to its register, its title, why it
//! cannot be shown (deleted, unreadable), "Loading…" until it is read, and then its body.
//! [`use_shown`] finds the record in the list its register already reads, so a save here, an
//! edit in another tab or a change from sync flows into the page without reading it again.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use praxis_core::{RecordId, Unreadable, WorkspaceId};

use crate::state::use_app_state;

/// Which record of which workspace a page shows.
pub type Which = Option<(WorkspaceId, RecordId)>;

/// The record a page shows, kept current: `read` is the register's list as last read (`None`
/// while reading), `find` picks the record with the route's `id` out of it (with whatever else
/// the page needs), `identify` names what was found, `missing` says why there is none. Besides
/// the record and the problem it gives which record is shown: that changes only for another
/// record, so later reads flow into the page made for the first.
pub fn use_shown<R, T>(
    read: impl Fn() -> Option<Result<R, String>> + 'static,
    find: impl Fn(R, &str, WorkspaceId) -> Option<T> + 'static,
    identify: impl Fn(&T) -> (WorkspaceId, RecordId) + Send + Sync + 'static,
    missing: &'static str,
) -> (RwSignal<Option<T>>, RwSignal<Option<String>>, Memo<Which>)
where
    R: 'static,
    T: Send + Sync + 'static,
{
    let state = use_app_state();
    let params = use_params_map();
    let shown = RwSignal::new(None::<T>);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        let (Some(read), Some(workspace)) = (read(), state.current.get_untracked()) else {
            return;
        };
        match read.and_then(|list| find(list, &id, workspace).ok_or_else(|| missing.to_owned())) {
            Ok(found) => {
                problem.set(None);
                shown.set(Some(found));
            }
            Err(why) => {
                shown.set(None);
                problem.set(Some(why));
            }
        }
    });
    let which = Memo::new(move |_| shown.with(|s| s.as_ref().map(&identify)));
    (shown, problem, which)
}

/// The page's heading: the shown record's title by `title_of`, or `fallback` (the kind's noun)
/// until it is read.
pub fn shown_title<T: Send + Sync + 'static>(
    shown: RwSignal<Option<T>>,
    fallback: &'static str,
    title_of: fn(&T) -> String,
) -> Signal<String> {
    Signal::derive(move || shown.with(|s| s.as_ref().map_or_else(|| fallback.to_owned(), title_of)))
}

#[component]
pub fn RecordPage(
    /// The links back, outermost first: (path, label).
    crumbs: &'static [(&'static str, &'static str)],
    #[prop(into)] title: Signal<String>,
    problem: RwSignal<Option<String>>,
    which: Memo<Which>,
    /// The page's body for the record found.
    body: impl Fn(WorkspaceId, RecordId) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let crumbs = crumbs.iter().enumerate().map(|(n, (path, label))| {
        view! { {(n > 0).then_some(" › ")}<A href=*path>{*label}</A> }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb">{crumbs.collect_view()}</p>
            <h1 id="page-title">{title}</h1>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            {move || match which.get() {
                Some((workspace, id)) => body(workspace, id),
                None => problem.with(Option::is_none).then(|| view! { <p class="muted">"Loading…"</p> }).into_any(),
            }}
        </section>
    }
}

/// The page of one record of a register read whole by `loaded` (as its list is): found by the
/// route's id, titled by `title_of` (`fallback` until read), its body given the record as it
/// is now.
#[component]
pub fn ListedRecordPage<T>(
    loaded: crate::components::register_page::Listing<T>,
    id_of: fn(&T) -> &RecordId,
    title_of: fn(&T) -> String,
    fallback: &'static str,
    missing: &'static str,
    crumbs: &'static [(&'static str, &'static str)],
    body: fn(WorkspaceId, RecordId, Signal<Option<T>>) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        move |(all, _): (Vec<T>, Vec<Unreadable>), id, workspace| {
            let found = all.into_iter().find(|r| id_of(r).as_str() == id)?;
            Some((workspace, found))
        },
        move |(workspace, found): &(WorkspaceId, T)| (workspace.clone(), id_of(found).clone()),
        missing,
    );
    let stored = Signal::derive(move || shown.with(|s| s.as_ref().map(|(_, r)| r.clone())));
    let title = Signal::derive(move || {
        shown.with(|s| {
            s.as_ref()
                .map_or_else(|| fallback.to_owned(), |(_, r)| title_of(r))
        })
    });
    view! {
        <RecordPage crumbs=crumbs title=title problem=problem which=which
            body=move |workspace, id| body(workspace, id, stored) />
    }
}
