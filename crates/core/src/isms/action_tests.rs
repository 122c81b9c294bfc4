//! Actions: validation (owner, evidence, the day done), what they serve, overdue, reading back
//! and damaged bodies named by field.

use serde_json::json;

use super::action::{Action, ActionStatus, Serves};
use crate::date::Date;
use crate::ids::RecordId;
use crate::typed::RecordType;

const LOGGED: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn action() -> Action {
    let serves = Serves::parse("risk/r1").unwrap();
    Action::new(id("a1"), " Encrypt every laptop ", Some(serves), LOGGED).unwrap()
}

#[test]
fn an_action_done_names_its_owner_evidence_and_day() {
    let mut a = action();
    assert_eq!(a.title, "Encrypt every laptop");
    assert_eq!(a.serves.as_ref().unwrap().to_string(), "risk/r1");
    a.status = ActionStatus::InProgress;
    assert_eq!(a.check().unwrap_err().0.as_deref(), Some("owner"));
    a.owner = "Ana".into();
    a.check().unwrap();
    a.status = ActionStatus::Done;
    let refused = a.check().unwrap_err();
    assert_eq!(refused.0.as_deref(), Some("evidence"));
    assert_eq!(
        refused.1,
        "An action done says what shows it was done (its evidence)."
    );
    a.evidence = "MDM report of 2026-12-01: 42 of 42 encrypted".into();
    assert_eq!(a.check().unwrap_err().0.as_deref(), Some("done_on"));
    a.done_on = Some(day("2026-12-01"));
    a.check().unwrap();
    // Reopened, it no longer has a day done.
    a.status = ActionStatus::Open;
    assert_eq!(a.check().unwrap_err().0.as_deref(), Some("done_on"));
    a.done_on = None;
    a.check().unwrap();
    a.status = ActionStatus::Cancelled;
    a.evidence.clear();
    assert!(
        a.check()
            .unwrap_err()
            .1
            .contains("why the action was cancelled")
    );
}

#[test]
fn an_open_action_past_its_due_date_is_overdue() {
    let mut a = action();
    let today = day("2026-12-07");
    assert!(!a.is_overdue(today));
    a.due = Some(day("2026-12-06"));
    assert!(a.is_overdue(today));
    assert!(!a.is_overdue(day("2026-12-06")));
    a.owner = "Ana".into();
    a.status = ActionStatus::Done;
    a.evidence = "Done".into();
    a.done_on = Some(today);
    assert!(!a.is_overdue(today));
}

#[test]
fn an_action_reads_back_and_a_damaged_one_is_named_by_its_field() {
    let mut a = action();
    a.description = "All staff laptops".into();
    a.owner = "Ana".into();
    a.due = Some(day("2027-01-31"));
    let body = a.to_body();
    assert_eq!(body["serves"], json!("risk/r1"));
    assert_eq!(Action::from_body(&a.id, &body, &()).unwrap(), a);
    assert_eq!(Action::kind().as_str(), "action");
    for (field, value) in [
        ("title", json!(" ")),
        ("status", json!("someday")),
        ("serves", json!("r1")),
        ("serves", json!("Risk/r1")),
        ("due", json!("31/01/2027")),
        ("logged_at", json!(-1)),
        ("colour", json!("red")),
    ] {
        let mut body = a.to_body();
        body.insert(field.into(), value.clone());
        let refused = Action::from_body(&a.id, &body, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{field} = {value}");
    }
}

#[test]
fn open_actions_and_risk_reviews_fall_due_with_the_other_registers() {
    use crate::isms::risk::{Risk, RiskState};
    use crate::itsm::dues::{Dated, DueKind, dues};
    let today = day("2026-12-07");
    let mut overdue = action();
    overdue.due = Some(day("2026-12-01"));
    let mut done = action();
    done.id = id("a2");
    done.due = Some(day("2026-12-02"));
    done.owner = "Ana".into();
    done.status = ActionStatus::Done;
    done.evidence = "Checked".into();
    done.done_on = Some(day("2026-12-02"));
    let mut risk = Risk::new(id("r1"), "Stolen laptop", LOGGED).unwrap();
    risk.review_due = Some(day("2026-12-20"));
    let mut closed = risk.clone();
    closed.id = id("r2");
    closed.state = RiskState::Closed;
    let (actions, risks) = ([overdue, done], [risk, closed]);
    let found = dues(
        Dated {
            risks: &risks,
            actions: &actions,
            ..Dated::default()
        },
        today,
    );
    let seen: Vec<(DueKind, &str, String)> = found
        .iter()
        .map(|d| (d.kind, d.id.as_str(), d.href()))
        .collect();
    assert_eq!(
        seen,
        [
            (DueKind::Action, "a1", "/actions/a1".to_owned()),
            (DueKind::RiskReview, "r1", "/risks/r1".to_owned()),
        ]
    );
}
