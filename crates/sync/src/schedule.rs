//! When to run the next round: shortly after edits (debounced, yet never put off for long by
//! steady typing), periodically to pull what others did, at once when the network comes back
//! or the person asks, and after a failure that passes by itself with a growing pause. The app
//! sets one timer for [`Schedule::next_round_at`]; this type decides, so it is tested here.

/// Quiet time after an edit before its round starts.
pub const DEBOUNCE_MS: i64 = 1_500;
/// The longest steady typing can hold a round back.
pub const MAX_DELAY_MS: i64 = 10_000;
/// How often a connected workspace pulls when nothing happens here.
pub const PERIOD_MS: i64 = 60_000;
/// The first pause after a failure; it doubles up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: i64 = 2_000;
pub const MAX_BACKOFF_MS: i64 = 5 * 60_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// The first and the last edit since the last round started.
    first_edit_ms: Option<i64>,
    last_edit_ms: Option<i64>,
    last_round_ms: Option<i64>,
    /// Set after a failure: no round before this (unless asked for).
    retry_at_ms: Option<i64>,
    failures: u32,
    asked: bool,
}

impl Schedule {
    pub fn edited(&mut self, now_ms: i64) {
        self.first_edit_ms.get_or_insert(now_ms);
        self.last_edit_ms = Some(now_ms);
    }

    /// The person pressed "Sync now", or the network came back: run at once.
    pub fn asked(&mut self) {
        self.asked = true;
        self.retry_at_ms = None;
    }

    /// A round starts: the edits so far are in it.
    pub fn started(&mut self, now_ms: i64) {
        self.first_edit_ms = None;
        self.last_edit_ms = None;
        self.asked = false;
        self.last_round_ms = Some(now_ms);
    }

    /// The round ended; `transient` failures are retried after a pause that grows.
    pub fn finished(&mut self, now_ms: i64, outcome: Outcome) {
        match outcome {
            Outcome::Done => {
                self.failures = 0;
                self.retry_at_ms = None;
            }
            Outcome::WillPass => {
                let pause = FIRST_BACKOFF_MS
                    .saturating_mul(1 << self.failures.min(16))
                    .min(MAX_BACKOFF_MS);
                self.failures += 1;
                self.retry_at_ms = Some(now_ms + pause);
            }
            // Needs someone to act (a revoked device, a refused address): only asked-for
            // rounds and new edits try again, no sooner than the longest pause.
            Outcome::NeedsPerson => {
                self.failures += 1;
                self.retry_at_ms = Some(now_ms + MAX_BACKOFF_MS);
            }
        }
    }

    /// When the next round should start (at or before `now_ms`: now).
    pub fn next_round_at(&self) -> i64 {
        if self.asked {
            return i64::MIN;
        }
        let periodic = self.last_round_ms.map_or(i64::MIN, |at| at + PERIOD_MS);
        let after_edits = match (self.first_edit_ms, self.last_edit_ms) {
            (Some(first), Some(last)) => (last + DEBOUNCE_MS).min(first + MAX_DELAY_MS),
            _ => i64::MAX,
        };
        let due = periodic.min(after_edits);
        match self.retry_at_ms {
            Some(retry) => due.max(retry),
            None => due,
        }
    }
}

/// How a round ended, as the schedule needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Offline, a timeout, a busy server: it passes by itself.
    WillPass,
    NeedsPerson,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after_first_round() -> Schedule {
        let mut schedule = Schedule::default();
        schedule.started(0);
        schedule.finished(100, Outcome::Done);
        schedule
    }

    #[test]
    fn a_new_connection_runs_at_once_then_every_period() {
        let mut schedule = Schedule::default();
        assert_eq!(schedule.next_round_at(), i64::MIN);
        schedule.started(0);
        schedule.finished(100, Outcome::Done);
        assert_eq!(schedule.next_round_at(), PERIOD_MS);
    }

    #[test]
    fn edits_are_debounced_but_steady_typing_cannot_hold_a_round_back_for_long() {
        let mut schedule = after_first_round();
        schedule.edited(1_000);
        assert_eq!(schedule.next_round_at(), 1_000 + DEBOUNCE_MS);
        schedule.edited(2_000);
        assert_eq!(schedule.next_round_at(), 2_000 + DEBOUNCE_MS);
        for at in (2_000..20_000).step_by(500) {
            schedule.edited(at);
        }
        assert_eq!(schedule.next_round_at(), 1_000 + MAX_DELAY_MS);
        schedule.started(11_000);
        assert_eq!(
            schedule.next_round_at(),
            11_000 + PERIOD_MS,
            "edits went with it"
        );
    }

    #[test]
    fn failures_that_pass_are_retried_with_a_growing_pause() {
        let mut schedule = after_first_round();
        let mut now = 1_000;
        let mut pauses = Vec::new();
        for _ in 0..10 {
            schedule.edited(now);
            schedule.started(now);
            schedule.finished(now, Outcome::WillPass);
            schedule.edited(now);
            pauses.push(schedule.next_round_at() - now);
            now += 1_000;
        }
        assert_eq!(&pauses[..4], &[2_000, 4_000, 8_000, 16_000]);
        assert_eq!(*pauses.last().unwrap(), MAX_BACKOFF_MS);
        schedule.finished(now, Outcome::Done);
        schedule.edited(now);
        assert_eq!(
            schedule.next_round_at(),
            now + DEBOUNCE_MS,
            "back to normal"
        );
    }

    #[test]
    fn asking_runs_at_once_even_while_waiting_to_retry() {
        let mut schedule = after_first_round();
        schedule.started(1_000);
        schedule.finished(1_000, Outcome::NeedsPerson);
        assert_eq!(
            schedule.next_round_at(),
            1_000 + PERIOD_MS.max(MAX_BACKOFF_MS)
        );
        schedule.asked();
        assert_eq!(schedule.next_round_at(), i64::MIN);
    }
}
