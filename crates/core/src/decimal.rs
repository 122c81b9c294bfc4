//! Decimal numbers as people type them (`99.95`, `1.5`), read without the standard library's
//! float parser: its tables cost the wasm about 20 kB for inputs this plain.

/// Most digits read: every such number is exact as an `f64` integer before the one division.
const MAX_DIGITS: usize = 15;

/// `text` (digits with at most one decimal point, no sign or exponent) as a number; `None` for
/// anything else. The result is the correctly rounded value, as `str::parse::<f64>` gives.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = whole.len() + fraction.len();
    let plain = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if digits == 0 || digits > MAX_DIGITS || !plain(whole) || !plain(fraction) {
        return None;
    }
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    // Both exact, so the one division rounds correctly.
    Some(mantissa as f64 / 10f64.powi(fraction.len() as i32))
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    #[test]
    fn plain_decimals_read_as_the_standard_parser_reads_them() {
        for text in [
            "0",
            "7",
            "99.9",
            "99.95",
            "99.999",
            "1.5",
            ".5",
            "5.",
            "100",
            "0.1",
            "12345678901.2345",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            ".",
            "-1",
            "+1",
            "1e3",
            "1.2.3",
            "9 9",
            "abc",
            "1,5",
            "1234567890123456",
            "∞",
            "NaN",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }
}
