//! Changes (ISO/IEC 20000-1 8.5.1; ISO/IEC 27001 A.8.32): every change, searchable and
//! filtered, the way to the forward schedule, and a form to request one (from a problem's page
//! with that problem and its service chosen).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use praxis_core::itsm::change_calendar::{clashes, clashes_of};
use praxis_core::itsm::change_request::{ChangeRequest, ChangeState, ChangeType, TITLE_MAX_CHARS};
use praxis_core::itsm::problem::Problem;
use praxis_core::itsm::service::Service;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::problems::use_problems;
use super::services::use_service_catalogue;
use crate::actions::changes as actions;
use crate::browser;
use crate::components::register_list::{Filter, RegisterSpec, lanes_of};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::{can_approve, use_app_state};

#[component]
pub fn Changes() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/workflows", "Workflows") title="Changes" plural="changes"
            list=|workspace| view! { <ChangeList workspace=workspace /> }.into_any()>
            "Changes to services and what they run on: assessed for risk and for information security, approved by approvers, scheduled, implemented and reviewed (ISO/IEC 20000-1 8.5.1; ISO/IEC 27001 A.8.32). "
                <A href="/changes/calendar">"Forward schedule of changes"</A>"."
        </RegisterPage>
    }
}

/// The open workspace's changes, read again whenever one changes.
pub fn use_changes() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[ChangeRequest::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

/// The records of a register's resource once read, or none yet.
pub fn read_or_empty<T, D>(resource: LocalResource<Result<(Vec<T>, D), String>>) -> Signal<Vec<T>>
where
    T: Clone + Send + Sync + 'static,
    D: Clone + 'static,
{
    Signal::derive(move || {
        resource
            .get()
            .and_then(Result::ok)
            .map(|(records, _)| records)
            .unwrap_or_default()
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Change",
    },
    Column {
        key: "type",
        label: "Type",
    },
    Column {
        key: "state",
        label: "State",
    },
    Column {
        key: "risk",
        label: "Risk level",
    },
    Column {
        key: "service",
        label: "Service",
    },
    Column {
        key: "planned",
        label: "Planned start",
    },
    Column {
        key: "approvals",
        label: "Approvals",
    },
    Column {
        key: "owner",
        label: "Owner",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "change",
    singular: "change",
    plural: "changes",
    caption: "Changes of this workspace",
    search_placeholder: "Title, owner, description or impact",
    columns: COLUMNS,
    empty: "No changes yet. Request one below, or from the problem it is to remove.",
    board: Some(lanes_of::<ChangeState>),
};

/// States a change is finished in.
const FINISHED: &[ChangeState] = &[ChangeState::Closed];

/// Changes as rows: found by title, owner, description and impact; filtered by state ("open":
/// not closed; "awaiting": waiting on approvers), type, risk, service, owner and problem.
fn change_rows(
    changes: &[ChangeRequest],
    services: &[Service],
    time: fn(i64) -> String,
) -> Vec<Row> {
    let clashing = clashes(changes);
    changes
        .iter()
        .map(|c| {
            let service = c
                .service
                .as_ref()
                .and_then(|id| services.iter().find(|s| &s.id == id))
                .map_or("", |s| s.name.as_str());
            let approvals = if c.change_type == ChangeType::Standard {
                Cell::text("Pre-authorised")
            } else {
                let got = c.approvers().len();
                Cell::number(format!("{got} of {}", c.approvals_needed), got as i64)
            };
            let planned = match c.planned_start {
                Some(at) => {
                    let clash = if clashes_of(&clashing, &c.id).is_empty() {
                        ""
                    } else {
                        "Clashes with another change to this service"
                    };
                    Cell::number(time(at), at).hint(clash)
                }
                None => Cell::text(""),
            };
            let risk = match c.risk {
                Some(level) => Cell::number(level.label(), -(3 - level as i64)),
                None => Cell::text(""),
            };
            let mut row = Row::new(
                c.id.as_str(),
                vec![
                    Cell::text(&c.title).link(format!("/changes/{}", c.id)),
                    Cell::text(c.change_type.label()),
                    Cell::text(c.state.label()).badge(format!("change-{}", c.state.as_str())),
                    risk,
                    Cell::text(service),
                    planned,
                    approvals,
                    Cell::text(&c.owner),
                ],
            )
            .searched_by(&c.title)
            .searched_by(&c.owner)
            .searched_by(&c.description)
            .searched_by(&c.impact)
            .tagged("state", c.state.as_str())
            .tagged("type", c.change_type.as_str())
            .tagged("risk", c.risk.map_or("none", |r| r.as_str()))
            .tagged(
                "owner",
                if c.owner.is_empty() {
                    "none"
                } else {
                    c.owner.as_str()
                },
            );
            if !FINISHED.contains(&c.state) {
                row = row.tagged("state", "open");
            }
            if c.awaits_approval() {
                row = row.tagged("state", "awaiting");
            }
            if let Some(service) = &c.service {
                row = row.tagged("service", service.as_str());
            }
            if let Some(problem) = &c.problem {
                row = row.tagged("problem", problem.as_str());
            }
            row
        })
        .collect()
}

fn change_filters(
    services: &[Service],
    problems: &[Problem],
    changes: &[ChangeRequest],
) -> Vec<Filter> {
    let with_changes = |p: &&Problem| changes.iter().any(|c| c.problem.as_ref() == Some(&p.id));
    vec![
        Filter::states::<ChangeState>(&[("awaiting", "Awaiting approval")]),
        Filter {
            key: "type",
            label: "Type",
            any: "Any",
            choices: ChangeType::ALL
                .iter()
                .map(|t| (t.as_str().to_owned(), t.label().to_owned()))
                .collect(),
        },
        Filter {
            key: "risk",
            label: "Risk level",
            any: "Any",
            choices: praxis_core::itsm::priority::Level::ALL
                .iter()
                .map(|l| (l.as_str().to_owned(), l.label().to_owned()))
                .chain([("none".to_owned(), "Not assessed".to_owned())])
                .collect(),
        },
        Filter::service(services),
        Filter::people(
            "owner",
            "Owner",
            changes.iter().map(|c| c.owner.as_str()),
            "none",
        ),
        Filter {
            key: "problem",
            label: "Problem",
            any: "Any",
            choices: problems
                .iter()
                .filter(with_changes)
                .map(|p| (p.id.to_string(), p.title.clone()))
                .collect(),
        },
    ]
}

#[component]
fn ChangeList(workspace: WorkspaceId) -> impl IntoView {
    let services = read_or_empty(use_service_catalogue());
    let problems = read_or_empty(use_problems());
    let mut open = View::default();
    open.set_filter("state", "open");
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_changes() kind=ChangeRequest::kind()
            rows=move |all: &[ChangeRequest]| change_rows(all, &services.get(), browser::short_time)
            filters=move |all: &[ChangeRequest]| change_filters(&services.get(), &problems.get(), all)
            filter_keys=&["state", "type", "risk", "service", "owner", "problem"] default_view=open
            new_form=move |workspace| view! { <NewChange workspace=workspace services=services problems=problems /> }.into_any() />
    }
}

#[component]
fn NewChange(
    workspace: WorkspaceId,
    services: Signal<Vec<Service>>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let query = use_query_map();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(ChangeType::Normal.as_str().to_owned());
    // A link from a problem's page picks that problem and its service.
    let service = RwSignal::new(
        query
            .with_untracked(|q| q.get("service"))
            .unwrap_or_default(),
    );
    let problem = RwSignal::new(
        query
            .with_untracked(|q| q.get("problem"))
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change_type = ChangeType::parse(&kind.get_untracked()).unwrap_or(ChangeType::Normal);
        let origin = actions::Origin {
            service: RecordId::parse(&service.get_untracked()).ok(),
            problem: RecordId::parse(&problem.get_untracked()).ok(),
        };
        let (typed, workspace, navigate) =
            (title.get_untracked(), workspace.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, &typed, change_type, origin).await {
                Ok(id) => navigate(&format!("/changes/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let type_options = move || {
        let approver = can_approve(state);
        ChangeType::ALL
            .iter()
            .map(|t| {
                // Only approvers make a change standard: it skips the board.
                let (label, disabled) = match t {
                    ChangeType::Standard if !approver => {
                        ("Standard (pre-authorised; approvers only)", true)
                    }
                    ChangeType::Standard => ("Standard (pre-authorised)", false),
                    ChangeType::Normal => ("Normal", false),
                    ChangeType::Emergency => ("Emergency", false),
                };
                let selected = kind.with_untracked(|k| k == t.as_str());
                view! { <option value=t.as_str() disabled=disabled selected=selected>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-change-title">
            <h2 id="new-change-title">"Request a change"</h2>
            <div class="field">
                <label for="new-change-title-input">"Title"</label>
                <input id="new-change-title-input" type="text" maxlength=TITLE_MAX_CHARS bind:value=title />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="new-change-type">"Type"</label>
                    <select id="new-change-type" bind:value=kind>{type_options}</select>
                </div>
                <div class="field">
                    <label for="new-change-service">"Service"</label>
                    <select id="new-change-service" bind:value=service>
                        <option value="">"No service"</option>
                        {move || services.get().into_iter().map(|s| {
                            let selected = service.with_untracked(|v| v == s.id.as_str());
                            view! { <option value=s.id.to_string() selected=selected>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="new-change-problem">"Removes the problem"</label>
                    <select id="new-change-problem" bind:value=problem>
                        <option value="">"No problem"</option>
                        {move || problems.get().into_iter().filter(|p| p.state.as_str() != "closed").map(|p| {
                            let selected = problem.with_untracked(|v| v == p.id.as_str());
                            view! { <option value=p.id.to_string() selected=selected>{p.title.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>"Request change"</button>
        </form>
    }
}
