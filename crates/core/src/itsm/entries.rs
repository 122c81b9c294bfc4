//! Entries a record gathers over time (timeline notes, notifications, evidence, handovers), one
//! field per entry — `NAME#ID` holding a small object — so entries added on two devices apart
//! are all kept, and removing one (its field removed) merges like any other edit.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::ids::RecordId;
use crate::typed::{FieldProblem, field_problem};

/// The most entries of one name a record holds.
pub const MAX_ENTRIES: usize = 500;

/// Whether `field` is an entry of `name`.
pub fn is_entry(field: &str, name: &str) -> bool {
    field
        .strip_prefix(name)
        .is_some_and(|rest| rest.starts_with('#'))
}

/// The entries stored under `name` in `body`, by id.
pub fn read_entries<T: DeserializeOwned>(
    body: &Map<String, Value>,
    name: &str,
) -> Result<BTreeMap<RecordId, T>, FieldProblem> {
    let prefix = format!("{name}#");
    let mut entries = BTreeMap::new();
    for (field, value) in body {
        let Some(id) = field.strip_prefix(&prefix) else {
            continue;
        };
        let id = RecordId::parse(id).map_err(|e| field_problem(field, e))?;
        let entry = T::deserialize(value).map_err(|e| field_problem(field, e))?;
        entries.insert(id, entry);
    }
    if entries.len() > MAX_ENTRIES {
        return Err((
            None,
            format!(
                "a record keeps at most {MAX_ENTRIES} entries of one kind; this has {} {name} entries",
                entries.len()
            ),
        ));
    }
    Ok(entries)
}

/// Writes `entries` into `body` under `name`.
pub fn write_entries<T: Serialize>(
    body: &mut Map<String, Value>,
    name: &str,
    entries: &BTreeMap<RecordId, T>,
) {
    for (id, entry) in entries {
        body.insert(
            format!("{name}#{id}"),
            serde_json::to_value(entry).expect("plain data"),
        );
    }
}

/// The field an entry is stored in, for naming it in a problem.
pub fn entry_field(name: &str, id: &RecordId) -> String {
    format!("{name}#{id}")
}
