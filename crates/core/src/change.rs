//! Field-level change entries: what changed in which record, and when. They are the basis of
//! the change history auditors ask for and, later, of sync between devices.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::actor::Actor;
use crate::clock::Hlc;
use crate::ids::{RecordId, RecordKind, WorkspaceId};
use crate::record::RecordKey;

/// One field of one record set to a value (`Some`) or removed (`None`), stamped with the clock
/// of the device that made it and the person who made it. Within a workspace the stamp is
/// unique, so it is also the change's id: merging a change twice is a no-op.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub workspace: WorkspaceId,
    pub kind: RecordKind,
    pub record_id: RecordId,
    pub field: String,
    /// In JSON, `None` is written by leaving `value` out, so that a field set to `null`
    /// (`Some(Value::Null)`) survives a round trip instead of reading back as removed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_value"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub value: Option<Value>,
    /// The stamp: 15 digits of Unix ms, 8 hex digits of counter, the device id.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub clock: Hlc,
    pub actor: Actor,
    /// For a long-text field: the versions its author had in front of them, which it replaces;
    /// versions it does not name stay as conflicts ([`crate::versions`]). Empty elsewhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub replaces: Vec<Hlc>,
}

impl Change {
    /// When it was made (Unix ms, the device's wall clock).
    pub fn at(&self) -> i64 {
        self.clock.wall_ms()
    }

    /// The change's id within its workspace: its clock stamp as text.
    pub fn id(&self) -> String {
        self.clock.to_string()
    }

    pub fn key(&self) -> RecordKey {
        RecordKey {
            workspace: self.workspace.clone(),
            kind: self.kind.clone(),
            id: self.record_id.clone(),
        }
    }
}

/// A `value` that is present is `Some`, even when it is `null`; an absent one defaults to `None`.
fn present_value<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// The field name under which a body that is not a JSON object changes as a whole.
pub const WHOLE_BODY: &str = "";

fn fields(body: Option<&Value>) -> BTreeMap<&str, &Value> {
    match body {
        None => BTreeMap::new(),
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        Some(other) => BTreeMap::from([(WHOLE_BODY, other)]),
    }
}

/// The field-level differences from `before` to `after` (either may be absent: a new or a
/// deleted record), sorted by field name: changed or added fields with their new value, removed
/// fields with `None`. Unchanged fields are left out. Only top-level fields are compared: a
/// change to a nested value is logged as its whole top-level field.
pub fn field_changes(
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<(String, Option<Value>)> {
    let old = fields(before);
    let new = fields(after);
    let set = new
        .iter()
        .filter(|(name, value)| old.get(*name) != Some(*value))
        .map(|(name, value)| ((*name).to_owned(), Some((*value).clone())));
    let removed = old
        .keys()
        .filter(|name| !new.contains_key(*name))
        .map(|name| ((*name).to_owned(), None));
    let mut changes: Vec<(String, Option<Value>)> = set.chain(removed).collect();
    crate::order::sort_by(&mut changes, |a, b| a.0.cmp(&b.0));
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
        assert_eq!(
            field_changes(Some(&json!("text")), Some(&json!({"a": 1}))),
            vec![
                (WHOLE_BODY.to_owned(), None),
                ("a".to_owned(), Some(json!(1)))
            ]
        );
        assert!(field_changes(Some(&json!(7)), Some(&json!(7))).is_empty());
    }

    #[test]
    fn a_nested_edit_logs_the_whole_top_level_field() {
        let before = json!({"owner": {"name": "Ann", "team": "Ops"}});
        let after = json!({"owner": {"name": "Ann", "team": "Sec"}});
        assert_eq!(
            field_changes(Some(&before), Some(&after)),
            vec![(
                "owner".to_owned(),
                Some(json!({"name": "Ann", "team": "Sec"}))
            )]
        );
    }

    #[test]
    fn a_change_round_trips_through_json_and_refuses_unknown_fields() {
        let change = Change {
            workspace: WorkspaceId::parse("w").unwrap(),
            kind: RecordKind::parse("note").unwrap(),
            record_id: RecordId::parse("n1").unwrap(),
            field: "text".to_owned(),
            value: None,
            clock: Hlc::new(42, 0, crate::ids::DeviceId::parse("d").unwrap()),
            actor: Actor::parse("Ada", "").unwrap(),
            replaces: Vec::new(),
        };
        let text = serde_json::to_string(&change).unwrap();
        assert!(
            !text.contains("replaces"),
            "nothing replaced, nothing written: {text}"
        );
        assert!(!text.contains("value"), "removal leaves value out: {text}");
        assert_eq!(serde_json::from_str::<Change>(&text).unwrap(), change);
        let set_to_null = Change {
            value: Some(Value::Null),
            ..change.clone()
        };
        let null_text = serde_json::to_string(&set_to_null).unwrap();
        assert!(null_text.contains("\"value\":null"), "{null_text}");
        assert_eq!(
            serde_json::from_str::<Change>(&null_text).unwrap(),
            set_to_null,
            "null is a value, not a removal"
        );
        let mut extra: Value = serde_json::from_str(&text).unwrap();
        extra["typo"] = json!(1);
        assert!(serde_json::from_value::<Change>(extra).is_err());
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
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            "[a-z ]{0,6}".prop_map(Value::from),
        ];
        // Nested values too, so equality is tested on whole subtrees.
        let value = leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
                prop::collection::btree_map("[a-c]", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        });
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
            prop_assert!(field_changes(Some(&body), Some(&body.clone())).is_empty());
        }

        #[test]
        fn changes_are_sorted_unique_and_only_name_differing_fields(
            before in small_object(),
            after in small_object(),
        ) {
            let changes = field_changes(Some(&Value::Object(before.clone())), Some(&Value::Object(after.clone())));
            prop_assert!(changes.windows(2).all(|w| w[0].0 < w[1].0));
            for (field, value) in &changes {
                prop_assert_ne!(before.get(field), after.get(field));
                prop_assert_eq!(value.as_ref(), after.get(field));
            }
        }

        #[test]
        fn a_deleted_record_removes_every_field(before in small_object()) {
            let changes = field_changes(Some(&Value::Object(before.clone())), None);
            prop_assert_eq!(changes.len(), before.len());
            prop_assert!(changes.iter().all(|(field, value)| value.is_none() && before.contains_key(field)));
        }
    }
}
