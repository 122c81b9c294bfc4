//! Importing incidents and requests from another service desk's CSV export: the file, which
//! column holds what (guessed from the heading, changeable, saved on this device by the
//! tool's name), then every row checked and previewed. Nothing is imported while any row is
//! refused, and the import is one write.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use praxis_core::csv::{self, Table};
use praxis_core::itsm::import::{Context, DateOrder, Field, Mapping, Plan, plan};
use praxis_core::itsm::service_hours::{format_offset, offsets};
use praxis_core::itsm::ticket::TicketState;
use praxis_core::itsm::workflow::Lifecycle;

use super::services::use_service_catalogue;
use super::tickets::use_tickets;
use crate::actions::tickets as actions;
use crate::browser;
use crate::state::{Tone, use_app_state};

/// Where this device keeps the mappings saved by tool name.
const SAVED_MAPPINGS: &str = "praxis.import-mappings";
/// Rows shown in the preview, and refusals listed.
const PREVIEW_ROWS: usize = 10;
const PROBLEMS_SHOWN: usize = 100;

fn saved_mappings() -> BTreeMap<String, Mapping> {
    browser::preference(SAVED_MAPPINGS)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn date_order(text: &str) -> DateOrder {
    match text {
        "day-first" => DateOrder::DayFirst,
        "month-first" => DateOrder::MonthFirst,
        _ => DateOrder::YearFirst,
    }
}

#[component]
pub fn TicketImport() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb"><A href="/workflows">"Workflows"</A>" › "<A href="/tickets">"Incidents and requests"</A></p>
            <h1 id="page-title">"Import incidents and requests"</h1>
            <p class="lead">"From another service desk's CSV export, so its tickets count in your SLA reports and evidence here. Each row is checked first; nothing is imported while any row is refused, and importing the same export again adds only what is new."</p>
            {move || match state.current.get() {
                None => view! { <div class="card"><p>"Create a workspace first: tickets belong to one organisation."</p><A href="/">"Create a workspace"</A></div> }.into_any(),
                Some(_) => view! { <ImportSteps /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ImportSteps() -> impl IntoView {
    let state = use_app_state();
    let loaded = use_tickets();
    let catalogue = use_service_catalogue();
    let source = RwSignal::new(String::new());
    let table = RwSignal::new(None::<Arc<Table>>);
    let file_error = RwSignal::new(None::<String>);
    let mapping = RwSignal::new(Mapping::default());
    let busy = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        table.set(None);
        file_error.set(None);
        spawn_local(async move {
            let read = browser::read_file_text(&file)
                .await
                .and_then(|text| csv::parse(&text).map_err(|e| e.to_string()));
            match read {
                Ok(read) => {
                    let name = source.get_untracked();
                    let guessed = saved_mappings()
                        .remove(name.trim())
                        .filter(|m| m.columns.values().all(|c| read.heading.contains(c)))
                        .unwrap_or_else(|| {
                            Mapping::guess(&read.heading, &name, browser::utc_offset_minutes())
                        });
                    mapping.set(guessed);
                    table.set(Some(Arc::new(read)));
                }
                Err(problem) => {
                    file_error.set(Some(format!("This file cannot be imported: {problem}")))
                }
            }
        });
    };
    let planned = Memo::new(move |_| {
        let table = table.get()?;
        let (tickets, _, settings) = loaded.get()?.ok()?;
        let services = catalogue
            .get()
            .and_then(Result::ok)
            .map(|(s, _)| s)
            .unwrap_or_default();
        let existing = tickets.iter().map(|t| t.id.clone()).collect();
        let mut mapping = mapping.get();
        mapping.source = source.get().trim().to_owned();
        let context = Context {
            matrix: &settings.priority_matrix,
            services: &services,
            existing: &existing,
        };
        Some(plan(&table, &mapping, &context))
    });
    let navigate = use_navigate();
    let import = move |_| {
        let (Some(Ok(plan)), Some(workspace)) =
            (planned.get_untracked(), state.current.get_untracked())
        else {
            return;
        };
        let tickets: Vec<_> = plan.tickets.into_iter().map(|(_, t)| t).collect();
        let from = source.get_untracked();
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::import(state, &workspace, &tickets).await {
                Ok(count) => {
                    let from = if from.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" from {}", from.trim())
                    };
                    state.notify(Tone::Success, format!("{count} tickets imported{from}."));
                    navigate("/tickets?state=", Default::default());
                }
                Err(problem) => state.notify(Tone::Error, problem),
            }
            busy.set(false);
        });
    };
    let save_mapping = move |_| {
        let name = source.get_untracked().trim().to_owned();
        if name.is_empty() {
            return state.notify(
                Tone::Error,
                "Name the tool the export comes from: the mapping is saved under its name.",
            );
        }
        let mut saved = saved_mappings();
        saved.insert(
            name.clone(),
            Mapping {
                source: name.clone(),
                ..mapping.get_untracked()
            },
        );
        if let Ok(text) = serde_json::to_string(&saved) {
            browser::set_preference(SAVED_MAPPINGS, Some(&text));
        }
        state.notify(
            Tone::Success,
            format!("Mapping saved for {name} on this device."),
        );
    };
    let saved_names = move || saved_mappings().into_keys().collect::<Vec<_>>().join(", ");
    view! {
        <section class="card stacked-form" aria-labelledby="import-file-title">
            <h2 id="import-file-title">"1. The export"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="import-source">"Exported from"</label>
                    <input id="import-source" type="text" maxlength="100" placeholder="ServiceNow, Jira, Zendesk…" list="import-saved" bind:value=source />
                    <datalist id="import-saved">{move || saved_mappings().into_keys().map(|n| view! { <option value=n /> }).collect_view()}</datalist>
                    <p class="hint">{move || {
                        let names = saved_names();
                        if names.is_empty() { "Tickets from two tools with the same numbers stay apart.".to_owned() } else { format!("Mappings saved on this device: {names}.") }
                    }}</p>
                </div>
                <div class="field">
                    <label for="import-file">"CSV file"</label>
                    <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file aria-describedby="import-file-error" disabled=move || state.read_only.get() />
                </div>
            </div>
            <p id="import-file-error" class="field-error" role="alert">{move || file_error.get()}</p>
            {move || table.get().map(|t| view! { <p data-testid="import-file-summary">{format!("{} rows, {} columns.", t.rows.len(), t.heading.len())}</p> })}
        </section>
        {move || table.get().map(|t| view! {
            <MappingEditor table=t mapping=mapping on_save=save_mapping />
        })}
        {move || planned.get().map(|planned| view! { <PlanView planned=planned busy=busy import=import.clone() /> })}
    }
}

/// Which column holds each field, with the first row's value as an example.
#[component]
fn MappingEditor(
    table: Arc<Table>,
    mapping: RwSignal<Mapping>,
    on_save: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let heading = table.heading.clone();
    let first = table
        .rows
        .first()
        .map(|(_, r)| r.clone())
        .unwrap_or_default();
    let rows = Field::ALL
        .into_iter()
        .map(|field| {
            let heading = heading.clone();
            let first = first.clone();
            let chosen = move || mapping.with(|m| m.columns.get(&field).cloned().unwrap_or_default());
            let example_heading = heading.clone();
            let example = move || {
                let column = chosen();
                example_heading.iter().position(|h| *h == column).and_then(|p| first.get(p).cloned()).unwrap_or_default()
            };
            let id = format!("import-column-{}", field_key(field));
            view! {
                <tr>
                    <th scope="row"><label for=id.clone()>{field.label()}</label></th>
                    <td>
                        <select id=id prop:value=chosen on:change=move |ev| {
                            let column = event_target_value(&ev);
                            mapping.update(|m| {
                                if column.is_empty() { m.columns.remove(&field); } else { m.columns.insert(field, column); }
                            });
                        }>
                            <option value="">"— not imported —"</option>
                            {heading.iter().map(|h| view! { <option value=h.clone() selected=chosen() == *h>{h.clone()}</option> }).collect_view()}
                        </select>
                    </td>
                    <td class="hint">{example}</td>
                </tr>
            }
        })
        .collect_view();
    let order = move || match mapping.with(|m| m.dates) {
        DateOrder::YearFirst => "year-first",
        DateOrder::DayFirst => "day-first",
        DateOrder::MonthFirst => "month-first",
    };
    view! {
        <section class="card stacked-form" aria-labelledby="import-columns-title">
            <h2 id="import-columns-title">"2. Which column holds what"</h2>
            <p class="hint">"Guessed from the column names; change any. A title and the time each ticket was logged are needed; impact and urgency come from the priority by your matrix when the export has none."</p>
            <div class="table-scroll">
                <table class="table compact">
                    <caption class="visually-hidden">"Columns of the file for each field of a ticket"</caption>
                    <thead><tr><th scope="col">"Field"</th><th scope="col">"Column"</th><th scope="col">"First row"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="import-dates">"Dates are written"</label>
                    <select id="import-dates" prop:value=order on:change=move |ev| {
                        let order = date_order(&event_target_value(&ev));
                        mapping.update(|m| m.dates = order);
                    }>
                        <option value="year-first">"2026-11-30 (year first)"</option>
                        <option value="day-first">"30/11/2026 (day first)"</option>
                        <option value="month-first">"11/30/2026 (month first)"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="import-offset">"Times without a zone are in"</label>
                    <select id="import-offset" prop:value=move || mapping.with(|m| m.offset_minutes.to_string()) on:change=move |ev| {
                        let minutes = event_target_value(&ev).parse().unwrap_or(0);
                        mapping.update(|m| m.offset_minutes = minutes);
                    }>
                        {offsets().map(|o| view! { <option value=o.to_string() selected=mapping.with_untracked(|m| m.offset_minutes == o)>{format_offset(o)}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="button-row"><button type="button" on:click=on_save>"Save this mapping for the tool named above"</button></div>
        </section>
    }
}

fn field_key(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// What the import would do: counts, the refused rows by line, a preview, and the button.
#[component]
fn PlanView(
    planned: Result<Plan, String>,
    busy: RwSignal<bool>,
    import: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let state = use_app_state();
    let plan = match planned {
        Ok(plan) => plan,
        Err(problem) => {
            return view! { <section class="card"><h2>"3. Check and import"</h2><p class="field-error" role="alert">{problem}</p></section> }.into_any();
        }
    };
    let summary = format!(
        "{} rows: {} to import, {} already here from an earlier import, {} refused.",
        plan.tickets.len() + plan.already.len() + plan.refused.len(),
        plan.tickets.len(),
        plan.already.len(),
        plan.refused.len()
    );
    let ready = plan.is_ready();
    let why = if !plan.refused.is_empty() {
        Some(
            "Nothing is imported while any row is refused: correct those rows in the file (or the mapping above) and choose the file again.",
        )
    } else if plan.tickets.is_empty() {
        Some("Nothing new to import.")
    } else {
        None
    };
    let hidden = plan.refused.len().saturating_sub(PROBLEMS_SHOWN);
    let problems = (!plan.refused.is_empty()).then(|| view! {
        <ul class="import-problems" data-testid="import-problems">
            {plan.refused.iter().take(PROBLEMS_SHOWN).map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}
            {(hidden > 0).then(|| view! { <li>{format!("…and {hidden} more.")}</li> })}
        </ul>
    });
    let count = plan.tickets.len();
    let preview = plan.tickets.into_iter().take(PREVIEW_ROWS).map(|(line, t)| {
        let resolved = t
            .steps
            .first_entered(&[TicketState::Resolved])
            .map(browser::short_time)
            .unwrap_or_default();
        view! {
            <tr>
                <td>{line}</td><td>{t.reference.clone()}</td><td>{t.title.clone()}</td>
                <td>{t.ticket_type.label()}</td><td>{t.state.label()}</td>
                <td>{browser::short_time(t.logged_at)}</td><td>{resolved}</td><td>{t.assignee.clone()}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="card" aria-labelledby="import-check-title">
            <h2 id="import-check-title">"3. Check and import"</h2>
            <p data-testid="import-summary">{summary}</p>
            {problems}
            {(count > 0).then(|| view! {
                <div class="table-scroll">
                    <table class="table compact">
                        <caption>{format!("The first {} of {count} tickets to import", count.min(PREVIEW_ROWS))}</caption>
                        <thead><tr><th scope="col">"Line"</th><th scope="col">"Reference"</th><th scope="col">"Title"</th><th scope="col">"Type"</th><th scope="col">"State"</th><th scope="col">"Logged"</th><th scope="col">"Resolved"</th><th scope="col">"Assigned to"</th></tr></thead>
                        <tbody>{preview}</tbody>
                    </table>
                </div>
            })}
            {why.map(|why| view! { <p class="hint">{why}</p> })}
            <button type="button" class="primary" disabled=move || !ready || busy.get() || state.read_only.get() on:click=import>
                {format!("Import {count} tickets")}
            </button>
        </section>
    }
    .into_any()
}
