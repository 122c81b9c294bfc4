//! Problems and known errors (ISO/IEC 20000-1 8.6.3): the cause behind one or more incidents,
//! looked for, recorded as a known error with its workaround once found, and removed (by a
//! change, once changes are recorded here). Incidents point at their problem (the ticket's
//! `problem` field), so a problem lists its incidents and each incident links back.

use serde_json::{Map, Value};

use super::too_long;
use super::workflow::{Lifecycle, STEP_PREFIX, StepLog};
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title and owner.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest description, root cause, workaround or resolution.
pub const TEXT_MAX_CHARS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemState {
    New,
    Investigating,
    KnownError,
    Resolved,
    Closed,
}

impl Lifecycle for ProblemState {
    const ALL: &'static [Self] = &[
        Self::New,
        Self::Investigating,
        Self::KnownError,
        Self::Resolved,
        Self::Closed,
    ];
    const INITIAL: Self = Self::New;

    fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Investigating => "investigating",
            Self::KnownError => "known-error",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Investigating => "Investigating",
            Self::KnownError => "Known error",
            Self::Resolved => "Resolved",
            Self::Closed => "Closed",
        }
    }

    fn next(self) -> &'static [Self] {
        use ProblemState::*;
        match self {
            New => &[Investigating],
            Investigating => &[KnownError, Resolved],
            KnownError => &[Resolved, Investigating],
            // Reopening goes back to the investigation.
            Resolved => &[Closed, Investigating],
            Closed => &[Investigating],
        }
    }
}

/// A problem record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub id: RecordId,
    pub title: String,
    pub description: String,
    /// The service it affects, when it is one.
    pub service: Option<RecordId>,
    pub owner: String,
    pub state: ProblemState,
    pub steps: StepLog<ProblemState>,
    pub root_cause: String,
    /// How to restore service while the cause remains (what the service desk tells users).
    pub workaround: String,
    /// How the cause was removed.
    pub resolution: String,
    /// Logged (Unix ms).
    pub logged_at: i64,
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "service",
    "owner",
    "state",
    "root_cause",
    "workaround",
    "resolution",
    "logged_at",
];

const OWNED: &[ProblemState] = &[
    ProblemState::Investigating,
    ProblemState::KnownError,
    ProblemState::Resolved,
    ProblemState::Closed,
];

impl Problem {
    pub fn new(id: RecordId, title: &str, logged_at: i64) -> Result<Self, FieldProblem> {
        let problem = Self {
            id,
            title: title.trim().to_owned(),
            description: String::new(),
            service: None,
            owner: String::new(),
            state: ProblemState::INITIAL,
            steps: StepLog::default(),
            root_cause: String::new(),
            workaround: String::new(),
            resolution: String::new(),
            logged_at,
        };
        problem.check().map(|()| problem)
    }

    /// The rules every problem keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        let length =
            |field: &str, text: &str, max: usize| too_long(field, text, max).map_or(Ok(()), Err);
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A problem needs a title."));
        }
        length("title", &self.title, TITLE_MAX_CHARS)?;
        length("owner", &self.owner, TITLE_MAX_CHARS)?;
        for (field, text) in [
            ("description", &self.description),
            ("root_cause", &self.root_cause),
            ("workaround", &self.workaround),
            ("resolution", &self.resolution),
        ] {
            length(field, text, TEXT_MAX_CHARS)?;
        }
        if self.logged_at < 0 {
            return Err(field_problem(
                "logged_at",
                "The time it was logged is not valid.",
            ));
        }
        if OWNED.contains(&self.state) && self.owner.trim().is_empty() {
            return Err(field_problem(
                "owner",
                format!(
                    "A problem that is {} needs an owner.",
                    self.state.label().to_lowercase()
                ),
            ));
        }
        if self.state == ProblemState::KnownError {
            if self.root_cause.trim().is_empty() {
                return Err(field_problem(
                    "root_cause",
                    "A known error needs its root cause recorded.",
                ));
            }
            if self.workaround.trim().is_empty() {
                return Err(field_problem(
                    "workaround",
                    "A known error needs a workaround (or a note that there is none).",
                ));
            }
        }
        if matches!(self.state, ProblemState::Resolved | ProblemState::Closed)
            && self.resolution.trim().is_empty()
        {
            return Err(field_problem(
                "resolution",
                "A resolved problem needs a note of how its cause was removed.",
            ));
        }
        Ok(())
    }
}

stepped_from_logging!(Problem, ProblemState);

impl RecordType for Problem {
    const KIND: &'static str = "problem";
    const NOUN: &'static str = "Problem";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        matches!(
            field,
            "description" | "root_cause" | "workaround" | "resolution"
        )
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("state".into(), Value::from(self.state.as_str()));
        body.insert("logged_at".into(), Value::from(self.logged_at));
        for (field, text) in [
            ("description", &self.description),
            ("owner", &self.owner),
            ("root_cause", &self.root_cause),
            ("workaround", &self.workaround),
            ("resolution", &self.resolution),
        ] {
            if !text.is_empty() {
                body.insert(field.into(), Value::from(text.clone()));
            }
        }
        if let Some(service) = &self.service {
            body.insert("service".into(), Value::from(service.as_str()));
        }
        self.steps.write(&mut body);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| k.starts_with(STEP_PREFIX))?;
        let text = |field: &str| -> Result<String, FieldProblem> {
            Ok(field_as::<String>(body, field)?.unwrap_or_default())
        };
        let state: String =
            field_as(body, "state")?.ok_or_else(|| field_problem("state", "is missing"))?;
        let service = field_as::<String>(body, "service")?
            .map(|s| RecordId::parse(&s).map_err(|e| field_problem("service", e)))
            .transpose()?;
        let problem = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            description: text("description")?,
            service,
            owner: text("owner")?,
            state: ProblemState::parse(&state)
                .ok_or_else(|| field_problem("state", format!("no such state: {state:?}")))?,
            steps: StepLog::read(body)?,
            root_cause: text("root_cause")?,
            workaround: text("workaround")?,
            resolution: text("resolution")?,
            logged_at: field_as(body, "logged_at")?
                .ok_or_else(|| field_problem("logged_at", "is missing"))?,
        };
        problem.check()?;
        Ok(problem)
    }
}

/// Incidents recur when a service has at least this many logged within [`RECURRING_DAYS`].
pub const RECURRING_MIN: usize = 3;
pub const RECURRING_DAYS: i64 = 30;

/// A service whose incidents recur: how many were logged in the window, and how many of them
/// no problem covers yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurring {
    pub service: RecordId,
    pub incidents: usize,
    pub without_problem: usize,
}

/// The services whose incidents recur in the [`RECURRING_DAYS`] before `now`, most first
/// (ties by service id): where a problem record may be owed.
pub fn recurring(tickets: &[super::ticket::Ticket], now: i64) -> Vec<Recurring> {
    use super::ticket::TicketType;
    let since = now - RECURRING_DAYS * 86_400_000;
    let mut counts = std::collections::BTreeMap::<RecordId, (usize, usize)>::new();
    for ticket in tickets {
        let Some(service) = &ticket.service else {
            continue;
        };
        if ticket.ticket_type != TicketType::Incident
            || ticket.logged_at < since
            || ticket.logged_at > now
        {
            continue;
        }
        let entry = counts.entry(service.clone()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(ticket.problem.is_none());
    }
    let mut found: Vec<Recurring> = counts
        .into_iter()
        .filter(|(_, (n, _))| *n >= RECURRING_MIN)
        .map(|(service, (incidents, without_problem))| Recurring {
            service,
            incidents,
            without_problem,
        })
        .collect();
    crate::order::sort_by(&mut found, |a, b| {
        b.incidents
            .cmp(&a.incidents)
            .then_with(|| a.service.cmp(&b.service))
    });
    found
}
