//! Information security management (ISO/IEC 27001 clauses 6 and 8, Annex A): the workspace's
//! risk method and the records the ISMS keeps — risks first, assessed on that method.

pub mod risk;
pub mod risk_method;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod risk_tests;
