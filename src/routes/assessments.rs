//! The assessments of the open workspace: list, create, duplicate, delete.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::assessment::{Assessment, AssessmentMeta, FrameworkChoice, compare, rollup};
use praxis_core::framework::{Catalogue, Framework};
use praxis_core::maturity::Scale;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use crate::actions::assessments as actions;
use crate::actions::frameworks;
use crate::browser;
use crate::components::damaged::DamagedRecords;
use crate::components::framework_library::FrameworkLibrary;
use crate::format;
use crate::state::{Tone, use_app_state};

#[component]
pub fn Assessments() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Assessments"</h1>
            <p class="lead">
                "How ready is the organisation for certification? Rate each clause and control, see the gaps, and repeat later to show progress."
            </p>
            {move || match state.current.get() {
                None => view! {
                    <div class="card">
                        <p>"Create a workspace first: assessments belong to one organisation."</p>
                        <A href="/">"Create a workspace"</A>
                    </div>
                }.into_any(),
                Some(workspace) => view! { <AssessmentList workspace=workspace /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AssessmentList(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let id = workspace.clone();
    let table_workspace = workspace.clone();
    let new_workspace = workspace.clone();
    let revision = state.kind_revision(Some(Assessment::KIND));
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        revision.track();
        // Read again once background saves from the assessment page have landed.
        state.pending_saves.track();
        async move { actions::list(state, &id).await }
    });
    view! {
        {move || match loaded.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="field-error" role="alert">{problem}</p> }.into_any(),
            Some(Ok((list, problems))) => view! {
                <AssessmentTable list=list.clone() workspace=table_workspace.clone() damaged=problems.len() />
                <DamagedRecords workspace=table_workspace.clone() kind=Assessment::kind() errors=problems />
                {(list.len() >= 2).then(|| view! { <Compare list=list /> })}
            }.into_any(),
        }}
        // A viewer reads the assessments; starting one is an edit.
        <Show when=move || !state.read_only.get()>
            <NewAssessment workspace=new_workspace.clone() />
        </Show>
        <FrameworkLibrary workspace=workspace.clone() />
    }
}

#[component]
fn AssessmentTable(list: Vec<Assessment>, workspace: WorkspaceId, damaged: usize) -> impl IntoView {
    let state = use_app_state();
    if list.is_empty() {
        // Damaged ones are listed below on their own; this says what can still be opened.
        let headline = if damaged == 0 {
            "No assessments yet."
        } else {
            "No assessment can be opened."
        };
        return view! {
            <div class="card empty-state">
                <p><strong>{headline}</strong>
                    {move || (!state.read_only.get()).then_some(" Start one below: choose ISO/IEC 20000-1, ISO/IEC 27001, or both together.")}
                </p>
            </div>
        }
        .into_any();
    }
    let rows = list
        .into_iter()
        .map(|assessment| {
            let summary = rollup(&assessment).overall;
            let href = format!("/assessments/{}", assessment.id);
            let name = assessment.meta.title.clone();
            let title_cell = name.clone();
            let copy_source = assessment.clone();
            let workspace_copy = workspace.clone();
            let workspace_delete = workspace.clone();
            let delete_id = assessment.id.clone();
            let confirm_name = name.clone();
            view! {
                <tr>
                    <th scope="row"><A href=href>{title_cell}</A></th>
                    <td>{assessment.frameworks_label()}</td>
                    <td>{assessment.meta.date.clone()}</td>
                    <td>{format!("{} of {}", summary.rated, summary.items)}</td>
                    <td>{format::percent(summary.readiness)}</td>
                    <td class="button-row">
                        <button type="button" aria-label=format!("Duplicate {name}") disabled=move || state.read_only.get() on:click=move |_| {
                            let source = copy_source.clone();
                            let workspace = workspace_copy.clone();
                            spawn_local(async move {
                                let title = format!("{} (re-assessment)", source.meta.title);
                                let title: String = title.chars().take(120).collect();
                                match actions::duplicate(state, &workspace, &source, &title, &browser::today()).await {
                                    Ok(_) => state.notify(Tone::Success, format!("Created “{title}”.")),
                                    Err(problem) => state.notify(Tone::Error, problem),
                                }
                            });
                        }>"Duplicate"</button>
                        <button type="button" class="danger-outline" aria-label=format!("Delete {name}") disabled=move || state.read_only.get() on:click=move |_| {
                            let question = format!("Delete the assessment “{confirm_name}”? Its ratings and notes will be gone.");
                            if !browser::confirm(&question) {
                                return;
                            }
                            let workspace = workspace_delete.clone();
                            let id: RecordId = delete_id.clone();
                            spawn_local(async move {
                                match actions::delete(state, &workspace, &id).await {
                                    Ok(()) => state.notify(Tone::Success, "Assessment deleted."),
                                    Err(problem) => state.notify(Tone::Error, problem),
                                }
                            });
                        }>"Delete"</button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card table-scroll">
            <table class="table">
                <caption class="visually-hidden">"Assessments of this workspace"</caption>
                <thead><tr>
                    <th scope="col">"Title"</th><th scope="col">"Standard"</th><th scope="col">"Date"</th>
                    <th scope="col">"Rated"</th><th scope="col">"Readiness"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewAssessment(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let title = RwSignal::new(String::new());
    let frameworks = RwSignal::new(FrameworkChoice::Integrated);
    let scale = RwSignal::new(Scale::IsmsMaturity);
    let scope = RwSignal::new(String::new());
    // The person at this device, unless they name someone else.
    let assessor = RwSignal::new(
        state
            .actor
            .get_untracked()
            .map(|actor| actor.name().to_owned())
            .unwrap_or_default(),
    );
    let date = RwSignal::new(browser::today());
    let target = RwSignal::new(String::from("3"));
    let error = RwSignal::new(None::<String>);
    let imported_choice = RwSignal::new(None::<String>);
    let navigate = leptos_router::hooks::use_navigate();
    let imported_workspace = workspace.clone();
    // Frameworks imported into this workspace can be assessed too.
    let framework_revision = state.kind_revision(Some(Framework::KIND));
    let imported = LocalResource::new(move || {
        let workspace = imported_workspace.clone();
        framework_revision.track();
        async move {
            let (list, _damaged) = frameworks::imported(state, &workspace)
                .await
                .unwrap_or_default();
            Catalogue::with_imported(list)
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let meta = AssessmentMeta {
            title: title.get_untracked(),
            frameworks: frameworks.get_untracked(),
            scale: scale.get_untracked(),
            scope: scope.get_untracked(),
            assessor: assessor.get_untracked(),
            date: date.get_untracked(),
            target: target.get_untracked().parse().unwrap_or(0),
            created_at: browser::now_ms(),
            approved_on: None,
            framework: imported_choice.get_untracked(),
            sharing_rules: praxis_core::assessment::SHARING_RULES,
            blocker_level: praxis_core::assessment::DEFAULT_BLOCKER_LEVEL,
        };
        let catalogue = imported.get_untracked().unwrap_or_default();
        if let Err(problem) = meta.clone().validated(&catalogue) {
            error.set(Some(problem.to_string()));
            return;
        }
        let workspace = workspace.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match actions::create(state, &workspace, meta, &catalogue).await {
                Ok(id) => {
                    error.set(None);
                    state.notify(Tone::Success, "Assessment created.");
                    navigate(&format!("/assessments/{id}"), Default::default());
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };

    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-assessment-title">
            <h2 id="new-assessment-title">"New assessment"</h2>
            <div class="field">
                <label for="assessment-title">"Title"</label>
                <input id="assessment-title" type="text" placeholder="e.g. Certification readiness, November 2026" bind:value=title />
            </div>
            <fieldset class="field">
                <legend>"Standard"</legend>
                {FrameworkChoice::ALL.into_iter().map(|choice| view! {
                    <label class="choice">
                        <input type="radio" name="frameworks" prop:checked=move || frameworks.get() == choice on:change=move |_| {
                            frameworks.set(choice);
                            imported_choice.set(None);
                        } />
                        {choice.label()}
                    </label>
                }).collect_view()}
                {move || imported.get().unwrap_or_default().imported().iter().map(|f| (f.id.clone(), f.name.clone())).map(|(id, name)| {
                    let chosen = id.clone();
                    let checked_id = id.clone();
                    view! {
                        <label class="choice">
                            <input type="radio" name="frameworks"
                                prop:checked=move || imported_choice.with(|c| c.as_deref() == Some(checked_id.as_str()))
                                on:change=move |_| {
                                    frameworks.set(FrameworkChoice::Imported);
                                    imported_choice.set(Some(chosen.clone()));
                                } />
                            {format!("{name} (imported)")}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="field">
                <legend>"Rating scale"</legend>
                {Scale::ALL.into_iter().map(|choice| view! {
                    <label class="choice">
                        <input type="radio" name="scale" prop:checked=move || scale.get() == choice on:change=move |_| scale.set(choice) />
                        {choice.name()}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="assessment-scope">"Scope"</label>
                <textarea id="assessment-scope" rows="2" bind:value=scope></textarea>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="assessment-assessor">"Assessor"</label>
                    <input id="assessment-assessor" type="text" bind:value=assessor />
                </div>
                <div class="field">
                    <label for="assessment-date">"Date"</label>
                    <input id="assessment-date" type="date" bind:value=date />
                </div>
                <div class="field">
                    <label for="assessment-target">"Target level"</label>
                    <select id="assessment-target" on:change=move |ev| target.set(event_target_value(&ev))>
                        {(1..=5).map(|level| view! {
                            <option value=level.to_string() selected=move || target.get() == level.to_string()>{level.to_string()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary">"Create assessment"</button>
        </form>
    }
}

/// Pick two assessments of the same standard(s) and see what improved and what slipped.
#[component]
fn Compare(list: Vec<Assessment>) -> impl IntoView {
    // By default: the two most recent, older first.
    let mut by_age: Vec<&Assessment> = list.iter().collect();
    praxis_core::order::sort_by(&mut by_age, |a, b| {
        (&b.meta.date, b.meta.created_at).cmp(&(&a.meta.date, a.meta.created_at))
    });
    let earlier = RwSignal::new(by_age.get(1).map(|a| a.id.to_string()).unwrap_or_default());
    let later = RwSignal::new(by_age.first().map(|a| a.id.to_string()).unwrap_or_default());
    let list = StoredValue::new(list);
    let options = move |selected: RwSignal<String>| {
        list.with_value(|l| {
            l.iter()
                .map(|a| {
                    let id = a.id.to_string();
                    let label = format!("{} ({}, {})", a.meta.title, a.meta.date, a.frameworks_label());
                    view! { <option value=id.clone() selected=move || selected.get() == id>{label}</option> }
                })
                .collect_view()
        })
    };
    let result = move || {
        let find =
            |id: String| list.with_value(|l| l.iter().find(|a| a.id.as_str() == id).cloned());
        let (Some(before), Some(after)) = (find(earlier.get()), find(later.get())) else {
            return ().into_any();
        };
        match compare(&before, &after) {
            Err(problem) => view! { <p class="field-error" role="alert">{problem}</p> }.into_any(),
            Ok(deltas) if deltas.is_empty() => {
                view! { <p>"No rating differs between these two."</p> }.into_any()
            }
            Ok(deltas) => {
                let level = |l: Option<u8>| l.map_or("not rated".to_owned(), |l| l.to_string());
                let (improved, slipped) = (
                    deltas.iter().filter(|d| d.improved()).count(),
                    deltas.iter().filter(|d| d.slipped()).count(),
                );
                view! {
                    <p data-testid="comparison">{format!("{improved} improved, {slipped} slipped.")}</p>
                    <table class="table">
                        <caption class="visually-hidden">"Items whose rating changed"</caption>
                        <thead><tr><th scope="col">"Item"</th><th scope="col">"Title"</th><th scope="col">"Before"</th><th scope="col">"After"</th><th scope="col">"Change"</th></tr></thead>
                        <tbody>{deltas.into_iter().map(|d| view! {
                            <tr>
                                <th scope="row">{d.key.rsplit('/').next().unwrap_or_default().to_owned()}</th>
                                <td>{d.title}</td><td>{level(d.before)}</td><td>{level(d.after)}</td>
                                <td>{if d.improved() { "improved" } else if d.slipped() { "slipped" } else { "rated differently" }}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }
        }
    };
    view! {
        <section class="card" aria-labelledby="compare-title">
            <h2 id="compare-title">"Compare two assessments"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="compare-earlier">"Earlier"</label>
                    <select id="compare-earlier" on:change=move |ev| earlier.set(event_target_value(&ev))>{options(earlier)}</select>
                </div>
                <div class="field">
                    <label for="compare-later">"Later"</label>
                    <select id="compare-later" on:change=move |ev| later.set(event_target_value(&ev))>{options(later)}</select>
                </div>
            </div>
            {result}
        </section>
    }
}
