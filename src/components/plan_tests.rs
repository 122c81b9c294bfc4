//! A continuity plan's tests (ISO/IEC 20000-1 8.7.1; ISO/IEC 27001 A.5.29, A.5.30): each with its
//! day, method and result, how long recovery took and how much work was lost against the
//! plan's objectives, and its follow-up actions, ticked off when done. A test is an entry of
//! its own, so tests recorded on two devices apart are all kept; a test is evidence and stays.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::itsm::continuity::{
    ContinuityPlan, PlanTest, TEXT_MAX_CHARS, TestMethod, TestResult,
};
use praxis_core::itsm::duration::{format_minutes, parse_minutes};
use praxis_core::{RecordId, WorkspaceId};

use crate::actions::{continuity as actions, new_record_id};
use crate::browser;
use crate::components::field_form::save_changed;
use crate::state::use_app_state;

#[component]
pub fn PlanTests(workspace: WorkspaceId, stored: Signal<Option<ContinuityPlan>>) -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<String>);
    let write = {
        let workspace = workspace.clone();
        move |id: RecordId, test: PlanTest, done: &'static str| {
            let workspace = workspace.clone();
            let change = |p: &mut ContinuityPlan| {
                p.tests.insert(id, test);
            };
            let save = move |before: ContinuityPlan, after: ContinuityPlan| async move {
                actions::save(state, &workspace, &before, &after, &Default::default()).await
            };
            save_changed(state, stored, change, save, Some(done), Some(error));
        }
    };
    let on = RwSignal::new(browser::today());
    let method = RwSignal::new(TestMethod::Tabletop.as_str().to_owned());
    let result = RwSignal::new(TestResult::Passed.as_str().to_owned());
    let recovered = RwSignal::new(String::new());
    let lost = RwSignal::new(String::new());
    let follow_up = RwSignal::new(String::new());
    let record = {
        let write = write.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(day) = Date::parse(&on.get_untracked()) else {
                error.set(Some("Say the day the test was run.".to_owned()));
                return;
            };
            let (recovered_minutes, data_lost_minutes) = match (
                parse_minutes(&recovered.get_untracked()),
                parse_minutes(&lost.get_untracked()),
            ) {
                (Ok(r), Ok(l)) => (r, l),
                (Err(e), _) => return error.set(Some(format!("The recovery time {e}"))),
                (_, Err(e)) => return error.set(Some(format!("The work lost {e}"))),
            };
            let (Some(method), Some(result), Ok(id)) = (
                TestMethod::parse(&method.get_untracked()),
                TestResult::parse(&result.get_untracked()),
                new_record_id(),
            ) else {
                return;
            };
            let test = PlanTest {
                on: day,
                method,
                result,
                recovered_minutes,
                data_lost_minutes,
                actions: follow_up.get_untracked().trim().to_owned(),
                actions_done: false,
            };
            write(id, test, "Test recorded.");
            follow_up.set(String::new());
        }
    };
    let tests = move || {
        let plan = stored.get()?;
        let mut tests: Vec<(RecordId, PlanTest, bool)> = plan
            .tests
            .iter()
            .map(|(id, t)| (id.clone(), t.clone(), plan.met_objectives(t)))
            .collect();
        praxis_core::order::sort_by(&mut tests, |a, b| b.1.on.cmp(&a.1.on));
        Some(tests)
    };
    let tick = write.clone();
    let row = move |(id, test, met): (RecordId, PlanTest, bool)| {
        let tick = tick.clone();
        let took = |m: Option<u32>| m.map_or("—".to_owned(), format_minutes);
        let has_actions = !test.actions.is_empty();
        let ticked = test.clone();
        view! {
            <tr>
                <td>{test.on.to_string()}</td>
                <td>{test.method.label()}</td>
                <td><span class=format!("badge test-{}", test.result.as_str())>{test.result.label()}</span></td>
                <td>{took(test.recovered_minutes)}</td>
                <td>{took(test.data_lost_minutes)}</td>
                <td>{if met { "Yes" } else { "No" }}</td>
                <td class="prewrap">{test.actions.clone()}</td>
                <td>{has_actions.then(|| view! {
                    <label class="check">
                        <input type="checkbox" checked=test.actions_done disabled=move || state.read_only.get()
                            on:change=move |ev| {
                                let mut changed = ticked.clone();
                                changed.actions_done = event_target_checked(&ev);
                                tick(id.clone(), changed, "Actions updated.");
                            } />
                        "Done"
                    </label>
                })}</td>
            </tr>
        }
    };
    view! {
        <section class="card" aria-labelledby="plan-tests-title">
            <h2 id="plan-tests-title">"Tests"</h2>
            <p class="hint">"Record each exercise of the plan. A test that missed the recovery time or point objective did not pass, and one that did not pass needs follow-up actions."</p>
            {move || match tests() {
                Some(tests) if !tests.is_empty() => view! {
                    <div class="table-scroll">
                        <table data-testid="plan-tests">
                            <thead><tr>
                                <th scope="col">"Day"</th><th scope="col">"Method"</th><th scope="col">"Result"</th>
                                <th scope="col">"Recovered in"</th><th scope="col">"Work lost"</th><th scope="col">"Objectives met"</th>
                                <th scope="col">"Follow-up actions"</th><th scope="col">"Actions done"</th>
                            </tr></thead>
                            <tbody>{tests.into_iter().map(row.clone()).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
                _ => view! { <p class="muted">"Not tested yet."</p> }.into_any(),
            }}
            <p class="field-error" role="alert">{move || error.get()}</p>
            <Show when=move || !state.read_only.get()>
                <form class="stacked-form" on:submit=record.clone() novalidate aria-labelledby="plan-test-new-title">
                    <h3 id="plan-test-new-title">"Record a test"</h3>
                    <div class="field-row">
                        <div class="field">
                            <label for="test-on">"Run on"</label>
                            <input id="test-on" type="date" bind:value=on />
                        </div>
                        <div class="field">
                            <label for="test-method">"Method"</label>
                            <select id="test-method" bind:value=method>
                                {TestMethod::ALL.iter().map(|m| view! { <option value=m.as_str() selected=*m == TestMethod::Tabletop>{m.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="test-result">"Result"</label>
                            <select id="test-result" bind:value=result>
                                {TestResult::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="test-recovered">"Recovered in"</label>
                            <input id="test-recovered" type="text" placeholder="e.g. 3 h 30 min" bind:value=recovered />
                        </div>
                        <div class="field">
                            <label for="test-lost">"Work lost"</label>
                            <input id="test-lost" type="text" placeholder="e.g. 20 min" bind:value=lost />
                        </div>
                    </div>
                    <div class="field">
                        <label for="test-actions">"Follow-up actions"</label>
                        <textarea id="test-actions" rows="2" maxlength=TEXT_MAX_CHARS bind:value=follow_up></textarea>
                    </div>
                    <button type="submit" class="primary">"Record test"</button>
                </form>
            </Show>
        </section>
    }
}
