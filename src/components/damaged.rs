//! Records that cannot be read (damaged on disk, or by a tool outside Praxis): each is shown on
//! its own with what is wrong, and can be exported as it is or deleted, while every other record
//! of the workspace stays usable.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::{RecordId, RecordKey, RecordKind, Unreadable, WorkspaceId};

use crate::actions;
use crate::browser;
use crate::state::{Tone, use_app_state};

#[component]
pub fn DamagedRecords(
    workspace: WorkspaceId,
    kind: RecordKind,
    errors: Vec<Unreadable>,
) -> impl IntoView {
    let state = use_app_state();
    errors
        .into_iter()
        .map(|Unreadable { error, title }| {
            let key = RecordId::parse(&error.id).ok().map(|id| RecordKey {
                workspace: workspace.clone(),
                kind: kind.clone(),
                id,
            });
            let message = error.to_string();
            view! {
                <div class="card damaged" role="alert">
                    {title.clone().map(|title| view! { <h3 class="damaged-title">{format!("“{title}”")}</h3> })}
                    <p class="field-error">{message}</p>
                    <p class="hint">"It cannot be opened. Export it as it is to repair it or to ask for help, or delete it; the rest of the workspace is not affected."</p>
                    {key.map(|key| {
                        let export_key = key.clone();
                        let label = match &title {
                            Some(title) => format!("{} “{title}” ({})", error.noun, error.id),
                            None => format!("{} {}", error.noun, error.id),
                        };
                        let export = move |_| {
                            let key = export_key.clone();
                            spawn_local(async move {
                                match actions::export_raw_record(state, &key).await {
                                    Ok(file) => state.notify(Tone::Success, format!("Exported as {file}.")),
                                    Err(problem) => state.notify(Tone::Error, problem),
                                }
                            });
                        };
                        let delete_label = label.clone();
                        let delete = move |_| {
                            if !browser::confirm(&format!("Delete the damaged {delete_label}? Export it first if you may want to repair it.")) {
                                return;
                            }
                            let key = key.clone();
                            spawn_local(async move {
                                match actions::delete_record(state, &key, "It is already gone.").await {
                                    Ok(()) => state.notify(Tone::Success, "Damaged record deleted."),
                                    Err(problem) => state.notify(Tone::Error, problem),
                                }
                            });
                        };
                        view! {
                            <div class="button-row">
                                <button type="button" on:click=export aria-label=format!("Export damaged {label}")>"Export as it is"</button>
                                <button type="button" class="danger-outline" on:click=delete disabled=move || state.read_only.get() aria-label=format!("Delete damaged {label}")>"Delete"</button>
                            </div>
                        }
                    })}
                </div>
            }
        })
        .collect_view()
}
