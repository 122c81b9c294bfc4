//! Service management (ISO/IEC 20000-1 clause 8): the arithmetic and rules the workflow records
//! share — service hours, SLA clocks, priorities from impact and urgency, life cycles — and
//! the record kinds that run on them.

pub mod agreement;
pub mod change_calendar;
pub mod change_request;
pub mod config_item;
pub mod continuity;
pub mod contract;
pub mod desk;
pub mod dues;
pub mod duration;
pub mod entries;
pub mod import;
pub mod links;
pub mod overview;
pub mod priority;
pub mod problem;
pub mod release;
pub mod security;
pub mod service;
pub mod service_hours;
pub mod sla;
pub mod sla_clock;
pub mod supplier;
pub mod ticket;
pub mod timeline;
pub mod workflow;

#[cfg(test)]
mod agreement_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod change_props;
#[cfg(test)]
mod change_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod clock_props;
#[cfg(test)]
mod import_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod problem_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod release_tests;
#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod service_tests;
#[cfg(test)]
mod sla_tests;
#[cfg(test)]
mod supplier_tests;
#[cfg(test)]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod ticket_props;
#[cfg(test)]
mod ticket_tests;

/// A text field longer than `max` characters, as the problem to report.
pub(crate) fn too_long(field: &str, text: &str, max: usize) -> Option<crate::typed::FieldProblem> {
    let found = text.chars().count();
    (found > max).then(|| {
        crate::typed::field_problem(
            field,
            format!("can be at most {max} characters (this has {found})."),
        )
    })
}

/// The first of `texts` (field, text, most characters) that is too long, as [`too_long`] says.
pub(crate) fn within_limits(
    texts: &[(&str, &str, usize)],
) -> Result<(), crate::typed::FieldProblem> {
    match texts
        .iter()
        .find_map(|(field, text, max)| too_long(field, text, *max))
    {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// A stored name read back as one of `parse`'s values (`None` when the field is absent).
pub(crate) fn named_field<T>(
    body: &serde_json::Map<String, serde_json::Value>,
    field: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, crate::typed::FieldProblem> {
    crate::typed::field_as::<String>(body, field)?
        .map(|text| {
            parse(&text).ok_or_else(|| {
                crate::typed::field_problem(field, format!("no such value: {text:?}"))
            })
        })
        .transpose()
}

/// As [`named_field`], for a field every record has.
pub(crate) fn required_named<T>(
    body: &serde_json::Map<String, serde_json::Value>,
    field: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, crate::typed::FieldProblem> {
    named_field(body, field, parse)?.ok_or_else(|| crate::typed::field_problem(field, "is missing"))
}
