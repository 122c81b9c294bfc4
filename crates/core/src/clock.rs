//! Hybrid logical clocks: every change is stamped with (wall ms, counter, device). Stamps from
//! one device only ever grow, even when its wall clock steps back, and they order changes the
//! same way on every replica: by wall time, then counter, then device id. The device id makes
//! every stamp unique, so a stamp also names its change.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::DeviceId;

/// How far ahead of this device's wall clock a received stamp may be. A device whose clock is
/// wrong by more than this would otherwise win every conflict for as long as its error lasts.
pub const MAX_DRIFT_MS: i64 = 5 * 60 * 1000;

/// Why a stamp was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error(
        "a change is stamped {ahead_ms} ms ahead of this device's clock (at most {MAX_DRIFT_MS} ms are accepted); check the clock of the device that made it"
    )]
    TooFarAhead { ahead_ms: i64 },
    #[error("{0:?} is not a clock stamp (expected wall-counter-device)")]
    Malformed(String),
}

/// One stamp. Ordered by wall time, then counter, then device (the derived order follows the
/// field order).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hlc {
    wall_ms: i64,
    counter: u32,
    device: DeviceId,
}

impl Hlc {
    pub fn new(wall_ms: i64, counter: u32, device: DeviceId) -> Self {
        Self {
            wall_ms: wall_ms.max(0),
            counter,
            device,
        }
    }

    pub fn wall_ms(&self) -> i64 {
        self.wall_ms
    }

    pub fn counter(&self) -> u32 {
        self.counter
    }

    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    /// Whether a device clock whose last stamp is `last` has seen this stamp or a later one:
    /// it is no later by time and counter, which is all a clock keeps of what it sees.
    pub fn witnessed_by(&self, last: &Hlc) -> bool {
        (self.wall_ms, self.counter) <= (last.wall_ms, last.counter)
    }
}

/// Fixed-width numbers, so the text form sorts exactly as the stamps do (indexes rely on it):
/// 15 decimal digits of milliseconds (good for 31,000 years), 8 hex digits of counter.
/// Written digit by digit: rows and feeds print hundreds of thousands of stamps at a time, and
/// the formatting machinery costs more than the digits.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut digits = [b'0'; 25];
        // Clocks never go below zero (`Hlc::new`), and 15 digits last 31,000 years.
        let mut wall = self.wall_ms.unsigned_abs();
        for digit in digits[..15].iter_mut().rev() {
            *digit = b'0' + (wall % 10) as u8;
            wall /= 10;
        }
        digits[15] = b'-';
        for (i, digit) in digits[16..24].iter_mut().enumerate() {
            *digit = HEX[(self.counter >> (28 - 4 * i) & 0xf) as usize];
        }
        digits[24] = b'-';
        if wall > 0 {
            // Beyond 15 digits: the plain form, still correct (if no longer fixed-width).
            return write!(
                f,
                "{:015}-{:08x}-{}",
                self.wall_ms, self.counter, self.device
            );
        }
        f.write_str(std::str::from_utf8(&digits).expect("ASCII digits"))?;
        f.write_str(self.device.as_str())
    }
}

impl FromStr for Hlc {
    type Err = ClockError;

    fn from_str(text: &str) -> Result<Self, ClockError> {
        let malformed = || ClockError::Malformed(text.chars().take(100).collect());
        // The fixed-width form: 15 decimal digits, '-', 8 lowercase hex digits, '-', device.
        let bytes = text.as_bytes();
        let (Some(wall), Some(b'-'), Some(counter), Some(b'-'), Some(device)) = (
            bytes.get(..15),
            bytes.get(15),
            bytes.get(16..24),
            bytes.get(24),
            text.get(25..),
        ) else {
            return Err(malformed());
        };
        let mut wall_ms: i64 = 0;
        for digit in wall {
            if !digit.is_ascii_digit() {
                return Err(malformed());
            }
            wall_ms = wall_ms * 10 + i64::from(digit - b'0');
        }
        let mut count: u32 = 0;
        for digit in counter {
            let value = match digit {
                b'0'..=b'9' => digit - b'0',
                b'a'..=b'f' => digit - b'a' + 10,
                _ => return Err(malformed()),
            };
            count = count << 4 | u32::from(value);
        }
        Ok(Self {
            wall_ms,
            counter: count,
            device: DeviceId::parse(device).map_err(|_| malformed())?,
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A device's clock: hands out stamps that are strictly increasing and later than every stamp
/// it has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    last: Hlc,
}

impl Clock {
    /// A clock that has stamped nothing yet.
    pub fn new(device: DeviceId) -> Self {
        Self {
            last: Hlc::new(0, 0, device),
        }
    }

    /// A clock that continues after `last` (as kept in storage), on `device`.
    pub fn resume(last: Hlc, device: DeviceId) -> Self {
        Self {
            last: Hlc { device, ..last },
        }
    }

    /// The newest stamp handed out or seen, with this device's id: what storage keeps.
    pub fn last(&self) -> &Hlc {
        &self.last
    }

    pub fn device(&self) -> &DeviceId {
        &self.last.device
    }

    /// A new stamp, later than every earlier one. A wall clock that went backwards does not
    /// make stamps go backwards: the counter grows instead.
    pub fn tick(&mut self, now_ms: i64) -> Hlc {
        let now_ms = now_ms.max(0);
        if now_ms > self.last.wall_ms {
            self.last.wall_ms = now_ms;
            self.last.counter = 0;
        } else if self.last.counter == u32::MAX {
            // Four billion stamps in one millisecond: borrow the next millisecond.
            self.last.wall_ms += 1;
            self.last.counter = 0;
        } else {
            self.last.counter += 1;
        }
        self.last.clone()
    }

    /// Takes in a stamp from a source the person chose to trust (a backup being restored)
    /// without the drift check, so that edits made after it are stamped later.
    pub fn witness(&mut self, stamp: &Hlc) {
        if (stamp.wall_ms, stamp.counter) > (self.last.wall_ms, self.last.counter) {
            self.last.wall_ms = stamp.wall_ms;
            self.last.counter = stamp.counter;
        }
    }

    /// Takes in a stamp made elsewhere, so that this device's next stamp is later than it.
    /// Refuses a stamp too far ahead of `now_ms` ([`MAX_DRIFT_MS`]).
    pub fn observe(&mut self, remote: &Hlc, now_ms: i64) -> Result<(), ClockError> {
        let ahead_ms = remote.wall_ms - now_ms;
        if ahead_ms > MAX_DRIFT_MS {
            return Err(ClockError::TooFarAhead { ahead_ms });
        }
        self.witness(remote);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: &str) -> DeviceId {
        DeviceId::parse(id).unwrap()
    }

    #[test]
    fn stamps_order_by_wall_then_counter_then_device() {
        let a = Hlc::new(10, 5, device("b"));
        let b = Hlc::new(11, 0, device("a"));
        let c = Hlc::new(11, 1, device("a"));
        let d = Hlc::new(11, 1, device("b"));
        assert!(a < b && b < c && c < d);
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_the_stamps() {
        let stamps = [
            Hlc::new(9, 0xff, device("z")),
            Hlc::new(10, 0, device("a-b")),
            Hlc::new(1_764_000_000_000, 3, device("dev_1")),
            Hlc::new(1_764_000_000_000, 3, device("dev_2")),
        ];
        let texts: Vec<String> = stamps.iter().map(ToString::to_string).collect();
        assert_eq!(texts[1], "000000000000010-00000000-a-b");
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(sorted, texts, "text order is stamp order");
        for (stamp, text) in stamps.iter().zip(&texts) {
            assert_eq!(&text.parse::<Hlc>().unwrap(), stamp);
            let json = serde_json::to_string(stamp).unwrap();
            assert_eq!(serde_json::from_str::<Hlc>(&json).unwrap(), *stamp);
        }
    }

    #[test]
    fn a_clock_has_witnessed_every_stamp_up_to_its_own_by_time_and_counter() {
        let mut clock = Clock::new(device("me"));
        clock.witness(&Hlc::new(10, 3, device("zz")));
        let last = clock.last();
        assert!(Hlc::new(10, 3, device("zz")).witnessed_by(last));
        assert!(Hlc::new(9, 99, device("zz")).witnessed_by(last));
        assert!(!Hlc::new(10, 4, device("a")).witnessed_by(last));
        assert!(!Hlc::new(11, 0, device("a")).witnessed_by(last));
    }

    #[test]
    fn the_text_form_is_fixed_width_numbers_then_the_device() {
        for (wall, counter) in [
            (0, 0),
            (1_764_028_800_000, 0xdead_beef),
            (999_999_999_999_999, u32::MAX),
            (1_000_000_000_000_000, 1),
            (i64::MAX, 7),
        ] {
            let stamp = Hlc::new(wall, counter, device("dev-1"));
            let plain = format!("{wall:015}-{counter:08x}-dev-1");
            assert_eq!(stamp.to_string(), plain);
        }
    }

    #[test]
    fn malformed_text_is_refused() {
        for bad in [
            "",
            "1-2-a",
            "000000000000010-00000000-",
            "000000000000010-0000000g-a",
            "00000000000001x-00000000-a",
            "000000000000010-00000000-a b",
            "-00000000000010-00000000-a",
            "000000000000010-0000000A-a",
            "000000000000010+00000000-a",
            "000000000000010-00000000+a",
            "0000000000000é-00000000-a",
        ] {
            assert!(bad.parse::<Hlc>().is_err(), "{bad:?} was accepted");
        }
        assert!(serde_json::from_str::<Hlc>("17").is_err());
    }

    #[test]
    fn ticks_grow_strictly_even_when_the_wall_clock_steps_back() {
        let mut clock = Clock::new(device("d"));
        let first = clock.tick(1_000);
        let second = clock.tick(1_000);
        let third = clock.tick(900);
        let fourth = clock.tick(2_000);
        assert!(first < second && second < third && third < fourth);
        assert_eq!((third.wall_ms(), third.counter()), (1_000, 2));
        assert_eq!((fourth.wall_ms(), fourth.counter()), (2_000, 0));
    }

    #[test]
    fn a_full_counter_borrows_the_next_millisecond() {
        let mut clock = Clock::resume(Hlc::new(5, u32::MAX, device("x")), device("d"));
        let next = clock.tick(5);
        assert_eq!((next.wall_ms(), next.counter()), (6, 0));
        assert_eq!(next.device().as_str(), "d");
    }

    #[test]
    fn observing_a_later_stamp_makes_the_next_tick_later_still() {
        let mut clock = Clock::new(device("a"));
        clock.tick(1_000);
        let remote = Hlc::new(1_050, 7, device("b"));
        clock.observe(&remote, 1_000).unwrap();
        let next = clock.tick(1_000);
        assert!(next > remote);
        assert_eq!(next.device().as_str(), "a");
        // An older stamp changes nothing.
        let before = clock.last().clone();
        clock.observe(&Hlc::new(10, 0, device("c")), 1_000).unwrap();
        assert_eq!(clock.last(), &before);
    }

    #[test]
    fn witnessing_skips_the_drift_check() {
        let mut clock = Clock::new(device("a"));
        let far = Hlc::new(10 * MAX_DRIFT_MS, 3, device("b"));
        clock.witness(&far);
        assert!(clock.tick(0) > far);
    }

    #[test]
    fn stamps_too_far_ahead_are_refused_and_change_nothing() {
        let mut clock = Clock::new(device("a"));
        let now = 1_000_000;
        let at_limit = Hlc::new(now + MAX_DRIFT_MS, 0, device("b"));
        assert!(clock.observe(&at_limit, now).is_ok());
        let before = clock.last().clone();
        let beyond = Hlc::new(now + 2 * MAX_DRIFT_MS + 1, 0, device("b"));
        let error = clock.observe(&beyond, now).unwrap_err();
        assert!(matches!(error, ClockError::TooFarAhead { .. }));
        assert!(error.to_string().contains("ahead of this device's clock"));
        assert_eq!(clock.last(), &before);
    }
}
