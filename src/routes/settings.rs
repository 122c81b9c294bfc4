use leptos::prelude::*;

use crate::components::backup_panel::BackupPanel;
use crate::components::storage_panel::StoragePanel;
use crate::components::workspace_list::WorkspaceList;

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings"</h1>
            <WorkspaceList />
            <BackupPanel />
            <StoragePanel />
        </section>
    }
}
