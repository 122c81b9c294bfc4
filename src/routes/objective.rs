//! One objective: where it stands (target, latest measurement and whether it meets it, owner,
//! due date, next review), its measurements on a chart with a form to record one, its details
//! and plan, a review recorded at once, delete and history.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::decimal::parse_decimal;
use praxis_core::isms::objective::{
    Direction, MAX_REVIEW_MONTHS, Objective, ObjectiveStatus, System, TEXT_MAX_CHARS,
    TITLE_MAX_CHARS, UNIT_MAX_CHARS,
};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::objectives::{target_text, use_objectives, with_unit};
use crate::actions::objectives as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::due_list::dated;
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input, review_today,
};
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::objective_chart::ObjectiveMeasurements;
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::state::use_app_state;

#[component]
pub fn ObjectivePage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_objectives() id_of=|o: &Objective| &o.id title_of=|o| o.title.clone()
            fallback="Objective" missing="This objective does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/objectives", "Objectives")]
            body=|workspace, id, stored| view! { <ObjectiveView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 1] = [LongText {
    field: "plan",
    label: "Plan",
    hint: "What will be done, with what resources, who is responsible, by when, and how the results will be judged.",
}];

impl FormFields for Objective {
    const SHORT: &'static [&'static str] = &[
        "title",
        "system",
        "owner",
        "measure",
        "unit",
        "target",
        "direction",
        "due",
        "status",
        "review_months",
        "next_review",
    ];
    const LONG: &'static [&'static str] = &["plan"];

    fn short_text(&self, field: &str) -> String {
        let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        match field {
            "title" => self.title.clone(),
            "system" => self.system.as_str().to_owned(),
            "owner" => self.owner.clone(),
            "measure" => self.measure.clone(),
            "unit" => self.unit.clone(),
            "target" => self.target.map(|t| t.to_string()).unwrap_or_default(),
            "direction" => self.direction.as_str().to_owned(),
            "due" => day(self.due),
            "status" => self.status.as_str().to_owned(),
            "review_months" => self.review_months.to_string(),
            _ => day(self.next_review),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        match field {
            "title" => self.title = text.to_owned(),
            "system" => self.system = System::parse(text).unwrap_or(self.system),
            "owner" => self.owner = text.to_owned(),
            "measure" => self.measure = text.to_owned(),
            "unit" => self.unit = text.to_owned(),
            "target" => self.target = parse_decimal(text),
            "direction" => self.direction = Direction::parse(text).unwrap_or(self.direction),
            "due" => self.due = Date::parse(text).ok(),
            "status" => self.status = ObjectiveStatus::parse(text).unwrap_or(self.status),
            "review_months" => self.review_months = text.parse().unwrap_or(self.review_months),
            _ => self.next_review = Date::parse(text).ok(),
        }
    }

    fn long_text(&self, _: &str) -> &str {
        &self.plan
    }

    fn set_long_text(&mut self, _: &str, text: String) {
        self.plan = text;
    }
}

fn fields() -> Vec<Vec<FieldSpec>> {
    let choice = |options| Input::Choice {
        options,
        blank: None,
    };
    vec![
        vec![
            FieldSpec::text("title", "What you mean to achieve", TITLE_MAX_CHARS),
            FieldSpec::with("system", "Management system", choice(System::OPTIONS)),
            FieldSpec::text("owner", "Owner", TITLE_MAX_CHARS),
        ],
        vec![
            FieldSpec::text("measure", "Measure", TITLE_MAX_CHARS),
            FieldSpec::text("unit", "Unit", UNIT_MAX_CHARS),
            FieldSpec::with(
                "target",
                "Target",
                Input::Text {
                    max: 20,
                    placeholder: "99.5",
                },
            ),
        ],
        vec![
            FieldSpec::with("direction", "Met when", choice(Direction::OPTIONS)),
            FieldSpec::with("due", "Due", Input::Date),
            FieldSpec::with("status", "Status", choice(ObjectiveStatus::OPTIONS)),
        ],
        vec![
            FieldSpec::with(
                "review_months",
                "Review every (months)",
                Input::Number {
                    max: u32::from(MAX_REVIEW_MONTHS),
                },
            ),
            FieldSpec::with("next_review", "Next review", Input::Date),
        ],
    ]
}

#[component]
fn ObjectiveView(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<Objective>>,
) -> impl IntoView {
    let state = use_app_state();
    let form = FieldForm::new(stored);
    let (save, error, busy) =
        form.on_submit_checked(workspace.clone(), id.clone(), "Objective saved.");
    let summary = move || {
        let o = stored.get()?;
        let today = browser::today_date();
        let latest = o.latest().map_or_else(
            || "Not measured yet".to_owned(),
            |m| {
                let verdict = match o.meets(m.value) {
                    Some(true) => ": meets the target",
                    Some(false) => ": does not meet the target",
                    None => "",
                };
                format!("{} on {}{verdict}", with_unit(m.value, &o.unit), m.on)
            },
        );
        let on_date = |d: Option<Date>, none: &str| match d {
            Some(d) if !o.status.is_open() => d.to_string(),
            d => dated(d, today, none),
        };
        let target = target_text(&o);
        Some(view! {
            <dl class="facts">
                <dt>"Status"</dt><dd data-testid="objective-status">{o.status.label()}</dd>
                <dt>"Management system"</dt><dd>{o.system.label()}</dd>
                <dt>"Measure"</dt><dd>{if o.measure.is_empty() { "Not said yet".to_owned() } else { o.measure.clone() }}</dd>
                <dt>"Target"</dt><dd data-testid="objective-target">{if target.is_empty() { "Not set yet".to_owned() } else { target }}</dd>
                <dt>"Latest"</dt><dd data-testid="objective-latest">{latest}</dd>
                <dt>"Owner"</dt><dd>{if o.owner.is_empty() { "—".to_owned() } else { o.owner.clone() }}</dd>
                <dt>"Due"</dt><dd>{on_date(o.due, "No due date")}</dd>
                <dt>"Next review"</dt><dd data-testid="objective-next-review">{on_date(o.next_review, "None set")}</dd>
            </dl>
        })
    };
    let review_in = workspace.clone();
    let review = move |_| {
        review_today(
            state,
            review_in.clone(),
            stored,
            |r| &r.id,
            Objective::reviewed,
            error,
        );
    };
    let key = Objective::key(&workspace, &id);
    let long_key = key.clone();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card">
            {summary}
            <p>
                <button type="button" data-testid="objective-reviewed" disabled=move || state.read_only.get()
                    on:click=review>"Reviewed today"</button>
                <span class="hint">" Records today's review; the next falls one interval later."</span>
            </p>
        </section>
        <ObjectiveMeasurements workspace=workspace.clone() stored=stored />
        <DetailsCard prefix="objective" button="Save objective" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="objective" rows=fields() texts=form.all_texts() />
            <LongTexts key=long_key kind=Objective::KIND prefix="objective" fields=&TEXTS texts=form.texts(Objective::LONG)
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| Objective::LONG.to_vec()) />
        </DetailsCard>
        <DeleteButton label="Delete objective" done="Objective deleted." back="/objectives" delete=delete
            question=Signal::derive(move || stored.get().map(|o| format!("Delete the objective “{}” and its measurements?", o.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Objective::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Objective::KIND noun="this objective" />
    }
}
