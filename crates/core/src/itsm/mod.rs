//! Service management (ISO/IEC 20000-1 clause 8): the arithmetic and rules the workflow records
//! share — service hours, SLA clocks, priorities from impact and urgency, life cycles — and
//! the record kinds that run on them.

pub mod links;
pub mod priority;
pub mod service;
pub mod service_hours;
pub mod sla_clock;
pub mod ticket;
pub mod workflow;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod clock_props;
#[cfg(test)]
mod service_tests;
#[cfg(test)]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod ticket_props;
#[cfg(test)]
mod ticket_tests;
