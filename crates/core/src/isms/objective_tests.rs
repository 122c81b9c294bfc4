//! Objectives: what makes one measurable before it is under way, achieved only on a
//! measurement that meets the target (at least or at most), measurements in date order, reviews,
//! reading back and damaged bodies named by field.

use serde_json::{Value, json};

use super::objective::{Direction, Measurement, Objective, ObjectiveStatus, System};
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

fn measured(on: &str, value: f64) -> Measurement {
    Measurement {
        on: day(on),
        value,
        note: String::new(),
    }
}

fn availability() -> Objective {
    let mut o = Objective::new(id("o1"), " Portal available ", System::Sms, LOGGED).unwrap();
    o.owner = "Ana".into();
    o.measure = "Monthly availability of the customer portal".into();
    o.unit = "%".into();
    o.target = Some(99.5);
    o
}

#[test]
fn an_objective_under_way_is_measurable() {
    let mut o = Objective::new(id("o1"), "Portal available", System::Sms, LOGGED).unwrap();
    o.check().unwrap();
    o.status = ObjectiveStatus::Active;
    for (field, fill) in [
        (
            "owner",
            (|o: &mut Objective| o.owner = "Ana".into()) as fn(&mut Objective),
        ),
        ("measure", |o| o.measure = "Availability".into()),
        ("target", |o| o.target = Some(99.5)),
    ] {
        let refused = o.check().unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{}", refused.1);
        fill(&mut o);
    }
    o.check().unwrap();
    o.status = ObjectiveStatus::Cancelled;
    o.owner.clear();
    o.check().unwrap();
    assert_eq!(
        Objective::new(id("o2"), " ", System::Isms, LOGGED)
            .unwrap_err()
            .0
            .as_deref(),
        Some("title")
    );
}

#[test]
fn achieved_only_when_the_latest_measurement_meets_the_target() {
    let mut o = availability();
    o.status = ObjectiveStatus::Achieved;
    assert_eq!(
        o.check().unwrap_err().0.as_deref(),
        Some("status"),
        "no measurement"
    );
    o.status = ObjectiveStatus::Active;
    o.measure(id("m2"), measured("2026-11-30", 99.7)).unwrap();
    o.measure(id("m1"), measured("2026-10-31", 98.9)).unwrap();
    assert_eq!(
        o.latest().unwrap().value,
        99.7,
        "the latest by day, not by id"
    );
    let series: Vec<&str> = o.series().iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(series, ["m1", "m2"]);
    o.status = ObjectiveStatus::Achieved;
    o.check().unwrap();
    // Fewer incidents is better: at most the target.
    o.direction = Direction::AtMost;
    assert_eq!(o.meets(99.7), Some(false));
    assert_eq!(o.check().unwrap_err().0.as_deref(), Some("status"));
    o.target = None;
    assert_eq!(o.meets(1.0), None);
}

#[test]
fn a_measurement_is_checked_with_the_rest() {
    let mut o = availability();
    let before = o.clone();
    let refused = o
        .measure(
            id("m1"),
            Measurement {
                on: day("2026-11-30"),
                value: 99.0,
                note: "x".repeat(501),
            },
        )
        .unwrap_err();
    assert_eq!(refused.0.as_deref(), Some("measured#m1"));
    assert_eq!(o, before, "nothing changes when refused");
    assert!(
        o.measure(id("m1"), measured("2026-11-30", f64::NAN))
            .is_err()
    );
}

#[test]
fn reviews_fall_one_interval_on() {
    let mut o = availability();
    o.reviewed(day("2026-12-07"));
    assert_eq!(
        o.next_review,
        Some(day("2027-03-07")),
        "quarterly unless said"
    );
    o.review_months = 25;
    assert_eq!(o.check().unwrap_err().0.as_deref(), Some("review_months"));
}

#[test]
fn objectives_read_back_and_damaged_bodies_are_named_by_field() {
    let mut o = availability();
    o.due = Some(day("2027-06-30"));
    o.plan = "Second data centre; monthly report to management.".into();
    o.measure(id("m1"), measured("2026-11-30", 99.7)).unwrap();
    o.reviewed(day("2026-12-01"));
    let back = Objective::from_body(&o.id, &o.to_body(), &()).unwrap();
    assert_eq!(back, o);
    assert_eq!(
        o.to_body()["measured#m1"],
        json!({"on": "2026-11-30", "value": 99.7})
    );
    let cases: [(&str, Option<Value>); 7] = [
        ("system", Some(json!("qms"))),
        ("direction", None),
        ("target", Some(json!("high"))),
        ("measured#m1", Some(json!({"on": "2026-11-31", "value": 1}))),
        ("measured#m2", Some(json!({"on": "2026-11-30"}))),
        ("status", Some(json!("achieved-ish"))),
        ("colour", Some(json!("blue"))),
    ];
    for (field, value) in cases {
        let mut body = o.to_body();
        match value {
            Some(value) => body.insert(field.into(), value),
            None => body.remove(field),
        };
        let refused = Objective::from_body(&o.id, &body, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{field}: {}", refused.1);
    }
}

#[test]
fn open_objectives_fall_due_for_review() {
    use crate::itsm::dues::{Dated, DueKind, dues};
    let mut open = availability();
    open.reviewed(day("2026-09-01"));
    let mut done = availability();
    done.id = id("o2");
    done.status = ObjectiveStatus::Cancelled;
    done.reviewed(day("2026-09-01"));
    let objectives = [open, done];
    let found = dues(
        Dated {
            objectives: &objectives,
            ..Dated::default()
        },
        day("2026-12-07"),
    );
    let seen: Vec<(DueKind, String)> = found.iter().map(|d| (d.kind, d.href())).collect();
    assert_eq!(
        seen,
        [(DueKind::ObjectiveReview, "/objectives/o1".to_owned())]
    );
    assert_eq!(
        crate::history::describe_field(
            "objective",
            "measured#m1",
            &crate::framework::Catalogue::builtin()
        ),
        "Measurement"
    );
    assert_eq!(
        crate::history::describe_value(
            "objective",
            "measured#m1",
            Some(&json!({"on": "2026-11-30", "value": 99.7}))
        ),
        "99.7 on 2026-11-30"
    );
}
