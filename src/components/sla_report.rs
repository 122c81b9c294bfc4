//! An agreement's report for one month (ISO/IEC 20000-1 8.3.3 asks for performance against
//! targets to be reported): tickets logged, targets met per priority, breaches with their
//! tickets, and availability measured against the target.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::WorkspaceId;
use praxis_core::date::{Date, Month};
use praxis_core::decimal::parse_decimal;
use praxis_core::itsm::agreement::Agreement;
use praxis_core::itsm::duration::{format_minutes, format_span_ms};
use praxis_core::itsm::priority::PriorityMatrix;
use praxis_core::itsm::sla::{PeriodReport, Tally, period_report};
use praxis_core::itsm::ticket::Ticket;

use crate::actions::agreements as actions;
use crate::browser;
use crate::state::{Tone, use_app_state};

/// The month `now` falls in at the agreement's offset.
fn current_month(agreement: &Agreement, now: i64) -> Option<Month> {
    let offset_ms = i64::from(agreement.hours.utc_offset_minutes()) * 60_000;
    Date::from_days_since_epoch((now + offset_ms).div_euclid(86_400_000)).map(Date::month)
}

/// The months to choose from: this one and the eleven before, and any with a measured value.
fn months(agreement: &Agreement, now: i64) -> Vec<Month> {
    let mut months: Vec<Month> =
        std::iter::successors(current_month(agreement, now), |m| m.previous())
            .take(12)
            .collect();
    months.extend(agreement.measured.keys().copied());
    praxis_core::order::sort_by(&mut months, |a, b| b.cmp(a));
    months.dedup();
    months
}

/// `met of decided (percent)`, or a dash when nothing was decided.
fn tally(t: &Tally) -> String {
    match t.met_percent() {
        Some(percent) => format!("{} of {} ({percent:.0} %)", t.met, t.decided),
        None => "—".to_owned(),
    }
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v} %"))
}

/// Prints the report alone (the style sheet hides the rest of the page while this is set); the
/// browser's print dialog returns once printing is done or cancelled.
fn print_report() {
    browser::set_root_attribute("data-print", Some("report"));
    browser::print();
    browser::set_root_attribute("data-print", None);
}

#[component]
pub fn SlaReport(
    workspace: WorkspaceId,
    agreement: Signal<Option<Agreement>>,
    tickets: Signal<Vec<Ticket>>,
    matrix: Signal<PriorityMatrix>,
) -> impl IntoView {
    let state = use_app_state();
    let opened_at = browser::now_ms();
    let chosen = RwSignal::new(
        agreement
            .with_untracked(|a| a.as_ref().and_then(|a| current_month(a, opened_at)))
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let month = Memo::new(move |_| Month::parse(&chosen.get()).ok());
    let report = Memo::new(move |_| {
        let (agreement, month) = (agreement.get()?, month.get()?);
        Some(
            tickets.with(|t| period_report(&agreement, t, &matrix.get(), month, browser::now_ms())),
        )
    });
    let choices =
        move || agreement.with(|a| a.as_ref().map(|a| months(a, opened_at)).unwrap_or_default());
    let measured = RwSignal::new(String::new());
    // The field shows the stored value of the month chosen (again after a save or a sync).
    Effect::new(move || {
        let value = report.with(|r| r.as_ref().and_then(|r| r.availability_measured));
        measured.set(value.map(|v| v.to_string()).unwrap_or_default());
    });
    let error = RwSignal::new(None::<String>);
    let save_measured = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(stored), Some(month)) = (agreement.get_untracked(), month.get_untracked()) else {
            return;
        };
        let typed = measured.get_untracked().trim().replace(['%', ' '], "");
        let mut after = stored.clone();
        if typed.is_empty() {
            after.measured.remove(&month);
        } else {
            match parse_decimal(&typed) {
                Some(value) => {
                    after.measured.insert(month, value);
                }
                None => {
                    error.set(Some(
                        "Nothing was saved: measured availability is a percentage such as 99.95."
                            .to_owned(),
                    ));
                    return;
                }
            }
        }
        let workspace = workspace.clone();
        spawn_local(async move {
            match actions::save(state, &workspace, &stored, &after, &Default::default()).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, format!("Availability for {month} saved."));
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    let body = move || {
        let (report, agreement) = (report.get()?, agreement.get()?);
        Some(view! { <ReportBody report=report agreement=agreement /> })
    };
    view! {
        <section class="card sla-report" aria-labelledby="report-title">
            <h2 id="report-title">"Report"</h2>
            <div class="field-row no-print">
                <div class="field">
                    <label for="report-month">"Month"</label>
                    <select id="report-month" bind:value=chosen>
                        {move || choices().into_iter().map(|m| {
                            let value = m.to_string();
                            let selected = chosen.with_untracked(|c| *c == value);
                            view! { <option value=value.clone() selected=selected>{value.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field-action">
                    <button type="button" on:click=move |_| print_report()>"Print report"</button>
                </div>
            </div>
            {body}
            <form class="inline-form no-print" on:submit=save_measured novalidate>
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <label for="measured-availability">{move || format!("Availability measured in {}", chosen.get())}</label>
                    <p class="hint" id="measured-hint">"From your monitoring, in percent of supported hours; empty to clear."</p>
                    <div class="button-row">
                        <input id="measured-availability" type="text" inputmode="decimal" aria-describedby="measured-hint" bind:value=measured />
                        <button type="submit">"Save measured availability"</button>
                    </div>
                    <p class="field-error" role="alert">{move || error.get()}</p>
                </fieldset>
            </form>
        </section>
    }
}

#[component]
fn ReportBody(report: PeriodReport, agreement: Agreement) -> impl IntoView {
    let availability = match report.availability_met() {
        Some(true) => view! { <span class="badge sla-met">"Target met"</span> }.into_any(),
        Some(false) => view! { <span class="badge sla-breached">"Target missed"</span> }.into_any(),
        None => ().into_any(),
    };
    let rows = report
        .priorities
        .iter()
        .map(|row| {
            let targets = agreement.targets_for(row.priority);
            let target = |m: Option<u32>| m.map_or_else(|| "—".to_owned(), format_minutes);
            view! {
                <tr>
                    <th scope="row">{row.priority.label()}</th>
                    <td>{row.logged}</td>
                    <td>{target(targets.response_minutes)}</td>
                    <td>{tally(&row.response)}</td>
                    <td>{target(targets.resolution_minutes)}</td>
                    <td>{tally(&row.resolution)}</td>
                </tr>
            }
        })
        .collect_view();
    let breaches = if report.breaches.is_empty() {
        view! { <p class="muted">"No target was breached this month."</p> }.into_any()
    } else {
        view! {
            <ul class="links" data-testid="breaches">
                {report.breaches.clone().into_iter().map(|b| view! {
                    <li>
                        <A href=format!("/tickets/{}", b.ticket)>{b.title.clone()}</A>
                        {format!(" — {} ({}) breached by {}{}", b.clock.label(), b.priority.label(), format_span_ms(b.over_ms), if b.open { ", still open" } else { "" })}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <dl class="facts" data-testid="report-facts">
            <dt>"Tickets logged"</dt><dd>{report.tickets}</dd>
            <dt>"Responses in time"</dt><dd>{tally(&report.response)}</dd>
            <dt>"Resolutions in time"</dt><dd>{tally(&report.resolution)}</dd>
            <dt>"Still running"</dt><dd>{format!("{} response, {} resolution clocks (counted once they stop or breach)", report.response.open, report.resolution.open)}</dd>
            <dt>"Availability"</dt><dd>{format!("{} measured, target {}", percent(report.availability_measured), percent(report.availability_target))}" "{availability}</dd>
        </dl>
        {(!report.priorities.is_empty()).then(|| view! {
            <div class="table-scroll"><table class="table compact">
                <caption>{format!("Per priority, {}", report.month)}</caption>
                <thead><tr>
                    <th scope="col">"Priority"</th><th scope="col">"Logged"</th>
                    <th scope="col">"Respond within"</th><th scope="col">"Responded in time"</th>
                    <th scope="col">"Resolve within"</th><th scope="col">"Resolved in time"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        })}
        <h3>"Breaches"</h3>
        {breaches}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use praxis_core::RecordId;
    use praxis_core::itsm::agreement::AgreementKind;

    #[test]
    fn the_months_offered_are_the_last_twelve_and_any_with_a_measured_value() {
        let id = |s: &str| RecordId::parse(s).unwrap();
        let mut a = Agreement::new(id("a"), "Mail", AgreementKind::Sla, id("mail")).unwrap();
        a.measured.insert(Month::parse("2024-03").unwrap(), 99.0);
        // 2026-12-03 15:50 UTC.
        let months = months(&a, 1_796_313_000_000);
        let texts: Vec<String> = months.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), 13);
        assert_eq!(texts[0], "2026-12");
        assert_eq!(texts[11], "2026-01");
        assert_eq!(texts[12], "2024-03");
        assert_eq!(tally(&Tally::default()), "—");
        assert_eq!(percent(Some(99.95)), "99.95 %");
    }
}
