//! Changes (ISO/IEC 20000-1 8.5.1; ISO/IEC 27001 A.8.32): a request to change a service or
//! what it runs on, assessed for risk and impact (information security included), approved by
//! one or more approvers (a change advisory board), scheduled, implemented and reviewed — or
//! rejected, or failed and backed out. A change with major impact goes through service design
//! and transition (8.5.2) before approval. Decisions are entries of their own
//! (`decision#ID`), so two approvers deciding apart are both kept, and only approvers and
//! owners may write them ([`crate::roles`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entries::{entry_field, is_entry, read_entries, write_entries};
use super::links::{is_link_field, read_links, write_links};
use super::priority::Level;
use super::ticket::{reference, text};
use super::too_long;
use super::workflow::{Lifecycle, STEP_PREFIX, StepError, StepLog, Stepped};
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title, owner or approver's name.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest long text (description, assessments, plans, review).
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Longest note beside a decision.
pub const NOTE_MAX_CHARS: usize = 2_000;
/// The most approvals a change can ask for.
pub const MAX_APPROVALS: u8 = 9;
/// Where decision entries' field names start (`decision#ID`).
pub const DECISION: &str = "decision";
/// Where a change names the risks it affects or treats (`risk#ID`), listed on each risk's page.
pub const RISK_LINK: &str = "risk";

/// How a change is authorised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeType {
    /// Low risk, done often, pre-authorised: no board decides each one.
    Standard,
    /// Assessed and approved one by one.
    Normal,
    /// Needed at once to restore or protect a service: approved quickly, reviewed always.
    Emergency,
}

impl ChangeType {
    pub const ALL: [ChangeType; 3] = [Self::Standard, Self::Normal, Self::Emergency];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Normal => "normal",
            Self::Emergency => "emergency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard",
            Self::Normal => "Normal",
            Self::Emergency => "Emergency",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeState {
    Requested,
    Assessed,
    Approved,
    Rejected,
    Scheduled,
    Implemented,
    Failed,
    BackedOut,
    Reviewed,
    Closed,
}

impl Lifecycle for ChangeState {
    const ALL: &'static [Self] = &[
        Self::Requested,
        Self::Assessed,
        Self::Approved,
        Self::Rejected,
        Self::Scheduled,
        Self::Implemented,
        Self::Failed,
        Self::BackedOut,
        Self::Reviewed,
        Self::Closed,
    ];
    const INITIAL: Self = Self::Requested;

    fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Assessed => "assessed",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Scheduled => "scheduled",
            Self::Implemented => "implemented",
            Self::Failed => "failed",
            Self::BackedOut => "backed-out",
            Self::Reviewed => "reviewed",
            Self::Closed => "closed",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Requested => "Requested",
            Self::Assessed => "Assessed",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Scheduled => "Scheduled",
            Self::Implemented => "Implemented",
            Self::Failed => "Failed",
            Self::BackedOut => "Backed out",
            Self::Reviewed => "Reviewed",
            Self::Closed => "Closed",
        }
    }

    fn next(self) -> &'static [Self] {
        use ChangeState::*;
        match self {
            // Rejecting takes an approver's decision, which is taken once it is assessed.
            Requested => &[Assessed],
            // Back to requested: sent back for more information.
            Assessed => &[Approved, Rejected, Requested],
            Approved => &[Scheduled],
            // Resubmitted (a new round of decisions), or closed.
            Rejected => &[Requested, Closed],
            // Back to approved: taken off the schedule.
            Scheduled => &[Implemented, Failed, Approved],
            Implemented => &[Reviewed, Failed, Closed],
            Failed => &[BackedOut],
            BackedOut => &[Reviewed, Closed],
            Reviewed => &[Closed],
            Closed => &[],
        }
    }
}

/// States a change reaches only once approved (closed counts when it was approved on the way).
const WENT_AHEAD: &[ChangeState] = &[
    ChangeState::Approved,
    ChangeState::Scheduled,
    ChangeState::Implemented,
    ChangeState::Failed,
    ChangeState::BackedOut,
    ChangeState::Reviewed,
];
/// States a change reaches only once scheduled.
const SCHEDULED: &[ChangeState] = &[
    ChangeState::Scheduled,
    ChangeState::Implemented,
    ChangeState::Failed,
    ChangeState::BackedOut,
    ChangeState::Reviewed,
];

/// What an approver decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Approve,
    Reject,
}

/// One approver's decision on a change, in their own name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub by: String,
    pub verdict: Verdict,
    /// When (Unix ms).
    pub at: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A change record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRequest {
    pub id: RecordId,
    pub title: String,
    pub description: String,
    pub change_type: ChangeType,
    /// Major impact on services or customers: goes through service design and transition.
    pub major_impact: bool,
    pub service: Option<RecordId>,
    /// The problem it removes, when it removes one.
    pub problem: Option<RecordId>,
    pub owner: String,
    /// The risk as assessed.
    pub risk: Option<Level>,
    /// The risks of the register it affects or treats.
    pub risks: BTreeSet<RecordId>,
    /// Impact on services, customers and other changes.
    pub impact: String,
    /// Impact on information security (confidentiality, integrity, availability; controls).
    pub security_impact: String,
    /// For a major-impact change: how the new or changed service is designed and transitioned.
    pub design: String,
    pub backout_plan: String,
    /// How many approvals from different approvers it needs (not for a standard change).
    pub approvals_needed: u8,
    pub decisions: BTreeMap<RecordId, Decision>,
    /// The window it is scheduled in (Unix ms).
    pub planned_start: Option<i64>,
    pub planned_end: Option<i64>,
    /// What was done when it was implemented.
    pub implementation: String,
    /// How a failed change was backed out.
    pub backout_record: String,
    /// The post-implementation review.
    pub review: String,
    pub state: ChangeState,
    pub steps: StepLog<ChangeState>,
    /// Requested (Unix ms).
    pub logged_at: i64,
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "type",
    "major_impact",
    "service",
    "problem",
    "owner",
    "risk",
    "impact",
    "security_impact",
    "design",
    "backout_plan",
    "approvals_needed",
    "planned_start",
    "planned_end",
    "implementation",
    "backout_record",
    "review",
    "state",
    "logged_at",
];

/// The long texts, by field.
pub const LONG_TEXTS: &[&str] = &[
    "description",
    "impact",
    "security_impact",
    "design",
    "backout_plan",
    "implementation",
    "backout_record",
    "review",
];

/// Why a decision cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("A change is decided on once it is assessed; this one is {0}.")]
    NotAwaiting(&'static str),
    #[error("A standard change is pre-authorised: nobody decides on it one by one.")]
    Standard,
    #[error("{0} has already decided on this change in this round.")]
    AlreadyDecided(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Step(#[from] StepError),
}

impl ChangeRequest {
    pub fn new(
        id: RecordId,
        change_type: ChangeType,
        title: &str,
        logged_at: i64,
    ) -> Result<Self, FieldProblem> {
        let change = Self {
            id,
            title: title.trim().to_owned(),
            description: String::new(),
            change_type,
            major_impact: false,
            service: None,
            problem: None,
            owner: String::new(),
            risk: None,
            risks: BTreeSet::new(),
            impact: String::new(),
            security_impact: String::new(),
            design: String::new(),
            backout_plan: String::new(),
            approvals_needed: 1,
            decisions: BTreeMap::new(),
            planned_start: None,
            planned_end: None,
            implementation: String::new(),
            backout_record: String::new(),
            review: String::new(),
            state: ChangeState::INITIAL,
            steps: StepLog::default(),
            logged_at,
        };
        change.check().map(|()| change)
    }

    /// A long text by its field name (empty for any other name).
    pub fn long_text(&self, field: &str) -> &str {
        match field {
            "description" => &self.description,
            "impact" => &self.impact,
            "security_impact" => &self.security_impact,
            "design" => &self.design,
            "backout_plan" => &self.backout_plan,
            "implementation" => &self.implementation,
            "backout_record" => &self.backout_record,
            "review" => &self.review,
            _ => "",
        }
    }

    /// Sets a long text by its field name (other names change nothing).
    pub fn set_long_text(&mut self, field: &str, value: String) {
        match field {
            "description" => self.description = value,
            "impact" => self.impact = value,
            "security_impact" => self.security_impact = value,
            "design" => self.design = value,
            "backout_plan" => self.backout_plan = value,
            "implementation" => self.implementation = value,
            "backout_record" => self.backout_record = value,
            "review" => self.review = value,
            _ => {}
        }
    }

    fn ever_entered(&self, state: ChangeState) -> bool {
        self.state == state || self.steps.entered(&[state])
    }

    /// Whether it was approved to go ahead (it may have finished since).
    pub fn went_ahead(&self) -> bool {
        WENT_AHEAD.contains(&self.state)
            || (self.state == ChangeState::Closed && self.ever_entered(ChangeState::Approved))
    }

    fn was_scheduled(&self) -> bool {
        SCHEDULED.contains(&self.state)
            || (self.state == ChangeState::Closed && self.ever_entered(ChangeState::Scheduled))
    }

    /// When the present round of decisions began: the change's last return to requested
    /// (a resubmission), or its logging.
    pub fn round_start(&self) -> i64 {
        self.steps
            .ordered()
            .iter()
            .rev()
            .find(|s| s.to == ChangeState::Requested)
            .map_or(self.logged_at, |s| s.at)
    }

    /// The decisions of the present round, in the order they were made.
    pub fn round(&self) -> Vec<(&RecordId, &Decision)> {
        let start = self.round_start();
        let mut round: Vec<_> = self
            .decisions
            .iter()
            .filter(|(_, d)| d.at >= start)
            .collect();
        crate::order::sort_by(&mut round, |a, b| {
            a.1.at.cmp(&b.1.at).then_with(|| a.0.cmp(b.0))
        });
        round
    }

    /// The different approvers who approved in this round, in the order they did.
    pub fn approvers(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (_, d) in self.round() {
            if d.verdict == Verdict::Approve && !names.contains(&d.by.as_str()) {
                names.push(&d.by);
            }
        }
        names
    }

    /// Who rejected it in this round.
    pub fn rejected_by(&self) -> Option<&str> {
        self.round()
            .into_iter()
            .find(|(_, d)| d.verdict == Verdict::Reject)
            .map(|(_, d)| d.by.as_str())
    }

    /// Waiting on decisions: assessed, not standard, not yet approved.
    pub fn awaits_approval(&self) -> bool {
        self.state == ChangeState::Assessed && self.change_type != ChangeType::Standard
    }

    /// Records `decision` (its `by` is the approver's own name) and, when it settles the
    /// round, takes the step it settles: a rejection rejects the change; the last approval
    /// needed approves it. Refused, changing nothing, when the change is not awaiting
    /// decisions, the approver has already decided in this round, or the decision is not
    /// valid. Returns the state reached.
    pub fn decide(
        &mut self,
        id: RecordId,
        decision: Decision,
        step_id: RecordId,
    ) -> Result<ChangeState, DecisionError> {
        if self.change_type == ChangeType::Standard {
            return Err(DecisionError::Standard);
        }
        if self.state != ChangeState::Assessed {
            return Err(DecisionError::NotAwaiting(self.state.label()));
        }
        let by = decision.by.trim().to_owned();
        if self.round().iter().any(|(_, d)| d.by == by) {
            return Err(DecisionError::AlreadyDecided(by));
        }
        let mut next = self.clone();
        let at = decision.at.max(self.round_start());
        next.decisions.insert(
            id,
            Decision {
                by,
                at,
                note: decision.note.trim().to_owned(),
                ..decision
            },
        );
        next.check()
            .map_err(|(_, problem)| DecisionError::Invalid(problem))?;
        match decision.verdict {
            Verdict::Reject => next.step(ChangeState::Rejected, step_id, at)?,
            Verdict::Approve if next.approvers().len() >= usize::from(next.approvals_needed) => {
                next.step(ChangeState::Approved, step_id, at)?;
            }
            Verdict::Approve => {}
        }
        *self = next;
        Ok(self.state)
    }

    /// The rules every change keeps, whatever path it took: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        self.check_fields()?;
        self.check_decisions()?;
        self.check_guards()
    }

    fn check_fields(&self) -> Result<(), FieldProblem> {
        let length =
            |field: &str, text: &str, max: usize| too_long(field, text, max).map_or(Ok(()), Err);
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A change needs a title."));
        }
        length("title", &self.title, TITLE_MAX_CHARS)?;
        length("owner", &self.owner, TITLE_MAX_CHARS)?;
        for field in LONG_TEXTS {
            length(field, self.long_text(field), TEXT_MAX_CHARS)?;
        }
        if self.logged_at < 0 {
            return Err(field_problem(
                "logged_at",
                "The time it was requested is not valid.",
            ));
        }
        if !(1..=MAX_APPROVALS).contains(&self.approvals_needed) {
            return Err(field_problem(
                "approvals_needed",
                format!("A change needs between 1 and {MAX_APPROVALS} approvals."),
            ));
        }
        match (self.planned_start, self.planned_end) {
            (None, Some(_)) => {
                return Err(field_problem(
                    "planned_start",
                    "A planned end needs a planned start.",
                ));
            }
            (Some(start), Some(end)) if end <= start => {
                return Err(field_problem(
                    "planned_end",
                    "The planned end must come after the planned start.",
                ));
            }
            (Some(start), _) if start < 0 => {
                return Err(field_problem(
                    "planned_start",
                    "The planned start is not valid.",
                ));
            }
            _ => {}
        }
        self.steps
            .check_from(self.logged_at, "the change was requested")?;
        Ok(())
    }

    fn check_decisions(&self) -> Result<(), FieldProblem> {
        for (id, decision) in &self.decisions {
            let field = entry_field(DECISION, id);
            if decision.by.trim().is_empty() {
                return Err(field_problem(&field, "A decision names who made it."));
            }
            if let Some(problem) = too_long(&field, &decision.by, TITLE_MAX_CHARS)
                .or_else(|| too_long(&field, &decision.note, NOTE_MAX_CHARS))
            {
                return Err(problem);
            }
            if decision.at < self.logged_at {
                return Err(field_problem(
                    &field,
                    "A decision cannot be dated before the change was requested.",
                ));
            }
        }
        Ok(())
    }

    fn check_guards(&self) -> Result<(), FieldProblem> {
        let needs = |field: &str, text: &str, problem: &str| {
            if text.trim().is_empty() {
                Err(field_problem(field, problem))
            } else {
                Ok(())
            }
        };
        let assessed = self.state == ChangeState::Assessed || self.went_ahead();
        if assessed {
            if self.risk.is_none() {
                return Err(field_problem(
                    "risk",
                    "A change is assessed only once its risk is rated.",
                ));
            }
            needs(
                "impact",
                &self.impact,
                "A change is assessed only once its impact is written down.",
            )?;
            needs(
                "security_impact",
                &self.security_impact,
                "A change is assessed only once its impact on information security is written down (or that there is none).",
            )?;
        }
        if self.went_ahead() {
            if self.major_impact {
                needs(
                    "design",
                    &self.design,
                    "A change with major impact is approved only once its service design and transition are written down.",
                )?;
            }
            // A rejection that crossed the last approval on another device does not undo
            // it: the approvals counted are what let the change go ahead.
            if self.change_type != ChangeType::Standard {
                let approvers = self.approvers();
                let needed = usize::from(self.approvals_needed);
                if approvers.len() < needed {
                    let so_far = match approvers.as_slice() {
                        [] => "none yet".to_owned(),
                        names => format!("{} so far ({})", names.len(), names.join(", ")),
                    };
                    return Err((
                        None,
                        format!(
                            "A {} change is approved by {needed} approver{}: {so_far}.",
                            self.change_type.label().to_lowercase(),
                            if needed == 1 { "" } else { "s" }
                        ),
                    ));
                }
            }
        }
        if self.state == ChangeState::Rejected && self.rejected_by().is_none() {
            return Err((
                None,
                "A change is rejected by an approver's decision.".to_owned(),
            ));
        }
        if self.was_scheduled() {
            if self.planned_start.is_none() || self.planned_end.is_none() {
                return Err(field_problem(
                    "planned_start",
                    "A change is scheduled only with its planned start and end.",
                ));
            }
            needs(
                "backout_plan",
                &self.backout_plan,
                "A change is scheduled only with a back-out plan.",
            )?;
        }
        if self.ever_entered(ChangeState::BackedOut) {
            needs(
                "backout_record",
                &self.backout_record,
                "A failed change is backed out only once how it was backed out is recorded.",
            )?;
        }
        if self.state == ChangeState::Reviewed {
            needs(
                "review",
                &self.review,
                "A change is reviewed only once its post-implementation review is written.",
            )?;
        }
        if self.state == ChangeState::Closed
            && self.change_type == ChangeType::Emergency
            && self.went_ahead()
        {
            needs(
                "review",
                &self.review,
                "An emergency change cannot close before its post-implementation review is written.",
            )?;
        }
        Ok(())
    }
}

stepped_from_logging!(ChangeRequest, ChangeState);

impl RecordType for ChangeRequest {
    const KIND: &'static str = "change_request";
    const NOUN: &'static str = "Change";
    type Context = ();
    /// The number of approvals a change needs is the board's to set, like the decisions.
    const APPROVAL_FIELDS: &'static [&'static str] = &[DECISION, "approvals_needed"];

    fn keeps_versions(field: &str) -> bool {
        LONG_TEXTS.contains(&field)
    }

    fn is_approval(field: &str, value: Option<&Value>) -> bool {
        // Only approvers make a change standard (pre-authorised): it then skips the board.
        Self::APPROVAL_FIELDS.contains(&field)
            || is_entry(field, DECISION)
            || (field == "type" && value.and_then(Value::as_str) == Some("standard"))
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("type".into(), Value::from(self.change_type.as_str()));
        body.insert("state".into(), Value::from(self.state.as_str()));
        body.insert("logged_at".into(), Value::from(self.logged_at));
        // One approval is the default and is not written, so that an editor creating a change
        // sets no approval field.
        if self.approvals_needed != 1 {
            body.insert(
                "approvals_needed".into(),
                Value::from(self.approvals_needed),
            );
        }
        if self.major_impact {
            body.insert("major_impact".into(), Value::Bool(true));
        }
        if !self.owner.is_empty() {
            body.insert("owner".into(), Value::from(self.owner.clone()));
        }
        for field in LONG_TEXTS {
            let text = self.long_text(field);
            if !text.is_empty() {
                body.insert((*field).into(), Value::from(text));
            }
        }
        for (field, id) in [("service", &self.service), ("problem", &self.problem)] {
            if let Some(id) = id {
                body.insert(field.into(), Value::from(id.as_str()));
            }
        }
        if let Some(risk) = self.risk {
            body.insert("risk".into(), Value::from(risk.as_str()));
        }
        for (field, at) in [
            ("planned_start", self.planned_start),
            ("planned_end", self.planned_end),
        ] {
            if let Some(at) = at {
                body.insert(field.into(), Value::from(at));
            }
        }
        write_entries(&mut body, DECISION, &self.decisions);
        write_links(&mut body, RISK_LINK, &self.risks);
        self.steps.write(&mut body);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| {
            k.starts_with(STEP_PREFIX) || is_entry(k, DECISION) || is_link_field(k, &[RISK_LINK])
        })?;
        let required = |field: &str| field_problem(field, "is missing");
        let state: String = field_as(body, "state")?.ok_or_else(|| required("state"))?;
        let change_type: String = field_as(body, "type")?.ok_or_else(|| required("type"))?;
        let risk = field_as::<String>(body, "risk")?
            .map(|r| {
                Level::parse(&r)
                    .ok_or_else(|| field_problem("risk", format!("no such risk level: {r:?}")))
            })
            .transpose()?;
        let mut change = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| required("title"))?,
            description: String::new(),
            change_type: ChangeType::parse(&change_type).ok_or_else(|| {
                field_problem("type", format!("no such type of change: {change_type:?}"))
            })?,
            major_impact: field_as(body, "major_impact")?.unwrap_or(false),
            service: reference(body, "service")?,
            problem: reference(body, "problem")?,
            owner: text(body, "owner")?,
            risk,
            risks: read_links(body, RISK_LINK)?,
            impact: String::new(),
            security_impact: String::new(),
            design: String::new(),
            backout_plan: String::new(),
            approvals_needed: field_as(body, "approvals_needed")?.unwrap_or(1),
            decisions: read_entries(body, DECISION)?,
            planned_start: field_as(body, "planned_start")?,
            planned_end: field_as(body, "planned_end")?,
            implementation: String::new(),
            backout_record: String::new(),
            review: String::new(),
            state: ChangeState::parse(&state)
                .ok_or_else(|| field_problem("state", format!("no such state: {state:?}")))?,
            steps: StepLog::read(body)?,
            logged_at: field_as(body, "logged_at")?.ok_or_else(|| required("logged_at"))?,
        };
        for field in LONG_TEXTS {
            change.set_long_text(field, text(body, field)?);
        }
        change.check()?;
        Ok(change)
    }
}
