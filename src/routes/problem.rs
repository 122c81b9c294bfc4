//! One problem: where it stands, the steps it can take next (and why not), the incidents it
//! explains, its details (root cause, workaround, how it was removed), and its history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::itsm::problem::{Problem, ProblemState, TEXT_MAX_CHARS, TITLE_MAX_CHARS};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};
use serde_json::Value;

use super::changes::{read_or_empty, use_changes};
use super::problems::use_problems;
use super::services::use_service_catalogue;
use super::tickets::use_tickets;
use crate::actions::problems as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::next_steps::{next_steps, step_taker};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

#[derive(Debug, Clone, PartialEq)]
struct Shown {
    workspace: WorkspaceId,
    problem: Problem,
}

#[component]
pub fn ProblemPage() -> impl IntoView {
    let loaded = use_problems();
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        |(all, _): actions::Listed, id, workspace| {
            let problem = all.into_iter().find(|p| p.id.as_str() == id)?;
            Some(Shown { workspace, problem })
        },
        |s| (s.workspace.clone(), s.problem.id.clone()),
        "This problem does not exist (it may have been deleted).",
    );
    let title = shown_title(shown, "Problem", |s| s.problem.title.clone());
    view! {
        <RecordPage crumbs=&[("/workflows", "Workflows"), ("/problems", "Problems and known errors")]
            title=title problem=problem which=which
            body=move |workspace, id| view! { <ProblemView workspace=workspace id=id shown=shown /> }.into_any() />
    }
}

/// The long texts of a problem, with their labels and hints.
const LONG: [LongText; 4] = [
    LongText {
        field: "description",
        label: "Description",
        hint: "What keeps happening, and to whom.",
    },
    LongText {
        field: "root_cause",
        label: "Root cause",
        hint: "Why it happens: needed before it is a known error.",
    },
    LongText {
        field: "workaround",
        label: "Workaround",
        hint: "How to restore service meanwhile (what the service desk tells users): needed for a known error.",
    },
    LongText {
        field: "resolution",
        label: "Resolution",
        hint: "How the cause was removed (the change that removed it): needed before it is resolved.",
    },
];

#[component]
fn ProblemView(
    workspace: WorkspaceId,
    id: RecordId,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let state = use_app_state();
    let stored = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.problem.clone())));
    let initial = stored.get_untracked().expect("shown");
    let catalogue = use_service_catalogue();
    let services = Signal::derive(move || {
        catalogue
            .get()
            .and_then(Result::ok)
            .map(|(s, _)| s)
            .unwrap_or_default()
    });
    let loaded_tickets = use_tickets();
    let incidents = Signal::derive(move || {
        let id = stored.with(|p| p.as_ref().map(|p| p.id.clone()));
        loaded_tickets
            .get()
            .and_then(Result::ok)
            .map(|(t, _, _)| {
                t.into_iter()
                    .filter(|t| t.problem.is_some() && t.problem == id)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let all_changes = read_or_empty(use_changes());
    let changes = Signal::derive(move || {
        let id = stored.with(|p| p.as_ref().map(|p| p.id.clone()));
        all_changes.with(|all| {
            all.iter()
                .filter(|c| c.problem.is_some() && c.problem == id)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let title = SyncedText::new(initial.title.clone());
    let owner = SyncedText::new(initial.owner.clone());
    let service = SyncedText::new(
        initial
            .service
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
    );
    let texts: [SyncedText; 4] = LONG.map(|l| SyncedText::new(long_text(&initial, l.field)));
    Effect::new(move || {
        if let Some(p) = stored.get() {
            title.receive(p.title.clone());
            owner.receive(p.owner.clone());
            service.receive(
                p.service
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            );
            for (l, text) in LONG.iter().zip(texts) {
                text.receive(long_text(&p, l.field));
            }
        }
    });
    let edited = move || {
        [title, owner, service]
            .iter()
            .chain(texts.iter())
            .any(SyncedText::is_edited)
    };
    count_while_unsaved(state, edited);
    let typed = Memo::new(move |_| {
        stored.get().map(|p| {
            let long = |i: usize| texts[i].value.get();
            Problem {
                title: title.value.get().trim().to_owned(),
                owner: owner.value.get().trim().to_owned(),
                service: RecordId::parse(&service.value.get()).ok(),
                description: long(0),
                root_cause: long(1),
                workaround: long(2),
                resolution: long(3),
                ..p
            }
        })
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (save_workspace, step_workspace) = (workspace.clone(), workspace.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(before), Some(after)) = (stored.get_untracked(), typed.get_untracked()) else {
            return;
        };
        let mut started_from = BTreeMap::<String, Option<Value>>::new();
        for (l, text) in LONG.iter().zip(texts) {
            started_from.extend(text.started_from_field(l.field));
        }
        let workspace = save_workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &before, &after, &started_from).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Problem saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let take = step_taker(
        step_workspace.clone(),
        id.clone(),
        stored,
        typed,
        busy,
        error,
    );
    let steps = move || match typed.get() {
        Some(record) => next_steps(
            &record,
            &[ProblemState::Resolved, ProblemState::Closed],
            ProblemState::Investigating,
            busy,
            take.clone(),
        ),
        None => ().into_any(),
    };
    let summary = move || {
        let problem = stored.get()?;
        let service = problem.service.as_ref().map(|id| {
            let name =
                services.with(|all| all.iter().find(|s| &s.id == id).map(|s| s.name.clone()));
            (
                id.clone(),
                name.unwrap_or_else(|| "a service no longer in the catalogue".to_owned()),
            )
        });
        let linked = incidents.get();
        let removed_by = changes.get();
        let request = format!(
            "/changes?problem={}{}",
            problem.id,
            problem
                .service
                .as_ref()
                .map(|s| format!("&service={s}"))
                .unwrap_or_default()
        );
        Some(view! {
            <dl class="facts">
                <dt>"State"</dt><dd data-testid="problem-state">{problem.state.label()}</dd>
                <dt>"Service"</dt><dd>{match service {
                    Some((id, name)) => view! { <A href=format!("/services/{id}")>{name}</A> }.into_any(),
                    None => "—".into_any(),
                }}</dd>
                <dt>"Owner"</dt><dd>{if problem.owner.is_empty() { "—".to_owned() } else { problem.owner.clone() }}</dd>
                <dt>"Logged"</dt><dd>{browser::short_time(problem.logged_at)}</dd>
                <dt>"Incidents"</dt><dd data-testid="problem-incidents">{if linked.is_empty() {
                    view! { "None linked yet: link one from its page." }.into_any()
                } else {
                    view! { <ul class="plain-list">{linked.into_iter().map(|t| view! {
                        <li><A href=format!("/tickets/{}", t.id)>{t.title.clone()}</A><span class="hint">{format!(" · {}", t.state.label())}</span></li>
                    }).collect_view()}</ul> }.into_any()
                }}</dd>
                <dt>"Changes"</dt><dd data-testid="problem-changes">
                    {(!removed_by.is_empty()).then(|| view! { <ul class="plain-list">{removed_by.into_iter().map(|c| view! {
                        <li><A href=format!("/changes/{}", c.id)>{c.title.clone()}</A><span class="hint">{format!(" · {}", c.state.label())}</span></li>
                    }).collect_view()}</ul> })}
                    <A href=request>"Request a change to remove it"</A>
                </dd>
            </dl>
            {(!problem.steps.is_empty()).then(|| view! {
                <ol class="timeline">
                    {problem.steps.ordered().into_iter().map(|s| view! { <li>{format!("{} — {}", browser::short_time(s.at), s.to.label())}</li> }).collect_view()}
                </ol>
            })}
        })
    };
    let key = Problem::key(&workspace, &id);
    let state = use_app_state();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    let linked = Signal::derive(move || incidents.with(Vec::len));
    let problem_now = stored;
    view! {
        <section class="card" aria-labelledby="problem-summary-title">
            <h2 id="problem-summary-title" class="visually-hidden">"Summary"</h2>
            {summary}
            <h3>"Next steps"</h3>
            <ul class="steps">{steps}</ul>
        </section>
        <form class="card stacked-form" on:submit=save novalidate aria-labelledby="problem-details-title">
            <h2 id="problem-details-title">"Details"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="field">
                    <label for="problem-title">"Title"</label>
                    <input id="problem-title" type="text" maxlength=TITLE_MAX_CHARS bind:value=title.value />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="problem-owner">"Owner"</label>
                        <input id="problem-owner" type="text" maxlength=TITLE_MAX_CHARS bind:value=owner.value />
                    </div>
                    <div class="field">
                        <label for="problem-service">"Service"</label>
                        <select id="problem-service" bind:value=service.value>
                            <option value="">"No service"</option>
                            {move || services.get().into_iter().map(|s| view! { <option value=s.id.to_string() selected=service.value.get_untracked() == s.id.as_str()>{s.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <LongTexts key=key.clone() kind=Problem::KIND prefix="problem" fields=&LONG texts=texts.to_vec()
                    max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| LONG.map(|l| l.field).to_vec()) />
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !edited()>"Save problem"</button>
            </fieldset>
        </form>
        <DeleteButton label="Delete problem" done="Problem deleted." back="/problems" delete=delete
            question=Signal::derive(move || problem_now.get().map(|p| {
                let kept = match linked.get() {
                    0 => String::new(),
                    1 => " Its incident stays, no longer linked to it.".to_owned(),
                    n => format!(" Its {n} incidents stay, no longer linked to it."),
                };
                format!("Delete the problem “{}”?{kept}", p.title)
            })) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Problem::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Problem::KIND noun="this problem" />
    }
}

fn long_text(problem: &Problem, field: &str) -> String {
    match field {
        "description" => problem.description.clone(),
        "root_cause" => problem.root_cause.clone(),
        "workaround" => problem.workaround.clone(),
        _ => problem.resolution.clone(),
    }
}
