//! How numbers are shown: one place, so every page says them the same way.

/// A share 0–1 as a whole percentage, or a dash when there is none.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.0} %", v * 100.0))
}

/// A level average with one decimal, or a dash.
pub fn level(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_levels_read_naturally() {
        assert_eq!(percent(Some(0.444)), "44 %");
        assert_eq!(percent(None), "—");
        assert_eq!(level(Some(2.25)), "2.2");
        assert_eq!(level(None), "—");
    }
}
