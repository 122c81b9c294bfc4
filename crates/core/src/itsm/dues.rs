//! What falls due in the next 30 days (and what is already overdue) across the registers that
//! keep dates: agreement reviews, supplier performance reviews and certificate expiries,
//! contract notice dates, continuity plan reviews and tests, risk reviews (sooner when a change or
//! a security incident triggers one), open actions, reviews of documents, open objectives and
//! the approved Statement of Applicability. One list for the dashboard and the due page, each
//! entry linking to its record.

use super::agreement::Agreement;
use super::change_request::ChangeRequest;
use super::continuity::{ContinuityPlan, PlanStatus};
use super::contract::{Contract, Standing};
use super::supplier::{Supplier, SupplierStatus};
use super::ticket::Ticket;
use crate::date::Date;
use crate::ids::RecordId;
use crate::isms::action::Action;
use crate::isms::document::{DocStatus, Document};
use crate::isms::objective::Objective;
use crate::isms::risk::{Risk, RiskState};
use crate::isms::risk_review::review_day;
use crate::isms::soa::Soa;

/// How far ahead a date counts as due.
pub const DUE_WINDOW_DAYS: i64 = 30;

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueKind {
    AgreementReview,
    SupplierReview,
    CertificateExpiry,
    ContractNotice,
    PlanReview,
    PlanTest,
    RiskReview,
    /// An action (a risk's treatment task, …) still open.
    Action,
    DocumentReview,
    ObjectiveReview,
    SoaReview,
}

impl DueKind {
    /// What is due, as the dashboard says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::AgreementReview => "Agreement review",
            Self::SupplierReview => "Supplier review",
            Self::CertificateExpiry => "Certificate expiry",
            Self::ContractNotice => "Contract renewal notice",
            Self::PlanReview => "Continuity plan review",
            Self::PlanTest => "Continuity test",
            Self::RiskReview => "Risk review",
            Self::Action => "Action",
            Self::DocumentReview => "Document review",
            Self::ObjectiveReview => "Objective review",
            Self::SoaReview => "Statement of Applicability review",
        }
    }

    /// The list its record is in.
    pub fn path(self) -> &'static str {
        match self {
            Self::AgreementReview => "/agreements",
            Self::SupplierReview | Self::CertificateExpiry => "/suppliers",
            Self::ContractNotice => "/contracts",
            Self::PlanReview | Self::PlanTest => "/continuity",
            Self::RiskReview => "/risks",
            Self::Action => "/actions",
            Self::DocumentReview => "/documents",
            Self::ObjectiveReview => "/objectives",
            Self::SoaReview => "/soa",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub kind: DueKind,
    pub id: RecordId,
    pub title: String,
    pub date: Date,
}

impl Due {
    pub fn href(&self) -> String {
        format!("{}/{}", self.kind.path(), self.id)
    }
}

/// The records of every dated register, read once for [`dues`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Dated<'a> {
    pub agreements: &'a [Agreement],
    pub suppliers: &'a [Supplier],
    pub contracts: &'a [Contract],
    pub plans: &'a [ContinuityPlan],
    pub risks: &'a [Risk],
    pub actions: &'a [Action],
    pub documents: &'a [Document],
    pub objectives: &'a [Objective],
    pub soa: &'a [Soa],
    /// What can trigger a risk's review before its date: changes and security incidents.
    pub changes: &'a [ChangeRequest],
    pub tickets: &'a [Ticket],
}

/// Everything due by [`DUE_WINDOW_DAYS`] from `today` (overdue included), soonest first.
/// Ended suppliers and contracts and retired plans are left out: nothing is due from them.
pub fn dues(dated: Dated<'_>, today: Date) -> Vec<Due> {
    let mut found = Vec::new();
    let mut add = |kind, id: &RecordId, title: &str, date: Option<Date>| {
        if let Some(date) = date {
            found.push(Due {
                kind,
                id: id.clone(),
                title: title.to_owned(),
                date,
            });
        }
    };
    for a in dated.agreements {
        add(DueKind::AgreementReview, &a.id, &a.title, a.review_due);
    }
    for s in dated
        .suppliers
        .iter()
        .filter(|s| s.status != SupplierStatus::Ended)
    {
        add(DueKind::SupplierReview, &s.id, &s.name, s.next_review());
        add(
            DueKind::CertificateExpiry,
            &s.id,
            &s.name,
            s.certificate_expires,
        );
    }
    for c in dated
        .contracts
        .iter()
        .filter(|c| !matches!(c.standing(today), Standing::Ended | Standing::Draft))
        .filter(|c| c.notice_days > 0)
    {
        add(DueKind::ContractNotice, &c.id, &c.title, c.notice_by());
    }
    for p in dated
        .plans
        .iter()
        .filter(|p| p.status != PlanStatus::Retired)
    {
        add(DueKind::PlanReview, &p.id, &p.title, p.review_due);
        add(DueKind::PlanTest, &p.id, &p.title, p.next_test_due);
    }
    for r in dated.risks.iter().filter(|r| r.state != RiskState::Closed) {
        let day = review_day(r, dated.changes, dated.tickets);
        add(DueKind::RiskReview, &r.id, &r.title, day);
    }
    for a in dated.actions.iter().filter(|a| a.status.is_open()) {
        add(DueKind::Action, &a.id, &a.title, a.due);
    }
    for d in dated
        .documents
        .iter()
        .filter(|d| d.status() != DocStatus::NotNeeded)
    {
        add(DueKind::DocumentReview, &d.id, &d.title, d.next_review);
    }
    // Only the version in force (the latest approved) is reviewed.
    if let Some(s) = dated
        .soa
        .iter()
        .filter(|s| s.is_approved())
        .max_by_key(|s| s.version)
    {
        add(DueKind::SoaReview, &s.id, &s.title, s.next_review);
    }
    for o in dated.objectives.iter().filter(|o| o.status.is_open()) {
        add(DueKind::ObjectiveReview, &o.id, &o.title, o.next_review);
    }
    let horizon = today.add_days(DUE_WINDOW_DAYS);
    found.retain(|due| horizon.is_none_or(|h| due.date <= h));
    crate::order::sort_by(&mut found, |a, b| {
        (a.date, a.kind, &a.id).cmp(&(b.date, b.kind, &b.id))
    });
    found
}

/// How a date stands against today, as a list's "due" filter tags it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    Overdue,
    /// Within [`DUE_WINDOW_DAYS`].
    Soon,
    Later,
    /// No date.
    Undated,
}

impl Timeliness {
    pub fn of(date: Option<Date>, today: Date) -> Self {
        match date {
            None => Self::Undated,
            Some(date) if date < today => Self::Overdue,
            Some(date) if today.add_days(DUE_WINDOW_DAYS).is_none_or(|h| date <= h) => Self::Soon,
            Some(_) => Self::Later,
        }
    }

    /// The soonest of several dates' standings (overdue before soon before later).
    pub fn worst(dates: impl IntoIterator<Item = Option<Date>>, today: Date) -> Self {
        dates
            .into_iter()
            .map(|d| Self::of(d, today))
            .min_by_key(|t| *t as u8)
            .unwrap_or(Self::Undated)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::Soon => "soon",
            Self::Later => "later",
            Self::Undated => "undated",
        }
    }

    /// The choices of a list's "due" filter.
    pub const CHOICES: [(&'static str, &'static str); 2] =
        [("overdue", "Overdue"), ("soon", "Due in 30 days")];
}
