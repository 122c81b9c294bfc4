//! Records: everything a workspace holds, addressed by workspace, kind and id. The body is
//! JSON so new record kinds need no storage migration.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{RecordId, RecordKind, WorkspaceId};

/// The longest string (in characters) accepted anywhere in a record body or an import.
pub const MAX_STRING_CHARS: usize = 100_000;

/// Where a record lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordKey {
    pub workspace: WorkspaceId,
    pub kind: RecordKind,
    pub id: RecordId,
}

/// One record. `updated_at` is Unix milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub workspace: WorkspaceId,
    pub kind: RecordKind,
    pub id: RecordId,
    pub updated_at: i64,
    pub body: Value,
}

impl Record {
    pub fn key(&self) -> RecordKey {
        RecordKey {
            workspace: self.workspace.clone(),
            kind: self.kind.clone(),
            id: self.id.clone(),
        }
    }
}

/// The first string (object keys included) longer than [`MAX_STRING_CHARS`], as its JSON path
/// (e.g. `records[2].body.notes`) and its length in characters.
pub fn find_oversized_string(value: &Value, path: &str) -> Option<(String, usize)> {
    let too_long = |s: &str| {
        // Cheap byte test first: a string of few bytes cannot have many characters.
        (s.len() > MAX_STRING_CHARS)
            .then(|| s.chars().count())
            .filter(|&chars| chars > MAX_STRING_CHARS)
    };
    match value {
        Value::String(s) => too_long(s).map(|chars| (path.to_owned(), chars)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_oversized_string(item, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match too_long(key) {
                Some(chars) => Some((format!("{path} (a field name)"), chars)),
                None => find_oversized_string(item, &child),
            }
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_the_path_of_an_oversized_string() {
        let long = "x".repeat(MAX_STRING_CHARS + 1);
        let doc = json!({"a": [1, {"b": long}]});
        assert_eq!(
            find_oversized_string(&doc, "body"),
            Some(("body.a[1].b".to_owned(), MAX_STRING_CHARS + 1))
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        let multibyte = "é".repeat(MAX_STRING_CHARS);
        assert_eq!(find_oversized_string(&json!({ "t": multibyte }), ""), None);
        let exact = "x".repeat(MAX_STRING_CHARS);
        assert_eq!(find_oversized_string(&json!([exact]), "v"), None);
    }

    #[test]
    fn finds_oversized_field_names() {
        let mut map = serde_json::Map::new();
        map.insert("k".repeat(MAX_STRING_CHARS + 5), json!(1));
        let found = find_oversized_string(&Value::Object(map), "body").unwrap();
        assert_eq!(
            found,
            ("body (a field name)".to_owned(), MAX_STRING_CHARS + 5)
        );
    }
}
