//! An SLA clock (ISO/IEC 20000-1 8.3.3, 8.6.1): supported time counted from when a ticket was
//! logged, not counting the spans it waited on the customer, until it stopped (responded to,
//! or resolved). Its target comes from the service's SLA for the ticket's priority.

use super::service_hours::ServiceHours;

/// A span the clock did not run: from `start` until `end` (`None`: still paused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub start: i64,
    pub end: Option<i64>,
}

/// Where a clock stands against its target at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// Running, with this much supported time left before the target.
    Running { left_ms: i64 },
    /// Paused (waiting on the customer) with this much left.
    Paused { left_ms: i64 },
    /// Stopped within its target.
    Met { spare_ms: i64 },
    /// Past its target by this much supported time (running, paused or stopped).
    Breached { over_ms: i64 },
}

impl ClockState {
    pub fn is_breached(&self) -> bool {
        matches!(self, ClockState::Breached { .. })
    }
}

/// One clock of a ticket: started at `start`, paused during `pauses`, stopped at `stop`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaClock {
    start: i64,
    pauses: Vec<(i64, i64)>,
    /// A pause still open: it runs from here to whenever the clock is read.
    open_pause: Option<i64>,
    stop: Option<i64>,
}

impl SlaClock {
    /// Pauses may come in any order and overlap; those before `start` or after `stop` count
    /// only where they meet the clock's span.
    pub fn new(start: i64, pauses: &[Pause], stop: Option<i64>) -> Self {
        let mut closed: Vec<(i64, i64)> = Vec::new();
        let mut open_pause: Option<i64> = None;
        for pause in pauses {
            match pause.end {
                Some(end) if end > pause.start => closed.push((pause.start, end)),
                Some(_) => {}
                None => open_pause = Some(open_pause.map_or(pause.start, |o| o.min(pause.start))),
            }
        }
        closed.sort_unstable();
        // Overlapping pauses count once.
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(closed.len());
        for (start, end) in closed {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Self {
            start,
            pauses: merged,
            open_pause,
            stop,
        }
    }

    /// The spans the clock ran, up to `now` (or its stop, if earlier).
    fn running_spans(&self, now: i64) -> Vec<(i64, i64)> {
        let end = self.stop.map_or(now, |stop| stop.min(now));
        let end = self
            .open_pause
            .map_or(end, |paused| end.min(paused.max(self.start)));
        let mut spans = Vec::new();
        let mut at = self.start;
        for &(pause_start, pause_end) in &self.pauses {
            if pause_start >= end {
                break;
            }
            if pause_start > at {
                spans.push((at, pause_start));
            }
            at = at.max(pause_end);
        }
        if end > at {
            spans.push((at, end));
        }
        spans
    }

    /// Supported time the clock has run by `now`.
    pub fn elapsed_ms(&self, hours: &ServiceHours, now: i64) -> i64 {
        self.running_spans(now)
            .into_iter()
            .map(|(from, to)| hours.service_ms_between(from, to))
            .sum()
    }

    /// Whether it has stopped by `now` (responded to, or resolved).
    pub fn is_stopped(&self, now: i64) -> bool {
        self.stop.is_some_and(|stop| stop <= now)
    }

    pub fn is_paused(&self, now: i64) -> bool {
        self.stop.is_none_or(|stop| stop > now)
            && (self.open_pause.is_some_and(|p| p <= now)
                || self.pauses.iter().any(|&(s, e)| (s..e).contains(&now)))
    }

    /// When the clock reaches `target_ms` if nothing more pauses it: `None` while paused (no
    /// one can say), once stopped, or when the service is never open in the next 20 years.
    pub fn due_at(&self, hours: &ServiceHours, target_ms: i64) -> Option<i64> {
        if self.stop.is_some() || self.open_pause.is_some() {
            return None;
        }
        // Walk the clock's running spans from the start, then on from the last pause's end.
        let mut left = target_ms;
        let mut at = self.start;
        for &(pause_start, pause_end) in &self.pauses {
            if pause_start > at {
                let span = hours.service_ms_between(at, pause_start);
                if span >= left {
                    return hours.add_service_ms(at, left);
                }
                left -= span;
            }
            at = at.max(pause_end);
        }
        hours.add_service_ms(at, left)
    }

    /// Where the clock stands at `now` against a target of `target_ms` supported time.
    pub fn state(&self, hours: &ServiceHours, target_ms: i64, now: i64) -> ClockState {
        let elapsed = self.elapsed_ms(hours, now);
        if elapsed > target_ms {
            return ClockState::Breached {
                over_ms: elapsed - target_ms,
            };
        }
        let left_ms = target_ms - elapsed;
        if self.is_stopped(now) {
            ClockState::Met { spare_ms: left_ms }
        } else if self.is_paused(now) {
            ClockState::Paused { left_ms }
        } else {
            ClockState::Running { left_ms }
        }
    }
}
