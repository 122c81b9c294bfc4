//! The merge rule sync relies on: replicas that receive the same changes, in any order and any
//! number of times, end identical, and no edit is lost except to a later edit of the same field.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::actor::Actor;
use crate::change::Change;
use crate::clock::{Clock, Hlc};
use crate::ids::{DeviceId, RecordId, RecordKind, WorkspaceId};
use crate::record::{DELETED_FIELD, Record, RecordKey};

fn device(id: &str) -> DeviceId {
    DeviceId::parse(id).unwrap()
}

fn key(kind: &str, id: &str) -> RecordKey {
    RecordKey {
        workspace: WorkspaceId::parse("w").unwrap(),
        kind: RecordKind::parse(kind).unwrap(),
        id: RecordId::parse(id).unwrap(),
    }
}

fn change(key: &RecordKey, field: &str, value: Option<Value>, clock: Hlc) -> Change {
    Change {
        replaces: Vec::new(),
        workspace: key.workspace.clone(),
        kind: key.kind.clone(),
        record_id: key.id.clone(),
        field: field.to_owned(),
        value,
        clock,
        actor: Actor::parse("Ada", "").unwrap(),
    }
}

fn stamp(wall_ms: i64, counter: u32, on: &str) -> Hlc {
    Hlc::new(wall_ms, counter, device(on))
}

/// A record with the changes merged in the order given.
fn merged(changes: &[&Change]) -> Record {
    let mut record = Record::empty(changes[0].key());
    for change in changes {
        record.merge(change);
    }
    record
}

#[test]
fn an_older_change_does_not_overwrite_a_newer_one() {
    let note = key("profile", "profile");
    let newer = change(
        &note,
        "organisation",
        Some(json!("New")),
        stamp(200, 0, "a"),
    );
    let older = change(
        &note,
        "organisation",
        Some(json!("Old")),
        stamp(100, 5, "b"),
    );
    let mut record = Record::empty(note.clone());
    assert!(record.merge(&newer));
    let before = record.clone();
    assert!(!record.merge(&older), "refused");
    assert_eq!(record, before, "and nothing changed");
    assert_eq!(record.body["organisation"], "New");
    assert_eq!(record.clocks["organisation"], stamp(200, 0, "a"));
    assert_eq!(record.updated_at, 200);
    // In the other order the newer one wins just the same.
    assert_eq!(merged(&[&older, &newer]), record);

    // A removed field keeps its clock, so an older change cannot bring it back.
    let removed = change(&note, "organisation", None, stamp(300, 0, "a"));
    assert!(record.merge(&removed));
    assert!(record.body.get("organisation").is_none());
    let stale = change(
        &note,
        "organisation",
        Some(json!("Back")),
        stamp(250, 0, "b"),
    );
    assert!(!record.merge(&stale));
    assert!(record.body.get("organisation").is_none());
    assert_eq!(record.clocks["organisation"], stamp(300, 0, "a"));

    // Ties in wall time are broken by counter, then device.
    let by_counter = change(&note, "sms_scope", Some(json!("c1")), stamp(400, 1, "a"));
    let by_device = change(&note, "sms_scope", Some(json!("db")), stamp(400, 1, "b"));
    let first = change(&note, "sms_scope", Some(json!("c0")), stamp(400, 0, "z"));
    for order in [
        [&first, &by_counter, &by_device],
        [&by_device, &by_counter, &first],
        [&by_counter, &by_device, &first],
    ] {
        assert_eq!(merged(&order).body["sms_scope"], "db");
    }
}

#[test]
fn replaying_a_change_is_a_no_op() {
    let note = key("assessment", "a1");
    let changes = [
        change(&note, "title", Some(json!("T")), stamp(10, 0, "a")),
        change(&note, "scope", Some(Value::Null), stamp(11, 0, "a")),
        change(&note, "scope", None, stamp(12, 0, "b")),
        change(&note, DELETED_FIELD, Some(json!(true)), stamp(13, 0, "a")),
        change(&note, DELETED_FIELD, Some(json!(false)), stamp(14, 0, "b")),
        change(&note, DELETED_FIELD, None, stamp(15, 0, "c")),
    ];
    let mut record = Record::empty(note);
    for change in &changes {
        assert!(record.merge(change));
        let once = record.clone();
        assert!(!record.merge(change), "{change:?}");
        assert_eq!(record, once);
    }
    // Every earlier change, replayed at the end, changes nothing either.
    let end = record.clone();
    for change in &changes {
        assert!(!record.merge(change), "{change:?}");
    }
    assert_eq!(record, end);
    assert!(!record.deleted);
    assert_eq!(
        record.fields().unwrap().keys().collect::<Vec<_>>(),
        ["title"]
    );
}

#[test]
fn a_delete_racing_a_later_edit_keeps_the_record_deleted_with_the_edit_inside() {
    let rec = key("profile", "profile");
    let created = change(
        &rec,
        "organisation",
        Some(json!("Acme")),
        stamp(100, 0, "a"),
    );
    let scope = change(
        &rec,
        "sms_scope",
        Some(json!("Hosting")),
        stamp(101, 0, "a"),
    );
    // Device a deletes; device b, not having seen it, edits a field a moment later.
    let delete = change(&rec, DELETED_FIELD, Some(json!(true)), stamp(200, 0, "a"));
    let edit = change(
        &rec,
        "organisation",
        Some(json!("Acme Ltd")),
        stamp(201, 0, "b"),
    );
    let one = merged(&[&created, &scope, &delete, &edit]);
    let other = merged(&[&edit, &scope, &delete, &created]);
    assert_eq!(one, other, "the same on every replica");
    assert!(one.deleted, "the record stays deleted");
    assert_eq!(
        one.body["organisation"], "Acme Ltd",
        "the edit is kept inside it"
    );
    assert_eq!(one.body["sms_scope"], "Hosting");
    assert_eq!(one.clocks[DELETED_FIELD], stamp(200, 0, "a"));
    assert_eq!(one.updated_at, 201);
}

#[test]
fn a_restore_later_than_the_delete_brings_back_every_field() {
    let rec = key("profile", "profile");
    let created = change(
        &rec,
        "organisation",
        Some(json!("Acme")),
        stamp(100, 0, "a"),
    );
    let scope = change(&rec, "isms_scope", Some(json!("All")), stamp(100, 1, "a"));
    let delete = change(&rec, DELETED_FIELD, Some(json!(true)), stamp(200, 0, "a"));
    let edit = change(
        &rec,
        "organisation",
        Some(json!("Acme Ltd")),
        stamp(201, 0, "b"),
    );
    let restore = change(&rec, DELETED_FIELD, Some(json!(false)), stamp(300, 0, "b"));
    let stale_restore = change(&rec, DELETED_FIELD, Some(json!(false)), stamp(150, 0, "c"));

    let restored = merged(&[&created, &scope, &delete, &edit, &restore, &stale_restore]);
    assert!(!restored.deleted);
    assert_eq!(
        restored.body,
        json!({"organisation": "Acme Ltd", "isms_scope": "All"}),
        "every field, at its latest value"
    );
    assert_eq!(
        merged(&[&restore, &edit, &stale_restore, &delete, &scope, &created]),
        restored
    );

    // A restore older than the delete does not undo it.
    let still_deleted = merged(&[&created, &delete, &stale_restore]);
    assert!(still_deleted.deleted);
    assert_eq!(merged(&[&stale_restore, &delete, &created]), still_deleted);
    // And a delete after the restore deletes again.
    let again = change(&rec, DELETED_FIELD, Some(json!(true)), stamp(400, 0, "c"));
    assert!(merged(&[&again, &restore, &delete, &created]).deleted);
}

#[test]
fn equal_stamps_with_different_values_resolve_to_the_greater_json_text() {
    // Only a faulty device reuses a stamp; every replica must still agree.
    let rec = key("profile", "profile");
    let at = stamp(100, 0, "a");
    let values = [
        None,
        Some(Value::Null),
        Some(json!(2)),
        Some(json!("b")),
        Some(json!({"x": 1})),
    ];
    let changes: Vec<Change> = values
        .iter()
        .map(|v| change(&rec, "organisation", v.clone(), at.clone()))
        .collect();
    let greatest = Some(json!({"x": 1}));
    let forward: Vec<&Change> = changes.iter().collect();
    let backward: Vec<&Change> = changes.iter().rev().collect();
    for order in [forward, backward] {
        let record = merged(&order);
        assert_eq!(record.body.get("organisation"), greatest.as_ref());
        assert_eq!(record.clocks["organisation"], at);
    }
    // Removal (no value) ranks below every value.
    let removal = &changes[0];
    let null = &changes[1];
    assert_eq!(merged(&[null, removal]).body["organisation"], Value::Null);
    assert_eq!(merged(&[removal, null]).body["organisation"], Value::Null);
}

#[test]
fn updated_at_is_the_newest_wall_time_merged() {
    let rec = key("profile", "profile");
    let newest = change(&rec, "organisation", Some(json!("A")), stamp(500, 0, "a"));
    let older_other_field = change(&rec, "sms_scope", Some(json!("B")), stamp(300, 0, "b"));
    let refused = change(&rec, "organisation", Some(json!("C")), stamp(400, 0, "b"));
    let record = merged(&[&older_other_field, &newest, &refused]);
    assert_eq!(record.updated_at, 500);
    assert_eq!(merged(&[&refused, &older_other_field, &newest]), record);
}

// ---------------------------------------------------------------------------------------------
// The property.

const FIELDS: [&str; 4] = ["title", "notes", "owner", DELETED_FIELD];
const RECORDS: [(&str, &str); 4] = [
    ("profile", "profile"),
    ("assessment", "a1"),
    ("assessment", "a2"),
    ("workspace", "w"),
];
const DEVICES: [&str; 3] = ["d-0", "d-1", "d-2"];

/// One step of the history being generated.
#[derive(Debug, Clone)]
enum Step {
    /// A device edits a field at a wall time (which may be earlier than its last: clocks step
    /// back), after receiving the change `observe` points at, if any.
    Edit {
        device: usize,
        wall_ms: i64,
        record: usize,
        field: usize,
        value: u8,
        observe: Option<usize>,
    },
    /// A faulty device reuses the stamp of an earlier change, with another value.
    SameStamp { of: usize, value: u8 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..DEVICES.len(), 0i64..2_000, 0..RECORDS.len(), 0..FIELDS.len(), any::<u8>(), prop::option::weighted(0.3, any::<usize>()))
            .prop_map(|(device, wall_ms, record, field, value, observe)| Step::Edit {
                device,
                wall_ms,
                record,
                field,
                value,
                observe,
            }),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(of, value)| Step::SameStamp { of, value }),
    ]
}

/// A small set of values, so that different changes often carry equal ones. The deleted flag
/// only ever holds true, false or nothing.
fn value(field: &str, pick: u8) -> Option<Value> {
    if field == DELETED_FIELD {
        return [None, Some(json!(true)), Some(json!(false))][usize::from(pick % 3)].clone();
    }
    [
        None,
        Some(Value::Null),
        Some(json!(0)),
        Some(json!(1)),
        Some(json!("a")),
        Some(json!("b")),
        Some(json!(true)),
        Some(json!(["a", {"b": null}])),
    ][usize::from(pick % 8)]
    .clone()
}

/// The changes of a history, each stamped by its device's clock.
fn changes_of(steps: &[Step]) -> Vec<Change> {
    let mut clocks: Vec<Clock> = DEVICES.iter().map(|d| Clock::new(device(d))).collect();
    let mut changes: Vec<Change> = Vec::new();
    for step in steps {
        let made = match step {
            Step::Edit {
                device,
                wall_ms,
                record,
                field,
                value: pick,
                observe,
            } => {
                let clock = &mut clocks[*device];
                if let Some(seen) = observe.and_then(|i| changes.get(i % changes.len().max(1))) {
                    clock
                        .observe(&seen.clock, *wall_ms)
                        .expect("within the drift limit");
                }
                let (kind, id) = RECORDS[*record];
                let field = FIELDS[*field];
                change(
                    &key(kind, id),
                    field,
                    value(field, *pick),
                    clock.tick(*wall_ms),
                )
            }
            Step::SameStamp { of, value: pick } if !changes.is_empty() => {
                let original = &changes[of % changes.len()];
                Change {
                    value: value(&original.field, *pick),
                    ..original.clone()
                }
            }
            Step::SameStamp { .. } => continue,
        };
        changes.push(made);
    }
    changes
}

/// The order one replica receives the changes in: every change at least once, some again,
/// shuffled by the sort keys.
fn delivery(count: usize, keys: &[u32], repeats: &[(usize, u32)]) -> Vec<usize> {
    let mut order: Vec<(u32, usize)> = (0..count).map(|i| (keys[i % keys.len()], i)).collect();
    order.extend(
        repeats
            .iter()
            .filter(|_| count > 0)
            .map(|(i, key)| (*key, i % count)),
    );
    order.sort();
    order.into_iter().map(|(_, i)| i).collect()
}

/// How a value ranks among values carried by one stamp: by its JSON text, a removal lowest.
fn rank(value: Option<&Value>) -> Option<String> {
    value.map(Value::to_string)
}

type Replica = BTreeMap<RecordKey, Record>;

/// Delivers the changes in `order`, checking that every repeat is refused and changes nothing.
fn replicate(changes: &[Change], order: &[usize]) -> Result<Replica, TestCaseError> {
    let mut replica = Replica::new();
    let mut seen = vec![false; changes.len()];
    for &i in order {
        let change = &changes[i];
        let record = replica
            .entry(change.key())
            .or_insert_with(|| Record::empty(change.key()));
        let before = record.clone();
        let applied = record.merge(change);
        if seen[i] {
            prop_assert!(!applied, "a repeat of {:?} was applied", change);
            prop_assert_eq!(&*record, &before);
        }
        if !applied {
            prop_assert_eq!(&*record, &before, "a refused change left a trace");
        }
        seen[i] = true;
    }
    Ok(replica)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn replicas_converge_and_keep_every_latest_edit(
        steps in prop::collection::vec(step(), 1..48),
        shuffles in prop::collection::vec(
            (
                prop::collection::vec(any::<u32>(), 1..48),
                prop::collection::vec((any::<usize>(), any::<u32>()), 0..24),
            ),
            3,
        ),
    ) {
        let changes = changes_of(&steps);
        let replicas = shuffles
            .iter()
            .map(|(keys, repeats)| replicate(&changes, &delivery(changes.len(), keys, repeats)))
            .collect::<Result<Vec<Replica>, TestCaseError>>()?;

        // Every replica ends identical.
        for replica in &replicas[1..] {
            prop_assert_eq!(replica, &replicas[0]);
        }
        let replica = &replicas[0];

        // Each field holds the value and stamp of its greatest change, by stamp and then by
        // value: no edit is lost except to a later edit of the same field.
        let mut winners: BTreeMap<(RecordKey, &str), &Change> = BTreeMap::new();
        for change in &changes {
            let winner = winners.entry((change.key(), change.field.as_str())).or_insert(change);
            if (&change.clock, rank(change.value.as_ref())) > (&winner.clock, rank(winner.value.as_ref())) {
                *winner = change;
            }
        }
        let mut expected = Replica::new();
        for ((key, field), winner) in &winners {
            let record = expected.entry(key.clone()).or_insert_with(|| Record::empty(key.clone()));
            record.clocks.insert((*field).to_owned(), winner.clock.clone());
            record.updated_at = record.updated_at.max(winner.at());
            if *field == DELETED_FIELD {
                record.deleted = winner.value == Some(json!(true));
            } else if let Some(value) = &winner.value {
                record.body.as_object_mut().unwrap().insert((*field).to_owned(), value.clone());
            }
        }
        prop_assert_eq!(replica, &expected);
        for change in &changes {
            let record = &replica[&change.key()];
            let clock = &record.clocks[&change.field];
            let held = if change.field == DELETED_FIELD {
                Some(Value::Bool(record.deleted))
            } else {
                record.body.get(&change.field).cloned()
            };
            let kept = clock == &change.clock && rank(held.as_ref()) >= rank(change.value.as_ref());
            prop_assert!(kept || clock > &change.clock, "{:?} was lost", change);
            // The record's time is that of its newest change.
            prop_assert!(record.updated_at >= change.at());
        }

        // Merging any change again, into the final state, returns false and changes nothing.
        for change in &changes {
            let mut record = replica[&change.key()].clone();
            prop_assert!(!record.merge(change), "{:?} applied twice", change);
            prop_assert_eq!(&record, &replica[&change.key()]);
        }
    }
}
