//! Recurring reviews: a risk's interval and what triggers its review sooner (a change that names
//! it implemented, a security incident on its service, only since it was last looked at), the
//! supplier's next performance review planned once the last is done, the approved Statement of
//! Applicability's review, and all of them in what falls due.

use super::risk::{Acceptance, Risk, RiskState};
use super::risk_review::{review_day, triggers};
use super::soa::Soa;
use crate::date::Date;
use crate::ids::RecordId;
use crate::itsm::change_request::{ChangeRequest, ChangeState, ChangeType};
use crate::itsm::dues::{Dated, DueKind, dues};
use crate::itsm::priority::Level;
use crate::itsm::supplier::{Rating, Review, Supplier, SupplierType};
use crate::itsm::ticket::{Ticket, TicketType};
use crate::itsm::workflow::Step;
use crate::typed::RecordType;

const DAY: i64 = 86_400_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn ms(text: &str) -> i64 {
    day(text).days_since_epoch() * DAY
}

fn risk() -> Risk {
    let mut r = Risk::new(id("r1"), "Portal breached", ms("2026-01-10")).unwrap();
    r.service = Some(id("portal"));
    r
}

fn implemented(change: &str, risk: &str, at: &str) -> ChangeRequest {
    let mut c = ChangeRequest::new(
        id(change),
        ChangeType::Normal,
        "New login",
        ms("2026-01-01"),
    )
    .unwrap();
    c.risks.insert(id(risk));
    c.state = ChangeState::Implemented;
    c.steps.add(
        id("s1"),
        Step {
            to: ChangeState::Implemented,
            at: ms(at),
        },
    );
    c
}

fn incident(ticket: &str, service: &str, at: &str) -> Ticket {
    let mut t = Ticket::new(
        id(ticket),
        TicketType::Incident,
        "Phishing login",
        Level::High,
        Level::High,
        ms(at),
    )
    .unwrap();
    t.service = Some(id(service));
    t.security_incident = true;
    t
}

#[test]
fn a_risk_is_reviewed_every_interval() {
    let mut r = risk();
    assert_eq!(r.review_months, 12);
    r.reviewed(day("2026-03-31"));
    assert_eq!(r.last_review, Some(day("2026-03-31")));
    assert_eq!(r.review_due, Some(day("2027-03-31")));
    r.review_months = 0;
    r.reviewed(day("2026-04-01"));
    assert_eq!(r.review_due, None, "only when triggered");
    r.review_months = 37;
    assert_eq!(r.check().unwrap_err().0.as_deref(), Some("review_months"));
    r.review_months = 6;
    let back = Risk::from_body(&r.id, &r.to_body(), &()).unwrap();
    assert_eq!(back, r);
    assert!(
        !risk().to_body().contains_key("review_months"),
        "the default is not stored: risks made before read as they were"
    );
}

#[test]
fn changes_and_security_incidents_since_the_last_look_trigger_a_review() {
    let mut r = risk();
    r.review_due = Some(day("2026-12-31"));
    let changes = [
        implemented("c1", "r1", "2026-05-02"),
        implemented("c2", "other", "2026-05-03"),
    ];
    let tickets = [
        incident("t1", "portal", "2026-04-20"),
        incident("t2", "mail", "2026-04-21"),
    ];
    let found = triggers(&r, &changes, &tickets);
    let seen: Vec<(&str, &str)> = found.iter().map(|t| (t.kind, t.id.as_str())).collect();
    assert_eq!(
        seen,
        [("ticket", "t1"), ("change_request", "c1")],
        "oldest first"
    );
    assert_eq!(found[1].describe(), "Change “New login” implemented");
    assert_eq!(
        found[0].describe(),
        "Security incident “Phishing login” logged"
    );
    assert_eq!(review_day(&r, &changes, &tickets), Some(day("2026-04-20")));

    // Accepted after the incident: only the change counts; reviewed after both: none.
    r.acceptance = Some(Acceptance {
        by: "Bo".into(),
        at: ms("2026-04-25"),
        score: 4,
    });
    assert_eq!(triggers(&r, &changes, &tickets).len(), 1);
    r.reviewed(day("2026-05-03"));
    assert!(triggers(&r, &changes, &tickets).is_empty());
    assert_eq!(review_day(&r, &changes, &tickets), Some(day("2027-05-03")));
    // A closed risk is reviewed no more.
    let mut closed = risk();
    closed.state = RiskState::Closed;
    assert!(triggers(&closed, &changes, &tickets).is_empty());
}

#[test]
fn a_suppliers_next_review_is_planned_once_the_last_is_done() {
    let mut s = Supplier::new(id("s1"), "Hosting Ltd", SupplierType::External).unwrap();
    assert!(!s.plan_next_review(id("n0")), "nothing done yet");
    s.reviews.insert(
        id("v1"),
        Review {
            due: day("2026-06-30"),
            done: None,
            rating: None,
            note: String::new(),
        },
    );
    assert!(!s.plan_next_review(id("n1")), "one still to do");
    let review = s.reviews.get_mut(&id("v1")).unwrap();
    review.done = Some(day("2026-07-02"));
    review.rating = Some(Rating::Meets);
    assert!(s.plan_next_review(id("n2")));
    assert_eq!(s.next_review(), Some(day("2027-07-02")));
    s.check().unwrap();
    let back = Supplier::from_body(&s.id, &s.to_body(), &()).unwrap();
    assert_eq!(back, s);
    s.review_months = 0;
    s.reviews.get_mut(&id("n2")).unwrap().done = Some(day("2027-07-01"));
    s.reviews.get_mut(&id("n2")).unwrap().rating = Some(Rating::Meets);
    assert!(
        !s.plan_next_review(id("n3")),
        "no interval: planned by hand"
    );
}

#[test]
fn reviews_of_every_register_fall_due_together() {
    let today = day("2026-12-07");
    let mut r = risk();
    r.review_due = Some(day("2027-06-01"));
    let changes = [implemented("c1", "r1", "2026-12-01")];
    let mut v1 = Soa::new(id("v1"), 1, 1);
    let mut v2 = Soa::new(id("v2"), 2, 2);
    for (soa, next) in [(&mut v1, "2026-12-10"), (&mut v2, "2026-12-20")] {
        soa.approval = Some(super::soa::Approval {
            by: "Bo".into(),
            at: 1,
            digest: soa.digest(),
        });
        soa.next_review = Some(day(next));
    }
    let mut draft = Soa::new(id("v3"), 3, 3);
    draft.reviewed(day("2026-01-01"));
    assert_eq!(draft.next_review, Some(day("2027-01-01")));
    let risks = [r];
    let soa = [v1, v2, draft];
    let found = dues(
        Dated {
            risks: &risks,
            changes: &changes,
            soa: &soa,
            ..Dated::default()
        },
        today,
    );
    let seen: Vec<(DueKind, String, String)> = found
        .iter()
        .map(|d| (d.kind, d.href(), d.date.to_string()))
        .collect();
    assert_eq!(
        seen,
        [
            (DueKind::RiskReview, "/risks/r1".into(), "2026-12-01".into()),
            (DueKind::SoaReview, "/soa/v2".into(), "2026-12-20".into()),
        ],
        "the risk's trigger before its date; only the latest approved version"
    );
}

#[test]
fn the_soas_review_interval_moves_its_next_review_from_the_last() {
    let mut soa = Soa::new(id("v1"), 1, 1);
    soa.set_review_months(6);
    assert_eq!(
        (soa.review_months, soa.next_review),
        (6, None),
        "never reviewed"
    );
    soa.reviewed(day("2026-12-07"));
    assert_eq!(soa.last_review, Some(day("2026-12-07")));
    assert_eq!(soa.next_review, Some(day("2027-06-07")));
    soa.set_review_months(3);
    assert_eq!(soa.next_review, Some(day("2027-03-07")));
    soa.set_review_months(0);
    assert_eq!(soa.next_review, None, "no recurring review");
    let body = soa.to_body();
    assert_eq!(body["last_review"], "2026-12-07");
    let read = Soa::from_body(&soa.id, &body, &()).unwrap();
    assert_eq!(read, soa);

    // A version reviewed before the last review was kept counts from its next review.
    let mut older = Soa::new(id("v0"), 1, 1);
    older.next_review = Some(day("2027-11-30"));
    older.set_review_months(24);
    assert_eq!(older.next_review, Some(day("2028-11-30")));
    assert_eq!(older.last_review, None);
}
