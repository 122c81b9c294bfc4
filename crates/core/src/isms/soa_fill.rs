//! A new version of the Statement of Applicability, filled in: it starts from the version before
//! (its reasons, justifications, owners and evidence carry over), then takes from the latest
//! assessment what it says of each Annex A control — an exclusion with its justification, the
//! level it was rated at as how far it is implemented, its owner and evidence — and counts a
//! control that a risk names as included for risk treatment.

use crate::assessment::Assessment;
use crate::framework::iso27001;
use crate::ids::RecordId;

use super::risk::Risk;
use super::soa::{Implementation, Reason, Row, Soa};

/// How far a control rated at `level` (0–5) is implemented.
pub fn implementation_of(level: u8) -> Implementation {
    match level {
        0 => Implementation::NotImplemented,
        1 | 2 => Implementation::Partial,
        _ => Implementation::Implemented,
    }
}

/// Version `previous.version + 1` (or 1), filled as the module says. Nothing is approved.
pub fn fill(
    id: RecordId,
    created_at: i64,
    previous: Option<&Soa>,
    assessment: Option<&Assessment>,
    risks: &[Risk],
) -> Soa {
    let version = previous.map_or(1, |p| p.version + 1);
    let mut soa = Soa::new(id, version, created_at);
    soa.based_on = previous.map(|p| p.id.clone());
    soa.assessment = assessment.map(|a| a.id.clone());
    let framework = iso27001();
    for (control, row) in soa.rows.iter_mut() {
        if let Some(before) = previous.and_then(|p| p.rows.get(control)) {
            *row = before.clone();
        }
        let key = format!("{}/{control}", framework.id);
        if let Some(answer) = assessment.and_then(|a| a.answers.get(&key)) {
            fill_from_answer(row, answer);
        }
        if risks.iter().any(|r| r.controls.contains(&key)) {
            row.reasons.insert(Reason::Risk);
        }
    }
    soa
}

fn fill_from_answer(row: &mut Row, answer: &crate::assessment::ItemAnswer) {
    match &answer.not_applicable {
        Some(justification) => {
            row.applicable = false;
            row.justification = justification.clone();
        }
        None => {
            row.applicable = true;
        }
    }
    if let Some(rating) = &answer.rating {
        row.status = Some(implementation_of(rating.level()));
    }
    if !answer.owner.trim().is_empty() {
        row.owner = answer.owner.trim().to_owned();
    }
    if !answer.evidence.is_empty() {
        row.evidence = answer
            .evidence
            .iter()
            .map(|e| match &e.link {
                Some(link) => format!("{} ({link})", e.text),
                None => e.text.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ");
    }
}
