//! Changes: validation, the life cycle and its guards, decisions by a board, reading back.

use serde_json::json;

use super::change_request::{
    ChangeRequest, ChangeState, ChangeType, Decision, DecisionError, Verdict,
};
use super::priority::Level;
use super::workflow::{Lifecycle, Stepped};
use crate::ids::RecordId;
use crate::typed::RecordType;

const HOUR: i64 = 3_600_000;
const LOGGED: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn change(kind: ChangeType) -> ChangeRequest {
    ChangeRequest::new(id("c1"), kind, " Upgrade the mail relay ", LOGGED).unwrap()
}

fn decision(by: &str, verdict: Verdict, at: i64) -> Decision {
    Decision {
        by: by.into(),
        verdict,
        at,
        note: String::new(),
    }
}

/// A change with its risk assessment written, moved to assessed.
fn assessed(kind: ChangeType) -> ChangeRequest {
    let mut c = change(kind);
    c.risk = Some(Level::Medium);
    c.impact = "Mail is down for ten minutes".into();
    c.security_impact = "TLS settings unchanged".into();
    c.step(ChangeState::Assessed, id("s1"), LOGGED + HOUR)
        .unwrap();
    c
}

#[test]
fn a_change_is_assessed_only_with_its_risk_impact_and_security_impact() {
    let mut c = change(ChangeType::Normal);
    assert_eq!(c.title, "Upgrade the mail relay");
    assert_eq!(
        c.why_not(ChangeState::Assessed).as_deref(),
        Some("A change is assessed only once its risk is rated.")
    );
    c.risk = Some(Level::High);
    assert_eq!(
        c.why_not(ChangeState::Assessed).as_deref(),
        Some("A change is assessed only once its impact is written down.")
    );
    c.impact = "Mail down briefly".into();
    assert!(
        c.why_not(ChangeState::Assessed)
            .unwrap()
            .contains("information security")
    );
    c.security_impact = "None: no security settings change".into();
    assert_eq!(c.why_not(ChangeState::Assessed), None);
    assert_eq!(
        c.why_not(ChangeState::Scheduled).as_deref(),
        Some("A record in “Requested” cannot go to “Scheduled” in one step.")
    );
}

#[test]
fn a_normal_change_is_approved_only_by_its_approvers_and_a_rejection_rejects_it() {
    let mut c = assessed(ChangeType::Normal);
    c.approvals_needed = 2;
    assert_eq!(
        c.why_not(ChangeState::Approved).as_deref(),
        Some("A normal change is approved by 2 approvers: none yet.")
    );
    assert!(c.awaits_approval());
    let reached = c
        .decide(
            id("d1"),
            decision(" Ana ", Verdict::Approve, LOGGED + 2 * HOUR),
            id("s2"),
        )
        .unwrap();
    assert_eq!(reached, ChangeState::Assessed);
    assert_eq!(
        c.why_not(ChangeState::Approved).as_deref(),
        Some("A normal change is approved by 2 approvers: 1 so far (Ana).")
    );
    assert_eq!(
        c.decide(
            id("d2"),
            decision("Ana", Verdict::Approve, LOGGED + 3 * HOUR),
            id("s3")
        ),
        Err(DecisionError::AlreadyDecided("Ana".into()))
    );
    let reached = c
        .decide(
            id("d3"),
            decision("Ben", Verdict::Approve, LOGGED + 3 * HOUR),
            id("s3"),
        )
        .unwrap();
    assert_eq!(reached, ChangeState::Approved);
    assert_eq!(c.approvers(), ["Ana", "Ben"]);
    assert_eq!(
        c.decide(
            id("d4"),
            decision("Cy", Verdict::Reject, LOGGED + 4 * HOUR),
            id("s4")
        ),
        Err(DecisionError::NotAwaiting("Approved"))
    );

    // Another change: rejected by one approver, resubmitted, and decided afresh.
    let mut r = assessed(ChangeType::Emergency);
    r.decide(
        id("d1"),
        decision("Ana", Verdict::Reject, LOGGED + 2 * HOUR),
        id("s2"),
    )
    .unwrap();
    assert_eq!(r.state, ChangeState::Rejected);
    assert_eq!(r.rejected_by(), Some("Ana"));
    r.step(ChangeState::Requested, id("s3"), LOGGED + 3 * HOUR)
        .unwrap();
    assert!(r.round().is_empty(), "a new round starts empty");
    r.step(ChangeState::Assessed, id("s4"), LOGGED + 4 * HOUR)
        .unwrap();
    r.decide(
        id("d2"),
        decision("Ana", Verdict::Approve, LOGGED + 5 * HOUR),
        id("s5"),
    )
    .unwrap();
    assert_eq!(r.state, ChangeState::Approved);
}

#[test]
fn a_standard_change_is_pre_authorised_and_nobody_decides_on_it() {
    let mut c = assessed(ChangeType::Standard);
    assert!(!c.awaits_approval());
    assert_eq!(
        c.decide(
            id("d1"),
            decision("Ana", Verdict::Approve, LOGGED),
            id("s2")
        ),
        Err(DecisionError::Standard)
    );
    c.step(ChangeState::Approved, id("s2"), LOGGED + 2 * HOUR)
        .unwrap();
    // Made normal again, it would need its approvals: the record refuses that.
    let mut normal = c.clone();
    normal.change_type = ChangeType::Normal;
    assert!(
        normal
            .check()
            .unwrap_err()
            .1
            .contains("approved by 1 approver")
    );
}

#[test]
fn a_major_change_is_approved_only_with_its_design_and_transition() {
    let mut c = assessed(ChangeType::Normal);
    c.major_impact = true;
    let refused = c
        .decide(
            id("d1"),
            decision("Ana", Verdict::Approve, LOGGED + 2 * HOUR),
            id("s2"),
        )
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("service design and transition"),
        "{refused}"
    );
    assert_eq!(c.decisions.len(), 0, "a refused decision changes nothing");
    c.design = "New relay built beside the old; traffic moved by DNS".into();
    c.decide(
        id("d1"),
        decision("Ana", Verdict::Approve, LOGGED + 2 * HOUR),
        id("s2"),
    )
    .unwrap();
    assert_eq!(c.state, ChangeState::Approved);
}

/// An approved change, scheduled tomorrow for two hours.
fn scheduled(kind: ChangeType) -> ChangeRequest {
    let mut c = assessed(kind);
    if kind == ChangeType::Standard {
        c.step(ChangeState::Approved, id("s2"), LOGGED + 2 * HOUR)
            .unwrap();
    } else {
        c.decide(
            id("d1"),
            decision("Ana", Verdict::Approve, LOGGED + 2 * HOUR),
            id("s2"),
        )
        .unwrap();
    }
    assert_eq!(
        c.why_not(ChangeState::Scheduled).as_deref(),
        Some("A change is scheduled only with its planned start and end.")
    );
    c.planned_start = Some(LOGGED + 24 * HOUR);
    c.planned_end = Some(LOGGED + 26 * HOUR);
    assert_eq!(
        c.why_not(ChangeState::Scheduled).as_deref(),
        Some("A change is scheduled only with a back-out plan.")
    );
    c.backout_plan = "Reinstall the previous package".into();
    c.step(ChangeState::Scheduled, id("s3"), LOGGED + 3 * HOUR)
        .unwrap();
    c
}

#[test]
fn an_emergency_change_cannot_close_before_its_review_and_a_normal_one_can() {
    let mut e = scheduled(ChangeType::Emergency);
    e.step(ChangeState::Implemented, id("s4"), LOGGED + 25 * HOUR)
        .unwrap();
    assert_eq!(
        e.why_not(ChangeState::Closed).as_deref(),
        Some("An emergency change cannot close before its post-implementation review is written.")
    );
    assert_eq!(
        e.why_not(ChangeState::Reviewed).as_deref(),
        Some("A change is reviewed only once its post-implementation review is written.")
    );
    e.review = "Worked; monitoring caught nothing".into();
    e.step(ChangeState::Reviewed, id("s5"), LOGGED + 30 * HOUR)
        .unwrap();
    e.step(ChangeState::Closed, id("s6"), LOGGED + 31 * HOUR)
        .unwrap();
    let mut n = scheduled(ChangeType::Normal);
    n.step(ChangeState::Implemented, id("s4"), LOGGED + 25 * HOUR)
        .unwrap();
    n.step(ChangeState::Closed, id("s5"), LOGGED + 26 * HOUR)
        .unwrap();
    assert_eq!(n.state, ChangeState::Closed);
}

#[test]
fn a_failed_change_is_backed_out_only_with_the_back_out_recorded() {
    let mut c = scheduled(ChangeType::Normal);
    c.step(ChangeState::Failed, id("s4"), LOGGED + 25 * HOUR)
        .unwrap();
    assert_eq!(ChangeState::Failed.next(), [ChangeState::BackedOut]);
    assert_eq!(
        c.why_not(ChangeState::BackedOut).as_deref(),
        Some("A failed change is backed out only once how it was backed out is recorded.")
    );
    c.backout_record = "Previous package reinstalled at 11:20".into();
    c.step(ChangeState::BackedOut, id("s5"), LOGGED + 26 * HOUR)
        .unwrap();
    c.step(ChangeState::Closed, id("s6"), LOGGED + 27 * HOUR)
        .unwrap();
    // Clearing the record afterwards breaks the rule.
    let mut cleared = c.clone();
    cleared.backout_record.clear();
    assert_eq!(
        cleared.check().unwrap_err().0.as_deref(),
        Some("backout_record")
    );
    let read = ChangeRequest::from_body(&c.id, &c.to_body(), &()).unwrap();
    assert_eq!(read, c);
}

#[test]
fn a_rejected_change_carries_a_rejection_and_closes() {
    let mut c = assessed(ChangeType::Normal);
    assert_eq!(
        c.why_not(ChangeState::Rejected).as_deref(),
        Some("A change is rejected by an approver's decision.")
    );
    c.decide(
        id("d1"),
        decision("Ana", Verdict::Reject, LOGGED + 2 * HOUR),
        id("s2"),
    )
    .unwrap();
    c.step(ChangeState::Closed, id("s3"), LOGGED + 3 * HOUR)
        .unwrap();
    assert!(!c.went_ahead());
}

#[test]
fn a_change_names_the_risks_it_affects_beside_its_own_risk_level() {
    let mut c = scheduled(ChangeType::Normal);
    c.risks.insert(id("r1"));
    c.risks.insert(id("r2"));
    let body = c.to_body();
    assert_eq!(body["risk#r1"], json!(true));
    assert_eq!(body["risk"], json!(c.risk.unwrap().as_str()));
    let read = ChangeRequest::from_body(&c.id, &body, &()).unwrap();
    assert_eq!(read.risks, c.risks);
    assert_eq!(read, c);
}

#[test]
fn a_damaged_change_is_refused_naming_its_field() {
    let c = scheduled(ChangeType::Normal);
    let refused = |field: &str, value: serde_json::Value| {
        let mut body = c.to_body();
        body.insert(field.to_owned(), value);
        ChangeRequest::from_body(&c.id, &body, &()).unwrap_err().0
    };
    assert_eq!(refused("state", json!("lost")).as_deref(), Some("state"));
    assert_eq!(refused("type", json!("urgent")).as_deref(), Some("type"));
    assert_eq!(refused("risk", json!("extreme")).as_deref(), Some("risk"));
    assert_eq!(refused("colour", json!("red")).as_deref(), Some("colour"));
    assert_eq!(refused("risk#r1", json!("yes")).as_deref(), Some("risk#r1"));
    assert_eq!(
        refused("risk#bad id", json!(true)).as_deref(),
        Some("risk#bad id")
    );
    assert_eq!(refused("title", json!(" ")).as_deref(), Some("title"));
    assert_eq!(
        refused("approvals_needed", json!(0)).as_deref(),
        Some("approvals_needed")
    );
    assert_eq!(
        refused("approvals_needed", json!(10)).as_deref(),
        Some("approvals_needed")
    );
    assert_eq!(
        refused("planned_end", json!(LOGGED)).as_deref(),
        Some("planned_end")
    );
    assert_eq!(
        refused(
            "decision#d9",
            json!({"by": "", "verdict": "approve", "at": LOGGED})
        )
        .as_deref(),
        Some("decision#d9")
    );
    assert_eq!(
        refused(
            "decision#d9",
            json!({"by": "Eve", "verdict": "maybe", "at": LOGGED})
        )
        .as_deref(),
        Some("decision#d9")
    );
    assert_eq!(
        refused(
            "decision#d9",
            json!({"by": "Eve", "verdict": "approve", "at": 0})
        )
        .as_deref(),
        Some("decision#d9")
    );
    assert_eq!(
        refused(
            "decision#d9",
            json!({"by": "Eve", "verdict": "approve", "at": LOGGED, "extra": 1})
        )
        .as_deref(),
        Some("decision#d9")
    );
    let mut body = c.to_body();
    body.remove("backout_plan");
    assert_eq!(
        ChangeRequest::from_body(&c.id, &body, &())
            .unwrap_err()
            .0
            .as_deref(),
        Some("backout_plan")
    );
    let mut body = c.to_body();
    body.insert("description".into(), json!("x".repeat(10_001)));
    assert!(
        ChangeRequest::from_body(&c.id, &body, &())
            .unwrap_err()
            .1
            .contains("at most 10000")
    );
}

#[test]
fn decisions_made_apart_on_two_devices_are_both_kept_and_count_together() {
    let mut c = assessed(ChangeType::Normal);
    c.approvals_needed = 2;
    let mut here = c.clone();
    let mut there = c.clone();
    here.decide(
        id("d1"),
        decision("Ana", Verdict::Approve, LOGGED + 2 * HOUR),
        id("s2"),
    )
    .unwrap();
    there
        .decide(
            id("d2"),
            decision("Ben", Verdict::Approve, LOGGED + 2 * HOUR),
            id("s3"),
        )
        .unwrap();
    // Merging field by field: each decision is a field of its own.
    let mut body = here.to_body();
    body.extend(there.to_body());
    let merged = ChangeRequest::from_body(&c.id, &body, &()).unwrap();
    assert_eq!(merged.approvers().len(), 2);
    assert_eq!(merged.why_not(ChangeState::Approved), None);
    // A rejection crossing the last approval leaves the approved change valid.
    let mut approved = c.clone();
    approved.approvals_needed = 1;
    approved
        .decide(
            id("d1"),
            decision("Ana", Verdict::Approve, LOGGED + 2 * HOUR),
            id("s2"),
        )
        .unwrap();
    let mut rejected = c.clone();
    rejected.approvals_needed = 1;
    rejected
        .decide(
            id("d2"),
            decision("Ben", Verdict::Reject, LOGGED + 2 * HOUR),
            id("s3"),
        )
        .unwrap();
    for (first, second) in [(&approved, &rejected), (&rejected, &approved)] {
        let mut body = first.to_body();
        for (field, value) in second.to_body() {
            if field.starts_with("decision#") || field.starts_with("step#") {
                body.insert(field, value);
            }
        }
        ChangeRequest::from_body(&c.id, &body, &()).unwrap();
    }
}
