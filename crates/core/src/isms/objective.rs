//! Objectives and their measures (6.2 of ISO/IEC 27001 and ISO/IEC 20000-1): what the
//! organisation means to achieve, made measurable — a measure, its unit, a target to reach at
//! least or at most, a due date, an owner and a plan — with the measurements taken over time
//! (one field per measurement, so two people recording apart keep both) and a review interval.
//! It counts as achieved only once its latest measurement meets the target.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::date::Date;
use crate::ids::RecordId;
use crate::itsm::entries::{is_entry, read_entries, write_entries};
use crate::itsm::ticket::text;
use crate::itsm::{required_named, too_long, within_limits};
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title, owner or measure.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest unit ("%", "hours", "incidents a month").
pub const UNIT_MAX_CHARS: usize = 40;
/// Longest plan.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Longest note on a measurement.
pub const NOTE_MAX_CHARS: usize = 500;
/// Where measurements are kept: `measured#ID` = {on, value, note}.
pub const MEASURED: &str = "measured";
/// How often an objective is reviewed unless its owner says otherwise.
pub const DEFAULT_REVIEW_MONTHS: u16 = 3;
/// The longest review interval, in months.
pub const MAX_REVIEW_MONTHS: u16 = 24;

named!(System {
    Isms = "isms", "Information security (ISO/IEC 27001 6.2)";
    Sms = "sms", "Service management (ISO/IEC 20000-1 6.2)";
    Both = "both", "Both management systems";
});

named!(Direction {
    AtLeast = "at-least", "At least the target";
    AtMost = "at-most", "At most the target";
});

named!(ObjectiveStatus {
    Planned = "planned", "Planned";
    Active = "active", "Under way";
    Achieved = "achieved", "Achieved";
    NotAchieved = "not-achieved", "Not achieved";
    Cancelled = "cancelled", "Cancelled";
});

impl ObjectiveStatus {
    /// Whether the objective is still being worked towards.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Planned | Self::Active)
    }
}

/// One measurement: the day it was taken, the value, and a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    pub on: Date,
    pub value: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// An objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    pub id: RecordId,
    pub title: String,
    pub system: System,
    pub owner: String,
    /// What is measured ("Availability of the customer portal").
    pub measure: String,
    pub unit: String,
    pub target: Option<f64>,
    pub direction: Direction,
    pub due: Option<Date>,
    pub status: ObjectiveStatus,
    /// What will be done, with what resources, by whom and when, and how results are judged.
    pub plan: String,
    pub measurements: BTreeMap<RecordId, Measurement>,
    /// Reviewed every so many months (0: no recurring review).
    pub review_months: u16,
    pub next_review: Option<Date>,
    pub logged_at: i64,
}

const FIELDS: &[&str] = &[
    "title",
    "system",
    "owner",
    "measure",
    "unit",
    "target",
    "direction",
    "due",
    "status",
    "plan",
    "review_months",
    "next_review",
    "logged_at",
];

impl Objective {
    pub fn new(
        id: RecordId,
        title: &str,
        system: System,
        logged_at: i64,
    ) -> Result<Self, FieldProblem> {
        let objective = Self {
            id,
            title: title.trim().to_owned(),
            system,
            owner: String::new(),
            measure: String::new(),
            unit: String::new(),
            target: None,
            direction: Direction::AtLeast,
            due: None,
            status: ObjectiveStatus::Planned,
            plan: String::new(),
            measurements: BTreeMap::new(),
            review_months: DEFAULT_REVIEW_MONTHS,
            next_review: None,
            logged_at,
        };
        objective.check().map(|()| objective)
    }

    /// The measurements, oldest first (one day's by id).
    pub fn series(&self) -> Vec<(&RecordId, &Measurement)> {
        let mut series: Vec<_> = self.measurements.iter().collect();
        crate::order::sort_by_key(&mut series, |(_, m)| m.on);
        series
    }

    /// The latest measurement.
    pub fn latest(&self) -> Option<&Measurement> {
        self.measurements.values().max_by_key(|m| m.on)
    }

    /// Whether `value` meets the target (`None` without one).
    pub fn meets(&self, value: f64) -> Option<bool> {
        let target = self.target?;
        Some(match self.direction {
            Direction::AtLeast => value >= target,
            Direction::AtMost => value <= target,
        })
    }

    /// Records a measurement under `id` (checked with the rest).
    pub fn measure(&mut self, id: RecordId, measurement: Measurement) -> Result<(), FieldProblem> {
        let mut measured = self.clone();
        measured.measurements.insert(id, measurement);
        measured.check()?;
        *self = measured;
        Ok(())
    }

    /// Records a review done on `on`: the next one falls one interval later.
    pub fn reviewed(&mut self, on: Date) {
        self.next_review = on.next_review(self.review_months);
    }

    /// The rules every objective keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem(
                "title",
                "An objective needs a title (what you mean to achieve).",
            ));
        }
        within_limits(&[
            ("title", self.title.as_str(), TITLE_MAX_CHARS),
            ("owner", self.owner.as_str(), TITLE_MAX_CHARS),
            ("measure", self.measure.as_str(), TITLE_MAX_CHARS),
            ("unit", self.unit.as_str(), UNIT_MAX_CHARS),
            ("plan", self.plan.as_str(), TEXT_MAX_CHARS),
        ])?;
        if self.logged_at < 0 {
            return Err(field_problem(
                "logged_at",
                "The time it was made is not valid.",
            ));
        }
        if self.review_months > MAX_REVIEW_MONTHS {
            return Err(field_problem(
                "review_months",
                format!(
                    "An objective is reviewed at least every {MAX_REVIEW_MONTHS} months (0: never)."
                ),
            ));
        }
        if self.target.is_some_and(|t| !t.is_finite()) {
            return Err(field_problem("target", "The target is a number."));
        }
        for (id, m) in &self.measurements {
            let field = format!("{MEASURED}#{id}");
            if !m.value.is_finite() {
                return Err(field_problem(&field, "A measurement is a number."));
            }
            if let Some(problem) = too_long(&field, &m.note, NOTE_MAX_CHARS) {
                return Err(problem);
            }
        }
        if self.status != ObjectiveStatus::Planned && self.status != ObjectiveStatus::Cancelled {
            for (field, missing, why) in [
                (
                    "owner",
                    self.owner.trim().is_empty(),
                    "who is responsible for it",
                ),
                (
                    "measure",
                    self.measure.trim().is_empty(),
                    "what is measured",
                ),
                ("target", self.target.is_none(), "its target"),
            ] {
                if missing {
                    return Err(field_problem(
                        field,
                        format!("A measurable objective under way or judged names {why}."),
                    ));
                }
            }
        }
        if self.status == ObjectiveStatus::Achieved {
            let met = self.latest().and_then(|m| self.meets(m.value));
            if met != Some(true) {
                return Err(field_problem(
                    "status",
                    "An objective is achieved once its latest measurement meets the target.",
                ));
            }
        }
        Ok(())
    }
}

impl RecordType for Objective {
    const KIND: &'static str = "objective";
    const NOUN: &'static str = "Objective";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        field == "plan"
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("system".into(), Value::from(self.system.as_str()));
        body.insert("direction".into(), Value::from(self.direction.as_str()));
        body.insert("status".into(), Value::from(self.status.as_str()));
        body.insert("review_months".into(), Value::from(self.review_months));
        body.insert("logged_at".into(), Value::from(self.logged_at));
        for (field, value) in [
            ("owner", &self.owner),
            ("measure", &self.measure),
            ("unit", &self.unit),
            ("plan", &self.plan),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        if let Some(target) = self.target {
            body.insert("target".into(), Value::from(target));
        }
        for (field, date) in [("due", self.due), ("next_review", self.next_review)] {
            if let Some(date) = date {
                body.insert(field.into(), Value::from(date.to_string()));
            }
        }
        write_entries(&mut body, MEASURED, &self.measurements);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |f| is_entry(f, MEASURED))?;
        let objective = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            system: required_named(body, "system", System::parse)?,
            owner: text(body, "owner")?,
            measure: text(body, "measure")?,
            unit: text(body, "unit")?,
            target: field_as(body, "target")?,
            direction: required_named(body, "direction", Direction::parse)?,
            due: field_as(body, "due")?,
            status: required_named(body, "status", ObjectiveStatus::parse)?,
            plan: text(body, "plan")?,
            measurements: read_entries(body, MEASURED)?,
            review_months: field_as(body, "review_months")?
                .ok_or_else(|| field_problem("review_months", "is missing"))?,
            next_review: field_as(body, "next_review")?,
            logged_at: field_as(body, "logged_at")?
                .ok_or_else(|| field_problem("logged_at", "is missing"))?,
        };
        objective.check()?;
        Ok(objective)
    }
}
