//! The steps a record can take next, as buttons: each blocked one says why beside it, and the
//! step back from a finished state reads "Reopen".

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::itsm::workflow::{Lifecycle, Stepped};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use crate::state::{Tone, use_app_state};

/// What a step button does: takes `typed` (the record as the page shows it, with any fields
/// typed) one step and saves it against `stored` (what the page last read), then says so, or
/// why not in `error`.
pub fn step_taker<R>(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<R>>,
    typed: Memo<Option<R>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) -> impl Fn(R::State) + Clone + 'static
where
    R: Stepped + RecordType<Context = ()> + PartialEq + Send + Sync + 'static,
    R::State: 'static,
{
    let state = use_app_state();
    move |to| {
        let (Some(before), Some(shown)) = (stored.get_untracked(), typed.get_untracked()) else {
            return;
        };
        let (workspace, id) = (workspace.clone(), id.clone());
        busy.set(true);
        spawn_local(async move {
            match crate::actions::take_step(state, &workspace, &id, &before, &shown, to).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, format!("Now {}.", to.label().to_lowercase()));
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    }
}

/// Buttons for the steps `record` can take next. `finished`: the states whose step back to
/// `reopen_to` is a reopening; `take` takes a step (its button is off while `busy`).
pub fn next_steps<R: Stepped>(
    record: &R,
    finished: &[R::State],
    reopen_to: R::State,
    busy: RwSignal<bool>,
    take: impl Fn(R::State) + Clone + 'static,
) -> AnyView
where
    R::State: Send + Sync,
{
    next_steps_with(record, finished, reopen_to, busy, take, |_| None)
}

/// [`next_steps`] with a rule the record alone cannot know (`blocked`: why a step waits on
/// other records), said like the record's own.
pub fn next_steps_with<R: Stepped>(
    record: &R,
    finished: &[R::State],
    reopen_to: R::State,
    busy: RwSignal<bool>,
    take: impl Fn(R::State) + Clone + 'static,
    blocked: impl Fn(R::State) -> Option<String>,
) -> AnyView
where
    R::State: Send + Sync,
{
    let state = use_app_state();
    let from = record.state();
    from.next()
        .iter()
        .map(|&to| {
            let why = record.why_not(to).or_else(|| blocked(to));
            let label = if finished.contains(&from) && to == reopen_to {
                "Reopen".to_owned()
            } else {
                format!("Move to {}", to.label().to_lowercase())
            };
            let blocked = why.is_some();
            let take = take.clone();
            view! {
                <li>
                    <button type="button" disabled=move || blocked || busy.get() || state.read_only.get() on:click=move |_| take(to)>{label}</button>
                    {why.map(|why| view! { <span class="hint">{why}</span> })}
                </li>
            }
        })
        .collect_view()
        .into_any()
}
