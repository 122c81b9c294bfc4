//! Contracts with suppliers (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.20): the supplier, the
//! dates and the notice to give before it renews, the security clauses, whether a data
//! processing agreement is needed and signed, and the service level agreements it underpins
//! (`agreement#ID` links), so supplier ↔ contract ↔ agreement ↔ service are one click apart.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::links::{is_link_field, read_links, write_links};
use super::ticket::{reference, text};
use super::{named_field, too_long};
use crate::date::Date;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title, reference or owner.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest scope or security clauses.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// The longest notice period, in days (two years).
pub const NOTICE_MAX_DAYS: u32 = 730;
/// Where links to the agreements it underpins start (`agreement#ID`).
pub const AGREEMENT: &str = "agreement";

named!(DataProcessing {
    NotNeeded = "not-needed", "Not needed: no personal data processed";
    Needed = "needed", "Needed, not signed yet";
    Signed = "signed", "Signed";
});

/// Where a contract stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No start date yet.
    Draft,
    NotStarted,
    InForce,
    /// Within its notice period: renew, renegotiate or give notice now.
    NoticeDue,
    /// Past its end and renewing by itself: its dates want updating.
    Rolling,
    Ended,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::NotStarted => "Not started",
            Self::InForce => "In force",
            Self::NoticeDue => "Decide on renewal",
            Self::Rolling => "Renewed by itself",
            Self::Ended => "Ended",
        }
    }

    /// The name a list filters and styles by.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::NotStarted => "not-started",
            Self::InForce => "in-force",
            Self::NoticeDue => "notice-due",
            Self::Rolling => "rolling",
            Self::Ended => "ended",
        }
    }

    pub const ALL: [Standing; 6] = [
        Self::Draft,
        Self::NotStarted,
        Self::InForce,
        Self::NoticeDue,
        Self::Rolling,
        Self::Ended,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub id: RecordId,
    pub title: String,
    pub supplier: RecordId,
    /// The supplier's or the organisation's contract number.
    pub reference: String,
    pub owner: String,
    /// What it covers.
    pub scope: String,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    /// Days before its end by which notice must be given.
    pub notice_days: u32,
    pub auto_renews: bool,
    /// The information security requirements written into it (A.5.20).
    pub security_clauses: String,
    pub data_processing: Option<DataProcessing>,
    /// The service level agreements it underpins.
    pub agreements: BTreeSet<RecordId>,
}

const FIELDS: &[&str] = &[
    "title",
    "supplier",
    "reference",
    "owner",
    "scope",
    "starts",
    "ends",
    "notice_days",
    "auto_renews",
    "security_clauses",
    "data_processing",
];

impl Contract {
    pub fn new(id: RecordId, title: &str, supplier: RecordId) -> Result<Self, FieldProblem> {
        let contract = Self {
            id,
            title: title.trim().to_owned(),
            supplier,
            reference: String::new(),
            owner: String::new(),
            scope: String::new(),
            starts: None,
            ends: None,
            notice_days: 0,
            auto_renews: false,
            security_clauses: String::new(),
            data_processing: None,
            agreements: BTreeSet::new(),
        };
        contract.check().map(|()| contract)
    }

    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A contract needs a title."));
        }
        for (field, value) in [
            ("title", &self.title),
            ("reference", &self.reference),
            ("owner", &self.owner),
        ] {
            if let Some(problem) = too_long(field, value, NAME_MAX_CHARS) {
                return Err(problem);
            }
        }
        for (field, value) in [
            ("scope", &self.scope),
            ("security_clauses", &self.security_clauses),
        ] {
            if let Some(problem) = too_long(field, value, TEXT_MAX_CHARS) {
                return Err(problem);
            }
        }
        if let (Some(starts), Some(ends)) = (self.starts, self.ends)
            && ends < starts
        {
            return Err(field_problem(
                "ends",
                "A contract cannot end before it starts.",
            ));
        }
        if self.notice_days > NOTICE_MAX_DAYS {
            return Err(field_problem(
                "notice_days",
                format!("A notice period is at most {NOTICE_MAX_DAYS} days."),
            ));
        }
        Ok(())
    }

    /// The last day to give notice (or decide to renew): its end less the notice period.
    pub fn notice_by(&self) -> Option<Date> {
        self.ends?.add_days(-i64::from(self.notice_days))
    }

    pub fn standing(&self, today: Date) -> Standing {
        let Some(starts) = self.starts else {
            return Standing::Draft;
        };
        if today < starts {
            return Standing::NotStarted;
        }
        match self.ends {
            Some(ends) if today > ends => {
                if self.auto_renews {
                    Standing::Rolling
                } else {
                    Standing::Ended
                }
            }
            Some(_) if self.notice_by().is_some_and(|by| today >= by) && self.notice_days > 0 => {
                Standing::NoticeDue
            }
            _ => Standing::InForce,
        }
    }
}

impl RecordType for Contract {
    const KIND: &'static str = "contract";
    const NOUN: &'static str = "Contract";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "scope" | "security_clauses")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("supplier".into(), Value::from(self.supplier.as_str()));
        for (field, value) in [
            ("reference", &self.reference),
            ("owner", &self.owner),
            ("scope", &self.scope),
            ("security_clauses", &self.security_clauses),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        for (field, date) in [("starts", self.starts), ("ends", self.ends)] {
            if let Some(date) = date {
                body.insert(field.into(), Value::from(date.to_string()));
            }
        }
        if self.notice_days > 0 {
            body.insert("notice_days".into(), Value::from(self.notice_days));
        }
        if self.auto_renews {
            body.insert("auto_renews".into(), Value::from(true));
        }
        if let Some(dpa) = self.data_processing {
            body.insert("data_processing".into(), Value::from(dpa.as_str()));
        }
        write_links(&mut body, AGREEMENT, &self.agreements);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| is_link_field(k, &[AGREEMENT]))?;
        let contract = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            supplier: reference(body, "supplier")?
                .ok_or_else(|| field_problem("supplier", "is missing"))?,
            reference: text(body, "reference")?,
            owner: text(body, "owner")?,
            scope: text(body, "scope")?,
            starts: field_as(body, "starts")?,
            ends: field_as(body, "ends")?,
            notice_days: field_as(body, "notice_days")?.unwrap_or(0),
            auto_renews: field_as(body, "auto_renews")?.unwrap_or(false),
            security_clauses: text(body, "security_clauses")?,
            data_processing: named_field(body, "data_processing", DataProcessing::parse)?,
            agreements: read_links(body, AGREEMENT)?,
        };
        contract.check()?;
        Ok(contract)
    }
}
