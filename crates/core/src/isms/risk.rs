//! The risk register (ISO/IEC 27001 6.1.2, 6.1.3, 8.2, 8.3; ISO/IEC 20000-1 6.1): a scenario,
//! what it concerns, its threat and vulnerability, who owns it, its impact on confidentiality,
//! integrity and availability and its likelihood (levels of the workspace's [`RiskMethod`]),
//! the treatment chosen with the controls that carry it out, the residual risk, and its
//! acceptance — an approval (only approvers and owners record one), given for one residual
//! score and void once the residual risk changes. Changes name the risks they affect (the
//! change's `risk#ID` links), so the risk page lists them.
//!
//! [`RiskMethod`]: super::risk_method::RiskMethod

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::risk_method::MAX_LEVELS;
use crate::date::Date;
use crate::ids::RecordId;
use crate::itsm::ticket::text;
use crate::itsm::within_limits;
use crate::itsm::workflow::{Lifecycle, STEP_PREFIX, StepLog};
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title, owner, process, threat or vulnerability.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest description or treatment plan.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Where a risk names the controls that treat it: `control#FRAMEWORK/ITEM` = true.
pub const CONTROL: &str = "control";
/// How often a risk is reviewed unless its owner says otherwise.
pub const DEFAULT_REVIEW_MONTHS: u16 = 12;
/// The longest review interval, in months.
pub const MAX_REVIEW_MONTHS: u16 = 36;

named!(Treatment {
    Modify = "modify", "Modify (reduce it with controls)";
    Retain = "retain", "Retain (accept it as it is)";
    Avoid = "avoid", "Avoid (stop what causes it)";
    Share = "share", "Share (insurance, a supplier)";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskState {
    Identified,
    Analysed,
    TreatmentPlanned,
    InTreatment,
    Accepted,
    Closed,
}

impl Lifecycle for RiskState {
    const ALL: &'static [Self] = &[
        Self::Identified,
        Self::Analysed,
        Self::TreatmentPlanned,
        Self::InTreatment,
        Self::Accepted,
        Self::Closed,
    ];
    const INITIAL: Self = Self::Identified;

    fn as_str(self) -> &'static str {
        match self {
            Self::Identified => "identified",
            Self::Analysed => "analysed",
            Self::TreatmentPlanned => "treatment-planned",
            Self::InTreatment => "in-treatment",
            Self::Accepted => "accepted",
            Self::Closed => "closed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Identified => "Identified",
            Self::Analysed => "Analysed",
            Self::TreatmentPlanned => "Treatment planned",
            Self::InTreatment => "In treatment",
            Self::Accepted => "Residual risk accepted",
            Self::Closed => "Closed",
        }
    }

    fn next(self) -> &'static [Self] {
        use RiskState::*;
        match self {
            Identified => &[Analysed, Closed],
            // A risk retained as it is goes straight to its acceptance.
            Analysed => &[TreatmentPlanned, Accepted, Closed],
            TreatmentPlanned => &[InTreatment, Analysed],
            InTreatment => &[Accepted, Analysed],
            // A review (its date, an incident, a change) takes it back to the analysis.
            Accepted => &[Analysed, Closed],
            Closed => &[Analysed],
        }
    }
}

/// A residual risk accepted: by whom, when (Unix ms), and the residual score accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub by: String,
    pub at: i64,
    pub score: u8,
}

/// Impact on confidentiality, integrity and availability, each a level of the method's
/// impact scale when assessed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cia {
    pub confidentiality: Option<u8>,
    pub integrity: Option<u8>,
    pub availability: Option<u8>,
}

impl Cia {
    /// The risk's impact: the worst of the three.
    pub fn worst(&self) -> Option<u8> {
        [self.confidentiality, self.integrity, self.availability]
            .into_iter()
            .flatten()
            .max()
    }
}

/// A risk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub id: RecordId,
    /// The scenario, in a line.
    pub title: String,
    pub description: String,
    /// What it concerns: a service, a configuration item or information asset, a process.
    pub service: Option<RecordId>,
    pub item: Option<RecordId>,
    pub process: String,
    pub threat: String,
    pub vulnerability: String,
    pub owner: String,
    pub impact: Cia,
    pub likelihood: Option<u8>,
    pub treatment: Option<Treatment>,
    pub treatment_plan: String,
    /// The controls that treat it, as `FRAMEWORK/ITEM` keys of the workspace's frameworks.
    pub controls: BTreeSet<String>,
    pub residual_likelihood: Option<u8>,
    pub residual_impact: Option<u8>,
    pub acceptance: Option<Acceptance>,
    pub review_due: Option<Date>,
    /// Reviewed every so many months (0: only when something triggers it).
    pub review_months: u16,
    pub last_review: Option<Date>,
    pub state: RiskState,
    pub steps: StepLog<RiskState>,
    /// Logged (Unix ms).
    pub logged_at: i64,
}

/// The fields that hold a level of the method's scales, in the order [`Risk::levels`] gives.
pub const LEVEL_FIELDS: &[&str] = &[
    "impact_c",
    "impact_i",
    "impact_a",
    "likelihood",
    "residual_likelihood",
    "residual_impact",
];

const FIELDS: &[&str] = &[
    "title",
    "description",
    "service",
    "item",
    "process",
    "threat",
    "vulnerability",
    "owner",
    "impact_c",
    "impact_i",
    "impact_a",
    "likelihood",
    "treatment",
    "treatment_plan",
    "residual_likelihood",
    "residual_impact",
    "acceptance",
    "review_due",
    "review_months",
    "last_review",
    "state",
    "logged_at",
];

/// The states in which a risk has been analysed: it has an owner, a likelihood and an impact.
const ANALYSED: &[RiskState] = &[
    RiskState::Analysed,
    RiskState::TreatmentPlanned,
    RiskState::InTreatment,
    RiskState::Accepted,
];

/// The states in which its treatment is chosen.
const TREATED: &[RiskState] = &[RiskState::TreatmentPlanned, RiskState::InTreatment];

impl Risk {
    pub fn new(id: RecordId, title: &str, logged_at: i64) -> Result<Self, FieldProblem> {
        let risk = Self {
            id,
            title: title.trim().to_owned(),
            description: String::new(),
            service: None,
            item: None,
            process: String::new(),
            threat: String::new(),
            vulnerability: String::new(),
            owner: String::new(),
            impact: Cia::default(),
            likelihood: None,
            treatment: None,
            treatment_plan: String::new(),
            controls: BTreeSet::new(),
            residual_likelihood: None,
            residual_impact: None,
            acceptance: None,
            review_due: None,
            review_months: DEFAULT_REVIEW_MONTHS,
            last_review: None,
            state: RiskState::INITIAL,
            steps: StepLog::default(),
            logged_at,
        };
        risk.check().map(|()| risk)
    }

    /// Records a review done on `on`: the next one falls one interval later (none without an
    /// interval: then only a trigger calls for one).
    pub fn reviewed(&mut self, on: Date) {
        self.last_review = Some(on);
        self.review_due = on.next_review(self.review_months);
    }

    /// Likelihood times the worst impact, once both are assessed.
    pub fn inherent_score(&self) -> Option<u8> {
        Some(self.likelihood? * self.impact.worst()?)
    }

    /// The residual likelihood times the residual impact, once both are assessed.
    pub fn residual_score(&self) -> Option<u8> {
        Some(self.residual_likelihood? * self.residual_impact?)
    }

    /// Where it sits on the heat map before treatment: (likelihood, worst impact).
    pub fn inherent_cell(&self) -> Option<(u8, u8)> {
        Some((self.likelihood?, self.impact.worst()?))
    }

    /// Where it sits on the heat map after treatment.
    pub fn residual_cell(&self) -> Option<(u8, u8)> {
        Some((self.residual_likelihood?, self.residual_impact?))
    }

    /// The acceptance in force: one given for the residual score the risk has now.
    pub fn acceptance_in_force(&self) -> Option<&Acceptance> {
        let residual = self.residual_score()?;
        self.acceptance.as_ref().filter(|a| a.score == residual)
    }

    /// The rules every risk keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem(
                "title",
                "A risk needs a title (its scenario in a line).",
            ));
        }
        within_limits(&[
            ("title", self.title.as_str(), NAME_MAX_CHARS),
            ("owner", self.owner.as_str(), NAME_MAX_CHARS),
            ("process", self.process.as_str(), NAME_MAX_CHARS),
            ("threat", self.threat.as_str(), NAME_MAX_CHARS),
            ("vulnerability", self.vulnerability.as_str(), NAME_MAX_CHARS),
            ("description", self.description.as_str(), TEXT_MAX_CHARS),
            (
                "treatment_plan",
                self.treatment_plan.as_str(),
                TEXT_MAX_CHARS,
            ),
        ])?;
        if self.review_months > MAX_REVIEW_MONTHS {
            return Err(field_problem(
                "review_months",
                format!(
                    "A risk is reviewed at least every {MAX_REVIEW_MONTHS} months (0: only when triggered)."
                ),
            ));
        }
        for (field, level) in LEVEL_FIELDS.iter().zip(self.levels()) {
            if level.is_some_and(|l| !(1..=MAX_LEVELS as u8).contains(&l)) {
                return Err(field_problem(
                    field,
                    format!("A level is from 1 to {MAX_LEVELS}."),
                ));
            }
        }
        if self.logged_at < 0 {
            return Err(field_problem(
                "logged_at",
                "The time it was logged is not valid.",
            ));
        }
        self.steps
            .check_from(self.logged_at, "the risk was logged")?;
        if let (Some(residual), Some(inherent)) = (self.residual_score(), self.inherent_score())
            && residual > inherent
        {
            return Err(field_problem(
                "residual_likelihood",
                format!(
                    "The residual risk ({residual}) cannot be higher than the risk before treatment ({inherent})."
                ),
            ));
        }
        if let Some(acceptance) = &self.acceptance
            && acceptance.by.trim().is_empty()
        {
            return Err(field_problem(
                "acceptance",
                "An acceptance names who gave it.",
            ));
        }
        if ANALYSED.contains(&self.state) {
            self.check_analysed()?;
        }
        if TREATED.contains(&self.state) {
            self.check_treatment()?;
        }
        if self.state == RiskState::Accepted {
            self.check_accepted()?;
        }
        Ok(())
    }

    /// A level field by name (one of [`LEVEL_FIELDS`]); `None` for any other name too.
    pub fn level(&self, field: &str) -> Option<u8> {
        LEVEL_FIELDS
            .iter()
            .position(|f| *f == field)
            .and_then(|i| self.levels()[i])
    }

    /// A level field by name, to set; `None` when `field` is not one of [`LEVEL_FIELDS`].
    pub fn level_mut(&mut self, field: &str) -> Option<&mut Option<u8>> {
        Some(match field {
            "likelihood" => &mut self.likelihood,
            "impact_c" => &mut self.impact.confidentiality,
            "impact_i" => &mut self.impact.integrity,
            "impact_a" => &mut self.impact.availability,
            "residual_likelihood" => &mut self.residual_likelihood,
            "residual_impact" => &mut self.residual_impact,
            _ => return None,
        })
    }

    fn levels(&self) -> [Option<u8>; 6] {
        [
            self.impact.confidentiality,
            self.impact.integrity,
            self.impact.availability,
            self.likelihood,
            self.residual_likelihood,
            self.residual_impact,
        ]
    }

    fn check_analysed(&self) -> Result<(), FieldProblem> {
        if self.owner.trim().is_empty() {
            return Err(field_problem("owner", "An analysed risk needs an owner."));
        }
        if self.likelihood.is_none() {
            return Err(field_problem(
                "likelihood",
                "Assess the likelihood to analyse the risk.",
            ));
        }
        if self.impact.worst().is_none() {
            return Err(field_problem(
                "impact_c",
                "Assess the impact on confidentiality, integrity or availability to analyse the risk.",
            ));
        }
        Ok(())
    }

    fn check_treatment(&self) -> Result<(), FieldProblem> {
        let Some(treatment) = self.treatment else {
            return Err(field_problem(
                "treatment",
                "Choose how the risk is treated.",
            ));
        };
        if treatment == Treatment::Retain {
            return Err(field_problem(
                "treatment",
                "A risk retained as it is needs no treatment plan: accept its residual risk instead.",
            ));
        }
        if self.treatment_plan.trim().is_empty() && self.controls.is_empty() {
            return Err(field_problem(
                "treatment_plan",
                "Say how the risk is treated: a treatment plan or the controls that carry it out.",
            ));
        }
        Ok(())
    }

    fn check_accepted(&self) -> Result<(), FieldProblem> {
        if self.treatment.is_none() {
            return Err(field_problem(
                "treatment",
                "Choose how the risk is treated (retain it, if it stays as it is) before accepting it.",
            ));
        }
        let Some(residual) = self.residual_score() else {
            return Err(field_problem(
                "residual_likelihood",
                "Assess the residual likelihood and impact before accepting the residual risk.",
            ));
        };
        match &self.acceptance {
            None => Err(field_problem(
                "acceptance",
                "The residual risk is accepted by an approver or owner: record the acceptance first.",
            )),
            Some(acceptance) if acceptance.score != residual => Err(field_problem(
                "acceptance",
                format!(
                    "The acceptance was given for a residual score of {}; the residual score is now {residual}: it must be accepted again.",
                    acceptance.score
                ),
            )),
            Some(_) => Ok(()),
        }
    }
}

/// The field that names `control` (a `FRAMEWORK/ITEM` key) as treating a risk.
pub fn control_field(control: &str) -> String {
    super::item_links::item_field(CONTROL, control)
}

fn record_link(body: &Map<String, Value>, field: &str) -> Result<Option<RecordId>, FieldProblem> {
    field_as::<String>(body, field)?
        .map(|s| RecordId::parse(&s).map_err(|e| field_problem(field, e)))
        .transpose()
}

stepped_from_logging!(Risk, RiskState);

impl RecordType for Risk {
    const KIND: &'static str = "risk";
    const NOUN: &'static str = "Risk";
    type Context = ();
    /// Accepting a residual risk is an approval (ISO/IEC 27001 6.1.3 f): only approvers and
    /// owners record one, and in their own name.
    const APPROVAL_FIELDS: &'static [&'static str] = &["acceptance"];

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "description" | "treatment_plan")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("state".into(), Value::from(self.state.as_str()));
        body.insert("logged_at".into(), Value::from(self.logged_at));
        for (field, value) in [
            ("description", &self.description),
            ("process", &self.process),
            ("threat", &self.threat),
            ("vulnerability", &self.vulnerability),
            ("owner", &self.owner),
            ("treatment_plan", &self.treatment_plan),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        for (field, link) in [("service", &self.service), ("item", &self.item)] {
            if let Some(id) = link {
                body.insert(field.into(), Value::from(id.as_str()));
            }
        }
        for (field, level) in LEVEL_FIELDS.iter().zip(self.levels()) {
            if let Some(level) = level {
                body.insert((*field).into(), Value::from(level));
            }
        }
        if let Some(treatment) = self.treatment {
            body.insert("treatment".into(), Value::from(treatment.as_str()));
        }
        if let Some(acceptance) = &self.acceptance {
            body.insert(
                "acceptance".into(),
                serde_json::to_value(acceptance).expect("plain data"),
            );
        }
        if let Some(due) = self.review_due {
            body.insert("review_due".into(), Value::from(due.to_string()));
        }
        if let Some(last) = self.last_review {
            body.insert("last_review".into(), Value::from(last.to_string()));
        }
        // Stored only when chosen, so risks made before the interval read as they were.
        if self.review_months != DEFAULT_REVIEW_MONTHS {
            body.insert("review_months".into(), Value::from(self.review_months));
        }
        super::item_links::write_item_links(&mut body, CONTROL, &self.controls);
        self.steps.write(&mut body);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| {
            k.starts_with(STEP_PREFIX) || crate::itsm::entries::is_entry(k, CONTROL)
        })?;
        let level = |field: &str| field_as::<u8>(body, field);
        let risk = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            description: text(body, "description")?,
            service: record_link(body, "service")?,
            item: record_link(body, "item")?,
            process: text(body, "process")?,
            threat: text(body, "threat")?,
            vulnerability: text(body, "vulnerability")?,
            owner: text(body, "owner")?,
            impact: Cia {
                confidentiality: level("impact_c")?,
                integrity: level("impact_i")?,
                availability: level("impact_a")?,
            },
            likelihood: level("likelihood")?,
            treatment: crate::itsm::named_field(body, "treatment", Treatment::parse)?,
            treatment_plan: text(body, "treatment_plan")?,
            controls: super::item_links::read_item_links(body, CONTROL)?,
            residual_likelihood: level("residual_likelihood")?,
            residual_impact: level("residual_impact")?,
            acceptance: field_as(body, "acceptance")?,
            review_due: field_as(body, "review_due")?,
            review_months: field_as(body, "review_months")?.unwrap_or(DEFAULT_REVIEW_MONTHS),
            last_review: field_as(body, "last_review")?,
            state: crate::itsm::required_named(body, "state", RiskState::parse)?,
            steps: StepLog::read(body)?,
            logged_at: field_as(body, "logged_at")?
                .ok_or_else(|| field_problem("logged_at", "is missing"))?,
        };
        risk.check()?;
        Ok(risk)
    }
}
