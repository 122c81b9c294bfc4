//! The newest entries of the workspace's change log: what changed, and when.

use leptos::prelude::*;
use praxis_core::WorkspaceId;
use praxis_store::Store;

use crate::browser;
use crate::state::use_app_state;

const SHOWN: usize = 8;

#[component]
pub fn RecentChanges(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let revision = state.kind_revision(None);
    let changes = LocalResource::new(move || {
        let id = workspace.clone();
        revision.track();
        async move {
            state
                .store()
                .latest_changes(&id, SHOWN)
                .await
                .map_err(|e| e.to_string())
        }
    });
    view! {
        <div class="card">
            <h2>"Recent changes"</h2>
            {move || match changes.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(problem)) => view! { <p class="field-error">{problem}</p> }.into_any(),
                Some(Ok((list, _))) if list.is_empty() => {
                    view! { <p class="muted">"No changes recorded yet."</p> }.into_any()
                }
                Some(Ok((list, total))) => {
                    let rows = list
                        .iter()
                        .map(|change| {
                            let what = if change.value.is_some() { "set" } else { "cleared" };
                            view! {
                                <tr>
                                    <td>{browser::format_time(change.at())}</td>
                                    <td>{change.actor.name().to_owned()}</td>
                                    <td>{praxis_core::typed::kind_noun(change.kind.as_str()).to_owned()}</td>
                                    <td>{change.field.clone()}</td>
                                    <td>{what}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">"Most recent changes, newest first"</caption>
                            <thead>
                                <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Record"</th><th scope="col">"Field"</th><th scope="col">"Change"</th></tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <p class="muted">{match total {
                            1 => "1 change recorded in this workspace.".to_owned(),
                            n => format!("{n} changes recorded in this workspace."),
                        }}</p>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
