//! Risks and the risk method: list, add, accept the residual risk (an approval, recorded with
//! its step in one write), delete (changes that name the risk are unlinked in the same write);
//! read and save the workspace's method. Edits are saved with `save_checked`, like any kind's.

use std::collections::BTreeMap;

use praxis_core::isms::risk::{Acceptance, Risk, RiskState};
use praxis_core::isms::risk_method::{RiskMethod, risk_method_id};
use praxis_core::itsm::workflow::Stepped;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This risk does not exist (it may have been deleted).";

/// The risks that read, by title, and the damaged ones.
pub type Listed = (Vec<Risk>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    super::list_by_name(state, workspace, |r: &Risk| &r.title).await
}

/// Adds a risk, logged now, concerning `service` if one is given; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    title: &str,
    service: Option<RecordId>,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let mut risk = Risk::new(id.clone(), title, browser::now_ms()).map_err(|(_, p)| p)?;
    risk.service = service;
    super::save_new(state, workspace, &id, &risk).await?;
    Ok(id)
}

/// Accepts `shown`'s residual risk in the name of the person at this device, now, and takes it
/// to "Residual risk accepted" in the same write; refused whole when the risk cannot go there
/// (the reason in words) or the person may not approve (said by the write).
pub async fn accept(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Risk,
    shown: &Risk,
) -> Result<(), String> {
    let by = state.signer("acceptance")?;
    let Some(score) = shown.residual_score() else {
        return Err("Nothing was saved: assess the residual likelihood and impact first.".into());
    };
    let now = browser::now_ms();
    let mut after = shown.clone();
    after.acceptance = Some(Acceptance { by, at: now, score });
    after
        .step(RiskState::Accepted, super::new_record_id()?, now)
        .map_err(|e| format!("Nothing was saved: {e}"))?;
    super::save_checked(
        state,
        workspace,
        &after.id,
        before,
        &after,
        &BTreeMap::new(),
    )
    .await
}

/// Deletes a risk and unlinks the changes that name it, in one write.
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (changes, _) = super::changes::list(state, workspace).await?;
    super::delete_with(state, &Risk::key(workspace, id), MISSING, |batch| {
        super::unlink_in(batch, workspace, &changes, id, |c| &c.id, |c| &mut c.risks);
    })
    .await
}

/// The workspace's risk method (the default one until it is saved).
pub async fn method(state: AppState, workspace: &WorkspaceId) -> Result<RiskMethod, String> {
    super::singleton(state, workspace, &risk_method_id()).await
}

/// Saves what changed in the method from `before` (as the page read it) to `after`; refused
/// while a risk uses a level a shortened scale would lose.
pub async fn save_method(
    state: AppState,
    workspace: &WorkspaceId,
    before: &RiskMethod,
    after: &RiskMethod,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    let (risks, _) = list(state, workspace).await?;
    if let Some(refusal) = lost_levels(&risks, after) {
        return Err(format!("Nothing was saved: {refusal}"));
    }
    super::save_checked(
        state,
        workspace,
        &risk_method_id(),
        before,
        after,
        started_from,
    )
    .await
}

/// Why `method` cannot hold the levels the risks use, if it cannot.
fn lost_levels(risks: &[Risk], method: &RiskMethod) -> Option<String> {
    let over = |levels: u8, used: &dyn Fn(&Risk) -> [Option<u8>; 2]| {
        risks
            .iter()
            .filter(|r| used(r).into_iter().flatten().any(|l| l > levels))
            .count()
    };
    let likelihood = over(method.likelihood.levels(), &|r| {
        [r.likelihood, r.residual_likelihood]
    });
    let impact = over(method.impact.levels(), &|r| {
        [r.impact.worst(), r.residual_impact]
    });
    let say = |n: usize, scale: &str, levels: u8| {
        format!(
            "{n} risk{} use{} a {scale} level above {levels}: reassess {} before shortening the scale.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            if n == 1 { "it" } else { "them" },
        )
    };
    if likelihood > 0 {
        Some(say(likelihood, "likelihood", method.likelihood.levels()))
    } else if impact > 0 {
        Some(say(impact, "impact", method.impact.levels()))
    } else {
        None
    }
}
