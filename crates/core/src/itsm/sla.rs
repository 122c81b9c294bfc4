//! A ticket measured against its service's agreement (ISO/IEC 20000-1 8.3.3, 8.6.1): which
//! agreement governs it, where each clock stands, which clocks are breached or about to be, and
//! an agreement's figures for one month.

use super::agreement::{Agreement, AgreementKind};
use super::duration::format_span_ms;
use super::priority::{Priority, PriorityMatrix};
use super::sla_clock::{ClockState, SlaClock};
use super::ticket::Ticket;
use crate::date::{Date, Month};
use crate::ids::RecordId;

/// A running clock with at most this share of its target left is about to breach (a quarter:
/// 15 minutes of a one-hour target, a day of a four-day one).
pub const AT_RISK_DIVISOR: i64 = 4;

/// Where a clock stands, as the lists and the dashboard sort and filter it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlaStatus {
    Breached,
    AtRisk,
    OnTrack,
    Paused,
    Met,
}

impl SlaStatus {
    /// Most urgent first.
    pub const ALL: [SlaStatus; 5] = [
        Self::Breached,
        Self::AtRisk,
        Self::OnTrack,
        Self::Paused,
        Self::Met,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breached => "breached",
            Self::AtRisk => "at-risk",
            Self::OnTrack => "on-track",
            Self::Paused => "paused",
            Self::Met => "met",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Breached => "Breached",
            Self::AtRisk => "About to breach",
            Self::OnTrack => "On track",
            Self::Paused => "Paused",
            Self::Met => "Met",
        }
    }
}

/// One clock against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub state: ClockState,
    pub target_ms: i64,
    /// When it breaches if nothing pauses it (running clocks only).
    pub due_at: Option<i64>,
}

impl Reading {
    fn new(agreement: &Agreement, clock: &SlaClock, target_minutes: u32, now: i64) -> Self {
        let target_ms = i64::from(target_minutes) * 60_000;
        let state = clock.state(&agreement.hours, target_ms, now);
        let due_at = match state {
            ClockState::Running { .. } => clock.due_at(&agreement.hours, target_ms),
            _ => None,
        };
        Self {
            state,
            target_ms,
            due_at,
        }
    }

    /// Where it stands in words, against a target of `15 min`: `Met with 5 min to spare`,
    /// `Breached by 1 h 10 min`, `3 min left`, `Paused with 2 h left`.
    pub fn summary(&self) -> String {
        match self.state {
            ClockState::Met { spare_ms } => {
                format!("Met with {} to spare", format_span_ms(spare_ms))
            }
            ClockState::Breached { over_ms } => format!("Breached by {}", format_span_ms(over_ms)),
            ClockState::Running { left_ms } => format!("{} left", format_span_ms(left_ms)),
            ClockState::Paused { left_ms } => {
                format!("Paused with {} left", format_span_ms(left_ms))
            }
        }
    }

    /// The target in words (`4 h`).
    pub fn target(&self) -> String {
        format_span_ms(self.target_ms)
    }

    /// How far into or past the target, for sorting: the most urgent clock lowest (the most
    /// overdue first, then the least time left, then paused, then met).
    pub fn urgency_key(&self) -> i64 {
        const LATER: i64 = 1 << 50;
        match self.state {
            ClockState::Breached { over_ms } => -over_ms,
            ClockState::Running { left_ms } => left_ms,
            ClockState::Paused { left_ms } => LATER + left_ms,
            ClockState::Met { .. } => 2 * LATER,
        }
    }

    pub fn status(&self) -> SlaStatus {
        match self.state {
            ClockState::Breached { .. } => SlaStatus::Breached,
            ClockState::Running { left_ms } if left_ms * AT_RISK_DIVISOR <= self.target_ms => {
                SlaStatus::AtRisk
            }
            ClockState::Running { .. } => SlaStatus::OnTrack,
            ClockState::Paused { .. } => SlaStatus::Paused,
            ClockState::Met { .. } => SlaStatus::Met,
        }
    }
}

/// A ticket's two clocks against the agreement that governs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketSla<'a> {
    pub agreement: &'a Agreement,
    pub priority: Priority,
    pub response: Option<Reading>,
    pub resolution: Option<Reading>,
}

impl TicketSla<'_> {
    /// The more urgent of its clocks (`None`: no target for its priority).
    pub fn most_urgent(&self) -> Option<(Which, Reading)> {
        [
            (Which::Response, self.response),
            (Which::Resolution, self.resolution),
        ]
        .into_iter()
        .filter_map(|(which, reading)| Some((which, reading?)))
        .min_by_key(|(_, r)| (r.status(), r.urgency_key()))
    }

    /// The more urgent of its clocks' statuses (`None`: no target for its priority).
    pub fn status(&self) -> Option<SlaStatus> {
        self.most_urgent().map(|(_, r)| r.status())
    }
}

/// The local day an instant falls on, at an agreement's offset.
fn local_day(agreement: &Agreement, at: i64) -> Option<Date> {
    let offset_ms = i64::from(agreement.hours.utc_offset_minutes()) * 60_000;
    Date::from_days_since_epoch((at + offset_ms).div_euclid(86_400_000))
}

/// Whether `agreement` covers `ticket`: the same service, in force on the day it was logged.
fn covers(agreement: &Agreement, ticket: &Ticket) -> bool {
    ticket.service.as_ref() == Some(&agreement.service)
        && local_day(agreement, ticket.logged_at).is_some_and(|day| agreement.applies_on(day))
}

/// The agreement a ticket is measured against: of those covering it, a customer's SLA before an
/// internal agreement, then the one that started last (the most recent terms), then by id — the
/// same choice on every device.
pub fn governing<'a>(agreements: &'a [Agreement], ticket: &Ticket) -> Option<&'a Agreement> {
    agreements
        .iter()
        .filter(|a| covers(a, ticket))
        .min_by(|a, b| {
            let rank = |a: &Agreement| u8::from(a.kind != AgreementKind::Sla);
            rank(a)
                .cmp(&rank(b))
                .then_with(|| b.valid_from.cmp(&a.valid_from))
                .then_with(|| a.id.cmp(&b.id))
        })
}

/// `ticket`'s clocks at `now` against `agreement`'s targets for its priority.
pub fn measure<'a>(
    agreement: &'a Agreement,
    ticket: &Ticket,
    matrix: &PriorityMatrix,
    now: i64,
) -> TicketSla<'a> {
    let priority = ticket.priority(matrix);
    let targets = agreement.targets_for(priority);
    TicketSla {
        agreement,
        priority,
        response: targets
            .response_minutes
            .map(|m| Reading::new(agreement, &ticket.response_clock(), m, now)),
        resolution: targets
            .resolution_minutes
            .map(|m| Reading::new(agreement, &ticket.resolution_clock(), m, now)),
    }
}

/// `ticket` against the agreement that governs it, if one does.
pub fn ticket_sla<'a>(
    agreements: &'a [Agreement],
    ticket: &Ticket,
    matrix: &PriorityMatrix,
    now: i64,
) -> Option<TicketSla<'a>> {
    governing(agreements, ticket).map(|a| measure(a, ticket, matrix, now))
}

/// Which of a ticket's clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Which {
    Response,
    Resolution,
}

impl Which {
    pub fn label(self) -> &'static str {
        match self {
            Self::Response => "Response",
            Self::Resolution => "Resolution",
        }
    }
}

/// Clocks of one priority in a period: how many were decided, and how many of those met.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Stopped, or already past the target.
    pub decided: usize,
    pub met: usize,
    /// Still running within the target: not yet counted either way.
    pub open: usize,
}

impl Tally {
    fn add(&mut self, reading: Option<Reading>) {
        match reading.map(|r| r.state) {
            Some(ClockState::Met { .. }) => {
                self.decided += 1;
                self.met += 1;
            }
            Some(ClockState::Breached { .. }) => self.decided += 1,
            Some(_) => self.open += 1,
            None => {}
        }
    }

    /// Met as a share of decided, in percent (`None` when none was decided).
    pub fn met_percent(&self) -> Option<f64> {
        (self.decided > 0).then(|| self.met as f64 * 100.0 / self.decided as f64)
    }
}

/// One priority's figures in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorityFigures {
    pub priority: Priority,
    pub logged: usize,
    pub response: Tally,
    pub resolution: Tally,
}

/// A clock past its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub ticket: RecordId,
    pub title: String,
    pub priority: Priority,
    pub clock: Which,
    pub over_ms: i64,
    /// Still running or paused (the breach grows).
    pub open: bool,
}

/// An agreement's figures for one month.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodReport {
    pub month: Month,
    /// Tickets of the service logged in the month while the agreement applied.
    pub tickets: usize,
    /// One row per priority that has a target or a ticket, P1 first.
    pub priorities: Vec<PriorityFigures>,
    pub response: Tally,
    pub resolution: Tally,
    /// Worst first.
    pub breaches: Vec<Breach>,
    pub availability_target: Option<f64>,
    pub availability_measured: Option<f64>,
}

impl PeriodReport {
    /// Whether measured availability reached the target (`None` if either is missing).
    pub fn availability_met(&self) -> Option<bool> {
        Some(self.availability_measured? + 1e-9 >= self.availability_target?)
    }
}

/// `agreement`'s figures for `month` (in its service hours' local time), at `now`: every ticket
/// of its service logged in the month while it applied, measured against its targets (whether
/// or not another agreement governs the ticket's own page — an internal agreement reports
/// against its own targets).
pub fn period_report(
    agreement: &Agreement,
    tickets: &[Ticket],
    matrix: &PriorityMatrix,
    month: Month,
    now: i64,
) -> PeriodReport {
    let (start, end) = month.span_ms(i64::from(agreement.hours.utc_offset_minutes()));
    // Inserted one by one: collecting a map would compile another copy of the stable sort.
    let mut rows = std::collections::BTreeMap::<Priority, PriorityFigures>::new();
    for &priority in agreement.targets.keys() {
        rows.insert(priority, figures(priority));
    }
    let mut report = PeriodReport {
        month,
        tickets: 0,
        priorities: Vec::new(),
        response: Tally::default(),
        resolution: Tally::default(),
        breaches: Vec::new(),
        availability_target: agreement.availability,
        availability_measured: agreement.measured.get(&month).copied(),
    };
    for ticket in tickets
        .iter()
        .filter(|t| (start..end).contains(&t.logged_at) && covers(agreement, t))
    {
        let sla = measure(agreement, ticket, matrix, now);
        report.tickets += 1;
        let row = rows
            .entry(sla.priority)
            .or_insert_with(|| figures(sla.priority));
        row.logged += 1;
        row.response.add(sla.response);
        row.resolution.add(sla.resolution);
        report.response.add(sla.response);
        report.resolution.add(sla.resolution);
        for (clock, reading) in [
            (Which::Response, sla.response),
            (Which::Resolution, sla.resolution),
        ] {
            if let Some(ClockState::Breached { over_ms }) = reading.map(|r| r.state) {
                let clock_of = match clock {
                    Which::Response => ticket.response_clock(),
                    Which::Resolution => ticket.resolution_clock(),
                };
                report.breaches.push(Breach {
                    ticket: ticket.id.clone(),
                    title: ticket.title.clone(),
                    priority: sla.priority,
                    clock,
                    over_ms,
                    open: !clock_of.is_stopped(now),
                });
            }
        }
    }
    report.priorities = rows.into_values().collect();
    crate::order::sort_by(&mut report.breaches, |a, b| {
        b.over_ms
            .cmp(&a.over_ms)
            .then_with(|| a.ticket.cmp(&b.ticket))
            .then_with(|| a.clock.cmp(&b.clock))
    });
    report
}

fn figures(priority: Priority) -> PriorityFigures {
    PriorityFigures {
        priority,
        logged: 0,
        response: Tally::default(),
        resolution: Tally::default(),
    }
}
