//! Agreements: targets per priority, validation, and a ticket's clocks against them.

use serde_json::{Value, json};

use super::agreement::{Agreement, AgreementKind, Targets};
use super::priority::{Level, Priority, PriorityMatrix};
use super::service_hours::ServiceHours;
use super::sla_clock::ClockState;
use super::ticket::{Ticket, TicketState, TicketType};
use super::workflow::Stepped;
use crate::date::Date;
use crate::ids::RecordId;
use crate::typed::RecordType;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// 2026-12-04 16:00 UTC, a Friday.
const FRIDAY_FOUR: i64 = 1_796_400_000_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn p(n: u8) -> Priority {
    Priority::new(n).unwrap()
}

fn office_sla() -> Agreement {
    let mut sla = Agreement::new(
        id("mail-sla"),
        "E-mail for staff",
        AgreementKind::Sla,
        id("mail"),
    )
    .unwrap();
    sla.hours = ServiceHours::weekdays(8 * 60, 18 * 60, 0).unwrap();
    sla.availability = Some(99.9);
    sla.targets.insert(
        p(1),
        Targets {
            response_minutes: Some(15),
            resolution_minutes: Some(4 * 60),
        },
    );
    sla.targets.insert(
        p(3),
        Targets {
            response_minutes: Some(60),
            resolution_minutes: None,
        },
    );
    sla.valid_from = Some(Date::parse("2026-01-01").unwrap());
    sla.valid_until = Some(Date::parse("2026-12-31").unwrap());
    sla
}

#[test]
fn an_agreement_reads_back_with_a_field_per_target() {
    let sla = office_sla();
    let body = sla.to_body();
    assert_eq!(body["response#P1"], json!(15));
    assert_eq!(body["resolution#P1"], json!(240));
    assert!(!body.contains_key("resolution#P3"));
    assert_eq!(Agreement::from_body(&sla.id, &body, &()).unwrap(), sla);
    assert_eq!(
        sla.targets_for(p(2)),
        Targets::default(),
        "no target for P2"
    );
    assert!(sla.applies_on(Date::parse("2026-06-30").unwrap()));
    assert!(!sla.applies_on(Date::parse("2027-01-01").unwrap()));
}

#[test]
fn every_bad_agreement_is_refused_naming_its_field() {
    let good = office_sla().to_body();
    let refused = |field: &str, value: Value| {
        let mut body = good.clone();
        body.insert(field.to_owned(), value);
        Agreement::from_body(&id("mail-sla"), &body, &()).unwrap_err()
    };
    assert_eq!(refused("title", json!("")).1, "An agreement needs a title.");
    assert_eq!(
        refused("kind", json!("contract")).0.as_deref(),
        Some("kind")
    );
    assert_eq!(
        refused("service", json!("No Id")).0.as_deref(),
        Some("service")
    );
    assert_eq!(
        refused("availability", json!(100.5)).0.as_deref(),
        Some("availability")
    );
    assert_eq!(
        refused("availability", json!(0)).0.as_deref(),
        Some("availability")
    );
    assert_eq!(
        refused("availability", json!(99.9999)).0.as_deref(),
        Some("availability")
    );
    assert_eq!(
        refused("response#P6", json!(10)).0.as_deref(),
        Some("response#P6")
    );
    assert_eq!(
        refused("response#P01", json!(10)).0.as_deref(),
        Some("response#P01")
    );
    assert_eq!(
        refused("response#P2", json!(0)).0.as_deref(),
        Some("response#P2")
    );
    assert_eq!(
        refused("response#P2", json!(-5)).0.as_deref(),
        Some("response#P2")
    );
    assert_eq!(
        refused("response#P2", json!(600_000)).0.as_deref(),
        Some("response#P2")
    );
    assert_eq!(
        refused("uptime#P2", json!(10)).0.as_deref(),
        Some("uptime#P2")
    );
    let quicker = refused("resolution#P1", json!(10));
    assert_eq!(
        quicker.1,
        "P1: resolving cannot take less time than responding."
    );
    let backwards = refused("valid_until", json!("2025-12-31"));
    assert_eq!(backwards.1, "The agreement cannot end before it starts.");
    assert_eq!(
        refused("valid_from", json!("2026-02-30")).0.as_deref(),
        Some("valid_from")
    );
    assert_eq!(
        refused(
            "hours",
            json!({"utc_offset_minutes": 0, "days": [null, null, null, null, null, null, null]})
        )
        .0
        .as_deref(),
        Some("hours")
    );
    assert_eq!(refused("colour", json!("red")).0.as_deref(), Some("colour"));
}

#[test]
fn a_tickets_clocks_run_against_its_priority_and_the_agreements_hours() {
    let sla = office_sla();
    let matrix = PriorityMatrix::default();
    let mut ticket = Ticket::new(
        id("t1"),
        TicketType::Incident,
        "Mail is down",
        Level::High,
        Level::High,
        FRIDAY_FOUR,
    )
    .unwrap();
    // Monday 08:10: ten minutes of Friday's two hours and the weekend do not count beyond 18:00.
    let monday = FRIDAY_FOUR + 3 * 24 * HOUR - 8 * HOUR + 10 * MINUTE;
    let (response, resolution) = sla.clocks(&ticket, &matrix, monday);
    assert_eq!(
        response,
        Some(ClockState::Breached {
            over_ms: 2 * HOUR + 10 * MINUTE - 15 * MINUTE
        })
    );
    assert_eq!(
        resolution,
        Some(ClockState::Running {
            left_ms: 4 * HOUR - 2 * HOUR - 10 * MINUTE
        })
    );
    // Taken up at 16:05 on Friday: the response target was met with ten minutes to spare.
    ticket.assignee = "Grace".into();
    ticket
        .step(TicketState::Assigned, id("s1"), FRIDAY_FOUR + 5 * MINUTE)
        .unwrap();
    let (response, _) = sla.clocks(&ticket, &matrix, monday);
    assert_eq!(
        response,
        Some(ClockState::Met {
            spare_ms: 10 * MINUTE
        })
    );
    // A P3 ticket has a response target but no resolution target here.
    let low = Ticket::new(
        id("t2"),
        TicketType::Request,
        "New laptop",
        Level::Medium,
        Level::Medium,
        FRIDAY_FOUR,
    )
    .unwrap();
    let (response, resolution) = sla.clocks(&low, &matrix, monday);
    assert!(matches!(response, Some(ClockState::Breached { .. })));
    assert_eq!(resolution, None);
}

#[test]
fn workload_and_exceptions_keep_concurrent_versions() {
    let kind = Agreement::kind();
    assert!(crate::typed::keeps_versions(&kind, "workload"));
    assert!(crate::typed::keeps_versions(&kind, "exceptions"));
    assert!(!crate::typed::keeps_versions(&kind, "title"));
    assert_eq!(AgreementKind::Internal.label(), "Internal agreement");
}
