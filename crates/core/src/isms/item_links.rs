//! Links from a record to items of the workspace's frameworks (a risk's controls, a
//! nonconformity's clauses), one field per link — `NAME#FRAMEWORK/ITEM` = `true` — so two
//! people linking apart keep both.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::typed::{FieldProblem, field_problem};

/// The most items of one name a record links.
pub const MAX_ITEM_LINKS: usize = 200;
/// Longest item key (a framework id, "/", an item id).
const KEY_MAX_CHARS: usize = 150;

/// The field that links `key` (a `FRAMEWORK/ITEM` key) under `name`.
pub fn item_field(name: &str, key: &str) -> String {
    format!("{name}#{key}")
}

/// The `FRAMEWORK/ITEM` keys linked under `name` in `body`.
pub fn read_item_links(
    body: &Map<String, Value>,
    name: &str,
) -> Result<BTreeSet<String>, FieldProblem> {
    let mut keys = BTreeSet::new();
    for (field, value) in body {
        let Some(key) = field.strip_prefix(name).and_then(|k| k.strip_prefix('#')) else {
            continue;
        };
        if value != &Value::Bool(true) {
            return Err(field_problem(field, "a link is stored as true"));
        }
        let well_formed = key
            .split_once('/')
            .is_some_and(|(framework, item)| !framework.is_empty() && !item.is_empty())
            && key.chars().count() <= KEY_MAX_CHARS
            && !key.chars().any(char::is_whitespace);
        if !well_formed {
            return Err(field_problem(
                field,
                "an item is named as FRAMEWORK/ITEM (e.g. iso27001:2022/A.5.15)",
            ));
        }
        keys.insert(key.to_owned());
    }
    if keys.len() > MAX_ITEM_LINKS {
        return Err(field_problem(
            name,
            format!("at most {MAX_ITEM_LINKS} links (this has {})", keys.len()),
        ));
    }
    Ok(keys)
}

/// Writes the links under `name` into `body`.
pub fn write_item_links(body: &mut Map<String, Value>, name: &str, keys: &BTreeSet<String>) {
    for key in keys {
        body.insert(item_field(name, key), Value::Bool(true));
    }
}
