//! Information security management (ISO/IEC 27001 clauses 6 and 8, Annex A): the workspace's
//! risk method and the records the ISMS keeps — risks assessed on that method, and the actions
//! (treatment tasks and others) that any register's records are served by.

pub mod action;
pub mod risk;
pub mod risk_method;

#[cfg(test)]
mod action_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod risk_tests;
