//! What the service-management dashboard shows: open tickets that have breached a target or
//! are about to, major and security incidents open, security notifications overdue, and the
//! changes' figures (what falls due is [`super::dues`]). Each count matches a list the dashboard
//! links to, filtered the same way.

use super::agreement::Agreement;
use super::change_request::ChangeRequest;
use super::priority::PriorityMatrix;
use super::security::NoticeStatus;
use super::sla::{SlaStatus, ticket_sla};
use super::ticket::{Ticket, TicketState};

/// The dashboard's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    /// Tickets not closed.
    pub open: usize,
    /// Open tickets whose most urgent clock has breached its target.
    pub breached: usize,
    /// Open tickets whose most urgent clock is about to.
    pub at_risk: usize,
    pub major_open: usize,
    pub security_open: usize,
    /// Security incidents with a notification past its deadline and not made.
    pub notices_overdue: usize,
}

pub fn overview(
    tickets: &[Ticket],
    agreements: &[Agreement],
    matrix: &PriorityMatrix,
    now: i64,
) -> Overview {
    let mut figures = Overview::default();
    for ticket in tickets.iter().filter(|t| t.state != TicketState::Closed) {
        figures.open += 1;
        match ticket_sla(agreements, ticket, matrix, now).and_then(|s| s.status()) {
            Some(SlaStatus::Breached) => figures.breached += 1,
            Some(SlaStatus::AtRisk) => figures.at_risk += 1,
            _ => {}
        }
        figures.major_open += usize::from(ticket.major);
        if ticket.security_incident {
            figures.security_open += 1;
            let overdue = ticket
                .security
                .outstanding(ticket.logged_at, now)
                .iter()
                .any(|(_, _, status)| matches!(status, NoticeStatus::Overdue { .. }));
            figures.notices_overdue += usize::from(overdue);
        }
    }
    figures
}

/// The dashboard's figures for changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeOverview {
    /// Assessed and waiting on approvers' decisions.
    pub awaiting_approval: usize,
    /// Approved or scheduled to start within the next 7 days.
    pub starting_this_week: usize,
    /// Failed and not yet backed out.
    pub failed: usize,
    /// Pairs of changes to one service planned over overlapping times.
    pub clashes: usize,
}

/// How far ahead a change's start counts as this week.
pub const WEEK_MS: i64 = 7 * 86_400_000;

pub fn change_overview(changes: &[ChangeRequest], now: i64) -> ChangeOverview {
    use super::change_request::ChangeState;
    let mut figures = ChangeOverview {
        clashes: super::change_calendar::clashes(changes).len(),
        ..ChangeOverview::default()
    };
    for change in changes {
        figures.awaiting_approval += usize::from(change.awaits_approval());
        figures.failed += usize::from(change.state == ChangeState::Failed);
        let upcoming = matches!(change.state, ChangeState::Approved | ChangeState::Scheduled)
            && change
                .planned_start
                .is_some_and(|start| start >= now && start < now + WEEK_MS);
        figures.starting_this_week += usize::from(upcoming);
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RecordId;
    use crate::itsm::agreement::{AgreementKind, Targets};
    use crate::itsm::priority::{Level, Priority};
    use crate::itsm::security::{Notification, Party};
    use crate::itsm::ticket::TicketType;

    const MINUTE: i64 = 60_000;
    /// 2026-12-09 10:00 UTC.
    const NOW: i64 = 1_796_810_400_000;

    fn id(text: &str) -> RecordId {
        RecordId::parse(text).unwrap()
    }

    fn ticket(name: &str, minutes_ago: i64) -> Ticket {
        let mut t = Ticket::new(
            id(name),
            TicketType::Incident,
            name,
            Level::High,
            Level::Medium,
            NOW - minutes_ago * MINUTE,
        )
        .unwrap();
        t.service = Some(id("mail"));
        t
    }

    #[test]
    fn counts_what_the_linked_lists_show() {
        let mut sla = Agreement::new(id("a1"), "Mail SLA", AgreementKind::Sla, id("mail")).unwrap();
        let p2 = Priority::new(2).unwrap();
        sla.targets.insert(
            p2,
            Targets {
                response_minutes: Some(60),
                resolution_minutes: None,
            },
        );

        let breached = ticket("breached", 120);
        let at_risk = ticket("at-risk", 50);
        let on_track = ticket("on-track", 5);
        let mut closed = ticket("closed", 300);
        closed.state = TicketState::Closed;
        let mut major = ticket("major", 1);
        major.major = true;
        let mut security = ticket("security", 1);
        security.security_incident = true;
        let owed = Notification::new(Party::Regulator, "Authority", 60).unwrap();
        security.security.notifications.insert(id("n1"), owed);
        security.security.detected_at = Some(NOW - 2 * 60 * MINUTE);

        let tickets = [breached, at_risk, on_track, closed, major, security];
        let figures = overview(&tickets, &[sla], &PriorityMatrix::default(), NOW);
        assert_eq!(figures.open, 5, "the closed one is left out");
        assert_eq!(figures.breached, 1);
        assert_eq!(figures.at_risk, 1, "ten minutes of sixty left");
        assert_eq!(figures.major_open, 1);
        assert_eq!(figures.security_open, 1);
        assert_eq!(figures.notices_overdue, 1);
    }

    #[test]
    fn counts_changes_awaiting_approval_starting_this_week_failed_and_clashing() {
        use crate::itsm::change_request::{ChangeState, ChangeType};
        let change = |name: &str, kind: ChangeType, state: ChangeState, start_in_hours: i64| {
            let mut c =
                ChangeRequest::new(id(name), kind, name, NOW - 60 * 24 * 60 * MINUTE).unwrap();
            c.state = state;
            c.service = Some(id("mail"));
            c.planned_start = Some(NOW + start_in_hours * 60 * MINUTE);
            c.planned_end = Some(NOW + (start_in_hours + 1) * 60 * MINUTE);
            c
        };
        let changes = [
            change("awaiting", ChangeType::Normal, ChangeState::Assessed, 300),
            // A standard change is pre-authorised: it waits on nobody.
            change("standard", ChangeType::Standard, ChangeState::Assessed, 400),
            change("soon", ChangeType::Normal, ChangeState::Scheduled, 24),
            change("clashing", ChangeType::Normal, ChangeState::Approved, 24),
            change("later", ChangeType::Normal, ChangeState::Scheduled, 24 * 8),
            change("failed", ChangeType::Emergency, ChangeState::Failed, -5),
        ];
        let figures = change_overview(&changes, NOW);
        assert_eq!(
            figures,
            ChangeOverview {
                awaiting_approval: 1,
                starting_this_week: 2,
                failed: 1,
                clashes: 1,
            }
        );
    }
}
