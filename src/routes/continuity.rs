//! Service continuity and availability (ISO/IEC 20000-1 8.7.1, 8.7.2; ISO/IEC 27001 A.5.29,
//! A.5.30): each service's continuity plan with its objectives, its last test and what is still
//! to follow up, filtered by service and by reviews or tests falling due; and a form to add one.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::itsm::continuity::{ContinuityPlan, NAME_MAX_CHARS, PlanStatus, TestResult};
use praxis_core::itsm::dues::Timeliness;
use praxis_core::itsm::duration::format_minutes;
use praxis_core::itsm::service::Service;
use praxis_core::register::{Cell, Column, Row};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::services::use_service_catalogue;
use crate::actions::continuity as actions;
use crate::browser;
use crate::components::new_record::{Choice, NewRecordForm, creating, record_choices};
use crate::components::register_list::{Filter, RegisterSpec};
use crate::components::register_list::{date_cell, due_filter};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Continuity() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Service continuity and availability" plural="plans"
            list=|workspace| view! { <PlanList workspace=workspace /> }.into_any()>
            "For each service: how long it may be down and how much work may be lost, the availability it needs, the plan that brings it back and keeps information secure meanwhile, and the tests of that plan with their follow-up actions (ISO/IEC 20000-1 8.7.1, 8.7.2; ISO/IEC 27001 A.5.29, A.5.30)."
        </RegisterPage>
    }
}

/// The open workspace's continuity plans, read again whenever one changes.
pub fn use_plans() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[ContinuityPlan::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Plan",
    },
    Column {
        key: "service",
        label: "Service",
    },
    Column {
        key: "status",
        label: "Status",
    },
    Column {
        key: "rto",
        label: "RTO",
    },
    Column {
        key: "rpo",
        label: "RPO",
    },
    Column {
        key: "tested",
        label: "Last test",
    },
    Column {
        key: "next",
        label: "Next test",
    },
    Column {
        key: "actions",
        label: "Open actions",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "continuity",
    singular: "plan",
    plural: "plans",
    caption: "Continuity plans of this workspace",
    search_placeholder: "Title, service or owner",
    columns: COLUMNS,
    empty: "No continuity plans yet. Add one for each service that must come back after a disruption below.",
    board: None,
};

fn minutes_cell(minutes: Option<u32>) -> Cell {
    minutes.map_or_else(
        || Cell::number("", i64::MAX),
        |m| Cell::number(format_minutes(m), i64::from(m)),
    )
}

fn plan_rows(plans: &[ContinuityPlan], services: &[Service], today: Date) -> Vec<Row> {
    plans
        .iter()
        .map(|p| {
            let service = services
                .iter()
                .find(|s| s.id == p.service)
                .map_or("A service no longer recorded", |s| s.name.as_str());
            let last = p.last_test();
            let tested = last.map_or_else(
                || Cell::number("Never tested", 0),
                |t| {
                    Cell::number(t.on.to_string(), t.on.days_since_epoch())
                        .badge(format!("test-{}", t.result.as_str()))
                        .hint(t.result.label())
                },
            );
            let open = p.open_actions();
            Row::new(
                p.id.as_str(),
                vec![
                    Cell::text(&p.title).link(format!("/continuity/{}", p.id)),
                    Cell::text(service),
                    Cell::text(p.status.label()).badge(format!("plan-{}", p.status.as_str())),
                    minutes_cell(p.rto_minutes),
                    minutes_cell(p.rpo_minutes),
                    tested,
                    date_cell(p.next_test_due, today),
                    Cell::number(open.to_string(), open as i64),
                ],
            )
            .searched_by(&p.title)
            .searched_by(service)
            .searched_by(&p.owner)
            .tagged("service", p.service.as_str())
            .tagged("status", p.status.as_str())
            .tagged("result", last.map_or("untested", |t| t.result.as_str()))
            .tagged(
                "due",
                if p.status == PlanStatus::Retired {
                    "undated"
                } else {
                    Timeliness::worst([p.review_due, p.next_test_due], today).as_str()
                },
            )
        })
        .collect()
}

fn plan_filters(services: &[Service]) -> Vec<Filter> {
    let mut result = Filter::named(
        "result",
        "Last test",
        TestResult::ALL,
        TestResult::as_str,
        TestResult::label,
    );
    result
        .choices
        .push(("untested".to_owned(), "Never tested".to_owned()));
    vec![
        Filter::service(services),
        Filter::named(
            "status",
            "Status",
            PlanStatus::ALL,
            PlanStatus::as_str,
            PlanStatus::label,
        ),
        result,
        due_filter("Review or test"),
    ]
}

#[component]
fn PlanList(workspace: WorkspaceId) -> impl IntoView {
    let services = read_or_empty(use_service_catalogue());
    let today = browser::today_date();
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_plans() kind=ContinuityPlan::kind()
            rows=move |all: &[ContinuityPlan]| plan_rows(all, &services.get(), today)
            filters=move |_: &[ContinuityPlan]| plan_filters(&services.get())
            filter_keys=&["service", "status", "result", "due"]
            new_form=|workspace| view! { <NewPlan workspace=workspace /> }.into_any() />
    }
}

#[component]
fn NewPlan(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let services = read_or_empty(use_service_catalogue());
    let records = record_choices(services, |s: &Service| (&s.id, &s.name));
    let create = creating(move |title: String, chosen: String| {
        let workspace = workspace.clone();
        async move {
            let service = RecordId::parse(&chosen).map_err(|e| e.to_string())?;
            actions::create(state, &workspace, &title, &service).await
        }
    });
    let choice = Choice::Record {
        key: "service",
        label: "Service",
        records,
        given: None,
        missing: Some("Choose the service the plan keeps going."),
    };
    view! {
        <NewRecordForm prefix="plan" heading="Add a continuity plan" name_label="Title" max_chars=NAME_MAX_CHARS
            button="Add plan" path="/continuity" choice=choice create=create />
    }
}
