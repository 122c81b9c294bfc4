//! One change: where it stands and the steps it can take next (and why not), the approvers'
//! decisions, its details (risk and impact, schedule, plans, review), and its history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::itsm::change_calendar::{clashes, clashes_of};
use praxis_core::itsm::change_request::{
    ChangeRequest, ChangeState, ChangeType, LONG_TEXTS, MAX_APPROVALS, TEXT_MAX_CHARS,
    TITLE_MAX_CHARS,
};
use praxis_core::itsm::priority::Level;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::{read_or_empty, use_changes};
use super::problems::use_problems;
use super::releases::use_releases;
use super::risks::use_risks;
use super::services::use_service_catalogue;
use crate::actions::changes as actions;
use crate::browser;
use crate::components::change_decisions::ChangeDecisions;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::field_form::{FieldForm, FormFields, link_toggle};
use crate::components::link_checks::LinkChecks;
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::next_steps::{next_steps, step_taker};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::components::synced_text::SyncedText;
use crate::state::{Tone, can_approve, use_app_state};

#[derive(Debug, Clone, PartialEq)]
struct Shown {
    workspace: WorkspaceId,
    change: ChangeRequest,
    /// The other changes to its service planned over overlapping times.
    clashing: Vec<(RecordId, String)>,
}

#[component]
pub fn ChangePage() -> impl IntoView {
    let loaded = use_changes();
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        |(all, _): actions::Listed, id, workspace| {
            let change = all.iter().find(|c| c.id.as_str() == id)?.clone();
            let found = clashes(&all);
            let clashing = clashes_of(&found, &change.id)
                .into_iter()
                .filter_map(|other| all.iter().find(|c| &c.id == other))
                .map(|c| (c.id.clone(), c.title.clone()))
                .collect();
            Some(Shown {
                workspace,
                change,
                clashing,
            })
        },
        |s| (s.workspace.clone(), s.change.id.clone()),
        "This change does not exist (it may have been deleted).",
    );
    let title = shown_title(shown, "Change", |s| s.change.title.clone());
    view! {
        <RecordPage crumbs=&[("/workflows", "Workflows"), ("/changes", "Changes")]
            title=title problem=problem which=which
            body=move |workspace, id| view! { <ChangeView workspace=workspace id=id shown=shown /> }.into_any() />
    }
}

/// The long texts of a change, with their labels and hints, in [`LONG_TEXTS`]' order.
const LONG: [LongText; 8] = [
    LongText {
        field: "description",
        label: "Description",
        hint: "What is to change, and why.",
    },
    LongText {
        field: "impact",
        label: "Impact",
        hint: "On services, customers and other changes: needed before it is assessed.",
    },
    LongText {
        field: "security_impact",
        label: "Information security impact",
        hint: "On confidentiality, integrity and availability, and on controls — or that there is none: needed before it is assessed.",
    },
    LongText {
        field: "design",
        label: "Service design and transition",
        hint: "For a change with major impact: how the new or changed service is designed, built and handed over. Needed before approval.",
    },
    LongText {
        field: "backout_plan",
        label: "Back-out plan",
        hint: "How to return to where things were if it fails: needed before it is scheduled.",
    },
    LongText {
        field: "implementation",
        label: "Implementation",
        hint: "What was done, by whom, and anything that differed from the plan.",
    },
    LongText {
        field: "backout_record",
        label: "Back-out record",
        hint: "How a failed change was backed out: needed before it is marked backed out.",
    },
    LongText {
        field: "review",
        label: "Post-implementation review",
        hint: "Did it do what it was for, without side effects? Needed to mark it reviewed, and before an emergency change closes.",
    },
];

/// The short fields the details form edits, in order.
const SHORT: [&str; 10] = [
    "title",
    "type",
    "owner",
    "service",
    "problem",
    "major_impact",
    "risk",
    "approvals_needed",
    "planned_start",
    "planned_end",
];

impl FormFields for ChangeRequest {
    const SHORT: &'static [&'static str] = &SHORT;
    const LONG: &'static [&'static str] = LONG_TEXTS;

    fn short_text(&self, field: &str) -> String {
        short_text(self, field)
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        apply_short(self, field, text);
    }

    fn long_text(&self, field: &str) -> &str {
        ChangeRequest::long_text(self, field)
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        ChangeRequest::set_long_text(self, field, text);
    }
}

fn short_text(c: &ChangeRequest, field: &str) -> String {
    let id = |r: &Option<RecordId>| r.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let time = |t: Option<i64>| t.map(browser::local_input_time).unwrap_or_default();
    match field {
        "title" => c.title.clone(),
        "type" => c.change_type.as_str().to_owned(),
        "owner" => c.owner.clone(),
        "service" => id(&c.service),
        "problem" => id(&c.problem),
        "major_impact" => SyncedText::flag(c.major_impact),
        "risk" => c.risk.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        "approvals_needed" => c.approvals_needed.to_string(),
        "planned_start" => time(c.planned_start),
        _ => time(c.planned_end),
    }
}

/// Whether a long text belongs on the form now: the plans for what is coming, the records of
/// what happened once it has (any text already written always shows).
fn relevant(c: &ChangeRequest, field: &str) -> bool {
    use ChangeState::*;
    let reached = |states: &[ChangeState]| states.contains(&c.state) || c.steps.entered(states);
    !c.long_text(field).is_empty()
        || match field {
            "design" => c.major_impact,
            "implementation" => reached(&[Scheduled, Implemented, Failed]),
            "backout_record" => reached(&[Failed]),
            "review" => reached(&[Implemented, Failed, BackedOut]),
            _ => true,
        }
}

fn apply_short(c: &mut ChangeRequest, field: &str, text: &str) {
    let id = || RecordId::parse(text).ok();
    match field {
        "title" => c.title = text.trim().to_owned(),
        "type" => c.change_type = ChangeType::parse(text).unwrap_or(c.change_type),
        "owner" => c.owner = text.trim().to_owned(),
        "service" => c.service = id(),
        "problem" => c.problem = id(),
        "major_impact" => c.major_impact = text == "1",
        "risk" => c.risk = Level::parse(text),
        "approvals_needed" => c.approvals_needed = text.parse().unwrap_or(c.approvals_needed),
        "planned_start" => c.planned_start = browser::parse_local_input_time(text),
        _ => c.planned_end = browser::parse_local_input_time(text),
    }
}

#[component]
fn ChangeView(
    workspace: WorkspaceId,
    id: RecordId,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let state = use_app_state();
    let stored = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.change.clone())));
    let services = read_or_empty(use_service_catalogue());
    let problems = read_or_empty(use_problems());
    let releases = read_or_empty(use_releases());
    let form = FieldForm::new(stored);
    let typed = form.typed;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save_workspace = workspace.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(before), Some(after)) = (stored.get_untracked(), typed.get_untracked()) else {
            return;
        };
        let started_from = form.started_from();
        let workspace = save_workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &before, &after, &started_from).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Change saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let take = step_taker(workspace.clone(), id.clone(), stored, typed, busy, error);
    let steps = move || match typed.get() {
        Some(record) => next_steps(
            &record,
            &[ChangeState::Closed],
            ChangeState::Requested,
            busy,
            take.clone(),
        ),
        None => ().into_any(),
    };
    let name_of_service = move |id: &RecordId| {
        services.with(|all| all.iter().find(|s| &s.id == id).map(|s| s.name.clone()))
    };
    let summary = move || {
        let c = stored.get()?;
        let service = c.service.as_ref().map(|id| {
            let name = name_of_service(id)
                .unwrap_or_else(|| "a service no longer in the catalogue".to_owned());
            view! { <A href=format!("/services/{id}")>{name}</A> }.into_any()
        });
        let problem = c.problem.as_ref().map(|id| {
            let title =
                problems.with(|all| all.iter().find(|p| &p.id == id).map(|p| p.title.clone()));
            let title = title.unwrap_or_else(|| "a problem no longer recorded".to_owned());
            view! { <A href=format!("/problems/{id}")>{title}</A> }.into_any()
        });
        let window = match (c.planned_start, c.planned_end) {
            (Some(s), Some(e)) => {
                format!("{} to {}", browser::short_time(s), browser::short_time(e))
            }
            (Some(s), None) => format!("from {}", browser::short_time(s)),
            _ => "Not planned yet".to_owned(),
        };
        let dash = || "—".into_any();
        let released_in: Vec<(RecordId, String, &'static str)> = releases.with(|all| {
            all.iter()
                .filter(|r| r.changes.contains(&c.id))
                .map(|r| (r.id.clone(), r.title.clone(), r.state.label()))
                .collect()
        });
        let plan_release = format!(
            "/releases?change={}{}",
            c.id,
            c.service
                .as_ref()
                .map(|s| format!("&service={s}"))
                .unwrap_or_default()
        );
        Some(view! {
            <dl class="facts">
                <dt>"State"</dt><dd data-testid="change-state">{c.state.label()}</dd>
                <dt>"Type"</dt><dd>{c.change_type.label()}{c.major_impact.then_some(" · major impact")}</dd>
                <dt>"Service"</dt><dd>{service.unwrap_or_else(dash)}</dd>
                <dt>"Removes the problem"</dt><dd data-testid="change-problem">{problem.unwrap_or_else(dash)}</dd>
                <dt>"Owner"</dt><dd>{if c.owner.is_empty() { "—".to_owned() } else { c.owner.clone() }}</dd>
                <dt>"Risk level"</dt><dd>{c.risk.map_or("Not assessed", |r| r.label())}</dd>
                <dt>"Planned"</dt><dd data-testid="change-window">{window}</dd>
                <dt>"Requested"</dt><dd>{browser::short_time(c.logged_at)}</dd>
                <dt>"Releases"</dt><dd data-testid="change-releases">
                    {(!released_in.is_empty()).then(|| view! { <ul class="plain-list">{released_in.into_iter().map(|(id, title, state)| view! {
                        <li><A href=format!("/releases/{id}")>{title}</A><span class="hint">{format!(" · {state}")}</span></li>
                    }).collect_view()}</ul> })}
                    <A href=plan_release>"Plan a release with this change"</A>
                </dd>
            </dl>
            {(!c.steps.is_empty()).then(|| view! {
                <ol class="timeline">
                    {c.steps.ordered().into_iter().map(|s| view! { <li>{format!("{} — {}", browser::short_time(s.at), s.to.label())}</li> }).collect_view()}
                </ol>
            })}
        })
    };
    let clashes_note = move || {
        let clashing = shown.with(|s| s.as_ref().map(|s| s.clashing.clone()).unwrap_or_default());
        (!clashing.is_empty()).then(|| view! {
            <p class="attention" role="note" data-testid="change-clash">"Planned over the same time as another change to this service: "
                {clashing.into_iter().map(|(id, title)| view! { <A href=format!("/changes/{id}")>{title}</A>" " }).collect_view()}
            </p>
        })
    };
    let key = ChangeRequest::key(&workspace, &id);
    let shown_long = Signal::derive(move || {
        typed.with(|c| {
            c.as_ref().map_or_else(Vec::new, |c| {
                LONG_TEXTS
                    .iter()
                    .copied()
                    .filter(|f| relevant(c, f))
                    .collect()
            })
        })
    });
    let [
        title,
        kind,
        owner,
        service,
        problem,
        major,
        risk,
        approvals,
        start,
        end,
    ] = SHORT.map(|field| form.text(field));
    let approver = move || can_approve(state);
    let type_options = move || {
        ChangeType::ALL.iter().map(|t| {
            // Only approvers make a change standard (it skips the board).
            let disabled = *t == ChangeType::Standard && !approver() && kind.stored() != t.as_str();
            view! { <option value=t.as_str() disabled=disabled selected=kind.value.get_untracked() == t.as_str()>{t.label()}</option> }
        }).collect_view()
    };
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    let all_risks = read_or_empty(use_risks());
    let risk_choices = Signal::derive(move || {
        let linked = stored.with(|c| c.as_ref().map(|c| c.risks.clone()).unwrap_or_default());
        all_risks.with(|all| {
            all.iter()
                .map(|r| (r.id.clone(), r.title.clone(), linked.contains(&r.id)))
                .collect::<Vec<_>>()
        })
    });
    let link_to = workspace.clone();
    let toggle_risk = link_toggle(
        state,
        stored,
        |c: &mut ChangeRequest| &mut c.risks,
        move |before, after| {
            let workspace = link_to.clone();
            async move { actions::save(state, &workspace, &before, &after, &BTreeMap::new()).await }
        },
    );
    view! {
        <section class="card" aria-labelledby="change-summary-title">
            <h2 id="change-summary-title" class="visually-hidden">"Summary"</h2>
            {summary}
            {clashes_note}
            <h3>"Next steps"</h3>
            <ul class="steps">{steps}</ul>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
        <ChangeDecisions workspace=workspace.clone() change=stored />
        <form class="card stacked-form" on:submit=save novalidate aria-labelledby="change-details-title">
            <h2 id="change-details-title">"Details"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="field">
                    <label for="change-title">"Title"</label>
                    <input id="change-title" type="text" maxlength=TITLE_MAX_CHARS bind:value=title.value />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="change-type">"Type"</label>
                        <select id="change-type" bind:value=kind.value>{type_options}</select>
                    </div>
                    <div class="field">
                        <label for="change-owner">"Owner"</label>
                        <input id="change-owner" type="text" maxlength=TITLE_MAX_CHARS bind:value=owner.value />
                    </div>
                    <div class="field">
                        <label for="change-risk">"Risk level"</label>
                        <select id="change-risk" bind:value=risk.value>
                            <option value="">"Not assessed"</option>
                            {Level::ALL.map(|l| view! { <option value=l.as_str() selected=risk.value.get_untracked() == l.as_str()>{l.label()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="change-service">"Service"</label>
                        <select id="change-service" bind:value=service.value>
                            <option value="">"No service"</option>
                            {move || services.get().into_iter().map(|s| view! { <option value=s.id.to_string() selected=service.value.get_untracked() == s.id.as_str()>{s.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="change-problem">"Removes the problem"</label>
                        <select id="change-problem" bind:value=problem.value>
                            <option value="">"No problem"</option>
                            {move || problems.get().into_iter().map(|p| view! { <option value=p.id.to_string() selected=problem.value.get_untracked() == p.id.as_str()>{p.title.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="change-approvals">"Approvals needed"</label>
                        <select id="change-approvals" bind:value=approvals.value disabled=move || !approver()
                            title=move || (!approver()).then_some("Only approvers and owners set how many approvals a change needs.")>
                            {(1..=MAX_APPROVALS).map(|n| view! { <option value=n.to_string() selected=approvals.value.get_untracked() == n.to_string()>{n.to_string()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="change-start">"Planned start"</label>
                        <input id="change-start" type="datetime-local" bind:value=start.value />
                    </div>
                    <div class="field">
                        <label for="change-end">"Planned end"</label>
                        <input id="change-end" type="datetime-local" bind:value=end.value />
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || major.is_ticked()
                        on:change=move |ev| major.tick(event_target_checked(&ev)) />
                    "Major impact (goes through service design and transition before approval)"
                </label>
                <LongTexts key=key.clone() kind=ChangeRequest::KIND prefix="change" fields=&LONG texts=form.texts(LONG_TEXTS)
                    max_chars=TEXT_MAX_CHARS shown=shown_long />
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !form.is_edited()>"Save change"</button>
            </fieldset>
        </form>
        <section class="card" aria-labelledby="change-risks-title">
            <h2 id="change-risks-title">"Risks it affects"</h2>
            <LinkChecks legend="The risks of the register this change affects or treats: each risk lists it, and its review takes it into account."
                empty="No risks in the register yet: add them under Registers → Risks to link them here."
                choices=risk_choices toggle=toggle_risk />
        </section>
        <DeleteButton label="Delete change" done="Change deleted." back="/changes" delete=delete
            question=Signal::derive(move || stored.get().map(|c| format!("Delete the change “{}” with its decisions and history?", c.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: ChangeRequest::kind(), id: id.clone() } />
        <RecordHistory key=key kind=ChangeRequest::KIND noun="this change" />
    }
}
