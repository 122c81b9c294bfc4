//! The Statement of Applicability: its versions, a new version filled from the last one, the
//! latest ISO/IEC 27001 assessment and the risks (`soa_fill`), approval (an approver's, naming
//! the digest of the rows, so the version is frozen), delete (drafts only). Rows are saved with
//! `save_checked`, a field at a time.

use praxis_core::assessment::{Assessment, FrameworkChoice};
use praxis_core::isms::soa::{Approval, Soa};
use praxis_core::isms::soa_fill::fill;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};

use crate::browser;
use crate::state::AppState;

const MISSING: &str = "This version does not exist (it may have been deleted).";

/// The versions that read, newest first, and the damaged ones.
pub type Listed = (Vec<Soa>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut versions, damaged) = super::list_typed::<Soa>(state, workspace).await?;
    praxis_core::order::sort_by(&mut versions, |a, b| {
        b.version.cmp(&a.version).then_with(|| a.id.cmp(&b.id))
    });
    Ok((versions, damaged))
}

/// The assessment a new version is filled from: the latest that covers ISO/IEC 27001.
fn latest_27001(assessments: Vec<Assessment>) -> Option<Assessment> {
    // `list` gives them newest date first.
    assessments.into_iter().find(|a| {
        matches!(
            a.meta.frameworks,
            FrameworkChoice::Iso27001 | FrameworkChoice::Integrated
        )
    })
}

/// Starts the next version, filled from the newest version, the latest ISO/IEC 27001
/// assessment and the risks; returns its id.
pub async fn start(state: AppState, workspace: &WorkspaceId) -> Result<RecordId, String> {
    let (versions, _) = list(state, workspace).await?;
    let (assessments, _) = super::assessments::list(state, workspace).await?;
    let (risks, _) = super::risks::list(state, workspace).await?;
    let id = super::new_record_id()?;
    let soa = fill(
        id.clone(),
        browser::now_ms(),
        versions.first(),
        latest_27001(assessments).as_ref(),
        &risks,
    );
    super::save_new(state, workspace, &id, &soa).await?;
    Ok(id)
}

/// Approves `soa` as the page last read it, in the name of the person at this device; refused
/// when a row is incomplete or the person may not approve.
pub async fn approve(state: AppState, workspace: &WorkspaceId, soa: &Soa) -> Result<(), String> {
    let by = state.signer("approval")?;
    if let Some(why) = soa.why_not_approve() {
        return Err(format!("Nothing was saved: {why}"));
    }
    let mut after = soa.clone();
    after.approval = Some(Approval {
        by,
        at: browser::now_ms(),
        digest: soa.digest(),
    });
    // Approval is the first review: the next falls one interval on.
    after.reviewed(browser::today_date());
    super::save_checked(state, workspace, &soa.id, soa, &after, &Default::default()).await
}

/// Deletes a draft; an approved version is kept as the record of what was approved.
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let (versions, _) = list(state, workspace).await?;
    if versions.iter().any(|v| &v.id == id && v.is_approved()) {
        return Err(
            "Nothing was deleted: an approved version is kept as the record of what was approved."
                .to_owned(),
        );
    }
    super::delete_record(state, &Soa::key(workspace, id), MISSING).await
}
