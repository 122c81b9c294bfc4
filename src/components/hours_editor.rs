//! An agreement's service hours as a form: a window per weekday, the offset from UTC the hours
//! are kept in, and the usual patterns one click away. The hours are one field: saving writes
//! them whole, and only if they changed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::WorkspaceId;
use praxis_core::itsm::agreement::Agreement;
use praxis_core::itsm::service_hours::{
    ServiceHours, WEEKDAYS, Window, format_clock, format_offset, offsets, parse_clock,
};

use crate::actions::agreements as actions;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

/// One weekday's row: open or not, from, to.
#[derive(Debug, Clone, Copy)]
struct DayFields {
    open: SyncedText,
    start: SyncedText,
    end: SyncedText,
}

/// The texts the form shows for `hours`: per day "open", start and end; and the offset.
fn texts(hours: &ServiceHours) -> ([(String, String, String); 7], String) {
    let days = std::array::from_fn(|day| match hours.days()[day] {
        Some(w) => (
            "open".to_owned(),
            format_clock(w.start),
            format_clock(w.end),
        ),
        None => (String::new(), "08:00".to_owned(), "18:00".to_owned()),
    });
    (days, hours.utc_offset_minutes().to_string())
}

/// Hours from what the form holds, or why they cannot be used.
fn read(days: &[DayFields; 7], offset: &SyncedText) -> Result<ServiceHours, String> {
    let mut windows = [None; 7];
    for (day, fields) in days.iter().enumerate() {
        if fields.open.typed().is_empty() {
            continue;
        }
        let name = WEEKDAYS[day];
        let start = parse_clock(&fields.start.typed(), false)
            .ok_or_else(|| format!("{name}: the start must be a time such as 08:00."))?;
        let end = parse_clock(&fields.end.typed(), true)
            .ok_or_else(|| format!("{name}: the end must be a time such as 18:00."))?;
        windows[day] = Some(Window { start, end });
    }
    let offset = offset
        .typed()
        .parse()
        .map_err(|_| "Choose the offset from UTC.")?;
    ServiceHours::new(offset, windows).map_err(|e| e.to_string())
}

#[component]
pub fn HoursEditor(workspace: WorkspaceId, agreement: Signal<Option<Agreement>>) -> impl IntoView {
    let state = use_app_state();
    let initial = agreement.with_untracked(|a| {
        a.as_ref()
            .map_or_else(ServiceHours::always, |a| a.hours.clone())
    });
    let (day_texts, offset_text) = texts(&initial);
    let days: [DayFields; 7] = day_texts.map(|(open, start, end)| DayFields {
        open: SyncedText::new(open),
        start: SyncedText::new(start),
        end: SyncedText::new(end),
    });
    let offset = SyncedText::new(offset_text);
    Effect::new(move || {
        if let Some(a) = agreement.get() {
            let (day_texts, offset_text) = texts(&a.hours);
            for (fields, (open, start, end)) in days.iter().zip(day_texts) {
                fields.open.receive(open);
                fields.start.receive(start);
                fields.end.receive(end);
            }
            offset.receive(offset_text);
        }
    });
    let edited = move || {
        offset.is_edited()
            || days
                .iter()
                .any(|d| d.open.is_edited() || d.start.is_edited() || d.end.is_edited())
    };
    count_while_unsaved(state, edited);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // A pattern sets the days; the offset stays where the team works.
    let preset = move |hours: Option<ServiceHours>| {
        let (day_texts, _) = texts(&hours.unwrap_or_else(ServiceHours::always));
        for (fields, (open, start, end)) in days.iter().zip(day_texts) {
            fields.open.value.set(open);
            fields.start.value.set(start);
            fields.end.value.set(end);
        }
    };
    let weekdays = |start: u16, end: u16| ServiceHours::weekdays(start * 60, end * 60, 0).ok();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stored) = agreement.get_untracked() else {
            return;
        };
        let hours = match read(&days, &offset) {
            Ok(hours) => hours,
            Err(problem) => {
                error.set(Some(format!("Nothing was saved: {problem}")));
                return;
            }
        };
        let after = Agreement {
            hours,
            ..stored.clone()
        };
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &stored, &after, &Default::default()).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Service hours saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let rows = days
        .iter()
        .enumerate()
        .map(|(day, fields)| {
            let fields = *fields;
            let name = WEEKDAYS[day];
            let is_open = move || !fields.open.value.get().is_empty();
            view! {
                <tr>
                    <th scope="row">
                        <label class="check">
                            <input type="checkbox" id=format!("hours-open-{day}")
                                prop:checked=is_open
                                on:change=move |ev| fields.open.value.set(if event_target_checked(&ev) { "open".to_owned() } else { String::new() }) />
                            {name}
                        </label>
                    </th>
                    <td><input type="time" aria-label=format!("{name} from") disabled=move || !is_open() bind:value=fields.start.value /></td>
                    <td><input type="time" aria-label=format!("{name} until") disabled=move || !is_open() bind:value=fields.end.value /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="hours-title">
            <h2 id="hours-title">"Service hours"</h2>
            <p class="hint">"Clocks count only supported time. An end of 00:00 is midnight at the end of the day. Daylight saving is not followed: set the offset your team works to."</p>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="button-row">
                    <button type="button" on:click=move |_| preset(None)>"Around the clock"</button>
                    <button type="button" on:click=move |_| preset(weekdays(8, 18))>"Weekdays 08:00–18:00"</button>
                    <button type="button" on:click=move |_| preset(weekdays(9, 17))>"Weekdays 09:00–17:00"</button>
                </div>
                <div class="table-scroll"><table class="table compact hours">
                    <caption class="visually-hidden">"Supported time per weekday"</caption>
                    <thead><tr><th scope="col">"Day"</th><th scope="col">"From"</th><th scope="col">"Until"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                <div class="field">
                    <label for="hours-offset">"Kept in"</label>
                    <select id="hours-offset" bind:value=offset.value>
                        {offsets().map(|o| view! { <option value=o.to_string() selected=o.to_string() == offset.stored()>{format_offset(o)}</option> }).collect_view()}
                    </select>
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !edited()>"Save service hours"</button>
            </fieldset>
        </form>
    }
}
