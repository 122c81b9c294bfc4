//! When a service is supported (ISO/IEC 20000-1 8.3.3: service hours are part of an SLA), and
//! how much service time lies between two instants: the arithmetic SLA clocks run on.
//!
//! Hours are kept in the service's local time, given as a fixed offset from UTC. Daylight
//! saving is not followed (the browser has no time-zone database to share with the server);
//! a team on summer time sets the offset it works to, and the clock stays the same everywhere.

use serde::{Deserialize, Serialize};

/// Milliseconds in a minute and in a day.
const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;
/// Minutes in a day: a window ends at most here.
pub const DAY_MINUTES: u16 = 1_440;
/// The furthest a local clock is from UTC: UTC−12:00 to UTC+14:00.
const OFFSET_RANGE: std::ops::RangeInclusive<i32> = -720..=840;
/// Longest span [`ServiceHours::add_service_ms`] searches: 20 years of days.
pub(super) const SEARCH_DAYS: i64 = 20 * 366;

/// One day's supported time: from `start` to `end`, in minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: u16,
    pub end: u16,
}

/// Why service hours cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("{day}: the window must start before it ends, within the day (00:00 to 24:00).")]
    BadWindow { day: &'static str },
    #[error("The offset from UTC must be between −12:00 and +14:00.")]
    BadOffset,
    #[error("The service needs supported time on at least one day of the week.")]
    NeverOpen,
}

/// The weekdays, Monday first, as people read them.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The supported time of each weekday (Monday first) in a local time `utc_offset_minutes` east
/// of UTC. Only values that hold can be made ([`ServiceHours::new`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawHours", into = "RawHours")]
pub struct ServiceHours {
    utc_offset_minutes: i32,
    days: [Option<Window>; 7],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    utc_offset_minutes: i32,
    days: [Option<Window>; 7],
}

impl TryFrom<RawHours> for ServiceHours {
    type Error = HoursError;
    fn try_from(raw: RawHours) -> Result<Self, HoursError> {
        ServiceHours::new(raw.utc_offset_minutes, raw.days)
    }
}

impl From<ServiceHours> for RawHours {
    fn from(hours: ServiceHours) -> Self {
        RawHours {
            utc_offset_minutes: hours.utc_offset_minutes,
            days: hours.days,
        }
    }
}

impl ServiceHours {
    pub fn new(utc_offset_minutes: i32, days: [Option<Window>; 7]) -> Result<Self, HoursError> {
        if !OFFSET_RANGE.contains(&utc_offset_minutes) {
            return Err(HoursError::BadOffset);
        }
        for (day, window) in WEEKDAYS.iter().zip(&days) {
            if let Some(w) = window
                && (w.start >= w.end || w.end > DAY_MINUTES)
            {
                return Err(HoursError::BadWindow { day });
            }
        }
        if days.iter().all(Option::is_none) {
            return Err(HoursError::NeverOpen);
        }
        Ok(Self {
            utc_offset_minutes,
            days,
        })
    }

    /// Every hour of every day (24×7).
    pub fn always() -> Self {
        let day = Some(Window {
            start: 0,
            end: DAY_MINUTES,
        });
        Self {
            utc_offset_minutes: 0,
            days: [day; 7],
        }
    }

    /// Monday to Friday from `start` to `end` (minutes after local midnight).
    pub fn weekdays(start: u16, end: u16, utc_offset_minutes: i32) -> Result<Self, HoursError> {
        let day = Some(Window { start, end });
        Self::new(utc_offset_minutes, [day, day, day, day, day, None, None])
    }

    pub fn utc_offset_minutes(&self) -> i32 {
        self.utc_offset_minutes
    }

    pub fn days(&self) -> &[Option<Window>; 7] {
        &self.days
    }

    fn offset_ms(&self) -> i64 {
        i64::from(self.utc_offset_minutes) * MINUTE_MS
    }

    /// The supported span of local day `day` (days since 1970-01-01), in UTC milliseconds.
    fn span_of(&self, day: i64) -> Option<(i64, i64)> {
        // 1970-01-01 was a Thursday (index 3, Monday first).
        let weekday = (day + 3).rem_euclid(7) as usize;
        self.days[weekday].map(|w| {
            let midnight = day * DAY_MS - self.offset_ms();
            (
                midnight + i64::from(w.start) * MINUTE_MS,
                midnight + i64::from(w.end) * MINUTE_MS,
            )
        })
    }

    fn local_day(&self, instant: i64) -> i64 {
        (instant + self.offset_ms()).div_euclid(DAY_MS)
    }

    /// Supported time, in milliseconds, between `from` and `to` (none when `to` is not later).
    pub fn service_ms_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let whole_weeks = (to - from) / (7 * DAY_MS);
        let week_ms: i64 = (0..7)
            .filter_map(|d| self.span_of(d))
            .map(|(s, e)| e - s)
            .sum();
        // Whole weeks in one step, then the days of what is left.
        let rest_from = from + whole_weeks * 7 * DAY_MS;
        let mut total = whole_weeks * week_ms;
        for day in self.local_day(rest_from)..=self.local_day(to) {
            if let Some((start, end)) = self.span_of(day) {
                total += (end.min(to) - start.max(rest_from)).max(0);
            }
        }
        total
    }

    /// The instant at which `service_ms` of supported time have passed since `from`; `from`
    /// itself for none. `None` only past 20 years.
    pub fn add_service_ms(&self, from: i64, service_ms: i64) -> Option<i64> {
        if service_ms <= 0 {
            return Some(from);
        }
        let mut left = service_ms;
        let first = self.local_day(from);
        for day in first..first + SEARCH_DAYS {
            let Some((start, end)) = self.span_of(day) else {
                continue;
            };
            let start = start.max(from);
            if end <= start {
                continue;
            }
            if end - start >= left {
                return Some(start + left);
            }
            left -= end - start;
        }
        None
    }

    /// Whether `instant` falls in supported time.
    pub fn is_open(&self, instant: i64) -> bool {
        self.span_of(self.local_day(instant))
            .is_some_and(|(start, end)| (start..end).contains(&instant))
    }

    /// The hours in words: `Around the clock`, or the days grouped by window with the offset,
    /// `Monday–Friday 08:00–18:00, Saturday 09:00–13:00 (UTC+01:00)`.
    pub fn describe(&self) -> String {
        if *self == Self::always() {
            return "Around the clock".to_owned();
        }
        let clock = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        let mut groups: Vec<(usize, usize, Window)> = Vec::new();
        for (day, window) in self.days.iter().enumerate() {
            let Some(window) = *window else { continue };
            match groups.last_mut() {
                Some((_, last, w)) if *last + 1 == day && *w == window => *last = day,
                _ => groups.push((day, day, window)),
            }
        }
        let days: Vec<String> = groups
            .into_iter()
            .map(|(first, last, w)| {
                let span = if first == last {
                    WEEKDAYS[first].to_owned()
                } else {
                    format!("{}–{}", WEEKDAYS[first], WEEKDAYS[last])
                };
                format!("{span} {}–{}", clock(w.start), clock(w.end))
            })
            .collect();
        format!(
            "{} ({})",
            days.join(", "),
            format_offset(self.utc_offset_minutes)
        )
    }
}

/// A time of day as a time field holds it (`08:30`), in minutes after midnight; as the end of
/// a window, `00:00` (and `24:00`) is the midnight that ends the day.
pub fn parse_clock(text: &str, is_end: bool) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let digits = |t: &str| {
        (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u16>().ok())
            .flatten()
    };
    let (hours, minutes) = (digits(hours)?, digits(minutes)?);
    match hours * 60 + minutes {
        0 | DAY_MINUTES if is_end => Some(DAY_MINUTES),
        m if hours < 24 && minutes < 60 => Some(m),
        _ => None,
    }
}

/// Minutes after midnight as a time field holds them (`08:30`; the day's end as `00:00`).
pub fn format_clock(minutes: u16) -> String {
    let minutes = minutes % DAY_MINUTES;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// An offset from UTC as `UTC`, `UTC+01:00` or `UTC−03:30`.
pub fn format_offset(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".to_owned();
    }
    let sign = if minutes < 0 { '−' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Every offset a service can keep, west to east, in quarter hours.
pub fn offsets() -> impl Iterator<Item = i32> {
    OFFSET_RANGE.step_by(15)
}
