//! One document of the register: where it stands (status, the requirement it answers, the
//! version approved, where it is kept, its reviews), its approval — approvers and owners only,
//! in their own name, for the version it has now — a review recorded at once, its details, and
//! its history. Only the organisation's own documents can be deleted: a required one is marked
//! as not needed instead, with the reason.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::date::Date;
use praxis_core::isms::document::{
    DocStatus, Document, LOCATION_MAX_CHARS, MAX_REVIEW_MONTHS, TEXT_MAX_CHARS, TITLE_MAX_CHARS,
};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::documents::use_documents;
use crate::actions::documents as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::due_list::dated;
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input, review_today,
};
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::state::{Tone, can_approve, use_app_state};

#[component]
pub fn DocumentPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_documents() id_of=|d: &Document| &d.id title_of=|d| d.title.clone()
            fallback="Document" missing="This document does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/documents", "Documented information")]
            body=|workspace, id, stored| view! { <DocumentView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 2] = [
    LongText {
        field: "description",
        label: "Description",
        hint: "What it covers and who needs it.",
    },
    LongText {
        field: "not_needed",
        label: "Why it is not needed here",
        hint: "Only for documented information a standard calls for that does not apply to your scope (no internal suppliers, say). Leave empty while it is needed.",
    },
];

impl FormFields for Document {
    const SHORT: &'static [&'static str] = &[
        "title",
        "owner",
        "version",
        "location",
        "review_months",
        "last_review",
        "next_review",
    ];
    const LONG: &'static [&'static str] = &["description", "not_needed"];

    fn short_text(&self, field: &str) -> String {
        let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        match field {
            "title" => self.title.clone(),
            "owner" => self.owner.clone(),
            "version" => self.version.clone(),
            "location" => self.location.clone(),
            "review_months" => self.review_months.to_string(),
            "last_review" => day(self.last_review),
            _ => day(self.next_review),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        match field {
            "title" => self.title = text.to_owned(),
            "owner" => self.owner = text.to_owned(),
            "version" => self.version = text.to_owned(),
            "location" => self.location = text.to_owned(),
            "review_months" => self.review_months = text.parse().unwrap_or(self.review_months),
            "last_review" => self.last_review = Date::parse(text).ok(),
            _ => self.next_review = Date::parse(text).ok(),
        }
    }

    fn long_text(&self, field: &str) -> &str {
        match field {
            "description" => &self.description,
            _ => &self.not_needed,
        }
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        match field {
            "description" => self.description = text,
            _ => self.not_needed = text,
        }
    }
}

fn fields() -> Vec<Vec<FieldSpec>> {
    vec![
        vec![
            FieldSpec::text("title", "Title", TITLE_MAX_CHARS),
            FieldSpec::text("owner", "Owner", TITLE_MAX_CHARS),
            FieldSpec::text("version", "Version", TITLE_MAX_CHARS),
        ],
        vec![FieldSpec::with(
            "location",
            "Where it is kept",
            Input::Text {
                max: LOCATION_MAX_CHARS,
                placeholder: "A link, a path or a shelf",
            },
        )],
        vec![
            FieldSpec::with(
                "review_months",
                "Review every (months)",
                Input::Number {
                    max: u32::from(MAX_REVIEW_MONTHS),
                },
            ),
            FieldSpec::with("last_review", "Last reviewed", Input::Date),
            FieldSpec::with("next_review", "Next review", Input::Date),
        ],
    ]
}

/// The approval as it stands, in words.
fn approval_text(d: &Document) -> String {
    match (&d.approval, d.status()) {
        (Some(a), DocStatus::Approved) => format!(
            "Version {} approved by {} on {}.",
            a.version,
            a.by,
            browser::short_time(a.at)
        ),
        (Some(a), _) => format!(
            "Version {} was approved by {} on {}; version {} is not approved yet.",
            a.version,
            a.by,
            browser::short_time(a.at),
            if d.version.is_empty() {
                "(none given)"
            } else {
                &d.version
            }
        ),
        (None, _) => "Not approved.".to_owned(),
    }
}

/// Where it is kept: a link when it is a web address, else the text as typed.
fn location_view(location: String) -> AnyView {
    if location.is_empty() {
        return "Not said yet".into_any();
    }
    let web = location.starts_with("https://") || location.starts_with("http://");
    if web {
        let href = location.clone();
        view! { <a href=href target="_blank" rel="noopener noreferrer">{location}</a> }.into_any()
    } else {
        location.into_any()
    }
}

#[component]
fn DocumentView(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<Document>>,
) -> impl IntoView {
    let state = use_app_state();
    let form = FieldForm::new(stored);
    let (save, error, busy) =
        form.on_submit_checked(workspace.clone(), id.clone(), "Document saved.");
    let summary = move || {
        let d = stored.get()?;
        let today = browser::today_date();
        let status = d.status();
        let next = match d.next_review {
            Some(n) if status == DocStatus::NotNeeded => n.to_string(),
            n => dated(n, today, "None set"),
        };
        let required = d.required.map_or_else(
            || "Our own documented information".to_owned(),
            |r| r.reference(),
        );
        Some(view! {
            <dl class="facts">
                <dt>"Status"</dt><dd data-testid="document-status">{status.label()}</dd>
                <dt>"Required by"</dt><dd>{required}</dd>
                <dt>"Kind"</dt><dd>{d.form.label()}</dd>
                <dt>"Owner"</dt><dd>{if d.owner.is_empty() { "—".to_owned() } else { d.owner.clone() }}</dd>
                <dt>"Approval"</dt><dd data-testid="document-approval">{approval_text(&d)}</dd>
                <dt>"Where it is kept"</dt><dd>{location_view(d.location.clone())}</dd>
                <dt>"Next review"</dt><dd data-testid="document-next-review">{next}</dd>
                <dt>"Last reviewed"</dt><dd data-testid="document-last-review">{d.last_review.map_or_else(|| "Never".to_owned(), |d| d.to_string())}</dd>
            </dl>
        })
    };
    let key = Document::key(&workspace, &id);
    let long_key = key.clone();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    // Whether it answers a requirement never changes, so the page decides once.
    let is_own =
        move || stored.with_untracked(|d| d.as_ref().is_some_and(|d| d.required.is_none()));
    let long_shown = Signal::derive(move || {
        if is_own() {
            vec!["description"]
        } else {
            Document::LONG.to_vec()
        }
    });
    view! {
        <section class="card">{summary}</section>
        <ApprovalCard workspace=workspace.clone() stored=stored typed=form.typed />
        <DetailsCard prefix="document" button="Save document" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="document" rows=fields() texts=form.all_texts() />
            <LongTexts key=long_key kind=Document::KIND prefix="document" fields=&TEXTS texts=form.texts(Document::LONG)
                max_chars=TEXT_MAX_CHARS shown=long_shown />
        </DetailsCard>
        {is_own().then(|| view! {
            <DeleteButton label="Delete document" done="Document deleted." back="/documents" delete=delete
                question=Signal::derive(move || stored.get().map(|d| format!("Delete the document “{}” from the register?", d.title))) />
        })}
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Document::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Document::KIND noun="this document" />
    }
}

/// Approval of the version the document has now (approvers and owners only, in their own
/// name), and a review recorded today (anyone who edits).
#[component]
fn ApprovalCard(
    workspace: WorkspaceId,
    stored: Signal<Option<Document>>,
    /// The document as the page shows it, with the details typed.
    typed: Memo<Option<Document>>,
) -> impl IntoView {
    let state = use_app_state();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let blocked = Memo::new(move |_| {
        if !can_approve(state) {
            return Some(format!(
                "Only approvers and owners approve documents; you are {}.",
                state.role.get().with_article()
            ));
        }
        let d = typed.get()?;
        if d.version.trim().is_empty() {
            return Some("Give it a version first (Details).".to_owned());
        }
        let mut approved = d.clone();
        approved
            .approve("check", d.logged_at, browser::today_date())
            .err()
            .map(|(_, problem)| format!("{problem} (Details)"))
    });
    let approve_in = workspace.clone();
    let approve = move |_| {
        let (Some(before), Some(shown)) = (stored.get_untracked(), typed.get_untracked()) else {
            return;
        };
        let workspace = approve_in.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::approve(state, &workspace, &before, &shown).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Document approved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let review = move |_| {
        review_today(
            state,
            workspace.clone(),
            stored,
            |r| &r.id,
            Document::reviewed,
            error,
        );
    };
    let approvable = move || {
        stored.with(|d| {
            d.as_ref()
                .is_some_and(|d| matches!(d.status(), DocStatus::Draft | DocStatus::Missing))
        })
    };
    let version = move || typed.with(|d| d.as_ref().map(|d| d.version.clone()).unwrap_or_default());
    view! {
        <section class="card" aria-labelledby="document-approval-title">
            <h2 id="document-approval-title">"Approval and review"</h2>
            <Show when=approvable>
                <button type="button" class="primary" data-testid="approve-document"
                    disabled=move || blocked.get().is_some() || busy.get() || state.read_only.get()
                    on:click=approve.clone()>
                    {move || if version().is_empty() { "Approve this version".to_owned() } else { format!("Approve version {}", version()) }}
                </button>
                {move || blocked.get().map(|why| view! { <p class="hint" data-testid="approve-document-blocked">{why}</p> })}
            </Show>
            <Show when=move || !approvable()>
                <p>
                    <button type="button" data-testid="document-reviewed" disabled=move || state.read_only.get()
                        on:click=review.clone()>"Reviewed today"</button>
                    <span class="hint">" Records today's review; the next falls one interval later."</span>
                </p>
            </Show>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
