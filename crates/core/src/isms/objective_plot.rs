//! An objective's measurements over time as a line chart's geometry: each measurement a point
//! (days along, value up), the target a level line, both scaled into one box with the lowest
//! and highest value shown. The app draws it; the numbers are worked out here.

use super::objective::Objective;
use crate::date::Date;

/// The chart's box, in SVG units.
pub const WIDTH: f64 = 320.0;
pub const HEIGHT: f64 = 170.0;
/// Room for the value labels on the left and the dates below.
pub const LEFT: f64 = 44.0;
pub const RIGHT: f64 = 10.0;
pub const TOP: f64 = 10.0;
pub const BOTTOM: f64 = 22.0;

/// Where things go.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// Each measurement as (x, y, date, value), oldest first.
    pub points: Vec<(f64, f64, Date, f64)>,
    /// The target's height, if it has one.
    pub target_y: Option<f64>,
    /// The values at the bottom and top of the box.
    pub low: f64,
    pub high: f64,
    pub first: Date,
    pub last: Date,
}

impl Plot {
    /// The line through the points, as an SVG `points` attribute.
    pub fn line(&self) -> String {
        let mut line = String::new();
        for (x, y, _, _) in &self.points {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&format!("{x:.1},{y:.1}"));
        }
        line
    }
}

/// The chart of `objective`'s measurements; `None` before the first one.
pub fn plot(objective: &Objective) -> Option<Plot> {
    let series = objective.series();
    let (first, last) = (series.first()?.1.on, series.last()?.1.on);
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for value in series.iter().map(|(_, m)| m.value).chain(objective.target) {
        low = low.min(value);
        high = high.max(value);
    }
    // A flat line sits in the middle; otherwise a little room above and below.
    let pad = if high > low {
        (high - low) * 0.08
    } else {
        low.abs().max(1.0) * 0.1
    };
    let (low, high) = (low - pad, high + pad);
    let span_days = (last.days_since_epoch() - first.days_since_epoch()) as f64;
    let inner_w = WIDTH - LEFT - RIGHT;
    let inner_h = HEIGHT - TOP - BOTTOM;
    let x_of = |on: Date| {
        if span_days == 0.0 {
            LEFT + inner_w / 2.0
        } else {
            LEFT + inner_w * (on.days_since_epoch() - first.days_since_epoch()) as f64 / span_days
        }
    };
    let y_of = |value: f64| TOP + inner_h * (high - value) / (high - low);
    Some(Plot {
        points: series
            .iter()
            .map(|(_, m)| (x_of(m.on), y_of(m.value), m.on, m.value))
            .collect(),
        target_y: objective.target.map(y_of),
        low,
        high,
        first,
        last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RecordId;
    use crate::isms::objective::{Measurement, System};

    fn objective(target: Option<f64>, measured: &[(&str, f64)]) -> Objective {
        let id = RecordId::parse("o1").unwrap();
        let mut o = Objective::new(id, "Portal available", System::Sms, 1).unwrap();
        o.target = target;
        for (n, (on, value)) in measured.iter().enumerate() {
            let m = Measurement {
                on: Date::parse(on).unwrap(),
                value: *value,
                note: String::new(),
            };
            o.measure(RecordId::parse(&format!("m{n}")).unwrap(), m)
                .unwrap();
        }
        o
    }

    #[test]
    fn points_run_by_day_and_value_within_the_box() {
        let o = objective(
            Some(99.5),
            &[
                ("2026-12-31", 99.0),
                ("2026-10-01", 98.0),
                ("2026-11-01", 100.0),
            ],
        );
        let p = plot(&o).unwrap();
        let xs: Vec<f64> = p.points.iter().map(|(x, ..)| *x).collect();
        assert_eq!(xs.first(), Some(&LEFT), "the oldest at the left edge");
        assert_eq!(
            xs.last(),
            Some(&(WIDTH - RIGHT)),
            "the newest at the right edge"
        );
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "in date order: {xs:?}");
        let ys: Vec<f64> = p.points.iter().map(|(_, y, ..)| *y).collect();
        assert!(
            ys.iter().all(|y| (TOP..=HEIGHT - BOTTOM).contains(y)),
            "{ys:?}"
        );
        assert!(ys[1] < ys[0], "100 above 98");
        let target = p.target_y.unwrap();
        assert!(target > ys[1] && target < ys[2], "99.5 between 100 and 99");
        assert!(p.low < 98.0 && p.high > 100.0);
        assert_eq!(p.line().split(' ').count(), 3);
        assert_eq!(
            (p.first.to_string(), p.last.to_string()),
            ("2026-10-01".into(), "2026-12-31".into())
        );
    }

    #[test]
    fn one_measurement_and_a_flat_line_sit_in_the_middle() {
        let p = plot(&objective(None, &[("2026-12-01", 5.0)])).unwrap();
        let (x, y, ..) = p.points[0];
        assert_eq!(x, LEFT + (WIDTH - LEFT - RIGHT) / 2.0);
        assert!((y - (TOP + (HEIGHT - TOP - BOTTOM) / 2.0)).abs() < 1e-9);
        assert_eq!(p.target_y, None);
        assert_eq!(
            plot(&objective(Some(1.0), &[])),
            None,
            "nothing measured yet"
        );
    }
}
