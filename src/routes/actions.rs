//! Actions (ISO/IEC 27001 6.1.3 e, 10.2; ISO/IEC 20000-1 10.2): every treatment task and
//! follow-up of the workspace, whatever record it serves — searchable, filtered by status,
//! owner, what it serves and what is overdue — and a form to add one on its own.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::isms::action::{Action, ActionStatus, TITLE_MAX_CHARS};
use praxis_core::itsm::dues::Timeliness;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::typed::kind_noun;
use praxis_core::{RecordType, WorkspaceId};

use crate::actions::action_items as actions;
use crate::browser;
use crate::components::new_record::{NewRecordForm, creating};
use crate::components::register_list::{Filter, RegisterSpec, date_cell, due_filter};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Actions() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Actions" plural="actions"
            list=|workspace| view! { <ActionList workspace=workspace /> }.into_any()>
            "Every task the management systems have set: risk treatment tasks and other follow-ups, each with its owner, due date and the evidence that it was done (ISO/IEC 27001 6.1.3, 10.2; ISO/IEC 20000-1 10.2). Add one from the record it serves to link them."
        </RegisterPage>
    }
}

/// The open workspace's actions, read again whenever one changes.
pub fn use_actions() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Action::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Action",
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
    Column {
        key: "serves",
        label: "Serves",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "action",
    singular: "action",
    plural: "actions",
    caption: "Actions of this workspace",
    search_placeholder: "Title, owner or evidence",
    columns: COLUMNS,
    empty: "No actions yet. Add a risk's treatment tasks from its page, or an action on its own below.",
    board: None,
};

fn action_rows(all: &[Action], today: Date) -> Vec<Row> {
    all.iter()
        .map(|a| {
            let serves = a.serves.as_ref();
            let serves_cell = match serves.and_then(|s| {
                super::record_path(s.kind.as_str(), &s.id).map(|p| (p, s.kind.as_str()))
            }) {
                Some((path, kind)) => Cell::text(kind_noun(kind)).link(path),
                None => Cell::text(""),
            };
            let due = if a.status.is_open() {
                date_cell(a.due, today)
            } else {
                Cell::number(a.due.map(|d| d.to_string()).unwrap_or_default(), i64::MAX)
            };
            let mut row = Row::new(
                a.id.as_str(),
                vec![
                    Cell::text(&a.title).link(format!("/actions/{}", a.id)),
                    Cell::text(a.status.label()).badge(format!("action-{}", a.status.as_str())),
                    Cell::text(&a.owner),
                    due,
                    serves_cell,
                ],
            )
            .searched_by(&a.title)
            .searched_by(&a.owner)
            .searched_by(&a.evidence)
            .tagged("status", a.status.as_str())
            .tagged("serves", serves.map_or("none", |s| s.kind.as_str()))
            .tagged("owner", if a.owner.is_empty() { "none" } else { &a.owner });
            if a.status.is_open() {
                row = row
                    .tagged("status", "todo")
                    .tagged("due", Timeliness::worst([a.due], today).as_str());
            }
            row
        })
        .collect()
}

fn action_filters(all: &[Action]) -> Vec<Filter> {
    let mut status = Filter::named(
        "status",
        "Status",
        ActionStatus::ALL,
        ActionStatus::as_str,
        ActionStatus::label,
    );
    status.choices.insert(
        0,
        ("todo".to_owned(), "To do (open or in progress)".to_owned()),
    );
    let mut kinds: Vec<&str> = Vec::new();
    for kind in all
        .iter()
        .filter_map(|a| a.serves.as_ref().map(|s| s.kind.as_str()))
    {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let serves = Filter {
        key: "serves",
        label: "Serves",
        any: "Anything",
        choices: kinds
            .into_iter()
            .map(|k| (k.to_owned(), kind_noun(k).to_owned()))
            .chain(std::iter::once(("none".to_owned(), "Nothing".to_owned())))
            .collect(),
    };
    vec![
        status,
        due_filter("Due"),
        Filter::people(
            "owner",
            "Owner",
            all.iter().map(|a| a.owner.as_str()),
            "none",
        ),
        serves,
    ]
}

#[component]
fn ActionList(workspace: WorkspaceId) -> impl IntoView {
    let today = browser::today_date();
    let mut open = View::default();
    open.set_filter("status", "todo");
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_actions() kind=Action::kind()
            rows=move |all: &[Action]| action_rows(all, today)
            filters=action_filters
            filter_keys=&["status", "due", "owner", "serves"]
            default_view=open new_form=new_action />
    }
}

fn new_action(workspace: WorkspaceId) -> AnyView {
    let state = use_app_state();
    let create = creating(move |title: String, _: String| {
        let workspace = workspace.clone();
        async move { actions::create(state, &workspace, &title, Default::default()).await }
    });
    view! {
        <NewRecordForm prefix="action" heading="Add an action" name_label="What is to be done" max_chars=TITLE_MAX_CHARS
            button="Add action" path="/actions" create=create />
    }
    .into_any()
}
