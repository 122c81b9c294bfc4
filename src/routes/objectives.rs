//! Objectives (6.2 of ISO/IEC 27001 and ISO/IEC 20000-1): every objective with its target, its
//! latest measurement and whether that meets the target, its owner, status and due date —
//! searched and filtered — and a form to add one.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::isms::objective::{Objective, ObjectiveStatus, System, TITLE_MAX_CHARS};
use praxis_core::itsm::dues::Timeliness;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordType, WorkspaceId};

use crate::actions::objectives as actions;
use crate::browser;
use crate::components::new_record::{Choice, NewRecordForm, creating};
use crate::components::register_list::{Filter, RegisterSpec, date_cell, due_filter};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Objectives() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Objectives" plural="objectives"
            list=|workspace| view! { <ObjectiveList workspace=workspace /> }.into_any()>
            "What your management systems mean to achieve, made measurable: a measure and a target, who is responsible, what will be done and by when, and the measurements that show how it is going (ISO/IEC 27001 6.2; ISO/IEC 20000-1 6.2)."
        </RegisterPage>
    }
}

/// The open workspace's objectives, read again whenever one changes.
pub fn use_objectives() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Objective::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

/// A value with its unit: "99.5 %", "4 incidents".
pub fn with_unit(value: f64, unit: &str) -> String {
    if unit.is_empty() {
        value.to_string()
    } else {
        format!("{value} {unit}")
    }
}

/// The target as a line of the list: "≥ 99.5 %".
pub fn target_text(o: &Objective) -> String {
    o.target.map_or_else(String::new, |t| {
        let sign = match o.direction {
            praxis_core::isms::objective::Direction::AtLeast => "≥",
            praxis_core::isms::objective::Direction::AtMost => "≤",
        };
        format!("{sign} {}", with_unit(t, &o.unit))
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Objective",
    },
    Column {
        key: "target",
        label: "Target",
    },
    Column {
        key: "latest",
        label: "Latest",
    },
    Column {
        key: "status",
        label: "Status",
    },
    Column {
        key: "owner",
        label: "Owner",
    },
    Column {
        key: "due",
        label: "Due",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "objective",
    singular: "objective",
    plural: "objectives",
    caption: "Objectives of this workspace",
    search_placeholder: "Title, measure or owner",
    columns: COLUMNS,
    empty: "No objectives yet. Add one below: a title first, then its measure and target.",
    board: None,
};

fn objective_rows(all: &[Objective], today: Date) -> Vec<Row> {
    all.iter()
        .map(|o| {
            let latest = match o.latest() {
                None => Cell::text("Not measured"),
                Some(m) => {
                    let cell = Cell::text(format!("{} ({})", with_unit(m.value, &o.unit), m.on));
                    match o.meets(m.value) {
                        Some(true) => cell.badge("meets"),
                        Some(false) => cell.badge("misses"),
                        None => cell,
                    }
                }
            };
            let due = if o.status.is_open() {
                date_cell(o.due, today)
            } else {
                Cell::number(o.due.map(|d| d.to_string()).unwrap_or_default(), i64::MAX)
            };
            let mut row = Row::new(
                o.id.as_str(),
                vec![
                    Cell::text(&o.title).link(format!("/objectives/{}", o.id)),
                    Cell::text(target_text(o)),
                    latest,
                    Cell::text(o.status.label()).badge(format!("objective-{}", o.status.as_str())),
                    Cell::text(&o.owner),
                    due,
                ],
            )
            .searched_by(&o.title)
            .searched_by(&o.measure)
            .searched_by(&o.owner)
            .tagged("status", o.status.as_str())
            .tagged("system", o.system.as_str())
            .tagged("owner", if o.owner.is_empty() { "none" } else { &o.owner });
            if o.status.is_open() {
                row = row
                    .tagged("status", "open")
                    .tagged("due", Timeliness::of(o.next_review, today).as_str());
            }
            row
        })
        .collect()
}

fn objective_filters(all: &[Objective]) -> Vec<Filter> {
    let mut status = Filter::named(
        "status",
        "Status",
        ObjectiveStatus::ALL,
        ObjectiveStatus::as_str,
        ObjectiveStatus::label,
    );
    status.choices.insert(
        0,
        ("open".to_owned(), "Open (planned or under way)".to_owned()),
    );
    vec![
        status,
        Filter::named(
            "system",
            "Management system",
            System::ALL,
            System::as_str,
            System::label,
        ),
        due_filter("Review"),
        Filter::people(
            "owner",
            "Owner",
            all.iter().map(|o| o.owner.as_str()),
            "none",
        ),
    ]
}

#[component]
fn ObjectiveList(workspace: WorkspaceId) -> impl IntoView {
    let today = browser::today_date();
    let mut open = View::default();
    open.set_filter("status", "open");
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_objectives() kind=Objective::kind()
            rows=move |all: &[Objective]| objective_rows(all, today)
            filters=objective_filters
            filter_keys=&["status", "system", "due", "owner"]
            default_view=open new_form=new_objective />
    }
}

fn new_objective(workspace: WorkspaceId) -> AnyView {
    let state = use_app_state();
    let create = creating(move |title: String, system: String| {
        let workspace = workspace.clone();
        async move {
            let system = System::parse(&system).unwrap_or(System::Both);
            actions::create(state, &workspace, &title, system).await
        }
    });
    view! {
        <NewRecordForm prefix="objective" heading="Add an objective" name_label="What you mean to achieve" max_chars=TITLE_MAX_CHARS
            button="Add objective" path="/objectives" create=create
            choice=Choice::Named { key: "system", label: "Management system", options: System::OPTIONS, default: "isms" } />
    }
    .into_any()
}
