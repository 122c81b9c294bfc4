//! One file per page.

pub mod assessments;
pub mod audits;
pub mod dashboard;
pub mod not_found;
pub mod registers;
pub mod settings;
pub mod workflows;
