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
}
