//! The parts of an assessment page.

pub mod charts;
pub mod details;
pub mod items;
