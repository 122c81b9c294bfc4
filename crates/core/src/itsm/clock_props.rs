//! Properties of the service-time arithmetic over random hours, instants and pauses.

use proptest::prelude::*;

use super::service_hours::{DAY_MINUTES, SEARCH_DAYS, ServiceHours, Window};
use super::sla_clock::{Pause, SlaClock};

const HOUR: i64 = 3_600_000;
/// Within what [`ServiceHours::add_service_ms`] searches from any instant: its days, less the
/// first (which it starts part way through). Giving up says only that these hold too little.
const SEARCHED: i64 = (SEARCH_DAYS - 1) * 24 * HOUR;
/// 2020-01-01 to about 2030, in ms.
const SPAN: std::ops::Range<i64> = 1_577_836_800_000..1_893_456_000_000;

fn hours() -> impl Strategy<Value = ServiceHours> {
    let window = (0..DAY_MINUTES, 1..=DAY_MINUTES).prop_filter_map("a window", |(a, b)| {
        (a < b).then_some(Window { start: a, end: b })
    });
    let days = prop::array::uniform7(prop::option::of(window));
    (days, -720i32..=840).prop_filter_map("open some day", |(days, offset)| {
        ServiceHours::new(offset, days).ok()
    })
}

fn pauses() -> impl Strategy<Value = Vec<Pause>> {
    prop::collection::vec((0..200 * HOUR, 0..50 * HOUR), 0..6).prop_map(|spans| {
        spans
            .into_iter()
            .map(|(start, length)| Pause {
                start,
                end: Some(start + length),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn adding_service_time_then_measuring_it_gives_it_back(
        hours in hours(), from in SPAN, service in 0..400 * HOUR,
    ) {
        let Some(until) = hours.add_service_ms(from, service) else {
            // Only hours this sparse give up: 20 years of them hold less than asked.
            prop_assert!(hours.service_ms_between(from, from + SEARCHED) < service);
            return Ok(());
        };
        prop_assert!(until >= from);
        prop_assert_eq!(hours.service_ms_between(from, until), service);
    }

    #[test]
    fn service_time_adds_up_over_consecutive_spans(
        hours in hours(), from in SPAN, a in 0..1_000 * HOUR, b in 0..1_000 * HOUR,
    ) {
        let (middle, end) = (from + a, from + a + b);
        prop_assert_eq!(
            hours.service_ms_between(from, end),
            hours.service_ms_between(from, middle) + hours.service_ms_between(middle, end)
        );
        prop_assert!(hours.service_ms_between(from, end) <= end - from);
    }

    #[test]
    fn a_clock_never_runs_backwards_nor_faster_than_service_time(
        hours in hours(), start in SPAN, pauses in pauses(), steps in prop::collection::vec(0..20 * HOUR, 1..10),
    ) {
        let pauses: Vec<Pause> = pauses
            .into_iter()
            .map(|p| Pause { start: start + p.start, end: p.end.map(|e| start + e) })
            .collect();
        let clock = SlaClock::new(start, &pauses, None);
        let mut now = start;
        let mut last = 0;
        for step in steps {
            now += step;
            let elapsed = clock.elapsed_ms(&hours, now);
            prop_assert!(elapsed >= last);
            prop_assert!(elapsed <= hours.service_ms_between(start, now));
            last = elapsed;
        }
    }

    #[test]
    fn a_clock_reaches_its_target_exactly_when_it_falls_due(
        hours in hours(), start in SPAN, pauses in pauses(), target in 1..100 * HOUR,
    ) {
        let pauses: Vec<Pause> = pauses
            .into_iter()
            .map(|p| Pause { start: start + p.start, end: p.end.map(|e| start + e) })
            .collect();
        let clock = SlaClock::new(start, &pauses, None);
        let Some(due) = clock.due_at(&hours, target) else {
            // Only hours this sparse give up (the pauses span at most 250 hours).
            let later = start + 250 * HOUR;
            prop_assert!(hours.service_ms_between(later, start + SEARCHED) < target);
            return Ok(());
        };
        prop_assert_eq!(clock.elapsed_ms(&hours, due), target);
        prop_assert!(!clock.state(&hours, target, due).is_breached());
        let after = due + HOUR;
        prop_assert_eq!(
            clock.state(&hours, target, after).is_breached(),
            clock.elapsed_ms(&hours, after) > target
        );
    }
}
