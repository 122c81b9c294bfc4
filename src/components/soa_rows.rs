//! A Statement of Applicability version's rows as a table, one control a row: whether it
//! applies, why it is included or why it is left out, how far it is implemented, its owner and
//! evidence, and the risks that name it. Each change is saved as the field it changed (a text
//! when it is left); an exclusion waits for its justification before it is saved. An approved
//! version shows the same table, not editable.

use leptos::prelude::*;
use praxis_core::WorkspaceId;
use praxis_core::framework::iso27001;
use praxis_core::isms::risk::Risk;
use praxis_core::isms::soa::{Implementation, Reason, Row, Soa, TEXT_MAX_CHARS};

use crate::components::field_form::save_edit;
use crate::state::use_app_state;

/// Which rows the table shows.
fn shown(control: &str, title: &str, row: &Row, show: &str, search: &str) -> bool {
    let wanted = match show {
        "applicable" => row.applicable,
        "excluded" => !row.applicable,
        "incomplete" => row.applicable && (row.reasons.is_empty() || row.status.is_none()),
        _ => true,
    };
    let search = search.trim().to_lowercase();
    wanted
        && (search.is_empty()
            || control.to_lowercase().contains(&search)
            || title.to_lowercase().contains(&search))
}

#[component]
pub fn SoaRows(
    workspace: WorkspaceId,
    stored: Signal<Option<Soa>>,
    risks: Signal<Vec<Risk>>,
) -> impl IntoView {
    let show = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let framework = iso27001();
    let rows = move || {
        let soa = stored.get()?;
        let frozen = soa.is_approved();
        let (show, search) = (show.get(), search.get());
        let list: Vec<_> = soa
            .ordered()
            .into_iter()
            .filter_map(|(control, row)| {
                let title = framework.item(control).map_or("", |i| i.title.as_str());
                shown(control, title, row, &show, &search).then(|| {
                    let key = format!("{}/{control}", framework.id);
                    let linked: Vec<String> = risks.with(|all| {
                        all.iter()
                            .filter(|r| r.controls.contains(&key))
                            .map(|r| r.title.clone())
                            .collect()
                    });
                    view! {
                        <SoaRowEdit workspace=workspace.clone() stored=stored control=control title=title
                            row=row.clone() frozen=frozen linked=linked />
                    }
                })
            })
            .collect();
        let count = list.len();
        Some(view! {
            <p class="muted" role="status" data-testid="soa-count">{format!("{count} of {} controls", soa.rows.len())}</p>
            <div class="table-scroll">
                <table class="table soa-table" data-testid="soa-rows">
                    <caption class="visually-hidden">"Annex A controls"</caption>
                    <thead><tr>
                        <th scope="col">"Control"</th><th scope="col">"Applies"</th><th scope="col">"Why included"</th>
                        <th scope="col">"Justification for exclusion"</th><th scope="col">"Implementation"</th>
                        <th scope="col">"Owner"</th><th scope="col">"Evidence"</th><th scope="col">"Risks"</th>
                    </tr></thead>
                    <tbody>{list}</tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="card" aria-labelledby="soa-rows-title">
            <h2 id="soa-rows-title">"Controls"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="soa-search">"Search"</label>
                    <input id="soa-search" type="search" placeholder="A.8.24 or cryptography" bind:value=search />
                </div>
                <div class="field">
                    <label for="soa-show">"Show"</label>
                    <select id="soa-show" bind:value=show>
                        <option value="">"Every control"</option>
                        <option value="applicable">"Applicable"</option>
                        <option value="excluded">"Excluded"</option>
                        <option value="incomplete">"Applicable, reason or implementation missing"</option>
                    </select>
                </div>
            </div>
            {rows}
        </section>
    }
}

#[component]
fn SoaRowEdit(
    workspace: WorkspaceId,
    stored: Signal<Option<Soa>>,
    control: &'static str,
    title: &'static str,
    row: Row,
    frozen: bool,
    linked: Vec<String>,
) -> impl IntoView {
    let state = use_app_state();
    let local = RwSignal::new(row);
    let waiting = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Saves the row as it now is, unless it is an exclusion still without its justification.
    let save = move || {
        let row = local.get_untracked();
        if !row.applicable && row.justification.trim().is_empty() {
            waiting.set(true);
            return;
        }
        waiting.set(false);
        let workspace = workspace.clone();
        save_edit(
            state,
            workspace,
            stored,
            |s: &Soa| &s.id,
            move |soa: &mut Soa| {
                soa.rows.insert(control.to_owned(), row);
            },
            None,
            Some(error),
        );
    };
    let disabled = move || frozen || state.read_only.get();
    let id = control.replace('.', "-");
    let save_text = save.clone();
    let text_input = move |part: &'static str,
                           get: fn(&Row) -> &String,
                           set: fn(&mut Row, String)| {
        let save = save_text.clone();
        view! {
            <input type="text" maxlength=TEXT_MAX_CHARS aria-label=format!("{control} {part}") disabled=disabled
                prop:value=move || local.with(|r| get(r).clone())
                on:change=move |ev| { local.update(|r| set(r, event_target_value(&ev))); save(); } />
        }
    };
    let save_applicable = save.clone();
    let save_status = save.clone();
    let save_reason = save.clone();
    view! {
        <tr class:attention=move || waiting.get() data-control=control>
            <th scope="row"><span class="soa-id">{control}</span>" "<span class="hint">{title}</span></th>
            <td>
                <input type="checkbox" id=format!("soa-{id}-applies") aria-label=format!("{control} applies") disabled=disabled
                    prop:checked=move || local.with(|r| r.applicable)
                    on:change=move |ev| { local.update(|r| r.applicable = event_target_checked(&ev)); save_applicable(); } />
            </td>
            <td>
                <fieldset class="plain soa-reasons">
                    <legend class="visually-hidden">{format!("{control}: why included")}</legend>
                    {Reason::ALL.iter().map(|&reason| {
                        let save = save_reason.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" disabled=move || disabled() || local.with(|r| !r.applicable)
                                    prop:checked=move || local.with(|r| r.reasons.contains(&reason))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        local.update(|r| { if on { r.reasons.insert(reason); } else { r.reasons.remove(&reason); } });
                                        save();
                                    } />
                                {reason.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </td>
            <td>
                {text_input("justification", |r| &r.justification, |r, t| r.justification = t.trim().to_owned())}
                {move || waiting.get().then(|| view! { <span class="hint" role="alert">"Justify the exclusion to save it."</span> })}
            </td>
            <td>
                <select aria-label=format!("{control} implementation") disabled=move || disabled() || local.with(|r| !r.applicable)
                    prop:value=move || local.with(|r| r.status.map_or("", Implementation::as_str).to_owned())
                    on:change=move |ev| { local.update(|r| r.status = Implementation::parse(&event_target_value(&ev))); save_status(); }>
                    <option value="">"Not stated"</option>
                    {Implementation::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
            </td>
            <td>{text_input("owner", |r| &r.owner, |r, t| r.owner = t.trim().to_owned())}</td>
            <td>{text_input("evidence", |r| &r.evidence, |r, t| r.evidence = t.trim().to_owned())}</td>
            <td>{linked.join("; ")}{move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}</td>
        </tr>
    }
}
