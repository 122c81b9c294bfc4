//! How priority is set: the workspace's impact × urgency matrix, one choice per cell, checked
//! (more impact or urgency never gives a lower priority) before it is saved.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::WorkspaceId;
use praxis_core::itsm::desk::DeskSettings;
use praxis_core::itsm::priority::{Level, Priority, PriorityMatrix};

use crate::actions::tickets as actions;
use crate::state::{Tone, use_app_state};

#[component]
pub fn PriorityMatrixEditor(
    workspace: WorkspaceId,
    settings: Signal<Option<DeskSettings>>,
) -> impl IntoView {
    let state = use_app_state();
    // The cells as chosen; they follow the stored matrix until the person changes one.
    let cells = RwSignal::new(*PriorityMatrix::default().cells());
    let stored_cells = RwSignal::new(cells.get_untracked());
    Effect::new(move || {
        if let Some(settings) = settings.get() {
            let stored = *settings.priority_matrix.cells();
            if cells.get_untracked() == stored_cells.get_untracked() {
                cells.set(stored);
            }
            stored_cells.set(stored);
        }
    });
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(before) = settings.get_untracked() else {
            return;
        };
        let matrix = match PriorityMatrix::new(cells.get_untracked()) {
            Ok(matrix) => matrix,
            Err(problem) => {
                error.set(Some(format!("Nothing was saved: {problem}")));
                return;
            }
        };
        let after = DeskSettings {
            priority_matrix: matrix,
        };
        let workspace = workspace.clone();
        spawn_local(async move {
            match actions::save_settings(state, &workspace, &before, &after).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Priority matrix saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    let cell = move |i: usize, u: usize| {
        let id = format!(
            "priority-{}-{}",
            Level::ALL[i].as_str(),
            Level::ALL[u].as_str()
        );
        let label = format!(
            "{} impact, {} urgency",
            Level::ALL[i].label(),
            Level::ALL[u].label().to_lowercase()
        );
        view! {
            <td>
                <label class="visually-hidden" for=id.clone()>{label}</label>
                <select id=id on:change=move |ev| {
                    if let Some(p) = event_target_value(&ev).parse().ok().and_then(|n| Priority::new(n).ok()) {
                        cells.update(|c| c[i][u] = p);
                    }
                }>
                    {Priority::ALL.map(|p| view! {
                        <option value=p.value().to_string() selected=move || cells.with(|c| c[i][u] == p)>{p.label()}</option>
                    }).collect_view()}
                </select>
            </td>
        }
    };
    view! {
        <details class="card">
            <summary><h2>"How priority is set"</h2></summary>
            <form on:submit=save novalidate>
                <p class="hint">"Each ticket's priority follows from its impact (rows) and urgency (columns). More impact or more urgency can never give a lower priority."</p>
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <table class="table matrix">
                        <caption class="visually-hidden">"Priority by impact and urgency"</caption>
                        <thead><tr><td></td>{Level::ALL.map(|u| view! { <th scope="col">{format!("{} urgency", u.label())}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {(0..3).map(|i| view! {
                                <tr><th scope="row">{format!("{} impact", Level::ALL[i].label())}</th>{(0..3).map(|u| cell(i, u)).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="field-error" role="alert">{move || error.get()}</p>
                    <button type="submit" disabled=move || cells.get() == stored_cells.get()>"Save priority matrix"</button>
                </fieldset>
            </form>
        </details>
    }
}
