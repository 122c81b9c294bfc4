//! The dashboard's card of what needs attention now — service management, overdue actions,
//! reviews falling due — each count a link to the list filtered the same way (ISO/IEC 20000-1
//! 8.3.3, 8.6; ISO/IEC 27001 A.5.24–A.5.26, 6.1.3, 10.2).

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::itsm::dues::DUE_WINDOW_DAYS;
use praxis_core::itsm::overview::{change_overview, overview};

use crate::browser;
use crate::components::due_list::{due_items, use_dues};
use crate::routes::actions::use_actions;
use crate::routes::agreements::use_agreements;
use crate::routes::changes::{read_or_empty, use_changes};
use crate::routes::tickets::use_tickets;

#[component]
pub fn ServiceOverview() -> impl IntoView {
    let loaded = use_tickets();
    let agreements = read_or_empty(use_agreements());
    let changes = read_or_empty(use_changes());
    let actions = read_or_empty(use_actions());
    // The clocks move on while the page is open.
    let minute = RwSignal::new(());
    let timer = StoredValue::new_local(Some(gloo_timers::callback::Interval::new(
        60_000,
        move || minute.set(()),
    )));
    on_cleanup(move || timer.set_value(None));
    let due = use_dues(minute);
    let figures = move || {
        minute.track();
        let (tickets, _, settings) = loaded.get()?.ok()?;
        let (due, today) = due.get()?;
        let change_figures = changes.with(|all| change_overview(all, browser::now_ms()));
        let overdue_actions =
            actions.with(|all| all.iter().filter(|a| a.is_overdue(today)).count());
        Some((
            overdue_actions,
            change_figures,
            agreements.with(|agreements| {
                overview(
                    &tickets,
                    agreements,
                    &settings.priority_matrix,
                    browser::now_ms(),
                )
            }),
            due,
            today,
        ))
    };
    let body = move || {
        let Some((overdue_actions, changes, figures, due, today)) = figures() else {
            return view! { <p>"Loading…"</p> }.into_any();
        };
        let line = |count: usize,
                    href: &'static str,
                    one: &'static str,
                    many: &'static str,
                    testid: &'static str,
                    urgent: bool| {
            let text = format!("{count} {}", if count == 1 { one } else { many });
            let attention = urgent && count > 0;
            view! {
                <li class:attention=attention>
                    <A href=href attr:data-testid=testid>{text}</A>
                </li>
            }
        };
        let notices = (figures.notices_overdue > 0).then(|| {
            view! {
                <li class="attention">
                    <A href="/tickets?type=security" attr:data-testid="overview-notices">
                        {format!("{} with a notification overdue", figures.notices_overdue)}
                    </A>
                </li>
            }
        });
        let reviews = if due.is_empty() {
            view! { <p class="hint">{format!("Nothing falls due in the next {DUE_WINDOW_DAYS} days.")}</p> }.into_any()
        } else {
            due_items(due, today).into_any()
        };
        view! {
            <ul class="overview">
                {line(figures.open, "/tickets", "open ticket", "open tickets", "overview-open", false)}
                {line(figures.breached, "/tickets?sla=breached", "ticket has breached its SLA", "tickets have breached their SLA", "overview-breached", true)}
                {line(figures.at_risk, "/tickets?sla=at-risk", "ticket is about to breach", "tickets are about to breach", "overview-at-risk", true)}
                {line(figures.major_open, "/tickets?type=major", "major incident open", "major incidents open", "overview-major", true)}
                {line(figures.security_open, "/tickets?type=security", "security incident open", "security incidents open", "overview-security", true)}
                {notices}
            </ul>
            <h3>"Changes"</h3>
            <ul class="overview">
                {line(changes.awaiting_approval, "/changes?state=awaiting", "change awaiting approval", "changes awaiting approval", "overview-awaiting", true)}
                {line(changes.starting_this_week, "/changes/calendar", "change starts in the next 7 days", "changes start in the next 7 days", "overview-starting", false)}
                {line(changes.failed, "/changes?state=failed", "failed change to back out", "failed changes to back out", "overview-failed", true)}
                {(changes.clashes > 0).then(|| line(changes.clashes, "/changes/calendar", "clash between changes to one service", "clashes between changes to one service", "overview-clashes", true))}
            </ul>
            <h3>"Actions"</h3>
            <ul class="overview">
                {line(overdue_actions, "/actions?due=overdue", "action overdue", "actions overdue", "overview-actions-overdue", true)}
            </ul>
            <h3>"Reviews, renewals, tests and actions due"</h3>
            {reviews}
            <p><A href="/due">"Everything due, by register"</A></p>
        }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="overview-title">
            <h2 id="overview-title">"What needs attention now"</h2>
            {body}
        </section>
    }
}
