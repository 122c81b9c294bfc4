//! No sequence of allowed steps, decisions and edits leaves a change in a state its kind
//! refuses, and every change that went ahead had what its guards ask for.

use proptest::prelude::*;

use super::change_request::{ChangeRequest, ChangeState, ChangeType, Decision, Verdict};
use super::priority::Level;
use super::workflow::{Lifecycle, Stepped};
use crate::ids::RecordId;
use crate::typed::RecordType;

const LOGGED: i64 = 1_796_115_600_000;
const APPROVERS: [&str; 3] = ["Ana", "Ben", "Cy"];

/// Something a person does to a change.
#[derive(Debug, Clone)]
enum Action {
    Step(usize),
    Decide(usize, bool),
    Risk(bool),
    Impact(bool),
    Security(bool),
    Design(bool),
    MajorImpact(bool),
    Backout(bool),
    BackoutRecord(bool),
    Review(bool),
    Window(bool),
    Needed(u8),
    Type(usize),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        5 => (0..ChangeState::ALL.len()).prop_map(Action::Step),
        3 => (0..APPROVERS.len(), any::<bool>()).prop_map(|(who, yes)| Action::Decide(who, yes)),
        1 => any::<bool>().prop_map(Action::Risk),
        1 => any::<bool>().prop_map(Action::Impact),
        1 => any::<bool>().prop_map(Action::Security),
        1 => any::<bool>().prop_map(Action::Design),
        1 => any::<bool>().prop_map(Action::MajorImpact),
        1 => any::<bool>().prop_map(Action::Backout),
        1 => any::<bool>().prop_map(Action::BackoutRecord),
        1 => any::<bool>().prop_map(Action::Review),
        1 => any::<bool>().prop_map(Action::Window),
        1 => (0u8..4).prop_map(Action::Needed),
        1 => (0..ChangeType::ALL.len()).prop_map(Action::Type),
    ]
}

/// Applies an edit only when the change still keeps its rules after it, as the app does.
fn edit(change: &mut ChangeRequest, apply: impl FnOnce(&mut ChangeRequest)) {
    let mut next = change.clone();
    apply(&mut next);
    if next.check().is_ok() {
        *change = next;
    }
}

proptest! {
    #[test]
    fn no_sequence_of_allowed_steps_reaches_a_state_the_kind_refuses(
        kind in 0..ChangeType::ALL.len(),
        actions in prop::collection::vec((action(), 0..3_600_000i64), 1..60),
    ) {
        let id = RecordId::parse("c1").unwrap();
        let mut change = ChangeRequest::new(id, ChangeType::ALL[kind], "Patch", LOGGED).unwrap();
        let mut now = LOGGED;
        for (n, (action, wait)) in actions.into_iter().enumerate() {
            now += wait;
            let text = |on: bool| if on { "Written".to_owned() } else { String::new() };
            let step_id = RecordId::parse(&format!("s{n}")).unwrap();
            match action {
                Action::Step(to) => {
                    let to = ChangeState::ALL[to];
                    let before = change.clone();
                    let allowed = change.why_not(to).is_none();
                    let taken = change.step(to, step_id, now);
                    prop_assert_eq!(taken.is_ok(), allowed, "why_not agrees with step");
                    if taken.is_err() {
                        prop_assert_eq!(&change, &before, "a refused step changes nothing");
                    }
                }
                Action::Decide(who, approve) => {
                    let before = change.clone();
                    let decision = Decision {
                        by: APPROVERS[who].to_owned(),
                        verdict: if approve { Verdict::Approve } else { Verdict::Reject },
                        at: now,
                        note: String::new(),
                    };
                    let id = RecordId::parse(&format!("d{n}")).unwrap();
                    if change.decide(id, decision, step_id).is_err() {
                        prop_assert_eq!(&change, &before, "a refused decision changes nothing");
                    }
                }
                Action::Risk(on) => edit(&mut change, |c| c.risk = on.then_some(Level::High)),
                Action::Impact(on) => edit(&mut change, |c| c.impact = text(on)),
                Action::Security(on) => edit(&mut change, |c| c.security_impact = text(on)),
                Action::Design(on) => edit(&mut change, |c| c.design = text(on)),
                Action::MajorImpact(on) => edit(&mut change, |c| c.major_impact = on),
                Action::Backout(on) => edit(&mut change, |c| c.backout_plan = text(on)),
                Action::BackoutRecord(on) => edit(&mut change, |c| c.backout_record = text(on)),
                Action::Review(on) => edit(&mut change, |c| c.review = text(on)),
                Action::Window(on) => edit(&mut change, |c| {
                    c.planned_start = on.then_some(now + 3_600_000);
                    c.planned_end = on.then_some(now + 7_200_000);
                }),
                Action::Needed(n) => edit(&mut change, |c| c.approvals_needed = n),
                Action::Type(t) => edit(&mut change, |c| c.change_type = ChangeType::ALL[t]),
            }
            let read = ChangeRequest::from_body(&change.id, &change.to_body(), &());
            prop_assert_eq!(read.as_ref(), Ok(&change));
            if change.went_ahead() {
                // Approved only with a risk assessment and, unless standard, its approvers.
                prop_assert!(change.risk.is_some() && !change.security_impact.is_empty());
                if change.change_type != ChangeType::Standard {
                    prop_assert!(change.approvers().len() >= usize::from(change.approvals_needed));
                }
            }
            if change.state == ChangeState::Closed && change.change_type == ChangeType::Emergency
                && change.went_ahead()
            {
                prop_assert!(!change.review.is_empty());
            }
            if change.state == ChangeState::BackedOut {
                prop_assert!(!change.backout_record.is_empty());
            }
        }
    }
}
