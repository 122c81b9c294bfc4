//! The framework library: the built-in standards and the workspace's imported frameworks, each
//! exportable as JSON; import checks a file completely before saving anything.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::framework::{Framework, builtin_frameworks, framework_record_id};
use praxis_core::{RecordType, WorkspaceId};
use wasm_bindgen::JsCast;

use crate::actions::frameworks::{self as actions, Imported};
use crate::browser;
use crate::components::damaged::DamagedRecords;
use crate::state::{Tone, use_app_state};

fn row(framework: Framework, imported: bool, workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let name = framework.name.clone();
    let assessable = framework.assessable().count();
    let export_copy = framework.clone();
    let id = framework_record_id(&framework.id);
    view! {
        <tr>
            <th scope="row">{framework.name.clone()}</th>
            <td>{framework.title.clone()}</td>
            <td>{format!("{} items, {assessable} to assess", framework.items.len())}</td>
            <td>{match (imported, framework.is_builtin()) {
                (false, _) => "built in",
                (true, true) => "your licensed text for the built-in standard",
                (true, false) => "imported",
            }}</td>
            <td class="button-row">
                <button type="button" aria-label=format!("Export {name}{}", if imported { " (imported)" } else { "" }) on:click=move |_| match actions::export(&export_copy) {
                    Ok(file) => state.notify(Tone::Success, format!("Exported as {file}.")),
                    Err(problem) => state.notify(Tone::Error, problem),
                }>"Export JSON"</button>
                {imported.then(|| {
                    let name = name.clone();
                    view! {
                        <button type="button" class="danger-outline" aria-label=format!("Delete {name}") disabled=move || state.read_only.get() on:click=move |_| {
                            if !browser::confirm(&format!("Delete the framework “{name}” from this workspace?")) {
                                return;
                            }
                            let (workspace, id) = (workspace.clone(), id.clone());
                            spawn_local(async move {
                                match actions::delete(state, &workspace, &id).await {
                                    Ok(()) => state.notify(Tone::Success, "Framework deleted."),
                                    Err(problem) => state.notify(Tone::Error, problem),
                                }
                            });
                        }>"Delete"</button>
                    }
                })}
            </td>
        </tr>
    }
}

#[component]
pub fn FrameworkLibrary(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<String>);
    let list_workspace = workspace.clone();
    let revision = state.kind_revision(Some(Framework::KIND));
    let imported = LocalResource::new(move || {
        let workspace = list_workspace.clone();
        revision.track();
        async move { actions::imported(state, &workspace).await }
    });
    let import_workspace = workspace.clone();
    let damaged_workspace = workspace.clone();
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("a target").unchecked_into();
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let workspace = import_workspace.clone();
        spawn_local(async move {
            let result = match browser::read_file_text(&file).await {
                Ok(text) => match actions::import(state, &workspace, &text, false).await {
                    Ok(Imported::WouldReplace { name }) => {
                        let question = format!(
                            "This workspace already holds a framework with this id, “{name}”. Replace it with the file? Assessments that use it will show the new version."
                        );
                        if browser::confirm(&question) {
                            actions::import(state, &workspace, &text, true).await
                        } else {
                            Err(format!("Nothing was imported: “{name}” was kept."))
                        }
                    }
                    other => other,
                },
                Err(problem) => Err(problem),
            };
            match result {
                Ok(Imported::Saved(name)) => {
                    error.set(None);
                    state.notify(Tone::Success, format!("Imported the framework “{name}”."));
                }
                Ok(Imported::WouldReplace { .. }) => {}
                Err(problem) => error.set(Some(problem)),
            }
            input.set_value("");
        });
    };
    view! {
        <section class="card" aria-labelledby="frameworks-title">
            <h2 id="frameworks-title">"Framework library"</h2>
            <p class="muted">
                "Praxis ships the structure of both standards with its own guidance, never the standards' text. Import a framework of your own in the same JSON format — for example another standard's outline, or requirement text you hold a licence for — and export any framework."
            </p>
            <p class="muted">
                "Licensed text imported for a built-in standard shows beside its items in every assessment. Any other imported framework can be chosen when you start an assessment."
            </p>
            <div class="table-scroll">
                <table class="table">
                    <caption class="visually-hidden">"Frameworks"</caption>
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Title"</th><th scope="col">"Size"</th><th scope="col">"Source"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>
                        {builtin_frameworks().into_iter().map(|f| row(f.clone(), false, workspace.clone())).collect_view()}
                        {move || match imported.get() {
                            Some(Ok((list, _))) => list.into_iter().map(|f| row(f, true, workspace.clone())).collect_view().into_any(),
                            Some(Err(problem)) => view! { <tr><td colspan="5" class="field-error">{problem}</td></tr> }.into_any(),
                            None => ().into_any(),
                        }}
                    </tbody>
                </table>
            </div>
            {move || match imported.get() {
                Some(Ok((_, damaged))) if !damaged.is_empty() => Some(view! {
                    <DamagedRecords workspace=damaged_workspace.clone() kind=Framework::kind() errors=damaged />
                }),
                _ => None,
            }}
            <Show when=move || !state.read_only.get()>
                <div class="field">
                    <label for="framework-file">"Import a framework (JSON)"</label>
                    <input id="framework-file" type="file" accept=".json,application/json" on:change=on_file.clone() aria-describedby="framework-error" />
                </div>
            </Show>
            <p id="framework-error" class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
