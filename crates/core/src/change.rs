//! Field-level change entries: what changed in which record, and when. They are the basis of
//! the change history auditors ask for and, later, of sync between devices.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{RecordId, RecordKind, WorkspaceId};

/// One field of one record set to a value (`Some`) or removed (`None`) at `at` (Unix ms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub workspace: WorkspaceId,
    pub kind: RecordKind,
    pub record_id: RecordId,
    pub field: String,
    pub value: Option<Value>,
    pub at: i64,
}

/// The field name under which a body that is not a JSON object changes as a whole.
pub const WHOLE_BODY: &str = "";

fn fields(body: Option<&Value>) -> Vec<(&str, &Value)> {
    match body {
        None => Vec::new(),
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        Some(other) => vec![(WHOLE_BODY, other)],
    }
}

/// The field-level differences from `before` to `after` (either may be absent: a new or a
/// deleted record), sorted by field name: changed or added fields with their new value, removed
/// fields with `None`. Unchanged fields are left out.
pub fn field_changes(
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<(String, Option<Value>)> {
    let old = fields(before);
    let new = fields(after);
    let old_value = |name: &str| old.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let mut changes: Vec<(String, Option<Value>)> = new
        .iter()
        .filter(|(name, value)| old_value(name) != Some(*value))
        .map(|(name, value)| ((*name).to_owned(), Some((*value).clone())))
        .collect();
    changes.extend(
        old.iter()
            .filter(|(name, _)| !new.iter().any(|(k, _)| k == name))
            .map(|(name, _)| ((*name).to_owned(), None)),
    );
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_added_changed_and_removed_fields_in_name_order() {
        let before = json!({"a": 1, "b": 2, "keep": true});
        let after = json!({"a": 1, "b": 3, "c": "new", "keep": true});
        assert_eq!(
            field_changes(Some(&before), Some(&after)),
            vec![
                ("b".to_owned(), Some(json!(3))),
                ("c".to_owned(), Some(json!("new")))
            ]
        );
        assert_eq!(
            field_changes(Some(&after), Some(&json!({"a": 1}))),
            vec![
                ("b".to_owned(), None),
                ("c".to_owned(), None),
                ("keep".to_owned(), None)
            ]
        );
    }

    #[test]
    fn new_and_deleted_records_and_non_object_bodies() {
        assert_eq!(
            field_changes(None, Some(&json!({"x": 1}))),
            vec![("x".to_owned(), Some(json!(1)))]
        );
        assert_eq!(
            field_changes(Some(&json!({"x": 1})), None),
            vec![("x".to_owned(), None)]
        );
        assert_eq!(
            field_changes(Some(&json!([1])), Some(&json!([2]))),
            vec![(WHOLE_BODY.to_owned(), Some(json!([2])))]
        );
        assert!(field_changes(None, None).is_empty());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Map;

    fn apply(
        before: &Map<String, Value>,
        changes: &[(String, Option<Value>)],
    ) -> Map<String, Value> {
        let mut out = before.clone();
        for (field, value) in changes {
            match value {
                Some(v) => out.insert(field.clone(), v.clone()),
                None => out.remove(field),
            };
        }
        out
    }

    fn small_object() -> impl Strategy<Value = Map<String, Value>> {
        let value = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            "[a-z ]{0,6}".prop_map(Value::from),
        ];
        prop::collection::btree_map("[a-e]", value, 0..5).prop_map(|m| m.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn applying_the_changes_reproduces_the_new_body(before in small_object(), after in small_object()) {
            let changes = field_changes(Some(&Value::Object(before.clone())), Some(&Value::Object(after.clone())));
            prop_assert_eq!(apply(&before, &changes), after);
        }

        #[test]
        fn an_unchanged_body_has_no_changes(body in small_object()) {
            let body = Value::Object(body);
            prop_assert!(field_changes(Some(&body), Some(&body)).is_empty());
        }
    }
}
