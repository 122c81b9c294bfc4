//! Tickets: validation, the life cycle and its guards, and the SLA clocks read off the steps.

use serde_json::{Value, json};

use super::priority::{Level, PriorityMatrix};
use super::service_hours::ServiceHours;
use super::sla_clock::ClockState;
use super::ticket::{Ticket, TicketState, TicketType};
use super::workflow::{Lifecycle, StepError, Stepped};
use crate::ids::RecordId;
use crate::typed::RecordType;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// 2026-12-01 09:00 UTC, a Tuesday.
const LOGGED: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn incident() -> Ticket {
    Ticket::new(
        id("t1"),
        TicketType::Incident,
        " Mail is down ",
        Level::High,
        Level::Medium,
        LOGGED,
    )
    .unwrap()
}

/// Steps `ticket` to each state in turn, an hour apart from `LOGGED`.
fn walk(ticket: &mut Ticket, states: &[(TicketState, i64)]) {
    for (n, (state, at)) in states.iter().enumerate() {
        ticket
            .step(*state, id(&format!("s{n}")), *at)
            .unwrap_or_else(|e| panic!("{state:?}: {e}"));
    }
}

fn round_trip(ticket: &Ticket) -> Ticket {
    Ticket::from_body(&ticket.id, &ticket.to_body(), &()).unwrap()
}

#[test]
fn a_new_ticket_has_a_trimmed_title_a_priority_and_reads_back() {
    let ticket = incident();
    assert_eq!(ticket.title, "Mail is down");
    assert_eq!(ticket.state, TicketState::New);
    assert_eq!(ticket.priority(&PriorityMatrix::default()).label(), "P2");
    assert_eq!(round_trip(&ticket), ticket);
    let body = ticket.to_body();
    assert_eq!(body["state"], json!("new"));
    assert!(!body.contains_key("assignee"), "empty fields are left out");
    let untitled = Ticket::new(
        id("t2"),
        TicketType::Request,
        "  ",
        Level::Low,
        Level::Low,
        LOGGED,
    );
    assert_eq!(untitled.unwrap_err().1, "A ticket needs a title.");
}

#[test]
fn every_bad_body_is_refused_naming_its_field() {
    let good = incident().to_body();
    let refused = |field: &str, value: Value| {
        let mut body = good.clone();
        body.insert(field.to_owned(), value);
        Ticket::from_body(&id("t1"), &body, &()).unwrap_err()
    };
    assert_eq!(refused("state", json!("lost")).0.as_deref(), Some("state"));
    assert_eq!(
        refused("impact", json!("huge")).0.as_deref(),
        Some("impact")
    );
    assert_eq!(refused("type", json!("change")).0.as_deref(), Some("type"));
    assert_eq!(
        refused("title", json!("x".repeat(201))).0.as_deref(),
        Some("title")
    );
    assert_eq!(
        refused("description", json!("x".repeat(10_001)))
            .0
            .as_deref(),
        Some("description")
    );
    assert_eq!(
        refused("service", json!("Not An Id")).0.as_deref(),
        Some("service")
    );
    assert_eq!(
        refused("logged_at", json!("soon")).0.as_deref(),
        Some("logged_at")
    );
    assert_eq!(refused("colour", json!("red")).0.as_deref(), Some("colour"));
    assert_eq!(
        refused("step#a", json!({"to": "gone", "at": LOGGED}))
            .0
            .as_deref(),
        Some("step#a")
    );
    assert_eq!(
        refused("step#Bad Id", json!({"to": "new", "at": LOGGED}))
            .0
            .as_deref(),
        Some("step#Bad Id")
    );
    assert_eq!(
        refused("step#a", json!({"to": "new"})).0.as_deref(),
        Some("step#a")
    );
    let early = refused("step#a", json!({"to": "assigned", "at": LOGGED - 1}));
    assert!(
        early.1.contains("before the ticket was logged"),
        "{}",
        early.1
    );
    let mut missing = good.clone();
    missing.remove("title");
    assert_eq!(
        Ticket::from_body(&id("t1"), &missing, &())
            .unwrap_err()
            .0
            .as_deref(),
        Some("title")
    );
    let request_major = {
        let mut body = good.clone();
        body.insert("type".into(), json!("request"));
        body.insert("major".into(), json!(true));
        Ticket::from_body(&id("t1"), &body, &()).unwrap_err()
    };
    assert_eq!(request_major.0.as_deref(), Some("major"));
}

#[test]
fn the_life_cycle_allows_only_its_own_steps() {
    let mut ticket = incident();
    let error = ticket
        .step(TicketState::Closed, id("s1"), LOGGED + HOUR)
        .unwrap_err();
    assert_eq!(
        error,
        StepError::NotAllowed {
            from: "New",
            to: "Closed"
        }
    );
    assert_eq!(
        error.to_string(),
        "A record in “New” cannot go to “Closed” in one step."
    );
    assert_eq!(
        ticket.state,
        TicketState::New,
        "a refused step changes nothing"
    );
    assert!(ticket.steps.is_empty());
    for kind in TicketType::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.as_str()));
        assert_eq!(TicketType::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(TicketType::parse("change"), None);
    for level in Level::ALL {
        assert_eq!(serde_json::to_value(level).unwrap(), json!(level.as_str()));
        assert_eq!(Level::parse(level.as_str()), Some(level));
    }
    assert_eq!(Level::parse("huge"), None);
    for state in TicketState::ALL {
        assert!(!state.next().contains(state), "{state:?} steps to itself");
        assert_eq!(TicketState::parse(state.as_str()), Some(*state));
    }
}

#[test]
fn guards_say_why_a_step_cannot_be_taken_yet() {
    let mut ticket = incident();
    let why = ticket.why_not(TicketState::Assigned).unwrap();
    assert_eq!(
        why,
        "A ticket that is assigned needs someone assigned to it."
    );
    ticket.assignee = "Grace".into();
    assert_eq!(ticket.why_not(TicketState::Assigned), None);
    walk(&mut ticket, &[(TicketState::Assigned, LOGGED + HOUR)]);
    assert_eq!(
        ticket.why_not(TicketState::Resolved).unwrap(),
        "A resolved ticket needs a note of how it was resolved."
    );
    ticket.resolution = "Restarted the mail relay.".into();
    ticket.major = true;
    walk(&mut ticket, &[(TicketState::Resolved, LOGGED + 2 * HOUR)]);
    assert_eq!(
        ticket.why_not(TicketState::Closed).unwrap(),
        "A major incident cannot close before its post-incident review is written."
    );
    ticket.review = "Relay had no monitoring; added an alert.".into();
    walk(&mut ticket, &[(TicketState::Closed, LOGGED + 3 * HOUR)]);
    assert_eq!(ticket.state, TicketState::Closed);
    assert_eq!(round_trip(&ticket), ticket);
    // Reopening is allowed and goes back to work.
    assert_eq!(ticket.why_not(TicketState::InProgress), None);
}

#[test]
fn the_response_clock_stops_when_someone_takes_the_ticket_up() {
    let hours = ServiceHours::always();
    let mut ticket = incident();
    ticket.assignee = "Grace".into();
    let clock = ticket.response_clock();
    assert_eq!(clock.elapsed_ms(&hours, LOGGED + 30 * MINUTE), 30 * MINUTE);
    walk(
        &mut ticket,
        &[(TicketState::Assigned, LOGGED + 20 * MINUTE)],
    );
    let clock = ticket.response_clock();
    assert_eq!(clock.elapsed_ms(&hours, LOGGED + 5 * HOUR), 20 * MINUTE);
    assert_eq!(
        clock.state(&hours, 15 * MINUTE, LOGGED + 5 * HOUR),
        ClockState::Breached {
            over_ms: 5 * MINUTE
        }
    );
    assert_eq!(
        clock.state(&hours, HOUR, LOGGED + 5 * HOUR),
        ClockState::Met {
            spare_ms: 40 * MINUTE
        }
    );
}

#[test]
fn the_resolution_clock_pauses_while_waiting_and_after_resolving_until_reopened() {
    let hours = ServiceHours::always();
    let mut ticket = incident();
    ticket.assignee = "Grace".into();
    ticket.resolution = "Replaced the disk.".into();
    walk(
        &mut ticket,
        &[
            (TicketState::InProgress, LOGGED + HOUR),
            (TicketState::Waiting, LOGGED + 2 * HOUR),
            (TicketState::InProgress, LOGGED + 5 * HOUR),
            (TicketState::Resolved, LOGGED + 6 * HOUR),
        ],
    );
    // Six hours logged, three of them waiting: three on the clock, and it has stopped.
    let clock = ticket.resolution_clock();
    assert_eq!(clock.elapsed_ms(&hours, LOGGED + 30 * HOUR), 3 * HOUR);
    assert_eq!(
        clock.state(&hours, 4 * HOUR, LOGGED + 30 * HOUR),
        ClockState::Met { spare_ms: HOUR }
    );
    // Reopened a day later: the resolved day does not count, the clock runs again.
    walk(
        &mut ticket,
        &[(TicketState::InProgress, LOGGED + 30 * HOUR)],
    );
    let clock = ticket.resolution_clock();
    assert_eq!(clock.elapsed_ms(&hours, LOGGED + 32 * HOUR), 5 * HOUR);
    assert_eq!(
        clock.state(&hours, 4 * HOUR, LOGGED + 32 * HOUR),
        ClockState::Breached { over_ms: HOUR }
    );
    assert_eq!(round_trip(&ticket).resolution_clock(), clock);
}

#[test]
fn a_clock_waiting_on_the_customer_shows_as_paused() {
    let hours = ServiceHours::always();
    let mut ticket = incident();
    ticket.assignee = "Grace".into();
    walk(
        &mut ticket,
        &[
            (TicketState::Assigned, LOGGED + HOUR),
            (TicketState::Waiting, LOGGED + 2 * HOUR),
        ],
    );
    assert_eq!(
        ticket
            .resolution_clock()
            .state(&hours, 8 * HOUR, LOGGED + 10 * HOUR),
        ClockState::Paused { left_ms: 6 * HOUR }
    );
}

#[test]
fn steps_taken_apart_on_two_devices_are_both_kept_in_time_order() {
    let mut ticket = incident();
    ticket.assignee = "Grace".into();
    ticket.resolution = "Fixed".into();
    let mut body = ticket.to_body();
    // One device put it on hold at 10:00, another resolved it at 11:00; both steps merge in.
    body.insert(
        "step#dev-b".into(),
        json!({"to": "resolved", "at": LOGGED + 2 * HOUR}),
    );
    body.insert(
        "step#dev-a".into(),
        json!({"to": "waiting", "at": LOGGED + HOUR}),
    );
    body.insert("state".into(), json!("resolved"));
    let merged = Ticket::from_body(&id("t1"), &body, &()).unwrap();
    let order: Vec<TicketState> = merged.steps.ordered().iter().map(|s| s.to).collect();
    assert_eq!(order, [TicketState::Waiting, TicketState::Resolved]);
    let hours = ServiceHours::always();
    assert_eq!(
        merged
            .resolution_clock()
            .elapsed_ms(&hours, LOGGED + 9 * HOUR),
        HOUR
    );
}

#[test]
fn descriptions_resolutions_and_reviews_keep_concurrent_versions() {
    let kind = Ticket::kind();
    for field in ["description", "resolution", "review"] {
        assert!(crate::typed::keeps_versions(&kind, field), "{field}");
    }
    assert!(!crate::typed::keeps_versions(&kind, "title"));
    assert!(!crate::typed::keeps_versions(&kind, "state"));
}
