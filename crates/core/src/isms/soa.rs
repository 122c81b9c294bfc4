//! The Statement of Applicability (ISO/IEC 27001 6.1.3 d; it also records the control decisions
//! ISO/IEC 20000-1 8.7.3.2 asks for): one row per ISO/IEC 27001:2022 Annex A control — whether
//! it applies, why it is included (risk, legal, contractual, business) or the justification for
//! leaving it out, how far it is implemented, its owner and evidence. Each version is one record,
//! a draft until an approver approves it; the approval names a digest of the rows, so an
//! approved version is frozen: any later edit to a row makes it read as damaged (the server
//! refuses it) and a new version is started from it instead.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::framework::{ItemKind, iso27001};
use crate::ids::RecordId;
use crate::itsm::ticket::text;
use crate::itsm::too_long;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem};

/// Longest title or owner.
pub const SHORT_MAX_CHARS: usize = 500;
/// Longest justification or evidence.
pub const TEXT_MAX_CHARS: usize = 5_000;
/// The row parts a control's fields are named with: `A.5.1#applicable`, …
pub const PARTS: [&str; 6] = [
    "applicable",
    "reasons",
    "justification",
    "status",
    "owner",
    "evidence",
];

named!(Reason {
    Risk = "risk", "Risk treatment";
    Legal = "legal", "Legal or regulatory";
    Contractual = "contractual", "Contractual";
    Business = "business", "Business need";
});

named!(Implementation {
    NotImplemented = "not-implemented", "Not implemented";
    Planned = "planned", "Planned";
    Partial = "partial", "Partly implemented";
    Implemented = "implemented", "Implemented";
});

/// One control's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub applicable: bool,
    pub reasons: BTreeSet<Reason>,
    /// Why it is left out (needed when it does not apply).
    pub justification: String,
    pub status: Option<Implementation>,
    pub owner: String,
    pub evidence: String,
}

impl Default for Row {
    fn default() -> Self {
        Self {
            applicable: true,
            reasons: BTreeSet::new(),
            justification: String::new(),
            status: None,
            owner: String::new(),
            evidence: String::new(),
        }
    }
}

impl Row {
    /// The row in words, part by part, as a diff and the exports show it.
    pub fn part_text(&self, part: &str) -> String {
        match part {
            "applicable" => if self.applicable { "Yes" } else { "No" }.to_owned(),
            "reasons" => self
                .reasons
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", "),
            "justification" => self.justification.clone(),
            "status" => self.status.map_or("", Implementation::label).to_owned(),
            "owner" => self.owner.clone(),
            _ => self.evidence.clone(),
        }
    }
}

/// Who approved a version, when (Unix ms), and the digest of the rows approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub by: String,
    pub at: i64,
    pub digest: String,
}

/// One version of the Statement of Applicability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Soa {
    pub id: RecordId,
    pub title: String,
    /// 1 for the first version, then one more than the version it was started from.
    pub version: u32,
    /// The version it was started from.
    pub based_on: Option<RecordId>,
    /// The assessment it was filled from.
    pub assessment: Option<RecordId>,
    /// Every Annex A control by id ("A.5.1"), in the standard's order when read.
    pub rows: BTreeMap<String, Row>,
    pub approval: Option<Approval>,
    /// Reviewed every so many months once approved (0: no recurring review).
    pub review_months: u16,
    /// The last review (the approval is the first).
    pub last_review: Option<crate::date::Date>,
    pub next_review: Option<crate::date::Date>,
    pub created_at: i64,
}

/// The ids of the Annex A controls, in the standard's order.
pub fn annex_a() -> Vec<&'static str> {
    iso27001()
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Control)
        .map(|i| i.id.as_str())
        .collect()
}

/// A row for every Annex A control, each applicable and otherwise empty. (Inserted one by
/// one: collecting into a map would compile another sort.)
fn default_rows() -> BTreeMap<String, Row> {
    let mut rows = BTreeMap::new();
    for control in annex_a() {
        rows.insert(control.to_owned(), Row::default());
    }
    rows
}

/// The field of `part` of `control`'s row.
pub fn row_field(control: &str, part: &str) -> String {
    format!("{control}#{part}")
}

const FIELDS: &[&str] = &[
    "title",
    "version",
    "based_on",
    "assessment",
    "approval",
    "review_months",
    "last_review",
    "next_review",
    "created_at",
];

/// How often the approved Statement of Applicability is reviewed unless said otherwise.
pub const DEFAULT_REVIEW_MONTHS: u16 = 12;
/// The longest review interval, in months.
pub const MAX_REVIEW_MONTHS: u16 = 36;

impl Soa {
    /// A version with a row for every Annex A control, each applicable and otherwise empty.
    pub fn new(id: RecordId, version: u32, created_at: i64) -> Self {
        Self {
            id,
            title: format!("Version {version}"),
            version,
            based_on: None,
            assessment: None,
            rows: default_rows(),
            approval: None,
            review_months: DEFAULT_REVIEW_MONTHS,
            last_review: None,
            next_review: None,
            created_at,
        }
    }

    /// Records a review of this version done on `on` (its approval is one): the next falls one
    /// interval later. Neither is part of the rows an approval freezes.
    pub fn reviewed(&mut self, on: crate::date::Date) {
        self.last_review = Some(on);
        self.next_review = on.next_review(self.review_months);
    }

    /// Reviews this version every `months` (0: no recurring review): the next review falls one
    /// new interval after the last (for a version reviewed before the last review was kept,
    /// the one its next review was counted from), none if it was never reviewed.
    pub fn set_review_months(&mut self, months: u16) {
        let counted_from = self.last_review.or_else(|| {
            self.next_review
                .and_then(|next| next.months_earlier(self.review_months))
        });
        self.review_months = months;
        self.next_review = counted_from.and_then(|last| last.next_review(months));
    }

    /// The rows in the standard's order.
    pub fn ordered(&self) -> Vec<(&'static str, &Row)> {
        annex_a()
            .into_iter()
            .filter_map(|c| self.rows.get(c).map(|r| (c, r)))
            .collect()
    }

    /// A digest of the rows (FNV-1a, 64 bits, over each part's stored text in order): what an
    /// approval names, so that any change after it shows.
    pub fn digest(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (control, row) in &self.rows {
            for part in PARTS {
                for byte in control
                    .bytes()
                    .chain([0])
                    .chain(stored_text(row, part).bytes())
                    .chain([0])
                {
                    hash ^= u64::from(byte);
                    hash = hash.wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
        format!("{hash:016x}")
    }

    /// Whether it is approved (and so frozen).
    pub fn is_approved(&self) -> bool {
        self.approval.is_some()
    }

    /// What keeps it from being approved: the first incomplete row, in words.
    pub fn why_not_approve(&self) -> Option<String> {
        for (control, row) in self.ordered() {
            if row.applicable && row.reasons.is_empty() {
                return Some(format!("{control} applies: say why it is included."));
            }
            if row.applicable && row.status.is_none() {
                return Some(format!("{control} applies: say how far it is implemented."));
            }
        }
        None
    }

    /// The rules every version keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A version needs a title."));
        }
        if let Some(problem) = too_long("title", &self.title, SHORT_MAX_CHARS) {
            return Err(problem);
        }
        if self.review_months > MAX_REVIEW_MONTHS {
            return Err(field_problem(
                "review_months",
                format!(
                    "The Statement of Applicability is reviewed at least every {MAX_REVIEW_MONTHS} months (0: never)."
                ),
            ));
        }
        if self.version == 0 {
            return Err(field_problem("version", "Versions are numbered from 1."));
        }
        let controls = annex_a();
        for (control, row) in &self.rows {
            if !controls.contains(&control.as_str()) {
                return Err(field_problem(
                    &row_field(control, "applicable"),
                    format!("{control} is not an ISO/IEC 27001:2022 Annex A control."),
                ));
            }
            for (part, value, max) in [
                ("justification", &row.justification, TEXT_MAX_CHARS),
                ("owner", &row.owner, SHORT_MAX_CHARS),
                ("evidence", &row.evidence, TEXT_MAX_CHARS),
            ] {
                if let Some(problem) = too_long(&row_field(control, part), value, max) {
                    return Err(problem);
                }
            }
            if !row.applicable && row.justification.trim().is_empty() {
                return Err(field_problem(
                    &row_field(control, "justification"),
                    format!("{control} is left out: justify its exclusion."),
                ));
            }
        }
        if let Some(approval) = &self.approval {
            if approval.by.trim().is_empty() {
                return Err(field_problem("approval", "An approval names who gave it."));
            }
            if approval.digest != self.digest() {
                return Err(field_problem(
                    "approval",
                    "An approved Statement of Applicability does not change: start a new version from it.",
                ));
            }
            if let Some(why) = self.why_not_approve() {
                return Err(field_problem("approval", why));
            }
        }
        Ok(())
    }
}

/// A part of a row as stored (and digested).
fn stored_text(row: &Row, part: &str) -> String {
    match part {
        "applicable" => row.applicable.to_string(),
        "reasons" => row
            .reasons
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(","),
        "status" => row.status.map_or("", Implementation::as_str).to_owned(),
        other => row.part_text(other),
    }
}

/// One part of one row that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub control: &'static str,
    pub part: &'static str,
    pub before: String,
    pub after: String,
}

/// What changed from `before` to `after`, control by control in the standard's order.
pub fn diff(before: &Soa, after: &Soa) -> Vec<Difference> {
    let empty = Row::default();
    let mut found = Vec::new();
    for control in annex_a() {
        let (a, b) = (
            before.rows.get(control).unwrap_or(&empty),
            after.rows.get(control).unwrap_or(&empty),
        );
        for part in PARTS {
            let (was, now) = (a.part_text(part), b.part_text(part));
            if was != now {
                found.push(Difference {
                    control,
                    part,
                    before: was,
                    after: now,
                });
            }
        }
    }
    found
}

fn read_row(body: &Map<String, Value>, control: &str) -> Result<Row, FieldProblem> {
    let field = |part: &str| row_field(control, part);
    let mut reasons = BTreeSet::new();
    for r in field_as::<Vec<String>>(body, &field("reasons"))?.unwrap_or_default() {
        let reason = Reason::parse(&r)
            .ok_or_else(|| field_problem(&field("reasons"), format!("no such reason: {r:?}")))?;
        reasons.insert(reason);
    }
    Ok(Row {
        applicable: field_as(body, &field("applicable"))?.unwrap_or(true),
        reasons,
        justification: text(body, &field("justification"))?,
        status: crate::itsm::named_field(body, &field("status"), Implementation::parse)?,
        owner: text(body, &field("owner"))?,
        evidence: text(body, &field("evidence"))?,
    })
}

impl RecordType for Soa {
    const KIND: &'static str = "soa";
    const NOUN: &'static str = "Statement of Applicability";
    type Context = ();
    /// Approving a version is an approval: only approvers and owners, in their own name.
    const APPROVAL_FIELDS: &'static [&'static str] = &["approval"];

    fn keeps_versions(field: &str) -> bool {
        field.ends_with("#justification")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("version".into(), Value::from(self.version));
        body.insert("created_at".into(), Value::from(self.created_at));
        for (field, id) in [
            ("based_on", &self.based_on),
            ("assessment", &self.assessment),
        ] {
            if let Some(id) = id {
                body.insert(field.into(), Value::from(id.as_str()));
            }
        }
        if let Some(approval) = &self.approval {
            body.insert(
                "approval".into(),
                serde_json::to_value(approval).expect("plain data"),
            );
        }
        if self.review_months != DEFAULT_REVIEW_MONTHS {
            body.insert("review_months".into(), Value::from(self.review_months));
        }
        if let Some(next) = self.next_review {
            body.insert("next_review".into(), Value::from(next.to_string()));
        }
        if let Some(last) = self.last_review {
            body.insert("last_review".into(), Value::from(last.to_string()));
        }
        for (control, row) in &self.rows {
            let field = |part: &str| row_field(control, part);
            body.insert(field("applicable"), Value::Bool(row.applicable));
            if !row.reasons.is_empty() {
                let reasons: Vec<&str> = row.reasons.iter().map(|r| r.as_str()).collect();
                body.insert(field("reasons"), Value::from(reasons));
            }
            if let Some(status) = row.status {
                body.insert(field("status"), Value::from(status.as_str()));
            }
            for (part, value) in [
                ("justification", &row.justification),
                ("owner", &row.owner),
                ("evidence", &row.evidence),
            ] {
                if !value.is_empty() {
                    body.insert(field(part), Value::from(value.clone()));
                }
            }
        }
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        let mut controls = BTreeSet::new();
        for key in body.keys() {
            if FIELDS.contains(&key.as_str()) {
                continue;
            }
            match key.split_once('#') {
                Some((control, part)) if PARTS.contains(&part) => {
                    controls.insert(control.to_owned());
                }
                _ => return Err(field_problem(key, "this kind of record has no such field")),
            }
        }
        let reference = |field: &str| -> Result<Option<RecordId>, FieldProblem> {
            field_as::<String>(body, field)?
                .map(|s| RecordId::parse(&s).map_err(|e| field_problem(field, e)))
                .transpose()
        };
        // A control without fields reads as applicable and otherwise empty.
        let mut rows = default_rows();
        for control in controls {
            let row = read_row(body, &control)?;
            rows.insert(control, row);
        }
        let soa = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            version: field_as(body, "version")?
                .ok_or_else(|| field_problem("version", "is missing"))?,
            based_on: reference("based_on")?,
            assessment: reference("assessment")?,
            rows,
            approval: field_as(body, "approval")?,
            review_months: field_as(body, "review_months")?.unwrap_or(DEFAULT_REVIEW_MONTHS),
            last_review: field_as(body, "last_review")?,
            next_review: field_as(body, "next_review")?,
            created_at: field_as(body, "created_at")?
                .ok_or_else(|| field_problem("created_at", "is missing"))?,
        };
        soa.check()?;
        Ok(soa)
    }
}
