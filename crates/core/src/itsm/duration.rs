//! Spans of service time as people type and read them: `30 min`, `4 h`, `1 h 30 min`.

use crate::decimal::parse_decimal;

/// Why a typed span was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a time such as 30 min, 4 h or 1 h 30 min (got {0:?}).")]
pub struct DurationError(pub String);

/// The minutes in `text`; `None` for a blank text (no target). Accepts `90`, `90 min`, `4 h`,
/// `1.5 h`, `1 h 30 min`, `1h30` and `1:30`; a bare number is minutes.
pub fn parse_minutes(text: &str) -> Result<Option<u32>, DurationError> {
    let refuse = || DurationError(text.to_owned());
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if squeezed.is_empty() {
        return Ok(None);
    }
    if let Some((hours, minutes)) = squeezed.split_once(':') {
        let hours: u32 = digits(hours).ok_or_else(refuse)?;
        let minutes: u32 = digits(minutes)
            .filter(|m| *m < 60 && minutes.len() == 2)
            .ok_or_else(refuse)?;
        return total(f64::from(hours) * 60.0 + f64::from(minutes)).ok_or_else(refuse);
    }
    let mut rest = squeezed.as_str();
    let mut minutes = 0.0;
    let mut seen_hours = false;
    let mut seen_minutes = false;
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = parse_decimal(&rest[..number_end]).ok_or_else(refuse)?;
        rest = &rest[number_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_end];
        rest = &rest[unit_end..];
        match unit {
            "h" | "hr" | "hrs" | "hour" | "hours" if !seen_hours && !seen_minutes => {
                seen_hours = true;
                minutes += number * 60.0;
            }
            // A bare number is minutes, also after hours (`1h30`).
            "" | "m" | "min" | "mins" | "minute" | "minutes" if !seen_minutes => {
                seen_minutes = true;
                minutes += number;
            }
            _ => return Err(refuse()),
        }
    }
    total(minutes).ok_or_else(refuse)
}

fn digits(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Whole minutes only; the range is the agreement's rule to state.
fn total(minutes: f64) -> Option<Option<u32>> {
    (minutes.fract() == 0.0 && minutes >= 0.0 && minutes <= f64::from(u32::MAX))
        .then_some(Some(minutes as u32))
}

/// Minutes as people read them: `45 min`, `4 h`, `1 h 30 min`.
pub fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A span in milliseconds, to the minute below: `under a minute`, `45 min`, `1 h 30 min`.
pub fn format_span_ms(ms: i64) -> String {
    match u32::try_from(ms.max(0) / 60_000) {
        Ok(0) => "under a minute".to_owned(),
        Ok(minutes) => format_minutes(minutes),
        Err(_) => "more than 8,000 years".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_people_type_read_as_minutes() {
        for (text, minutes) in [
            ("90", 90),
            ("90 min", 90),
            ("90m", 90),
            ("4 h", 240),
            ("4H", 240),
            ("4 hours", 240),
            ("1.5 h", 90),
            ("1 h 30 min", 90),
            ("1h30", 90),
            ("1:30", 90),
            ("0:05", 5),
            ("  15 mins ", 15),
        ] {
            assert_eq!(parse_minutes(text), Ok(Some(minutes)), "{text}");
        }
        assert_eq!(parse_minutes("   "), Ok(None), "blank: no target");
    }

    #[test]
    fn anything_else_is_refused_with_an_example() {
        for bad in [
            "soon",
            "4 d",
            "h",
            "1.2.3 h",
            "30 min 1 h",
            "1 h 2 h",
            "1:5",
            "1:75",
            ":30",
            "0.5 min",
            "-5",
            "4 h 30 min 10",
            "1e3",
        ] {
            assert_eq!(
                parse_minutes(bad),
                Err(DurationError(bad.to_owned())),
                "{bad}"
            );
        }
        assert_eq!(
            parse_minutes("soon").unwrap_err().to_string(),
            "must be a time such as 30 min, 4 h or 1 h 30 min (got \"soon\")."
        );
    }

    #[test]
    fn spans_are_written_as_they_are_typed() {
        assert_eq!(format_minutes(45), "45 min");
        assert_eq!(format_minutes(240), "4 h");
        assert_eq!(format_minutes(90), "1 h 30 min");
        for minutes in [1, 59, 60, 61, 1_440, 527_040] {
            assert_eq!(parse_minutes(&format_minutes(minutes)), Ok(Some(minutes)));
        }
        assert_eq!(format_span_ms(59_999), "under a minute");
        assert_eq!(format_span_ms(-5), "under a minute");
        assert_eq!(format_span_ms(90 * 60_000 + 59_999), "1 h 30 min");
        assert_eq!(format_span_ms(i64::MAX), "more than 8,000 years");
    }
}
