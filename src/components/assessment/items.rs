//! Every item of an assessment, grouped by clause, with its rating, exclusion and details.

use leptos::prelude::*;
use praxis_core::assessment::{ItemAnswer, Rating, item_key};
use praxis_core::framework::{Framework, Item, builtin_crosswalk, iso20000, iso27001};
use praxis_core::maturity::{Achievement, AttributeRatings, ProcessAttribute, Scale};

use super::checks::{DocumentedSelect, FindingSelect, Sharing};
use super::details::ItemDetails;
use crate::routes::assessment::Editing;
use crate::state::{Tone, use_app_state};

pub(super) fn editing() -> Editing {
    expect_context::<Editing>()
}

/// A DOM id fragment from an item key (`iso27001:2022/A.5.1` → `iso27001-2022-A-5-1`).
pub fn dom_id(key: &str) -> String {
    key.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[component]
pub fn ItemList() -> impl IntoView {
    let editing = editing();
    let frameworks = editing.assessment.with_untracked(|a| {
        a.as_ref()
            .map(|a| a.frameworks().to_vec())
            .unwrap_or_default()
    });
    frameworks
        .into_iter()
        .map(|framework| {
            let groups = framework.items.iter().filter(|i| i.parent.is_none()).map(|group| {
                let items: Vec<&'static Item> = framework.assessable().filter(|i| framework.is_within(&i.id, &group.id)).collect();
                view! {
                    <details class="card clause-group">
                        <summary><h3>{format!("{} {} {}", framework.name, group.id, group.title)}</h3><span class="muted small">{format!("{} items", items.len())}</span></summary>
                        <ol class="item-list">
                            {items.into_iter().map(|item| view! { <ItemRow framework=framework item=item /> }).collect_view()}
                        </ol>
                    </details>
                }
            }).collect_view();
            view! { <section aria-label=framework.name.clone()><h2>{framework.name.clone()}</h2>{groups}</section> }
        })
        .collect_view()
}

#[component]
fn ItemRow(framework: &'static Framework, item: &'static Item) -> impl IntoView {
    let editing = editing();
    let state = use_app_state();
    let key = item_key(framework, item);
    let scale = editing.assessment.with_untracked(|a| {
        a.as_ref()
            .and_then(|a| a.scale_of(&key).ok())
            .unwrap_or(Scale::IsmsMaturity)
    });
    let answer = {
        let key = key.clone();
        Memo::new(move |_| {
            editing
                .assessment
                .with(|a| a.as_ref().and_then(|a| a.answer(&key).cloned()))
                .unwrap_or_default()
        })
    };
    let open = RwSignal::new(false);
    let id = dom_id(&key);
    let heading_id = format!("item-{id}");
    let report = move |result: Result<(), String>| {
        if let Err(problem) = result {
            state.notify(Tone::Error, problem);
        }
    };
    let level = move || answer.with(|a| a.rating.as_ref().map(Rating::level));
    let excluded = move || answer.with(|a| a.not_applicable.is_some());
    let indicative = {
        let key = key.clone();
        Memo::new(move |_| {
            editing
                .assessment
                .with(|a| a.as_ref().is_some_and(|a| a.is_indicative(&key)))
        })
    };
    let indicative = move || indicative.get();

    let rating_control = match scale {
        Scale::IsmsMaturity => {
            let names = scale.level_names();
            let key = key.clone();
            view! {
                <fieldset class="rating" disabled=move || excluded() || state.read_only.get() aria-labelledby=heading_id.clone()>
                    <legend class="visually-hidden">{format!("Rating of {}", item.id)}</legend>
                    {(0..=5u8).map(|l| {
                        let key = key.clone();
                        view! {
                            <label class="rating-option" title=names[usize::from(l)]>
                                <input type="radio" name=format!("rating-{id}") value=l.to_string()
                                    prop:checked=move || level() == Some(l) && !indicative()
                                    on:change=move |_| report(editing.change(|a| a.set_rating(&key, Some(Rating::Level(l))))) />
                                <span aria-hidden="true">{l.to_string()}</span>
                                // Announced as "3 – Defined", not a bare number.
                                <span class="visually-hidden">{format!("{l} – {}", names[usize::from(l)])}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
        Scale::ProcessCapability => view! {
            <span class="capability" aria-live="polite">{move || level().map_or("not rated".to_owned(), |l| format!("level {l}"))}</span>
        }.into_any(),
    };

    let toggle_key = key.clone();
    view! {
        // Focusable from a certification blocker's link.
        <li class="item-row" class:excluded=excluded id=format!("row-{}", dom_id(&key)) tabindex="-1">
            <div class="item-head">
                <span class="item-title" id=heading_id.clone()><strong>{item.id.clone()}</strong>" "{item.title.clone()}</span>
                {rating_control}
                <button type="button" class="details-toggle" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "Hide details" } else { "Details" }}
                </button>
            </div>
            <div class="item-checks">
                <FindingSelect item_key=key.clone() item=item answer=answer />
                {item.documented.then(|| view! { <DocumentedSelect item_key=key.clone() item=item answer=answer /> })}
            </div>
            {move || indicative().then(|| view! { <p class="hint">{format!("Indicative: rated by ISO/IEC 33020 process attributes (level {}) before Praxis rated only processes that way. Rate it 0–5 to replace it.", level().unwrap_or(0))}</p> })}
            <Sharing framework=framework item=item item_key=key.clone() />
            {move || excluded().then(|| view! { <p class="hint">{format!("Not applicable: {}", answer.with(|a| a.not_applicable.clone().unwrap_or_default()))}</p> })}
            <Show when=move || open.get()>
                {
                    let key = toggle_key.clone();
                    // Worked out when the details open, not for every row the page shows.
                    let relations = relation_text(framework, item);
                    view! {
                        <ItemDetails framework=framework item=item item_key=key.clone() answer=answer relations=relations />
                        {(scale == Scale::ProcessCapability).then(|| view! { <AttributeRatingsEditor item_key=key.clone() answer=answer /> })}
                    }
                }
            </Show>
        </li>
    }
}

/// How this item relates to the other standard, with each link's authority and reason.
fn relation_text(framework: &Framework, item: &Item) -> Vec<String> {
    let from_iso20000 = framework.id == iso20000().id;
    let crosswalk = builtin_crosswalk();
    crosswalk
        .shown_on(framework, &item.id)
        .map(|l| {
            let (standard, other, other_id) = if from_iso20000 {
                ("ISO/IEC 27001", iso27001(), &l.iso27001)
            } else {
                ("ISO/IEC 20000-1", iso20000(), &l.iso20000)
            };
            // A heading at the other end is named by the items rated for it.
            let named = other.rated_as(other_id).join(", ");
            let reason = if l.note.is_empty() {
                String::new()
            } else {
                format!(": {}", l.note)
            };
            format!(
                "{standard} {named} ({}, {}){reason}",
                l.relation.label(),
                l.status.label()
            )
        })
        .chain(
            crosswalk
                .reviewed_without_counterpart
                .iter()
                .filter(|r| !from_iso20000 && r.iso27001 == item.id)
                .map(|r| {
                    format!(
                        "No ISO/IEC 20000-1 counterpart of its own (reviewed): {}",
                        r.note
                    )
                }),
        )
        .collect()
}

#[component]
fn AttributeRatingsEditor(item_key: String, answer: Memo<ItemAnswer>) -> impl IntoView {
    let editing = editing();
    let state = use_app_state();
    let current = move || {
        answer.with(|a| match &a.rating {
            Some(Rating::Attributes(r)) => r.clone(),
            _ => AttributeRatings::new(),
        })
    };
    view! {
        <fieldset class="attributes" disabled=move || state.read_only.get()>
            <legend>"Process attributes (ISO/IEC 33020)"</legend>
            <p class="hint">"N: 0–15 % achieved · P: over 15–50 % · L: over 50–85 % · F: over 85 %. A level counts when its attributes are L or F and every lower one is F. An attribute not assessed counts as N for the level, and is shown apart from it."</p>
            {move || {
                let open = current().not_assessed();
                (open > 0 && !current().is_empty()).then(|| view! { <p class="hint">{format!("{open} of 9 attributes not assessed yet.")}</p> })
            }}
            <div class="attribute-grid">
                {ProcessAttribute::ALL.into_iter().map(|pa| {
                    let key = item_key.clone();
                    let select_id = format!("pa-{}-{}", dom_id(&item_key), pa.id().replace([' ', '.'], ""));
                    view! {
                        <label for=select_id.clone()>{format!("{} {}", pa.id(), pa.name())}</label>
                        <select id=select_id on:change=move |ev| {
                            let code = event_target_value(&ev);
                            let mut ratings = current();
                            match Achievement::ALL.into_iter().find(|a| a.code() == code) {
                                Some(value) => ratings.set(pa, value),
                                None => ratings.clear(pa),
                            };
                            // With every attribute cleared the item is not rated at all.
                            let rating = (!ratings.is_empty()).then_some(Rating::Attributes(ratings));
                            if let Err(problem) = editing.change(|a| a.set_rating(&key, rating)) {
                                state.notify(Tone::Error, problem);
                            }
                        }>
                            <option value="" selected=move || current().rated(pa).is_none()>"Not assessed"</option>
                            {Achievement::ALL.into_iter().map(|a| view! {
                                <option value=a.code() selected=move || current().rated(pa) == Some(a)>{format!("{} — {}", a.code(), a.name())}</option>
                            }).collect_view()}
                        </select>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}
