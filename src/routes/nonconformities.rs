//! Nonconformities and corrective action (ISO/IEC 20000-1 10.1; ISO/IEC 27001 10.2): every
//! nonconformity, searchable and filtered (state, grade, source, owner), as a list or a board
//! by state, and a form to raise one — prefilled when it comes from an assessment's finding.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use praxis_core::isms::action::Serves;
use praxis_core::isms::nonconformity::{Grade, NcState, Nonconformity, Source, TITLE_MAX_CHARS};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordType, WorkspaceId};

use crate::actions::nonconformities::{self as actions, Origin};
use crate::components::new_record::{Choice, NewRecordForm, creating};
use crate::components::register_list::{Filter, RegisterSpec, lanes_of};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Nonconformities() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Nonconformities" plural="nonconformities"
            list=|workspace| view! { <NcList workspace=workspace /> }.into_any()>
            "What did not conform — found in audits, incidents, complaints or monitoring — corrected, its cause analysed and removed by corrective action, and closed only once the action is shown to have worked (ISO/IEC 20000-1 10.1; ISO/IEC 27001 10.2)."
        </RegisterPage>
    }
}

/// The open workspace's nonconformities, read again whenever one changes.
pub fn use_nonconformities() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Nonconformity::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Nonconformity",
    },
    Column {
        key: "grade",
        label: "Grade",
    },
    Column {
        key: "state",
        label: "State",
    },
    Column {
        key: "source",
        label: "Source",
    },
    Column {
        key: "owner",
        label: "Owner",
    },
    Column {
        key: "raised",
        label: "Raised",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "nonconformity",
    singular: "nonconformity",
    plural: "nonconformities",
    caption: "Nonconformities of this workspace",
    search_placeholder: "Title, owner or root cause",
    columns: COLUMNS,
    empty: "No nonconformities. Raise one below, or from an assessment item whose finding is a nonconformity.",
    board: Some(lanes_of::<NcState>),
};

fn nc_rows(all: &[Nonconformity]) -> Vec<Row> {
    all.iter()
        .map(|n| {
            let mut row = Row::new(
                n.id.as_str(),
                vec![
                    Cell::text(&n.title).link(format!("/nonconformities/{}", n.id)),
                    Cell::number(n.grade.label(), n.grade as i64)
                        .badge(format!("grade-{}", n.grade.as_str())),
                    Cell::text(n.state.label()),
                    Cell::text(n.source.label()),
                    Cell::text(&n.owner),
                    Cell::number(n.raised_on.to_string(), n.raised_on.days_since_epoch()),
                ],
            )
            .searched_by(&n.title)
            .searched_by(&n.owner)
            .searched_by(&n.root_cause)
            .tagged("state", n.state.as_str())
            .tagged("grade", n.grade.as_str())
            .tagged("source", n.source.as_str())
            .tagged("owner", if n.owner.is_empty() { "none" } else { &n.owner });
            if n.state != NcState::Closed {
                row = row.tagged("state", "open");
            }
            row
        })
        .collect()
}

fn nc_filters(all: &[Nonconformity]) -> Vec<Filter> {
    vec![
        Filter::states::<NcState>(&[]),
        Filter::named("grade", "Grade", Grade::ALL, Grade::as_str, Grade::label),
        Filter::named(
            "source",
            "Source",
            Source::ALL,
            Source::as_str,
            Source::label,
        ),
        Filter::people(
            "owner",
            "Owner",
            all.iter().map(|n| n.owner.as_str()),
            "none",
        ),
    ]
}

#[component]
fn NcList(workspace: WorkspaceId) -> impl IntoView {
    let mut open = View::default();
    open.set_filter("state", "open");
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_nonconformities() kind=Nonconformity::kind()
            rows=nc_rows filters=nc_filters filter_keys=&["state", "grade", "source", "owner"]
            default_view=open new_form=new_nc />
    }
}

fn new_nc(workspace: WorkspaceId) -> AnyView {
    let state = use_app_state();
    // Raised from an assessment's finding: where, the clause and the grade come with the link.
    let origin = use_query_map().with_untracked(|q| Origin {
        found_in: q.get("from").and_then(|f| Serves::parse(&f).ok()),
        clause: q.get("clause").filter(|c| c.contains('/')),
        grade: q.get("grade").and_then(|g| Grade::parse(&g)),
    });
    let create = creating(move |title: String, source: String| {
        let (workspace, origin) = (workspace.clone(), origin.clone());
        let source = Source::parse(&source).unwrap_or(Source::InternalAudit);
        async move { actions::create(state, &workspace, &title, source, origin).await }
    });
    let choice = Choice::Named {
        key: "source",
        label: "Found in",
        options: Source::OPTIONS,
        default: Source::InternalAudit.as_str(),
    };
    view! {
        <NewRecordForm prefix="nonconformity" heading="Raise a nonconformity" name_label="What does not conform" max_chars=TITLE_MAX_CHARS
            button="Raise nonconformity" path="/nonconformities" choice=choice create=create />
    }
    .into_any()
}
