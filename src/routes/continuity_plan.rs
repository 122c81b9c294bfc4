//! One continuity plan: the service it keeps going, its objectives beside the availability
//! measured under the service's agreements, its details (scenarios, recovery steps, security
//! while disrupted), its tests, its history.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::date::Date;
use praxis_core::decimal::parse_decimal;
use praxis_core::itsm::continuity::{ContinuityPlan, NAME_MAX_CHARS, PlanStatus, TEXT_MAX_CHARS};
use praxis_core::itsm::duration::{format_minutes, parse_minutes};
use praxis_core::itsm::service::Service;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::agreements::use_agreements;
use super::changes::read_or_empty;
use super::continuity::use_plans;
use super::services::use_service_catalogue;
use crate::actions::continuity as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::due_list::dated;
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input,
};
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::new_record::record_choices;
use crate::components::plan_tests::PlanTests;
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::state::use_app_state;

#[component]
pub fn PlanPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_plans() id_of=|p: &ContinuityPlan| &p.id title_of=|p| p.title.clone()
            fallback="Continuity plan" missing="This plan does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/continuity", "Service continuity and availability")]
            body=|workspace, id, stored| view! { <PlanView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 3] = [
    LongText {
        field: "scenarios",
        label: "Disruptions it covers",
        hint: "What could take the service down: loss of a site, a supplier, a key system, staff, or a cyber attack.",
    },
    LongText {
        field: "plan",
        label: "Recovery steps",
        hint: "Who decides to invoke it and how, the steps that bring the service back, who does each, and how to reach them. A plan in force needs it.",
    },
    LongText {
        field: "security",
        label: "Information security during a disruption",
        hint: "How access control, logging, backups and confidentiality are kept while working around the disruption.",
    },
];

const SHORT: [&str; 9] = [
    "title",
    "service",
    "owner",
    "status",
    "rto_minutes",
    "rpo_minutes",
    "availability",
    "review_due",
    "next_test_due",
];

/// An objective typed as a time; a text that is not one leaves it as stored (the save says
/// why first).
fn objective(text: &str, stored: Option<u32>) -> Option<u32> {
    parse_minutes(text).unwrap_or(stored)
}

impl FormFields for ContinuityPlan {
    const SHORT: &'static [&'static str] = &SHORT;
    const LONG: &'static [&'static str] = &["scenarios", "plan", "security"];

    fn short_text(&self, field: &str) -> String {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let time = |m: Option<u32>| m.map(format_minutes).unwrap_or_default();
        match field {
            "title" => self.title.clone(),
            "service" => self.service.to_string(),
            "owner" => self.owner.clone(),
            "status" => self.status.as_str().to_owned(),
            "rto_minutes" => time(self.rto_minutes),
            "rpo_minutes" => time(self.rpo_minutes),
            "availability" => self.availability.map(|a| a.to_string()).unwrap_or_default(),
            "review_due" => date(self.review_due),
            _ => date(self.next_test_due),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        match field {
            "title" => self.title = text.to_owned(),
            "service" => self.service = RecordId::parse(text).unwrap_or(self.service.clone()),
            "owner" => self.owner = text.to_owned(),
            "status" => self.status = PlanStatus::parse(text).unwrap_or(self.status),
            "rto_minutes" => self.rto_minutes = objective(text, self.rto_minutes),
            "rpo_minutes" => self.rpo_minutes = objective(text, self.rpo_minutes),
            "availability" if text.is_empty() => self.availability = None,
            "availability" => self.availability = parse_decimal(text).or(self.availability),
            "review_due" => self.review_due = Date::parse(text).ok(),
            _ => self.next_test_due = Date::parse(text).ok(),
        }
    }

    fn long_text(&self, field: &str) -> &str {
        match field {
            "scenarios" => &self.scenarios,
            "plan" => &self.plan,
            _ => &self.security,
        }
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        match field {
            "scenarios" => self.scenarios = text,
            "plan" => self.plan = text,
            _ => self.security = text,
        }
    }
}

/// Why the typed objectives cannot be saved, if they cannot.
fn typed_problem(rto: &str, rpo: &str, availability: &str) -> Option<String> {
    if let Err(e) = parse_minutes(rto) {
        return Some(format!(
            "Nothing was saved: the recovery time objective {e}"
        ));
    }
    if let Err(e) = parse_minutes(rpo) {
        return Some(format!(
            "Nothing was saved: the recovery point objective {e}"
        ));
    }
    let availability = availability.trim();
    (!availability.is_empty() && parse_decimal(availability).is_none()).then(|| {
        "Nothing was saved: the availability target is a percentage such as 99.9.".to_owned()
    })
}

/// The details form's short fields, row by row.
fn fields(services: Signal<Vec<(String, String)>>) -> Vec<Vec<FieldSpec>> {
    let time = |placeholder| Input::Text {
        max: 40,
        placeholder,
    };
    vec![
        vec![
            FieldSpec::text("title", "Title", NAME_MAX_CHARS),
            FieldSpec::with("service", "Service", Input::Record(services, None)),
        ],
        vec![
            FieldSpec::text("owner", "Owner", NAME_MAX_CHARS),
            FieldSpec::with(
                "status",
                "Status",
                Input::Choice {
                    options: PlanStatus::OPTIONS,
                    blank: None,
                },
            ),
        ],
        vec![
            FieldSpec::with("rto_minutes", "Recovery time objective", time("e.g. 4 h")),
            FieldSpec::with("rpo_minutes", "Recovery point objective", time("e.g. 1 h")),
            FieldSpec::with("availability", "Availability needed (%)", time("e.g. 99.9")),
        ],
        vec![
            FieldSpec::with("next_test_due", "Next test due", Input::Date),
            FieldSpec::with("review_due", "Next review due", Input::Date),
        ],
    ]
}

#[component]
fn PlanView(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<ContinuityPlan>>,
) -> impl IntoView {
    let state = use_app_state();
    let services = read_or_empty(use_service_catalogue());
    let agreements = read_or_empty(use_agreements());
    let form = FieldForm::new(stored);
    let service_choices = record_choices(services, |s: &Service| (&s.id, &s.name));
    let [rto, rpo, availability] =
        ["rto_minutes", "rpo_minutes", "availability"].map(|field| form.text(field));
    let save_to = workspace.clone();
    let (save, error, busy) = form.on_submit("Plan saved.", move |before, after, started| {
        let workspace = save_to.clone();
        let refused = typed_problem(&rto.typed(), &rpo.typed(), &availability.typed());
        async move {
            match refused {
                Some(problem) => Err(problem),
                None => actions::save(state, &workspace, &before, &after, &started).await,
            }
        }
    });
    let summary = move || {
        let p = stored.get()?;
        let service_name = services.with(|all| {
            all.iter()
                .find(|s| s.id == p.service)
                .map(|s| s.name.clone())
        });
        let measured = agreements.with(|all| {
            all.iter()
                .filter(|a| a.service == p.service)
                .filter_map(|a| {
                    let (month, value) = a.measured.last_key_value()?;
                    Some((*month, *value, a.title.clone()))
                })
                .max_by_key(|(month, _, _)| *month)
        });
        let measured = measured.map_or_else(
            || "Nothing measured under the service's agreements yet".to_owned(),
            |(month, value, title)| format!("{value}% in {month} ({title})"),
        );
        let objectives = format!(
            "RTO {} · RPO {} · availability {}",
            p.rto_minutes.map_or("not set".to_owned(), format_minutes),
            p.rpo_minutes.map_or("not set".to_owned(), format_minutes),
            p.availability
                .map_or("not set".to_owned(), |a| format!("{a}%")),
        );
        let last = p.last_test().map_or_else(
            || "Never tested".to_owned(),
            |t| {
                let met = if p.met_objectives(t) {
                    "objectives met"
                } else {
                    "objectives missed"
                };
                format!(
                    "{} on {}: {} ({met})",
                    t.method.label(),
                    t.on,
                    t.result.label()
                )
            },
        );
        let today = browser::today_date();
        Some(view! {
            <dl class="facts">
                <dt>"Service"</dt>
                <dd data-testid="plan-service">{match service_name {
                    Some(name) => view! { <A href=format!("/services/{}", p.service)>{name}</A> }.into_any(),
                    None => view! { <span>"A service no longer recorded"</span> }.into_any(),
                }}</dd>
                <dt>"Status"</dt><dd>{p.status.label()}</dd>
                <dt>"Objectives"</dt><dd data-testid="plan-objectives">{objectives}</dd>
                <dt>"Availability measured"</dt><dd>{measured}</dd>
                <dt>"Last test"</dt><dd data-testid="plan-last-test">{last}</dd>
                <dt>"Open actions"</dt><dd>{p.open_actions()}</dd>
                <dt>"Next test"</dt><dd>{dated(p.next_test_due, today, "Not planned")}</dd>
                <dt>"Review due"</dt><dd>{dated(p.review_due, today, "Not planned")}</dd>
            </dl>
        })
    };
    let key = ContinuityPlan::key(&workspace, &id);
    let long_key = key.clone();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card">{summary}</section>
        <DetailsCard prefix="plan" button="Save plan" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="plan" rows=fields(service_choices) texts=form.all_texts() />
            <LongTexts key=long_key kind=ContinuityPlan::KIND prefix="plan" fields=&TEXTS texts=form.texts(ContinuityPlan::LONG)
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| ContinuityPlan::LONG.to_vec()) />
        </DetailsCard>
        <PlanTests workspace=workspace.clone() stored=stored />
        <DeleteButton label="Delete plan" done="Plan deleted." back="/continuity" delete=delete
            question=Signal::derive(move || stored.get().map(|p| format!("Delete “{}” and its tests?", p.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: ContinuityPlan::kind(), id: id.clone() } />
        <RecordHistory key=key kind=ContinuityPlan::KIND noun="this plan" />
    }
}
