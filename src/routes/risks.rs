//! The risk register (ISO/IEC 27001 6.1.2, 6.1.3, 8.2, 8.3; ISO/IEC 20000-1 6.1): every risk,
//! searchable and filtered (state, where its score stands against the threshold before and
//! after treatment, treatment, owner, service, review falling due), the heat maps before and
//! after treatment, the workspace's risk method, and a form to add a risk.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::isms::risk::{NAME_MAX_CHARS, Risk, RiskState, Treatment};
use praxis_core::isms::risk_method::{Band, RiskMethod};
use praxis_core::itsm::dues::Timeliness;
use praxis_core::itsm::service::Service;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::services::use_service_catalogue;
use crate::actions::risks as actions;
use crate::browser;
use crate::components::heat_map::HeatMaps;
use crate::components::new_record::{Choice, NewRecordForm, creating, record_choices};
use crate::components::register_list::{Filter, RegisterSpec, date_cell, due_filter, lanes_of};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::components::risk_method_form::RiskMethodForm;
use crate::state::use_app_state;

#[component]
pub fn Risks() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Risks" plural="risks"
            list=|workspace| view! { <RiskList workspace=workspace /> }.into_any()>
            "Information security and service risks: what could happen and to what, how likely and how bad on your own scales, how each is treated and with which controls, and the residual risk an approver accepts (ISO/IEC 27001 6.1.2, 6.1.3, 8.2, 8.3; ISO/IEC 20000-1 6.1)."
        </RegisterPage>
    }
}

/// The open workspace's risks, read again whenever one changes.
pub fn use_risks() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Risk::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

/// The open workspace's risk method (the default until one is saved), read again whenever it
/// changes.
pub fn use_risk_method() -> Signal<RiskMethod> {
    let loaded = super::use_register(&[RiskMethod::KIND], |state, workspace| async move {
        actions::method(state, &workspace).await
    });
    Signal::derive(move || loaded.get().and_then(Result::ok).unwrap_or_default())
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Risk",
    },
    Column {
        key: "state",
        label: "State",
    },
    Column {
        key: "owner",
        label: "Owner",
    },
    Column {
        key: "inherent",
        label: "Before treatment",
    },
    Column {
        key: "residual",
        label: "Residual",
    },
    Column {
        key: "treatment",
        label: "Treatment",
    },
    Column {
        key: "review",
        label: "Review due",
    },
];

/// The risks list, as the page and the benchmark mount it.
pub const RISK_LIST: RegisterSpec = RegisterSpec {
    register: "risk",
    singular: "risk",
    plural: "risks",
    caption: "Risks of this workspace",
    search_placeholder: "Title, owner, threat, vulnerability or process",
    columns: COLUMNS,
    empty: "No risks yet. Add the first scenario below: what could happen, to which service or asset.",
    board: Some(lanes_of::<RiskState>),
};

pub const RISK_FILTER_KEYS: &[&str] = &[
    "state",
    "inherent",
    "residual",
    "treatment",
    "owner",
    "service",
    "due",
];

/// A score as a cell: the score and where it stands, sorted by score; "Not assessed" sorts first.
fn score_cell(score: Option<u8>, method: &RiskMethod) -> Cell {
    match score {
        None => Cell::number("Not assessed", -1),
        Some(score) => {
            let band = method.band(score);
            Cell::number(format!("{score} · {}", band_word(band)), i64::from(score))
                .badge(format!("band-{}", band.as_str()))
        }
    }
}

/// A band in a word, for a cell.
pub fn band_word(band: Band) -> &'static str {
    match band {
        Band::Within => "within threshold",
        Band::Above => "above threshold",
        Band::High => "high",
    }
}

fn band_tag(score: Option<u8>, method: &RiskMethod) -> &'static str {
    score.map_or("unassessed", |s| method.band(s).as_str())
}

/// Risks as rows: found by title, owner, threat, vulnerability and process; tagged for every filter.
pub fn risk_rows(risks: &[Risk], method: &RiskMethod, today: Date) -> Vec<Row> {
    risks
        .iter()
        .map(|r| {
            let mut row = Row::new(
                r.id.as_str(),
                vec![
                    Cell::text(&r.title).link(format!("/risks/{}", r.id)),
                    Cell::text(r.state.label()).badge(format!("risk-{}", r.state.as_str())),
                    Cell::text(&r.owner),
                    score_cell(r.inherent_score(), method),
                    score_cell(r.residual_score(), method),
                    Cell::text(r.treatment.map_or("", short_treatment)),
                    date_cell(r.review_due, today),
                ],
            )
            .searched_by(&r.title)
            .searched_by(&r.owner)
            .searched_by(&r.threat)
            .searched_by(&r.vulnerability)
            .searched_by(&r.process)
            .tagged("state", r.state.as_str())
            .tagged("inherent", band_tag(r.inherent_score(), method))
            .tagged("residual", band_tag(r.residual_score(), method))
            .tagged("treatment", r.treatment.map_or("none", Treatment::as_str))
            .tagged("due", Timeliness::worst([r.review_due], today).as_str())
            .tagged("owner", if r.owner.is_empty() { "none" } else { &r.owner });
            if r.state != RiskState::Closed {
                row = row.tagged("state", "open");
            }
            if let Some(service) = &r.service {
                row = row.tagged("service", service.as_str());
            }
            row
        })
        .collect()
}

/// A treatment option in a word.
fn short_treatment(treatment: Treatment) -> &'static str {
    match treatment {
        Treatment::Modify => "Modify",
        Treatment::Retain => "Retain",
        Treatment::Avoid => "Avoid",
        Treatment::Share => "Share",
    }
}

fn band_filter(key: &'static str, label: &'static str) -> Filter {
    Filter {
        key,
        label,
        any: "Any",
        choices: [Band::Within, Band::Above, Band::High]
            .iter()
            .map(|b| (b.as_str().to_owned(), b.label().to_owned()))
            .chain(std::iter::once((
                "unassessed".to_owned(),
                "Not assessed".to_owned(),
            )))
            .collect(),
    }
}

pub fn risk_filters(risks: &[Risk], services: &[Service]) -> Vec<Filter> {
    let mut treatment = Filter::named(
        "treatment",
        "Treatment",
        Treatment::ALL,
        Treatment::as_str,
        Treatment::label,
    );
    treatment
        .choices
        .push(("none".to_owned(), "Not chosen".to_owned()));
    vec![
        Filter::states::<RiskState>(&[]),
        band_filter("inherent", "Before treatment"),
        band_filter("residual", "Residual"),
        treatment,
        Filter::people(
            "owner",
            "Owner",
            risks.iter().map(|r| r.owner.as_str()),
            "none",
        ),
        Filter::service(services),
        due_filter("Review"),
    ]
}

#[component]
fn RiskList(workspace: WorkspaceId) -> impl IntoView {
    let services = read_or_empty(use_service_catalogue());
    let method = use_risk_method();
    let loaded = use_risks();
    let risks = read_or_empty(loaded);
    let today = browser::today_date();
    let mut open = View::default();
    open.set_filter("state", "open");
    let method_workspace = workspace.clone();
    view! {
        <RegisterBody workspace=workspace spec=RISK_LIST loaded=loaded kind=Risk::kind()
            rows=move |all: &[Risk]| risk_rows(all, &method.get(), today)
            filters=move |all: &[Risk]| risk_filters(all, &services.get())
            filter_keys=RISK_FILTER_KEYS
            default_view=open new_form=new_risk>
            <HeatMaps method=method risks=risks />
            <RiskMethodForm workspace=method_workspace.clone() method=method />
        </RegisterBody>
    }
}

fn new_risk(workspace: WorkspaceId) -> AnyView {
    let state = use_app_state();
    let services = read_or_empty(use_service_catalogue());
    let records = record_choices(services, |s: &Service| (&s.id, &s.name));
    let create = creating(move |title: String, chosen: String| {
        let workspace = workspace.clone();
        async move {
            let service = RecordId::parse(&chosen).ok();
            actions::create(state, &workspace, &title, service).await
        }
    });
    let choice = Choice::Record {
        key: "service",
        label: "Service",
        records,
        given: None,
        missing: None,
    };
    view! {
        <NewRecordForm prefix="risk" heading="Add a risk" name_label="Scenario (what could happen)" max_chars=NAME_MAX_CHARS
            button="Add risk" path="/risks" choice=choice create=create />
    }
    .into_any()
}
