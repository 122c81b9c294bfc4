//! Certification blockers: what would stop a certification audit whatever the averages say.
//! A major nonconformity anywhere; a clause rated below the assessment's blocker level; an
//! applicable Annex A control rated 0 (not implemented); documented information the standard
//! calls for recorded as missing, or missing or not approved in the register of documented
//! information.

use super::model::Finding;
use super::rollup::ItemScore;
use crate::framework::ItemKind;
use crate::isms::document::DocumentGap;

/// Why an item blocks certification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    MajorNonconformity,
    /// A clause rated `level`, below the blocker level `required`.
    BelowLevel {
        level: u8,
        required: u8,
    },
    /// An applicable control rated 0.
    NotImplemented,
    DocumentedInformationMissing,
    /// Documents of the register that the item calls for are missing or not approved.
    RegisterDocuments,
}

impl Reason {
    pub fn describe(self) -> String {
        match self {
            Reason::MajorNonconformity => "major nonconformity".to_owned(),
            Reason::BelowLevel { level, required } => {
                format!("rated {level}, below the blocker level {required}")
            }
            Reason::NotImplemented => "applicable control not implemented (rated 0)".to_owned(),
            Reason::DocumentedInformationMissing => {
                "required documented information missing".to_owned()
            }
            Reason::RegisterDocuments => "documented information not in place".to_owned(),
        }
    }
}

/// One blocking item, with every reason it blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocker {
    /// The item's key, to link to it.
    pub key: String,
    pub reasons: Vec<Reason>,
    /// The register's documents behind [`Reason::RegisterDocuments`], each with its status
    /// ("Information security policy (missing)").
    pub documents: Vec<String>,
}

impl Blocker {
    /// Every reason in words, the first with a capital: "Major nonconformity; documented
    /// information not in place: Scope of the SMS (missing)".
    pub fn describe(&self) -> String {
        let mut parts = Vec::with_capacity(self.reasons.len());
        for reason in &self.reasons {
            let mut part = reason.describe();
            if *reason == Reason::RegisterDocuments {
                part.push_str(": ");
                part.push_str(&self.documents.join(", "));
            }
            parts.push(part);
        }
        let mut text = parts.join("; ");
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        text
    }
}

/// The blockers of an assessment, major nonconformities first, each kind in framework order;
/// and what is not assessed yet (and so may hide more).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Blockers {
    pub items: Vec<Blocker>,
    /// Applicable items with no rating.
    pub not_rated: usize,
    /// Items that call for documented information nobody has checked yet.
    pub documents_unchecked: usize,
}

impl Blockers {
    pub fn count(&self) -> usize {
        self.items.len()
    }
}

/// The reasons `score` blocks certification, given the assessment's blocker level.
pub(super) fn reasons(score: &ItemScore, blocker_level: u8) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if !score.applicable {
        return reasons;
    }
    if score.finding == Some(Finding::MajorNonconformity) {
        reasons.push(Reason::MajorNonconformity);
    }
    match (score.kind, score.level) {
        (ItemKind::Clause, Some(level)) if level < blocker_level => {
            reasons.push(Reason::BelowLevel {
                level,
                required: blocker_level,
            });
        }
        (ItemKind::Control, Some(0)) => reasons.push(Reason::NotImplemented),
        _ => {}
    }
    if score.documented == Some(false) {
        reasons.push(Reason::DocumentedInformationMissing);
    }
    reasons
}

/// The blockers of `scores`, with the register's `gaps` counted against the applicable items
/// that call for them.
pub(super) fn blockers(scores: &[ItemScore], blocker_level: u8, gaps: &[DocumentGap]) -> Blockers {
    let mut blockers = Blockers::default();
    for score in scores {
        let mut reasons = reasons(score, blocker_level);
        let mut documents = Vec::new();
        if score.applicable {
            for gap in gaps.iter().filter(|g| g.item_key == score.key) {
                documents.push(format!(
                    "{} ({})",
                    gap.title,
                    gap.status.label().to_lowercase()
                ));
            }
        }
        if !documents.is_empty() {
            reasons.push(Reason::RegisterDocuments);
        }
        if !reasons.is_empty() {
            blockers.items.push(Blocker {
                key: score.key.clone(),
                reasons,
                documents,
            });
        }
        if score.applicable && score.level.is_none() {
            blockers.not_rated += 1;
        }
        if score.calls_for_documents && score.documented.is_none() {
            blockers.documents_unchecked += 1;
        }
    }
    // Major nonconformities first: they end a certification audit on their own.
    crate::order::sort_by_key(&mut blockers.items, |b| {
        !b.reasons.contains(&Reason::MajorNonconformity)
    });
    blockers
}
