//! Releases and deployments (ISO/IEC 20000-1 8.5.3): every release, searchable and filtered,
//! and a form to plan one (from a change's page with that change bundled).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use praxis_core::itsm::release::{Release, ReleaseState, TITLE_MAX_CHARS};
use praxis_core::itsm::service::Service;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::services::use_service_catalogue;
use crate::actions::releases as actions;
use crate::browser;
use crate::components::register_list::{Filter, RegisterSpec, lanes_of};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Releases() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/workflows", "Workflows") title="Releases and deployments" plural="releases"
            list=|workspace| view! { <ReleaseList workspace=workspace /> }.into_any()>
            "Approved changes bundled into releases: built, accepted against criteria agreed beforehand, deployed and reviewed, with an analysis of every release that fails (ISO/IEC 20000-1 8.5.3)."
        </RegisterPage>
    }
}

/// The open workspace's releases, read again whenever one changes.
pub fn use_releases() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Release::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Release",
    },
    Column {
        key: "version",
        label: "Version",
    },
    Column {
        key: "state",
        label: "State",
    },
    Column {
        key: "service",
        label: "Service",
    },
    Column {
        key: "changes",
        label: "Changes",
    },
    Column {
        key: "planned",
        label: "Deployment planned",
    },
    Column {
        key: "owner",
        label: "Owner",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "release",
    singular: "release",
    plural: "releases",
    caption: "Releases of this workspace",
    search_placeholder: "Title, version, owner or description",
    columns: COLUMNS,
    empty: "No releases yet. Plan one below, or from a change it is to deploy.",
    board: Some(lanes_of::<ReleaseState>),
};

fn release_rows(releases: &[Release], services: &[Service], time: fn(i64) -> String) -> Vec<Row> {
    releases
        .iter()
        .map(|r| {
            let service = r
                .service
                .as_ref()
                .and_then(|id| services.iter().find(|s| &s.id == id))
                .map_or("", |s| s.name.as_str());
            let planned = r
                .planned_at
                .map_or_else(|| Cell::text(""), |at| Cell::number(time(at), at));
            let mut row = Row::new(
                r.id.as_str(),
                vec![
                    Cell::text(&r.title).link(format!("/releases/{}", r.id)),
                    Cell::text(&r.version),
                    Cell::text(r.state.label()).badge(format!("release-{}", r.state.as_str())),
                    Cell::text(service),
                    Cell::number(r.changes.len().to_string(), r.changes.len() as i64),
                    planned,
                    Cell::text(&r.owner),
                ],
            )
            .searched_by(&r.title)
            .searched_by(&r.version)
            .searched_by(&r.owner)
            .searched_by(&r.description)
            .tagged("state", r.state.as_str())
            .tagged(
                "owner",
                if r.owner.is_empty() {
                    "none"
                } else {
                    r.owner.as_str()
                },
            );
            if r.state != ReleaseState::Closed {
                row = row.tagged("state", "open");
            }
            if let Some(service) = &r.service {
                row = row.tagged("service", service.as_str());
            }
            for change in &r.changes {
                row = row.tagged("change", change.as_str());
            }
            row
        })
        .collect()
}

fn release_filters(services: &[Service], releases: &[Release]) -> Vec<Filter> {
    vec![
        Filter::states::<ReleaseState>(&[]),
        Filter::service(services),
        Filter::people(
            "owner",
            "Owner",
            releases.iter().map(|r| r.owner.as_str()),
            "none",
        ),
    ]
}

#[component]
fn ReleaseList(workspace: WorkspaceId) -> impl IntoView {
    let services = read_or_empty(use_service_catalogue());
    let mut open = View::default();
    open.set_filter("state", "open");
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_releases() kind=Release::kind()
            rows=move |all: &[Release]| release_rows(all, &services.get(), browser::short_time)
            filters=move |all: &[Release]| release_filters(&services.get(), all)
            filter_keys=&["state", "service", "owner", "change"] default_view=open
            new_form=move |workspace| view! { <NewRelease workspace=workspace services=services /> }.into_any() />
    }
}

#[component]
fn NewRelease(workspace: WorkspaceId, services: Signal<Vec<Service>>) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let query = use_query_map();
    let title = RwSignal::new(String::new());
    // A link from a change's page bundles that change and picks its service.
    let service = RwSignal::new(
        query
            .with_untracked(|q| q.get("service"))
            .unwrap_or_default(),
    );
    let change = query
        .with_untracked(|q| q.get("change"))
        .and_then(|c| RecordId::parse(&c).ok());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let bundles = change.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (typed, service) = (
            title.get_untracked(),
            RecordId::parse(&service.get_untracked()).ok(),
        );
        let (workspace, navigate, change) = (workspace.clone(), navigate.clone(), change.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, &typed, service, change).await {
                Ok(id) => navigate(&format!("/releases/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-release-title">
            <h2 id="new-release-title">"Plan a release"</h2>
            {bundles.then(|| view! { <p class="hint">"It will bundle the change you came from; add more on its page."</p> })}
            <div class="field-row">
                <div class="field">
                    <label for="new-release-title-input">"Title"</label>
                    <input id="new-release-title-input" type="text" maxlength=TITLE_MAX_CHARS bind:value=title />
                </div>
                <div class="field">
                    <label for="new-release-service">"Service"</label>
                    <select id="new-release-service" bind:value=service>
                        <option value="">"No service"</option>
                        {move || services.get().into_iter().map(|s| {
                            let selected = service.with_untracked(|v| v == s.id.as_str());
                            view! { <option value=s.id.to_string() selected=selected>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>"Plan release"</button>
        </form>
    }
}
