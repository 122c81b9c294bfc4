//! A risk's review (ISO/IEC 27001 8.2, 6.1.2): when it is next due — its review date, or sooner
//! because a change that names it was implemented or a security incident hit its service since
//! it was last looked at — what triggered it, each one click away, and the review recorded today.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::WorkspaceId;
use praxis_core::isms::risk::Risk;
use praxis_core::isms::risk_review::{review_day, triggers};

use crate::browser;
use crate::components::field_form::review_today;
use crate::routes::changes::{read_or_empty, use_changes};
use crate::routes::tickets::use_tickets;
use crate::state::use_app_state;

#[component]
pub fn RiskReview(workspace: WorkspaceId, stored: Signal<Option<Risk>>) -> impl IntoView {
    let state = use_app_state();
    let changes = read_or_empty(use_changes());
    let tickets = use_tickets();
    let error = RwSignal::new(None::<String>);
    let reading = move || {
        let risk = stored.get()?;
        let tickets = tickets
            .get()
            .and_then(Result::ok)
            .map(|(t, ..)| t)
            .unwrap_or_default();
        changes.with(|changes| {
            Some((
                risk.clone(),
                review_day(&risk, changes, &tickets),
                triggers(&risk, changes, &tickets),
            ))
        })
    };
    let body = move || {
        let (risk, due, found) = reading()?;
        let today = browser::today_date();
        let due = crate::components::due_list::dated(due, today, "not set");
        let every = match risk.review_months {
            0 => "when something triggers it".to_owned(),
            n => format!("every {n} months"),
        };
        Some(view! {
            <p data-testid="risk-review-due">{format!("Next review: {due}, {every}. Last reviewed: {}.", risk.last_review.map_or_else(|| "never".to_owned(), |d| d.to_string()))}</p>
            {(!found.is_empty()).then(|| view! {
                <p>"Called for since it was last looked at:"</p>
                <ul class="plain-list" data-testid="risk-review-triggers">
                    {found.into_iter().map(|t| {
                        let path = if t.kind == "ticket" { format!("/tickets/{}", t.id) } else { format!("/changes/{}", t.id) };
                        let (what, when) = (t.describe(), browser::short_time(t.at));
                        view! { <li><A href=path>{what}</A><span class="hint">{format!(" · {when}")}</span></li> }
                    }).collect_view()}
                </ul>
            })}
        })
    };
    let review = move |_| {
        review_today(
            state,
            workspace.clone(),
            stored,
            |r| &r.id,
            Risk::reviewed,
            error,
        );
    };
    view! {
        <section class="card" aria-labelledby="risk-review-title">
            <h2 id="risk-review-title">"Review"</h2>
            {body}
            <button type="button" data-testid="risk-reviewed" disabled=move || state.read_only.get()
                on:click=review>"Reviewed today"</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
