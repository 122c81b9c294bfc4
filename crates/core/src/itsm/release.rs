//! Releases and deployments (ISO/IEC 20000-1 8.5.3): changes bundled into a release, built,
//! accepted against criteria agreed beforehand, deployed, and reviewed — or failed, with an
//! analysis of why before it is planned again or reviewed. Bundled changes are links, one field
//! each (`change#ID`), so changes added apart are all kept.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change_request::{ChangeRequest, ChangeState};
use super::links::{is_link_field, read_links, write_links};
use super::ticket::{reference, text};
use super::too_long;
use super::workflow::{Lifecycle, STEP_PREFIX, StepLog};
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title, version or owner.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest long text.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Where the links to bundled changes start (`change#ID`).
pub const CHANGE: &str = "change";
/// Where links to the configuration items it changes start (`item#ID`).
pub const ITEM: &str = "item";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReleaseState {
    Planned,
    Built,
    Accepted,
    Deployed,
    Failed,
    Reviewed,
    Closed,
}

impl Lifecycle for ReleaseState {
    const ALL: &'static [Self] = &[
        Self::Planned,
        Self::Built,
        Self::Accepted,
        Self::Deployed,
        Self::Failed,
        Self::Reviewed,
        Self::Closed,
    ];
    const INITIAL: Self = Self::Planned;

    fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Built => "built",
            Self::Accepted => "accepted",
            Self::Deployed => "deployed",
            Self::Failed => "failed",
            Self::Reviewed => "reviewed",
            Self::Closed => "closed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Planned => "Planned",
            Self::Built => "Built",
            Self::Accepted => "Accepted",
            Self::Deployed => "Deployed",
            Self::Failed => "Failed",
            Self::Reviewed => "Reviewed",
            Self::Closed => "Closed",
        }
    }

    fn next(self) -> &'static [Self] {
        use ReleaseState::*;
        match self {
            Planned => &[Built],
            // Back to planned: the build is redone.
            Built => &[Accepted, Planned],
            Accepted => &[Deployed, Failed],
            // Failed after deployment: rolled back.
            Deployed => &[Reviewed, Failed],
            // Planned again after a fix, or reviewed as it stands.
            Failed => &[Planned, Reviewed],
            Reviewed => &[Closed],
            Closed => &[],
        }
    }
}

/// A release record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub id: RecordId,
    pub title: String,
    pub version: String,
    pub description: String,
    pub service: Option<RecordId>,
    pub owner: String,
    /// The changes it bundles.
    pub changes: BTreeSet<RecordId>,
    /// The configuration items it changes.
    pub items: BTreeSet<RecordId>,
    /// What must hold before it is deployed, agreed beforehand.
    pub acceptance_criteria: String,
    /// How the criteria were shown to hold (tests, sign-off).
    pub acceptance_result: String,
    /// When it is to be deployed (Unix ms).
    pub planned_at: Option<i64>,
    /// Why a failed release failed, and what follows.
    pub failure_analysis: String,
    pub review: String,
    pub state: ReleaseState,
    pub steps: StepLog<ReleaseState>,
    /// Planned (Unix ms).
    pub logged_at: i64,
}

const FIELDS: &[&str] = &[
    "title",
    "version",
    "description",
    "service",
    "owner",
    "acceptance_criteria",
    "acceptance_result",
    "planned_at",
    "failure_analysis",
    "review",
    "state",
    "logged_at",
];

/// The long texts, by field.
pub const LONG_TEXTS: &[&str] = &[
    "description",
    "acceptance_criteria",
    "acceptance_result",
    "failure_analysis",
    "review",
];

impl Release {
    pub fn new(id: RecordId, title: &str, logged_at: i64) -> Result<Self, FieldProblem> {
        let release = Self {
            id,
            title: title.trim().to_owned(),
            version: String::new(),
            description: String::new(),
            service: None,
            owner: String::new(),
            changes: BTreeSet::new(),
            items: BTreeSet::new(),
            acceptance_criteria: String::new(),
            acceptance_result: String::new(),
            planned_at: None,
            failure_analysis: String::new(),
            review: String::new(),
            state: ReleaseState::INITIAL,
            steps: StepLog::default(),
            logged_at,
        };
        release.check().map(|()| release)
    }

    /// A long text by its field name (empty for any other name).
    pub fn long_text(&self, field: &str) -> &str {
        match field {
            "description" => &self.description,
            "acceptance_criteria" => &self.acceptance_criteria,
            "acceptance_result" => &self.acceptance_result,
            "failure_analysis" => &self.failure_analysis,
            "review" => &self.review,
            _ => "",
        }
    }

    /// Sets a long text by its field name (other names change nothing).
    pub fn set_long_text(&mut self, field: &str, value: String) {
        match field {
            "description" => self.description = value,
            "acceptance_criteria" => self.acceptance_criteria = value,
            "acceptance_result" => self.acceptance_result = value,
            "failure_analysis" => self.failure_analysis = value,
            "review" => self.review = value,
            _ => {}
        }
    }

    /// Whether it was ever in `state` (or is now).
    pub fn reached(&self, state: ReleaseState) -> bool {
        self.state == state || self.steps.entered(&[state])
    }

    /// The rules every release keeps, whatever path it took: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        use ReleaseState::*;
        let length =
            |field: &str, text: &str, max: usize| too_long(field, text, max).map_or(Ok(()), Err);
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A release needs a title."));
        }
        for (field, text) in [
            ("title", &self.title),
            ("version", &self.version),
            ("owner", &self.owner),
        ] {
            length(field, text, TITLE_MAX_CHARS)?;
        }
        for field in LONG_TEXTS {
            length(field, self.long_text(field), TEXT_MAX_CHARS)?;
        }
        if self.logged_at < 0 || self.planned_at.is_some_and(|at| at < 0) {
            return Err(field_problem(
                "logged_at",
                "A time of the release is not valid.",
            ));
        }
        self.steps
            .check_from(self.logged_at, "the release was planned")?;
        let needs = |field: &str, problem: &str| {
            if self.long_text(field).trim().is_empty() {
                Err(field_problem(field, problem))
            } else {
                Ok(())
            }
        };
        if self.state != Planned && self.changes.is_empty() {
            return Err(field_problem(
                CHANGE,
                "A release is built only once it bundles at least one change.",
            ));
        }
        let accepted = matches!(self.state, Accepted | Deployed)
            || (matches!(self.state, Reviewed | Closed) && self.reached(Accepted));
        if accepted {
            needs(
                "acceptance_criteria",
                "A release is accepted only against acceptance criteria written down.",
            )?;
            needs(
                "acceptance_result",
                "A release is accepted only once how its criteria were met is recorded.",
            )?;
        }
        if self.reached(Failed) && self.state != Failed {
            needs(
                "failure_analysis",
                "A failed release moves on only once its failure is analysed.",
            )?;
        }
        if matches!(self.state, Reviewed | Closed) {
            needs(
                "review",
                "A release is reviewed only once its review is written.",
            )?;
        }
        Ok(())
    }
}

/// Why `release` cannot be deployed yet given the changes recorded (`changes`): a bundled
/// change not approved, or no longer recorded. Checked by the app before the step; the record
/// alone cannot know the changes' states.
pub fn deploy_blocker(release: &Release, changes: &[ChangeRequest]) -> Option<String> {
    const READY: &[ChangeState] = &[
        ChangeState::Approved,
        ChangeState::Scheduled,
        ChangeState::Implemented,
        ChangeState::Reviewed,
        ChangeState::Closed,
    ];
    release.changes.iter().find_map(|id| {
        match changes.iter().find(|c| &c.id == id) {
            None => Some("A change it bundles is no longer recorded: remove it first.".to_owned()),
            Some(c) if !READY.contains(&c.state) || !c.went_ahead() => Some(format!(
                "The change “{}” is {}: a release is deployed only with every change it bundles approved.",
                c.title,
                c.state.label().to_lowercase()
            )),
            Some(_) => None,
        }
    })
}

stepped_from_logging!(Release, ReleaseState);

impl RecordType for Release {
    const KIND: &'static str = "release";
    const NOUN: &'static str = "Release";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        LONG_TEXTS.contains(&field)
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("state".into(), Value::from(self.state.as_str()));
        body.insert("logged_at".into(), Value::from(self.logged_at));
        for field in ["version", "owner"]
            .into_iter()
            .chain(LONG_TEXTS.iter().copied())
        {
            let text = match field {
                "version" => &self.version,
                "owner" => &self.owner,
                _ => self.long_text(field),
            };
            if !text.is_empty() {
                body.insert(field.into(), Value::from(text));
            }
        }
        if let Some(service) = &self.service {
            body.insert("service".into(), Value::from(service.as_str()));
        }
        if let Some(at) = self.planned_at {
            body.insert("planned_at".into(), Value::from(at));
        }
        write_links(&mut body, CHANGE, &self.changes);
        write_links(&mut body, ITEM, &self.items);
        self.steps.write(&mut body);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| {
            k.starts_with(STEP_PREFIX) || is_link_field(k, &[CHANGE, ITEM])
        })?;
        let required = |field: &str| field_problem(field, "is missing");
        let state: String = field_as(body, "state")?.ok_or_else(|| required("state"))?;
        let mut release = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| required("title"))?,
            version: text(body, "version")?,
            description: String::new(),
            service: reference(body, "service")?,
            owner: text(body, "owner")?,
            changes: read_links(body, CHANGE)?,
            items: read_links(body, ITEM)?,
            acceptance_criteria: String::new(),
            acceptance_result: String::new(),
            planned_at: field_as(body, "planned_at")?,
            failure_analysis: String::new(),
            review: String::new(),
            state: ReleaseState::parse(&state)
                .ok_or_else(|| field_problem("state", format!("no such state: {state:?}")))?,
            steps: StepLog::read(body)?,
            logged_at: field_as(body, "logged_at")?.ok_or_else(|| required("logged_at"))?,
        };
        for field in LONG_TEXTS {
            release.set_long_text(field, text(body, field)?);
        }
        release.check()?;
        Ok(release)
    }
}
