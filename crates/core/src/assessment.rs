//! Maturity self-assessments: which framework(s), which scale, and an answer per item. One
//! assessment is one record whose body has a `meta` field and one field per answered item, so
//! the change log records each rating change on its own.

#[doc(hidden)]
pub mod bench;
mod blockers;
mod csv;
mod finding;
mod model;
mod rollup;
mod sharing;

pub use blockers::{Blocker, Blockers, Reason};
pub use csv::{CSV_HEADER, to_csv};
pub use model::{
    ATTRIBUTE_SEPARATOR, Action, Assessment, AssessmentError, AssessmentMeta,
    DEFAULT_BLOCKER_LEVEL, Evidence, Finding, FrameworkChoice, ItemAnswer, Rating, SHARING_RULES,
    assessment_kind, item_key, upgrade_legacy_body,
};
pub use rollup::{Delta, ItemScore, Rollup, Summary, compare, rollup, rollup_with_documents};
pub use sharing::{Pair, paired_with, pairs};

#[cfg(test)]
mod conformity_tests;
#[cfg(test)]
mod tests;
