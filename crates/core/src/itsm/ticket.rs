//! Incidents and service requests (ISO/IEC 20000-1 8.6.1, 8.6.2): one record kind with a type,
//! a priority from impact and urgency, a life cycle from new to closed (reopening allowed) and
//! two SLA clocks read off its steps: response (until someone first takes it up) and resolution
//! (paused while waiting on the customer, stopped once resolved).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entries::is_entry;
use super::priority::{Level, Priority, PriorityMatrix};
use super::security::SecurityDetails;
use super::sla_clock::{Pause, SlaClock};
use super::timeline::{TIMELINE, Timeline};
use super::too_long;
use super::workflow::{Lifecycle, STEP_PREFIX, Step, StepLog, Stepped};
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title, and longest name of a person.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest reference from another tool.
pub const REFERENCE_MAX_CHARS: usize = 100;
/// Longest description, resolution or review.
pub const TEXT_MAX_CHARS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TicketType {
    Incident,
    Request,
}

impl TicketType {
    pub const ALL: [TicketType; 2] = [Self::Incident, Self::Request];

    /// The name stored ("incident").
    pub fn as_str(self) -> &'static str {
        match self {
            TicketType::Incident => "incident",
            TicketType::Request => "request",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            TicketType::Incident => "Incident",
            TicketType::Request => "Service request",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TicketState {
    New,
    Assigned,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl Lifecycle for TicketState {
    const ALL: &'static [Self] = &[
        Self::New,
        Self::Assigned,
        Self::InProgress,
        Self::Waiting,
        Self::Resolved,
        Self::Closed,
    ];
    const INITIAL: Self = Self::New;

    fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Assigned => "assigned",
            Self::InProgress => "in-progress",
            Self::Waiting => "waiting",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Assigned => "Assigned",
            Self::InProgress => "In progress",
            Self::Waiting => "Waiting on the customer",
            Self::Resolved => "Resolved",
            Self::Closed => "Closed",
        }
    }

    fn next(self) -> &'static [Self] {
        use TicketState::*;
        match self {
            New => &[Assigned, InProgress, Resolved],
            Assigned => &[InProgress, Waiting, Resolved],
            InProgress => &[Assigned, Waiting, Resolved],
            Waiting => &[InProgress, Resolved],
            // Reopening goes back to work.
            Resolved => &[Closed, InProgress],
            Closed => &[InProgress],
        }
    }
}

/// An incident or a service request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: RecordId,
    pub ticket_type: TicketType,
    pub title: String,
    pub description: String,
    /// The service it concerns (a service record's id).
    pub service: Option<RecordId>,
    pub impact: Level,
    pub urgency: Level,
    pub reporter: String,
    pub assignee: String,
    /// When it was logged (Unix ms): both SLA clocks start here.
    pub logged_at: i64,
    pub state: TicketState,
    pub steps: StepLog<TicketState>,
    pub resolution: String,
    /// A major incident needs a post-incident review before it closes.
    pub major: bool,
    pub review: String,
    /// The problem record it was linked to.
    pub problem: Option<RecordId>,
    /// Its number in the tool it was imported from ("INC0012345").
    pub reference: String,
    /// What happened when, in the words of those handling it (a major incident's timeline).
    pub timeline: Timeline,
    /// An information security incident: it adds `security` (classification, notifications,
    /// evidence, lessons) and its guards.
    pub security_incident: bool,
    pub security: SecurityDetails,
}

/// The fields a ticket's body holds (besides its steps).
const FIELDS: &[&str] = &[
    "type",
    "title",
    "description",
    "service",
    "impact",
    "urgency",
    "reporter",
    "assignee",
    "logged_at",
    "state",
    "resolution",
    "major",
    "review",
    "problem",
    "security_incident",
    "reference",
];

/// States in which someone must own the ticket.
const OWNED: &[TicketState] = &[
    TicketState::Assigned,
    TicketState::InProgress,
    TicketState::Waiting,
    TicketState::Resolved,
    TicketState::Closed,
];
const DONE: &[TicketState] = &[TicketState::Resolved, TicketState::Closed];

impl Ticket {
    /// A new ticket, logged at `logged_at`.
    pub fn new(
        id: RecordId,
        ticket_type: TicketType,
        title: &str,
        impact: Level,
        urgency: Level,
        logged_at: i64,
    ) -> Result<Self, FieldProblem> {
        let ticket = Self {
            id,
            ticket_type,
            title: title.trim().to_owned(),
            description: String::new(),
            service: None,
            impact,
            urgency,
            reporter: String::new(),
            assignee: String::new(),
            logged_at,
            state: TicketState::INITIAL,
            steps: StepLog::default(),
            resolution: String::new(),
            major: false,
            review: String::new(),
            problem: None,
            reference: String::new(),
            timeline: Timeline::default(),
            security_incident: false,
            security: SecurityDetails::default(),
        };
        ticket.check().map(|()| ticket)
    }

    pub fn priority(&self, matrix: &PriorityMatrix) -> Priority {
        matrix.priority(self.impact, self.urgency)
    }

    /// The rules every ticket keeps, whatever path it took: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        let length =
            |field: &str, text: &str, max: usize| too_long(field, text, max).map_or(Ok(()), Err);
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A ticket needs a title."));
        }
        length("title", &self.title, TITLE_MAX_CHARS)?;
        length("reporter", &self.reporter, TITLE_MAX_CHARS)?;
        length("assignee", &self.assignee, TITLE_MAX_CHARS)?;
        length("reference", &self.reference, REFERENCE_MAX_CHARS)?;
        for (field, text) in [
            ("description", &self.description),
            ("resolution", &self.resolution),
            ("review", &self.review),
        ] {
            length(field, text, TEXT_MAX_CHARS)?;
        }
        if self.logged_at < 0 {
            return Err(field_problem(
                "logged_at",
                "The time it was logged is not valid.",
            ));
        }
        self.steps
            .check_from(self.logged_at, "the ticket was logged")?;
        if self.major && self.ticket_type == TicketType::Request {
            return Err(field_problem(
                "major",
                "Only an incident can be a major incident.",
            ));
        }
        if self.security_incident && self.ticket_type == TicketType::Request {
            return Err(field_problem(
                "security_incident",
                "Only an incident can be a security incident.",
            ));
        }
        self.security.check()?;
        if OWNED.contains(&self.state) && self.assignee.trim().is_empty() {
            return Err(field_problem(
                "assignee",
                format!(
                    "A ticket that is {} needs someone assigned to it.",
                    self.state.label().to_lowercase()
                ),
            ));
        }
        if DONE.contains(&self.state) && self.resolution.trim().is_empty() {
            return Err(field_problem(
                "resolution",
                "A resolved ticket needs a note of how it was resolved.",
            ));
        }
        if self.state == TicketState::Closed && self.major && self.review.trim().is_empty() {
            return Err(field_problem(
                "review",
                "A major incident cannot close before its post-incident review is written.",
            ));
        }
        if self.security_incident {
            self.security.guard(
                DONE.contains(&self.state),
                self.state == TicketState::Closed,
            )?;
        }
        Ok(())
    }

    /// The response clock: from logging until someone first took the ticket up (or resolved
    /// it), paused while it waited on the customer before then.
    pub fn response_clock(&self) -> SlaClock {
        let taken_up = self.steps.first_entered(OWNED).or_else(|| {
            // A ticket marked past new without a step (an import) counts as taken up at once.
            (self.state != TicketState::New).then_some(self.logged_at)
        });
        SlaClock::new(
            self.logged_at,
            &self.steps.spans_in(&[TicketState::Waiting]),
            taken_up,
        )
    }

    /// The resolution clock: from logging until resolved; paused while waiting on the customer
    /// and while resolved before a reopening.
    pub fn resolution_clock(&self) -> SlaClock {
        let mut pauses = self.steps.spans_in(&[TicketState::Waiting]);
        let done_spans = self.steps.spans_in(DONE);
        let stop = if DONE.contains(&self.state) {
            done_spans
                .iter()
                .rev()
                .find(|span| span.end.is_none())
                .map_or(Some(self.logged_at), |span| Some(span.start))
        } else {
            None
        };
        pauses.extend(
            done_spans
                .into_iter()
                .filter(|span: &Pause| span.end.is_some()),
        );
        SlaClock::new(self.logged_at, &pauses, stop)
    }
}

pub(crate) fn text(body: &Map<String, Value>, field: &str) -> Result<String, FieldProblem> {
    Ok(field_as::<String>(body, field)?.unwrap_or_default())
}

pub(super) fn reference(
    body: &Map<String, Value>,
    field: &str,
) -> Result<Option<RecordId>, FieldProblem> {
    field_as::<String>(body, field)?
        .map(|id| RecordId::parse(&id).map_err(|e| field_problem(field, e)))
        .transpose()
}

impl Stepped for Ticket {
    type State = TicketState;

    fn state(&self) -> TicketState {
        self.state
    }

    fn begins_at(&self) -> i64 {
        self.logged_at.max(0)
    }

    fn log_step(&mut self, id: RecordId, step: Step<TicketState>) {
        self.state = step.to;
        self.steps.add(id, step);
    }

    fn rules(&self) -> Result<(), FieldProblem> {
        self.check()
    }
}

impl RecordType for Ticket {
    const KIND: &'static str = "ticket";
    const NOUN: &'static str = "Ticket";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "description" | "resolution" | "review" | "lessons")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        let mut put = |field: &str, value: Value| {
            body.insert(field.to_owned(), value);
        };
        put(
            "type",
            serde_json::to_value(self.ticket_type).expect("plain"),
        );
        put("title", Value::from(self.title.clone()));
        put("impact", serde_json::to_value(self.impact).expect("plain"));
        put(
            "urgency",
            serde_json::to_value(self.urgency).expect("plain"),
        );
        put("logged_at", Value::from(self.logged_at));
        put("state", Value::from(self.state.as_str()));
        for (field, value) in [
            ("description", &self.description),
            ("reporter", &self.reporter),
            ("assignee", &self.assignee),
            ("resolution", &self.resolution),
            ("review", &self.review),
            ("reference", &self.reference),
        ] {
            if !value.is_empty() {
                put(field, Value::from(value.clone()));
            }
        }
        for (field, id) in [("service", &self.service), ("problem", &self.problem)] {
            if let Some(id) = id {
                put(field, Value::from(id.as_str()));
            }
        }
        if self.major {
            put("major", Value::Bool(true));
        }
        if self.security_incident {
            body.insert("security_incident".into(), Value::Bool(true));
        }
        self.steps.write(&mut body);
        self.timeline.write(&mut body);
        self.security.write(&mut body);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| {
            k.starts_with(STEP_PREFIX) || is_entry(k, TIMELINE) || SecurityDetails::owns(k)
        })?;
        let required = |field: &str| field_problem(field, "is missing");
        let state: String = field_as(body, "state")?.ok_or_else(|| required("state"))?;
        let ticket = Self {
            id: id.clone(),
            ticket_type: field_as(body, "type")?.ok_or_else(|| required("type"))?,
            title: field_as(body, "title")?.ok_or_else(|| required("title"))?,
            description: text(body, "description")?,
            service: reference(body, "service")?,
            impact: field_as(body, "impact")?.ok_or_else(|| required("impact"))?,
            urgency: field_as(body, "urgency")?.ok_or_else(|| required("urgency"))?,
            reporter: text(body, "reporter")?,
            assignee: text(body, "assignee")?,
            logged_at: field_as(body, "logged_at")?.ok_or_else(|| required("logged_at"))?,
            state: TicketState::parse(&state)
                .ok_or_else(|| field_problem("state", format!("no such state: {state:?}")))?,
            steps: StepLog::read(body)?,
            resolution: text(body, "resolution")?,
            major: field_as(body, "major")?.unwrap_or(false),
            review: text(body, "review")?,
            problem: reference(body, "problem")?,
            reference: text(body, "reference")?,
            timeline: Timeline::read(body)?,
            security_incident: field_as(body, "security_incident")?.unwrap_or(false),
            security: SecurityDetails::read(body)?,
        };
        ticket.check()?;
        Ok(ticket)
    }
}
