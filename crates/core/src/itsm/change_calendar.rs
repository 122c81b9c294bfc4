//! The forward schedule of changes: the changes planned in a window, laid out by day for a
//! month's calendar, the clashes between changes to one service at overlapping times, and the
//! schedule as an iCalendar file (RFC 5545) that any calendar program opens.

use super::change_request::{ChangeRequest, ChangeState};
use super::workflow::Lifecycle;
use crate::date::{Date, Month, format_minute};
use crate::ids::RecordId;

const DAY_MS: i64 = 86_400_000;

/// A change's planned window, when it has one and is still on the schedule (not rejected).
pub fn window(change: &ChangeRequest) -> Option<(i64, i64)> {
    if change.state == ChangeState::Rejected {
        return None;
    }
    Some((change.planned_start?, change.planned_end?))
}

/// One day of a month's calendar: its date, whether it belongs to the month shown (weeks are
/// filled out with the days either side), and the changes planned over any part of it, by
/// start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: Date,
    pub in_month: bool,
    pub changes: Vec<RecordId>,
}

/// `month` as weeks from Monday to Sunday, each day with the changes planned over any part of
/// it, at `offset_minutes` east of UTC.
pub fn month_grid(month: Month, offset_minutes: i64, changes: &[ChangeRequest]) -> Vec<[Day; 7]> {
    let first = month.first_day().days_since_epoch();
    // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
    let monday = first - (first + 3).rem_euclid(7);
    let mut planned: Vec<(&RecordId, i64, i64)> = changes
        .iter()
        .filter_map(|c| window(c).map(|(s, e)| (&c.id, s, e)))
        .collect();
    crate::order::sort_by(&mut planned, |a, b| {
        a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0))
    });
    let mut weeks = Vec::new();
    let mut day = monday;
    loop {
        let week: [Day; 7] = std::array::from_fn(|i| {
            let days = day + i as i64;
            let start = days * DAY_MS - offset_minutes * 60_000;
            let end = start + DAY_MS;
            let date = Date::from_days_since_epoch(days).unwrap_or(month.first_day());
            Day {
                date,
                in_month: date.month() == month,
                changes: planned
                    .iter()
                    .filter(|(_, s, e)| *s < end && *e > start)
                    .map(|(id, _, _)| (*id).clone())
                    .collect(),
            }
        });
        let ends_month = !week[6].in_month || week[6].date.month() != month;
        weeks.push(week);
        day += 7;
        let next_in_month = Date::from_days_since_epoch(day).is_some_and(|d| d.month() == month);
        if ends_month || !next_in_month {
            break;
        }
    }
    weeks
}

/// Two changes to the same service planned over overlapping times, both still to be done:
/// worth a second look before either is implemented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub first: RecordId,
    pub second: RecordId,
    pub service: RecordId,
}

const STILL_TO_DO: &[ChangeState] = &[
    ChangeState::Requested,
    ChangeState::Assessed,
    ChangeState::Approved,
    ChangeState::Scheduled,
];

/// Every clash, by the earlier-starting change.
pub fn clashes(changes: &[ChangeRequest]) -> Vec<Clash> {
    let mut open: Vec<(&ChangeRequest, i64, i64)> = changes
        .iter()
        .filter(|c| STILL_TO_DO.contains(&c.state) && c.service.is_some())
        .filter_map(|c| window(c).map(|(s, e)| (c, s, e)))
        .collect();
    crate::order::sort_by(&mut open, |a, b| {
        a.1.cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id))
    });
    let mut found = Vec::new();
    for (i, (a, _, a_end)) in open.iter().enumerate() {
        for (b, b_start, _) in &open[i + 1..] {
            if b_start >= a_end {
                break;
            }
            if a.service == b.service {
                found.push(Clash {
                    first: a.id.clone(),
                    second: b.id.clone(),
                    service: a.service.clone().expect("filtered"),
                });
            }
        }
    }
    found
}

/// The clashes `id` is part of, naming the other change.
pub fn clashes_of<'a>(clashes: &'a [Clash], id: &RecordId) -> Vec<&'a RecordId> {
    clashes
        .iter()
        .filter_map(|c| {
            if &c.first == id {
                Some(&c.second)
            } else if &c.second == id {
                Some(&c.first)
            } else {
                None
            }
        })
        .collect()
}

/// An instant in iCalendar's UTC form: `20261207T093000Z`.
fn ics_time(ms: i64) -> String {
    let minute = format_minute(ms, 0);
    let seconds = ms.div_euclid(1_000).rem_euclid(60);
    let digits: String = minute.chars().filter(char::is_ascii_digit).collect();
    format!("{}T{}{seconds:02}Z", &digits[..8], &digits[8..])
}

/// A text value with iCalendar's escapes: backslash, semicolon, comma and line breaks.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so no line is longer than 75 octets (a fold never splits a
/// character), ending in CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The schedule as an iCalendar file: one event per change with a planned window (rejected
/// ones left out), its summary the type and title, its description the state, risk and
/// service, stamped `now`. `service_name` names a service by id; `link` gives a change's
/// address in the app, when it has one.
pub fn ics(
    changes: &[ChangeRequest],
    service_name: impl Fn(&RecordId) -> Option<String>,
    link: impl Fn(&RecordId) -> Option<String>,
    now: i64,
) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Praxis//Forward schedule of changes//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Forward schedule of changes",
    ] {
        push_line(&mut out, line);
    }
    let mut planned: Vec<(&ChangeRequest, i64, i64)> = changes
        .iter()
        .filter_map(|c| window(c).map(|(s, e)| (c, s, e)))
        .collect();
    crate::order::sort_by(&mut planned, |a, b| {
        a.1.cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id))
    });
    for (change, start, end) in planned {
        let mut description = vec![
            format!("State: {}", change.state.label()),
            format!(
                "Risk: {}",
                change.risk.map_or("not assessed", |r| r.label())
            ),
        ];
        if let Some(name) = change.service.as_ref().and_then(&service_name) {
            description.push(format!("Service: {name}"));
        }
        if !change.owner.is_empty() {
            description.push(format!("Owner: {}", change.owner));
        }
        let status = match change.state {
            ChangeState::Requested | ChangeState::Assessed => "TENTATIVE",
            _ => "CONFIRMED",
        };
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}@praxis", change.id));
        push_line(&mut out, &format!("DTSTAMP:{}", ics_time(now)));
        push_line(&mut out, &format!("DTSTART:{}", ics_time(start)));
        push_line(&mut out, &format!("DTEND:{}", ics_time(end)));
        push_line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                ics_text(&format!(
                    "{} change: {}",
                    change.change_type.label(),
                    change.title
                ))
            ),
        );
        push_line(
            &mut out,
            &format!("DESCRIPTION:{}", ics_text(&description.join("\n"))),
        );
        push_line(
            &mut out,
            &format!("CATEGORIES:{}", ics_text(change.change_type.label())),
        );
        push_line(&mut out, &format!("STATUS:{status}"));
        if let Some(url) = link(&change.id) {
            push_line(&mut out, &format!("URL:{url}"));
        }
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::itsm::change_request::ChangeType;
    use crate::itsm::workflow::StepLog;

    /// 2026-12-07 00:00 UTC (a Monday).
    const MONDAY: i64 = 1_796_601_600_000;
    const HOUR: i64 = 3_600_000;

    fn id(text: &str) -> RecordId {
        RecordId::parse(text).unwrap()
    }

    fn planned(name: &str, start: i64, hours: i64) -> ChangeRequest {
        let mut c =
            ChangeRequest::new(id(name), ChangeType::Normal, name, MONDAY - 30 * DAY_MS).unwrap();
        c.planned_start = Some(start);
        c.planned_end = Some(start + hours * HOUR);
        c.service = Some(id("mail"));
        c.steps = StepLog::default();
        c
    }

    #[test]
    fn a_month_is_laid_out_monday_to_sunday_with_each_change_on_every_day_it_covers() {
        let december = Month::parse("2026-12").unwrap();
        // Over midnight from Tuesday 8 into Wednesday 9.
        let overnight = planned("overnight", MONDAY + DAY_MS + 22 * HOUR, 4);
        let weeks = month_grid(december, 0, std::slice::from_ref(&overnight));
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0].date.to_string(), "2026-11-30");
        assert!(!weeks[0][0].in_month);
        assert_eq!(weeks[0][1].date.to_string(), "2026-12-01");
        assert_eq!(weeks[4][6].date.to_string(), "2027-01-03");
        let covered: Vec<String> = weeks
            .iter()
            .flatten()
            .filter(|d| !d.changes.is_empty())
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(covered, ["2026-12-08", "2026-12-09"]);
        // Two hours east of UTC it ends at 02:00 on the 9th local time, still over midnight;
        // eleven hours west, it lies within the 8th.
        let west = month_grid(december, -11 * 60, &[overnight]);
        let covered: Vec<String> = west
            .iter()
            .flatten()
            .filter(|d| !d.changes.is_empty())
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(covered, ["2026-12-08"]);
        // A month that starts on a Monday begins its first row with day 1.
        let february = month_grid(Month::parse("2027-02").unwrap(), 0, &[]);
        assert_eq!(february[0][0].date.to_string(), "2027-02-01");
        assert_eq!(february.len(), 4);
    }

    #[test]
    fn rejected_or_unplanned_changes_are_not_on_the_schedule() {
        let mut rejected = planned("rejected", MONDAY, 1);
        rejected.state = ChangeState::Rejected;
        let mut unplanned = planned("unplanned", MONDAY, 1);
        unplanned.planned_start = None;
        unplanned.planned_end = None;
        assert_eq!(window(&rejected), None);
        assert_eq!(window(&unplanned), None);
        let weeks = month_grid(Month::parse("2026-12").unwrap(), 0, &[rejected, unplanned]);
        assert!(weeks.iter().flatten().all(|d| d.changes.is_empty()));
    }

    #[test]
    fn changes_to_one_service_at_overlapping_times_clash() {
        let a = planned("a", MONDAY + 10 * HOUR, 2);
        let b = planned("b", MONDAY + 11 * HOUR, 2);
        // Back to back is no clash.
        let c = planned("c", MONDAY + 13 * HOUR, 1);
        let mut other = planned("other", MONDAY + 10 * HOUR, 4);
        other.service = Some(id("web"));
        let mut done = planned("done", MONDAY + 10 * HOUR, 4);
        done.state = ChangeState::Implemented;
        let found = clashes(&[c, other, b, a, done]);
        assert_eq!(
            found,
            [Clash {
                first: id("a"),
                second: id("b"),
                service: id("mail")
            }]
        );
        assert_eq!(clashes_of(&found, &id("b")), [&id("a")]);
        assert!(clashes_of(&found, &id("c")).is_empty());
    }

    #[test]
    fn the_schedule_is_a_calendar_file_with_escaped_folded_lines() {
        let mut change = planned("c1", MONDAY + 9 * HOUR + 30 * 60_000, 2);
        change.title = "Patch mail relay; restart, then check\\logs".into();
        change.owner = "Ana".into();
        let mut long = planned("c2", MONDAY + DAY_MS, 1);
        long.title = "é".repeat(60);
        let text = ics(
            &[long, change],
            |s| (s.as_str() == "mail").then(|| "Mail".to_owned()),
            |c| Some(format!("https://praxis.example/changes/{c}")),
            MONDAY,
        );
        assert!(
            text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{text}"
        );
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(text.contains("UID:c1@praxis\r\n"));
        assert!(text.contains("DTSTAMP:20261207T000000Z\r\n"));
        assert!(text.contains("DTSTART:20261207T093000Z\r\nDTEND:20261207T113000Z\r\n"));
        assert!(text.contains(
            "SUMMARY:Normal change: Patch mail relay\\; restart\\, then check\\\\logs\r\n"
        ));
        assert!(text.contains(
            "DESCRIPTION:State: Requested\\nRisk: not assessed\\nService: Mail\\nOwner: Ana\r\n"
        ));
        assert!(text.contains("STATUS:TENTATIVE"));
        assert!(text.contains("URL:https://praxis.example/changes/c1\r\n"));
        // Sorted by start: c1 (Monday) before c2 (Tuesday).
        assert!(text.find("UID:c1").unwrap() < text.find("UID:c2").unwrap());
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        // Unfolded, the long summary reads whole again.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:Normal change: {}\r\n", "é".repeat(60))));
    }
}
