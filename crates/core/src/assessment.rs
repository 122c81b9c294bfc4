//! Maturity self-assessments: which framework(s), which scale, and an answer per item. One
//! assessment is one record whose body has a `meta` field and one field per answered item, so
//! the change log records each rating change on its own.

#[doc(hidden)]
pub mod bench;
mod csv;
mod model;
mod rollup;

pub use csv::{CSV_HEADER, to_csv};
pub use model::{
    ATTRIBUTE_SEPARATOR, Action, Assessment, AssessmentError, AssessmentMeta, Evidence,
    FrameworkChoice, ItemAnswer, Rating, assessment_kind, item_key, upgrade_legacy_body,
};
pub use rollup::{Delta, ItemScore, Rollup, Summary, compare, rollup};

#[cfg(test)]
mod tests;
