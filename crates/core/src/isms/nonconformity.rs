//! Nonconformities and corrective action (ISO/IEC 20000-1 10.1; ISO/IEC 27001 10.2): where one
//! was found (an internal or external audit, an incident, a complaint, monitoring), the clauses
//! of either standard it is against, its grade, the correction made at once, the root cause, the
//! corrective action that removes it (its tasks are actions serving it) and the review of whether
//! that worked. It closes only once the effectiveness is verified; a cause not removed after all
//! reopens it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::action::Serves;
use super::item_links::{read_item_links, write_item_links};
use crate::date::Date;
use crate::ids::RecordId;
use crate::itsm::ticket::text;
use crate::itsm::workflow::{Lifecycle, STEP_PREFIX, StepLog};
use crate::itsm::{too_long, within_limits};
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title or owner.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest description, correction, root cause, corrective action or effectiveness review.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Where a nonconformity names the clauses it is against: `clause#FRAMEWORK/ITEM` = true.
pub const CLAUSE: &str = "clause";

named!(Source {
    InternalAudit = "internal-audit", "Internal audit";
    ExternalAudit = "external-audit", "External audit";
    Incident = "incident", "Incident";
    Complaint = "complaint", "Complaint";
    Monitoring = "monitoring", "Monitoring and measurement";
});

named!(Grade {
    Major = "major", "Major nonconformity";
    Minor = "minor", "Minor nonconformity";
    Opportunity = "opportunity", "Opportunity for improvement";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NcState {
    Raised,
    Corrected,
    CauseAnalysed,
    ActionImplemented,
    EffectivenessVerified,
    Closed,
    Reopened,
}

impl Lifecycle for NcState {
    const ALL: &'static [Self] = &[
        Self::Raised,
        Self::Corrected,
        Self::CauseAnalysed,
        Self::ActionImplemented,
        Self::EffectivenessVerified,
        Self::Closed,
        Self::Reopened,
    ];
    const INITIAL: Self = Self::Raised;

    fn as_str(self) -> &'static str {
        match self {
            Self::Raised => "raised",
            Self::Corrected => "corrected",
            Self::CauseAnalysed => "cause-analysed",
            Self::ActionImplemented => "action-implemented",
            Self::EffectivenessVerified => "effectiveness-verified",
            Self::Closed => "closed",
            Self::Reopened => "reopened",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Raised => "Raised",
            Self::Corrected => "Corrected",
            Self::CauseAnalysed => "Cause analysed",
            Self::ActionImplemented => "Corrective action implemented",
            Self::EffectivenessVerified => "Effectiveness verified",
            Self::Closed => "Closed",
            Self::Reopened => "Reopened",
        }
    }

    fn next(self) -> &'static [Self] {
        use NcState::*;
        match self {
            Raised => &[Corrected],
            Corrected => &[CauseAnalysed],
            CauseAnalysed => &[ActionImplemented],
            ActionImplemented => &[EffectivenessVerified, Reopened],
            EffectivenessVerified => &[Closed, Reopened],
            Closed => &[Reopened],
            // The cause was not removed after all: analysed again.
            Reopened => &[CauseAnalysed],
        }
    }
}

/// A nonconformity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonconformity {
    pub id: RecordId,
    pub title: String,
    pub description: String,
    pub source: Source,
    pub grade: Grade,
    /// The clauses it is against, as `FRAMEWORK/ITEM` keys (either standard's).
    pub clauses: BTreeSet<String>,
    /// Where it was found, when a record holds it (an assessment, an incident).
    pub found_in: Option<Serves>,
    pub owner: String,
    pub raised_on: Date,
    /// What was done at once to contain it.
    pub correction: String,
    pub root_cause: String,
    /// What removes the cause (its tasks are actions serving the nonconformity).
    pub corrective_action: String,
    /// How the action was checked to have worked.
    pub effectiveness: String,
    pub verified_on: Option<Date>,
    pub state: NcState,
    pub steps: StepLog<NcState>,
    /// Logged (Unix ms).
    pub logged_at: i64,
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "source",
    "grade",
    "found_in",
    "owner",
    "raised_on",
    "correction",
    "root_cause",
    "corrective_action",
    "effectiveness",
    "verified_on",
    "state",
    "logged_at",
];

/// The long texts, by field.
pub const LONG_TEXTS: [&str; 5] = [
    "description",
    "correction",
    "root_cause",
    "corrective_action",
    "effectiveness",
];

impl Nonconformity {
    pub fn new(
        id: RecordId,
        title: &str,
        source: Source,
        grade: Grade,
        raised_on: Date,
        logged_at: i64,
    ) -> Result<Self, FieldProblem> {
        let nc = Self {
            id,
            title: title.trim().to_owned(),
            description: String::new(),
            source,
            grade,
            clauses: BTreeSet::new(),
            found_in: None,
            owner: String::new(),
            raised_on,
            correction: String::new(),
            root_cause: String::new(),
            corrective_action: String::new(),
            effectiveness: String::new(),
            verified_on: None,
            state: NcState::INITIAL,
            steps: StepLog::default(),
            logged_at,
        };
        nc.check().map(|()| nc)
    }

    /// A long text by its field name (empty for any other name).
    pub fn long_text(&self, field: &str) -> &str {
        match field {
            "description" => &self.description,
            "correction" => &self.correction,
            "root_cause" => &self.root_cause,
            "corrective_action" => &self.corrective_action,
            "effectiveness" => &self.effectiveness,
            _ => "",
        }
    }

    /// Sets a long text by its field name (other names change nothing).
    pub fn set_long_text(&mut self, field: &str, value: String) {
        match field {
            "description" => self.description = value,
            "correction" => self.correction = value,
            "root_cause" => self.root_cause = value,
            "corrective_action" => self.corrective_action = value,
            "effectiveness" => self.effectiveness = value,
            _ => {}
        }
    }

    /// Whether it has been in `state` (or is now).
    fn reached(&self, states: &[NcState]) -> bool {
        states.contains(&self.state) || self.steps.entered(states)
    }

    /// The rules every nonconformity keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        use NcState::*;
        if self.title.trim().is_empty() {
            return Err(field_problem(
                "title",
                "A nonconformity needs a title (what does not conform).",
            ));
        }
        within_limits(&[
            ("title", self.title.as_str(), TITLE_MAX_CHARS),
            ("owner", self.owner.as_str(), TITLE_MAX_CHARS),
        ])?;
        for field in LONG_TEXTS {
            if let Some(problem) = too_long(field, self.long_text(field), TEXT_MAX_CHARS) {
                return Err(problem);
            }
        }
        if self.logged_at < 0 {
            return Err(field_problem(
                "logged_at",
                "The time it was logged is not valid.",
            ));
        }
        self.steps
            .check_from(self.logged_at, "the nonconformity was logged")?;
        let state = self.state;
        let past = |s: &[NcState]| s.contains(&state);
        let after_raised = [
            Corrected,
            CauseAnalysed,
            ActionImplemented,
            EffectivenessVerified,
            Closed,
            Reopened,
        ];
        if past(&after_raised) {
            if self.owner.trim().is_empty() {
                return Err(field_problem(
                    "owner",
                    "Name who owns the nonconformity before it moves on.",
                ));
            }
            if self.correction.trim().is_empty() {
                return Err(field_problem(
                    "correction",
                    "Say what was done at once to contain it (or that nothing could be).",
                ));
            }
        }
        if past(&after_raised[1..]) && self.root_cause.trim().is_empty() {
            return Err(field_problem(
                "root_cause",
                "Record the root cause once it is analysed.",
            ));
        }
        if past(&[ActionImplemented, EffectivenessVerified, Closed])
            && self.corrective_action.trim().is_empty()
        {
            return Err(field_problem(
                "corrective_action",
                "Say what corrective action removes the cause.",
            ));
        }
        if past(&[EffectivenessVerified, Closed]) {
            if self.effectiveness.trim().is_empty() {
                return Err(field_problem(
                    "effectiveness",
                    "Say how the corrective action was checked to have worked.",
                ));
            }
            if self.verified_on.is_none() {
                return Err(field_problem(
                    "verified_on",
                    "Say when its effectiveness was verified.",
                ));
            }
        }
        if state == Closed && !self.reached(&[EffectivenessVerified]) {
            return Err((
                None,
                "A nonconformity closes only once its effectiveness is verified.".to_owned(),
            ));
        }
        Ok(())
    }
}

stepped_from_logging!(Nonconformity, NcState);

impl RecordType for Nonconformity {
    const KIND: &'static str = "nonconformity";
    const NOUN: &'static str = "Nonconformity";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        LONG_TEXTS.contains(&field)
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("source".into(), Value::from(self.source.as_str()));
        body.insert("grade".into(), Value::from(self.grade.as_str()));
        body.insert("raised_on".into(), Value::from(self.raised_on.to_string()));
        body.insert("state".into(), Value::from(self.state.as_str()));
        body.insert("logged_at".into(), Value::from(self.logged_at));
        if !self.owner.is_empty() {
            body.insert("owner".into(), Value::from(self.owner.clone()));
        }
        for field in LONG_TEXTS {
            let value = self.long_text(field);
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value));
            }
        }
        if let Some(found) = &self.found_in {
            body.insert("found_in".into(), Value::from(found.to_string()));
        }
        if let Some(day) = self.verified_on {
            body.insert("verified_on".into(), Value::from(day.to_string()));
        }
        write_item_links(&mut body, CLAUSE, &self.clauses);
        self.steps.write(&mut body);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| {
            k.starts_with(STEP_PREFIX) || crate::itsm::entries::is_entry(k, CLAUSE)
        })?;
        let found_in = field_as::<String>(body, "found_in")?
            .map(|s| Serves::parse(&s).map_err(|e| field_problem("found_in", e)))
            .transpose()?;
        let mut nc = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            description: String::new(),
            source: crate::itsm::required_named(body, "source", Source::parse)?,
            grade: crate::itsm::required_named(body, "grade", Grade::parse)?,
            clauses: read_item_links(body, CLAUSE)?,
            found_in,
            owner: text(body, "owner")?,
            raised_on: field_as(body, "raised_on")?
                .ok_or_else(|| field_problem("raised_on", "is missing"))?,
            correction: String::new(),
            root_cause: String::new(),
            corrective_action: String::new(),
            effectiveness: String::new(),
            verified_on: field_as(body, "verified_on")?,
            state: crate::itsm::required_named(body, "state", NcState::parse)?,
            steps: StepLog::read(body)?,
            logged_at: field_as(body, "logged_at")?
                .ok_or_else(|| field_problem("logged_at", "is missing"))?,
        };
        for field in LONG_TEXTS {
            nc.set_long_text(field, text(body, field)?);
        }
        nc.check()?;
        Ok(nc)
    }
}
