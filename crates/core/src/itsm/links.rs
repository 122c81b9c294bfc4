//! Links from one record to others (a service's dependencies, its suppliers…), one field per
//! link — `NAME#ID` = `true` — so two people adding links apart keep both, and removing one
//! (the field removed) merges like any other edit.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::ids::RecordId;
use crate::typed::{FieldProblem, field_problem};

/// The most links of one name a record holds.
pub const MAX_LINKS: usize = 500;

/// The ids linked under `name` in `body`.
pub fn read_links(
    body: &Map<String, Value>,
    name: &str,
) -> Result<BTreeSet<RecordId>, FieldProblem> {
    let prefix = format!("{name}#");
    let mut links = BTreeSet::new();
    for (field, value) in body {
        let Some(id) = field.strip_prefix(&prefix) else {
            continue;
        };
        if value != &Value::Bool(true) {
            return Err(field_problem(field, "a link is stored as true"));
        }
        links.insert(RecordId::parse(id).map_err(|e| field_problem(field, e))?);
    }
    if links.len() > MAX_LINKS {
        return Err(field_problem(
            name,
            format!(
                "at most {MAX_LINKS} links of one kind (this has {})",
                links.len()
            ),
        ));
    }
    Ok(links)
}

/// Writes the links under `name` into `body`.
pub fn write_links(body: &mut Map<String, Value>, name: &str, links: &BTreeSet<RecordId>) {
    for id in links {
        body.insert(format!("{name}#{id}"), Value::Bool(true));
    }
}

/// Whether `field` is a link of one of `names`.
pub fn is_link_field(field: &str, names: &[&str]) -> bool {
    field
        .split_once('#')
        .is_some_and(|(name, id)| !id.is_empty() && names.contains(&name))
}
