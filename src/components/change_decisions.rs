//! The approvers' decisions on a change (its change advisory board): who approved or rejected
//! it and when, in this round and earlier ones, and — for approvers and owners, once the change
//! is assessed — approve or reject with a note. Everyone else is told why they cannot.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::WorkspaceId;
use praxis_core::itsm::change_request::{
    ChangeRequest, ChangeState, ChangeType, NOTE_MAX_CHARS, Verdict,
};
use praxis_core::itsm::workflow::Lifecycle;

use crate::actions::changes as actions;
use crate::browser;
use crate::state::{Tone, can_approve, use_app_state};

/// Why this person cannot decide on `change` now, if they cannot.
fn why_not_decide(change: &ChangeRequest, approver: bool, role: &str) -> Option<String> {
    if change.change_type == ChangeType::Standard {
        return Some(
            "A standard change is pre-authorised: nobody decides on it one by one.".into(),
        );
    }
    if change.state != ChangeState::Assessed {
        return Some(format!(
            "Decisions are taken while a change is assessed; this one is {}.",
            change.state.label().to_lowercase()
        ));
    }
    (!approver).then(|| {
        format!("Only approvers and owners decide on changes; you are {role} in this workspace.")
    })
}

#[component]
pub fn ChangeDecisions(
    workspace: WorkspaceId,
    change: Signal<Option<ChangeRequest>>,
) -> impl IntoView {
    let state = use_app_state();
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let decide = move |verdict: Verdict| {
        let Some(before) = change.get_untracked() else {
            return;
        };
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::decide(state, &workspace, &before, verdict, &note.get_untracked()).await
            {
                Ok(reached) => {
                    error.set(None);
                    note.set(String::new());
                    let said = match (verdict, reached) {
                        (Verdict::Reject, _) => "Change rejected.".to_owned(),
                        (Verdict::Approve, ChangeState::Approved) => {
                            "Approved: the change can be scheduled.".to_owned()
                        }
                        (Verdict::Approve, _) => {
                            "Approval recorded; more approvers are needed.".to_owned()
                        }
                    };
                    state.notify(Tone::Success, said);
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let blocked = Memo::new(move |_| {
        let role = state.role.get();
        change.with(|c| {
            c.as_ref()
                .and_then(|c| why_not_decide(c, can_approve(state), role.with_article()))
        })
    });
    let tally = move || {
        let c = change.get()?;
        if c.change_type == ChangeType::Standard {
            return Some("Pre-authorised: a standard change needs no approvals.".to_owned());
        }
        let names = c.approvers();
        let mut said = format!(
            "{} of {} approval{}",
            names.len(),
            c.approvals_needed,
            if c.approvals_needed == 1 { "" } else { "s" }
        );
        if !names.is_empty() {
            said.push_str(&format!(" ({})", names.join(", ")));
        }
        if let Some(by) = c.rejected_by() {
            said.push_str(&format!("; rejected by {by}"));
        }
        Some(said)
    };
    let decisions = move || {
        let c = change.get()?;
        let start = c.round_start();
        let mut all: Vec<_> = c.decisions.values().cloned().collect();
        praxis_core::order::sort_by_key(&mut all, |d| d.at);
        (!all.is_empty()).then(|| {
            view! {
                <ul class="plain-list" data-testid="change-decisions">
                    {all.into_iter().map(|d| {
                        let verb = match d.verdict { Verdict::Approve => "approved", Verdict::Reject => "rejected" };
                        let earlier = (d.at < start).then_some(" (an earlier round)");
                        view! {
                            <li>
                                {format!("{} {verb} — {}", d.by, browser::short_time(d.at))}
                                {earlier}
                                {(!d.note.is_empty()).then(|| view! { <span class="hint">{format!(": {}", d.note)}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    };
    let off = move || blocked.with(Option::is_some) || busy.get() || state.read_only.get();
    view! {
        <section class="card" aria-labelledby="change-decisions-title">
            <h2 id="change-decisions-title">"Approval"</h2>
            <p data-testid="change-tally">{tally}</p>
            {decisions}
            <div class="field">
                <label for="change-decision-note">"Note with your decision"</label>
                <textarea id="change-decision-note" rows="2" maxlength=NOTE_MAX_CHARS bind:value=note disabled=off></textarea>
            </div>
            <div class="button-row">
                <button type="button" class="primary" disabled=off on:click={let decide = decide.clone(); move |_| decide(Verdict::Approve)}>"Approve change"</button>
                <button type="button" disabled=off on:click=move |_| decide(Verdict::Reject)>"Reject change"</button>
            </div>
            {move || blocked.get().map(|why| view! { <p class="hint" data-testid="change-decide-why">{why}</p> })}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
