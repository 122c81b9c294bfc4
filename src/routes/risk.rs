//! One risk: where it stands (scores before and after treatment against the threshold, its
//! acceptance), the steps it can take next, its acceptance by an approver, its details, the
//! controls that treat it, the changes that affect it, and its history.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::isms::action::Serves;
use praxis_core::isms::risk::{NAME_MAX_CHARS, Risk, RiskState, TEXT_MAX_CHARS, Treatment};
use praxis_core::isms::risk_method::{RiskMethod, Scale};
use praxis_core::itsm::service::Service;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::{read_or_empty, use_changes};
use super::items::use_items;
use super::risks::{band_word, use_risk_method, use_risks};
use super::services::use_service_catalogue;
use crate::actions::risks as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input,
};
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::new_record::record_choices;
use crate::components::next_steps::{next_steps_with, step_taker};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::components::risk_acceptance::RiskAcceptance;
use crate::components::risk_controls::RiskControls;
use crate::components::risk_review::RiskReview;
use crate::components::served_actions::ServedActions;
use crate::state::use_app_state;

#[component]
pub fn RiskPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_risks() id_of=|r: &Risk| &r.id title_of=|r| r.title.clone()
            fallback="Risk" missing="This risk does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/risks", "Risks")]
            body=|workspace, id, stored| view! { <RiskView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 2] = [
    LongText {
        field: "description",
        label: "Description",
        hint: "The scenario in full: what could happen, how, and what it would do to the organisation and its customers.",
    },
    LongText {
        field: "treatment_plan",
        label: "Treatment plan",
        hint: "What will be done about it, by whom and by when (or the controls below). Needed while treatment is planned or under way.",
    },
];

impl FormFields for Risk {
    const SHORT: &'static [&'static str] = &[
        "title",
        "owner",
        "service",
        "item",
        "process",
        "threat",
        "vulnerability",
        "likelihood",
        "impact_c",
        "impact_i",
        "impact_a",
        "treatment",
        "residual_likelihood",
        "residual_impact",
        "review_due",
        "review_months",
    ];
    const LONG: &'static [&'static str] = &["description", "treatment_plan"];

    fn short_text(&self, field: &str) -> String {
        let id = |id: &Option<RecordId>| id.as_ref().map(|i| i.to_string()).unwrap_or_default();
        match field {
            "title" => self.title.clone(),
            "owner" => self.owner.clone(),
            "service" => id(&self.service),
            "item" => id(&self.item),
            "process" => self.process.clone(),
            "threat" => self.threat.clone(),
            "vulnerability" => self.vulnerability.clone(),
            "treatment" => self.treatment.map_or("", Treatment::as_str).to_owned(),
            "review_due" => self.review_due.map(|d| d.to_string()).unwrap_or_default(),
            "review_months" => self.review_months.to_string(),
            level => self.level(level).map(|l| l.to_string()).unwrap_or_default(),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        let id = RecordId::parse(text).ok();
        match field {
            "title" => self.title = text.to_owned(),
            "owner" => self.owner = text.to_owned(),
            "service" => self.service = id,
            "item" => self.item = id,
            "process" => self.process = text.to_owned(),
            "threat" => self.threat = text.to_owned(),
            "vulnerability" => self.vulnerability = text.to_owned(),
            "treatment" => self.treatment = Treatment::parse(text),
            "review_due" => self.review_due = praxis_core::date::Date::parse(text).ok(),
            "review_months" => self.review_months = text.parse().unwrap_or(self.review_months),
            level => {
                if let Some(slot) = self.level_mut(level) {
                    *slot = text.parse().ok();
                }
            }
        }
    }

    fn long_text(&self, field: &str) -> &str {
        match field {
            "description" => &self.description,
            _ => &self.treatment_plan,
        }
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        match field {
            "description" => self.description = text,
            _ => self.treatment_plan = text,
        }
    }
}

/// A scale's levels as a choice: ("3", "3 — Possible").
fn level_choices(method: Signal<RiskMethod>, impact: bool) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        method.with(|m| {
            let scale: &Scale = if impact { &m.impact } else { &m.likelihood };
            scale
                .names()
                .iter()
                .enumerate()
                .map(|(i, name)| ((i + 1).to_string(), format!("{} — {name}", i + 1)))
                .collect()
        })
    })
}

fn fields(
    method: Signal<RiskMethod>,
    services: Signal<Vec<(String, String)>>,
    items: Signal<Vec<(String, String)>>,
) -> Vec<Vec<FieldSpec>> {
    let (likelihoods, impacts) = (level_choices(method, false), level_choices(method, true));
    let likelihood = || Input::Record(likelihoods, Some("Not assessed"));
    let impact = || Input::Record(impacts, Some("Not assessed"));
    vec![
        vec![
            FieldSpec::text("title", "Scenario", NAME_MAX_CHARS),
            FieldSpec::text("owner", "Risk owner", NAME_MAX_CHARS),
        ],
        vec![
            FieldSpec::with(
                "service",
                "Service",
                Input::Record(services, Some("No service")),
            ),
            FieldSpec::with(
                "item",
                "Asset or configuration item",
                Input::Record(items, Some("No item")),
            ),
            FieldSpec::text("process", "Process", NAME_MAX_CHARS),
        ],
        vec![
            FieldSpec::text("threat", "Threat", NAME_MAX_CHARS),
            FieldSpec::text("vulnerability", "Vulnerability", NAME_MAX_CHARS),
        ],
        vec![
            FieldSpec::with("likelihood", "Likelihood", likelihood()),
            FieldSpec::with("review_due", "Next review", Input::Date),
            FieldSpec::with(
                "review_months",
                "Review every (months)",
                Input::Number {
                    max: u32::from(praxis_core::isms::risk::MAX_REVIEW_MONTHS),
                },
            ),
        ],
        vec![
            FieldSpec::with("impact_c", "Impact on confidentiality", impact()),
            FieldSpec::with("impact_i", "Impact on integrity", impact()),
            FieldSpec::with("impact_a", "Impact on availability", impact()),
        ],
        vec![FieldSpec::with(
            "treatment",
            "Treatment",
            Input::Choice {
                options: Treatment::OPTIONS,
                blank: Some("Not chosen"),
            },
        )],
        vec![
            FieldSpec::with("residual_likelihood", "Residual likelihood", likelihood()),
            FieldSpec::with("residual_impact", "Residual impact", impact()),
        ],
    ]
}

/// A score in words: "12 (likelihood 3 Possible × impact 4 Major), above threshold".
fn score_text(method: &RiskMethod, cell: Option<(u8, u8)>) -> String {
    let Some((likelihood, impact)) = cell else {
        return "Not assessed".to_owned();
    };
    let score = likelihood * impact;
    let name = |scale: &Scale, level: u8| {
        scale.name(level).map_or_else(
            || format!("{level} (not on the scale)"),
            |n| format!("{level} {n}"),
        )
    };
    format!(
        "{score} (likelihood {} × impact {}), {}",
        name(&method.likelihood, likelihood),
        name(&method.impact, impact),
        band_word(method.band(score))
    )
}

#[component]
fn RiskView(workspace: WorkspaceId, id: RecordId, stored: Signal<Option<Risk>>) -> impl IntoView {
    let state = use_app_state();
    let method = use_risk_method();
    let services = read_or_empty(use_service_catalogue());
    let items = read_or_empty(use_items());
    let changes = read_or_empty(use_changes());
    let form = FieldForm::new(stored);
    let typed = form.typed;
    let (save, error, busy) = form.on_submit_checked(workspace.clone(), id.clone(), "Risk saved.");
    let take = step_taker(workspace.clone(), id.clone(), stored, typed, busy, error);
    let steps = move || match typed.get() {
        Some(record) => next_steps_with(
            &record,
            &[RiskState::Accepted, RiskState::Closed],
            RiskState::Analysed,
            busy,
            take.clone(),
            |to| {
                (to == RiskState::Accepted).then(|| {
                    "Accepted under “Acceptance” below, by an approver or owner.".to_owned()
                })
            },
        ),
        None => ().into_any(),
    };
    let own = id.clone();
    let affecting = move || {
        let found: Vec<_> = changes.with(|all| {
            all.iter()
                .filter(|c| c.risks.contains(&own))
                .map(|c| (c.id.clone(), c.title.clone(), c.state.label()))
                .collect()
        });
        if found.is_empty() {
            return view! { <span class="muted">"None: a change names the risks it affects on its page."</span> }.into_any();
        }
        view! {
            <ul class="plain-list">{found.into_iter().map(|(id, title, state)| view! {
                <li><A href=format!("/changes/{id}")>{title}</A><span class="hint">{format!(" · {state}")}</span></li>
            }).collect_view()}</ul>
        }
        .into_any()
    };
    let summary = move || {
        let r = stored.get()?;
        let m = method.get();
        let linked = |id: &Option<RecordId>, path: &'static str, name: Option<String>| {
            id.as_ref().map_or_else(
                || "—".into_any(),
                |id| {
                    let name = name.unwrap_or_else(|| "a record no longer there".to_owned());
                    view! { <A href=format!("/{path}/{id}")>{name}</A> }.into_any()
                },
            )
        };
        let service_name = r.service.as_ref().and_then(|id| {
            services.with(|all| all.iter().find(|s| &s.id == id).map(|s| s.name.clone()))
        });
        let item_name = r.item.as_ref().and_then(|id| {
            items.with(|all| all.iter().find(|i| &i.id == id).map(|i| i.name.clone()))
        });
        Some(view! {
            <dl class="facts">
                <dt>"State"</dt><dd data-testid="risk-state">{r.state.label()}</dd>
                <dt>"Before treatment"</dt><dd data-testid="risk-inherent">{score_text(&m, r.inherent_cell())}</dd>
                <dt>"Residual"</dt><dd data-testid="risk-residual">{score_text(&m, r.residual_cell())}</dd>
                <dt>"Owner"</dt><dd>{if r.owner.is_empty() { "—".to_owned() } else { r.owner.clone() }}</dd>
                <dt>"Service"</dt><dd>{linked(&r.service, "services", service_name)}</dd>
                <dt>"Asset or item"</dt><dd>{linked(&r.item, "items", item_name)}</dd>
                <dt>"Changes"</dt><dd data-testid="risk-changes">{affecting.clone()}</dd>
            </dl>
            {(!r.steps.is_empty()).then(|| view! {
                <ol class="timeline">
                    {r.steps.ordered().into_iter().map(|s| view! { <li>{format!("{} — {}", browser::short_time(s.at), s.to.label())}</li> }).collect_view()}
                </ol>
            })}
        })
    };
    let key = Risk::key(&workspace, &id);
    let long_key = key.clone();
    let service_choices = record_choices(services, |s: &Service| (&s.id, &s.name));
    let item_choices = record_choices(items, |i| (&i.id, &i.name));
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    let accept_to = workspace.clone();
    view! {
        <section class="card" aria-labelledby="risk-summary-title">
            <h2 id="risk-summary-title" class="visually-hidden">"Summary"</h2>
            {summary}
            <h3>"Next steps"</h3>
            <ul class="steps">{steps}</ul>
        </section>
        <RiskAcceptance workspace=accept_to stored=stored typed=typed method=method />
        <RiskReview workspace=workspace.clone() stored=stored />
        <DetailsCard prefix="risk" button="Save risk" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="risk" rows=fields(method, service_choices, item_choices) texts=form.all_texts() />
            <LongTexts key=long_key kind=Risk::KIND prefix="risk" fields=&TEXTS texts=form.texts(Risk::LONG)
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| Risk::LONG.to_vec()) />
        </DetailsCard>
        <RiskControls workspace=workspace.clone() stored=stored />
        <ServedActions workspace=workspace.clone() serves=Serves { kind: Risk::kind(), id: id.clone() }
            heading="Treatment tasks" lead="The tasks that carry out the treatment plan, each with its owner and due date; overdue ones show on the dashboard." />
        <DeleteButton label="Delete risk" done="Risk deleted." back="/risks" delete=delete
            question=Signal::derive(move || stored.get().map(|r| format!("Delete the risk “{}”? Changes that name it lose that link.", r.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Risk::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Risk::KIND noun="this risk" />
    }
}
