//! Problems: validation, the life cycle and its guards, reading back, and recurring incidents.

use proptest::prelude::*;
use serde_json::json;

use super::priority::Level;
use super::problem::{Problem, ProblemState, RECURRING_DAYS, recurring};
use super::ticket::{Ticket, TicketType};
use super::workflow::{Lifecycle, Stepped};
use crate::ids::RecordId;
use crate::typed::RecordType;

const DAY: i64 = 86_400_000;
const LOGGED: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn problem() -> Problem {
    Problem::new(id("p1"), " Mail relay keeps failing ", LOGGED).unwrap()
}

#[test]
fn a_problem_becomes_a_known_error_once_its_cause_and_workaround_are_recorded() {
    let mut p = problem();
    assert_eq!(p.title, "Mail relay keeps failing");
    assert_eq!(
        p.why_not(ProblemState::Investigating).as_deref(),
        Some("A problem that is investigating needs an owner.")
    );
    p.owner = "Ana".into();
    p.step(ProblemState::Investigating, id("s1"), LOGGED + DAY)
        .unwrap();
    assert_eq!(
        p.why_not(ProblemState::KnownError).as_deref(),
        Some("A known error needs its root cause recorded.")
    );
    p.root_cause = "The relay's disk fills with logs".into();
    assert_eq!(
        p.why_not(ProblemState::KnownError).as_deref(),
        Some("A known error needs a workaround (or a note that there is none).")
    );
    p.workaround = "Restart the relay".into();
    p.step(ProblemState::KnownError, id("s2"), LOGGED + 2 * DAY)
        .unwrap();
    assert_eq!(
        p.why_not(ProblemState::Resolved).as_deref(),
        Some("A resolved problem needs a note of how its cause was removed.")
    );
    assert_eq!(
        p.why_not(ProblemState::Closed).as_deref(),
        Some("A record in “Known error” cannot go to “Closed” in one step.")
    );
    p.resolution = "Log rotation added".into();
    p.step(ProblemState::Resolved, id("s3"), LOGGED + 3 * DAY)
        .unwrap();
    p.step(ProblemState::Closed, id("s4"), LOGGED + 4 * DAY)
        .unwrap();
    let read = Problem::from_body(&p.id, &p.to_body(), &()).unwrap();
    assert_eq!(read, p);
    assert_eq!(p.steps.len(), 4);
}

#[test]
fn a_damaged_problem_is_refused_naming_its_field() {
    let p = problem();
    let refused = |field: &str, value: serde_json::Value| {
        let mut body = p.to_body();
        body.insert(field.to_owned(), value);
        Problem::from_body(&p.id, &body, &()).unwrap_err().0
    };
    assert_eq!(refused("state", json!("lost")).as_deref(), Some("state"));
    assert_eq!(refused("colour", json!("red")).as_deref(), Some("colour"));
    assert_eq!(refused("title", json!(" ")).as_deref(), Some("title"));
    assert_eq!(
        refused("state", json!("known-error")).as_deref(),
        Some("owner")
    );
    assert_eq!(
        refused("service", json!("not an id!")).as_deref(),
        Some("service")
    );
}

#[test]
fn recurring_incidents_are_counted_per_service_within_the_window() {
    let now = LOGGED + 40 * DAY;
    let incident = |n: usize, service: &str, days_ago: i64, problem: bool| {
        let mut t = Ticket::new(
            id(&format!("t{n}")),
            TicketType::Incident,
            "Mail down",
            Level::High,
            Level::High,
            now - days_ago * DAY,
        )
        .unwrap();
        t.service = Some(id(service));
        t.problem = problem.then(|| id("p1"));
        t
    };
    let mut tickets = vec![
        incident(1, "mail", 1, true),
        incident(2, "mail", 5, false),
        incident(3, "mail", 20, false),
        incident(4, "mail", RECURRING_DAYS + 1, false),
        incident(5, "vpn", 2, false),
        incident(6, "vpn", 3, false),
    ];
    let mut request = incident(7, "vpn", 1, false);
    request.ticket_type = TicketType::Request;
    tickets.push(request);
    let found = recurring(&tickets, now);
    assert_eq!(
        found.len(),
        1,
        "VPN has two incidents and a request: not recurring"
    );
    assert_eq!(
        (
            found[0].service.as_str(),
            found[0].incidents,
            found[0].without_problem
        ),
        ("mail", 3, 2)
    );
}

proptest! {
    #[test]
    fn no_sequence_of_allowed_steps_reaches_a_state_the_kind_refuses(
        actions in prop::collection::vec((0..ProblemState::ALL.len(), any::<[bool; 4]>()), 1..50),
    ) {
        let mut p = problem();
        for (n, (to, texts)) in actions.into_iter().enumerate() {
            let text = |on: bool| if on { "Written".to_owned() } else { String::new() };
            let mut edited = p.clone();
            edited.owner = text(texts[0]);
            edited.root_cause = text(texts[1]);
            edited.workaround = text(texts[2]);
            edited.resolution = text(texts[3]);
            if edited.check().is_ok() {
                p = edited;
            }
            let to = ProblemState::ALL[to];
            let before = p.clone();
            let allowed = p.why_not(to).is_none();
            let taken = p.step(to, id(&format!("s{n}")), LOGGED + n as i64);
            prop_assert_eq!(taken.is_ok(), allowed);
            if taken.is_err() {
                prop_assert_eq!(&p, &before);
            }
            let read = Problem::from_body(&p.id, &p.to_body(), &());
            prop_assert_eq!(read.as_ref(), Ok(&p));
        }
    }
}
