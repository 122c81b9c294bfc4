//! Problems and known errors (ISO/IEC 20000-1 8.6.3): every problem, searchable, the services
//! whose incidents recur, and a form to raise a problem.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use praxis_core::itsm::problem::{
    Problem, ProblemState, RECURRING_DAYS, RECURRING_MIN, TITLE_MAX_CHARS, recurring,
};
use praxis_core::itsm::service::Service;
use praxis_core::itsm::ticket::Ticket;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::services::use_service_catalogue;
use super::tickets::use_tickets;
use crate::actions::problems as actions;
use crate::browser;
use crate::components::register_list::{Filter, RegisterSpec, lanes_of};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Problems() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/workflows", "Workflows") title="Problems and known errors" plural="problems"
            list=|workspace| view! { <ProblemList workspace=workspace /> }.into_any()>
            "The causes behind incidents: investigated, recorded as known errors with their workaround, and removed (ISO/IEC 20000-1 8.6.3)."
        </RegisterPage>
    }
}

/// The open workspace's problems, read again whenever one changes.
pub fn use_problems() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Problem::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Problem",
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
        key: "owner",
        label: "Owner",
    },
    Column {
        key: "incidents",
        label: "Incidents",
    },
    Column {
        key: "logged",
        label: "Logged",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "problem",
    singular: "problem",
    plural: "problems",
    caption: "Problems of this workspace",
    search_placeholder: "Title, owner, root cause or workaround",
    columns: COLUMNS,
    empty: "No problems yet. Raise one from an incident that keeps coming back, or below.",
    board: Some(lanes_of::<ProblemState>),
};

/// Problems as rows: found by title, owner, root cause and workaround; filtered by state
/// ("open" is every state but closed) and service.
fn problem_rows(
    problems: &[Problem],
    services: &[Service],
    tickets: &[Ticket],
    time: fn(i64) -> String,
) -> Vec<Row> {
    problems
        .iter()
        .map(|p| {
            let service = p
                .service
                .as_ref()
                .and_then(|id| services.iter().find(|s| &s.id == id))
                .map_or("", |s| s.name.as_str());
            let incidents = tickets
                .iter()
                .filter(|t| t.problem.as_ref() == Some(&p.id))
                .count();
            let mut row = Row::new(
                p.id.as_str(),
                vec![
                    Cell::text(&p.title).link(format!("/problems/{}", p.id)),
                    Cell::text(p.state.label()).badge(format!("problem-{}", p.state.as_str())),
                    Cell::text(service),
                    Cell::text(&p.owner),
                    Cell::number(incidents.to_string(), incidents as i64),
                    Cell::number(time(p.logged_at), p.logged_at),
                ],
            )
            .searched_by(&p.title)
            .searched_by(&p.owner)
            .searched_by(&p.root_cause)
            .searched_by(&p.workaround)
            .tagged("state", p.state.as_str())
            .tagged(
                "owner",
                if p.owner.is_empty() {
                    "none"
                } else {
                    p.owner.as_str()
                },
            );
            if p.state != ProblemState::Closed {
                row = row.tagged("state", "open");
            }
            if let Some(service) = &p.service {
                row = row.tagged("service", service.as_str());
            }
            row
        })
        .collect()
}

fn problem_filters(services: &[Service], problems: &[Problem]) -> Vec<Filter> {
    vec![
        Filter::states::<ProblemState>(&[]),
        Filter::service(services),
        Filter::people(
            "owner",
            "Owner",
            problems.iter().map(|p| p.owner.as_str()),
            "none",
        ),
    ]
}

#[component]
fn ProblemList(workspace: WorkspaceId) -> impl IntoView {
    let services = read_or_empty(use_service_catalogue());
    let tickets = Signal::derive({
        let loaded = use_tickets();
        move || {
            loaded
                .get()
                .and_then(Result::ok)
                .map(|(t, _, _)| t)
                .unwrap_or_default()
        }
    });
    let mut open = View::default();
    open.set_filter("state", "open");
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_problems() kind=Problem::kind()
            rows=move |all: &[Problem]| problem_rows(all, &services.get(), &tickets.get(), browser::short_time)
            filters=move |all: &[Problem]| problem_filters(&services.get(), all)
            filter_keys=&["state", "service", "owner"] default_view=open
            new_form=move |workspace| view! { <NewProblem workspace=workspace services=services /> }.into_any()>
            <RecurringIncidents services=services tickets=tickets />
        </RegisterBody>
    }
}

/// The trend that points at a problem: services whose incidents keep coming.
#[component]
fn RecurringIncidents(
    services: Signal<Vec<Service>>,
    tickets: Signal<Vec<Ticket>>,
) -> impl IntoView {
    let body = move || {
        let found = tickets.with(|t| recurring(t, browser::now_ms()));
        if found.is_empty() {
            return view! { <p class="hint">{format!("No service had {RECURRING_MIN} or more incidents in the last {RECURRING_DAYS} days.")}</p> }.into_any();
        }
        let services = services.get();
        view! {
            <ul data-testid="recurring">
                {found.into_iter().map(|r| {
                    let name = services.iter().find(|s| s.id == r.service).map_or_else(|| "A service no longer in the catalogue".to_owned(), |s| s.name.clone());
                    let unlinked = match r.without_problem {
                        0 => "every one linked to a problem".to_owned(),
                        1 => "1 not linked to a problem".to_owned(),
                        n => format!("{n} not linked to a problem"),
                    };
                    view! {
                        <li>
                            <A href=format!("/tickets?service={}&type=incident&state=", r.service)>{name}</A>
                            {format!(" — {} incidents, {unlinked}", r.incidents)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="recurring-title">
            <h2 id="recurring-title">{format!("Recurring incidents, last {RECURRING_DAYS} days")}</h2>
            {body}
        </section>
    }
}

#[component]
fn NewProblem(workspace: WorkspaceId, services: Signal<Vec<Service>>) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (typed, service) = (
            title.get_untracked(),
            RecordId::parse(&service.get_untracked()).ok(),
        );
        let (workspace, navigate) = (workspace.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, &typed, service, None).await {
                Ok(id) => navigate(&format!("/problems/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-problem-title">
            <h2 id="new-problem-title">"Raise a problem"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="new-problem-title-input">"Title"</label>
                    <input id="new-problem-title-input" type="text" maxlength=TITLE_MAX_CHARS bind:value=title />
                </div>
                <div class="field">
                    <label for="new-problem-service">"Service"</label>
                    <select id="new-problem-service" bind:value=service>
                        <option value="">"No service"</option>
                        {move || services.get().into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>"Raise problem"</button>
        </form>
    }
}
