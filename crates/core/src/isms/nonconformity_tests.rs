//! Nonconformities: the life cycle and its guards (closure only after effectiveness is
//! verified), reopening, clauses of both standards, reading back and damaged fields.

use serde_json::json;

use super::action::Serves;
use super::nonconformity::{Grade, NcState, Nonconformity, Source};
use crate::date::Date;
use crate::ids::RecordId;
use crate::itsm::workflow::{Lifecycle, Stepped};
use crate::typed::RecordType;

const DAY: i64 = 86_400_000;
const LOGGED: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn nc() -> Nonconformity {
    Nonconformity::new(
        id("n1"),
        " Access reviews not done for two quarters ",
        Source::InternalAudit,
        Grade::Minor,
        day("2026-12-01"),
        LOGGED,
    )
    .unwrap()
}

#[test]
fn a_nonconformity_is_carried_to_closure_only_with_each_stage_recorded() {
    let mut n = nc();
    assert_eq!(n.title, "Access reviews not done for two quarters");
    assert_eq!(
        n.why_not(NcState::Corrected).as_deref(),
        Some("Name who owns the nonconformity before it moves on.")
    );
    n.owner = "Ana".into();
    assert!(
        n.why_not(NcState::Corrected)
            .unwrap()
            .contains("contain it")
    );
    n.correction = "Reviews of the two quarters done now".into();
    n.step(NcState::Corrected, id("s1"), LOGGED + DAY).unwrap();
    assert_eq!(
        n.why_not(NcState::CauseAnalysed).as_deref(),
        Some("Record the root cause once it is analysed.")
    );
    n.root_cause = "No reminder: the review depended on one person".into();
    n.step(NcState::CauseAnalysed, id("s2"), LOGGED + 2 * DAY)
        .unwrap();
    assert_eq!(
        n.why_not(NcState::ActionImplemented).as_deref(),
        Some("Say what corrective action removes the cause.")
    );
    n.corrective_action = "Quarterly review scheduled with a deputy".into();
    n.step(NcState::ActionImplemented, id("s3"), LOGGED + 3 * DAY)
        .unwrap();
    // It cannot close before its effectiveness is verified.
    assert_eq!(
        n.why_not(NcState::Closed).as_deref(),
        Some("A record in “Corrective action implemented” cannot go to “Closed” in one step.")
    );
    assert!(
        n.why_not(NcState::EffectivenessVerified)
            .unwrap()
            .contains("checked to have worked")
    );
    n.effectiveness = "The next quarter's review was done on time".into();
    assert_eq!(
        n.why_not(NcState::EffectivenessVerified).as_deref(),
        Some("Say when its effectiveness was verified.")
    );
    n.verified_on = Some(day("2027-04-02"));
    n.step(NcState::EffectivenessVerified, id("s4"), LOGGED + 90 * DAY)
        .unwrap();
    n.step(NcState::Closed, id("s5"), LOGGED + 91 * DAY)
        .unwrap();
    // The cause came back: reopened, analysed again.
    n.step(NcState::Reopened, id("s6"), LOGGED + 200 * DAY)
        .unwrap();
    assert_eq!(NcState::Reopened.next(), &[NcState::CauseAnalysed]);
    let read = Nonconformity::from_body(&n.id, &n.to_body(), &()).unwrap();
    assert_eq!(read, n);
}

#[test]
fn a_closed_nonconformity_that_never_had_its_effectiveness_verified_is_refused() {
    let mut body = nc().to_body();
    for (field, value) in [
        ("state", json!("closed")),
        ("owner", json!("Ana")),
        ("correction", json!("x")),
        ("root_cause", json!("x")),
        ("corrective_action", json!("x")),
        ("effectiveness", json!("x")),
        ("verified_on", json!("2027-01-01")),
    ] {
        body.insert(field.into(), value);
    }
    let refused = Nonconformity::from_body(&id("n1"), &body, &()).unwrap_err();
    assert_eq!(
        refused.1,
        "A nonconformity closes only once its effectiveness is verified."
    );
}

#[test]
fn clauses_of_both_standards_and_where_it_was_found_read_back() {
    let mut n = nc();
    n.clauses.insert("iso27001:2022/9.2.2".into());
    n.clauses.insert("iso20000-1:2018/9.2".into());
    n.found_in = Some(Serves::parse("assessment/a1").unwrap());
    let body = n.to_body();
    assert_eq!(body["clause#iso27001:2022/9.2.2"], json!(true));
    assert_eq!(body["found_in"], json!("assessment/a1"));
    assert_eq!(Nonconformity::from_body(&n.id, &body, &()).unwrap(), n);
    assert_eq!(Nonconformity::kind().as_str(), "nonconformity");
}

#[test]
fn a_damaged_nonconformity_is_named_by_its_field() {
    let base = nc().to_body();
    for (field, value) in [
        ("title", json!("")),
        ("source", json!("rumour")),
        ("grade", json!("critical")),
        ("raised_on", json!("yesterday")),
        ("state", json!("forgotten")),
        ("found_in", json!("nowhere")),
        ("clause#9.2", json!(true)),
        ("clause#iso27001:2022/9.2", json!(1)),
        ("severity", json!(3)),
    ] {
        let mut body = base.clone();
        body.insert(field.into(), value.clone());
        let refused = Nonconformity::from_body(&id("n1"), &body, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{field} = {value}");
    }
}
