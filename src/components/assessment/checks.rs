//! Beside each item's rating: its conformity finding, whether the documented information it
//! calls for is in place, and (in an integrated assessment) which answers it shares, with the
//! choice to split or join a pair of equivalent clauses.

use leptos::prelude::*;
use praxis_core::assessment::{Finding, FrameworkChoice, ItemAnswer, paired_with};
use praxis_core::framework::{Framework, Item, iso20000, iso27001};

use super::items::editing;
use crate::browser;
use crate::state::{Tone, use_app_state};

/// The conformity finding, beside the maturity rating: maturity is not conformity.
#[component]
pub fn FindingSelect(
    item_key: String,
    item: &'static Item,
    answer: Memo<ItemAnswer>,
) -> impl IntoView {
    let editing = editing();
    let state = use_app_state();
    let current = move || answer.with(|a| a.finding.map_or("", Finding::code));
    let assessment =
        leptos_router::hooks::use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let key = item_key.clone();
    // A nonconformity found here is raised in the register, pointing back at this item.
    let raise = move || {
        let grade = answer.with(|a| match a.finding {
            Some(Finding::MajorNonconformity) => Some("major"),
            Some(Finding::MinorNonconformity) => Some("minor"),
            _ => None,
        })?;
        let href =
            format!("/nonconformities?from=assessment/{assessment}&clause={key}&grade={grade}");
        Some(
            view! { <leptos_router::components::A href=href attr:class="raise-nc">"Raise a nonconformity"</leptos_router::components::A> },
        )
    };
    view! {
        <select class="finding" aria-label=format!("Finding for {}", item.id) disabled=move || state.read_only.get()
            class:major=move || answer.with(|a| a.finding == Some(Finding::MajorNonconformity))
            on:change=move |ev| {
                let finding = Finding::from_code(&event_target_value(&ev));
                if let Err(problem) = editing.change(|a| a.set_finding(&item_key, finding)) {
                    state.notify(Tone::Error, problem);
                }
            }>
            <option value="" selected=move || current().is_empty()>"Finding: not assessed"</option>
            {Finding::ALL.into_iter().map(|f| view! {
                <option value=f.code() selected=move || current() == f.code()>{f.label()}</option>
            }).collect_view()}
        </select>
        {raise}
    }
}

/// Whether the documented information the standard calls for here is in place.
#[component]
pub fn DocumentedSelect(
    item_key: String,
    item: &'static Item,
    answer: Memo<ItemAnswer>,
) -> impl IntoView {
    let editing = editing();
    let state = use_app_state();
    let current = move || {
        answer.with(|a| match a.documented {
            None => "",
            Some(true) => "yes",
            Some(false) => "no",
        })
    };
    view! {
        <select class="documented" aria-label=format!("Documented information for {}", item.id) disabled=move || state.read_only.get()
            title="The standard calls for documented information here"
            class:major=move || answer.with(|a| a.documented == Some(false))
            on:change=move |ev| {
                let documented = match event_target_value(&ev).as_str() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                };
                if let Err(problem) = editing.change(|a| a.set_documented(&item_key, documented)) {
                    state.notify(Tone::Error, problem);
                }
            }>
            <option value="" selected=move || current().is_empty()>"Documents: not checked"</option>
            <option value="yes" selected=move || current() == "yes">"Documents in place"</option>
            <option value="no" selected=move || current() == "no">"Documents missing"</option>
        </select>
    }
}

/// In an integrated assessment: which answers this clause shares, and the choice to split or
/// join a 27001 clause and its equivalent 20000-1 clause.
#[component]
pub fn Sharing(
    framework: &'static Framework,
    item: &'static Item,
    item_key: String,
) -> impl IntoView {
    let editing = editing();
    let state = use_app_state();
    let integrated = editing.assessment.with_untracked(|a| {
        a.as_ref()
            .is_some_and(|a| a.meta.frameworks == FrameworkChoice::Integrated)
    });
    if !integrated {
        return ().into_any();
    }
    if framework.id == iso20000().id {
        // The 20000-1 end: which 27001 clauses answer with it now.
        let candidates = paired_with(&item.id);
        if candidates.is_empty() {
            return ().into_any();
        }
        let sharing = move || {
            editing.assessment.with(|a| {
                a.as_ref().map_or_else(Vec::new, |a| {
                    candidates
                        .iter()
                        .filter(|id| a.shared_with(&format!("{}/{id}", iso27001().id)).is_some())
                        .copied()
                        .collect::<Vec<_>>()
                })
            })
        };
        return view! {
            {move || {
                let ids = sharing();
                (!ids.is_empty()).then(|| view! {
                    <p class="hint shared">{format!("One answer for both standards: also answers ISO/IEC 27001 {}.", ids.join(", "))}</p>
                })
            }}
        }
        .into_any();
    }
    let Some(with) = editing
        .assessment
        .with_untracked(|a| a.as_ref().and_then(|a| a.shareable_with(&item_key)))
    else {
        return ().into_any();
    };
    let shared = {
        let key = item_key.clone();
        Memo::new(move |_| {
            editing
                .assessment
                .with(|a| a.as_ref().is_some_and(|a| a.shared_with(&key).is_some()))
        })
    };
    let shared = move || shared.get();
    let toggle = move |_| {
        let join = !shared();
        if join
            && !browser::confirm(&format!(
                "Share ISO/IEC 20000-1 {with}'s answer again? This clause's own answer is set aside (not deleted): splitting again brings it back."
            ))
        {
            return;
        }
        match editing.change(|a| a.set_shared(&item_key, join)) {
            Ok(()) if join => state.notify(
                Tone::Success,
                format!(
                    "{} now shares the answer of ISO/IEC 20000-1 {with}.",
                    item.id
                ),
            ),
            Ok(()) => state.notify(
                Tone::Success,
                // Its earlier own answer if it had one, else a copy of the shared one.
                format!("{} is now answered on its own.", item.id),
            ),
            Err(problem) => state.notify(Tone::Error, problem),
        }
    };
    view! {
        <p class="hint shared">
            {move || if shared() {
                format!("One answer for both standards: shared with ISO/IEC 20000-1 {with} (equivalent clause). ")
            } else {
                format!("Answered on its own; ISO/IEC 20000-1 {with} is the equivalent clause. ")
            }}
            <button type="button" class="link-button" disabled=move || editing.state.read_only.get() on:click=toggle>
                {move || if shared() { "Answer separately".to_owned() } else { format!("Share with 20000-1 {with}") }}
            </button>
        </p>
    }
    .into_any()
}
