use leptos::prelude::*;

use crate::components::actor_form::ActorForm;
use crate::components::backup_panel::BackupPanel;
use crate::components::storage_panel::StoragePanel;
use crate::components::sync_panel::SyncPanel;
use crate::components::workspace_list::WorkspaceList;
use crate::state::use_app_state;

#[component]
pub fn Settings() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings"</h1>
            {move || state.actor.with(Option::is_some).then(|| view! {
                <section class="card" aria-labelledby="you-title">
                    <h2 id="you-title">"Your name on changes"</h2>
                    <ActorForm />
                </section>
            })}
            <WorkspaceList />
            <SyncPanel />
            <BackupPanel />
            <StoragePanel />
        </section>
    }
}
