//! A risk's acceptance (ISO/IEC 27001 6.1.3 f): the residual risk, where it stands against the
//! threshold, the acceptance in force (who, when, for which score) or why there is none, and
//! the button that accepts it — offered to approvers and owners, saying why not to anyone else
//! or while the risk is not ready. Accepting records the acceptance and its step in one write.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::WorkspaceId;
use praxis_core::isms::risk::{Acceptance, Risk, RiskState};
use praxis_core::isms::risk_method::RiskMethod;
use praxis_core::itsm::workflow::Stepped;

use crate::actions::risks as actions;
use crate::browser;
use crate::state::{Tone, can_approve, use_app_state};

/// Why `shown` cannot be accepted now by someone who may approve, if it cannot.
fn why_not_accept(shown: &Risk) -> Option<String> {
    let Some(score) = shown.residual_score() else {
        return Some("Assess the residual likelihood and impact first (Details).".to_owned());
    };
    let mut accepted = shown.clone();
    accepted.acceptance = Some(Acceptance {
        by: "check".to_owned(),
        at: shown.logged_at,
        score,
    });
    accepted.why_not(RiskState::Accepted)
}

/// The acceptance as it stands, in words.
fn standing(risk: &Risk) -> String {
    match (&risk.acceptance, risk.acceptance_in_force()) {
        (_, Some(a)) => format!(
            "Accepted by {} on {}, for a residual score of {}.",
            a.by,
            browser::short_time(a.at),
            a.score
        ),
        (Some(a), None) => format!(
            "An acceptance by {} on {} for a residual score of {} no longer holds: the residual risk has changed since.",
            a.by,
            browser::short_time(a.at),
            a.score
        ),
        (None, None) => "Not accepted.".to_owned(),
    }
}

#[component]
pub fn RiskAcceptance(
    workspace: WorkspaceId,
    stored: Signal<Option<Risk>>,
    /// The risk as the page shows it, with the details typed.
    typed: Memo<Option<Risk>>,
    method: Signal<RiskMethod>,
) -> impl IntoView {
    let state = use_app_state();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let blocked = Memo::new(move |_| {
        if !can_approve(state) {
            return Some(format!(
                "Only approvers and owners accept residual risks; you are {}.",
                state.role.get().with_article()
            ));
        }
        typed.with(|r| r.as_ref().and_then(why_not_accept))
    });
    let accept = move |_| {
        let (Some(before), Some(shown)) = (stored.get_untracked(), typed.get_untracked()) else {
            return;
        };
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::accept(state, &workspace, &before, &shown).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Residual risk accepted.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let residual = move || {
        let r = typed.get()?;
        let m = method.get();
        let score = r.residual_score()?;
        Some(if m.is_above(score) {
            format!(
                "The residual score {score} is above the acceptance threshold ({}): accepting it is a decision to live with a risk the criteria say to treat.",
                m.threshold
            )
        } else {
            format!(
                "The residual score {score} is within the acceptance threshold ({}).",
                m.threshold
            )
        })
    };
    view! {
        <section class="card" aria-labelledby="risk-acceptance-title">
            <h2 id="risk-acceptance-title">"Acceptance"</h2>
            <p data-testid="risk-acceptance">{move || stored.with(|r| r.as_ref().map(standing))}</p>
            <p class="hint">{residual}</p>
            <Show when=move || stored.with(|r| r.as_ref().is_some_and(|r| r.state != RiskState::Accepted))>
                <button type="button" class="primary" data-testid="accept-risk"
                    disabled=move || blocked.get().is_some() || busy.get() || state.read_only.get()
                    on:click=accept.clone()>"Accept the residual risk"</button>
                {move || blocked.get().map(|why| view! { <span class="hint" data-testid="accept-blocked">" "{why}</span> })}
            </Show>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
