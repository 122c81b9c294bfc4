//! The app shell: skip link, header (workspace, status, theme), main navigation, content.

use leptos::prelude::*;
use leptos_router::components::A;

use super::actor_form::ActorPrompt;
use super::notices::Notices;
use super::status::StatusArea;
use super::theme::ThemeToggle;
use super::upgrade::UpgradeNotice;
use super::workspace_picker::WorkspacePicker;
use crate::state::{VIEWER_CANNOT_EDIT, use_app_state};

/// The sections of the app, in navigation order: (path, label).
pub const SECTIONS: [(&str, &str); 6] = [
    ("/", "Dashboard"),
    ("/assessments", "Assessments"),
    ("/registers", "Registers"),
    ("/workflows", "Workflows"),
    ("/audits", "Audits & certification"),
    ("/settings", "Settings"),
];

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <A href="/" attr:class="brand">
                <img src="/icons/icon.svg" alt="" width="28" height="28" />
                <span>"Praxis"</span>
            </A>
            <WorkspacePicker />
            <div class="header-tools">
                <StatusArea />
                <ThemeToggle />
            </div>
        </header>
        <UpgradeNotice />
        <div class="app-body">
            <nav class="app-nav" aria-label="Main">
                <ul>
                    {SECTIONS
                        .into_iter()
                        .map(|(href, label)| {
                            view! {
                                <li>
                                    <A href=href exact=true>
                                        {label}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main id="main" tabindex="-1">
                <ActorPrompt />
                <ViewerNotice />
                {children()}
            </main>
        </div>
        <Notices />
    }
}

/// Says on every page why nothing offers an edit while this person only views the workspace.
#[component]
fn ViewerNotice() -> impl IntoView {
    let state = use_app_state();
    view! {
        <Show when=move || state.read_only.get()>
            <p class="viewer-notice" role="status" data-testid="viewer-notice">
                <strong>"Read only. "</strong>
                {VIEWER_CANNOT_EDIT}
                " An owner of the workspace can make you an editor."
            </p>
        </Show>
    }
}
