//! One file per page.

pub mod agreement;
pub mod agreements;
pub mod assessment;
pub mod assessments;
pub mod audits;
pub mod dashboard;
pub mod not_found;
pub mod problem;
pub mod problems;
pub mod registers;
pub mod report;
pub mod service;
pub mod services;
pub mod settings;
pub mod ticket;
pub mod ticket_import;
pub mod tickets;
pub mod workflows;
pub mod workshop;
