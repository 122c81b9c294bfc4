//! The workspace's risk method as a form: each scale's levels one per line (lowest first, 3 to
//! 5), the risk criteria, the acceptance threshold. Each field follows the stored method until
//! typed in; saving writes only what changed, refused with the rule in words.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::WorkspaceId;
use praxis_core::isms::risk_method::{
    CRITERIA_MAX_CHARS, MAX_LEVELS, MIN_LEVELS, RiskMethod, Scale,
};

use crate::actions::risks as actions;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

/// The method's fields as the form shows them: likelihood, impact, criteria, threshold.
fn texts_of(method: &RiskMethod) -> [String; 4] {
    [
        method.likelihood.names().join("\n"),
        method.impact.names().join("\n"),
        method.criteria.clone(),
        method.threshold.to_string(),
    ]
}

/// Reads the form back into a method, or says what is wrong and where.
fn typed_method(texts: &[String; 4]) -> Result<RiskMethod, String> {
    let scale = |text: &str, which: &str| {
        let names: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        Scale::parse(&names).map_err(|e| format!("{which}: {e}"))
    };
    let threshold = texts[3]
        .trim()
        .parse::<u8>()
        .map_err(|_| "The acceptance threshold is a whole number (a score).".to_owned())?;
    let method = RiskMethod {
        likelihood: scale(&texts[0], "Likelihood")?,
        impact: scale(&texts[1], "Impact")?,
        criteria: texts[2].trim().to_owned(),
        threshold,
    };
    method.check().map_err(|(_, problem)| problem)?;
    Ok(method)
}

#[component]
pub fn RiskMethodForm(workspace: WorkspaceId, method: Signal<RiskMethod>) -> impl IntoView {
    let state = use_app_state();
    let texts: [SyncedText; 4] = texts_of(&method.get_untracked()).map(SyncedText::new);
    Effect::new(move || {
        for (text, stored) in texts.iter().zip(texts_of(&method.get())) {
            text.receive(stored);
        }
    });
    let edited = move || texts.iter().any(SyncedText::is_edited);
    count_while_unsaved(state, edited);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = texts.map(|t| t.value.get_untracked());
        let after = match typed_method(&typed) {
            Ok(after) => after,
            Err(problem) => {
                error.set(Some(format!("Nothing was saved: {problem}")));
                return;
            }
        };
        let before = method.get_untracked();
        let started = texts[2]
            .started_from_field("criteria")
            .into_iter()
            .collect();
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save_method(state, &workspace, &before, &after, &started).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Risk method saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let summary = move || {
        let m = method.get();
        format!(
            "Risk method: {} × {} levels, acceptance threshold {} of {}",
            m.likelihood.levels(),
            m.impact.levels(),
            m.threshold,
            m.max_score()
        )
    };
    let levels_hint = format!("One level per line, lowest first: {MIN_LEVELS} to {MAX_LEVELS}.");
    view! {
        <details class="card method-card">
            <summary data-testid="risk-method-summary">{summary}</summary>
            <form class="stacked-form" on:submit=save novalidate aria-label="Risk method">
                <p class="hint">"How this organisation assesses risks (ISO/IEC 27001 6.1.2): the likelihood and impact scales in your own words, and the highest score accepted without treatment. A risk's score is its likelihood level times its impact level."</p>
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <div class="field-row">
                        <div class="field">
                            <label for="method-likelihood">"Likelihood levels"</label>
                            <textarea id="method-likelihood" rows="5" bind:value=texts[0].value></textarea>
                            <p class="hint">{levels_hint.clone()}</p>
                        </div>
                        <div class="field">
                            <label for="method-impact">"Impact levels"</label>
                            <textarea id="method-impact" rows="5" bind:value=texts[1].value></textarea>
                            <p class="hint">{levels_hint}</p>
                        </div>
                    </div>
                    <div class="field">
                        <label for="method-threshold">"Acceptance threshold (highest score accepted without treatment)"</label>
                        <input id="method-threshold" type="number" min="1" max="25" step="1" bind:value=texts[3].value />
                    </div>
                    <div class="field">
                        <label for="method-criteria">"Risk criteria"</label>
                        <textarea id="method-criteria" rows="4" maxlength=CRITERIA_MAX_CHARS bind:value=texts[2].value
                            placeholder="e.g. what each impact level means in money, customers, law; how often risks are reassessed"></textarea>
                    </div>
                    <p class="field-error" role="alert">{move || error.get()}</p>
                    <button type="submit" class="primary" disabled=move || busy.get() || !edited()>"Save risk method"</button>
                </fieldset>
            </form>
        </details>
    }
}
