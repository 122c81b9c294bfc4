//! When a risk falls due for review: on its review date, or sooner when something has happened
//! since it was last looked at (its last review, its acceptance, or its logging) — a change that
//! names it implemented, or a security incident on its service. A trigger makes the review due
//! on the day it happened; recording the review answers it.

use super::risk::{Risk, RiskState};
use crate::date::Date;
use crate::ids::RecordId;
use crate::itsm::change_request::{ChangeRequest, ChangeState};
use crate::itsm::ticket::Ticket;

const DAY_MS: i64 = 86_400_000;

/// What calls for a risk's review before its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The kind of the record that triggered it (`change_request`, `ticket`).
    pub kind: &'static str,
    pub id: RecordId,
    pub title: String,
    /// When it happened (Unix ms).
    pub at: i64,
}

impl Trigger {
    /// What happened, in words: "Change “Move to the cloud” implemented".
    pub fn describe(&self) -> String {
        if self.kind == "ticket" {
            format!("Security incident “{}” logged", self.title)
        } else {
            format!("Change “{}” implemented", self.title)
        }
    }

    /// The day it happened (UTC).
    pub fn day(&self) -> Option<Date> {
        Date::from_days_since_epoch(self.at.div_euclid(DAY_MS))
    }
}

/// Since when events count for `risk`: its last review, its acceptance, or its logging,
/// whichever is latest.
pub fn since(risk: &Risk) -> i64 {
    let reviewed = risk
        .last_review
        .map_or(i64::MIN, |d| (d.days_since_epoch() + 1) * DAY_MS);
    let accepted = risk.acceptance.as_ref().map_or(i64::MIN, |a| a.at);
    risk.logged_at.max(reviewed).max(accepted)
}

/// What has happened since `risk` was last looked at, oldest first. A closed risk has none.
pub fn triggers(risk: &Risk, changes: &[ChangeRequest], tickets: &[Ticket]) -> Vec<Trigger> {
    if risk.state == RiskState::Closed {
        return Vec::new();
    }
    let from = since(risk);
    let mut found = Vec::new();
    for change in changes.iter().filter(|c| c.risks.contains(&risk.id)) {
        let implemented = change
            .steps
            .ordered()
            .iter()
            .rev()
            .find(|s| s.to == ChangeState::Implemented)
            .map(|s| s.at);
        if let Some(at) = implemented.filter(|at| *at > from) {
            found.push(Trigger {
                kind: "change_request",
                id: change.id.clone(),
                title: change.title.clone(),
                at,
            });
        }
    }
    if let Some(service) = &risk.service {
        for ticket in tickets
            .iter()
            .filter(|t| t.security_incident && t.service.as_ref() == Some(service))
            .filter(|t| t.logged_at > from)
        {
            found.push(Trigger {
                kind: "ticket",
                id: ticket.id.clone(),
                title: ticket.title.clone(),
                at: ticket.logged_at,
            });
        }
    }
    crate::order::sort_by_key(&mut found, |t| t.at);
    found
}

/// The day `risk` is due for review: the earlier of its review date and its first trigger.
pub fn review_day(risk: &Risk, changes: &[ChangeRequest], tickets: &[Ticket]) -> Option<Date> {
    let triggered = triggers(risk, changes, tickets)
        .first()
        .and_then(Trigger::day);
    match (risk.review_due, triggered) {
        (Some(due), Some(day)) => Some(due.min(day)),
        (due, day) => due.or(day),
    }
}
