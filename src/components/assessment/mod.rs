//! The parts of an assessment page.

pub mod blockers;
pub mod charts;
pub mod checks;
pub mod details;
pub mod items;
