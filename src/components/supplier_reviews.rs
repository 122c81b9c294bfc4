//! A supplier's performance reviews (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.22): each planned
//! for a day, then recorded as done with its rating and what follows. A review is an entry of
//! its own, so reviews planned or recorded on two devices apart are all kept. A review done is
//! evidence and stays; one only planned can be taken off the plan.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::itsm::supplier::{Rating, Review, Supplier, TEXT_MAX_CHARS};
use praxis_core::{RecordId, WorkspaceId};

use crate::actions::{new_record_id, suppliers as actions};
use crate::browser;
use crate::components::field_form::save_changed;
use crate::state::use_app_state;

#[component]
pub fn SupplierReviews(workspace: WorkspaceId, stored: Signal<Option<Supplier>>) -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<String>);
    // Saves the supplier with one review set (or removed), and says how it went.
    let write = {
        let workspace = workspace.clone();
        move |id: RecordId, review: Option<Review>, done: &'static str| {
            let workspace = workspace.clone();
            let next = new_record_id();
            let recorded = review.as_ref().is_some_and(|r| r.done.is_some());
            let change = move |s: &mut Supplier| {
                match review {
                    Some(review) => s.reviews.insert(id, review),
                    None => s.reviews.remove(&id),
                };
                // A review done plans the next one, an interval on, when none is left to do.
                if let (true, Ok(next)) = (recorded, next) {
                    s.plan_next_review(next);
                }
            };
            let save = move |before: Supplier, after: Supplier| async move {
                actions::save(state, &workspace, &before, &after, &Default::default()).await
            };
            save_changed(state, stored, change, save, Some(done), Some(error));
        }
    };
    let due = RwSignal::new(String::new());
    let plan = {
        let write = write.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(day) = Date::parse(&due.get_untracked()) else {
                error.set(Some("Choose the day the review is due.".to_owned()));
                return;
            };
            let Ok(id) = new_record_id() else {
                return;
            };
            let review = Review {
                due: day,
                done: None,
                rating: None,
                note: String::new(),
            };
            write(id, Some(review), "Review planned.");
            due.set(String::new());
        }
    };
    let rows = move || {
        let supplier = stored.get()?;
        let mut reviews: Vec<(RecordId, Review)> = supplier.reviews.into_iter().collect();
        praxis_core::order::sort_by(&mut reviews, |a, b| b.1.due.cmp(&a.1.due));
        Some(reviews)
    };
    let write_row = write.clone();
    view! {
        <section class="card" aria-labelledby="supplier-reviews-title">
            <h2 id="supplier-reviews-title">"Performance reviews"</h2>
            <p class="hint">"Plan reviews of how the supplier performs against its contract and agreements; record each with its rating. One that is not fully met says what follows."</p>
            {move || match rows() {
                Some(reviews) if !reviews.is_empty() => view! {
                    <ul class="entries" data-testid="supplier-reviews">
                        {reviews.into_iter().map(|(id, review)| view! { <ReviewRow id=id review=review write=write_row.clone() /> }).collect_view()}
                    </ul>
                }.into_any(),
                _ => view! { <p class="muted">"No reviews planned yet."</p> }.into_any(),
            }}
            <p class="field-error" role="alert">{move || error.get()}</p>
            <Show when=move || !state.read_only.get()>
                <form class="inline-form" on:submit=plan.clone() novalidate>
                    <div class="field">
                        <label for="review-due">"Plan a review on"</label>
                        <input id="review-due" type="date" bind:value=due />
                    </div>
                    <button type="submit">"Plan review"</button>
                </form>
            </Show>
        </section>
    }
}

/// One review: when it was due and, once done, its rating and note; while only planned, a form
/// to record it.
#[component]
fn ReviewRow<W>(id: RecordId, review: Review, write: W) -> impl IntoView
where
    W: Fn(RecordId, Option<Review>, &'static str) + Clone + Send + Sync + 'static,
{
    let state = use_app_state();
    let Some(done) = review.done else {
        let done_on = RwSignal::new(browser::today());
        let rating = RwSignal::new(Rating::Meets.as_str().to_owned());
        let note = RwSignal::new(String::new());
        let prefix = format!("review-{id}");
        let (record_id, remove_id, remove) = (id.clone(), id.clone(), write.clone());
        let due = review.due;
        let record = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let recorded = Review {
                due,
                done: Date::parse(&done_on.get_untracked()).ok(),
                rating: Rating::parse(&rating.get_untracked()),
                note: note.get_untracked().trim().to_owned(),
            };
            write(record_id.clone(), Some(recorded), "Review recorded.");
        };
        return view! {
            <li class="entry">
                <p><strong>{format!("Due {}", review.due)}</strong>" — not done yet"</p>
                <Show when=move || !state.read_only.get()>
                    <form class="stacked-form" on:submit=record.clone() novalidate aria-label=format!("Record the review due {due}")>
                        <div class="field-row">
                            <div class="field">
                                <label for=format!("{prefix}-done")>"Done on"</label>
                                <input id=format!("{prefix}-done") type="date" bind:value=done_on />
                            </div>
                            <div class="field">
                                <label for=format!("{prefix}-rating")>"Rating"</label>
                                <select id=format!("{prefix}-rating") bind:value=rating>
                                    {Rating::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                                </select>
                            </div>
                        </div>
                        <div class="field">
                            <label for=format!("{prefix}-note")>"Findings and what follows"</label>
                            <textarea id=format!("{prefix}-note") rows="2" maxlength=TEXT_MAX_CHARS bind:value=note></textarea>
                        </div>
                        <div class="button-row">
                            <button type="submit" class="primary">"Record review"</button>
                            <button type="button" on:click={
                                let (remove, remove_id) = (remove.clone(), remove_id.clone());
                                move |_| remove(remove_id.clone(), None, "Review taken off the plan.")
                            }>"Take off the plan"</button>
                        </div>
                    </form>
                </Show>
            </li>
        }
        .into_any();
    };
    let rating = review.rating.map_or("", Rating::label);
    let class = review.rating.map_or("", |r| r.as_str());
    view! {
        <li class="entry">
            <p>
                <strong>{format!("Done {done}")}</strong>{format!(" (due {}) ", review.due)}
                <span class=format!("badge rating-{class}")>{rating}</span>
            </p>
            {(!review.note.is_empty()).then(|| view! { <p class="prewrap">{review.note.clone()}</p> })}
        </li>
    }
    .into_any()
}
