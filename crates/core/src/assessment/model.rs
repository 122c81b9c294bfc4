use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use super::finding::Finding;
use crate::framework::{Catalogue, Framework, Item, iso20000, iso27001};
use crate::ids::{RecordId, RecordKind};
use crate::maturity::{AttributeRatings, Scale};
use crate::typed::{FieldProblem, RecordType, field_problem};

pub fn assessment_kind() -> RecordKind {
    Assessment::kind()
}

/// Which standard(s) an assessment covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrameworkChoice {
    Iso20000,
    Iso27001,
    /// Both, with equivalent clauses answered once.
    Integrated,
    /// A framework imported into the workspace, named by `AssessmentMeta::framework`.
    Imported,
}

impl FrameworkChoice {
    /// The built-in choices.
    pub const ALL: [FrameworkChoice; 3] = [Self::Iso20000, Self::Iso27001, Self::Integrated];

    pub fn label(self) -> &'static str {
        match self {
            Self::Iso20000 => "ISO/IEC 20000-1:2018",
            Self::Iso27001 => "ISO/IEC 27001:2022",
            Self::Integrated => "Integrated: ISO/IEC 20000-1 and ISO/IEC 27001",
            Self::Imported => "Imported framework",
        }
    }
}

/// A rating on the assessment's scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    /// A level 0–5 on the ISMS maturity scale.
    Level(u8),
    /// ISO/IEC 33020 attribute ratings; the level follows from them.
    Attributes(AttributeRatings),
}

impl Rating {
    /// The level 0–5 this rating amounts to.
    pub fn level(&self) -> u8 {
        match self {
            Rating::Level(level) => *level,
            Rating::Attributes(ratings) => ratings.capability_level(),
        }
    }

    fn scale(&self) -> Scale {
        match self {
            Rating::Level(_) => Scale::IsmsMaturity,
            Rating::Attributes(_) => Scale::ProcessCapability,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

/// Everything recorded about one item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ItemAnswer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// Overrides the assessment's target for this item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<u8>,
    /// Set when the item is excluded, with the justification (Annex A controls only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// The conformity finding; `None` is "not assessed".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
    /// Whether the documented information the item calls for is in place; `None` is "not
    /// checked". Only items that call for documented information have it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documented: Option<bool>,
    /// On an ISO/IEC 27001 clause of an integrated assessment with an equivalent ISO/IEC
    /// 20000-1 clause: whether it shares that clause's answer. `None` follows the assessment's
    /// sharing rules. Kept on the 27001 clause's own answer, which holds its separate answer
    /// too, set aside while shared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentMeta {
    pub title: String,
    pub frameworks: FrameworkChoice,
    pub scale: Scale,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub assessor: String,
    /// The day of the assessment, `YYYY-MM-DD`.
    pub date: String,
    /// The level every item aims for unless it sets its own (1–5).
    pub target: u8,
    pub created_at: i64,
    /// The id of the imported framework, when `frameworks` is `Imported`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Which equivalent clauses start shared in an integrated assessment (see
    /// [`SHARING_RULES`]); assessments made before there was a choice have 1.
    #[serde(
        default = "first_sharing_rules",
        skip_serializing_if = "is_first_sharing_rules"
    )]
    pub sharing_rules: u8,
    /// A clause rated below this level is a certification blocker (0: none is, by level).
    #[serde(
        default = "default_blocker_level",
        skip_serializing_if = "is_default_blocker_level"
    )]
    pub blocker_level: u8,
    /// The day the results were approved (`YYYY-MM-DD`), by someone allowed to approve: an
    /// approval field ([`crate::roles`]), which only approvers and owners may set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<String>,
}

/// The sharing rules new assessments follow:
/// - 1: an ISO/IEC 27001 clause shares the answer of an ISO/IEC 20000-1 clause equivalent to
///   it by number (4.3 included; 9.2.x and 9.3.x, whose equivalents are headings, not);
/// - 2: every equivalent pair shares, internal audit and management review included, except
///   the scope (4.3), which the profile keeps apart for each system.
pub const SHARING_RULES: u8 = 2;

// Left out of stored bodies when they hold the value an absent field reads as, so that
// assessments stored before these settings existed read and write back unchanged.
fn first_sharing_rules() -> u8 {
    1
}

fn is_first_sharing_rules(rules: &u8) -> bool {
    *rules == first_sharing_rules()
}

/// The level below which a clause is a certification blocker unless the assessment says else.
pub const DEFAULT_BLOCKER_LEVEL: u8 = 2;

fn default_blocker_level() -> u8 {
    DEFAULT_BLOCKER_LEVEL
}

fn is_default_blocker_level(level: &u8) -> bool {
    *level == DEFAULT_BLOCKER_LEVEL
}

/// Why an assessment change was refused; full sentences for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessmentError {
    #[error("{field} {problem}")]
    InvalidField {
        field: &'static str,
        problem: String,
    },
    #[error("This assessment does not cover {0}.")]
    UnknownItem(String),
    #[error("{0} is a heading; rate the items under it.")]
    NotAssessable(String),
    #[error("This item is rated on the {expected} scale; that rating belongs to another scale.")]
    WrongScale { expected: &'static str },
    #[error("A level is a whole number from 0 to 5.")]
    LevelOutOfRange,
    #[error("{0}")]
    ExclusionNotAllowed(String),
    #[error("{0} does not call for documented information of its own.")]
    NoDocumentedInformation(String),
    #[error("{0}")]
    NotShareable(String),
    #[error(
        "Say why the control does not apply: the Statement of Applicability needs a justification for every exclusion."
    )]
    JustificationMissing,
}

fn field_error(field: &'static str, problem: impl Into<String>) -> AssessmentError {
    AssessmentError::InvalidField {
        field,
        problem: problem.into(),
    }
}

fn check_length(field: &'static str, text: &str, max: usize) -> Result<(), AssessmentError> {
    let chars = text.chars().count();
    if chars > max {
        return Err(field_error(
            field,
            format!("can be at most {max} characters (this has {chars})."),
        ));
    }
    Ok(())
}

/// Checks a `YYYY-MM-DD` calendar date.
pub(crate) fn check_date(field: &'static str, date: &str) -> Result<(), AssessmentError> {
    crate::date::Date::parse(date)
        .map(drop)
        .map_err(|e| field_error(field, e.to_string()))
}

impl AssessmentMeta {
    /// The frameworks assessed, in order, as `catalogue` knows them (an imported framework
    /// missing from it is left out: the assessment then fails to validate).
    pub fn frameworks_in(&self, catalogue: &Catalogue) -> Vec<&'static Framework> {
        match self.frameworks {
            FrameworkChoice::Iso20000 => vec![iso20000()],
            FrameworkChoice::Iso27001 => vec![iso27001()],
            FrameworkChoice::Integrated => vec![iso20000(), iso27001()],
            FrameworkChoice::Imported => self
                .framework
                .as_deref()
                .and_then(|id| catalogue.find(id))
                .into_iter()
                .collect(),
        }
    }

    /// Trims the text fields and checks every rule; an imported framework must be in
    /// `catalogue`.
    pub fn validated(mut self, catalogue: &Catalogue) -> Result<Self, AssessmentError> {
        self.title = self.title.trim().to_owned();
        self.scope = self.scope.trim().to_owned();
        self.assessor = self.assessor.trim().to_owned();
        if self.title.is_empty() {
            return Err(field_error("The title", "cannot be empty."));
        }
        check_length("The title", &self.title, 120)?;
        check_length("The scope", &self.scope, 5_000)?;
        check_length("The assessor", &self.assessor, 200)?;
        check_date("The date", &self.date)?;
        if let Some(approved_on) = &self.approved_on {
            check_date("The approval date", approved_on)?;
        }
        if !(1..=5).contains(&self.target) {
            return Err(field_error("The target level", "must be from 1 to 5."));
        }
        check_blocker_level(self.blocker_level)?;
        if !(1..=SHARING_RULES).contains(&self.sharing_rules) {
            return Err(field_error(
                "The sharing rules",
                format!("must be from 1 to {SHARING_RULES}."),
            ));
        }
        match (self.frameworks, &self.framework) {
            (FrameworkChoice::Imported, Some(id)) if catalogue.find(id).is_none() => {
                return Err(field_error(
                    "The framework",
                    format!("{id} is not in this workspace (import it first)."),
                ));
            }
            (FrameworkChoice::Imported, None) => {
                return Err(field_error("The framework", "must be chosen."));
            }
            (FrameworkChoice::Imported, Some(_)) => {}
            (_, _) => self.framework = None,
        }
        Ok(self)
    }
}

/// An assessment: its settings, the frameworks they name (resolved when it was built), and the
/// answers given so far, keyed by `framework/item`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub id: RecordId,
    pub meta: AssessmentMeta,
    pub answers: BTreeMap<String, ItemAnswer>,
    frameworks: Assessed,
}

/// The frameworks an assessment covers. Frameworks are immutable once checked, so two lists
/// are equal when they hold the same frameworks.
#[derive(Debug, Clone)]
struct Assessed(Vec<&'static Framework>);

impl PartialEq for Assessed {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| std::ptr::eq(*a, *b) || a == b)
    }
}

impl Eq for Assessed {}

/// The key of an item within an assessment: `iso27001:2022/A.5.1`.
pub fn item_key(framework: &Framework, item: &Item) -> String {
    format!("{}/{}", framework.id, item.id)
}

impl Assessment {
    /// A new assessment whose frameworks come from `catalogue`.
    pub fn new(
        id: RecordId,
        meta: AssessmentMeta,
        catalogue: &Catalogue,
    ) -> Result<Self, AssessmentError> {
        let meta = meta.validated(catalogue)?;
        let frameworks = Assessed(meta.frameworks_in(catalogue));
        Ok(Self {
            id,
            meta,
            answers: BTreeMap::new(),
            frameworks,
        })
    }

    /// The frameworks assessed, in order.
    pub fn frameworks(&self) -> &[&'static Framework] {
        &self.frameworks.0
    }

    /// A catalogue of the frameworks this assessment covers, to read its body again.
    pub fn catalogue(&self) -> Catalogue {
        Catalogue::of(self.frameworks())
    }

    /// What is assessed, for people: the standard's or the imported framework's name.
    pub fn frameworks_label(&self) -> String {
        match self.meta.frameworks {
            FrameworkChoice::Imported => self
                .frameworks()
                .first()
                .map_or_else(|| "Imported framework".to_owned(), |f| f.name.clone()),
            choice => choice.label().to_owned(),
        }
    }

    /// Every assessable item in the assessment, in order, with its framework.
    pub fn items(&self) -> impl Iterator<Item = (&'static Framework, &'static Item)> + '_ {
        self.frameworks()
            .iter()
            .flat_map(|framework| framework.assessable().map(move |item| (*framework, item)))
    }

    /// Finds an item by its key.
    pub fn item(&self, key: &str) -> Result<(&'static Framework, &'static Item), AssessmentError> {
        let (framework_id, item_id) = key
            .split_once('/')
            .ok_or_else(|| AssessmentError::UnknownItem(key.to_owned()))?;
        let framework = *self
            .frameworks()
            .iter()
            .find(|f| f.id == framework_id)
            .ok_or_else(|| AssessmentError::UnknownItem(key.to_owned()))?;
        let item = framework
            .item(item_id)
            .ok_or_else(|| AssessmentError::UnknownItem(key.to_owned()))?;
        if !item.assessable {
            return Err(AssessmentError::NotAssessable(format!(
                "{} {}",
                item.id, item.title
            )));
        }
        Ok((framework, item))
    }

    /// Where an item's answer is kept: in an integrated assessment an ISO/IEC 27001 clause
    /// that shares the answer of its equivalent ISO/IEC 20000-1 clause keeps it there.
    pub fn answer_key(&self, key: &str) -> String {
        match self.shared_with(key) {
            Some(iso20000_id) => format!("{}/{iso20000_id}", iso20000().id),
            None => key.to_owned(),
        }
    }

    /// The answer an item shows (shared answers resolved).
    pub fn answer(&self, key: &str) -> Option<&ItemAnswer> {
        self.answers.get(&self.answer_key(key))
    }

    fn answer_mut(&mut self, key: &str) -> Result<&mut ItemAnswer, AssessmentError> {
        self.item(key)?;
        let key = self.answer_key(key);
        Ok(self.answers.entry(key).or_default())
    }

    /// The scale an item is rated on: ISO/IEC 33020 capability for processes in an assessment
    /// of process capability, else the 0–5 maturity scale.
    pub fn scale_of(&self, key: &str) -> Result<Scale, AssessmentError> {
        let (framework, item) = self.item(key)?;
        Ok(
            if self.meta.scale == Scale::ProcessCapability && framework.rates_as_process(item) {
                Scale::ProcessCapability
            } else {
                Scale::IsmsMaturity
            },
        )
    }

    /// Whether an item's rating is ISO/IEC 33020 capability on an item that is not a process:
    /// kept from before items said which are processes, and to be read as indicative only.
    pub fn is_indicative(&self, key: &str) -> bool {
        let attributes = self
            .answer(key)
            .is_some_and(|a| matches!(a.rating, Some(Rating::Attributes(_))));
        attributes && self.scale_of(key).ok() == Some(Scale::IsmsMaturity)
    }

    /// Checks a rating for an item; `indicative` also accepts capability ratings on items that
    /// are not processes, as stored before items said which are.
    fn check_rating(
        &self,
        key: &str,
        rating: &Rating,
        indicative: bool,
    ) -> Result<(), AssessmentError> {
        let scale = self.scale_of(key)?;
        let legacy = indicative
            && self.meta.scale == Scale::ProcessCapability
            && matches!(rating, Rating::Attributes(_));
        if rating.scale() != scale && !legacy {
            return Err(AssessmentError::WrongScale {
                expected: scale.name(),
            });
        }
        if matches!(rating, Rating::Level(level) if *level > 5) {
            return Err(AssessmentError::LevelOutOfRange);
        }
        Ok(())
    }

    pub fn set_rating(&mut self, key: &str, rating: Option<Rating>) -> Result<(), AssessmentError> {
        if let Some(rating) = &rating {
            self.check_rating(key, rating, false)?;
        }
        self.answer_mut(key)?.rating = rating;
        Ok(())
    }

    /// Clauses rated below `level` become certification blockers (0: none by its level).
    pub fn set_blocker_level(&mut self, level: u8) -> Result<(), AssessmentError> {
        check_blocker_level(level)?;
        self.meta.blocker_level = level;
        Ok(())
    }

    pub fn set_target(&mut self, key: &str, target: Option<u8>) -> Result<(), AssessmentError> {
        check_target(target)?;
        self.answer_mut(key)?.target = target;
        Ok(())
    }

    pub fn set_finding(
        &mut self,
        key: &str,
        finding: Option<Finding>,
    ) -> Result<(), AssessmentError> {
        self.answer_mut(key)?.finding = finding;
        Ok(())
    }

    /// Records whether the documented information an item calls for is in place (`None`: not
    /// checked); only items that call for documented information take it.
    pub fn set_documented(
        &mut self,
        key: &str,
        documented: Option<bool>,
    ) -> Result<(), AssessmentError> {
        if documented.is_some() {
            self.check_documented(key)?;
        }
        self.answer_mut(key)?.documented = documented;
        Ok(())
    }

    fn check_documented(&self, key: &str) -> Result<(), AssessmentError> {
        let (_, item) = self.item(key)?;
        if item.documented {
            Ok(())
        } else {
            Err(AssessmentError::NoDocumentedInformation(format!(
                "{} {}",
                item.id, item.title
            )))
        }
    }

    /// Marks an item not applicable, which only Annex A controls allow, with a justification.
    pub fn set_not_applicable(
        &mut self,
        key: &str,
        justification: &str,
    ) -> Result<(), AssessmentError> {
        let justification = self.check_not_applicable(key, justification)?;
        self.answer_mut(key)?.not_applicable = Some(justification);
        Ok(())
    }

    /// The justification, trimmed, if the item may be excluded with it.
    fn check_not_applicable(
        &self,
        key: &str,
        justification: &str,
    ) -> Result<String, AssessmentError> {
        let (framework, item) = self.item(key)?;
        if !item.exclusion_allowed {
            return Err(AssessmentError::ExclusionNotAllowed(exclusion_refusal(
                framework, item,
            )));
        }
        let justification = justification.trim();
        if justification.is_empty() {
            return Err(AssessmentError::JustificationMissing);
        }
        check_length("The justification", justification, 2_000)?;
        Ok(justification.to_owned())
    }

    pub fn clear_not_applicable(&mut self, key: &str) -> Result<(), AssessmentError> {
        self.answer_mut(key)?.not_applicable = None;
        Ok(())
    }

    /// Replaces notes, owner, due date, evidence and actions after checking them.
    pub fn set_details(&mut self, key: &str, details: ItemAnswer) -> Result<(), AssessmentError> {
        let details = check_details(details)?;
        let answer = self.answer_mut(key)?;
        answer.notes = details.notes;
        answer.owner = details.owner;
        answer.due = details.due;
        answer.evidence = details.evidence;
        answer.actions = details.actions;
        Ok(())
    }

    /// A copy to start a re-assessment from: same settings and answers, new id, title, date.
    pub fn duplicate(
        &self,
        id: RecordId,
        title: &str,
        date: &str,
        now_ms: i64,
    ) -> Result<Self, AssessmentError> {
        let meta = AssessmentMeta {
            title: title.to_owned(),
            date: date.to_owned(),
            created_at: now_ms,
            // A re-assessment is not approved until someone approves it.
            approved_on: None,
            ..self.meta.clone()
        };
        // The same frameworks: a re-assessment rates what the original rated.
        Ok(Self {
            id,
            meta: meta.validated(&self.catalogue())?,
            answers: self.answers.clone(),
            frameworks: self.frameworks.clone(),
        })
    }

    /// Builds an assessment from stored parts, checking every answer as an edit would be. Each
    /// answer is kept under its own key: a 27001 clause's own answer stays its own while shared.
    fn from_parts(
        id: &RecordId,
        meta: AssessmentMeta,
        answers: BTreeMap<String, ItemAnswer>,
        catalogue: &Catalogue,
    ) -> Result<Self, FieldProblem> {
        let mut assessment = Assessment::new(id.clone(), meta, catalogue).map_err(|e| {
            let field = match &e {
                AssessmentError::InvalidField { field, .. } => setting_field(field),
                _ => None,
            };
            (field.map(str::to_owned), e.to_string())
        })?;
        let mut checked = BTreeMap::new();
        for (key, answer) in answers {
            let at = |attribute: &str| {
                let field = format!("{key}{ATTRIBUTE_SEPARATOR}{attribute}");
                move |e: AssessmentError| field_problem(&field, e)
            };
            assessment.item(&key).map_err(at("rating"))?;
            if let Some(rating) = &answer.rating {
                assessment
                    .check_rating(&key, rating, true)
                    .map_err(at("rating"))?;
            }
            check_target(answer.target).map_err(at("target"))?;
            let not_applicable = match &answer.not_applicable {
                Some(justification) => Some(
                    assessment
                        .check_not_applicable(&key, justification)
                        .map_err(at("not_applicable"))?,
                ),
                None => None,
            };
            if answer.documented.is_some() {
                assessment
                    .check_documented(&key)
                    .map_err(at("documented"))?;
            }
            if answer.shared.is_some() {
                assessment.check_shareable(&key).map_err(at("shared"))?;
            }
            let answer = ItemAnswer {
                not_applicable,
                ..check_details(answer).map_err(|e| at(detail_part(&e))(e))?
            };
            // Answers that hold nothing are not kept, as in a fresh edit.
            if answer != ItemAnswer::default() {
                checked.insert(key, answer);
            }
        }
        assessment.answers = checked;
        Ok(assessment)
    }
}

fn check_blocker_level(level: u8) -> Result<(), AssessmentError> {
    if level > 5 {
        return Err(field_error("The blocker level", "must be from 0 to 5."));
    }
    Ok(())
}

fn check_target(target: Option<u8>) -> Result<(), AssessmentError> {
    if target.is_some_and(|t| !(1..=5).contains(&t)) {
        return Err(field_error("The target level", "must be from 1 to 5."));
    }
    Ok(())
}

/// An answer's notes, owner, due date, evidence and actions checked, the owner trimmed.
fn check_details(mut details: ItemAnswer) -> Result<ItemAnswer, AssessmentError> {
    check_length("Notes", &details.notes, 20_000)?;
    check_length("The owner", &details.owner, 200)?;
    if let Some(due) = &details.due {
        check_date("The due date", due)?;
    }
    for evidence in &details.evidence {
        check_length("Evidence", &evidence.text, 2_000)?;
        if let Some(link) = &evidence.link {
            check_link(link)?;
        }
    }
    for action in &details.actions {
        if action.text.trim().is_empty() {
            return Err(field_error("An action", "cannot be empty."));
        }
        check_length("An action", &action.text, 1_000)?;
    }
    details.owner = details.owner.trim().to_owned();
    Ok(details)
}

/// The stored field a settings problem is about, from the label its message uses.
fn setting_field(label: &str) -> Option<&'static str> {
    Some(match label {
        "The title" => "title",
        "The scope" => "scope",
        "The assessor" => "assessor",
        "The date" => "date",
        "The target level" => "target",
        "The framework" => "framework",
        "The blocker level" => "blocker_level",
        "The sharing rules" => "sharing_rules",
        _ => return None,
    })
}

/// The part of an answer a details problem is about, from the label its message uses.
fn detail_part(error: &AssessmentError) -> &'static str {
    match error {
        AssessmentError::InvalidField { field, .. } => match *field {
            "The owner" => "owner",
            "The due date" => "due",
            "Evidence" | "An evidence link" => "evidence",
            "An action" => "actions",
            _ => "notes",
        },
        _ => "notes",
    }
}

/// Between an item's key and the name of one of its answer's parts in a field name:
/// `iso27001:2022/A.5.1#rating`. Item keys never contain it.
pub const ATTRIBUTE_SEPARATOR: char = '#';

const ANSWER_PARTS: [&str; 11] = [
    "rating",
    "target",
    "not_applicable",
    "notes",
    "evidence",
    "owner",
    "due",
    "actions",
    "finding",
    "documented",
    "shared",
];

const META_FIELDS: [&str; 12] = [
    "title",
    "frameworks",
    "framework",
    "scale",
    "scope",
    "assessor",
    "date",
    "target",
    "created_at",
    "sharing_rules",
    "blocker_level",
    "approved_on",
];

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("structs serialise to objects"),
    }
}

/// One field per setting, and one per part of each item's answer (its rating, notes,
/// evidence, owner…), so that two people editing different parts never overwrite each other.
impl RecordType for Assessment {
    const KIND: &'static str = "assessment";
    const NOUN: &'static str = "Assessment";
    /// Where imported frameworks are found.
    type Context = Catalogue;
    const APPROVAL_FIELDS: &'static [&'static str] = &["approved_on"];

    /// An item's notes, and the justification for excluding it, are free text two people may
    /// well rewrite at once.
    fn keeps_versions(field: &str) -> bool {
        field
            .rsplit_once(ATTRIBUTE_SEPARATOR)
            .is_some_and(|(item, part)| {
                !item.is_empty() && matches!(part, "notes" | "not_applicable")
            })
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = object(serde_json::to_value(&self.meta).expect("plain data"));
        for (key, answer) in &self.answers {
            for (attribute, value) in object(serde_json::to_value(answer).expect("plain data")) {
                body.insert(format!("{key}{ATTRIBUTE_SEPARATOR}{attribute}"), value);
            }
        }
        body
    }

    fn from_body(
        id: &RecordId,
        body: &Map<String, Value>,
        catalogue: &Catalogue,
    ) -> Result<Self, FieldProblem> {
        // Fields are read in place (the body is not copied): the settings, and each item's
        // parts, in the order the body keeps them.
        let mut meta: Vec<(&str, &Value)> = Vec::new();
        let mut answers: BTreeMap<&str, Vec<(&str, &Value)>> = BTreeMap::new();
        for (field, value) in body {
            match field.split_once(ATTRIBUTE_SEPARATOR) {
                None if META_FIELDS.contains(&field.as_str()) => meta.push((field, value)),
                None => {
                    return Err(field_problem(field, "an assessment has no such field"));
                }
                Some((_, attribute)) if !ANSWER_PARTS.contains(&attribute) => {
                    return Err(field_problem(field, "an item's answer has no such part"));
                }
                Some((key, attribute)) => answers.entry(key).or_default().push((attribute, value)),
            }
        }
        let meta: AssessmentMeta = serde_path_to_error::deserialize(fields_in_place(meta))
            .map_err(|e| {
                let field = e.path().to_string();
                let field = if field == "." { None } else { Some(field) };
                (field, e.into_inner().to_string())
            })?;
        let answers = answers
            .into_iter()
            .map(|(key, parts)| {
                let answer: ItemAnswer = serde_path_to_error::deserialize(fields_in_place(parts))
                    .map_err(|e| {
                    let attribute = e.path().to_string();
                    let attribute = attribute.split(['.', '[']).next().unwrap_or_default();
                    let field = format!("{key}{ATTRIBUTE_SEPARATOR}{attribute}");
                    field_problem(&field, e.into_inner())
                })?;
                Ok((key.to_owned(), answer))
            })
            .collect::<Result<BTreeMap<_, _>, FieldProblem>>()?;
        Self::from_parts(id, meta, answers, catalogue)
    }
}

/// Named values read as one JSON object would be, without copying them into one.
fn fields_in_place<'a>(
    fields: Vec<(&'a str, &'a Value)>,
) -> serde::de::value::MapDeserializer<
    'a,
    std::vec::IntoIter<(&'a str, &'a Value)>,
    serde_json::Error,
> {
    serde::de::value::MapDeserializer::new(fields.into_iter())
}

/// An assessment body as schema version 2 and backup format 1 stored it: the settings under
/// `meta` and one field per item holding its whole answer. Returns the same content with a
/// field per setting and per part of each answer, or `None` when the body is not of that shape.
pub fn upgrade_legacy_body(body: &Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::Object(meta)) = body.get("meta") else {
        return None;
    };
    let mut upgraded = meta.clone();
    for (key, answer) in body.iter().filter(|(k, _)| k.as_str() != "meta") {
        match answer {
            Value::Object(parts) => {
                for (attribute, value) in parts {
                    upgraded.insert(
                        format!("{key}{ATTRIBUTE_SEPARATOR}{attribute}"),
                        value.clone(),
                    );
                }
            }
            // Not an answer: kept as it is, so reading the record names it as damaged.
            other => {
                upgraded.insert(key.clone(), other.clone());
            }
        }
    }
    Some(upgraded)
}

fn check_link(link: &str) -> Result<(), AssessmentError> {
    let ok = (link.starts_with("https://") || link.starts_with("http://"))
        && !link.chars().any(char::is_whitespace);
    if !ok {
        return Err(field_error(
            "An evidence link",
            format!("must be a web address starting with https:// (got {link:?})."),
        ));
    }
    check_length("An evidence link", link, 2_000)
}

fn exclusion_refusal(framework: &Framework, item: &Item) -> String {
    if framework.id == iso20000().id {
        format!(
            "{} {} cannot be marked not applicable: ISO/IEC 20000-1 allows no exclusions from clauses 4–10. \
             Where another party runs part of the service, rate how you govern that party instead.",
            item.id, item.title
        )
    } else if framework.id == iso27001().id {
        format!(
            "{} {} cannot be marked not applicable: clauses 4–10 are required for certification; \
             only Annex A controls can be excluded, with a justification.",
            item.id, item.title
        )
    } else {
        format!(
            "{} {} cannot be marked not applicable: {} allows no exclusion of this item.",
            item.id, item.title, framework.name
        )
    }
}
