//! The workspace profile: which organisation this is and the scope of its SMS and ISMS.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::{RecordType, WorkspaceId, WorkspaceProfile, profile_id};

use crate::actions;
use crate::components::kept_texts::KeptTexts;
use crate::components::record_history::RecordHistory;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

/// The profile of `workspace`, read again whenever it changes: one resource for every page that
/// shows it (each resource type compiles its own copy of the async machinery).
pub fn use_profile(
    workspace: Signal<Option<WorkspaceId>>,
) -> LocalResource<Result<WorkspaceProfile, String>> {
    let state = use_app_state();
    let revision = state.kind_revision(Some(WorkspaceProfile::KIND));
    LocalResource::new(move || {
        let workspace = workspace.get();
        revision.track();
        async move {
            match workspace {
                Some(id) => actions::profile(state, &id).await,
                None => Ok(WorkspaceProfile::default()),
            }
        }
    })
}

#[component]
pub fn ProfileEditor(workspace: WorkspaceId) -> impl IntoView {
    let id = workspace.clone();
    let history_workspace = workspace.clone();
    let loaded = use_profile(Signal::stored(Some(id)));
    // The form is made once; later reads (a save here, an edit in another tab) flow into it.
    let stored = RwSignal::new(None::<WorkspaceProfile>);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move || match loaded.get() {
        Some(Ok(profile)) => {
            problem.set(None);
            stored.set(Some(profile));
        }
        Some(Err(error)) => problem.set(Some(error)),
        None => {}
    });
    view! {
        <div class="card">
            <h2>"Organisation and scope"</h2>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            <Show
                when=move || stored.with(Option::is_some)
                fallback=|| view! { <p class="muted">"Loading…"</p> }
            >
                <ProfileForm workspace=workspace.clone() stored=stored />
            </Show>
        </div>
        <RecordHistory key=WorkspaceProfile::key(&history_workspace, &profile_id()) kind=WorkspaceProfile::KIND noun="the profile" />
    }
}

#[component]
fn ProfileForm(
    workspace: WorkspaceId,
    stored: RwSignal<Option<WorkspaceProfile>>,
) -> impl IntoView {
    let state = use_app_state();
    let initial = stored.get_untracked().unwrap_or_default();
    let organisation = SyncedText::new(initial.organisation);
    let sms_scope = SyncedText::new(initial.sms_scope);
    let isms_scope = SyncedText::new(initial.isms_scope);
    Effect::new(move || {
        if let Some(profile) = stored.get() {
            organisation.receive(profile.organisation);
            sms_scope.receive(profile.sms_scope);
            isms_scope.receive(profile.isms_scope);
        }
    });
    let errors = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let dirty = move || organisation.is_edited() || sms_scope.is_edited() || isms_scope.is_edited();
    count_while_unsaved(state, dirty);

    let profile_key = WorkspaceProfile::key(&workspace, &profile_id());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = WorkspaceProfile::parse(
            &organisation.typed(),
            &sms_scope.typed(),
            &isms_scope.typed(),
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
        // A scope begun from a text that has since changed unseen keeps that newer text.
        let started_from = [("sms_scope", sms_scope), ("isms_scope", isms_scope)]
            .into_iter()
            .filter_map(|(field, text)| text.started_from_field(field))
            .collect();
        // Compared with what is stored, only the fields typed into are saved.
        let before = WorkspaceProfile {
            organisation: organisation.stored(),
            sms_scope: sms_scope.stored(),
            isms_scope: isms_scope.stored(),
        };
        spawn_local(async move {
            match actions::save_profile(state, &workspace, &before, &profile, &started_from).await {
                Ok(()) => {
                    // What was saved is now what is stored (the read that follows agrees).
                    organisation.receive(profile.organisation);
                    sms_scope.receive(profile.sms_scope);
                    isms_scope.receive(profile.isms_scope);
                    state.notify(Tone::Success, "Profile saved.");
                }
                Err(problem) => errors.set(vec![problem]),
            }
            busy.set(false);
        });
    };

    let scope_field = move |field: &'static str| {
        let key = profile_key.clone();
        Signal::derive(move || Some((key.clone(), field.to_owned())))
    };
    view! {
        <form class="stacked-form" on:submit=submit novalidate>
            <fieldset class="plain" disabled=move || state.read_only.get()>
            <div class="field">
                <label for="profile-organisation">"Organisation"</label>
                <input id="profile-organisation" type="text" bind:value=organisation.value />
            </div>
            <div class="field">
                <label for="profile-sms-scope">"Scope of the service management system (ISO/IEC 20000-1)"</label>
                <p class="hint" id="sms-scope-hint">"Which services, to which customers, delivered from where, by whom."</p>
                <textarea id="profile-sms-scope" rows="3" aria-describedby="sms-scope-hint" bind:value=sms_scope.value></textarea>
                <KeptTexts field=scope_field("sms_scope") kind=WorkspaceProfile::KIND text=sms_scope what="this scope" />
            </div>
            <div class="field">
                <label for="profile-isms-scope">"Scope of the information security management system (ISO/IEC 27001)"</label>
                <p class="hint" id="isms-scope-hint">"Which information, processes, locations and systems, and the interfaces with others."</p>
                <textarea id="profile-isms-scope" rows="3" aria-describedby="isms-scope-hint" bind:value=isms_scope.value></textarea>
                <KeptTexts field=scope_field("isms_scope") kind=WorkspaceProfile::KIND text=isms_scope what="this scope" />
            </div>
            <ul class="field-error" role="alert">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
            <button type="submit" class="primary" disabled=move || busy.get() || !dirty()>
                "Save profile"
            </button>
            </fieldset>
        </form>
    }
}
