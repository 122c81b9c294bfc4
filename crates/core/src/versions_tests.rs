//! Kept versions: concurrent rewrites of a long text are both kept, a rewrite replaces only what
//! its author saw, and replicas fed in causal order (as sync feeds them) end identical without
//! losing a version nobody replaced.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::{KeptText, MAX_REPLACED, replaces_problem, settling_problem};
use crate::actor::Actor;
use crate::batch::Edit;
use crate::change::Change;
use crate::clock::{Clock, Hlc};
use crate::ids::{DeviceId, RecordId, RecordKind, WorkspaceId};
use crate::record::{Record, RecordKey};

const NOTES: &str = "c1#notes";

fn assessment() -> RecordKey {
    RecordKey {
        workspace: WorkspaceId::parse("w").unwrap(),
        kind: RecordKind::parse("assessment").unwrap(),
        id: RecordId::parse("a1").unwrap(),
    }
}

fn stamp(wall_ms: i64, on: &str) -> Hlc {
    Hlc::new(wall_ms, 0, DeviceId::parse(on).unwrap())
}

fn write(text: &str, clock: Hlc, replaces: &[&Hlc]) -> Change {
    let key = assessment();
    Change {
        workspace: key.workspace,
        kind: key.kind,
        record_id: key.id,
        field: NOTES.to_owned(),
        value: Some(json!(text)),
        clock,
        actor: Actor::parse("Ada", "").unwrap(),
        replaces: replaces.iter().map(|c| (*c).clone()).collect(),
    }
}

fn merged(changes: &[&Change]) -> Record {
    let mut record = Record::empty(assessment());
    for change in changes {
        record.merge(change);
    }
    record
}

/// "base", then Ada's and Grace's rewrites of it made apart (Grace's later).
fn rewritten_apart() -> [Change; 3] {
    let base = write("base", stamp(100, "a"), &[]);
    let ada = write("Ada's", stamp(200, "a"), &[&base.clock]);
    let grace = write("Grace's", stamp(300, "g"), &[&base.clock]);
    [base, ada, grace]
}

fn kept(record: &Record) -> Vec<String> {
    record
        .kept_texts(NOTES)
        .into_iter()
        .map(|k| k.text)
        .collect()
}

#[test]
fn two_rewrites_of_the_same_text_are_both_kept_and_the_later_is_shown() {
    let [base, ada, grace] = rewritten_apart();
    let record = merged(&[&base, &ada, &grace]);
    assert_eq!(record.body[NOTES], json!("Grace's"));
    assert_eq!(record.clocks[NOTES], grace.clock);
    assert_eq!(kept(&record), vec!["Ada's"]);
    assert_eq!(
        record.kept_texts(NOTES),
        vec![KeptText {
            clock: ada.clock.clone(),
            text: "Ada's".to_owned()
        }]
    );
}

#[test]
fn a_rewrite_replaces_the_version_its_author_saw_and_leaves_no_conflict() {
    let base = write("base", stamp(100, "a"), &[]);
    let edit = write("better", stamp(200, "g"), &[&base.clock]);
    let record = merged(&[&base, &edit]);
    assert_eq!(record.body[NOTES], json!("better"));
    assert!(record.conflicts.is_empty(), "{record:?}");
}

#[test]
fn writing_with_every_version_in_front_of_you_resolves_the_conflict() {
    let [base, ada, grace] = rewritten_apart();
    let mut record = merged(&[&base, &ada, &grace]);
    let shown = [Some(json!("Ada's")), Some(json!("Grace's"))];
    let replaced = record.versions_replaced(NOTES, Some(&shown), Some(&json!("Both")));
    assert_eq!(replaced, vec![ada.clock.clone(), grace.clock.clone()]);
    let resolve = write(
        "Both",
        stamp(400, "a"),
        &replaced.iter().collect::<Vec<_>>(),
    );
    assert!(record.merge(&resolve));
    assert_eq!(record.body[NOTES], json!("Both"));
    assert!(record.conflicts.is_empty(), "{record:?}");
}

#[test]
fn keeping_the_current_text_also_resolves_the_conflict() {
    let [base, ada, grace] = rewritten_apart();
    let mut record = merged(&[&base, &ada, &grace]);
    let replaced = record.versions_replaced(NOTES, None, Some(&json!("Grace's")));
    let keep = write(
        "Grace's",
        stamp(400, "g"),
        &replaced.iter().collect::<Vec<_>>(),
    );
    record.merge(&keep);
    assert_eq!(record.body[NOTES], json!("Grace's"));
    assert!(record.conflicts.is_empty());
}

#[test]
fn a_concurrent_version_arriving_after_a_later_one_is_kept_not_dropped() {
    let base = write("base", stamp(100, "a"), &[]);
    let older = write("older", stamp(200, "a"), &[&base.clock]);
    let newer = write("newer", stamp(300, "g"), &[&base.clock]);
    let one_way = merged(&[&base, &older, &newer]);
    let other_way = merged(&[&base, &newer, &older]);
    assert_eq!(one_way, other_way);
    assert_eq!(other_way.body[NOTES], json!("newer"));
    assert_eq!(kept(&other_way), vec!["older"]);
}

#[test]
fn merging_a_change_again_changes_nothing() {
    let [base, ada, grace] = rewritten_apart();
    let mut record = merged(&[&base, &ada, &grace]);
    let before = record.clone();
    assert!(!record.merge(&ada), "a kept version merged again");
    assert!(!record.merge(&grace), "the shown version merged again");
    assert_eq!(record, before);
}

#[test]
fn kept_texts_leave_out_blanks_removals_repeats_and_the_current_text() {
    let base = write("base", stamp(100, "a"), &[]);
    let mut removed = write("", stamp(200, "a"), &[&base.clock]);
    removed.value = None;
    let blank = write("  ", stamp(210, "b"), &[&base.clock]);
    let same = write("shown", stamp(220, "c"), &[&base.clock]);
    let first = write("other", stamp(230, "d"), &[&base.clock]);
    let again = write("other", stamp(240, "e"), &[&base.clock]);
    let later = write("later", stamp(250, "f"), &[&base.clock]);
    let shown = write("shown", stamp(300, "g"), &[&base.clock]);
    let record = merged(&[
        &base, &removed, &blank, &same, &first, &again, &later, &shown,
    ]);
    assert_eq!(
        kept(&record),
        vec!["later", "other"],
        "latest first, each once"
    );
    assert_eq!(
        record.versions(NOTES).len(),
        7,
        "every version is still kept"
    );
}

#[test]
fn an_edit_replaces_blank_versions_and_its_own_text_without_being_shown_them() {
    let base = write("base", stamp(100, "a"), &[]);
    let mut removed = write("", stamp(200, "b"), &[&base.clock]);
    removed.value = None;
    let blank = write(" ", stamp(210, "c"), &[&base.clock]);
    let same = write("agreed", stamp(220, "d"), &[&base.clock]);
    let other = write("other", stamp(230, "e"), &[&base.clock]);
    let record = merged(&[&base, &removed, &blank, &same, &other]);
    let shown = [Some(json!("other"))];
    let replaced = record.versions_replaced(NOTES, Some(&shown), Some(&json!("agreed")));
    assert_eq!(
        replaced,
        vec![removed.clock, blank.clock, same.clock, other.clock]
    );
}

#[test]
fn fields_that_keep_no_versions_stay_last_writer_wins() {
    let mut profile = Record::empty(RecordKey {
        kind: RecordKind::parse("profile").unwrap(),
        ..assessment()
    });
    let mut first = write("A", stamp(200, "a"), &[]);
    first.kind = profile.kind.clone();
    let mut second = write("B", stamp(100, "b"), &[]);
    second.kind = profile.kind.clone();
    profile.merge(&first);
    profile.merge(&second);
    assert_eq!(profile.body[NOTES], json!("A"));
    assert!(profile.conflicts.is_empty());
    // The rating of an item is not long text either.
    let mut rating = write("3", stamp(100, "a"), &[]);
    rating.field = "c1#rating".to_owned();
    let mut record = merged(&[&rating]);
    let mut later = rating.clone();
    later.clock = stamp(50, "b");
    record.merge(&later);
    assert!(record.conflicts.is_empty());
}

#[test]
fn the_long_texts_of_each_kind_keep_their_versions_and_nothing_else_does() {
    let kind = |name: &str| RecordKind::parse(name).unwrap();
    let keeps = |k: &str, field: &str| crate::typed::keeps_versions(&kind(k), field);
    for field in ["c1#notes", "A.5.1#notes", "c1#not_applicable"] {
        assert!(keeps("assessment", field), "{field}");
    }
    for field in [
        "c1#rating",
        "c1#owner",
        "c1#evidence",
        "notes",
        "#notes",
        "title",
        "scope",
    ] {
        assert!(!keeps("assessment", field), "{field}");
    }
    assert!(keeps("profile", "sms_scope"));
    assert!(keeps("profile", "isms_scope"));
    assert!(!keeps("profile", "organisation"));
    assert!(!keeps("framework", "c1#notes"));
    assert!(!keeps("workspace", "name"));
}

#[test]
fn a_scope_rewritten_on_two_devices_keeps_both() {
    let key = RecordKey {
        kind: RecordKind::parse("profile").unwrap(),
        id: RecordId::parse("profile").unwrap(),
        ..assessment()
    };
    let on_profile = |text: &str, clock: Hlc, replaces: &[&Hlc]| Change {
        kind: key.kind.clone(),
        record_id: key.id.clone(),
        field: "isms_scope".to_owned(),
        ..write(text, clock, replaces)
    };
    let base = on_profile("Head office", stamp(100, "a"), &[]);
    let ada = on_profile(
        "Head office and data centre",
        stamp(200, "a"),
        &[&base.clock],
    );
    let grace = on_profile("Head office, remote staff", stamp(300, "g"), &[&base.clock]);
    let mut record = Record::empty(key.clone());
    for change in [&base, &ada, &grace] {
        record.merge(change);
    }
    assert_eq!(
        record.body["isms_scope"],
        json!("Head office, remote staff")
    );
    assert_eq!(
        record.kept_texts("isms_scope"),
        vec![KeptText {
            clock: ada.clock.clone(),
            text: "Head office and data centre".to_owned()
        }]
    );
    // Settling is checked as an edit is: both texts joined may still be too long.
    let catalogue = crate::framework::Catalogue::builtin();
    let both = json!("Head office, remote staff\n\nHead office and data centre");
    assert_eq!(
        settling_problem(&record, "isms_scope", Some(&both), &catalogue),
        None
    );
    let long = json!("x".repeat(5_001));
    let problem = settling_problem(&record, "isms_scope", Some(&long), &catalogue).unwrap();
    assert!(problem.contains("at most 5000"), "{problem}");
}

#[test]
fn replaced_versions_are_refused_where_they_cannot_hold() {
    let base = stamp(100, "a");
    assert_eq!(replaces_problem(&write("x", stamp(200, "a"), &[])), None);
    assert_eq!(
        replaces_problem(&write("x", stamp(200, "a"), &[&base])),
        None
    );
    let mut rating = write("3", stamp(200, "a"), &[&base]);
    rating.field = "c1#rating".to_owned();
    assert!(
        replaces_problem(&rating)
            .unwrap()
            .contains("keeps no versions")
    );
    let later = stamp(300, "a");
    let same = stamp(200, "a");
    assert!(
        replaces_problem(&write("x", stamp(200, "a"), &[&later]))
            .unwrap()
            .contains("written before")
    );
    assert!(replaces_problem(&write("x", stamp(200, "a"), &[&same])).is_some());
    let many: Vec<Hlc> = (0..=MAX_REPLACED as i64).map(|i| stamp(i, "a")).collect();
    let too_many = write("x", stamp(1_000, "a"), &many.iter().collect::<Vec<_>>());
    assert!(replaces_problem(&too_many).unwrap().contains("at most 64"));
}

#[test]
fn a_record_with_kept_versions_round_trips_and_one_without_does_not_mention_them() {
    let [base, ada, grace] = rewritten_apart();
    let record = merged(&[&base, &ada, &grace]);
    let text = serde_json::to_string(&record).unwrap();
    assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), record);
    let plain = merged(&[&base]);
    assert!(!serde_json::to_string(&plain).unwrap().contains("conflicts"));
}

#[test]
fn an_edit_stamped_against_the_stored_record_replaces_what_was_shown() {
    let base = write("base", stamp(100, "a"), &[]);
    let grace = write("Grace's", stamp(300, "g"), &[&base.clock]);
    let record = merged(&[&base, &grace]);
    let edit = Edit {
        key: assessment(),
        field: NOTES.to_owned(),
        value: Some(json!("Ada's")),
        shown: Some(vec![Some(json!("base"))]),
    };
    let actor = Actor::parse("Ada", "").unwrap();
    let stale = edit.stamped(stamp(400, "a"), &actor, Some(&record));
    assert!(
        stale.replaces.is_empty(),
        "base is gone, Grace's was not seen"
    );
    let unseen = Edit {
        shown: None,
        ..edit.clone()
    };
    let every = unseen.stamped(stamp(400, "a"), &actor, Some(&record));
    assert_eq!(every.replaces, vec![grace.clock.clone()]);
    let new_record = edit.stamped(stamp(400, "a"), &actor, None);
    assert!(new_record.replaces.is_empty());
}

/// What a simulated device does next.
#[derive(Debug, Clone)]
enum Step {
    /// Rewrites the notes as it shows them (`resolve`: with every kept version in front of it).
    Write {
        device: usize,
        text: u8,
        resolve: bool,
    },
    /// Pushes what it wrote, then pulls what it has not seen, in the server's order.
    Sync { device: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize, 0..6u8, any::<bool>()).prop_map(|(device, text, resolve)| Step::Write {
            device,
            text,
            resolve
        }),
        (0..3usize).prop_map(|device| Step::Sync { device }),
    ]
}

struct Device {
    record: Record,
    clock: Clock,
    unpushed: Vec<Change>,
    seen: BTreeSet<Hlc>,
    pulled: usize,
}

struct Server {
    record: Record,
    log: Vec<Change>,
}

impl Device {
    fn new(name: &str) -> Self {
        Self {
            record: Record::empty(assessment()),
            clock: Clock::new(DeviceId::parse(name).unwrap()),
            unpushed: Vec::new(),
            seen: BTreeSet::new(),
            pulled: 0,
        }
    }

    fn write(&mut self, text: u8, resolve: bool, now: i64) -> Change {
        let shown = if resolve {
            None
        } else {
            Some(vec![self.record.body.get(NOTES).cloned()])
        };
        let edit = Edit {
            key: assessment(),
            field: NOTES.to_owned(),
            value: Some(json!(format!("text {text}"))),
            shown,
        };
        let actor = Actor::parse("Ada", "").unwrap();
        let change = edit.stamped(self.clock.tick(now), &actor, Some(&self.record));
        self.record.merge(&change);
        self.seen.insert(change.clock.clone());
        self.unpushed.push(change.clone());
        change
    }

    fn sync(&mut self, server: &mut Server) {
        for change in self.unpushed.drain(..) {
            if !server.log.iter().any(|c| c.clock == change.clock) {
                server.record.merge(&change);
                server.log.push(change);
            }
        }
        for change in &server.log[self.pulled..] {
            self.clock.witness(&change.clock);
            if self.seen.insert(change.clock.clone()) {
                self.record.merge(change);
            }
        }
        self.pulled = server.log.len();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn devices_fed_in_causal_order_converge_and_lose_only_replaced_versions(
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let mut devices = [Device::new("a"), Device::new("b"), Device::new("c")];
        let mut server = Server { record: Record::empty(assessment()), log: Vec::new() };
        let mut written = Vec::new();
        for (now, step) in (1_000i64..).zip(&steps) {
            match step {
                Step::Write { device, text, resolve } => {
                    written.push(devices[*device].write(*text, *resolve, now));
                }
                Step::Sync { device } => devices[*device].sync(&mut server),
            }
        }
        for _ in 0..2 {
            for device in &mut devices {
                device.sync(&mut server);
            }
        }
        for device in &devices {
            prop_assert_eq!(&device.record, &server.record);
        }
        let live: Vec<Hlc> = server.record.versions(NOTES).into_iter().map(|v| v.clock).collect();
        let replaced: BTreeSet<&Hlc> = written.iter().flat_map(|c| &c.replaces).collect();
        for change in &written {
            prop_assert!(
                live.contains(&change.clock) || replaced.contains(&change.clock),
                "{} was neither kept nor replaced", change.clock
            );
        }
        for version in &live {
            prop_assert!(!replaced.contains(version), "{} was replaced yet kept", version);
        }
        if let Some(latest) = live.last() {
            prop_assert_eq!(&server.record.clocks[NOTES], latest);
        }
        let values: Vec<Value> = server.record.versions(NOTES).into_iter().filter_map(|v| v.value).collect();
        prop_assert_eq!(values.len(), live.len());
    }
}
