//! Importing tickets from another tool's CSV: the mapping guessed from the heading, each
//! value read the ways other tools write it, every bad row named by its line, and a second
//! import of the same export finding its rows already here.

use std::collections::BTreeSet;

use super::import::{DateOrder, Field, Mapping, Plan, parse_time, plan};
use super::priority::{Level, PriorityMatrix};
use super::service::{Service, ServiceStatus};
use super::ticket::{TicketState, TicketType};
use crate::csv;
use crate::ids::RecordId;

const HOUR: i64 = 3_600_000;
/// 2026-11-02 09:00 UTC.
const NOV_2_9AM: i64 = 1_793_610_000_000;

const EXPORT: &str = "Number,Short description,State,Priority,Assigned to,Opened,Resolved,Closed,Service,Close notes\n\
INC001,Mail is down,Closed,1 - Critical,Ana,2026-11-02 09:00,2026-11-02 11:30,2026-11-03 09:00,E-mail,Relay restarted\n\
INC002,Printer jammed,In Progress,4 - Low,Bo,2026-11-02 10:00,,,,\n\
INC003,VPN slow,New,3 - Moderate,,2026-11-02 12:00,,,,\n";

fn services() -> Vec<Service> {
    vec![
        Service::new(
            RecordId::parse("mail").unwrap(),
            "E-mail",
            ServiceStatus::Live,
        )
        .unwrap(),
    ]
}

fn planned(text: &str, existing: &BTreeSet<RecordId>) -> Plan {
    let table = csv::parse(text).unwrap();
    let mapping = Mapping::guess(&table.heading, "ServiceNow", 0);
    let services = services();
    let context = super::import::Context {
        matrix: &PriorityMatrix::default(),
        services: &services,
        existing,
    };
    plan(&table, &mapping, &context).unwrap()
}

#[test]
fn the_mapping_is_guessed_from_the_names_other_tools_use() {
    let table = csv::parse(EXPORT).unwrap();
    let mapping = Mapping::guess(&table.heading, " ServiceNow ", 60);
    assert_eq!(mapping.source, "ServiceNow");
    let column = |f: Field| mapping.columns.get(&f).map(String::as_str);
    assert_eq!(column(Field::Reference), Some("Number"));
    assert_eq!(column(Field::Title), Some("Short description"));
    assert_eq!(column(Field::Logged), Some("Opened"));
    assert_eq!(column(Field::Resolution), Some("Close notes"));
    assert_eq!(column(Field::Impact), None);
    let jira = csv::parse("Issue key,Summary,Status,Created,Resolved,Assignee\n").unwrap();
    let guessed = Mapping::guess(&jira.heading, "Jira", 0);
    assert_eq!(
        guessed.columns.get(&Field::Reference).map(String::as_str),
        Some("Issue key")
    );
    assert_eq!(
        guessed.columns.get(&Field::Title).map(String::as_str),
        Some("Summary")
    );
}

#[test]
fn rows_become_tickets_with_the_steps_their_times_tell_of() {
    let plan = planned(EXPORT, &BTreeSet::new());
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert!(plan.is_ready());
    let (line, mail) = &plan.tickets[0];
    assert_eq!(*line, 2);
    assert_eq!(mail.reference, "INC001");
    assert!(mail.id.as_str().starts_with("imp-INC001-"));
    assert_eq!(mail.ticket_type, TicketType::Incident);
    assert_eq!(mail.state, TicketState::Closed);
    assert_eq!(mail.priority(&PriorityMatrix::default()).label(), "P1");
    assert_eq!(mail.service.as_ref().map(RecordId::as_str), Some("mail"));
    assert_eq!(mail.logged_at, NOV_2_9AM);
    let hours = super::service_hours::ServiceHours::always();
    // Resolved two and a half hours after it was logged: the resolution clock says so.
    assert_eq!(
        mail.resolution_clock()
            .elapsed_ms(&hours, NOV_2_9AM + 48 * HOUR),
        5 * HOUR / 2
    );
    let (_, printer) = &plan.tickets[1];
    assert_eq!(printer.state, TicketState::InProgress);
    assert_eq!(printer.priority(&PriorityMatrix::default()).label(), "P4");
    assert_eq!(plan.tickets[2].1.state, TicketState::New);
}

#[test]
fn values_missing_from_the_export_are_named_as_such() {
    let text = "Number,Title,State,Opened,Resolved\nA-1,Disk full,Resolved,2026-11-02 09:00,2026-11-02 10:00\n";
    let plan = planned(text, &BTreeSet::new());
    let ticket = &plan.tickets[0].1;
    assert_eq!(ticket.assignee, "Not recorded in ServiceNow");
    assert_eq!(
        ticket.resolution,
        "Resolved in ServiceNow; the export holds no resolution note."
    );
}

#[test]
fn every_bad_row_is_refused_with_its_line_and_nothing_is_ready() {
    let text = "Number,Title,State,Priority,Opened,Resolved,Service,Type\n\
A-1,Good one,New,2,2026-11-02 09:00,,,\n\
A-2,,New,2,2026-11-02 09:00,,,\n\
A-3,Bad state,Parked,2,2026-11-02 09:00,,,\n\
A-4,Bad time,New,2,yesterday,,,\n\
A-5,Bad priority,New,9,2026-11-02 09:00,,,\n\
A-6,No resolve time,Resolved,2,2026-11-02 09:00,,,\n\
A-7,Back in time,Resolved,2,2026-11-02 09:00,2026-11-01 09:00,,\n\
A-8,Unknown service,New,2,2026-11-02 09:00,,Payroll,\n\
A-1,Twice,New,2,2026-11-02 09:00,,,\n\
A-9,Odd type,New,2,2026-11-02 09:00,,,Gremlin\n";
    let plan = planned(text, &BTreeSet::new());
    assert!(
        !plan.is_ready(),
        "one good row and nine refused is not importable"
    );
    let said: Vec<String> = plan.refused.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 9, "{said:#?}");
    let line = |n: usize| {
        said.iter()
            .find(|s| s.starts_with(&format!("Line {n}:")))
            .unwrap()
    };
    assert!(line(3).contains("needs a title"), "{}", line(3));
    assert!(
        line(4).contains("the state “Parked” is not one Praxis knows"),
        "{}",
        line(4)
    );
    assert!(
        line(5).contains("“yesterday” is not a date and time"),
        "{}",
        line(5)
    );
    assert!(line(6).contains("the priority “9”"), "{}", line(6));
    assert!(
        line(7).contains("needs the time it was resolved"),
        "{}",
        line(7)
    );
    assert!(
        line(8).contains("resolved before it was logged"),
        "{}",
        line(8)
    );
    assert!(
        line(9).contains("no service is called “Payroll”"),
        "{}",
        line(9)
    );
    assert_eq!(line(10), "Line 10: it is the same ticket as line 2.");
    assert!(line(11).contains("the type “Gremlin”"), "{}", line(11));
}

#[test]
fn a_mapping_that_does_not_fit_the_file_is_refused_whole() {
    let table = csv::parse("Key,Summary\nA-1,Mail\n").unwrap();
    let mut mapping = Mapping::guess(&table.heading, "Jira", 0);
    let services = services();
    let existing = BTreeSet::new();
    let context = super::import::Context {
        matrix: &PriorityMatrix::default(),
        services: &services,
        existing: &existing,
    };
    let missing = plan(&table, &mapping, &context).unwrap_err();
    assert_eq!(
        missing,
        "Choose the column that holds Logged (opened): every ticket needs it."
    );
    mapping.columns.insert(Field::Logged, "Created".into());
    let absent = plan(&table, &mapping, &context).unwrap_err();
    assert!(
        absent.contains("the column “Created”, which this file does not have"),
        "{absent}"
    );
}

#[test]
fn importing_the_same_export_again_finds_its_rows_already_here() {
    let first = planned(EXPORT, &BTreeSet::new());
    let existing: BTreeSet<RecordId> = first.tickets.iter().map(|(_, t)| t.id.clone()).collect();
    let again = planned(EXPORT, &existing);
    assert!(again.tickets.is_empty());
    assert_eq!(again.already.len(), 3);
    assert_eq!(again.already[0], (2, "INC001".to_owned()));
    assert!(!again.is_ready(), "nothing new to import");
    // The same numbers from another tool are other tickets.
    let table = csv::parse(EXPORT).unwrap();
    let other = Mapping::guess(&table.heading, "Zendesk", 0);
    let services = services();
    let context = super::import::Context {
        matrix: &PriorityMatrix::default(),
        services: &services,
        existing: &existing,
    };
    assert_eq!(plan(&table, &other, &context).unwrap().tickets.len(), 3);
}

#[test]
fn impact_and_urgency_come_from_the_priority_by_the_workspace_matrix() {
    let text =
        "Title,Opened,Priority,Impact\nA,2026-11-02,2,\nB,2026-11-02,3,Low\nC,2026-11-02,,High\n";
    let plan = planned(text, &BTreeSet::new());
    let matrix = PriorityMatrix::default();
    let a = &plan.tickets[0].1;
    assert_eq!(a.priority(&matrix).label(), "P2");
    let b = &plan.tickets[1].1;
    assert_eq!(
        (b.impact, b.priority(&matrix).label()),
        (Level::Low, "P3".to_owned())
    );
    let c = &plan.tickets[2].1;
    assert_eq!((c.impact, c.urgency), (Level::High, Level::Medium));
}

#[test]
fn times_are_read_in_the_order_and_offset_chosen() {
    let iso = parse_time("2026-11-02 09:00", DateOrder::YearFirst, 0);
    assert_eq!(iso, Some(NOV_2_9AM));
    assert_eq!(
        parse_time("2026-11-02T10:00:00+01:00", DateOrder::YearFirst, 0),
        iso
    );
    assert_eq!(
        parse_time("2026-11-02T09:00:00.123Z", DateOrder::YearFirst, 300),
        iso
    );
    assert_eq!(parse_time("02/11/2026 10:00", DateOrder::DayFirst, 60), iso);
    assert_eq!(
        parse_time("11/02/2026 04:00", DateOrder::MonthFirst, -300),
        iso
    );
    assert_eq!(parse_time("2.11.2026 9:00", DateOrder::DayFirst, 0), iso);
    assert_eq!(
        parse_time("2026-11-02", DateOrder::YearFirst, 0),
        Some(NOV_2_9AM - 9 * HOUR)
    );
    for bad in [
        "2026-13-01",
        "2026-02-30",
        "31/12/2026",
        "2026-11-02 25:00",
        "2026-11-02 09:00:00:00",
        "soon",
        "",
    ] {
        assert_eq!(parse_time(bad, DateOrder::YearFirst, 0), None, "{bad}");
    }
}
