//! Releases: the life cycle and its guards, the deploy check against bundled changes, reading
//! back, and a property test that no sequence of allowed steps reaches a refused state.

use proptest::prelude::*;
use serde_json::json;

use super::change_request::{ChangeRequest, ChangeState, ChangeType};
use super::release::{Release, ReleaseState, deploy_blocker};
use super::workflow::{Lifecycle, Stepped};
use crate::ids::RecordId;
use crate::typed::RecordType;

const HOUR: i64 = 3_600_000;
const LOGGED: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn release() -> Release {
    Release::new(id("r1"), " Mail relay 2.4 ", LOGGED).unwrap()
}

fn change(name: &str, state: ChangeState) -> ChangeRequest {
    let mut c = ChangeRequest::new(id(name), ChangeType::Standard, name, LOGGED).unwrap();
    c.state = state;
    c
}

#[test]
fn a_release_is_built_with_changes_accepted_against_criteria_deployed_and_reviewed() {
    let mut r = release();
    assert_eq!(r.title, "Mail relay 2.4");
    assert_eq!(
        r.why_not(ReleaseState::Built).as_deref(),
        Some("A release is built only once it bundles at least one change.")
    );
    r.changes.insert(id("c1"));
    r.step(ReleaseState::Built, id("s1"), LOGGED + HOUR)
        .unwrap();
    assert_eq!(
        r.why_not(ReleaseState::Accepted).as_deref(),
        Some("A release is accepted only against acceptance criteria written down.")
    );
    r.acceptance_criteria = "Large mail passes; no bounce in a day of tests".into();
    assert_eq!(
        r.why_not(ReleaseState::Accepted).as_deref(),
        Some("A release is accepted only once how its criteria were met is recorded.")
    );
    r.acceptance_result = "Test plan run by Ana: all passed".into();
    r.step(ReleaseState::Accepted, id("s2"), LOGGED + 2 * HOUR)
        .unwrap();
    assert_eq!(
        r.why_not(ReleaseState::Closed).as_deref(),
        Some("A record in “Accepted” cannot go to “Closed” in one step.")
    );
    r.step(ReleaseState::Deployed, id("s3"), LOGGED + 3 * HOUR)
        .unwrap();
    assert_eq!(
        r.why_not(ReleaseState::Reviewed).as_deref(),
        Some("A release is reviewed only once its review is written.")
    );
    r.review = "Deployed in the window; no incidents".into();
    r.step(ReleaseState::Reviewed, id("s4"), LOGGED + 4 * HOUR)
        .unwrap();
    r.step(ReleaseState::Closed, id("s5"), LOGGED + 5 * HOUR)
        .unwrap();
    assert_eq!(Release::from_body(&r.id, &r.to_body(), &()).unwrap(), r);
}

#[test]
fn a_failed_release_moves_on_only_once_its_failure_is_analysed() {
    let mut r = release();
    r.changes.insert(id("c1"));
    r.acceptance_criteria = "Passes".into();
    r.acceptance_result = "Passed".into();
    for (n, to) in [
        ReleaseState::Built,
        ReleaseState::Accepted,
        ReleaseState::Failed,
    ]
    .into_iter()
    .enumerate()
    {
        r.step(to, id(&format!("s{n}")), LOGGED + n as i64).unwrap();
    }
    for to in [ReleaseState::Planned, ReleaseState::Reviewed] {
        assert_eq!(
            r.why_not(to).as_deref(),
            Some("A failed release moves on only once its failure is analysed.")
        );
    }
    r.failure_analysis = "The package missed a library; the build script now checks it".into();
    r.step(ReleaseState::Planned, id("s9"), LOGGED + 10)
        .unwrap();
    assert!(r.reached(ReleaseState::Failed));
}

#[test]
fn a_release_is_deployed_only_with_every_bundled_change_approved() {
    let mut r = release();
    r.changes.insert(id("c1"));
    r.changes.insert(id("c2"));
    let approved = change("c1", ChangeState::Approved);
    let requested = change("c2", ChangeState::Requested);
    let blocked = deploy_blocker(&r, &[approved.clone(), requested]).unwrap();
    assert!(blocked.contains("“c2” is requested"), "{blocked}");
    assert!(
        deploy_blocker(&r, std::slice::from_ref(&approved))
            .unwrap()
            .contains("no longer recorded")
    );
    let scheduled = change("c2", ChangeState::Scheduled);
    assert_eq!(deploy_blocker(&r, &[approved, scheduled]), None);
    let rejected = change("c2", ChangeState::Rejected);
    assert!(deploy_blocker(&r, &[change("c1", ChangeState::Closed), rejected]).is_some());
}

#[test]
fn a_release_names_the_configuration_items_it_changes() {
    let mut r = release();
    r.items.insert(id("i1"));
    r.items.insert(id("i2"));
    let body = r.to_body();
    assert_eq!(body["item#i1"], json!(true));
    assert_eq!(Release::from_body(&r.id, &body, &()).unwrap(), r);
}

#[test]
fn a_damaged_release_is_refused_naming_its_field() {
    let mut r = release();
    r.changes.insert(id("c1"));
    r.step(ReleaseState::Built, id("s1"), LOGGED + 1).unwrap();
    let refused = |field: &str, value: serde_json::Value| {
        let mut body = r.to_body();
        body.insert(field.to_owned(), value);
        Release::from_body(&r.id, &body, &()).unwrap_err().0
    };
    assert_eq!(refused("state", json!("shipped")).as_deref(), Some("state"));
    assert_eq!(
        refused("change#c2", json!("yes")).as_deref(),
        Some("change#c2")
    );
    assert_eq!(refused("colour", json!(1)).as_deref(), Some("colour"));
    assert_eq!(refused("item#i1", json!(1)).as_deref(), Some("item#i1"));
    assert_eq!(refused("title", json!("")).as_deref(), Some("title"));
    assert_eq!(
        refused("planned_at", json!("soon")).as_deref(),
        Some("planned_at")
    );
    let mut body = r.to_body();
    body.remove("change#c1");
    assert_eq!(
        Release::from_body(&r.id, &body, &())
            .unwrap_err()
            .0
            .as_deref(),
        Some("change")
    );
}

#[derive(Debug, Clone)]
enum Action {
    Step(usize),
    Link(bool),
    Criteria(bool),
    Result(bool),
    Analysis(bool),
    Review(bool),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (0..ReleaseState::ALL.len()).prop_map(Action::Step),
        1 => any::<bool>().prop_map(Action::Link),
        1 => any::<bool>().prop_map(Action::Criteria),
        1 => any::<bool>().prop_map(Action::Result),
        1 => any::<bool>().prop_map(Action::Analysis),
        1 => any::<bool>().prop_map(Action::Review),
    ]
}

proptest! {
    #[test]
    fn no_sequence_of_allowed_steps_reaches_a_state_the_kind_refuses(
        actions in prop::collection::vec((action(), 0..3_600_000i64), 1..60),
    ) {
        let mut r = release();
        let mut now = LOGGED;
        for (n, (action, wait)) in actions.into_iter().enumerate() {
            now += wait;
            let text = |on: bool| if on { "Written".to_owned() } else { String::new() };
            let mut edit = |apply: &dyn Fn(&mut Release)| {
                let mut next = r.clone();
                apply(&mut next);
                if next.check().is_ok() {
                    r = next;
                }
            };
            match action {
                Action::Step(to) => {
                    let to = ReleaseState::ALL[to];
                    let before = r.clone();
                    let allowed = r.why_not(to).is_none();
                    let taken = r.step(to, id(&format!("s{n}")), now);
                    prop_assert_eq!(taken.is_ok(), allowed, "why_not agrees with step");
                    if taken.is_err() {
                        prop_assert_eq!(&r, &before, "a refused step changes nothing");
                    }
                }
                Action::Link(on) => edit(&|r| {
                    if on { r.changes.insert(id("c1")); } else { r.changes.clear(); }
                }),
                Action::Criteria(on) => edit(&|r| r.acceptance_criteria = text(on)),
                Action::Result(on) => edit(&|r| r.acceptance_result = text(on)),
                Action::Analysis(on) => edit(&|r| r.failure_analysis = text(on)),
                Action::Review(on) => edit(&|r| r.review = text(on)),
            }
            let read = Release::from_body(&r.id, &r.to_body(), &());
            prop_assert_eq!(read.as_ref(), Ok(&r));
            if r.state == ReleaseState::Deployed {
                prop_assert!(!r.acceptance_result.is_empty() && !r.changes.is_empty());
            }
            if r.reached(ReleaseState::Failed) && r.state != ReleaseState::Failed {
                prop_assert!(!r.failure_analysis.is_empty());
            }
        }
    }
}
