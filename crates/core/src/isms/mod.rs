//! Information security management (ISO/IEC 27001 clauses 6 and 8, Annex A): the workspace's
//! risk method and the records the ISMS keeps — risks assessed on that method, the actions
//! (treatment tasks and others) that any register's records are served by, the Statement of
//! Applicability with its versions and exports, nonconformities with their corrective action, the
//! register of documented information, and objectives with their measurements.

pub mod action;
pub mod document;
pub mod item_links;
pub mod nonconformity;
pub mod objective;
pub mod objective_plot;
pub mod required_documents;
pub mod risk;
pub mod risk_method;
pub mod risk_review;
pub mod soa;
pub mod soa_bench;
pub mod soa_export;
pub mod soa_fill;

#[cfg(test)]
mod action_tests;
#[cfg(test)]
mod document_tests;
#[cfg(test)]
mod nonconformity_tests;
#[cfg(test)]
mod objective_tests;
#[cfg(test)]
mod review_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod risk_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod soa_tests;
