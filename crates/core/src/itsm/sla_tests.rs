//! A ticket against the agreement that governs it: the choice of agreement, statuses, and the
//! figures of a month.

use serde_json::json;

use super::agreement::{Agreement, AgreementKind, Targets};
use super::priority::{Level, Priority, PriorityMatrix};
use super::service_hours::ServiceHours;
use super::sla::{SlaStatus, Which, governing, period_report, ticket_sla};
use super::ticket::{Ticket, TicketState, TicketType};
use super::workflow::Stepped;
use crate::date::{Date, Month};
use crate::ids::RecordId;
use crate::typed::RecordType;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// 2026-12-01 00:00 UTC, a Tuesday.
const DECEMBER: i64 = 1_796_083_200_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn p(n: u8) -> Priority {
    Priority::new(n).unwrap()
}

/// Around the clock; P1 (high × high): respond in 15 min, resolve in 4 h.
fn sla(agreement: &str, kind: AgreementKind) -> Agreement {
    let mut sla = Agreement::new(id(agreement), "Mail", kind, id("mail")).unwrap();
    sla.hours = ServiceHours::always();
    sla.targets.insert(
        p(1),
        Targets {
            response_minutes: Some(15),
            resolution_minutes: Some(4 * 60),
        },
    );
    sla
}

fn ticket(name: &str, logged_at: i64) -> Ticket {
    let mut t = Ticket::new(
        id(name),
        TicketType::Incident,
        name,
        Level::High,
        Level::High,
        logged_at,
    )
    .unwrap();
    t.service = Some(id("mail"));
    t
}

fn resolve(t: &mut Ticket, at: i64) {
    t.assignee = "Grace".into();
    t.resolution = "Restarted".into();
    t.step(TicketState::Resolved, id(&format!("{}-done", t.id)), at)
        .unwrap();
}

#[test]
fn a_customers_sla_governs_before_an_internal_agreement_and_newer_terms_before_older() {
    let logged = DECEMBER + HOUR;
    let internal = sla("a-internal", AgreementKind::Internal);
    let mut old = sla("b-old", AgreementKind::Sla);
    old.valid_from = Some(Date::parse("2025-01-01").unwrap());
    let mut new = sla("c-new", AgreementKind::Sla);
    new.valid_from = Some(Date::parse("2026-06-01").unwrap());
    let mut later = sla("d-later", AgreementKind::Sla);
    later.valid_from = Some(Date::parse("2027-01-01").unwrap());
    let mut other_service = sla("e-other", AgreementKind::Sla);
    other_service.service = id("web");
    let all = [
        later.clone(),
        internal.clone(),
        old.clone(),
        new.clone(),
        other_service,
    ];
    let t = ticket("t1", logged);
    assert_eq!(governing(&all, &t).map(|a| a.id.as_str()), Some("c-new"));
    // The same choice whatever order the agreements are listed in.
    let mut reversed = all.clone();
    reversed.reverse();
    assert_eq!(
        governing(&reversed, &t).map(|a| a.id.as_str()),
        Some("c-new")
    );
    assert_eq!(
        governing(&[internal.clone(), later.clone()], &t).map(|a| a.id.as_str()),
        Some("a-internal"),
        "an agreement not yet in force does not govern"
    );
    let mut no_service = t.clone();
    no_service.service = None;
    assert_eq!(governing(&all, &no_service), None);
}

#[test]
fn the_day_an_agreement_applies_is_read_in_its_own_local_time() {
    let mut sla = sla("s", AgreementKind::Sla);
    sla.hours = ServiceHours::weekdays(0, 1_440, 120).unwrap();
    sla.valid_from = Some(Date::parse("2026-12-01").unwrap());
    // 23:00 UTC on 30 November is 01:00 on 1 December at UTC+2.
    let t = ticket("t", DECEMBER - HOUR);
    assert!(governing(std::slice::from_ref(&sla), &t).is_some());
    sla.hours = ServiceHours::always();
    assert!(governing(std::slice::from_ref(&sla), &t).is_none());
}

#[test]
fn a_clock_is_about_to_breach_in_the_last_quarter_of_its_target() {
    let agreements = [sla("s", AgreementKind::Sla)];
    let matrix = PriorityMatrix::default();
    let t = ticket("t", DECEMBER);
    let at = |minutes: i64| {
        ticket_sla(&agreements, &t, &matrix, DECEMBER + minutes * MINUTE)
            .unwrap()
            .response
            .unwrap()
    };
    assert_eq!(at(11).status(), SlaStatus::OnTrack);
    assert_eq!(at(12).status(), SlaStatus::AtRisk, "3 of 15 minutes left");
    assert_eq!(at(15).status(), SlaStatus::AtRisk, "exactly at the target");
    assert_eq!(at(16).status(), SlaStatus::Breached);
    assert_eq!(at(5).due_at, Some(DECEMBER + 15 * MINUTE));
    assert_eq!(at(16).due_at, None, "past due: no date ahead");
    let sla = ticket_sla(&agreements, &t, &matrix, DECEMBER + 16 * MINUTE).unwrap();
    assert_eq!(sla.priority, p(1));
    assert_eq!(sla.status(), Some(SlaStatus::Breached), "the worse clock");
    let (which, worst) = sla.most_urgent().unwrap();
    assert_eq!(which, Which::Response);
    assert_eq!(worst.summary(), "Breached by 1 min");
    assert_eq!(worst.target(), "15 min");
    assert_eq!(sla.resolution.unwrap().summary(), "3 h 44 min left");
    assert_eq!(at(5).summary(), "10 min left");
    assert!(at(16).urgency_key() < at(14).urgency_key());
    assert!(at(14).urgency_key() < at(5).urgency_key());
    let mut waiting = t.clone();
    waiting.assignee = "Grace".into();
    waiting
        .step(TicketState::Assigned, id("a"), DECEMBER + 10 * MINUTE)
        .unwrap();
    waiting
        .step(TicketState::Waiting, id("w"), DECEMBER + 20 * MINUTE)
        .unwrap();
    let sla = ticket_sla(&agreements, &waiting, &matrix, DECEMBER + 3 * HOUR).unwrap();
    assert_eq!(sla.response.unwrap().status(), SlaStatus::Met);
    assert_eq!(sla.response.unwrap().summary(), "Met with 5 min to spare");
    assert_eq!(
        sla.resolution.unwrap().summary(),
        "Paused with 3 h 40 min left"
    );
    assert!(sla.resolution.unwrap().urgency_key() < sla.response.unwrap().urgency_key());
    assert_eq!(sla.resolution.unwrap().status(), SlaStatus::Paused);
    assert_eq!(sla.status(), Some(SlaStatus::Paused));
    let mut low = t.clone();
    low.impact = Level::Low;
    let sla = ticket_sla(&agreements, &low, &matrix, DECEMBER).unwrap();
    assert_eq!(sla.status(), None, "no target for its priority");
}

#[test]
fn a_month_counts_the_services_tickets_logged_in_it_against_the_targets() {
    let mut sla = sla("s", AgreementKind::Sla);
    sla.availability = Some(99.5);
    let december = Month::parse("2026-12").unwrap();
    sla.measured.insert(december, 99.2);
    let matrix = PriorityMatrix::default();
    let now = DECEMBER + 10 * 24 * HOUR;
    let mut met = ticket("met", DECEMBER + HOUR);
    met.assignee = "Grace".into();
    met.step(TicketState::Assigned, id("a"), DECEMBER + HOUR + 5 * MINUTE)
        .unwrap();
    resolve(&mut met, DECEMBER + 2 * HOUR);
    let mut late = ticket("late", DECEMBER + 2 * 24 * HOUR);
    resolve(&mut late, DECEMBER + 2 * 24 * HOUR + 5 * HOUR);
    let open = ticket("open", now - MINUTE);
    let still_late = ticket("still-late", now - 6 * HOUR);
    let mut low = ticket("low", DECEMBER + 3 * HOUR);
    low.impact = Level::Low;
    let november = ticket("november", DECEMBER - MINUTE);
    let mut elsewhere = ticket("elsewhere", DECEMBER + HOUR);
    elsewhere.service = Some(id("web"));
    let tickets = [met, late, open, still_late, low, november, elsewhere];
    let report = period_report(&sla, &tickets, &matrix, december, now);
    assert_eq!(
        report.tickets, 5,
        "November's and another service's left out"
    );
    let p1 = &report.priorities[0];
    assert_eq!(p1.priority, p(1));
    assert_eq!(p1.logged, 4);
    assert_eq!(
        (p1.response.decided, p1.response.met, p1.response.open),
        (3, 1, 1)
    );
    assert_eq!(
        (p1.resolution.decided, p1.resolution.met, p1.resolution.open),
        (3, 1, 1)
    );
    assert_eq!(report.priorities.len(), 2, "P1 and the untargeted priority");
    assert_eq!(report.priorities[1].logged, 1);
    assert_eq!(report.priorities[1].response.decided, 0);
    let percent = report.resolution.met_percent().unwrap();
    assert!((percent - 100.0 / 3.0).abs() < 1e-9, "{percent}");
    let breaches: Vec<(&str, Which, bool)> = report
        .breaches
        .iter()
        .map(|b| (b.ticket.as_str(), b.clock, b.open))
        .collect();
    assert_eq!(
        breaches,
        [
            ("still-late", Which::Response, true),
            ("late", Which::Response, false),
            ("still-late", Which::Resolution, true),
            ("late", Which::Resolution, false),
        ],
        "worst first"
    );
    assert_eq!(report.availability_met(), Some(false));
    let empty = period_report(&sla, &[], &matrix, december.next().unwrap(), now);
    assert_eq!(empty.tickets, 0);
    assert_eq!(empty.response.met_percent(), None);
    assert_eq!(empty.availability_measured, None);
    assert_eq!(empty.availability_met(), None);
}

#[test]
fn measured_availability_is_a_field_per_month_and_refused_outside_0_to_100() {
    let mut sla = sla("s", AgreementKind::Sla);
    sla.measured.insert(Month::parse("2026-11").unwrap(), 100.0);
    sla.measured.insert(Month::parse("2026-12").unwrap(), 0.0);
    let body = sla.to_body();
    assert_eq!(body["measured#2026-11"], json!(100.0));
    assert_eq!(Agreement::from_body(&sla.id, &body, &()).unwrap(), sla);
    for (field, value) in [
        ("measured#2026-13", json!(99.0)),
        ("measured#2026-12", json!(100.1)),
        ("measured#2026-12", json!(-1)),
        ("measured#2026-12", json!(99.12345)),
        ("measured#2026-12", json!("high")),
    ] {
        let mut bad = body.clone();
        bad.insert(field.into(), value.clone());
        let refused = Agreement::from_body(&sla.id, &bad, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{field} = {value}");
    }
}
