//! Actions (treatment tasks, corrective actions, follow-ups): one kind that every register's
//! records use — a risk's treatment tasks first — with an owner, a due date, a status, the
//! evidence that it was done, and the record it serves (`serves` = `KIND/ID`). Overdue actions
//! show on the dashboard.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::date::Date;
use crate::ids::{RecordId, RecordKind};
use crate::itsm::ticket::text;
use crate::itsm::{required_named, within_limits};
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields};

/// Longest title or owner.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest description or evidence.
pub const TEXT_MAX_CHARS: usize = 10_000;

named!(ActionStatus {
    Open = "open", "Open";
    InProgress = "in-progress", "In progress";
    Done = "done", "Done";
    Cancelled = "cancelled", "Cancelled";
});

impl ActionStatus {
    /// Whether the action is still to be done.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }
}

/// The record an action serves: its kind and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Serves {
    pub kind: RecordKind,
    pub id: RecordId,
}

impl Serves {
    /// Reads `KIND/ID`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (kind, id) = text
            .split_once('/')
            .ok_or_else(|| format!("names the record it serves as KIND/ID (got {text:?})"))?;
        Ok(Self {
            kind: RecordKind::parse(kind).map_err(|e| e.to_string())?,
            id: RecordId::parse(id).map_err(|e| e.to_string())?,
        })
    }
}

impl std::fmt::Display for Serves {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind, self.id)
    }
}

/// An action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: RecordId,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub due: Option<Date>,
    pub status: ActionStatus,
    /// What shows it was done (a link, a document, a note of what was checked).
    pub evidence: String,
    /// When it was done.
    pub done_on: Option<Date>,
    pub serves: Option<Serves>,
    /// Made (Unix ms).
    pub logged_at: i64,
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "owner",
    "due",
    "status",
    "evidence",
    "done_on",
    "serves",
    "logged_at",
];

impl Action {
    pub fn new(
        id: RecordId,
        title: &str,
        serves: Option<Serves>,
        logged_at: i64,
    ) -> Result<Self, FieldProblem> {
        let action = Self {
            id,
            title: title.trim().to_owned(),
            description: String::new(),
            owner: String::new(),
            due: None,
            status: ActionStatus::Open,
            evidence: String::new(),
            done_on: None,
            serves,
            logged_at,
        };
        action.check().map(|()| action)
    }

    /// Still to be done and past its due date on `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status.is_open() && self.due.is_some_and(|due| due < today)
    }

    /// The rules every action keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem(
                "title",
                "An action needs a title (what is to be done).",
            ));
        }
        within_limits(&[
            ("title", self.title.as_str(), TITLE_MAX_CHARS),
            ("owner", self.owner.as_str(), TITLE_MAX_CHARS),
            ("description", self.description.as_str(), TEXT_MAX_CHARS),
            ("evidence", self.evidence.as_str(), TEXT_MAX_CHARS),
        ])?;
        if self.logged_at < 0 {
            return Err(field_problem(
                "logged_at",
                "The time it was made is not valid.",
            ));
        }
        if self.status != ActionStatus::Open && self.owner.trim().is_empty() {
            return Err(field_problem(
                "owner",
                "An action under way, done or cancelled names its owner.",
            ));
        }
        match self.status {
            ActionStatus::Done => {
                if self.evidence.trim().is_empty() {
                    return Err(field_problem(
                        "evidence",
                        "An action done says what shows it was done (its evidence).",
                    ));
                }
                if self.done_on.is_none() {
                    return Err(field_problem("done_on", "Say when the action was done."));
                }
            }
            ActionStatus::Cancelled if self.evidence.trim().is_empty() => {
                return Err(field_problem(
                    "evidence",
                    "Say why the action was cancelled (in its evidence).",
                ));
            }
            _ if self.done_on.is_some() => {
                return Err(field_problem(
                    "done_on",
                    "Only an action done has the day it was done.",
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

impl RecordType for Action {
    const KIND: &'static str = "action";
    const NOUN: &'static str = "Action";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "description" | "evidence")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("status".into(), Value::from(self.status.as_str()));
        body.insert("logged_at".into(), Value::from(self.logged_at));
        for (field, value) in [
            ("description", &self.description),
            ("owner", &self.owner),
            ("evidence", &self.evidence),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        for (field, date) in [("due", self.due), ("done_on", self.done_on)] {
            if let Some(date) = date {
                body.insert(field.into(), Value::from(date.to_string()));
            }
        }
        if let Some(serves) = &self.serves {
            body.insert("serves".into(), Value::from(serves.to_string()));
        }
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields(body, FIELDS)?;
        let serves = field_as::<String>(body, "serves")?
            .map(|s| Serves::parse(&s).map_err(|e| field_problem("serves", e)))
            .transpose()?;
        let action = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            description: text(body, "description")?,
            owner: text(body, "owner")?,
            due: field_as(body, "due")?,
            status: required_named(body, "status", ActionStatus::parse)?,
            evidence: text(body, "evidence")?,
            done_on: field_as(body, "done_on")?,
            serves,
            logged_at: field_as(body, "logged_at")?
                .ok_or_else(|| field_problem("logged_at", "is missing"))?,
        };
        action.check()?;
        Ok(action)
    }
}
