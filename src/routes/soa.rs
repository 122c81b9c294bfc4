//! The Statement of Applicability (ISO/IEC 27001 6.1.3 d): its versions, newest first, each a
//! draft or approved (by whom, when), and the way to start the next one — filled from the
//! version before, the latest ISO/IEC 27001 assessment and the risks.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use praxis_core::RecordType;
use praxis_core::WorkspaceId;
use praxis_core::isms::soa::Soa;

use super::changes::read_or_empty;
use crate::actions::soa as actions;
use crate::browser;
use crate::components::damaged::DamagedRecords;
use crate::components::register_page::RegisterPage;
use crate::state::use_app_state;

#[component]
pub fn Statement() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Statement of Applicability" plural="statements"
            list=|workspace| view! { <Versions workspace=workspace /> }.into_any()>
            "One row per ISO/IEC 27001:2022 Annex A control: whether it applies and why, or the justification for leaving it out, how far it is implemented, its owner and evidence (ISO/IEC 27001 6.1.3 d; it also records the control decisions of ISO/IEC 20000-1 8.7.3.2). Each version is a draft until an approver approves it; an approved version is frozen."
        </RegisterPage>
    }
}

/// The open workspace's versions, read again whenever one changes.
pub fn use_soa_versions() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Soa::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

/// A version's standing in words: "Approved by Grace on 2026-12-07 10:00" or "Draft".
pub fn standing(soa: &Soa) -> String {
    soa.approval.as_ref().map_or_else(
        || "Draft".to_owned(),
        |a| format!("Approved by {} on {}", a.by, browser::short_time(a.at)),
    )
}

#[component]
fn Versions(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let loaded = use_soa_versions();
    let versions = read_or_empty(loaded);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let start_in = workspace.clone();
    let start = move |_| {
        let (workspace, navigate) = (start_in.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::start(state, &workspace).await {
                Ok(id) => navigate(&format!("/soa/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let next = move || versions.with(|v| v.first().map_or(1, |v| v.version + 1));
    let list = move || {
        let all = versions.get();
        if all.is_empty() {
            return view! { <p class="muted">"No version yet. Start the first: it is filled from your latest ISO/IEC 27001 assessment (exclusions and their justifications, ratings as implementation, owners and evidence) and from the risks that name each control."</p> }.into_any();
        }
        view! {
            <table class="table" data-testid="soa-versions">
                <caption class="visually-hidden">"Versions"</caption>
                <thead><tr><th scope="col">"Version"</th><th scope="col">"Standing"</th><th scope="col">"Applicable"</th><th scope="col">"Excluded"</th></tr></thead>
                <tbody>
                    {all.into_iter().map(|v| {
                        let excluded = v.rows.values().filter(|r| !r.applicable).count();
                        let standing = standing(&v);
                        view! {
                            <tr>
                                <td><A href=format!("/soa/{}", v.id)>{v.title.clone()}</A></td>
                                <td>{standing}</td>
                                <td>{(v.rows.len() - excluded).to_string()}</td>
                                <td>{excluded.to_string()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let damaged = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|(_, d)| d)
            .unwrap_or_default()
    };
    view! {
        <section class="card" aria-labelledby="soa-versions-title">
            <h2 id="soa-versions-title">"Versions"</h2>
            {list}
            <Show when=move || !state.read_only.get()>
                <button type="button" class="primary" disabled=move || busy.get() on:click=start.clone()>
                    {move || format!("Start version {}", next())}
                </button>
            </Show>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
        {move || view! { <DamagedRecords workspace=workspace.clone() kind=Soa::kind() errors=damaged() /> }}
    }
}
