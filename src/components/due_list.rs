//! What falls due across every register — reviews of agreements, suppliers, plans, risks (sooner
//! when a change or a security incident triggers one), documents, objectives and the Statement
//! of Applicability; certificate expiries, contract notice, continuity tests, open actions — read
//! once for the dashboard's card and the due page, and the list that shows it.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::date::Date;
use praxis_core::itsm::dues::{Dated, Due, dues};

use crate::browser;
use crate::routes::actions::use_actions;
use crate::routes::agreements::use_agreements;
use crate::routes::changes::{read_or_empty, use_changes};
use crate::routes::continuity::use_plans;
use crate::routes::contracts::use_contracts;
use crate::routes::documents::use_documents;
use crate::routes::objectives::use_objectives;
use crate::routes::risks::use_risks;
use crate::routes::soa::use_soa_versions;
use crate::routes::suppliers::use_suppliers;
use crate::routes::tickets::use_tickets;

/// Everything due by 30 days from today (overdue included), soonest first, with today; `None`
/// until the tickets have been read.
pub fn use_dues(minute: RwSignal<()>) -> Memo<Option<(Vec<Due>, Date)>> {
    let tickets = use_tickets();
    let agreements = read_or_empty(use_agreements());
    let changes = read_or_empty(use_changes());
    let suppliers = read_or_empty(use_suppliers());
    let contracts = read_or_empty(use_contracts());
    let plans = read_or_empty(use_plans());
    let risks = read_or_empty(use_risks());
    let actions = read_or_empty(use_actions());
    let documents = read_or_empty(use_documents());
    let objectives = read_or_empty(use_objectives());
    let soa = read_or_empty(use_soa_versions());
    Memo::new(move |_| {
        minute.track();
        let (tickets, ..) = tickets.get()?.ok()?;
        let today = browser::today_date();
        let due = dues(
            Dated {
                agreements: &agreements.get(),
                suppliers: &suppliers.get(),
                contracts: &contracts.get(),
                plans: &plans.get(),
                risks: &risks.get(),
                actions: &actions.get(),
                documents: &documents.get(),
                objectives: &objectives.get(),
                soa: &soa.get(),
                changes: &changes.get(),
                tickets: &tickets,
            },
            today,
        );
        Some((due, today))
    })
}

/// How a due date stands: "3 days overdue", "due today", "in 12 days".
fn standing(date: Date, today: Date) -> String {
    let days = date.days_since_epoch() - today.days_since_epoch();
    match days {
        0 => "due today".to_owned(),
        1 => "due tomorrow".to_owned(),
        -1 => "1 day overdue".to_owned(),
        d if d < 0 => format!("{} days overdue", -d),
        d => format!("in {d} days"),
    }
}

/// A date as it stands today: "2026-11-20 (8 days overdue)", "2027-01-10", or `none`.
pub fn dated(date: Option<Date>, today: Date, none: &str) -> String {
    match date {
        None => none.to_owned(),
        Some(d) if d < today => format!("{d} ({})", standing(d, today)),
        Some(d) => d.to_string(),
    }
}

/// The list of `due`, each linking to its record; overdue ones stand out.
pub fn due_items(due: Vec<Due>, today: Date) -> impl IntoView {
    view! {
        <ul class="due-list" data-testid="overview-reviews">
            {due.into_iter().map(|due| {
                let late = due.date < today;
                view! {
                    <li class:attention=late>
                        {format!("{}: ", due.kind.label())}
                        <A href=due.href()>{due.title}</A>
                        {format!(" — {} ({})", due.date, standing(due.date, today))}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
