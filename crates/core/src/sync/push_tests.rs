//! Every way a pushed batch can be refused, named, beside what it must accept.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::push::{PushCheck, Refused, check_push};
use crate::actor::Actor;
use crate::assessment::{Assessment, AssessmentMeta, FrameworkChoice};
use crate::change::Change;
use crate::clock::{Hlc, MAX_DRIFT_MS};
use crate::framework::{Catalogue, Framework, parse_framework};
use crate::ids::{DeviceId, RecordId, RecordKind, WorkspaceId};
use crate::maturity::Scale;
use crate::record::{Record, RecordKey};
use crate::roles::Role;
use crate::typed::RecordType;

const NOW: i64 = 1_800_000_000_000;

fn ws() -> WorkspaceId {
    WorkspaceId::parse("w1").unwrap()
}

fn check(role: Role) -> PushCheck<'static> {
    static WS: std::sync::OnceLock<WorkspaceId> = std::sync::OnceLock::new();
    PushCheck {
        workspace: WS.get_or_init(ws),
        role,
        now_ms: NOW,
    }
}

fn change(kind: &str, id: &str, field: &str, value: Option<Value>, at: i64) -> Change {
    Change {
        replaces: Vec::new(),
        workspace: ws(),
        kind: RecordKind::parse(kind).unwrap(),
        record_id: RecordId::parse(id).unwrap(),
        field: field.to_owned(),
        value,
        clock: Hlc::new(at, 0, DeviceId::parse("dev-a").unwrap()),
        actor: Actor::parse("Ada", "").unwrap(),
    }
}

fn meta(frameworks: FrameworkChoice, framework: Option<&str>) -> AssessmentMeta {
    AssessmentMeta {
        title: "Readiness".into(),
        frameworks,
        scale: Scale::IsmsMaturity,
        scope: String::new(),
        assessor: String::new(),
        date: "2026-12-01".into(),
        target: 3,
        created_at: 1,
        approved_on: None,
        framework: framework.map(str::to_owned),
        sharing_rules: crate::assessment::SHARING_RULES,
        blocker_level: crate::assessment::DEFAULT_BLOCKER_LEVEL,
    }
}

/// The changes that create an assessment, as a device would push them.
fn new_assessment(id: &str, meta: AssessmentMeta, catalogue: &Catalogue, at: i64) -> Vec<Change> {
    let assessment = Assessment::new(RecordId::parse(id).unwrap(), meta, catalogue).unwrap();
    assessment
        .to_body()
        .into_iter()
        .map(|(field, value)| change("assessment", id, &field, Some(value), at))
        .collect()
}

fn integrated(at: i64) -> Vec<Change> {
    new_assessment(
        "a1",
        meta(FrameworkChoice::Integrated, None),
        &Catalogue::builtin(),
        at,
    )
}

/// The records a push of `changes` leaves, as stored.
fn stored_after(changes: &[Change]) -> BTreeMap<RecordKey, Record> {
    check_push(check(Role::Editor), changes, BTreeMap::new(), &[])
        .unwrap()
        .into_iter()
        .map(|record| (record.key(), record))
        .collect()
}

fn reasons(result: Result<Vec<Record>, Vec<Refused>>) -> Vec<String> {
    result.unwrap_err().into_iter().map(|r| r.reason).collect()
}

#[test]
fn a_new_assessment_is_accepted_and_merged() {
    let changes = integrated(NOW);
    let records = check_push(check(Role::Editor), &changes, BTreeMap::new(), &[]).unwrap();
    assert_eq!(records.len(), 1);
    let read = Assessment::read(&records[0], &Catalogue::builtin()).unwrap();
    assert_eq!(read.meta.title, "Readiness");
}

#[test]
fn each_change_is_checked_on_its_own_first() {
    let mut other_workspace = change("assessment", "a1", "title", Some(json!("x")), NOW);
    other_workspace.workspace = WorkspaceId::parse("w2").unwrap();
    let cases = [
        (other_workspace, "belongs to workspace w2"),
        (
            change("assessment", "a1", "$secret", Some(json!(1)), NOW),
            "cannot be written",
        ),
        (
            change(
                "assessment",
                "a1",
                "notes",
                Some(json!("x".repeat(100_001))),
                NOW,
            ),
            "100001 characters long",
        ),
        (
            change(
                "assessment",
                "a1",
                "title",
                Some(json!("T")),
                NOW + MAX_DRIFT_MS + 1_000,
            ),
            "ahead of the server's clock",
        ),
        (
            change("assessment", "a1", "$deleted", Some(json!("yes")), NOW),
            "takes true or false",
        ),
        (
            change("workspace", "other", "name", Some(json!("Acme")), NOW),
            "its own record only",
        ),
    ];
    for (bad, expected) in cases {
        let found = reasons(check_push(check(Role::Owner), &[bad], BTreeMap::new(), &[]));
        assert_eq!(found.len(), 1);
        assert!(found[0].contains(expected), "{found:?} lacks {expected:?}");
    }
}

#[test]
fn a_stamp_just_inside_the_drift_limit_is_accepted() {
    let changes = integrated(NOW + MAX_DRIFT_MS);
    assert!(check_push(check(Role::Editor), &changes, BTreeMap::new(), &[]).is_ok());
}

#[test]
fn a_viewer_writes_nothing_and_an_editor_cannot_approve() {
    let changes = integrated(NOW);
    let viewer = reasons(check_push(
        check(Role::Viewer),
        &changes,
        BTreeMap::new(),
        &[],
    ));
    assert_eq!(viewer.len(), changes.len(), "every change is refused");
    assert!(viewer[0].starts_with("Viewers cannot change"));

    let stored = stored_after(&changes);
    let approve = [change(
        "assessment",
        "a1",
        "approved_on",
        Some(json!("2026-12-02")),
        NOW + 1,
    )];
    let editor = reasons(check_push(
        check(Role::Editor),
        &approve,
        stored.clone(),
        &[],
    ));
    assert!(editor[0].contains("an editor cannot approve"), "{editor:?}");
    for role in [Role::Approver, Role::Owner] {
        let records = check_push(check(role), &approve, stored.clone(), &[]).unwrap();
        let read = Assessment::read(&records[0], &Catalogue::builtin()).unwrap();
        assert_eq!(read.meta.approved_on.as_deref(), Some("2026-12-02"));
    }
}

#[test]
fn a_value_its_field_cannot_hold_is_refused_with_the_records_own_message() {
    let stored = stored_after(&integrated(NOW));
    let cases = [
        ("target", json!("high"), "invalid type"),
        ("target", json!(9), "from 1 to 5"),
        (
            "iso27001:2022/A.5.1#rating",
            json!({"level": 7}),
            "A.5.1#rating",
        ),
        ("iso27001:2022/A.5.1#colour", json!("red"), "no such part"),
        ("approved_on", json!("yesterday"), "approval date"),
    ];
    for (field, value, expected) in cases {
        let bad = [change("assessment", "a1", field, Some(value), NOW + 1)];
        let found = reasons(check_push(check(Role::Owner), &bad, stored.clone(), &[]));
        assert!(
            found[0].starts_with("Assessment a1 is damaged") && found[0].contains(expected),
            "{field}: {found:?}"
        );
    }
}

#[test]
fn a_record_missing_what_its_kind_needs_is_refused_whole() {
    let partial = [change(
        "assessment",
        "a2",
        "title",
        Some(json!("Only a title")),
        NOW,
    )];
    let found = reasons(check_push(
        check(Role::Owner),
        &partial,
        BTreeMap::new(),
        &[],
    ));
    assert!(found[0].contains("Assessment a2 is damaged"), "{found:?}");
}

#[test]
fn an_unknown_record_kind_is_refused() {
    let gadget = [change("gadget", "g1", "colour", Some(json!("red")), NOW)];
    let found = reasons(check_push(
        check(Role::Owner),
        &gadget,
        BTreeMap::new(),
        &[],
    ));
    assert!(
        found[0].contains("does not know records of kind \"gadget\""),
        "{found:?}"
    );
}

#[test]
fn an_older_change_never_overwrites_a_newer_one_and_must_still_be_valid() {
    let stored = stored_after(&integrated(NOW));
    let newer = [change(
        "assessment",
        "a1",
        "title",
        Some(json!("Newer")),
        NOW + 10,
    )];
    let stored: BTreeMap<_, _> = check_push(check(Role::Editor), &newer, stored, &[])
        .unwrap()
        .into_iter()
        .map(|r| (r.key(), r))
        .collect();
    let older = [change(
        "assessment",
        "a1",
        "title",
        Some(json!("Older")),
        NOW + 5,
    )];
    let records = check_push(check(Role::Editor), &older, stored.clone(), &[]).unwrap();
    assert_eq!(records[0].body["title"], json!("Newer"));
    let older_and_bad = [change(
        "assessment",
        "a1",
        "target",
        Some(json!(0)),
        NOW - 5,
    )];
    let found = reasons(check_push(check(Role::Editor), &older_and_bad, stored, &[]));
    assert!(
        found[0].contains("from 1 to 5"),
        "a losing change is checked too: {found:?}"
    );
}

#[test]
fn an_assessment_of_an_imported_framework_needs_the_framework_in_the_workspace() {
    let text = r#"{"format":"praxis-framework","version":1,"id":"iso9001:2015-outline","name":"ISO 9001","title":"Outline","items":[{"id":"4","title":"Context","kind":"clause","assessable":true}]}"#;
    let framework: Framework = parse_framework(text).unwrap();
    let catalogue = Catalogue::with_imported([framework.clone()]);
    let assessment = new_assessment(
        "a9",
        meta(FrameworkChoice::Imported, Some("iso9001:2015-outline")),
        &catalogue,
        NOW,
    );
    let found = reasons(check_push(
        check(Role::Editor),
        &assessment,
        BTreeMap::new(),
        &[],
    ));
    assert!(found[0].contains("not in this workspace"), "{found:?}");

    let record_id = crate::framework::framework_record_id(&framework.id);
    let framework_changes: Vec<Change> = framework
        .to_body()
        .into_iter()
        .map(|(field, value)| change("framework", record_id.as_str(), &field, Some(value), NOW))
        .collect();
    let together: Vec<Change> = framework_changes
        .iter()
        .chain(&assessment)
        .cloned()
        .collect();
    assert!(check_push(check(Role::Editor), &together, BTreeMap::new(), &[]).is_ok());

    let stored_framework = stored_after(&framework_changes)
        .into_values()
        .collect::<Vec<_>>();
    assert!(
        check_push(
            check(Role::Editor),
            &assessment,
            BTreeMap::new(),
            &stored_framework
        )
        .is_ok(),
        "a framework already on the server counts"
    );
}
