//! Service hours, SLA clocks and priorities, case by case.

use super::priority::{Level, Priority, PriorityError, PriorityMatrix};
use super::service_hours::{HoursError, ServiceHours, Window};
use super::sla_clock::{ClockState, Pause, SlaClock};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    crate::date::Date::parse(&format!("{y:04}-{m:02}-{d:02}"))
        .unwrap()
        .days_since_epoch()
}

/// An instant in UTC.
fn utc(y: i64, m: i64, d: i64, h: i64, min: i64) -> i64 {
    days_from_civil(y, m, d) * 24 * HOUR + h * HOUR + min * MINUTE
}

/// Monday to Friday, 08:00 to 18:00 UTC.
fn office() -> ServiceHours {
    ServiceHours::weekdays(8 * 60, 18 * 60, 0).unwrap()
}

#[test]
fn the_calendar_helper_agrees_with_known_days() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    // 2026-11-30 is a Monday, 2026-12-03 a Thursday.
    assert_eq!((days_from_civil(2026, 11, 30) + 3) % 7, 0);
    assert_eq!((days_from_civil(2026, 12, 3) + 3) % 7, 3);
}

#[test]
fn round_the_clock_hours_count_every_millisecond() {
    let hours = ServiceHours::always();
    let from = utc(2026, 11, 28, 23, 30);
    assert_eq!(hours.service_ms_between(from, from + 49 * HOUR), 49 * HOUR);
    assert_eq!(
        hours.add_service_ms(from, 49 * HOUR),
        Some(from + 49 * HOUR)
    );
    assert!(hours.is_open(from));
}

#[test]
fn office_hours_count_only_weekdays_from_eight_to_six() {
    let hours = office();
    // Monday 07:00 to Monday 09:30: one and a half hours.
    let monday = utc(2026, 11, 30, 7, 0);
    assert_eq!(
        hours.service_ms_between(monday, monday + 150 * MINUTE),
        90 * MINUTE
    );
    // Friday 17:00 to Monday 09:00: the hour on Friday and the hour on Monday.
    let friday = utc(2026, 12, 4, 17, 0);
    assert_eq!(
        hours.service_ms_between(friday, utc(2026, 12, 7, 9, 0)),
        2 * HOUR
    );
    // Two whole weeks and a day: ten working days, then one more.
    let from = utc(2026, 11, 30, 0, 0);
    assert_eq!(
        hours.service_ms_between(from, from + 15 * 24 * HOUR),
        11 * 10 * HOUR
    );
    // Nothing between an instant and itself or an earlier one.
    assert_eq!(hours.service_ms_between(monday, monday), 0);
    assert_eq!(hours.service_ms_between(monday, monday - HOUR), 0);
    assert!(!hours.is_open(utc(2026, 12, 5, 12, 0)), "Saturday");
    assert!(hours.is_open(utc(2026, 12, 4, 17, 59)));
    assert!(
        !hours.is_open(utc(2026, 12, 4, 18, 0)),
        "the window ends at six"
    );
}

#[test]
fn adding_service_time_skips_nights_and_weekends() {
    let hours = office();
    // Four working hours from Friday 16:00: two on Friday, two on Monday, so Monday 10:00.
    let friday = utc(2026, 12, 4, 16, 0);
    assert_eq!(
        hours.add_service_ms(friday, 4 * HOUR),
        Some(utc(2026, 12, 7, 10, 0))
    );
    // Logged on Saturday: the clock starts on Monday at eight.
    let saturday = utc(2026, 12, 5, 11, 0);
    assert_eq!(
        hours.add_service_ms(saturday, 30 * MINUTE),
        Some(utc(2026, 12, 7, 8, 30))
    );
    // Exactly the rest of a day ends at its close, not the next morning.
    let monday = utc(2026, 11, 30, 14, 0);
    assert_eq!(
        hours.add_service_ms(monday, 4 * HOUR),
        Some(utc(2026, 11, 30, 18, 0))
    );
    assert_eq!(hours.add_service_ms(monday, 0), Some(monday));
}

#[test]
fn local_hours_follow_their_offset_from_utc() {
    // 08:00–18:00 at UTC+02:00 is 06:00–16:00 UTC.
    let hours = ServiceHours::weekdays(8 * 60, 18 * 60, 120).unwrap();
    assert!(hours.is_open(utc(2026, 11, 30, 6, 0)));
    assert!(!hours.is_open(utc(2026, 11, 30, 16, 0)));
    // Monday 23:30 UTC is already Tuesday 01:30 there: closed until 06:00 UTC on Tuesday.
    let late = utc(2026, 11, 30, 23, 30);
    assert_eq!(
        hours.add_service_ms(late, HOUR),
        Some(utc(2026, 12, 1, 7, 0))
    );
    // West of UTC: Friday 20:00 UTC is Friday 15:00 at UTC−05:00, still open for three hours.
    let west = ServiceHours::weekdays(8 * 60, 18 * 60, -300).unwrap();
    let friday = utc(2026, 12, 4, 20, 0);
    assert_eq!(
        west.service_ms_between(friday, utc(2026, 12, 5, 20, 0)),
        3 * HOUR
    );
}

#[test]
fn service_hours_that_cannot_hold_are_refused_with_the_reason() {
    let window = |start, end| Some(Window { start, end });
    assert_eq!(
        ServiceHours::weekdays(18 * 60, 8 * 60, 0),
        Err(HoursError::BadWindow { day: "Monday" })
    );
    let mut days = [None; 7];
    days[6] = window(0, 1_441);
    assert_eq!(
        ServiceHours::new(0, days),
        Err(HoursError::BadWindow { day: "Sunday" })
    );
    assert_eq!(ServiceHours::new(0, [None; 7]), Err(HoursError::NeverOpen));
    assert_eq!(
        ServiceHours::weekdays(0, 60, 841),
        Err(HoursError::BadOffset)
    );
    assert_eq!(
        ServiceHours::weekdays(0, 60, -721),
        Err(HoursError::BadOffset)
    );
    assert!(
        HoursError::NeverOpen
            .to_string()
            .contains("at least one day")
    );
}

#[test]
fn service_hours_read_back_from_json_and_refuse_what_cannot_hold() {
    let hours = office();
    let text = serde_json::to_string(&hours).unwrap();
    assert_eq!(serde_json::from_str::<ServiceHours>(&text).unwrap(), hours);
    let never = r#"{"utc_offset_minutes":0,"days":[null,null,null,null,null,null,null]}"#;
    assert!(serde_json::from_str::<ServiceHours>(never).is_err());
    let backwards =
        r#"{"utc_offset_minutes":0,"days":[{"start":600,"end":60},null,null,null,null,null,null]}"#;
    let error = serde_json::from_str::<ServiceHours>(backwards).unwrap_err();
    assert!(error.to_string().contains("Monday"), "{error}");
    let extra = r#"{"utc_offset_minutes":0,"days":[null,null,null,null,null,null,null],"tz":"x"}"#;
    assert!(serde_json::from_str::<ServiceHours>(extra).is_err());
}

#[test]
fn a_clock_without_pauses_runs_in_service_time_until_it_stops() {
    let hours = office();
    let logged = utc(2026, 12, 4, 16, 0);
    let clock = SlaClock::new(logged, &[], None);
    let monday_ten = utc(2026, 12, 7, 10, 0);
    assert_eq!(clock.elapsed_ms(&hours, monday_ten), 4 * HOUR);
    assert_eq!(clock.due_at(&hours, 4 * HOUR), Some(monday_ten));
    assert_eq!(
        clock.state(&hours, 8 * HOUR, monday_ten),
        ClockState::Running { left_ms: 4 * HOUR }
    );
    assert_eq!(
        clock.state(&hours, 3 * HOUR, monday_ten),
        ClockState::Breached { over_ms: HOUR }
    );
    // Resolved on Monday at nine: three hours used, the clock stays there.
    let stopped = SlaClock::new(logged, &[], Some(utc(2026, 12, 7, 9, 0)));
    assert_eq!(
        stopped.elapsed_ms(&hours, utc(2026, 12, 9, 12, 0)),
        3 * HOUR
    );
    assert_eq!(
        stopped.state(&hours, 4 * HOUR, utc(2026, 12, 9, 12, 0)),
        ClockState::Met { spare_ms: HOUR }
    );
    assert_eq!(stopped.due_at(&hours, 4 * HOUR), None);
}

#[test]
fn waiting_on_the_customer_pauses_the_clock() {
    let hours = ServiceHours::always();
    let logged = utc(2026, 12, 1, 9, 0);
    // Waited from 10:00 to 12:00, and (overlapping) from 11:00 to 12:30.
    let pauses = [
        Pause {
            start: utc(2026, 12, 1, 11, 0),
            end: Some(utc(2026, 12, 1, 12, 30)),
        },
        Pause {
            start: utc(2026, 12, 1, 10, 0),
            end: Some(utc(2026, 12, 1, 12, 0)),
        },
    ];
    let clock = SlaClock::new(logged, &pauses, None);
    let one_pm = utc(2026, 12, 1, 13, 0);
    // Four hours since logging, two and a half of them paused (overlap counted once).
    assert_eq!(clock.elapsed_ms(&hours, one_pm), 90 * MINUTE);
    assert!(clock.is_paused(utc(2026, 12, 1, 12, 15)));
    assert!(!clock.is_paused(one_pm));
    // A four-hour target falls due two and a half hours later than without the pauses.
    assert_eq!(
        clock.due_at(&hours, 4 * HOUR),
        Some(utc(2026, 12, 1, 15, 30))
    );
    // A pause ending before it began, or wholly before logging, changes nothing.
    let odd = [
        Pause {
            start: one_pm,
            end: Some(one_pm - HOUR),
        },
        Pause {
            start: logged - 3 * HOUR,
            end: Some(logged - HOUR),
        },
    ];
    assert_eq!(
        SlaClock::new(logged, &odd, None).elapsed_ms(&hours, one_pm),
        4 * HOUR
    );
}

#[test]
fn a_pause_still_open_holds_the_clock_where_it_is() {
    let hours = ServiceHours::always();
    let logged = utc(2026, 12, 1, 9, 0);
    let waiting = Pause {
        start: utc(2026, 12, 1, 10, 0),
        end: None,
    };
    let clock = SlaClock::new(logged, &[waiting], None);
    let later = utc(2026, 12, 3, 9, 0);
    assert_eq!(clock.elapsed_ms(&hours, later), HOUR);
    assert!(clock.is_paused(later));
    assert_eq!(
        clock.state(&hours, 4 * HOUR, later),
        ClockState::Paused { left_ms: 3 * HOUR }
    );
    assert_eq!(
        clock.due_at(&hours, 4 * HOUR),
        None,
        "no one can say while it waits"
    );
    // Before the pause began, the clock ran.
    assert!(!clock.is_paused(utc(2026, 12, 1, 9, 30)));
}

#[test]
fn pauses_outside_service_hours_take_nothing_off() {
    let hours = office();
    let logged = utc(2026, 12, 4, 16, 0);
    // Waiting over the weekend costs no service time: the clock would not have run anyway.
    let weekend = Pause {
        start: utc(2026, 12, 4, 18, 0),
        end: Some(utc(2026, 12, 7, 8, 0)),
    };
    let clock = SlaClock::new(logged, &[weekend], None);
    assert_eq!(clock.elapsed_ms(&hours, utc(2026, 12, 7, 10, 0)), 4 * HOUR);
    assert_eq!(
        clock.due_at(&hours, 4 * HOUR),
        Some(utc(2026, 12, 7, 10, 0))
    );
}

#[test]
fn the_default_matrix_runs_from_p1_to_p5() {
    let matrix = PriorityMatrix::default();
    assert_eq!(matrix.priority(Level::High, Level::High), Priority::HIGHEST);
    assert_eq!(matrix.priority(Level::High, Level::Low).label(), "P3");
    assert_eq!(matrix.priority(Level::Medium, Level::Medium).label(), "P3");
    assert_eq!(matrix.priority(Level::Low, Level::Low), Priority::LOWEST);
}

#[test]
fn a_matrix_where_more_impact_means_less_priority_is_refused() {
    let p = |v| Priority::new(v).unwrap();
    let mut cells = *PriorityMatrix::default().cells();
    // Everything P2 is allowed: a team may treat all alike.
    assert!(PriorityMatrix::new([[p(2); 3]; 3]).is_ok());
    cells[0][0] = p(4);
    let error = PriorityMatrix::new(cells).unwrap_err();
    assert_eq!(
        error,
        PriorityError::NotMonotone {
            impact: "high",
            urgency: "high",
            found: 4,
            floor: 2
        }
    );
    assert!(error.to_string().contains("never give a lower priority"));
    assert_eq!(Priority::new(0), Err(PriorityError::OutOfRange(0)));
    assert_eq!(Priority::new(6), Err(PriorityError::OutOfRange(6)));
}

#[test]
fn a_matrix_reads_back_from_json_and_refuses_bad_cells() {
    let matrix = PriorityMatrix::default();
    let text = serde_json::to_string(&matrix).unwrap();
    assert_eq!(text, "[[1,2,3],[2,3,4],[3,4,5]]");
    assert_eq!(
        serde_json::from_str::<PriorityMatrix>(&text).unwrap(),
        matrix
    );
    assert!(serde_json::from_str::<PriorityMatrix>("[[1,2,3],[2,3,4],[3,4,6]]").is_err());
    assert!(serde_json::from_str::<PriorityMatrix>("[[5,2,3],[2,3,4],[3,4,5]]").is_err());
    assert!(serde_json::from_str::<PriorityMatrix>("[[1,2],[2,3],[3,4]]").is_err());
    assert_eq!(serde_json::to_string(&Level::Medium).unwrap(), "\"medium\"");
}

#[test]
fn service_hours_are_described_by_days_grouped_under_one_window() {
    use super::service_hours::{Window, format_offset, offsets};
    assert_eq!(ServiceHours::always().describe(), "Around the clock");
    assert_eq!(office().describe(), "Monday–Friday 08:00–18:00 (UTC)");
    let w = |start, end| Some(Window { start, end });
    let mixed = ServiceHours::new(
        60,
        [
            w(480, 1080),
            w(480, 1080),
            None,
            w(480, 1080),
            w(480, 1020),
            w(540, 780),
            None,
        ],
    )
    .unwrap();
    assert_eq!(
        mixed.describe(),
        "Monday–Tuesday 08:00–18:00, Thursday 08:00–18:00, Friday 08:00–17:00, Saturday 09:00–13:00 (UTC+01:00)"
    );
    let whole_days = ServiceHours::new(-210, [w(0, 1440); 7]).unwrap();
    assert_eq!(
        whole_days.describe(),
        "Monday–Sunday 00:00–24:00 (UTC−03:30)"
    );
    assert_eq!(format_offset(840), "UTC+14:00");
    assert_eq!(offsets().count(), 105);
    assert!(offsets().all(|o| ServiceHours::new(o, [w(0, 60); 7]).is_ok()));
}

#[test]
fn times_of_day_read_as_a_time_field_holds_them() {
    use super::service_hours::{format_clock, parse_clock};
    assert_eq!(parse_clock("08:30", false), Some(510));
    assert_eq!(parse_clock("00:00", false), Some(0));
    assert_eq!(
        parse_clock("00:00", true),
        Some(1_440),
        "midnight ending the day"
    );
    assert_eq!(parse_clock("24:00", true), Some(1_440));
    assert_eq!(parse_clock("23:59", true), Some(1_439));
    for bad in [
        "24:00", "8:30", "08:60", "25:00", "08-30", "", "ab:cd", "08:30:00",
    ] {
        assert_eq!(parse_clock(bad, false), None, "{bad}");
    }
    assert_eq!(parse_clock("24:01", true), None);
    assert_eq!(format_clock(510), "08:30");
    assert_eq!(format_clock(1_440), "00:00");
}
