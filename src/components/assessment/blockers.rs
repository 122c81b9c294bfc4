//! Certification blockers on the assessment page: the count first, then each blocking item
//! with its reasons, linking to the item; and the level below which a clause blocks.

use leptos::prelude::*;
use praxis_core::assessment::Rollup;

use super::items::dom_id;
use crate::browser;
use crate::routes::assessment::Editing;
use crate::state::Tone;

/// "3 certification blockers", "1 certification blocker".
pub fn blocker_count(count: usize) -> String {
    match count {
        1 => "1 certification blocker".to_owned(),
        n => format!("{n} certification blockers"),
    }
}

/// What is not assessed yet, and so may hide blockers; `None` when everything is.
pub fn still_open(rollup: &Rollup) -> Option<String> {
    let b = &rollup.blockers;
    let mut parts = Vec::new();
    if b.not_rated > 0 {
        parts.push(format!("{} items not rated", b.not_rated));
    }
    if b.documents_unchecked > 0 {
        parts.push(format!(
            "{} items' documented information not checked",
            b.documents_unchecked
        ));
    }
    (!parts.is_empty()).then(|| format!("{} may hide more.", parts.join(" and ")))
}

#[component]
pub fn CertificationBlockers(editing: Editing, rollup: Memo<Option<Rollup>>) -> impl IntoView {
    let level = Memo::new(move |_| {
        editing
            .assessment
            .with(|a| a.as_ref().map_or(0, |a| a.meta.blocker_level))
    });
    let set_level = move |ev| {
        let Ok(chosen) = event_target_value(&ev).parse::<u8>() else {
            return;
        };
        if let Err(problem) = editing.change(|a| a.set_blocker_level(chosen)) {
            editing.state.notify(Tone::Error, problem);
        }
    };
    let list = move || {
        rollup.with(|r| {
            let Some(r) = r else {
                return ().into_any();
            };
            if r.blockers.items.is_empty() {
                return view! { <p class="muted">"Nothing found that would block certification."</p> }.into_any();
            }
            view! {
                <ol class="blocker-list">
                    {r.blockers.items.iter().filter_map(|b| {
                        let score = r.item_of(b)?;
                        let target = format!("row-{}", dom_id(&b.key));
                        let href = format!("#{target}");
                        Some(view! {
                            <li>
                                <a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    browser::reveal(&target);
                                }>{format!("{} {}", r.label(score), score.title)}</a>
                                <span class="blocker-reasons">{format!(" — {}", b.describe())}</span>
                            </li>
                        })
                    }).collect_view()}
                </ol>
            }
            .into_any()
        })
    };
    view! {
        <section class="card blockers" aria-labelledby="blockers-title">
            <h2 id="blockers-title">"Certification blockers"</h2>
            <p class="blocker-count" data-testid="blocker-count">
                {move || rollup.with(|r| r.as_ref().map(|r| blocker_count(r.blockers.count())).unwrap_or_default())}
            </p>
            <p class="hint">"Any major nonconformity; any clause rated below the level chosen here; any applicable Annex A control rated 0 (not implemented); any documented information the standard calls for that is missing, as checked here or in the register of documented information (missing or not approved there). Averages never hide one."</p>
            {move || rollup.with(|r| r.as_ref().and_then(still_open)).map(|open| view! { <p class="hint">{open}</p> })}
            <label class="inline-field">
                "A clause blocks when rated below "
                <select on:change=set_level disabled=move || editing.state.read_only.get()>
                    <option value="0" selected=move || level.get() == 0>"no level (findings only)"</option>
                    {(1..=5u8).map(|l| view! {
                        <option value=l.to_string() selected=move || level.get() == l>{format!("level {l}")}</option>
                    }).collect_view()}
                </select>
            </label>
            {list}
        </section>
    }
}
