//! Suppliers (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.19–A.5.22), one register for both
//! standards: who supplies what, how critical it is, the security requirements agreed with
//! them, their certification, performance reviews with due dates, and how to leave them.
//! Services name their suppliers (the service's `supplier#ID` links) and contracts name their
//! supplier, so the supplier page reads both from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entries::{entry_field, is_entry, read_entries, write_entries};
use super::ticket::text;
use super::{required_named, too_long};
use crate::date::Date;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest name, owner, contact or certification.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest text (what they provide, security requirements, exit plan, a review's note).
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Where performance reviews are kept (`review#ID`).
pub const REVIEW: &str = "review";

named!(SupplierType {
    External = "external", "External supplier";
    Internal = "internal", "Internal supplier";
    Customer = "customer", "Customer acting as a supplier";
});

named!(Criticality {
    Low = "low", "Low";
    Medium = "medium", "Medium";
    High = "high", "High";
    Critical = "critical", "Critical";
});

named!(SupplierStatus {
    Proposed = "proposed", "Being selected";
    Active = "active", "Active";
    Exiting = "exiting", "Exiting";
    Ended = "ended", "Ended";
});

named!(Rating {
    Meets = "meets", "Meets expectations";
    Partly = "partly", "Partly meets expectations";
    Fails = "fails", "Does not meet expectations";
});

/// A performance review: planned for a day, then done with a rating and what follows from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub due: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A supplier, external or internal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    pub id: RecordId,
    pub name: String,
    pub supplier_type: SupplierType,
    pub criticality: Criticality,
    pub status: SupplierStatus,
    /// Who manages the relationship.
    pub owner: String,
    pub contact: String,
    /// What they provide.
    pub provides: String,
    /// The information security requirements agreed with them (A.5.19, A.5.20).
    pub security_requirements: String,
    pub exit_plan: String,
    /// A certification they hold (e.g. ISO/IEC 27001), and when its certificate expires.
    pub certification: String,
    pub certificate_expires: Option<Date>,
    pub reviews: BTreeMap<RecordId, Review>,
    /// A performance review every so many months (0: only those planned by hand).
    pub review_months: u16,
}

/// How often a supplier's performance is reviewed unless said otherwise.
pub const DEFAULT_REVIEW_MONTHS: u16 = 12;
/// The longest review interval, in months.
pub const MAX_REVIEW_MONTHS: u16 = 36;

const FIELDS: &[&str] = &[
    "name",
    "type",
    "criticality",
    "status",
    "owner",
    "contact",
    "provides",
    "security_requirements",
    "exit_plan",
    "certification",
    "certificate_expires",
    "review_months",
];

impl Supplier {
    pub fn new(
        id: RecordId,
        name: &str,
        supplier_type: SupplierType,
    ) -> Result<Self, FieldProblem> {
        let supplier = Self {
            id,
            name: name.trim().to_owned(),
            supplier_type,
            criticality: Criticality::Medium,
            status: SupplierStatus::Proposed,
            owner: String::new(),
            contact: String::new(),
            provides: String::new(),
            security_requirements: String::new(),
            exit_plan: String::new(),
            certification: String::new(),
            certificate_expires: None,
            reviews: BTreeMap::new(),
            review_months: DEFAULT_REVIEW_MONTHS,
        };
        supplier.check().map(|()| supplier)
    }

    /// Whether the organisation depends on it enough that its security and exit are planned.
    pub fn is_key(&self) -> bool {
        self.criticality >= Criticality::High
    }

    /// The rules every supplier keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.name.trim().is_empty() {
            return Err(field_problem("name", "A supplier needs a name."));
        }
        if self.review_months > MAX_REVIEW_MONTHS {
            return Err(field_problem(
                "review_months",
                format!(
                    "A supplier is reviewed at least every {MAX_REVIEW_MONTHS} months (0: only as planned)."
                ),
            ));
        }
        for (field, value) in [
            ("name", &self.name),
            ("owner", &self.owner),
            ("contact", &self.contact),
            ("certification", &self.certification),
        ] {
            if let Some(problem) = too_long(field, value, NAME_MAX_CHARS) {
                return Err(problem);
            }
        }
        for (field, value) in [
            ("provides", &self.provides),
            ("security_requirements", &self.security_requirements),
            ("exit_plan", &self.exit_plan),
        ] {
            if let Some(problem) = too_long(field, value, TEXT_MAX_CHARS) {
                return Err(problem);
            }
        }
        if self.certificate_expires.is_some() && self.certification.trim().is_empty() {
            return Err(field_problem(
                "certification",
                "Name the certification whose certificate expires.",
            ));
        }
        if self.status == SupplierStatus::Active {
            if self.owner.trim().is_empty() {
                return Err(field_problem(
                    "owner",
                    "An active supplier needs an owner who manages the relationship.",
                ));
            }
            if self.is_key() && self.security_requirements.trim().is_empty() {
                return Err(field_problem(
                    "security_requirements",
                    "A high or critical supplier needs its security requirements agreed before it is active.",
                ));
            }
            if self.is_key() && self.exit_plan.trim().is_empty() {
                return Err(field_problem(
                    "exit_plan",
                    "A high or critical supplier needs an exit plan before it is active.",
                ));
            }
        }
        if self.status == SupplierStatus::Exiting && self.exit_plan.trim().is_empty() {
            return Err(field_problem(
                "exit_plan",
                "Write the exit plan before leaving a supplier.",
            ));
        }
        for (id, review) in &self.reviews {
            check_review(id, review)?;
        }
        Ok(())
    }

    /// Once every review is done, plans the next one interval after the latest, under `id`;
    /// nothing while one is still to do or without an interval. Whether one was planned.
    pub fn plan_next_review(&mut self, id: RecordId) -> bool {
        if self.reviews.values().any(|r| r.done.is_none()) {
            return false;
        }
        let Some(next) = self
            .last_review()
            .and_then(|r| r.done)
            .and_then(|done| done.next_review(self.review_months))
        else {
            return false;
        };
        self.reviews.insert(
            id,
            Review {
                due: next,
                done: None,
                rating: None,
                note: String::new(),
            },
        );
        true
    }

    /// The earliest review still to do.
    pub fn next_review(&self) -> Option<Date> {
        self.reviews
            .values()
            .filter(|r| r.done.is_none())
            .map(|r| r.due)
            .min()
    }

    /// The latest review done, with its rating.
    pub fn last_review(&self) -> Option<&Review> {
        self.reviews
            .values()
            .filter(|r| r.done.is_some())
            .max_by_key(|r| r.done)
    }
}

fn check_review(id: &RecordId, review: &Review) -> Result<(), FieldProblem> {
    let field = entry_field(REVIEW, id);
    if let Some(problem) = too_long(&field, &review.note, TEXT_MAX_CHARS) {
        return Err(problem);
    }
    match (review.done, review.rating) {
        (Some(_), None) => Err(field_problem(&field, "A review done needs its rating.")),
        (None, Some(_)) => Err(field_problem(
            &field,
            "Say when the review was done to rate it.",
        )),
        (Some(_), Some(rating)) if rating != Rating::Meets && review.note.trim().is_empty() => {
            Err(field_problem(
                &field,
                "Say what follows from a review that is not fully met.",
            ))
        }
        _ => Ok(()),
    }
}

impl RecordType for Supplier {
    const KIND: &'static str = "supplier";
    const NOUN: &'static str = "Supplier";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "provides" | "security_requirements" | "exit_plan")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("name".into(), Value::from(self.name.clone()));
        body.insert("type".into(), Value::from(self.supplier_type.as_str()));
        body.insert("criticality".into(), Value::from(self.criticality.as_str()));
        body.insert("status".into(), Value::from(self.status.as_str()));
        for (field, value) in [
            ("owner", &self.owner),
            ("contact", &self.contact),
            ("provides", &self.provides),
            ("security_requirements", &self.security_requirements),
            ("exit_plan", &self.exit_plan),
            ("certification", &self.certification),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        if let Some(expires) = self.certificate_expires {
            body.insert(
                "certificate_expires".into(),
                Value::from(expires.to_string()),
            );
        }
        write_entries(&mut body, REVIEW, &self.reviews);
        if self.review_months != DEFAULT_REVIEW_MONTHS {
            body.insert("review_months".into(), Value::from(self.review_months));
        }
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| is_entry(k, REVIEW))?;
        let supplier = Self {
            id: id.clone(),
            name: field_as(body, "name")?.ok_or_else(|| field_problem("name", "is missing"))?,
            supplier_type: required_named(body, "type", SupplierType::parse)?,
            criticality: required_named(body, "criticality", Criticality::parse)?,
            status: required_named(body, "status", SupplierStatus::parse)?,
            owner: text(body, "owner")?,
            contact: text(body, "contact")?,
            provides: text(body, "provides")?,
            security_requirements: text(body, "security_requirements")?,
            exit_plan: text(body, "exit_plan")?,
            certification: text(body, "certification")?,
            certificate_expires: field_as(body, "certificate_expires")?,
            reviews: read_entries(body, REVIEW)?,
            review_months: field_as(body, "review_months")?.unwrap_or(DEFAULT_REVIEW_MONTHS),
        };
        supplier.check()?;
        Ok(supplier)
    }
}
