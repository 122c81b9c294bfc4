//! One nonconformity: where it stands and what it was found in, the steps it can take next (a
//! corrective action counts as implemented only once its tasks are done; closure only after the
//! effectiveness is verified), the clauses it is against, its details, its corrective actions,
//! and its history.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::date::Date;
use praxis_core::framework::{ItemKind, builtin_frameworks};
use praxis_core::isms::action::Serves;
use praxis_core::isms::nonconformity::{
    Grade, LONG_TEXTS, NcState, Nonconformity, Source, TEXT_MAX_CHARS, TITLE_MAX_CHARS,
};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::actions::use_actions;
use super::changes::read_or_empty;
use super::nonconformities::use_nonconformities;
use crate::actions::nonconformities as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input, save_edit,
};
use crate::components::item_links::{ItemLinks, item_groups};
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::next_steps::{next_steps_with, step_taker};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::components::served_actions::ServedActions;
use crate::state::use_app_state;

#[component]
pub fn NonconformityPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_nonconformities() id_of=|n: &Nonconformity| &n.id title_of=|n| n.title.clone()
            fallback="Nonconformity" missing="This nonconformity does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/nonconformities", "Nonconformities")]
            body=|workspace, id, stored| view! { <NcView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 5] = [
    LongText {
        field: "description",
        label: "Description",
        hint: "What was found, where, and the evidence for it.",
    },
    LongText {
        field: "correction",
        label: "Correction",
        hint: "What was done at once to contain it. Needed before it is corrected.",
    },
    LongText {
        field: "root_cause",
        label: "Root cause",
        hint: "Why it happened (five whys, a cause-and-effect diagram). Needed once the cause is analysed.",
    },
    LongText {
        field: "corrective_action",
        label: "Corrective action",
        hint: "What removes the cause so it does not happen again; its tasks are listed below. Needed once it is implemented.",
    },
    LongText {
        field: "effectiveness",
        label: "Effectiveness review",
        hint: "How the action was checked to have worked. Needed before it can close.",
    },
];

impl FormFields for Nonconformity {
    const SHORT: &'static [&'static str] = &[
        "title",
        "owner",
        "grade",
        "source",
        "raised_on",
        "verified_on",
    ];
    const LONG: &'static [&'static str] = &LONG_TEXTS;

    fn short_text(&self, field: &str) -> String {
        match field {
            "title" => self.title.clone(),
            "owner" => self.owner.clone(),
            "grade" => self.grade.as_str().to_owned(),
            "source" => self.source.as_str().to_owned(),
            "raised_on" => self.raised_on.to_string(),
            _ => self.verified_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        match field {
            "title" => self.title = text.to_owned(),
            "owner" => self.owner = text.to_owned(),
            "grade" => self.grade = Grade::parse(text).unwrap_or(self.grade),
            "source" => self.source = Source::parse(text).unwrap_or(self.source),
            "raised_on" => self.raised_on = Date::parse(text).unwrap_or(self.raised_on),
            _ => self.verified_on = Date::parse(text).ok(),
        }
    }

    fn long_text(&self, field: &str) -> &str {
        Nonconformity::long_text(self, field)
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        Nonconformity::set_long_text(self, field, text);
    }
}

fn fields() -> Vec<Vec<FieldSpec>> {
    let choice = |options| Input::Choice {
        options,
        blank: None,
    };
    vec![
        vec![
            FieldSpec::text("title", "What does not conform", TITLE_MAX_CHARS),
            FieldSpec::text("owner", "Owner", TITLE_MAX_CHARS),
        ],
        vec![
            FieldSpec::with("grade", "Grade", choice(Grade::OPTIONS)),
            FieldSpec::with("source", "Found in", choice(Source::OPTIONS)),
        ],
        vec![
            FieldSpec::with("raised_on", "Raised on", Input::Date),
            FieldSpec::with("verified_on", "Effectiveness verified on", Input::Date),
        ],
    ]
}

#[component]
fn NcView(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<Nonconformity>>,
) -> impl IntoView {
    let state = use_app_state();
    let form = FieldForm::new(stored);
    let typed = form.typed;
    let (save, error, busy) =
        form.on_submit_checked(workspace.clone(), id.clone(), "Nonconformity saved.");
    let serves = Serves {
        kind: Nonconformity::kind(),
        id: id.clone(),
    };
    let all_actions = read_or_empty(use_actions());
    let own = serves.clone();
    let open_tasks = Memo::new(move |_| {
        all_actions.with(|all| {
            all.iter()
                .filter(|a| a.serves.as_ref() == Some(&own) && a.status.is_open())
                .count()
        })
    });
    let take = step_taker(workspace.clone(), id.clone(), stored, typed, busy, error);
    let steps = move || match typed.get() {
        Some(record) => {
            let open = open_tasks.get();
            next_steps_with(
                &record,
                &[NcState::Closed],
                NcState::Reopened,
                busy,
                take.clone(),
                move |to| {
                    (to == NcState::ActionImplemented && open > 0).then(|| match open {
                        1 => "1 corrective action is still open.".to_owned(),
                        n => format!("{n} corrective actions are still open."),
                    })
                },
            )
        }
        None => ().into_any(),
    };
    let summary = move || {
        let n = stored.get()?;
        let found = n.found_in.as_ref().map(|f| {
            let noun = praxis_core::typed::kind_noun(f.kind.as_str()).to_owned();
            match super::record_path(f.kind.as_str(), &f.id) {
                Some(path) => view! { <A href=path>{noun}</A> }.into_any(),
                None => noun.into_any(),
            }
        });
        Some(view! {
            <dl class="facts">
                <dt>"State"</dt><dd data-testid="nc-state">{n.state.label()}</dd>
                <dt>"Grade"</dt><dd>{n.grade.label()}</dd>
                <dt>"Found in"</dt><dd data-testid="nc-found-in">{n.source.label()}{found.map(|f| view! { " · "{f} })}</dd>
                <dt>"Raised"</dt><dd>{n.raised_on.to_string()}</dd>
                <dt>"Owner"</dt><dd>{if n.owner.is_empty() { "—".to_owned() } else { n.owner.clone() }}</dd>
            </dl>
            {(!n.steps.is_empty()).then(|| view! {
                <ol class="timeline">
                    {n.steps.ordered().into_iter().map(|s| view! { <li>{format!("{} — {}", browser::short_time(s.at), s.to.label())}</li> }).collect_view()}
                </ol>
            })}
        })
    };
    let key = Nonconformity::key(&workspace, &id);
    let long_key = key.clone();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card" aria-labelledby="nc-summary-title">
            <h2 id="nc-summary-title" class="visually-hidden">"Summary"</h2>
            {summary}
            <h3>"Next steps"</h3>
            <ul class="steps">{steps}</ul>
        </section>
        <NcClauses workspace=workspace.clone() stored=stored />
        <DetailsCard prefix="nonconformity" button="Save nonconformity" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="nonconformity" rows=fields() texts=form.all_texts() />
            <LongTexts key=long_key kind=Nonconformity::KIND prefix="nonconformity" fields=&TEXTS texts=form.texts(Nonconformity::LONG)
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| Nonconformity::LONG.to_vec()) />
        </DetailsCard>
        <ServedActions workspace=workspace.clone() serves=serves heading="Corrective actions"
            lead="The tasks that carry out the corrective action; it counts as implemented once they are all done." />
        <DeleteButton label="Delete nonconformity" done="Nonconformity deleted." back="/nonconformities" delete=delete
            question=Signal::derive(move || stored.get().map(|n| format!("Delete the nonconformity “{}”? Its corrective actions stay.", n.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=Serves { kind: Nonconformity::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Nonconformity::KIND noun="this nonconformity" />
    }
}

/// The clauses and controls of either standard a nonconformity is against.
#[component]
fn NcClauses(workspace: WorkspaceId, stored: Signal<Option<Nonconformity>>) -> impl IntoView {
    let state = use_app_state();
    let groups = Signal::stored(item_groups(
        builtin_frameworks(),
        &[ItemKind::Clause, ItemKind::Control],
    ));
    let linked = Signal::derive(move || {
        stored.with(|n| {
            n.as_ref()
                .map(|n| n.clauses.iter().cloned().collect())
                .unwrap_or_default()
        })
    });
    let error = RwSignal::new(None::<String>);
    let toggle = Callback::new(move |(key, on): (String, bool)| {
        save_edit(
            state,
            workspace.clone(),
            stored,
            |n: &Nonconformity| &n.id,
            move |n: &mut Nonconformity| {
                if on {
                    n.clauses.insert(key);
                } else {
                    n.clauses.remove(&key);
                }
            },
            None,
            Some(error),
        );
    });
    view! {
        <ItemLinks prefix="nc-clauses" heading="Clauses it is against" label="Clause"
            groups=groups linked=linked toggle=toggle error=error />
    }
}
