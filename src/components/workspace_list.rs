//! Managing workspaces: open, rename, delete (typed confirmation), create.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::{Workspace, WorkspaceId, WorkspaceName};

use super::backup_panel::download_backup;
use super::confirm_delete::ConfirmDelete;
use super::create_workspace::CreateWorkspace;
use crate::actions;
use crate::browser;
use crate::state::{Tone, use_app_state};
use crate::sync::connection;

/// Which row is being edited, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Editing {
    Nothing,
    Rename(WorkspaceId),
    Delete(WorkspaceId),
}

#[component]
pub fn WorkspaceList() -> impl IntoView {
    let state = use_app_state();
    let editing = RwSignal::new(Editing::Nothing);
    view! {
        <section class="card" aria-labelledby="workspaces-title">
            <h2 id="workspaces-title">"Workspaces"</h2>
            <p class="muted">"Each workspace holds one organisation's management systems. They all stay in this browser."</p>
            <Show
                when=move || !state.workspaces.with(Vec::is_empty)
                fallback=|| view! { <p>"There are no workspaces yet. Create one below."</p> }
            >
                <ul class="workspace-list">
                    <For
                        each=move || state.workspaces.get()
                        key=|w| (w.id.clone(), w.name.clone(), w.updated_at)
                        let:workspace
                    >
                        <WorkspaceRow workspace=workspace editing=editing />
                    </For>
                </ul>
            </Show>
            <h3>"New workspace"</h3>
            <CreateWorkspace />
        </section>
    }
}

#[component]
fn WorkspaceRow(workspace: Workspace, editing: RwSignal<Editing>) -> impl IntoView {
    let state = use_app_state();
    let id = workspace.id.clone();
    let name = workspace.name.to_string();
    let is_current = {
        let id = id.clone();
        Memo::new(move |_| state.current.get().as_ref() == Some(&id))
    };
    let renaming = {
        let id = id.clone();
        Memo::new(move |_| editing.get() == Editing::Rename(id.clone()))
    };
    let deleting = {
        let id = id.clone();
        Memo::new(move |_| editing.get() == Editing::Delete(id.clone()))
    };
    // Renaming is an edit every member sees; a viewer's workspace keeps its name.
    let viewer = {
        let id = id.clone();
        move || {
            if is_current.get() {
                state.read_only.get()
            } else {
                connection::is_read_only(&id)
            }
        }
    };
    let open_id = id.clone();
    let rename_id = id.clone();
    let delete_id = id.clone();

    view! {
        <li class="workspace-row" class:current=move || is_current.get()>
            <div class="workspace-summary">
                <span class="workspace-name">{name.clone()}</span>
                <Show when=move || is_current.get()>
                    <span class="pill">"Current"</span>
                </Show>
                <span class="muted small">{format!("Created {}", browser::format_time(workspace.created_at))}</span>
            </div>
            <div class="button-row">
                <Show when=move || !is_current.get()>
                    <button type="button" on:click={
                        let id = open_id.clone();
                        move |_| state.select(Some(id.clone()))
                    }>"Open"</button>
                </Show>
                <button type="button" aria-label=format!("Rename {name}") disabled=viewer on:click={
                    let id = rename_id.clone();
                    move |_| editing.set(Editing::Rename(id.clone()))
                }>"Rename"</button>
                <button type="button" class="danger-outline" aria-label=format!("Delete {name}") on:click={
                    let id = delete_id.clone();
                    move |_| editing.set(Editing::Delete(id.clone()))
                }>"Delete"</button>
            </div>
            <Show when=move || renaming.get()>
                <RenameForm workspace=workspace.clone() editing=editing />
            </Show>
            <Show when=move || deleting.get()>
                <ConfirmDelete
                    name=name.clone()
                    on_cancel=Callback::new(move |_| editing.set(Editing::Nothing))
                    on_backup=Callback::new({
                        let id = id.clone();
                        move |_| download_backup(state, id.clone())
                    })
                    on_confirm=Callback::new({
                        let id = id.clone();
                        let name = name.clone();
                        move |_| {
                            let id = id.clone();
                            let name = name.clone();
                            spawn_local(async move {
                                match actions::delete_workspace(state, &id).await {
                                    Ok(()) => {
                                        editing.set(Editing::Nothing);
                                        state.notify(Tone::Success, format!("Workspace “{name}” deleted."));
                                    }
                                    Err(problem) => state.notify(Tone::Error, problem),
                                }
                            });
                        }
                    })
                />
            </Show>
        </li>
    }
}

#[component]
fn RenameForm(workspace: Workspace, editing: RwSignal<Editing>) -> impl IntoView {
    let state = use_app_state();
    let name = RwSignal::new(workspace.name.to_string());
    let error = RwSignal::new(None::<String>);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(input) = input_ref.get() {
            input.select();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        if let Err(problem) = WorkspaceName::parse(&typed) {
            error.set(Some(problem.to_string()));
            return;
        }
        let id = workspace.id.clone();
        spawn_local(async move {
            match actions::rename_workspace(state, &id, &typed).await {
                Ok(()) => {
                    editing.set(Editing::Nothing);
                    state.notify(Tone::Success, format!("Renamed to “{}”.", typed.trim()));
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate on:keydown=move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                editing.set(Editing::Nothing);
            }
        }>
            <div class="field">
                <label for="rename-workspace">"New name"</label>
                <input
                    id="rename-workspace"
                    type="text"
                    node_ref=input_ref
                    bind:value=name
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby="rename-workspace-error"
                />
                <p id="rename-workspace-error" class="field-error" role="alert">{move || error.get()}</p>
            </div>
            <div class="button-row">
                <button type="submit" class="primary">"Save name"</button>
                <button type="button" on:click=move |_| editing.set(Editing::Nothing)>"Cancel"</button>
            </div>
        </form>
    }
}
