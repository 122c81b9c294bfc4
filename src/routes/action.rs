//! One action: what it serves (one click away), its details — owner, due date, status, the
//! evidence it was done — and its history. Marked done, it takes today as the day done unless
//! another is typed.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::date::Date;
use praxis_core::isms::action::{Action, ActionStatus, TEXT_MAX_CHARS, TITLE_MAX_CHARS};
use praxis_core::typed::kind_noun;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::actions::use_actions;
use crate::actions::action_items as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input,
};
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::state::use_app_state;

#[component]
pub fn ActionPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_actions() id_of=|a: &Action| &a.id title_of=|a| a.title.clone()
            fallback="Action" missing="This action does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/actions", "Actions")]
            body=|workspace, id, stored| view! { <ActionView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 2] = [
    LongText {
        field: "description",
        label: "Description",
        hint: "What is to be done, and how you will know it worked.",
    },
    LongText {
        field: "evidence",
        label: "Evidence",
        hint: "What shows it was done (a report, a link, what was checked), or why it was cancelled. Needed to mark it done or cancelled.",
    },
];

impl FormFields for Action {
    // The day done is read before the status, so marking it done can fill it in.
    const SHORT: &'static [&'static str] = &["title", "owner", "due", "done_on", "status"];
    const LONG: &'static [&'static str] = &["description", "evidence"];

    fn short_text(&self, field: &str) -> String {
        let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        match field {
            "title" => self.title.clone(),
            "owner" => self.owner.clone(),
            "due" => day(self.due),
            "done_on" => day(self.done_on),
            _ => self.status.as_str().to_owned(),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        match field {
            "title" => self.title = text.to_owned(),
            "owner" => self.owner = text.to_owned(),
            "due" => self.due = Date::parse(text).ok(),
            "done_on" => self.done_on = Date::parse(text).ok(),
            _ => {
                self.status = ActionStatus::parse(text).unwrap_or(self.status);
                if self.status == ActionStatus::Done {
                    self.done_on = self.done_on.or_else(|| Some(browser::today_date()));
                } else {
                    self.done_on = None;
                }
            }
        }
    }

    fn long_text(&self, field: &str) -> &str {
        match field {
            "description" => &self.description,
            _ => &self.evidence,
        }
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        match field {
            "description" => self.description = text,
            _ => self.evidence = text,
        }
    }
}

fn fields() -> Vec<Vec<FieldSpec>> {
    vec![
        vec![
            FieldSpec::text("title", "What is to be done", TITLE_MAX_CHARS),
            FieldSpec::text("owner", "Owner", TITLE_MAX_CHARS),
        ],
        vec![
            FieldSpec::with("due", "Due", Input::Date),
            FieldSpec::with(
                "status",
                "Status",
                Input::Choice {
                    options: ActionStatus::OPTIONS,
                    blank: None,
                },
            ),
            FieldSpec::with("done_on", "Done on", Input::Date),
        ],
    ]
}

#[component]
fn ActionView(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<Action>>,
) -> impl IntoView {
    let state = use_app_state();
    let form = FieldForm::new(stored);
    let (save, error, busy) =
        form.on_submit_checked(workspace.clone(), id.clone(), "Action saved.");
    let title_from = workspace.clone();
    let served = LocalResource::new(move || {
        let serves = stored.with(|a| a.as_ref().and_then(|a| a.serves.clone()));
        let workspace = title_from.clone();
        async move {
            let serves = serves?;
            let title = actions::served_title(state, &workspace, &serves).await;
            Some((serves, title))
        }
    });
    let serves = move || {
        let Some((serves, title)) = served.get().flatten() else {
            return "Nothing: an action on its own.".into_any();
        };
        let noun = kind_noun(serves.kind.as_str()).to_owned();
        match (super::record_path(serves.kind.as_str(), &serves.id), title) {
            (Some(path), Some(title)) => {
                view! { {format!("{noun}: ")}<A href=path>{title}</A> }.into_any()
            }
            _ => format!("{noun} {} (no longer there)", serves.id).into_any(),
        }
    };
    let summary = move || {
        let a = stored.get()?;
        let today = browser::today_date();
        let due = a.due.map_or_else(
            || "No due date".to_owned(),
            |d| {
                format!(
                    "{d}{}",
                    if a.is_overdue(today) {
                        " (overdue)"
                    } else {
                        ""
                    }
                )
            },
        );
        Some(view! {
            <dl class="facts">
                <dt>"Status"</dt><dd data-testid="action-status">{a.status.label()}</dd>
                <dt>"Due"</dt><dd>{due}</dd>
                <dt>"Owner"</dt><dd>{if a.owner.is_empty() { "—".to_owned() } else { a.owner.clone() }}</dd>
                <dt>"Serves"</dt><dd data-testid="action-serves">{serves}</dd>
                <dt>"Made"</dt><dd>{browser::short_time(a.logged_at)}</dd>
            </dl>
        })
    };
    let key = Action::key(&workspace, &id);
    let long_key = key.clone();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card">{summary}</section>
        <DetailsCard prefix="action" button="Save action" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="action" rows=fields() texts=form.all_texts() />
            <LongTexts key=long_key kind=Action::KIND prefix="action" fields=&TEXTS texts=form.texts(Action::LONG)
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| Action::LONG.to_vec()) />
        </DetailsCard>
        <DeleteButton label="Delete action" done="Action deleted." back="/actions" delete=delete
            question=Signal::derive(move || stored.get().map(|a| format!("Delete the action “{}”?", a.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Action::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Action::KIND noun="this action" />
    }
}
