//! The newest entries of the workspace's change log: when, who, which record, which field and
//! what it became, in words as a record's history says them.

use leptos::prelude::*;
use praxis_core::assessment::Assessment;
use praxis_core::framework::Catalogue;
use praxis_core::history::{describe_field, describe_value};
use praxis_core::typed::kind_noun;
use praxis_core::{RecordType, WorkspaceId};
use praxis_store::Store;

use crate::actions::frameworks::catalogue;
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
            let (list, total) = state
                .store()
                .latest_changes(&id, SHOWN)
                .await
                .map_err(|e| e.to_string())?;
            // Only an assessment's fields are named from its frameworks.
            let catalogue = if list.iter().any(|c| c.kind.as_str() == Assessment::KIND) {
                catalogue(state, &id).await?
            } else {
                Catalogue::default()
            };
            let rows: Vec<[String; 5]> = list
                .iter()
                .map(|change| {
                    let kind = change.kind.as_str();
                    [
                        browser::format_time(change.at()),
                        change.actor.name().to_owned(),
                        kind_noun(kind).to_owned(),
                        describe_field(kind, &change.field, &catalogue),
                        describe_value(kind, &change.field, change.value.as_ref()),
                    ]
                })
                .collect();
            Ok::<_, String>((rows, total))
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
                        .into_iter()
                        .map(|cells| view! { <tr>{cells.map(|cell| view! { <td>{cell}</td> })}</tr> })
                        .collect_view();
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">"Most recent changes, newest first"</caption>
                            <thead>
                                <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Record"</th><th scope="col">"Field"</th><th scope="col">"Now"</th></tr>
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
