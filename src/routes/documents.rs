//! Documented information (7.5 of ISO/IEC 27001 and ISO/IEC 20000-1): the register of the
//! documents and records the management systems keep, starting from those both standards call
//! for — status (missing, not approved, approved, not needed), owner, version and next review,
//! filtered and searched — the button that adds the required ones not there yet, and a form to
//! add one of the organisation's own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::date::Date;
use praxis_core::isms::document::{
    DocStatus, Document, Form, REQUIRED, TITLE_MAX_CHARS, absent_required,
};
use praxis_core::itsm::dues::Timeliness;
use praxis_core::register::{Cell, Column, Row};
use praxis_core::{RecordType, WorkspaceId};

use crate::actions::documents as actions;
use crate::browser;
use crate::components::new_record::{Choice, NewRecordForm, creating};
use crate::components::register_list::{Filter, RegisterSpec, date_cell, due_filter};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::{Tone, use_app_state};

#[component]
pub fn Documents() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Documented information" plural="documents"
            list=|workspace| view! { <DocumentList workspace=workspace /> }.into_any()>
            "The documents your management systems keep up to date and the records they keep as evidence: who owns each, its version, who approved it and when, where it is kept and when it is next reviewed (ISO/IEC 27001 7.5; ISO/IEC 20000-1 7.5). What either standard calls for is listed for you; one missing or not approved shows among the certification blockers of its clause in every assessment."
        </RegisterPage>
    }
}

/// The open workspace's documented information, read again whenever a document changes.
pub fn use_documents() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Document::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Document",
    },
    Column {
        key: "requirement",
        label: "Required by",
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
        key: "version",
        label: "Version",
    },
    Column {
        key: "review",
        label: "Next review",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "document",
    singular: "document",
    plural: "documents",
    caption: "Documented information of this workspace",
    search_placeholder: "Title, owner, version or where it is kept",
    columns: COLUMNS,
    empty: "No documents yet. Add the documented information both standards call for (below), then your own.",
    board: None,
};

const STATUS_OPTIONS: &[(&str, &str)] = &[
    ("missing", "Missing"),
    ("draft", "Not approved"),
    ("approved", "Approved"),
    ("not-needed", "Not needed here"),
];

fn document_rows(all: &[Document], today: Date) -> Vec<Row> {
    all.iter()
        .map(|d| {
            let status = d.status();
            let standard = d.required.map_or("own", |r| {
                if r.framework.starts_with("iso27001") {
                    "iso27001"
                } else {
                    "iso20000"
                }
            });
            let review = if status == DocStatus::NotNeeded {
                Cell::number("", i64::MAX)
            } else {
                date_cell(d.next_review, today)
            };
            let mut row = Row::new(
                d.id.as_str(),
                vec![
                    Cell::text(&d.title).link(format!("/documents/{}", d.id)),
                    Cell::text(d.required.map(|r| r.short_reference()).unwrap_or_default()),
                    Cell::text(status.label()).badge(format!("document-{}", status.as_str())),
                    Cell::text(&d.owner),
                    Cell::text(&d.version),
                    review,
                ],
            )
            .searched_by(&d.title)
            .searched_by(&d.owner)
            .searched_by(&d.version)
            .searched_by(&d.location)
            .tagged("status", status.as_str())
            .tagged("standard", standard)
            .tagged("owner", if d.owner.is_empty() { "none" } else { &d.owner });
            if status != DocStatus::NotNeeded {
                row = row.tagged("due", Timeliness::of(d.next_review, today).as_str());
            }
            row
        })
        .collect()
}

fn document_filters(all: &[Document]) -> Vec<Filter> {
    vec![
        Filter {
            key: "status",
            label: "Status",
            any: "Any",
            choices: STATUS_OPTIONS
                .iter()
                .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
                .collect(),
        },
        Filter {
            key: "standard",
            label: "Required by",
            any: "Anything",
            choices: [
                ("iso27001", "ISO/IEC 27001"),
                ("iso20000", "ISO/IEC 20000-1"),
                ("own", "Our own"),
            ]
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
            .collect(),
        },
        due_filter("Review"),
        Filter::people(
            "owner",
            "Owner",
            all.iter().map(|d| d.owner.as_str()),
            "none",
        ),
    ]
}

#[component]
fn DocumentList(workspace: WorkspaceId) -> impl IntoView {
    let today = browser::today_date();
    let loaded = use_documents();
    view! {
        <RegisterBody workspace=workspace.clone() spec=SPEC loaded=loaded kind=Document::kind()
            rows=move |all: &[Document]| document_rows(all, today)
            filters=document_filters
            filter_keys=&["status", "standard", "due", "owner"]
            new_form=new_document>
            <AddRequired workspace=workspace loaded=loaded />
        </RegisterBody>
    }
}

/// How many required documents the register does not hold yet, and the button that adds them.
#[component]
fn AddRequired(
    workspace: WorkspaceId,
    loaded: LocalResource<Result<actions::Listed, String>>,
) -> impl IntoView {
    let state = use_app_state();
    let busy = RwSignal::new(false);
    let absent = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map_or(0, |(all, _)| absent_required(&all).count())
    };
    let add = move |_| {
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::add_required(state, &workspace).await {
                Ok(added) => state.notify(
                    Tone::Success,
                    format!("{added} required documents added to the register."),
                ),
                Err(problem) => state.notify(Tone::Error, problem),
            }
            busy.set(false);
        });
    };
    view! {
        <Show when=move || absent() != 0 && !state.read_only.get()>
            <section class="card" aria-labelledby="add-required-title">
                <h2 id="add-required-title">"What the standards call for"</h2>
                <p data-testid="required-absent">{move || format!(
                    "{} of the {} documents and records ISO/IEC 27001 (4.3 to 10.2) and ISO/IEC 20000-1 (7.5.4 a to l) call for are not in the register yet. Until they are, assessments count them as missing.",
                    absent(), REQUIRED.len()
                )}</p>
                <button type="button" class="primary" data-testid="add-required"
                    disabled=move || busy.get() on:click=add.clone()>"Add them to the register"</button>
            </section>
        </Show>
    }
}

fn new_document(workspace: WorkspaceId) -> AnyView {
    let state = use_app_state();
    let create = creating(move |title: String, form: String| {
        let workspace = workspace.clone();
        async move {
            let form = Form::parse(&form).unwrap_or(Form::Document);
            actions::create(state, &workspace, &title, form).await
        }
    });
    view! {
        <NewRecordForm prefix="document" heading="Add a document of your own" name_label="Title" max_chars=TITLE_MAX_CHARS
            button="Add document" path="/documents" create=create
            choice=Choice::Named { key: "form", label: "Kind", options: Form::OPTIONS, default: "document" } />
    }
    .into_any()
}
