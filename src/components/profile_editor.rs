//! The workspace profile: which organisation this is and the scope of its SMS and ISMS.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::{WorkspaceId, WorkspaceProfile};

use crate::actions;
use crate::state::{Tone, use_app_state};

#[component]
pub fn ProfileEditor(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let id = workspace.clone();
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        state.revision.track();
        async move { actions::profile(state, &id).await }
    });
    view! {
        <div class="card">
            <h2>"Organisation and scope"</h2>
            {move || match loaded.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(problem)) => {
                    view! { <p class="field-error" role="alert">{problem}</p> }.into_any()
                }
                Some(Ok(profile)) => {
                    view! { <ProfileForm workspace=workspace.clone() profile=profile /> }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn ProfileForm(workspace: WorkspaceId, profile: WorkspaceProfile) -> impl IntoView {
    let state = use_app_state();
    let organisation = RwSignal::new(profile.organisation.clone());
    let sms_scope = RwSignal::new(profile.sms_scope.clone());
    let isms_scope = RwSignal::new(profile.isms_scope.clone());
    let errors = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    // What the form was opened with: only fields changed from it are saved.
    let opened = profile.clone();
    let dirty = move || {
        organisation.get() != profile.organisation
            || sms_scope.get() != profile.sms_scope
            || isms_scope.get() != profile.isms_scope
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = WorkspaceProfile::parse(
            &organisation.get_untracked(),
            &sms_scope.get_untracked(),
            &isms_scope.get_untracked(),
        );
        let profile = match parsed {
            Ok(profile) => profile,
            Err(problems) => {
                errors.set(problems.iter().map(ToString::to_string).collect());
                return;
            }
        };
        errors.set(Vec::new());
        busy.set(true);
        let workspace = workspace.clone();
        let before = opened.clone();
        spawn_local(async move {
            match actions::save_profile(state, &workspace, &before, &profile).await {
                Ok(()) => state.notify(Tone::Success, "Profile saved."),
                Err(problem) => errors.set(vec![problem]),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="stacked-form" on:submit=submit novalidate>
            <div class="field">
                <label for="profile-organisation">"Organisation"</label>
                <input id="profile-organisation" type="text" bind:value=organisation />
            </div>
            <div class="field">
                <label for="profile-sms-scope">"Scope of the service management system (ISO/IEC 20000-1)"</label>
                <p class="hint" id="sms-scope-hint">"Which services, to which customers, delivered from where, by whom."</p>
                <textarea id="profile-sms-scope" rows="3" aria-describedby="sms-scope-hint" bind:value=sms_scope></textarea>
            </div>
            <div class="field">
                <label for="profile-isms-scope">"Scope of the information security management system (ISO/IEC 27001)"</label>
                <p class="hint" id="isms-scope-hint">"Which information, processes, locations and systems, and the interfaces with others."</p>
                <textarea id="profile-isms-scope" rows="3" aria-describedby="isms-scope-hint" bind:value=isms_scope></textarea>
            </div>
            <ul class="field-error" role="alert">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
            <button type="submit" class="primary" disabled=move || busy.get() || !dirty()>
                "Save profile"
            </button>
        </form>
    }
}
