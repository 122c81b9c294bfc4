//! No sequence of allowed steps and edits leaves a ticket in a state its kind refuses.

use proptest::prelude::*;

use super::priority::Level;
use super::security::{Category, Notification, Party};
use super::service_hours::ServiceHours;
use super::ticket::{Ticket, TicketState, TicketType};
use super::workflow::{Lifecycle, Stepped};
use crate::ids::RecordId;
use crate::typed::RecordType;

const LOGGED: i64 = 1_796_115_600_000;

/// Something a person does to a ticket.
#[derive(Debug, Clone)]
enum Action {
    Step(usize),
    Assign(bool),
    Resolution(bool),
    Review(bool),
    Major(bool),
    Security(bool),
    Classify(bool),
    Lessons(bool),
    /// Owe a notification, or record the first owed one as made.
    Notify(bool),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (0..TicketState::ALL.len()).prop_map(Action::Step),
        1 => any::<bool>().prop_map(Action::Assign),
        1 => any::<bool>().prop_map(Action::Resolution),
        1 => any::<bool>().prop_map(Action::Review),
        1 => any::<bool>().prop_map(Action::Major),
        1 => any::<bool>().prop_map(Action::Security),
        1 => any::<bool>().prop_map(Action::Classify),
        1 => any::<bool>().prop_map(Action::Lessons),
        1 => any::<bool>().prop_map(Action::Notify),
    ]
}

/// Applies an edit only when the ticket still keeps its rules after it, as the app does.
fn edit(ticket: &mut Ticket, change: impl FnOnce(&mut Ticket)) {
    let mut next = ticket.clone();
    change(&mut next);
    if next.check().is_ok() {
        *ticket = next;
    }
}

proptest! {
    #[test]
    fn no_sequence_of_allowed_steps_reaches_a_state_the_kind_refuses(
        incident in any::<bool>(),
        actions in prop::collection::vec((action(), 0..3_600_000i64), 1..60),
    ) {
        let kind = if incident { TicketType::Incident } else { TicketType::Request };
        let id = RecordId::parse("t1").unwrap();
        let mut ticket = Ticket::new(id, kind, "Printer jammed", Level::Medium, Level::Low, LOGGED).unwrap();
        let mut now = LOGGED;
        for (n, (action, wait)) in actions.into_iter().enumerate() {
            now += wait;
            let text = |on: bool| if on { "Written".to_owned() } else { String::new() };
            match action {
                Action::Step(to) => {
                    let to = TicketState::ALL[to];
                    let before = ticket.clone();
                    let allowed = ticket.why_not(to).is_none();
                    let taken = ticket.step(to, RecordId::parse(&format!("s{n}")).unwrap(), now);
                    prop_assert_eq!(taken.is_ok(), allowed, "why_not agrees with step");
                    if taken.is_err() {
                        prop_assert_eq!(&ticket, &before, "a refused step changes nothing");
                    }
                }
                Action::Assign(on) => edit(&mut ticket, |t| t.assignee = text(on)),
                Action::Resolution(on) => edit(&mut ticket, |t| t.resolution = text(on)),
                Action::Review(on) => edit(&mut ticket, |t| t.review = text(on)),
                Action::Major(on) => edit(&mut ticket, |t| t.major = on),
                Action::Security(on) => edit(&mut ticket, |t| t.security_incident = on),
                Action::Classify(on) => edit(&mut ticket, |t| {
                    t.security.category = on.then_some(Category::Malware);
                }),
                Action::Lessons(on) => edit(&mut ticket, |t| t.security.lessons = text(on)),
                Action::Notify(true) => edit(&mut ticket, |t| {
                    let owed = Notification::new(Party::Regulator, "Authority", 60).unwrap();
                    t.security.notifications.insert(RecordId::parse(&format!("n{n}")).unwrap(), owed);
                }),
                Action::Notify(false) => edit(&mut ticket, |t| {
                    let logged = t.logged_at;
                    let owed = t.security.notifications.iter().find(|(_, o)| o.notified_at.is_none());
                    if let Some(id) = owed.map(|(id, _)| id.clone()) {
                        t.security.record_made(&id, now, "", logged).unwrap();
                    }
                }),
            }
            let read = Ticket::from_body(&ticket.id, &ticket.to_body(), &());
            prop_assert_eq!(read.as_ref(), Ok(&ticket));
            // A closed security incident was always classified, learned from and notified.
            if ticket.security_incident && ticket.state == TicketState::Closed {
                prop_assert!(ticket.security.category.is_some());
                prop_assert!(!ticket.security.lessons.is_empty());
                prop_assert!(ticket.security.outstanding(ticket.logged_at, now).is_empty());
            }
            // The clocks never run beyond the time since logging.
            let hours = ServiceHours::always();
            prop_assert!(ticket.resolution_clock().elapsed_ms(&hours, now) <= now - LOGGED);
            prop_assert!(ticket.response_clock().elapsed_ms(&hours, now) <= now - LOGGED);
        }
    }
}
