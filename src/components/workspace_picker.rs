//! The header's workspace switcher.

use leptos::prelude::*;
use praxis_core::WorkspaceId;

use crate::state::use_app_state;

#[component]
pub fn WorkspacePicker() -> impl IntoView {
    let state = use_app_state();
    let on_change = move |ev| {
        let id = WorkspaceId::parse(&event_target_value(&ev)).ok();
        state.select(id);
    };
    view! {
        <div class="workspace-picker">
            <Show
                when=move || !state.workspaces.with(Vec::is_empty)
                fallback=|| view! { <span class="muted">"No workspace yet"</span> }
            >
                <label for="workspace-select" class="visually-hidden">"Workspace"</label>
                <select id="workspace-select" on:change=on_change>
                    <For
                        each=move || state.workspaces.get()
                        key=|w| (w.id.clone(), w.name.clone())
                        let:workspace
                    >
                        <option
                            value=workspace.id.to_string()
                            selected=move || state.current.get().as_ref() == Some(&workspace.id)
                        >
                            {workspace.name.to_string()}
                        </option>
                    </For>
                </select>
            </Show>
        </div>
    }
}
