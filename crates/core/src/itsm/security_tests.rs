//! Security incidents and major-incident timelines: what each entry refuses, notification
//! deadlines from detection, the chain of custody, and the guards on resolving and closing.

use serde_json::{Value, json};

use super::priority::Level;
use super::security::{
    Category, Evidence, Handover, NoticeStatus, Notification, Party, SecurityDetails,
};
use super::ticket::{Ticket, TicketState, TicketType};
use super::timeline::{Moment, TimelineEntry};
use super::workflow::Stepped;
use crate::ids::RecordId;
use crate::typed::RecordType;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// 2026-12-01 09:00 UTC.
const LOGGED: i64 = 1_796_115_600_000;
const HASH: &str = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn security_incident() -> Ticket {
    let mut ticket = Ticket::new(
        id("t1"),
        TicketType::Incident,
        "Laptop stolen",
        Level::High,
        Level::High,
        LOGGED,
    )
    .unwrap();
    ticket.security_incident = true;
    ticket
}

fn read_back(ticket: &Ticket) -> Result<Ticket, (Option<String>, String)> {
    Ticket::from_body(&ticket.id, &ticket.to_body(), &())
}

fn with_evidence() -> SecurityDetails {
    let mut details = SecurityDetails::default();
    let disk = Evidence::new(" Disk image ", "Ana", LOGGED + HOUR, "Safe 2", HASH).unwrap();
    assert_eq!(disk.sha256, HASH.to_lowercase(), "stored lower-case");
    details.evidence.insert(id("e1"), disk);
    details
}

#[test]
fn a_notification_deadline_counts_wall_clock_time_from_detection() {
    let regulator =
        Notification::new(Party::Regulator, " Data protection authority ", 72 * 60).unwrap();
    assert_eq!(regulator.recipient, "Data protection authority");
    let detected = LOGGED - 2 * HOUR;
    assert_eq!(regulator.deadline(detected), detected + 72 * HOUR);
    let status = |now: i64| regulator.status(detected, now);
    assert_eq!(
        status(detected + HOUR),
        NoticeStatus::Due { left_ms: 71 * HOUR }
    );
    // A quarter of the window left (18 of 72 hours) is due soon.
    assert_eq!(
        status(detected + 54 * HOUR),
        NoticeStatus::DueSoon { left_ms: 18 * HOUR }
    );
    assert_eq!(
        status(detected + 75 * HOUR),
        NoticeStatus::Overdue { by_ms: 3 * HOUR }
    );
    assert_eq!(status(detected + 75 * HOUR).summary(), "Overdue by 3 h");
    let made = Notification {
        notified_at: Some(detected + 73 * HOUR),
        ..regulator.clone()
    };
    assert_eq!(
        made.status(detected, detected + 99 * HOUR).summary(),
        "Made 1 h late"
    );
    let in_time = Notification {
        notified_at: Some(detected + HOUR),
        ..regulator
    };
    assert_eq!(
        in_time.status(detected, detected + 99 * HOUR).as_str(),
        "made"
    );
}

#[test]
fn a_notification_refuses_no_recipient_and_no_window() {
    let blank = Notification::new(Party::Customers, "  ", 60).unwrap_err();
    assert!(blank.contains("who is to be notified"), "{blank}");
    let none = Notification::new(Party::Customers, "Payroll customers", 0).unwrap_err();
    assert!(none.contains("more than none"), "{none}");
    let long = Notification::new(Party::Other, &"x".repeat(201), 60).unwrap_err();
    assert!(long.contains("at most 200 characters"), "{long}");
}

#[test]
fn evidence_refuses_what_cannot_be_traced() {
    let refuse = |item: &str, by: &str, hash: &str| Evidence::new(item, by, LOGGED, "", hash);
    assert!(refuse("", "Ana", "").unwrap_err().contains("what it is"));
    assert!(
        refuse("Disk", " ", "")
            .unwrap_err()
            .contains("who collected it")
    );
    let short = refuse("Disk", "Ana", "abc").unwrap_err();
    assert_eq!(
        short,
        "A SHA-256 is 64 hexadecimal characters (this has 3)."
    );
    let not_hex = refuse("Disk", "Ana", &"g".repeat(64)).unwrap_err();
    assert!(not_hex.contains("64 hexadecimal"), "{not_hex}");
    assert!(refuse("Disk", "Ana", "").is_ok(), "a hash is optional");
}

#[test]
fn the_chain_of_custody_passes_only_from_the_present_holder_forward_in_time() {
    let mut details = with_evidence();
    let e1 = id("e1");
    assert_eq!(details.holder(&e1), Some("Ana"));
    let give = |from: &str, to: &str, at: i64| Handover::new(e1.clone(), at, from, to, "analysis");
    let stranger = details.hand_over(id("h1"), give("Bo", "Cy", LOGGED + 2 * HOUR));
    assert_eq!(
        stranger.unwrap_err(),
        "The evidence is held by Ana: only they can hand it over."
    );
    let early = details.hand_over(id("h1"), give("Ana", "Bo", LOGGED));
    assert!(early.unwrap_err().contains("before the evidence reached"));
    let to_self = details.hand_over(id("h1"), give("Ana", "Ana", LOGGED + 2 * HOUR));
    assert_eq!(to_self.unwrap_err(), "Ana already holds the evidence.");
    details
        .hand_over(id("h1"), give("Ana", "Bo", LOGGED + 2 * HOUR))
        .unwrap();
    details
        .hand_over(id("h2"), give("Bo", "Forensics Ltd", LOGGED + 3 * HOUR))
        .unwrap();
    assert_eq!(details.holder(&e1), Some("Forensics Ltd"));
    let chain: Vec<&str> = details
        .chain(&e1)
        .iter()
        .map(|(_, h)| h.to.as_str())
        .collect();
    assert_eq!(chain, ["Bo", "Forensics Ltd"]);
    let unknown = Handover::new(id("e9"), LOGGED, "Ana", "Bo", "");
    assert!(details.hand_over(id("h3"), unknown).is_err());
    assert_eq!(
        details.handovers.len(),
        2,
        "a refused handover adds nothing"
    );
}

#[test]
fn security_details_round_trip_one_field_per_entry() {
    let mut ticket = security_incident();
    ticket.security = with_evidence();
    let details = &mut ticket.security;
    details.category = Some(Category::LossOrTheft);
    details.confidentiality = true;
    details.personal_data = true;
    details.detected_at = Some(LOGGED - HOUR);
    details.notifications.insert(
        id("n1"),
        Notification::new(Party::Regulator, "Data protection authority", 72 * 60).unwrap(),
    );
    details
        .hand_over(
            id("h1"),
            Handover::new(id("e1"), LOGGED + 2 * HOUR, "Ana", "Bo", ""),
        )
        .unwrap();
    ticket.timeline.add(
        id("m1"),
        TimelineEntry::new(LOGGED - 90 * MINUTE, "First alert from the tracker", "Ana").unwrap(),
    );
    let body = ticket.to_body();
    assert_eq!(body["security_incident"], json!(true));
    assert_eq!(body["category"], json!("loss-or-theft"));
    assert_eq!(body["notify#n1"]["within_minutes"], json!(4320));
    assert_eq!(body["custody#h1"]["evidence"], json!("e1"));
    assert_eq!(body["timeline#m1"]["by"], json!("Ana"));
    assert!(
        !body.contains_key("affects_integrity"),
        "unset flags are left out"
    );
    assert_eq!(read_back(&ticket), Ok(ticket));
}

#[test]
fn a_damaged_entry_is_refused_naming_its_field() {
    let ticket = security_incident();
    let refused = |field: &str, value: Value| {
        let mut body = ticket.to_body();
        body.insert(field.to_owned(), value);
        Ticket::from_body(&ticket.id, &body, &()).unwrap_err()
    };
    let (field, _) = refused("notify#n1", json!({"party": "regulator", "recipient": "A"}));
    assert_eq!(field.as_deref(), Some("notify#n1"), "a missing window");
    let (field, problem) = refused(
        "evidence#e1",
        json!({"item": "Disk", "collected_by": "Ana", "collected_at": 1, "sha256": "abc"}),
    );
    assert_eq!(field.as_deref(), Some("evidence#e1"));
    assert!(problem.contains("64 hexadecimal"), "{problem}");
    let (_, problem) = refused(
        "custody#h1",
        json!({"evidence": "e9", "at": 1, "from": "Ana", "to": "Bo"}),
    );
    assert!(problem.contains("not listed"), "{problem}");
    let (field, _) = refused("timeline#m1", json!({"at": 1, "note": "  "}));
    assert_eq!(field.as_deref(), Some("timeline#m1"));
    let (field, _) = refused("timeline#m1", json!({"at": 1, "note": "x", "extra": 1}));
    assert_eq!(
        field.as_deref(),
        Some("timeline#m1"),
        "unknown keys are refused"
    );
    let (field, _) = refused("category", json!("gremlins"));
    assert_eq!(field.as_deref(), Some("category"));
    let (field, _) = refused("evidence#bad id!", json!({}));
    assert_eq!(field.as_deref(), Some("evidence#bad id!"));
}

#[test]
fn only_an_incident_can_be_a_security_incident() {
    let mut request = Ticket::new(
        id("t2"),
        TicketType::Request,
        "New laptop",
        Level::Low,
        Level::Low,
        LOGGED,
    )
    .unwrap();
    request.security_incident = true;
    let (field, problem) = request.check().unwrap_err();
    assert_eq!(field.as_deref(), Some("security_incident"));
    assert_eq!(problem, "Only an incident can be a security incident.");
}

#[test]
fn a_security_incident_resolves_once_classified_and_closes_once_notified_and_learned_from() {
    let mut ticket = security_incident();
    ticket.assignee = "Ana".into();
    ticket.resolution = "Disk wiped remotely".into();
    ticket
        .step(TicketState::InProgress, id("s1"), LOGGED + HOUR)
        .unwrap();
    assert_eq!(
        ticket.why_not(TicketState::Resolved).as_deref(),
        Some("A security incident needs its classification before it is resolved.")
    );
    ticket.security.category = Some(Category::LossOrTheft);
    ticket
        .step(TicketState::Resolved, id("s2"), LOGGED + 2 * HOUR)
        .unwrap();
    assert_eq!(
        ticket.why_not(TicketState::Closed).as_deref(),
        Some("A security incident cannot close before its lessons learned are written.")
    );
    ticket.security.lessons = "Encrypt every laptop disk".into();
    ticket.security.notifications.insert(
        id("n1"),
        Notification::new(Party::Customers, "Payroll customers", 24 * 60).unwrap(),
    );
    assert_eq!(
        ticket.why_not(TicketState::Closed).as_deref(),
        Some(
            "A security incident cannot close before its notification to Payroll customers is made."
        )
    );
    let early = ticket
        .security
        .record_made(&id("n1"), LOGGED - HOUR, "", LOGGED);
    assert_eq!(
        early.unwrap_err(),
        "A notification cannot be made before the incident was detected."
    );
    ticket
        .security
        .record_made(&id("n1"), LOGGED + 3 * HOUR, " Mail 42 ", LOGGED)
        .unwrap();
    assert_eq!(
        ticket.security.notifications[&id("n1")].reference,
        "Mail 42"
    );
    let again = ticket
        .security
        .record_made(&id("n1"), LOGGED + 3 * HOUR, "", LOGGED);
    assert_eq!(
        again.unwrap_err(),
        "This notification was already recorded as made."
    );
    let gone = ticket.security.record_made(&id("n9"), LOGGED, "", LOGGED);
    assert_eq!(gone.unwrap_err(), "This notification is no longer listed.");
    ticket
        .step(TicketState::Closed, id("s3"), LOGGED + 4 * HOUR)
        .unwrap();
    assert_eq!(read_back(&ticket), Ok(ticket.clone()));
    // Taken off, the flag keeps what was recorded, and the guards no longer apply.
    ticket.security_incident = false;
    ticket.security.lessons.clear();
    assert!(ticket.check().is_ok());
    assert_eq!(read_back(&ticket).unwrap().security.notifications.len(), 1);
}

#[test]
fn outstanding_notifications_come_most_urgent_first() {
    let mut details = SecurityDetails {
        detected_at: Some(LOGGED),
        ..SecurityDetails::default()
    };
    for (n, minutes) in [("n1", 72 * 60), ("n2", 60), ("n3", 24 * 60)] {
        details
            .notifications
            .insert(id(n), Notification::new(Party::Other, n, minutes).unwrap());
    }
    details
        .notifications
        .get_mut(&id("n3"))
        .unwrap()
        .notified_at = Some(LOGGED);
    let order: Vec<&str> = details
        .outstanding(LOGGED + 5 * HOUR, LOGGED + 2 * HOUR)
        .iter()
        .map(|(id, _, _)| id.as_str())
        .collect();
    assert_eq!(order, ["n2", "n1"], "overdue first; made ones left out");
    assert_eq!(
        details.detected(0),
        LOGGED,
        "detection, not logging, starts the count"
    );
}

#[test]
fn a_timeline_interleaves_entries_with_steps_the_same_everywhere() {
    let mut ticket = security_incident();
    ticket.major = true;
    ticket.assignee = "Ana".into();
    ticket
        .step(TicketState::InProgress, id("s1"), LOGGED + HOUR)
        .unwrap();
    for (entry, at, note) in [
        ("m2", LOGGED + HOUR, "Bridge call opened"),
        ("m1", LOGGED + HOUR, "Vendor engaged"),
        ("m3", LOGGED - MINUTE, "Alert fired"),
    ] {
        ticket
            .timeline
            .add(id(entry), TimelineEntry::new(at, note, "").unwrap());
    }
    let steps = ticket.steps.ordered();
    let read: Vec<String> = ticket
        .timeline
        .with_steps(&steps)
        .iter()
        .map(|m| match m {
            Moment::Entry(_, e) => e.note.clone(),
            Moment::Step(s) => format!("step {:?}", s.to),
        })
        .collect();
    assert_eq!(
        read,
        [
            "Alert fired",
            "step InProgress",
            "Vendor engaged",
            "Bridge call opened"
        ]
    );
    assert!(ticket.timeline.remove(&id("m1")));
    assert!(!ticket.timeline.remove(&id("m1")), "already gone");
    assert_eq!(ticket.timeline.len(), 2);
    let blank = TimelineEntry::new(LOGGED, "   ", "Ana").unwrap_err();
    assert_eq!(blank, "A timeline entry needs a note of what happened.");
    let long = TimelineEntry::new(LOGGED, &"x".repeat(2_001), "Ana").unwrap_err();
    assert!(long.contains("note can be at most 2000"), "{long}");
}
