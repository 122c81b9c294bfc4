//! An item's guidance, links to the other standard, exclusion, and the details an auditor asks
//! about: notes, owner, due date, evidence and follow-up actions.

use leptos::prelude::*;
use praxis_core::assessment::Assessment;
use praxis_core::assessment::{Action, Evidence, ItemAnswer};
use praxis_core::framework::{Framework, Item};
use praxis_core::{RecordKey, RecordType};

use super::items::dom_id;
use crate::actions::assessments::answer_field;
use crate::components::guidance::{Depth, ItemGuidance};
use crate::components::kept_texts::KeptTexts;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::routes::assessment::Editing;
use crate::state::{Tone, use_app_state};

/// Evidence as typed: one per line, `text | https://link` with the link optional.
fn parse_evidence(text: &str) -> Vec<Evidence> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| match line.split_once('|') {
            Some((text, link)) if !link.trim().is_empty() => Evidence {
                text: text.trim().to_owned(),
                link: Some(link.trim().to_owned()),
            },
            _ => Evidence {
                text: line.trim().trim_end_matches('|').trim().to_owned(),
                link: None,
            },
        })
        .collect()
}

fn evidence_text(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| match &e.link {
            Some(link) => format!("{} | {link}", e.text),
            None => e.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Actions as typed: one per line; a line starting with `[x]` is done.
fn parse_actions(text: &str) -> Vec<Action> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let line = line.trim();
            match line
                .strip_prefix("[x]")
                .or_else(|| line.strip_prefix("[X]"))
            {
                Some(rest) => Action {
                    text: rest.trim().to_owned(),
                    done: true,
                },
                None => Action {
                    text: line.strip_prefix("[ ]").unwrap_or(line).trim().to_owned(),
                    done: false,
                },
            }
        })
        .collect()
}

fn actions_text(actions: &[Action]) -> String {
    actions
        .iter()
        .map(|a| format!("{} {}", if a.done { "[x]" } else { "[ ]" }, a.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
pub fn ItemDetails(
    framework: &'static Framework,
    item: &'static Item,
    item_key: String,
    answer: Memo<ItemAnswer>,
    relations: Vec<String>,
) -> impl IntoView {
    let editing = expect_context::<Editing>();
    let state = use_app_state();
    let initial = answer.get_untracked();
    // Each field follows the stored answer (a save here, an edit in another tab) until typed in.
    let notes = SyncedText::new(initial.notes.clone());
    let owner = SyncedText::new(initial.owner.clone());
    let due = SyncedText::new(initial.due.clone().unwrap_or_default());
    let evidence = SyncedText::new(evidence_text(&initial.evidence));
    let actions = SyncedText::new(actions_text(&initial.actions));
    let justification = SyncedText::new(initial.not_applicable.clone().unwrap_or_default());
    Effect::new(move || {
        answer.with(|a| {
            justification.receive(a.not_applicable.clone().unwrap_or_default());
            notes.receive(a.notes.clone());
            owner.receive(a.owner.clone());
            due.receive(a.due.clone().unwrap_or_default());
            evidence.receive(evidence_text(&a.evidence));
            actions.receive(actions_text(&a.actions));
        });
    });
    count_while_unsaved(state, move || {
        notes.is_edited()
            || owner.is_edited()
            || due.is_edited()
            || evidence.is_edited()
            || actions.is_edited()
            || justification.is_edited()
    });
    // The record and field of a long text of this item, for its kept versions.
    let fields_key = item_key.clone();
    let field_of = move |part: &'static str| {
        let item_key = fields_key.clone();
        Signal::derive(move || {
            editing.assessment.with(|a| {
                a.as_ref().map(|a| {
                    let key: RecordKey = Assessment::key(&editing.workspace(), &a.id);
                    (key, answer_field(&a.answer_key(&item_key), part))
                })
            })
        })
    };
    let notes_field = field_of("notes");
    let justification_field = field_of("not_applicable");
    let error = RwSignal::new(None::<String>);
    let target_key = item_key.clone();
    let set_target = move |ev: leptos::ev::Event| {
        let target = event_target_value(&ev).parse::<u8>().ok();
        if let Err(problem) = editing.change(|a| a.set_target(&target_key, target)) {
            error.set(Some(problem));
        }
    };
    let default_target = editing
        .assessment
        .with_untracked(|a| a.as_ref().map_or(3, |a| a.meta.target));
    let id = dom_id(&item_key);

    let save_key = item_key.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Fields not typed in hold the stored value, so saving leaves them as they are.
        let due_value = due.typed();
        let details = ItemAnswer {
            notes: notes.typed(),
            owner: owner.typed(),
            due: (!due_value.trim().is_empty()).then(|| due_value.trim().to_owned()),
            evidence: parse_evidence(&evidence.typed()),
            actions: parse_actions(&actions.typed()),
            ..ItemAnswer::default()
        };
        // Notes begun from a text that has since changed unseen keep that newer text.
        let started = notes.started_from();
        match editing.change_text_from(&save_key, "notes", started, |a| {
            a.set_details(&save_key, details)
        }) {
            Ok(()) => {
                error.set(None);
                state.notify(Tone::Success, "Details saved.");
            }
            Err(problem) => error.set(Some(problem)),
        }
    };
    let exclude_key = item_key.clone();
    let exclude = move |_| match editing.change_text_from(
        &exclude_key,
        "not_applicable",
        justification.started_from(),
        |a| a.set_not_applicable(&exclude_key, &justification.typed()),
    ) {
        Ok(()) => error.set(None),
        Err(problem) => error.set(Some(problem)),
    };
    let include_key = item_key.clone();
    let include = move |_| {
        if let Err(problem) = editing.change(|a| a.clear_not_applicable(&include_key)) {
            error.set(Some(problem));
        }
    };
    let excluded = move || answer.with(|a| a.not_applicable.is_some());

    view! {
        <div class="item-details">
            <ItemGuidance framework item depth=Depth::Full />
            {item.text.clone().or_else(|| editing.licensed.with(|texts| texts.get(&item_key).cloned())).map(|text| view! {
                <figure class="licensed-text">
                    <blockquote>{text}</blockquote>
                    <figcaption class="hint">"Requirement text you imported under your own licence."</figcaption>
                </figure>
            })}
            {(!relations.is_empty()).then(|| view! {
                <div class="relations"><h4>"In the other standard"</h4><ul>{relations.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul></div>
            })}
            // A viewer reads every field here; none of them is theirs to change.
            <fieldset class="plain" disabled=move || state.read_only.get()>
            {if item.exclusion_allowed {
                view! {
                    <div class="exclusion">
                        <label for=format!("na-{id}")>"Justification for excluding this control (Statement of Applicability)"</label>
                        <textarea id=format!("na-{id}") rows="2" bind:value=justification.value></textarea>
                        <KeptTexts field=justification_field kind=Assessment::KIND text=justification what="this justification" />
                        <div class="button-row">
                            <Show when=move || !excluded() fallback=move || view! { <button type="button" on:click=include.clone()>"Make applicable again"</button> }>
                                <button type="button" on:click=exclude.clone()>"Mark not applicable"</button>
                            </Show>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! { <p class="hint">{format!("{} allows no exclusions here: this item always applies.", framework.name)}</p> }.into_any()
            }}
            <div class="field">
                <label for=format!("target-{id}")>"Target level for this item"</label>
                <select id=format!("target-{id}") on:change=set_target>
                    <option value="" selected=move || answer.with(|a| a.target.is_none())>{format!("Assessment target ({default_target})")}</option>
                    {(1..=5u8).map(|level| view! {
                        <option value=level.to_string() selected=move || answer.with(|a| a.target == Some(level))>{level.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
            <form class="details-form" on:submit=save novalidate>
                <div class="field">
                    <label for=format!("notes-{id}")>"Notes"</label>
                    <textarea id=format!("notes-{id}") rows="3" bind:value=notes.value></textarea>
                </div>
                <KeptTexts field=notes_field kind=Assessment::KIND text=notes what="these notes" />
                <div class="field-row">
                    <div class="field">
                        <label for=format!("owner-{id}")>"Owner"</label>
                        <input id=format!("owner-{id}") type="text" bind:value=owner.value />
                    </div>
                    <div class="field">
                        <label for=format!("due-{id}")>"Due date"</label>
                        <input id=format!("due-{id}") type="date" bind:value=due.value />
                    </div>
                </div>
                <div class="field">
                    <label for=format!("evidence-{id}")>"Evidence"</label>
                    <p class="hint">"One per line; add a link after a bar: Access review 2026 | https://…"</p>
                    <textarea id=format!("evidence-{id}") rows="2" bind:value=evidence.value></textarea>
                </div>
                <div class="field">
                    <label for=format!("actions-{id}")>"Follow-up actions"</label>
                    <p class="hint">"One per line; start a line with [x] when it is done."</p>
                    <textarea id=format!("actions-{id}") rows="2" bind:value=actions.value></textarea>
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary">"Save details"</button>
            </form>
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_lines_split_text_and_link() {
        let parsed = parse_evidence("Policy v3 | https://intranet/policy\n\nMinutes of review\n");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].link.as_deref(), Some("https://intranet/policy"));
        assert_eq!(
            parsed[1],
            Evidence {
                text: "Minutes of review".into(),
                link: None
            }
        );
        assert_eq!(parse_evidence(&evidence_text(&parsed)), parsed);
    }

    #[test]
    fn action_lines_know_when_they_are_done() {
        let parsed = parse_actions("[x] Approve policy\n[ ] Train staff\nBook audit");
        assert_eq!(
            parsed.iter().map(|a| a.done).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(parsed[2].text, "Book audit");
        assert_eq!(parse_actions(&actions_text(&parsed)), parsed);
    }
}
