//! Everything that falls due, on one page: what is overdue, then what falls due in the next 30
//! days — reviews of every register (a risk's sooner when a change or a security incident calls
//! for it), certificate expiries, contract notice, continuity tests and open actions — each
//! linking to its record, narrowed to one kind if wanted.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::itsm::dues::{DUE_WINDOW_DAYS, Due};

use crate::components::due_list::{due_items, use_dues};
use crate::state::use_app_state;

#[component]
pub fn DuePage() -> impl IntoView {
    let state = use_app_state();
    let due = use_dues(RwSignal::new(()));
    let kind = RwSignal::new(String::new());
    let kinds = move || {
        let mut kinds: Vec<&'static str> = Vec::new();
        due.with(|d| {
            for item in d.iter().flat_map(|(due, _)| due) {
                if !kinds.contains(&item.kind.label()) {
                    kinds.push(item.kind.label());
                }
            }
        });
        kinds
    };
    let section = move |overdue: bool| {
        let (items, today) = due.get()?;
        let chosen = kind.get();
        let items: Vec<Due> = items
            .into_iter()
            .filter(|d| (d.date < today) == overdue)
            .filter(|d| chosen.is_empty() || d.kind.label() == chosen)
            .collect();
        Some(if items.is_empty() {
            view! { <p class="hint">{if overdue { "Nothing is overdue." } else { "Nothing else falls due in the next 30 days." }}</p> }.into_any()
        } else {
            due_items(items, today).into_any()
        })
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb"><A href="/registers">"Registers"</A></p>
            <h1 id="page-title">"What falls due"</h1>
            <p class="lead">{format!("What is overdue and what falls due in the next {DUE_WINDOW_DAYS} days across the registers: reviews of agreements, suppliers, continuity plans, risks, documents, objectives and the approved Statement of Applicability; certificate expiries, contract notice dates, continuity tests and open actions. A risk falls due sooner when a change that names it is implemented or a security incident hits its service.")}</p>
            {move || match state.current.get() {
                None => view! { <div class="card"><p>"Create a workspace first."</p><A href="/">"Create a workspace"</A></div> }.into_any(),
                Some(_) => view! {
                    <label class="inline-field">"Show "
                        <select on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="">"everything"</option>
                            {move || kinds().into_iter().map(|k| view! { <option value=k>{k}</option> }).collect_view()}
                        </select>
                    </label>
                    <section class="card" aria-labelledby="overdue-title">
                        <h2 id="overdue-title">"Overdue"</h2>
                        <div data-testid="due-overdue">{move || section(true)}</div>
                    </section>
                    <section class="card" aria-labelledby="soon-title">
                        <h2 id="soon-title">{format!("In the next {DUE_WINDOW_DAYS} days")}</h2>
                        <div data-testid="due-soon">{move || section(false)}</div>
                    </section>
                }.into_any(),
            }}
        </section>
    }
}
