//! One release: where it stands and the steps it can take next (deployed only with every
//! bundled change approved), the changes it bundles (each one click away; added and removed
//! here), its details (acceptance, deployment, failure analysis, review) and its history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::itsm::change_request::{ChangeRequest, ChangeState};
use praxis_core::itsm::release::{
    LONG_TEXTS, Release, ReleaseState, TEXT_MAX_CHARS, TITLE_MAX_CHARS, deploy_blocker,
};
use praxis_core::itsm::service::Service;
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};
use serde_json::Value;

use super::changes::{read_or_empty, use_changes};
use super::items::use_items;
use super::releases::use_releases;
use super::services::use_service_catalogue;
use crate::actions::releases as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input, link_toggle,
};
use crate::components::link_checks::LinkChecks;
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::new_record::record_choices;
use crate::components::next_steps::{next_steps_with, step_taker};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::state::{Tone, use_app_state};

#[derive(Debug, Clone, PartialEq)]
struct Shown {
    workspace: WorkspaceId,
    release: Release,
}

#[component]
pub fn ReleasePage() -> impl IntoView {
    let loaded = use_releases();
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        |(all, _): actions::Listed, id, workspace| {
            let release = all.into_iter().find(|r| r.id.as_str() == id)?;
            Some(Shown { workspace, release })
        },
        |s| (s.workspace.clone(), s.release.id.clone()),
        "This release does not exist (it may have been deleted).",
    );
    let title = shown_title(shown, "Release", |s| s.release.title.clone());
    view! {
        <RecordPage crumbs=&[("/workflows", "Workflows"), ("/releases", "Releases and deployments")]
            title=title problem=problem which=which
            body=move |workspace, id| view! { <ReleaseView workspace=workspace id=id shown=shown /> }.into_any() />
    }
}

/// Labels and hints of the long texts, in [`LONG_TEXTS`]' order.
const LONG: [LongText; 5] = [
    LongText {
        field: "description",
        label: "Description",
        hint: "What the release delivers, and to whom.",
    },
    LongText {
        field: "acceptance_criteria",
        label: "Acceptance criteria",
        hint: "What must hold before it is deployed, agreed beforehand: needed before it is accepted.",
    },
    LongText {
        field: "acceptance_result",
        label: "Acceptance result",
        hint: "How the criteria were shown to hold (tests, sign-off): needed before it is accepted.",
    },
    LongText {
        field: "failure_analysis",
        label: "Failure analysis",
        hint: "Why it failed and what follows: needed before a failed release moves on.",
    },
    LongText {
        field: "review",
        label: "Review",
        hint: "Did it deliver what it was for? Needed before it is reviewed.",
    },
];

/// The short fields the details form edits, in order.
const SHORT: [&str; 5] = ["title", "version", "owner", "service", "planned_at"];

impl FormFields for Release {
    const SHORT: &'static [&'static str] = &SHORT;
    const LONG: &'static [&'static str] = LONG_TEXTS;

    fn short_text(&self, field: &str) -> String {
        short_text(self, field)
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        apply_short(self, field, text);
    }

    fn long_text(&self, field: &str) -> &str {
        Release::long_text(self, field)
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        Release::set_long_text(self, field, text);
    }
}

fn short_text(r: &Release, field: &str) -> String {
    match field {
        "title" => r.title.clone(),
        "version" => r.version.clone(),
        "owner" => r.owner.clone(),
        "service" => r
            .service
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default(),
        _ => r
            .planned_at
            .map(browser::local_input_time)
            .unwrap_or_default(),
    }
}

fn apply_short(r: &mut Release, field: &str, text: &str) {
    match field {
        "title" => r.title = text.trim().to_owned(),
        "version" => r.version = text.trim().to_owned(),
        "owner" => r.owner = text.trim().to_owned(),
        "service" => r.service = RecordId::parse(text).ok(),
        _ => r.planned_at = browser::parse_local_input_time(text),
    }
}

/// Whether a long text belongs on the form now (any text already written always shows).
fn relevant(r: &Release, field: &str) -> bool {
    !r.long_text(field).is_empty()
        || match field {
            "failure_analysis" => r.reached(ReleaseState::Failed),
            "review" => r.reached(ReleaseState::Deployed) || r.reached(ReleaseState::Failed),
            _ => true,
        }
}

/// The details form's short fields, row by row.
fn fields(services: Signal<Vec<(String, String)>>) -> Vec<Vec<FieldSpec>> {
    vec![
        vec![
            FieldSpec::text("title", "Title", TITLE_MAX_CHARS),
            FieldSpec::text("version", "Version", TITLE_MAX_CHARS),
        ],
        vec![
            FieldSpec::text("owner", "Owner", TITLE_MAX_CHARS),
            FieldSpec::with(
                "service",
                "Service",
                Input::Record(services, Some("No service")),
            ),
            FieldSpec::with("planned_at", "Deployment planned", Input::DateTime),
        ],
    ]
}

#[component]
fn ReleaseView(
    workspace: WorkspaceId,
    id: RecordId,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let state = use_app_state();
    let stored = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.release.clone())));
    let services = read_or_empty(use_service_catalogue());
    let changes = read_or_empty(use_changes());
    let form = FieldForm::new(stored);
    let typed = form.typed;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save_to = workspace.clone();
    // Saves `after` against what the page last read, then says `done`.
    let write =
        move |after: Release, started_from: BTreeMap<String, Option<Value>>, done: &'static str| {
            let Some(before) = stored.get_untracked() else {
                return;
            };
            let workspace = save_to.clone();
            busy.set(true);
            spawn_local(async move {
                match actions::save(state, &workspace, &before, &after, &started_from).await {
                    Ok(()) => {
                        error.set(None);
                        state.notify(Tone::Success, done);
                    }
                    Err(problem) => error.set(Some(problem)),
                }
                busy.set(false);
            });
        };
    let save = {
        let write = write.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(after) = typed.get_untracked() else {
                return;
            };
            write(after, form.started_from(), "Release saved.");
        }
    };
    let take = step_taker(workspace.clone(), id.clone(), stored, typed, busy, error);
    let steps = move || match typed.get() {
        Some(record) => {
            let blocker = changes.with(|all| deploy_blocker(&record, all));
            next_steps_with(
                &record,
                &[ReleaseState::Closed],
                ReleaseState::Planned,
                busy,
                take.clone(),
                move |to| {
                    (to == ReleaseState::Deployed)
                        .then(|| blocker.clone())
                        .flatten()
                },
            )
        }
        None => ().into_any(),
    };
    let summary = move || {
        let r = stored.get()?;
        let service = r.service.as_ref().map(|id| {
            let name =
                services.with(|all| all.iter().find(|s| &s.id == id).map(|s| s.name.clone()));
            let name = name.unwrap_or_else(|| "a service no longer in the catalogue".to_owned());
            view! { <A href=format!("/services/{id}")>{name}</A> }.into_any()
        });
        Some(view! {
            <dl class="facts">
                <dt>"State"</dt><dd data-testid="release-state">{r.state.label()}</dd>
                <dt>"Version"</dt><dd>{if r.version.is_empty() { "—".to_owned() } else { r.version.clone() }}</dd>
                <dt>"Service"</dt><dd>{service.unwrap_or_else(|| "—".into_any())}</dd>
                <dt>"Owner"</dt><dd>{if r.owner.is_empty() { "—".to_owned() } else { r.owner.clone() }}</dd>
                <dt>"Deployment planned"</dt><dd>{r.planned_at.map_or_else(|| "Not planned yet".to_owned(), browser::short_time)}</dd>
                <dt>"Planned"</dt><dd>{browser::short_time(r.logged_at)}</dd>
            </dl>
            {(!r.steps.is_empty()).then(|| view! {
                <ol class="timeline">
                    {r.steps.ordered().into_iter().map(|s| view! { <li>{format!("{} — {}", browser::short_time(s.at), s.to.label())}</li> }).collect_view()}
                </ol>
            })}
        })
    };
    let key = Release::key(&workspace, &id);
    let shown_long = Signal::derive(move || {
        typed.with(|r| {
            r.as_ref().map_or_else(Vec::new, |r| {
                LONG_TEXTS
                    .iter()
                    .copied()
                    .filter(|f| relevant(r, f))
                    .collect()
            })
        })
    });
    let long_key = key.clone();
    let service_choices = record_choices(services, |s: &Service| (&s.id, &s.name));
    let all_items = read_or_empty(use_items());
    let item_choices = Signal::derive(move || {
        let linked = stored.with(|r| r.as_ref().map(|r| r.items.clone()).unwrap_or_default());
        all_items.with(|all| {
            all.iter()
                .map(|i| (i.id.clone(), i.name.clone(), linked.contains(&i.id)))
                .collect::<Vec<_>>()
        })
    });
    let link_to = workspace.clone();
    let toggle_item = link_toggle(
        state,
        stored,
        |r: &mut Release| &mut r.items,
        move |before, after| {
            let workspace = link_to.clone();
            async move { actions::save(state, &workspace, &before, &after, &BTreeMap::new()).await }
        },
    );
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card" aria-labelledby="release-summary-title">
            <h2 id="release-summary-title" class="visually-hidden">"Summary"</h2>
            {summary}
            <h3>"Next steps"</h3>
            <ul class="steps">{steps}</ul>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
        <BundledChanges release=stored changes=changes busy=busy write=write />
        <section class="card" aria-labelledby="release-items-title">
            <h2 id="release-items-title">"Configuration items it changes"</h2>
            <LinkChecks legend="The items and information this release installs, changes or retires." empty="No items yet: add them under Registers → Configuration items and information assets."
                choices=item_choices toggle=toggle_item />
        </section>
        <DetailsCard prefix="release" button="Save release" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="release" rows=fields(service_choices) texts=form.all_texts() />
            <LongTexts key=long_key kind=Release::KIND prefix="release" fields=&LONG texts=form.texts(LONG_TEXTS)
                max_chars=TEXT_MAX_CHARS shown=shown_long />
        </DetailsCard>
        <DeleteButton label="Delete release" done="Release deleted." back="/releases" delete=delete
            question=Signal::derive(move || stored.get().map(|r| format!("Delete the release “{}” with its history? The changes it bundles stay.", r.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Release::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Release::KIND noun="this release" />
    }
}

/// The changes a release bundles, each one click away and removable, and a choice of changes
/// still to be released to add.
#[component]
fn BundledChanges<W>(
    release: Signal<Option<Release>>,
    changes: Signal<Vec<ChangeRequest>>,
    busy: RwSignal<bool>,
    write: W,
) -> impl IntoView
where
    W: Fn(Release, BTreeMap<String, Option<Value>>, &'static str) + Clone + Send + Sync + 'static,
{
    let state = use_app_state();
    let chosen = RwSignal::new(String::new());
    let remover = write.clone();
    let bundled = move || {
        let r = release.get()?;
        let all = changes.get();
        Some(r.changes.iter().map(|id| {
            let found = all.iter().find(|c| &c.id == id);
            let (title, state_label) = found.map_or_else(
                || ("A change no longer recorded".to_owned(), String::new()),
                |c| (c.title.clone(), format!(" · {}", c.state.label())),
            );
            let remove = {
                let (write, id, r) = (remover.clone(), id.clone(), r.clone());
                move |_| {
                    let mut after = r.clone();
                    after.changes.remove(&id);
                    write(after, BTreeMap::new(), "Change removed from the release.");
                }
            };
            let label = format!("Remove {title} from this release");
            view! {
                <li>
                    <A href=format!("/changes/{id}")>{title.clone()}</A>
                    <span class="hint">{state_label}</span>" "
                    <button type="button" class="link-button" aria-label=label on:click=remove disabled=move || busy.get() || state.read_only.get()>"Remove"</button>
                </li>
            }
        }).collect_view())
    };
    let candidates = move || {
        let bundled = release.with(|r| r.as_ref().map(|r| r.changes.clone()).unwrap_or_default());
        changes.with(|all| {
            all.iter()
                .filter(|c| !bundled.contains(&c.id))
                .filter(|c| !matches!(c.state, ChangeState::Rejected | ChangeState::Closed))
                .map(|c| {
                    (
                        c.id.to_string(),
                        format!("{} ({})", c.title, c.state.label().to_lowercase()),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut after), Ok(id)) = (
            release.get_untracked(),
            RecordId::parse(&chosen.get_untracked()),
        ) else {
            return;
        };
        after.changes.insert(id);
        write(after, BTreeMap::new(), "Change added to the release.");
        chosen.set(String::new());
    };
    let none = move || release.with(|r| r.as_ref().is_some_and(|r| r.changes.is_empty()));
    view! {
        <section class="card" aria-labelledby="release-changes-title">
            <h2 id="release-changes-title">"Changes it bundles"</h2>
            <Show when=none>
                <p class="hint">"None yet: a release is built only once it bundles at least one change."</p>
            </Show>
            <ul class="plain-list" data-testid="release-changes">{bundled}</ul>
            <form class="inline-form" on:submit=add>
                <div class="field">
                    <label for="release-add-change">"Add a change"</label>
                    <select id="release-add-change" bind:value=chosen disabled=move || state.read_only.get()>
                        <option value="">"Choose a change"</option>
                        {move || candidates().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" disabled=move || busy.get() || state.read_only.get() || chosen.with(String::is_empty)>"Add to release"</button>
            </form>
        </section>
    }
}
