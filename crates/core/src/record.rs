//! Records: everything a workspace holds, addressed by workspace, kind and id. The body is
//! JSON so new record kinds need no storage migration.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::change::Change;
use crate::clock::Hlc;
use crate::ids::{RecordId, RecordKind, WorkspaceId};
use crate::versions::KeptVersion;

/// The longest string (in characters) accepted anywhere in a record body or an import.
pub const MAX_STRING_CHARS: usize = 100_000;
/// The longest field name, in characters.
pub const MAX_FIELD_CHARS: usize = 200;
/// The field whose value (true or false) says whether the record is deleted. It merges like any
/// other field, so a delete and a concurrent edit resolve the same way on every replica: the
/// record stays deleted, the edit is kept inside it, and restoring it brings back every field.
pub const DELETED_FIELD: &str = "$deleted";

/// Where a record lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordKey {
    pub workspace: WorkspaceId,
    pub kind: RecordKind,
    pub id: RecordId,
}

/// One record: a JSON object of fields, each with the clock of the change that last set it
/// (removed fields keep their clock, so an older change cannot bring them back). `updated_at`
/// is the wall time (Unix ms) of the newest change merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub workspace: WorkspaceId,
    pub kind: RecordKind,
    pub id: RecordId,
    pub updated_at: i64,
    pub body: Value,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clocks: BTreeMap<String, Hlc>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// Versions of long-text fields that were written at the same time as the one the body
    /// holds, kept until someone resolves them ([`crate::versions`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub conflicts: BTreeMap<String, Vec<KeptVersion>>,
}

/// Why a field name cannot be used.
pub fn check_field_name(field: &str) -> Result<(), String> {
    // Names are nearly always ASCII, where bytes are characters: a backup checks thousands.
    let ascii = field.is_ascii();
    let chars = if ascii {
        field.len()
    } else {
        field.chars().count()
    };
    if chars == 0 {
        return Err("a field name cannot be empty".into());
    }
    if chars > MAX_FIELD_CHARS {
        return Err(format!(
            "a field name can be at most {MAX_FIELD_CHARS} characters (this one has {chars})"
        ));
    }
    let control = if ascii {
        field.bytes().any(|b| b.is_ascii_control())
    } else {
        field.chars().any(char::is_control)
    };
    if control {
        return Err("a field name cannot contain control characters".into());
    }
    if field.starts_with('$') && field != DELETED_FIELD {
        return Err(format!(
            "{field:?} is reserved (names starting with $ are Praxis's own)"
        ));
    }
    Ok(())
}

impl Record {
    /// The order of [`Record::key`], without copying the keys.
    pub fn cmp_by_key(&self, other: &Self) -> std::cmp::Ordering {
        (&self.workspace, &self.kind, &self.id).cmp(&(&other.workspace, &other.kind, &other.id))
    }

    /// A record with no fields yet: what a change to an unknown record merges into.
    pub fn empty(key: RecordKey) -> Self {
        Self {
            workspace: key.workspace,
            kind: key.kind,
            id: key.id,
            updated_at: 0,
            body: Value::Object(Map::new()),
            clocks: BTreeMap::new(),
            deleted: false,
            conflicts: BTreeMap::new(),
        }
    }

    pub fn key(&self) -> RecordKey {
        RecordKey {
            workspace: self.workspace.clone(),
            kind: self.kind.clone(),
            id: self.id.clone(),
        }
    }

    /// What people recognise the record by: its title, or its name, when either is a text that
    /// is not blank (trimmed). Read from the body as it is, whether or not the kind's check passes.
    pub fn title(&self) -> Option<&str> {
        ["title", "name"]
            .iter()
            .find_map(|field| self.body.get(*field).and_then(Value::as_str))
            .map(str::trim)
            .filter(|title| !title.is_empty())
    }

    /// The record's fields (empty when the body is not an object, which validation refuses).
    pub fn fields(&self) -> Option<&Map<String, Value>> {
        self.body.as_object()
    }

    /// Whether the change's field clock is at or after the change: true of every change merged
    /// into this record (a field clock only grows), so a change it does not cover was never
    /// merged into it.
    pub fn covers(&self, change: &Change) -> bool {
        self.clocks
            .get(&change.field)
            .is_some_and(|field_clock| change.clock <= *field_clock)
    }

    /// The value a field holds for merging; the deleted flag reads as a field too.
    fn current(&self, field: &str) -> Option<Value> {
        if field == DELETED_FIELD {
            return Some(Value::Bool(self.deleted));
        }
        self.body.get(field).cloned()
    }

    /// Merges one change, last writer wins per field: it applies when its clock is later than
    /// the field's. Equal clocks mean the same change seen again (a no-op); should two different
    /// values ever carry one clock, the greater value in JSON text wins, the same everywhere.
    /// Returns whether the record changed.
    ///
    /// Long-text fields keep the versions a change did not replace ([`crate::versions`]).
    pub fn merge(&mut self, change: &Change) -> bool {
        if crate::typed::keeps_versions(&self.kind, &change.field)
            && self.clocks.get(&change.field) != Some(&change.clock)
        {
            return self.merge_keeping(change);
        }
        self.merge_latest(change)
    }

    /// Last writer wins.
    fn merge_latest(&mut self, change: &Change) -> bool {
        if let Some(seen) = self.clocks.get(&change.field) {
            match change.clock.cmp(seen) {
                std::cmp::Ordering::Less => return false,
                std::cmp::Ordering::Equal => {
                    let rank = |v: Option<&Value>| v.map(Value::to_string);
                    // Compare what the field would hold: the deleted flag holds only a bool.
                    let incoming = if change.field == DELETED_FIELD {
                        Some(Value::Bool(
                            change.value.as_ref().and_then(Value::as_bool) == Some(true),
                        ))
                    } else {
                        change.value.clone()
                    };
                    if rank(incoming.as_ref()) <= rank(self.current(&change.field).as_ref()) {
                        return false;
                    }
                }
                std::cmp::Ordering::Greater => {}
            }
        }
        self.set(&change.field, change.clock.clone(), change.value.as_ref());
        true
    }

    /// Sets a field to a value under a clock, whatever it held.
    pub(crate) fn set(&mut self, field: &str, clock: Hlc, value: Option<&Value>) {
        self.updated_at = self.updated_at.max(clock.wall_ms());
        self.clocks.insert(field.to_owned(), clock);
        if field == DELETED_FIELD {
            self.deleted = value.and_then(Value::as_bool) == Some(true);
            return;
        }
        if !self.body.is_object() {
            self.body = Value::Object(Map::new());
        }
        let fields = self.body.as_object_mut().expect("made an object above");
        match value {
            Some(value) => fields.insert(field.to_owned(), value.clone()),
            None => fields.remove(field),
        };
    }
}

/// The first string (object keys included) longer than [`MAX_STRING_CHARS`], as its JSON path
/// below `path` (e.g. `records[2].body.notes`) and its length in characters. An oversized
/// object key is reported as the path of its object followed by "(a field name)".
pub fn find_oversized_string(value: &Value, path: &str) -> Option<(String, usize)> {
    let (mut steps, chars) = find_below(value)?;
    // Steps are collected innermost first, on the way back up.
    steps.reverse();
    let mut found = path.to_owned();
    for step in steps {
        match step {
            Step::Index(i) => found.push_str(&format!("[{i}]")),
            Step::Field(key) => {
                if !found.is_empty() {
                    found.push('.');
                }
                found.push_str(key);
            }
            Step::FieldName => {
                let object = if found.is_empty() {
                    "the top level"
                } else {
                    ""
                };
                found = format!("{found}{object} (a field name)");
            }
        }
    }
    Some((found, chars))
}

/// One step of a JSON path.
enum Step<'a> {
    Index(usize),
    Field(&'a str),
    /// The oversized string is the key itself, not its value.
    FieldName,
}

/// Paths are only built for the one string found, so scanning a large import stays cheap.
fn find_below(value: &Value) -> Option<(Vec<Step<'_>>, usize)> {
    match value {
        Value::String(s) => too_long(s).map(|chars| (Vec::new(), chars)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let (mut steps, chars) = find_below(item)?;
            steps.push(Step::Index(i));
            Some((steps, chars))
        }),
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            if let Some(chars) = too_long(key) {
                return Some((vec![Step::FieldName], chars));
            }
            let (mut steps, chars) = find_below(item)?;
            steps.push(Step::Field(key));
            Some((steps, chars))
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

/// The length of `s` in characters when it is over the limit.
fn too_long(s: &str) -> Option<usize> {
    // Cheap byte test first: a string of few bytes cannot have many characters.
    (s.len() > MAX_STRING_CHARS)
        .then(|| s.chars().count())
        .filter(|&chars| chars > MAX_STRING_CHARS)
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
        let found = find_oversized_string(&Value::Object(map.clone()), "body").unwrap();
        assert_eq!(
            found,
            ("body (a field name)".to_owned(), MAX_STRING_CHARS + 5)
        );
        let nested = json!({"list": [Value::Object(map.clone())]});
        assert_eq!(
            find_oversized_string(&nested, "").unwrap().0,
            "list[0] (a field name)"
        );
        assert_eq!(
            find_oversized_string(&Value::Object(map), "").unwrap().0,
            "the top level (a field name)"
        );
    }

    #[test]
    fn paths_start_at_the_given_prefix_or_at_the_top() {
        let long = "y".repeat(MAX_STRING_CHARS + 1);
        let doc = json!({"records": [{"body": {"ok": "fine"}}, {"body": {"notes": long}}]});
        assert_eq!(
            find_oversized_string(&doc, "").unwrap().0,
            "records[1].body.notes"
        );
        assert_eq!(
            find_oversized_string(&json!([[1, long]]), "v").unwrap().0,
            "v[0][1]"
        );
        assert_eq!(
            find_oversized_string(&json!({"a": [null, true, 1.5]}), ""),
            None
        );
    }

    #[test]
    fn a_record_covers_the_changes_at_or_before_its_field_clocks() {
        let stamp =
            |wall, device: &str| Hlc::new(wall, 0, crate::ids::DeviceId::parse(device).unwrap());
        let mut record = Record::empty(RecordKey {
            workspace: WorkspaceId::parse("w").unwrap(),
            kind: RecordKind::parse("note").unwrap(),
            id: RecordId::parse("n1").unwrap(),
        });
        let change = |field: &str, clock: Hlc| Change {
            replaces: Vec::new(),
            workspace: record.workspace.clone(),
            kind: record.kind.clone(),
            record_id: record.id.clone(),
            field: field.to_owned(),
            value: None,
            clock,
            actor: crate::actor::Actor::unrecorded(),
        };
        let merged = change("a", stamp(10, "b"));
        let (older, newer, other) = (
            change("a", stamp(10, "a")),
            change("a", stamp(10, "c")),
            change("b", stamp(1, "a")),
        );
        record.merge(&merged);
        assert!(record.covers(&merged) && record.covers(&older));
        assert!(!record.covers(&newer) && !record.covers(&other));
    }

    #[test]
    fn field_names_are_limited_in_characters_and_refuse_control_characters() {
        assert!(check_field_name(&"é".repeat(MAX_FIELD_CHARS)).is_ok());
        assert!(check_field_name(&"é".repeat(MAX_FIELD_CHARS + 1)).is_err());
        assert!(check_field_name(&"e".repeat(MAX_FIELD_CHARS + 1)).is_err());
        for bad in ["", "a\nb", "a\u{7f}", "é\u{85}", "\u{9f}", "$other"] {
            assert!(check_field_name(bad).is_err(), "{bad:?}");
        }
        for good in [
            "notes",
            "iso27001:2022/A.5.1#notes",
            "ünïcødé",
            DELETED_FIELD,
        ] {
            assert!(check_field_name(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn a_record_key_is_its_address() {
        let record = Record {
            workspace: WorkspaceId::parse("w").unwrap(),
            kind: RecordKind::parse("note").unwrap(),
            id: RecordId::parse("n1").unwrap(),
            updated_at: 1,
            body: json!({}),
            clocks: BTreeMap::new(),
            deleted: false,
            conflicts: BTreeMap::new(),
        };
        assert_eq!(
            record.key(),
            RecordKey {
                workspace: WorkspaceId::parse("w").unwrap(),
                kind: RecordKind::parse("note").unwrap(),
                id: RecordId::parse("n1").unwrap(),
            }
        );
    }
}
