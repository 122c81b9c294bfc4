//! A record's history: who changed which field, when, and what it became, newest first. Read
//! from the store's change feed only when opened, a page at a time.

use std::rc::Rc;

use leptos::prelude::*;
use praxis_core::framework::{Catalogue, Framework};
use praxis_core::history::{describe_field, describe_value};
use praxis_core::{RecordKey, RecordType};
use praxis_store::Store;

use crate::actions::frameworks::catalogue;
use crate::browser;
use crate::state::use_app_state;

const PAGE: usize = 25;

#[component]
pub fn RecordHistory(
    key: RecordKey,
    /// The record's kind, for refreshing when records of that kind change.
    kind: &'static str,
    /// What the record is, in words ("this assessment").
    noun: &'static str,
) -> impl IntoView {
    let state = use_app_state();
    let revision = state.kind_revision(Some(kind));
    // The frameworks name the fields ("ISO/IEC 27001:2022 A.5.1 · rating"); they are read
    // again only when one of them changed, not on every change to the record.
    let frameworks = state.kind_revision(Some(Framework::KIND));
    let read_catalogue: StoredValue<Option<(u64, Rc<Catalogue>)>, LocalStorage> =
        StoredValue::new_local(None);
    let open = RwSignal::new(false);
    let shown = RwSignal::new(PAGE);
    let key = StoredValue::new(key);
    let history = LocalResource::new(move || {
        let (opened, limit, frameworks_at) = (open.get(), shown.get(), frameworks.get());
        revision.track();
        async move {
            if !opened {
                return Ok(None);
            }
            let key = key.get_value();
            let store = state.store();
            let (entries, total) = store
                .record_history(&key, limit)
                .await
                .map_err(|e| e.to_string())?;
            let catalogue = match read_catalogue.get_value() {
                Some((at, catalogue)) if at == frameworks_at => catalogue,
                _ => {
                    let catalogue = Rc::new(catalogue(state, &key.workspace).await?);
                    read_catalogue.set_value(Some((frameworks_at, Rc::clone(&catalogue))));
                    catalogue
                }
            };
            let rows: Vec<[String; 4]> = entries
                .iter()
                .map(|change| {
                    [
                        browser::format_time(change.at()),
                        change.actor.name().to_owned(),
                        describe_field(change.kind.as_str(), &change.field, &catalogue),
                        describe_value(change.kind.as_str(), &change.field, change.value.as_ref()),
                    ]
                })
                .collect();
            Ok::<_, String>(Some((rows, total)))
        }
    });
    let table = move || match history.get() {
        None | Some(Ok(None)) => view! { <p class="muted">"Loading…"</p> }.into_any(),
        Some(Err(problem)) => view! { <p class="field-error">{problem}</p> }.into_any(),
        Some(Ok(Some((rows, _)))) if rows.is_empty() => {
            view! { <p class="muted">{format!("No changes to {noun} are recorded.")}</p> }
                .into_any()
        }
        Some(Ok(Some((rows, total)))) => {
            let more = total > rows.len();
            let count = match total {
                1 => "1 change recorded.".to_owned(),
                n if more => format!("The newest {} of {n} changes.", rows.len()),
                n => format!("{n} changes recorded."),
            };
            view! {
                <div class="table-scroll">
                <table class="table history-table">
                    <caption class="visually-hidden">{format!("Changes to {noun}, newest first")}</caption>
                    <thead>
                        <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Became"</th></tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|[when, who, what, became]| view! {
                            <tr><td>{when}</td><td>{who}</td><td>{what}</td><td>{became}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <p class="muted">{count}</p>
                {more.then(|| view! {
                    <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>"Show older changes"</button>
                })}
            }
            .into_any()
        }
    };
    view! {
        <details class="card history" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary><h2>"History"</h2></summary>
            <p class="hint">{format!("Every change to {noun}: who made it, when, and what the field became.")}</p>
            <Show when=move || open.get()>{table}</Show>
        </details>
    }
}
