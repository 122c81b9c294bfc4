//! The forward schedule of changes (ISO/IEC 20000-1 8.5.1): a month's calendar with each
//! change on the days it covers, clashes marked, the month before and after one click away
//! (`?month=2026-12` links), and the whole schedule as an iCalendar file.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use praxis_core::date::{Date, Month};
use praxis_core::itsm::change_calendar::{clashes, clashes_of, ics, month_grid, window};
use praxis_core::itsm::workflow::Lifecycle;

use super::changes::{read_or_empty, use_changes};
use super::services::use_service_catalogue;
use crate::browser;
use crate::state::{Tone, use_app_state};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn this_month() -> Month {
    Date::parse(&browser::today())
        .map(Date::month)
        .unwrap_or_else(|_| Month::parse("2026-01").expect("valid"))
}

#[component]
pub fn ChangeCalendar() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let month = Memo::new(move |_| {
        query
            .with(|q| q.get("month"))
            .and_then(|m| Month::parse(&m).ok())
            .unwrap_or_else(this_month)
    });
    let changes = read_or_empty(use_changes());
    let services = read_or_empty(use_service_catalogue());
    let download = move |_| {
        let services = services.get_untracked();
        let origin = window_origin();
        let text = changes.with_untracked(|all| {
            ics(
                all,
                |id| {
                    services
                        .iter()
                        .find(|s| &s.id == id)
                        .map(|s| s.name.clone())
                },
                |id| origin.as_ref().map(|o| format!("{o}/changes/{id}")),
                browser::now_ms(),
            )
        });
        match browser::download("forward-schedule-of-changes.ics", "text/calendar", &text) {
            Ok(()) => state.notify(Tone::Success, "Calendar file downloaded."),
            Err(problem) => state.notify(
                Tone::Error,
                format!("The calendar file could not be made: {problem}"),
            ),
        }
    };
    let planned_count =
        move || changes.with(|all| all.iter().filter(|c| window(c).is_some()).count());
    let grid = move || {
        let month = month.get();
        let offset = i64::from(browser::utc_offset_minutes());
        let all = changes.get();
        let clashing = clashes(&all);
        let weeks = month_grid(month, offset, &all);
        let today = browser::today();
        // Each day with what it shows of its changes: id, title, state, whether it clashes.
        let weeks: Vec<Vec<_>> = weeks
            .into_iter()
            .map(|week| {
                week.into_iter()
                    .map(|day| {
                        let listed: Vec<(String, String, &'static str, bool)> = day
                            .changes
                            .iter()
                            .filter_map(|id| all.iter().find(|c| &c.id == id))
                            .map(|c| {
                                let clash = !clashes_of(&clashing, &c.id).is_empty();
                                (c.id.to_string(), c.title.clone(), c.state.label(), clash)
                            })
                            .collect();
                        (day, listed)
                    })
                    .collect()
            })
            .collect();
        let cell = move |(day, listed): (
            praxis_core::itsm::change_calendar::Day,
            Vec<(String, String, &'static str, bool)>,
        )| {
            let date = day.date.to_string();
            let is_today = date == today;
            let items = listed
                .into_iter()
                .map(|(id, title, state, clash)| {
                    let said = format!(
                        " — {}{}",
                        state.to_lowercase(),
                        if clash {
                            ", clashes with another change"
                        } else {
                            ""
                        }
                    );
                    view! {
                        <li class:clash=clash>
                            <A href=format!("/changes/{id}")>{title}</A>
                            <span class="visually-hidden">{said}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <td class:outside=!day.in_month class:today=is_today>
                    <span class="day-number">{date[8..].trim_start_matches('0').to_owned()}</span>
                    <ul class="calendar-items">{items}</ul>
                </td>
            }
        };
        let (month_start, month_end) = month.span_ms(offset);
        let mut agenda: Vec<_> = all
            .iter()
            .filter_map(|c| window(c).map(|(s, e)| (c, s, e)))
            .filter(|(_, s, e)| *s < month_end && *e > month_start)
            .map(|(c, s, e)| {
                let clash = !clashes_of(&clashing, &c.id).is_empty();
                (
                    s,
                    e,
                    c.id.to_string(),
                    c.title.clone(),
                    c.state.label(),
                    clash,
                )
            })
            .collect();
        praxis_core::order::sort_by(&mut agenda, |a, b| {
            a.0.cmp(&b.0).then_with(|| a.2.cmp(&b.2))
        });
        let agenda = if agenda.is_empty() {
            view! { <p class="hint">{format!("No change is planned in {month}.")}</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list agenda" data-testid="change-agenda">
                    {agenda.into_iter().map(|(s, e, id, title, state, clash)| view! {
                        <li class:clash=clash>
                            <span class="agenda-when">{format!("{} – {}", browser::short_time(s), browser::short_time(e))}</span>" "
                            <A href=format!("/changes/{id}")>{title}</A>
                            <span class="hint">{format!(" · {state}{}", if clash { " · clashes with another change to its service" } else { "" })}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        };
        view! {
            <table class="calendar" data-testid="change-calendar">
                <caption class="visually-hidden">{format!("Changes planned in {month}")}</caption>
                <thead><tr>{WEEKDAYS.map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {weeks.into_iter().map(|week| view! { <tr>{week.into_iter().map(cell.clone()).collect_view()}</tr> }).collect_view()}
                </tbody>
            </table>
            <h3 class="agenda-title">"Planned this month"</h3>
            {agenda}
        }
    };
    let step = move |later: bool| {
        let m = month.get();
        let to = if later { m.next() } else { m.previous() };
        to.map(|to| format!("/changes/calendar?month={to}"))
            .unwrap_or_default()
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb"><A href="/workflows">"Workflows"</A>" › "<A href="/changes">"Changes"</A></p>
            <h1 id="page-title">"Forward schedule of changes"</h1>
            <p class="lead">"Every change with a planned window, on the days it covers (in this browser's time zone). Changes to one service planned over the same time are marked as clashing."</p>
            <div class="card">
                <div class="button-row calendar-nav">
                    <A href=move || step(false) attr:class="button">"← Previous month"</A>
                    <h2 data-testid="calendar-month">{move || month.get().to_string()}</h2>
                    <A href=move || step(true) attr:class="button">"Next month →"</A>
                </div>
                <div class="table-scroll calendar-box">{grid}</div>
                <p class="hint">{move || match planned_count() {
                    0 => "No change has a planned window yet: plan one on its page.".to_owned(),
                    1 => "1 change has a planned window.".to_owned(),
                    n => format!("{n} changes have a planned window."),
                }}</p>
                <button type="button" on:click=download disabled=move || planned_count() == 0>"Download as iCalendar (.ics)"</button>
            </div>
        </section>
    }
}

/// This page's origin (`https://praxis.example.org`), for links in the calendar file.
fn window_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}
