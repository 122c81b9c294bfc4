//! Incidents and requests imported from another service desk's CSV export (ISO/IEC 20000-1
//! 8.6.1, 8.6.2: a team that runs its desk elsewhere keeps its evidence and SLA figures here).
//! A mapping says which column holds what; every row is read and checked by the ticket's own
//! rules, and the import is planned whole: any refused row stops it, so nothing is half
//! imported. Each ticket's id comes from its reference, so importing the same export again
//! finds the rows already here instead of adding them twice.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::priority::{Level, Priority, PriorityMatrix};
use super::service::Service;
use super::ticket::{Ticket, TicketState, TicketType};
use super::workflow::Step;
use crate::csv::Table;
use crate::date::Date;
use crate::ids::RecordId;

/// What a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Reference,
    Title,
    Type,
    Description,
    State,
    Priority,
    Impact,
    Urgency,
    Service,
    Reporter,
    Assignee,
    Logged,
    Responded,
    Resolved,
    Closed,
    Resolution,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Self::Reference,
        Self::Title,
        Self::Type,
        Self::Description,
        Self::State,
        Self::Priority,
        Self::Impact,
        Self::Urgency,
        Self::Service,
        Self::Reporter,
        Self::Assignee,
        Self::Logged,
        Self::Responded,
        Self::Resolved,
        Self::Closed,
        Self::Resolution,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Reference => "Reference (the ticket's number there)",
            Self::Title => "Title",
            Self::Type => "Type",
            Self::Description => "Description",
            Self::State => "State",
            Self::Priority => "Priority",
            Self::Impact => "Impact",
            Self::Urgency => "Urgency",
            Self::Service => "Service",
            Self::Reporter => "Reported by",
            Self::Assignee => "Assigned to",
            Self::Logged => "Logged (opened)",
            Self::Responded => "First responded",
            Self::Resolved => "Resolved",
            Self::Closed => "Closed",
            Self::Resolution => "Resolution",
        }
    }

    /// Column names other tools' exports use for it, lower case.
    fn names(self) -> &'static [&'static str] {
        match self {
            Self::Reference => &[
                "number",
                "reference",
                "id",
                "ticket id",
                "issue key",
                "key",
                "ticket number",
                "incident id",
            ],
            Self::Title => &["title", "short description", "summary", "subject", "name"],
            Self::Type => &["type", "ticket type", "issue type", "record type"],
            Self::Description => &["description", "details", "body"],
            Self::State => &["state", "status", "incident state"],
            Self::Priority => &["priority"],
            Self::Impact => &["impact"],
            Self::Urgency => &["urgency"],
            Self::Service => &[
                "service",
                "business service",
                "affected service",
                "service offering",
            ],
            Self::Reporter => &[
                "reporter",
                "caller",
                "requester",
                "requested by",
                "reported by",
                "opened by",
            ],
            Self::Assignee => &["assignee", "assigned to", "agent", "owner"],
            Self::Logged => &[
                "opened",
                "opened at",
                "created",
                "created at",
                "date created",
                "logged",
                "logged at",
                "submitted",
            ],
            Self::Responded => &[
                "responded",
                "responded at",
                "first response",
                "first responded at",
                "first response time",
                "assigned at",
            ],
            Self::Resolved => &[
                "resolved",
                "resolved at",
                "solved at",
                "resolution date",
                "date resolved",
            ],
            Self::Closed => &["closed", "closed at", "date closed"],
            Self::Resolution => &["resolution", "close notes", "resolution notes", "solution"],
        }
    }
}

/// How dates are written: `2026-11-03` (and ISO date-times), `03/11/2026` or `11/03/2026`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    #[default]
    YearFirst,
    DayFirst,
    MonthFirst,
}

/// Which column holds what, how dates are written, and what the source is called.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The tool the export comes from ("ServiceNow"): it tells imported tickets apart from
    /// another tool's with the same numbers, and notes where a missing value was not recorded.
    pub source: String,
    pub columns: BTreeMap<Field, String>,
    pub dates: DateOrder,
    /// The offset from UTC of times written without one, in minutes.
    pub offset_minutes: i32,
}

impl Mapping {
    /// A mapping that takes each field from the column whose name other tools use for it.
    pub fn guess(heading: &[String], source: &str, offset_minutes: i32) -> Self {
        let mut columns = BTreeMap::new();
        for field in Field::ALL {
            let found = heading
                .iter()
                .find(|h| field.names().contains(&h.trim().to_lowercase().as_str()));
            if let Some(column) = found {
                columns.insert(field, column.clone());
            }
        }
        Self {
            source: source.trim().to_owned(),
            columns,
            dates: DateOrder::default(),
            offset_minutes,
        }
    }
}

/// A row that cannot be imported: its line in the file and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub problem: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Line {}: {}", self.line, self.problem)
    }
}

/// What importing a table would do: the tickets to add (with their lines), the rows already
/// here from an earlier import, and the rows refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub tickets: Vec<(usize, Ticket)>,
    pub already: Vec<(usize, String)>,
    pub refused: Vec<RowProblem>,
}

impl Plan {
    /// Whether it can be imported: something to add and nothing refused.
    pub fn is_ready(&self) -> bool {
        self.refused.is_empty() && !self.tickets.is_empty()
    }
}

/// What the rows are read against.
#[derive(Debug)]
pub struct Context<'a> {
    pub matrix: &'a PriorityMatrix,
    pub services: &'a [Service],
    /// The ids of the workspace's tickets.
    pub existing: &'a BTreeSet<RecordId>,
}

/// Plans the import of `table` by `mapping`; refused whole when the mapping does not fit it.
pub fn plan(table: &Table, mapping: &Mapping, context: &Context) -> Result<Plan, String> {
    let mut positions = BTreeMap::new();
    for (field, column) in &mapping.columns {
        let position = table
            .heading
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| format!("The mapping takes {} from the column “{column}”, which this file does not have.", field.label()))?;
        positions.insert(*field, position);
    }
    for needed in [Field::Title, Field::Logged] {
        if !positions.contains_key(&needed) {
            return Err(format!(
                "Choose the column that holds {}: every ticket needs it.",
                needed.label()
            ));
        }
    }
    let mut plan = Plan::default();
    let mut seen: BTreeMap<RecordId, usize> = BTreeMap::new();
    for (line, fields) in &table.rows {
        let value = |field: Field| {
            positions
                .get(&field)
                .and_then(|&p| fields.get(p))
                .map_or("", |v| v.trim())
        };
        let refuse = |problem: String| RowProblem {
            line: *line,
            problem,
        };
        let id = ticket_id(mapping, &value, fields);
        if let Some(first) = seen.insert(id.clone(), *line) {
            plan.refused
                .push(refuse(format!("it is the same ticket as line {first}.")));
            continue;
        }
        if context.existing.contains(&id) {
            plan.already
                .push((*line, value(Field::Reference).to_owned()));
            continue;
        }
        match read_row(id, &value, mapping, context) {
            Ok(ticket) => plan.tickets.push((*line, ticket)),
            Err(problem) => plan.refused.push(refuse(problem)),
        }
    }
    Ok(plan)
}

/// The id a row's ticket gets: from its reference (or, without one, from the whole row) and
/// the source, so the same row imported again gets the same id.
fn ticket_id<'a>(
    mapping: &Mapping,
    value: &dyn Fn(Field) -> &'a str,
    fields: &[String],
) -> RecordId {
    let reference = value(Field::Reference);
    let hashed = if reference.is_empty() {
        fields.join("\u{1f}")
    } else {
        reference.to_owned()
    };
    let readable: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    let hash = fnv1a(&format!("{}\u{1f}{hashed}", mapping.source.to_lowercase()));
    let id = if readable.is_empty() {
        format!("imp-{hash:016x}")
    } else {
        format!("imp-{readable}-{hash:016x}")
    };
    RecordId::parse(&id).expect("made of id characters")
}

/// FNV-1a, 64 bits: the same on every device and version (unlike the standard hasher).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn read_row<'a>(
    id: RecordId,
    value: &dyn Fn(Field) -> &'a str,
    mapping: &Mapping,
    context: &Context,
) -> Result<Ticket, String> {
    let time = |field: Field| -> Result<Option<i64>, String> {
        let text = value(field);
        if text.is_empty() {
            return Ok(None);
        }
        parse_time(text, mapping.dates, mapping.offset_minutes)
            .map(Some)
            .ok_or_else(|| {
                format!(
                    "{} “{text}” is not a date and time in the format chosen.",
                    field.label()
                )
            })
    };
    let logged = time(Field::Logged)?.ok_or("it has no time it was logged.")?;
    let (responded, resolved, closed) = (
        time(Field::Responded)?,
        time(Field::Resolved)?,
        time(Field::Closed)?,
    );
    let ticket_type = match value(Field::Type) {
        "" => TicketType::Incident,
        text => parse_type(text)
            .ok_or_else(|| format!("the type “{text}” is neither an incident nor a request."))?,
    };
    let (impact, urgency) = levels(value, context.matrix)?;
    let state = match value(Field::State) {
        "" if closed.is_some() => TicketState::Closed,
        "" if resolved.is_some() => TicketState::Resolved,
        "" if responded.is_some() => TicketState::InProgress,
        "" => TicketState::New,
        text => parse_state(text).ok_or_else(|| format!("the state “{text}” is not one Praxis knows (new, assigned, in progress, waiting, resolved, closed, or the words other tools use for them)."))?,
    };
    let mut ticket = Ticket::new(
        id,
        ticket_type,
        value(Field::Title),
        impact,
        urgency,
        logged,
    )
    .map_err(|(_, problem)| problem)?;
    ticket.reference = value(Field::Reference).to_owned();
    ticket.description = value(Field::Description).to_owned();
    ticket.reporter = value(Field::Reporter).to_owned();
    ticket.assignee = value(Field::Assignee).to_owned();
    ticket.resolution = value(Field::Resolution).to_owned();
    ticket.service = match value(Field::Service) {
        "" => None,
        name => Some(
            context
                .services
                .iter()
                .find(|s| s.name.trim().eq_ignore_ascii_case(name))
                .map(|s| s.id.clone())
                .ok_or_else(|| format!("no service is called “{name}” in the catalogue (add it there first, or leave the column out)."))?,
        ),
    };
    let source = if mapping.source.is_empty() {
        "the other tool"
    } else {
        mapping.source.as_str()
    };
    add_steps(&mut ticket, state, responded, resolved, closed)?;
    if ticket.state != TicketState::New && ticket.assignee.is_empty() {
        ticket.assignee = format!("Not recorded in {source}");
    }
    if matches!(state, TicketState::Resolved | TicketState::Closed)
        && ticket.resolution.trim().is_empty()
    {
        ticket.resolution = format!("Resolved in {source}; the export holds no resolution note.");
    }
    ticket.check().map_err(|(field, problem)| match field {
        Some(field) => format!("{field}: {problem}"),
        None => problem,
    })?;
    Ok(ticket)
}

/// The steps the times tell of, in order, ending in `state`: taken up when first responded,
/// resolved and closed when the export says.
fn add_steps(
    ticket: &mut Ticket,
    state: TicketState,
    responded: Option<i64>,
    resolved: Option<i64>,
    closed: Option<i64>,
) -> Result<(), String> {
    let logged = ticket.logged_at;
    let done = matches!(state, TicketState::Resolved | TicketState::Closed);
    let mut steps: Vec<(&str, TicketState, i64)> = Vec::new();
    if let Some(at) = responded.filter(|_| state != TicketState::New) {
        if at < logged {
            return Err("it was first responded to before it was logged.".to_owned());
        }
        steps.push(("import-responded", TicketState::Assigned, at));
    }
    if done {
        let at = resolved.or(closed).ok_or(
            "a resolved or closed ticket needs the time it was resolved: choose the column that holds it.",
        )?;
        if at < logged {
            return Err("it was resolved before it was logged.".to_owned());
        }
        steps.push(("import-resolved", TicketState::Resolved, at));
        if state == TicketState::Closed {
            let at = closed.unwrap_or(at);
            if resolved.is_some_and(|r| at < r) {
                return Err("it was closed before it was resolved.".to_owned());
            }
            steps.push(("import-closed", TicketState::Closed, at));
        }
    } else if state != TicketState::New && (state != TicketState::Assigned || responded.is_none()) {
        // Work began: when first responded, else (the export does not say) from the start.
        steps.push(("import-state", state, responded.unwrap_or(logged)));
    }
    for (id, to, at) in steps {
        ticket
            .steps
            .add(RecordId::parse(id).expect("valid"), Step { to, at });
    }
    ticket.state = state;
    Ok(())
}

/// Impact and urgency: as the export gives them, else the pair that gives its priority in
/// this workspace's matrix (the most even pair), else medium and medium.
fn levels<'a>(
    value: &dyn Fn(Field) -> &'a str,
    matrix: &PriorityMatrix,
) -> Result<(Level, Level), String> {
    let level = |field: Field| -> Result<Option<Level>, String> {
        match value(field) {
            "" => Ok(None),
            text => parse_level(text).map(Some).ok_or_else(|| {
                format!(
                    "the {} “{text}” is not high, medium or low.",
                    field.label().to_lowercase()
                )
            }),
        }
    };
    let (impact, urgency) = (level(Field::Impact)?, level(Field::Urgency)?);
    if let (Some(impact), Some(urgency)) = (impact, urgency) {
        return Ok((impact, urgency));
    }
    let wanted = match value(Field::Priority) {
        "" => {
            return Ok((
                impact.unwrap_or(Level::Medium),
                urgency.unwrap_or(Level::Medium),
            ));
        }
        text => parse_priority(text)
            .ok_or_else(|| format!("the priority “{text}” is not one from 1 (highest) to 5."))?,
    };
    let rank = |l: Level| Level::ALL.iter().position(|x| *x == l).unwrap_or(1) as i32;
    let mut pairs: Vec<(Level, Level)> = Vec::new();
    for i in Level::ALL {
        for u in Level::ALL {
            let fits = impact.is_none_or(|x| x == i) && urgency.is_none_or(|x| x == u);
            if fits && matrix.priority(i, u) == wanted {
                pairs.push((i, u));
            }
        }
    }
    pairs
        .into_iter()
        .min_by_key(|(i, u)| (rank(*i) - rank(*u)).abs())
        .ok_or_else(|| {
            format!(
                "no impact and urgency give {} in this workspace's priority matrix.",
                wanted.label()
            )
        })
}

fn words(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_type(text: &str) -> Option<TicketType> {
    match words(text).as_str() {
        "incident" | "incidents" | "fault" | "outage" => Some(TicketType::Incident),
        "request"
        | "service request"
        | "requested item"
        | "request item"
        | "service request item" => Some(TicketType::Request),
        _ => None,
    }
}

fn parse_state(text: &str) -> Option<TicketState> {
    use TicketState::*;
    let text = words(text);
    // A leading number ("1 new", "6 resolved") is how some tools write their states.
    let text = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    Some(match text {
        "new" | "open" | "logged" | "submitted" | "to do" | "todo" => New,
        "assigned" | "acknowledged" | "triaged" => Assigned,
        "in progress" | "work in progress" | "active" | "working" | "processing" => InProgress,
        "waiting"
        | "pending"
        | "on hold"
        | "awaiting customer"
        | "waiting for customer"
        | "waiting on customer"
        | "awaiting user info" => Waiting,
        "resolved" | "solved" | "done" | "fixed" | "completed" | "fulfilled" => Resolved,
        "closed" | "closed complete" | "closed incomplete" | "cancelled" | "canceled" => Closed,
        _ => return None,
    })
}

fn parse_level(text: &str) -> Option<Level> {
    let text = words(text);
    let first = text.split(' ').next().unwrap_or_default();
    match first {
        "1" | "high" | "critical" | "extensive" | "widespread" => Some(Level::High),
        "2" | "medium" | "moderate" | "significant" | "large" => Some(Level::Medium),
        "3" | "low" | "minor" | "localized" | "localised" => Some(Level::Low),
        _ => None,
    }
}

fn parse_priority(text: &str) -> Option<Priority> {
    let text = words(text);
    let digit = text
        .strip_prefix('p')
        .unwrap_or(&text)
        .chars()
        .next()
        .and_then(|c| c.to_digit(10));
    let value = match digit {
        Some(d) => d as u8,
        None => match text.as_str() {
            "critical" | "highest" | "urgent" | "blocker" => 1,
            "high" => 2,
            "medium" | "moderate" | "normal" => 3,
            "low" => 4,
            "planning" | "lowest" | "very low" | "trivial" => 5,
            _ => return None,
        },
    };
    Priority::new(value).ok()
}

/// A date and time as `order` writes dates: `2026-11-03 14:05[:09]`, `2026-11-03T14:05:09Z`,
/// `03/11/2026 14:05`; a date alone is midnight. Times without an offset are at
/// `offset_minutes` from UTC.
pub fn parse_time(text: &str, order: DateOrder, offset_minutes: i32) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_at(text.find([' ', 'T']).unwrap_or(text.len()));
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = match order {
        DateOrder::YearFirst => (*a, *b, *c),
        DateOrder::DayFirst => (*c, *b, *a),
        DateOrder::MonthFirst => (*c, *a, *b),
    };
    let pad = |part: &str| format!("{part:0>2}");
    let date = Date::parse(&format!("{year}-{}-{}", pad(month), pad(day))).ok()?;
    let rest = rest.trim_start_matches(['T', ' ']);
    let (clock, offset) = split_offset(rest)?;
    let offset = offset.unwrap_or(offset_minutes);
    let mut units = clock.split(':');
    let mut unit = |max: u32| -> Option<u32> {
        match units.next() {
            None | Some("") => Some(0),
            Some(part) => {
                let whole = part.split('.').next()?;
                let n: u32 = (!whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| whole.parse().ok())??;
                (n < max).then_some(n)
            }
        }
    };
    let (hours, minutes, seconds) = (unit(24)?, unit(60)?, unit(60)?);
    if units.next().is_some() {
        return None;
    }
    let day_ms = date.days_since_epoch() * 86_400_000;
    let clock_ms = i64::from(hours * 3_600 + minutes * 60 + seconds) * 1_000;
    Some(day_ms + clock_ms - i64::from(offset) * 60_000)
}

/// A time of day and the UTC offset written after it (`Z`, `+01:00`, `-0500`), if any.
fn split_offset(text: &str) -> Option<(&str, Option<i32>)> {
    if let Some(clock) = text.strip_suffix('Z') {
        return Some((clock, Some(0)));
    }
    let Some(at) = text.rfind(['+', '-']) else {
        return Some((text, None));
    };
    let (clock, offset) = text.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some((clock.trim_end(), Some(sign * (hours * 60 + minutes))))
}
