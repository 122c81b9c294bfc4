//! A calendar date as people write it, `YYYY-MM-DD`: only real dates can be made.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a date such as 2026-11-25 (got {0:?}).")]
pub struct DateError(pub String);

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let refuse = || DateError(text.to_owned());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(refuse());
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10))
        else {
            return Err(refuse());
        };
        let (month, day) = (month as u8, day as u8);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(refuse());
        }
        Ok(Self { year, month, day })
    }

    /// Days from 1970-01-01 (negative before it).
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl Date {
    /// The date `days` after 1970-01-01 (before it, if negative); `None` outside years 0–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        // Howard Hinnant's civil-from-days, the inverse of `days_since_epoch`.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Self {
            year: u16::try_from(year).ok().filter(|y| *y <= 9_999)?,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The date `days` later (earlier, if negative); `None` outside years 0–9999.
    pub fn add_days(self, days: i64) -> Option<Self> {
        Self::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// When a review done on this day is next due, reviews falling every `months` months: `None`
    /// without a recurring review (0 months) or past year 9999.
    pub fn next_review(self, months: u16) -> Option<Self> {
        if months == 0 {
            return None;
        }
        self.add_months(months)
    }

    /// The same day `months` earlier, or the month's last day where it is shorter; `None`
    /// before year 1.
    pub fn months_earlier(self, months: u16) -> Option<Self> {
        let index = (u32::from(self.year) * 12 + u32::from(self.month) - 1)
            .checked_sub(u32::from(months))?;
        let year = u16::try_from(index / 12).ok().filter(|y| *y >= 1)?;
        let month = (index % 12) as u8 + 1;
        Some(Self {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        })
    }

    /// The same day `months` later, or the month's last day where it is shorter (a review
    /// every 12 months from 2024-02-29 falls on 2025-02-28); `None` past year 9999.
    pub fn add_months(self, months: u16) -> Option<Self> {
        let index = u32::from(self.month) - 1 + u32::from(months);
        let year = u16::try_from(u32::from(self.year) + index / 12)
            .ok()
            .filter(|y| *y <= 9_999)?;
        let month = (index % 12) as u8 + 1;
        Some(Self {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        })
    }
}

/// A calendar month as people write it, `YYYY-MM`: the period an agreement reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a month such as 2026-11 (got {0:?}).")]
pub struct MonthError(pub String);

impl Month {
    pub fn parse(text: &str) -> Result<Self, MonthError> {
        let refuse = || MonthError(text.to_owned());
        let first = Date::parse(&format!("{text}-01")).map_err(|_| refuse())?;
        if text.len() != 7 {
            return Err(refuse());
        }
        Ok(first.month())
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    /// The month after (`None` after 9999-12).
    pub fn next(self) -> Option<Self> {
        match self.month {
            12 if self.year >= 9_999 => None,
            12 => Some(Self {
                year: self.year + 1,
                month: 1,
            }),
            m => Some(Self {
                year: self.year,
                month: m + 1,
            }),
        }
    }

    /// The month before (`None` before 0000-01).
    pub fn previous(self) -> Option<Self> {
        match self.month {
            1 if self.year == 0 => None,
            1 => Some(Self {
                year: self.year - 1,
                month: 12,
            }),
            m => Some(Self {
                year: self.year,
                month: m - 1,
            }),
        }
    }

    /// Where it starts and ends (exclusive) in Unix ms, at `offset_minutes` east of UTC.
    pub fn span_ms(self, offset_minutes: i64) -> (i64, i64) {
        let start = |date: Date| (date.days_since_epoch() * 1_440 - offset_minutes) * 60_000;
        let end = self.next().map_or_else(
            || start(self.first_day()) + 31 * 86_400_000,
            |next| start(next.first_day()),
        );
        (start(self.first_day()), end)
    }
}

impl Date {
    /// The month it falls in.
    pub fn month(self) -> Month {
        Month {
            year: self.year,
            month: self.month,
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// An instant to the minute as `2026-12-03 15:50`, at `offset_minutes` east of UTC: sortable,
/// unambiguous in every country, and cheap enough to write for 10,000 rows.
pub fn format_minute(ms: i64, offset_minutes: i64) -> String {
    let local_minutes = ms.div_euclid(60_000) + offset_minutes;
    let (days, minute_of_day) = (
        local_minutes.div_euclid(1_440),
        local_minutes.rem_euclid(1_440),
    );
    match Date::from_days_since_epoch(days) {
        Some(date) => format!("{date} {:02}:{:02}", minute_of_day / 60, minute_of_day % 60),
        None => "—".to_owned(),
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_dates_parse() {
        assert_eq!(Date::parse("2026-11-25").unwrap().to_string(), "2026-11-25");
        assert!(Date::parse("2028-02-29").is_ok(), "a leap day");
        for bad in [
            "2026-02-29",
            "2100-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-4-01",
            "26-04-01",
            "2026/04/01",
            "2026-04-01T00",
            "",
            "２０２６-01-01",
            "+026-01-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Date::parse("tomorrow").unwrap_err().to_string(),
            "must be a date such as 2026-11-25 (got \"tomorrow\")."
        );
    }

    #[test]
    fn dates_count_days_from_1970_and_order_by_time() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2026-12-03").unwrap().days_since_epoch(),
            20_790
        );
        assert!(Date::parse("2026-12-31").unwrap() > Date::parse("2026-02-01").unwrap());
        let json = serde_json::to_string(&Date::parse("2027-01-09").unwrap()).unwrap();
        assert_eq!(json, "\"2027-01-09\"");
        assert!(serde_json::from_str::<Date>("\"2027-02-30\"").is_err());
    }

    #[test]
    fn days_since_the_epoch_turn_back_into_the_same_date() {
        for days in (-719_528..2_932_896)
            .step_by(997)
            .chain([-1, 0, 1, 59, 60, 11_016])
        {
            let date = Date::from_days_since_epoch(days).expect("in range");
            assert_eq!(date.days_since_epoch(), days, "{date}");
            assert_eq!(Date::parse(&date.to_string()), Ok(date));
        }
        assert_eq!(
            Date::from_days_since_epoch(0).unwrap().to_string(),
            "1970-01-01"
        );
        assert_eq!(Date::from_days_since_epoch(-719_529), None, "before year 0");
        assert_eq!(Date::from_days_since_epoch(2_932_897), None, "after 9999");
    }

    #[test]
    fn months_later_keep_the_day_or_take_the_months_last() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert_eq!(d("2026-12-07").add_months(1), Some(d("2027-01-07")));
        assert_eq!(d("2026-01-31").add_months(1), Some(d("2026-02-28")));
        assert_eq!(d("2024-02-29").add_months(12), Some(d("2025-02-28")));
        assert_eq!(d("2026-03-15").add_months(0), Some(d("2026-03-15")));
        assert_eq!(d("2026-05-31").add_months(25), Some(d("2028-06-30")));
        assert_eq!(d("9999-06-01").add_months(7), None, "after 9999");
        assert_eq!(d("2026-12-07").next_review(3), Some(d("2027-03-07")));
        assert_eq!(d("2026-12-07").next_review(0), None, "no recurring review");
    }

    #[test]
    fn months_earlier_keep_the_day_or_take_the_months_last() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert_eq!(d("2027-01-07").months_earlier(1), Some(d("2026-12-07")));
        assert_eq!(d("2026-03-31").months_earlier(1), Some(d("2026-02-28")));
        assert_eq!(d("2027-12-07").months_earlier(12), Some(d("2026-12-07")));
        assert_eq!(d("2026-03-15").months_earlier(0), Some(d("2026-03-15")));
        assert_eq!(d("0001-06-01").months_earlier(6), None, "before year 1");
    }

    #[test]
    fn an_instant_is_written_to_the_minute_at_its_offset() {
        let ms = 1_796_313_000_000; // 2026-12-03 15:50 UTC
        assert_eq!(format_minute(ms, 0), "2026-12-03 15:50");
        assert_eq!(
            format_minute(ms + 59_999, 0),
            "2026-12-03 15:50",
            "seconds dropped"
        );
        assert_eq!(format_minute(ms, 9 * 60), "2026-12-04 00:50", "east of UTC");
        assert_eq!(
            format_minute(ms, -16 * 60),
            "2026-12-02 23:50",
            "west of UTC"
        );
        assert_eq!(format_minute(-60_000, 0), "1969-12-31 23:59");
        assert_eq!(format_minute(i64::MAX, 0), "—");
    }

    #[test]
    fn only_real_months_parse_and_step_across_years() {
        let month = Month::parse("2026-12").unwrap();
        assert_eq!(month.to_string(), "2026-12");
        assert_eq!(month.next().unwrap().to_string(), "2027-01");
        assert_eq!(month.previous().unwrap().to_string(), "2026-11");
        assert_eq!(Month::parse("2027-01").unwrap().previous(), Some(month));
        assert_eq!(Month::parse("9999-12").unwrap().next(), None);
        assert_eq!(Month::parse("0000-01").unwrap().previous(), None);
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "2026-12-01",
            "",
            "2026/12",
            "month",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Date::parse("2026-02-28").unwrap().month().to_string(),
            "2026-02"
        );
    }

    #[test]
    fn a_month_spans_its_days_at_the_offset() {
        let december = Month::parse("2026-12").unwrap();
        let (start, end) = december.span_ms(0);
        assert_eq!(format_minute(start, 0), "2026-12-01 00:00");
        assert_eq!(format_minute(end, 0), "2027-01-01 00:00");
        assert_eq!(end - start, 31 * 86_400_000);
        let (start, _) = december.span_ms(60);
        assert_eq!(
            format_minute(start, 60),
            "2026-12-01 00:00",
            "local midnight"
        );
        assert_eq!(format_minute(start, 0), "2026-11-30 23:00");
        let (start, end) = Month::parse("2028-02").unwrap().span_ms(0);
        assert_eq!(end - start, 29 * 86_400_000, "a leap February");
    }
}
