//! Documented information (7.5 of ISO/IEC 27001 and ISO/IEC 20000-1): the register of the
//! documents the management systems keep up to date and the records they keep as evidence —
//! each with its owner, version, where it is kept, its approval (who, when, which version) and
//! its next review. The documented information both standards call for is listed here
//! ([`REQUIRED`], in `required_documents`); one that is missing or not approved blocks certification of its clause.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::date::Date;
use crate::ids::RecordId;
use crate::itsm::ticket::text;
use crate::itsm::{named_field, within_limits};
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields};

pub use super::required_documents::{REQUIRED, Required};

/// Longest title, owner or version.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest place it is kept (a path or a link).
pub const LOCATION_MAX_CHARS: usize = 2_000;
/// Longest description or reason it is not needed.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// The longest review interval, in months.
pub const MAX_REVIEW_MONTHS: u16 = 60;
/// How often a document is reviewed unless its owner says otherwise.
pub const DEFAULT_REVIEW_MONTHS: u16 = 12;

named!(Form {
    Document = "document", "Document (kept up to date)";
    Record = "record", "Record (kept as evidence)";
});

/// Where a document stands: worked out from its version, approval and reason it is not
/// needed, never stored, so it cannot disagree with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocStatus {
    /// Nothing written yet (no version and nowhere kept).
    Missing,
    /// Written, but this version is not approved.
    Draft,
    Approved,
    /// Required by a standard, but not needed here, for the reason given.
    NotNeeded,
}

impl DocStatus {
    pub const ALL: &'static [Self] = &[Self::Missing, Self::Draft, Self::Approved, Self::NotNeeded];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Draft => "draft",
            Self::Approved => "approved",
            Self::NotNeeded => "not-needed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Missing => "Missing",
            Self::Draft => "Not approved",
            Self::Approved => "Approved",
            Self::NotNeeded => "Not needed here",
        }
    }

    /// Whether a required document in this state would stop certification of its clause.
    pub fn blocks(self) -> bool {
        matches!(self, Self::Missing | Self::Draft)
    }
}

/// Who approved which version, and when (Unix ms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub by: String,
    pub at: i64,
    pub version: String,
}

/// One entry of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: RecordId,
    pub title: String,
    pub form: Form,
    /// The required documented information it answers, if any.
    pub required: Option<&'static Required>,
    pub owner: String,
    pub version: String,
    /// Where it is kept: a path, a link, a shelf.
    pub location: String,
    pub description: String,
    /// The latest approval; it approves the version it names only.
    pub approval: Option<Approval>,
    /// Reviewed every so many months (0: no recurring review).
    pub review_months: u16,
    pub last_review: Option<Date>,
    pub next_review: Option<Date>,
    /// Why a required document is not needed here (empty: it is).
    pub not_needed: String,
    pub logged_at: i64,
}

const FIELDS: &[&str] = &[
    "title",
    "form",
    "required",
    "owner",
    "version",
    "location",
    "description",
    "approval",
    "review_months",
    "last_review",
    "next_review",
    "not_needed",
    "logged_at",
];

impl Document {
    /// A document of the organisation's own.
    pub fn new(
        id: RecordId,
        title: &str,
        form: Form,
        logged_at: i64,
    ) -> Result<Self, FieldProblem> {
        let document = Self {
            id,
            title: title.trim().to_owned(),
            form,
            required: None,
            owner: String::new(),
            version: String::new(),
            location: String::new(),
            description: String::new(),
            approval: None,
            review_months: DEFAULT_REVIEW_MONTHS,
            last_review: None,
            next_review: None,
            not_needed: String::new(),
            logged_at,
        };
        document.check().map(|()| document)
    }

    /// The register's entry for a required document, nothing written yet; its id is the
    /// requirement's key.
    pub fn of_required(required: &'static Required, logged_at: i64) -> Self {
        Self {
            required: Some(required),
            ..Self::new(
                RecordId::parse(required.key).expect("keys are valid ids"),
                required.title,
                required.form,
                logged_at,
            )
            .expect("required titles are valid")
        }
    }

    pub fn status(&self) -> DocStatus {
        if !self.not_needed.trim().is_empty() {
            DocStatus::NotNeeded
        } else if self
            .approval
            .as_ref()
            .is_some_and(|a| !self.version.is_empty() && a.version == self.version)
        {
            DocStatus::Approved
        } else if self.version.is_empty() && self.location.is_empty() {
            DocStatus::Missing
        } else {
            DocStatus::Draft
        }
    }

    /// Approves the version it has now, in `by`'s name, at `at` (Unix ms); the next review
    /// falls one interval after `today` unless one is set already.
    pub fn approve(&mut self, by: &str, at: i64, today: Date) -> Result<(), FieldProblem> {
        let mut approved = self.clone();
        approved.approval = Some(Approval {
            by: by.trim().to_owned(),
            at,
            version: self.version.clone(),
        });
        if approved.next_review.is_none() {
            approved.next_review = today.next_review(approved.review_months);
        }
        approved.check()?;
        *self = approved;
        Ok(())
    }

    /// Records a review done on `on`: the next one falls one interval later.
    pub fn reviewed(&mut self, on: Date) {
        self.last_review = Some(on);
        self.next_review = on.next_review(self.review_months);
    }

    /// The rules every entry keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A document needs a title."));
        }
        within_limits(&[
            ("title", self.title.as_str(), TITLE_MAX_CHARS),
            ("owner", self.owner.as_str(), TITLE_MAX_CHARS),
            ("version", self.version.as_str(), TITLE_MAX_CHARS),
            ("location", self.location.as_str(), LOCATION_MAX_CHARS),
            ("description", self.description.as_str(), TEXT_MAX_CHARS),
            ("not_needed", self.not_needed.as_str(), TEXT_MAX_CHARS),
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
                format!("A review falls at least every {MAX_REVIEW_MONTHS} months (0: none)."),
            ));
        }
        if self.required.is_none() && !self.not_needed.is_empty() {
            return Err(field_problem(
                "not_needed",
                "Only documented information a standard calls for can be marked as not needed; delete a document of your own instead.",
            ));
        }
        if let (Some(last), Some(next)) = (self.last_review, self.next_review)
            && next < last
        {
            return Err(field_problem(
                "next_review",
                "The next review falls after the last one.",
            ));
        }
        if let Some(approval) = &self.approval {
            if approval.by.trim().is_empty() {
                return Err(field_problem("approval", "An approval names who gave it."));
            }
            if approval.version.trim().is_empty() {
                return Err(field_problem(
                    "approval",
                    "An approval names the version it approves: give the document a version first.",
                ));
            }
            if approval.version == self.version && self.location.trim().is_empty() {
                return Err(field_problem(
                    "location",
                    "An approved document says where it is kept, so that those who need it can find it.",
                ));
            }
            if self.owner.trim().is_empty() {
                return Err(field_problem(
                    "owner",
                    "An approved document names its owner (who keeps it up to date).",
                ));
            }
        }
        Ok(())
    }
}

impl RecordType for Document {
    const KIND: &'static str = "document";
    const NOUN: &'static str = "Document";
    type Context = ();
    /// Approving a version is an approval: only approvers and owners, in their own name.
    const APPROVAL_FIELDS: &'static [&'static str] = &["approval"];

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "description" | "not_needed")
    }

    // A required document stores only what differs from its requirement (its title and form
    // come from it, the interval from the default), so adding the required documents writes
    // two fields that no person edits: adding them again on another device loses nothing.
    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("logged_at".into(), Value::from(self.logged_at));
        match self.required {
            Some(required) => {
                body.insert("required".into(), Value::from(required.key));
                if self.title != required.title {
                    body.insert("title".into(), Value::from(self.title.clone()));
                }
            }
            None => {
                body.insert("title".into(), Value::from(self.title.clone()));
                body.insert("form".into(), Value::from(self.form.as_str()));
            }
        }
        if self.review_months != DEFAULT_REVIEW_MONTHS {
            body.insert("review_months".into(), Value::from(self.review_months));
        }
        for (field, value) in [
            ("owner", &self.owner),
            ("version", &self.version),
            ("location", &self.location),
            ("description", &self.description),
            ("not_needed", &self.not_needed),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        for (field, date) in [
            ("last_review", self.last_review),
            ("next_review", self.next_review),
        ] {
            if let Some(date) = date {
                body.insert(field.into(), Value::from(date.to_string()));
            }
        }
        if let Some(approval) = &self.approval {
            body.insert(
                "approval".into(),
                serde_json::to_value(approval).expect("plain data"),
            );
        }
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields(body, FIELDS)?;
        let required = named_field(body, "required", Required::by_key)?;
        let title = match (field_as::<String>(body, "title")?, required) {
            (Some(title), _) => title,
            (None, Some(required)) => required.title.to_owned(),
            (None, None) => return Err(field_problem("title", "is missing")),
        };
        let form = match (named_field(body, "form", Form::parse)?, required) {
            (Some(form), None) => form,
            (None, Some(required)) => required.form,
            (Some(_), Some(_)) => {
                return Err(field_problem(
                    "form",
                    "comes from the requirement for required documented information",
                ));
            }
            (None, None) => return Err(field_problem("form", "is missing")),
        };
        let document = Self {
            id: id.clone(),
            title,
            form,
            required,
            owner: text(body, "owner")?,
            version: text(body, "version")?,
            location: text(body, "location")?,
            description: text(body, "description")?,
            approval: field_as(body, "approval")?,
            review_months: field_as(body, "review_months")?.unwrap_or(DEFAULT_REVIEW_MONTHS),
            last_review: field_as(body, "last_review")?,
            next_review: field_as(body, "next_review")?,
            not_needed: text(body, "not_needed")?,
            logged_at: field_as(body, "logged_at")?
                .ok_or_else(|| field_problem("logged_at", "is missing"))?,
        };
        document.check()?;
        Ok(document)
    }
}

/// A required document that is missing or not approved, for the certification blockers of
/// the assessment item (`FRAMEWORK/ITEM`) that calls for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentGap {
    pub item_key: String,
    pub title: &'static str,
    pub status: DocStatus,
}

/// Every required document of `register` that is missing or not approved, in the standards'
/// order. One not added to the register is not counted: until the required documents are
/// added, the assessment's own check of each item's documented information stands alone.
pub fn document_gaps(register: &[Document]) -> Vec<DocumentGap> {
    REQUIRED
        .iter()
        .filter_map(|required| {
            let status = register
                .iter()
                .find(|d| d.required.is_some_and(|r| r.key == required.key))?
                .status();
            status.blocks().then(|| DocumentGap {
                item_key: required.item_key(),
                title: required.title,
                status,
            })
        })
        .collect()
}

/// The requirements `register` holds no document for yet.
pub fn absent_required(register: &[Document]) -> impl Iterator<Item = &'static Required> + '_ {
    REQUIRED.iter().filter(|r| {
        !register
            .iter()
            .any(|d| d.required.is_some_and(|q| q.key == r.key))
    })
}

/// The required documents `register` does not hold yet, as new entries (nothing written).
pub fn not_yet_added(register: &[Document], logged_at: i64) -> Vec<Document> {
    absent_required(register)
        .map(|r| Document::of_required(r, logged_at))
        .collect()
}
