//! The landing page: create a first workspace, or see and edit the current one's profile.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::create_workspace::CreateWorkspace;
use crate::components::profile_editor::ProfileEditor;
use crate::components::recent_changes::RecentChanges;
use crate::components::service_overview::ServiceOverview;
use crate::state::use_app_state;

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page" aria-labelledby="page-title">
            {move || match state.current_workspace() {
                None => view! { <Welcome /> }.into_any(),
                Some(workspace) => {
                    view! {
                        <h1 id="page-title">{workspace.name.to_string()}</h1>
                        <p class="lead">
                            "Your service management system (ISO/IEC 20000-1) and information security management system (ISO/IEC 27001), in one place. Everything is kept in this browser and works offline."
                        </p>
                        <ServiceOverview />
                        <ProfileEditor workspace=workspace.id.clone() />
                        <RecentChanges workspace=workspace.id.clone() />
                        <div class="card">
                            <h2>"Keep a copy"</h2>
                            <p>
                                "Everything lives in this browser. "
                                <A href="/settings">"Back up this workspace"</A>
                                " whenever you finish a session, or share it on a Praxis server to keep it on more than one device."
                            </p>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    view! {
        <h1 id="page-title">"Welcome to Praxis"</h1>
        <p class="lead">
            "Praxis helps you run an ISO/IEC 20000-1 service management system and an ISO/IEC 27001 information security management system, and prepare both for certification. It runs entirely in your browser: no account, no server, and it keeps working offline."
        </p>
        <div class="card">
            <h2>"Create your first workspace"</h2>
            <p>
                "A workspace holds everything about one organisation. Consultants can keep one per client."
            </p>
            <CreateWorkspace />
        </div>
    }
}
