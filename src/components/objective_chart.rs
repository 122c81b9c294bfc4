//! An objective's measurements: the line over time against the target (an SVG chart, with the
//! same numbers as a table), a form to record one — today's date first — and a button to take
//! one back. Each measurement is saved at once, as a field of its own.

use leptos::prelude::*;
use praxis_core::decimal::parse_decimal;
use praxis_core::isms::objective::{Measurement, NOTE_MAX_CHARS, Objective};
use praxis_core::isms::objective_plot::{BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, plot};
use praxis_core::{RecordId, WorkspaceId};

use crate::browser;
use crate::components::field_form::save_edit;
use crate::routes::objectives::with_unit;
use crate::state::use_app_state;

fn chart(o: &Objective) -> AnyView {
    let Some(p) = plot(o) else {
        return view! { <p class="muted">"Nothing measured yet: record the first measurement below."</p> }
            .into_any();
    };
    let description = format!(
        "{} measurements of {} from {} to {}{}",
        p.points.len(),
        if o.measure.is_empty() {
            &o.title
        } else {
            &o.measure
        },
        p.first,
        p.last,
        o.target
            .map(|t| format!(", against a target of {}", with_unit(t, &o.unit)))
            .unwrap_or_default()
    );
    let bottom = HEIGHT - BOTTOM;
    let dots = p
        .points
        .iter()
        .map(|(x, y, on, value)| {
            let tip = format!("{}: {on}", with_unit(*value, &o.unit));
            let class = match o.meets(*value) {
                Some(false) => "dot misses",
                _ => "dot",
            };
            view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="3.5" class=class><title>{tip}</title></circle> }
        })
        .collect_view();
    let target = p.target_y.map(|y| {
        let label_y = format!("{:.1}", y - 3.0);
        let y = format!("{y:.1}");
        view! {
            <line x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=y.clone() y2=y class="target" />
            <text x=(WIDTH - RIGHT).to_string() y=label_y class="axis-label" text-anchor="end">"target"</text>
        }
    });
    view! {
        <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=description>
            <line x1=LEFT.to_string() x2=LEFT.to_string() y1=TOP.to_string() y2=bottom.to_string() class="grid" />
            <line x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=bottom.to_string() y2=bottom.to_string() class="grid" />
            <text x=(LEFT - 4.0).to_string() y=(TOP + 4.0).to_string() class="axis-label" text-anchor="end">{format!("{:.1}", p.high)}</text>
            <text x=(LEFT - 4.0).to_string() y=bottom.to_string() class="axis-label" text-anchor="end">{format!("{:.1}", p.low)}</text>
            <text x=LEFT.to_string() y=(HEIGHT - 6.0).to_string() class="axis-label">{p.first.to_string()}</text>
            <text x=(WIDTH - RIGHT).to_string() y=(HEIGHT - 6.0).to_string() class="axis-label" text-anchor="end">{p.last.to_string()}</text>
            {target}
            <polyline points=p.line() class="line" />
            {dots}
        </svg>
    }
    .into_any()
}

#[component]
pub fn ObjectiveMeasurements(
    workspace: WorkspaceId,
    stored: Signal<Option<Objective>>,
) -> impl IntoView {
    let state = use_app_state();
    let on = RwSignal::new(browser::today());
    let value = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let record_in = workspace.clone();
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(number) = parse_decimal(value.get_untracked().trim()) else {
            error.set(Some(
                "Type the value as a number such as 99.5 (digits and one point).".into(),
            ));
            return;
        };
        let Ok(day) = praxis_core::date::Date::parse(&on.get_untracked()) else {
            error.set(Some("Say the day it was measured.".into()));
            return;
        };
        let Ok(id) = RecordId::parse(&browser::new_id()) else {
            return;
        };
        let measurement = Measurement {
            on: day,
            value: number,
            note: note.get_untracked().trim().to_owned(),
        };
        // Checked here first, so a refusal is said in the objective's own words.
        let Some(mut checked) = stored.get_untracked() else {
            return;
        };
        if let Err((_, problem)) = checked.measure(id.clone(), measurement.clone()) {
            error.set(Some(format!("Nothing was saved: {problem}")));
            return;
        }
        save_edit(
            state,
            record_in.clone(),
            stored,
            |o| &o.id,
            move |o| {
                o.measurements.insert(id, measurement);
            },
            Some("Measurement recorded."),
            Some(error),
        );
        value.set(String::new());
        note.set(String::new());
    };
    let rows = move || {
        stored.with(|o| {
            let Some(o) = o else {
                return Vec::new();
            };
            o.series()
                .into_iter()
                .rev()
                .map(|(id, m)| {
                    let id = id.clone();
                    let meets = match o.meets(m.value) {
                        Some(true) => "Yes",
                        Some(false) => "No",
                        None => "—",
                    };
                    let workspace = workspace.clone();
                    let question = format!(
                        "Remove the measurement of {} on {}?",
                        with_unit(m.value, &o.unit),
                        m.on
                    );
                    let remove = move |_| {
                        if !browser::confirm(&question) {
                            return;
                        }
                        let id = id.clone();
                        save_edit(
                            state,
                            workspace.clone(),
                            stored,
                            |o| &o.id,
                            move |o| {
                                o.measurements.remove(&id);
                            },
                            Some("Measurement removed."),
                            Some(error),
                        );
                    };
                    view! {
                        <tr>
                            <td>{m.on.to_string()}</td>
                            <td>{with_unit(m.value, &o.unit)}</td>
                            <td>{meets}</td>
                            <td>{m.note.clone()}</td>
                            <td><button type="button" class="link-button" disabled=move || state.read_only.get()
                                on:click=remove>"Remove"</button></td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" aria-labelledby="measurements-title">
            <h2 id="measurements-title">"Measurements"</h2>
            <figure class="chart objective-chart">
                {move || stored.with(|o| o.as_ref().map(chart))}
                <p class="legend"><span class="swatch actual"></span>" measured "<span class="swatch target"></span>" target"</p>
            </figure>
            <table class="table" data-testid="measurements">
                <caption class="visually-hidden">"Measurements, newest first"</caption>
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Value"</th><th scope="col">"Meets the target"</th><th scope="col">"Note"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <Show when=move || !state.read_only.get()>
                <form class="inline-form measure-form" on:submit=record.clone()>
                    <div class="field measure-day"><label for="measure-on">"Day"</label>
                        <input id="measure-on" type="date" prop:value=move || on.get() on:input=move |ev| on.set(event_target_value(&ev)) required /></div>
                    <div class="field measure-value"><label for="measure-value">"Value"</label>
                        <input id="measure-value" type="text" inputmode="decimal" prop:value=move || value.get()
                            on:input=move |ev| value.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="measure-note">"Note"</label>
                        <input id="measure-note" type="text" maxlength=NOTE_MAX_CHARS.to_string() prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev)) /></div>
                    <button type="submit">"Record measurement"</button>
                </form>
            </Show>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
