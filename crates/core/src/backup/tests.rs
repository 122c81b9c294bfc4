use super::*;
use crate::batch::WriteBatch;
use serde_json::json;

fn id(s: &str) -> WorkspaceId {
    WorkspaceId::parse(s).unwrap()
}

fn record(ws: &str, kind: &str, rid: &str, body: Value) -> Record {
    Record {
        workspace: id(ws),
        kind: RecordKind::parse(kind).unwrap(),
        id: RecordId::parse(rid).unwrap(),
        updated_at: 1_764_000_000_000,
        body,
    }
}

fn sample() -> Backup {
    let workspace = Workspace::new(
        id("w1"),
        WorkspaceName::parse("Acme — Zürich 😀").unwrap(),
        1_764_000_000_000,
    );
    let mut batch = WriteBatch::new();
    batch.save_workspace(None, workspace.clone());
    let profile = record(
        "w1",
        "profile",
        "profile",
        json!({"organisation": "</script><img src=x onerror=alert(1)>", "sms_scope": "\u{202e}RTL"}),
    );
    batch.save_record(None, profile.clone());
    let changes = batch
        .ops()
        .iter()
        .filter_map(|op| match op {
            Op::AppendChange(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let note = record("w1", "note", "n1", json!({"text": "ünïcødé", "n": 1.5}));
    Backup::new(
        workspace,
        vec![profile, note],
        changes,
        1_764_072_000_000,
        "0.1.0",
    )
}

fn edit(f: impl FnOnce(&mut Value)) -> String {
    let mut doc: Value = serde_json::from_str(&sample().to_json()).unwrap();
    f(&mut doc);
    doc.to_string()
}

#[test]
fn export_then_parse_round_trips_exactly() {
    let backup = sample();
    let parsed = parse_backup(&backup.to_json()).unwrap();
    assert_eq!(parsed, backup);
    assert_eq!(
        parsed.records[0].kind.as_str(),
        "note",
        "records are sorted by key"
    );
}

#[test]
fn file_name_has_a_slug_and_the_utc_date() {
    assert_eq!(sample().file_name(), "praxis-acme-z-rich-2025-11-25.json");
    assert_eq!(slug("  ***  "), "workspace");
    assert_eq!(iso_date(0), "1970-01-01");
    assert_eq!(iso_date(951_782_400_000), "2000-02-29");
    assert_eq!(iso_date(-86_400_000), "1969-12-31");
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = " ".repeat(MAX_BACKUP_BYTES + 1);
    assert_eq!(
        parse_backup(&huge),
        Err(ImportError::TooLarge {
            bytes: MAX_BACKUP_BYTES + 1,
            max: MAX_BACKUP_BYTES
        })
    );
}

#[test]
fn empty_and_whitespace_files_are_refused() {
    assert_eq!(parse_backup(""), Err(ImportError::Empty));
    assert_eq!(parse_backup(" \n\t"), Err(ImportError::Empty));
}

#[test]
fn a_truncated_file_is_named_as_such() {
    let json = sample().to_json();
    let error = parse_backup(&json[..json.len() / 2]).unwrap_err();
    assert!(matches!(error, ImportError::Truncated { .. }), "{error:?}");
    assert!(error.to_string().contains("may be truncated"));
}

#[test]
fn text_that_is_not_json_says_where() {
    let error = parse_backup("{\"format\": nope}").unwrap_err();
    assert!(
        matches!(error, ImportError::NotJson { line: 1, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("This file is not valid JSON (line 1")
    );
}

#[test]
fn other_json_is_not_a_backup() {
    for text in [
        "[]",
        "3",
        "{}",
        "{\"format\": \"something-else\", \"version\": 1}",
    ] {
        assert_eq!(parse_backup(text), Err(ImportError::NotABackup), "{text}");
    }
    assert!(
        ImportError::NotABackup
            .to_string()
            .contains("not a Praxis workspace backup")
    );
}

#[test]
fn versions_must_be_known() {
    let newer = edit(|d| d["version"] = json!(2));
    let error = parse_backup(&newer).unwrap_err();
    assert_eq!(
        error,
        ImportError::NewerVersion {
            found: 2,
            supported: 1
        }
    );
    assert!(
        error
            .to_string()
            .contains("newer version of Praxis (format 2)")
    );
    for bad in [json!("1"), json!(0), json!(-1), json!(1.5), Value::Null] {
        let text = edit(|d| d["version"] = bad.clone());
        assert!(
            matches!(parse_backup(&text), Err(ImportError::InvalidField { ref path, .. }) if path == "version"),
            "{bad}"
        );
    }
}

#[test]
fn oversized_strings_are_found_anywhere_with_their_path() {
    let long = "x".repeat(MAX_STRING_CHARS + 1);
    let in_body = edit(|d| d["records"][1]["body"]["organisation"] = json!(long.clone()));
    assert_eq!(
        parse_backup(&in_body),
        Err(ImportError::StringTooLong {
            path: "records[1].body.organisation".into(),
            chars: MAX_STRING_CHARS + 1,
            max: MAX_STRING_CHARS
        })
    );
    let as_key = edit(|d| d["records"][0]["body"][long.clone()] = json!(1));
    assert!(matches!(
        parse_backup(&as_key),
        Err(ImportError::StringTooLong { .. })
    ));
    let message = parse_backup(&in_body).unwrap_err().to_string();
    assert!(
        message.contains("too long") && message.contains("100000"),
        "{message}"
    );
}

#[test]
fn wrong_types_name_the_field() {
    let text = edit(|d| d["records"][1]["updated_at"] = json!("yesterday"));
    let error = parse_backup(&text).unwrap_err();
    match &error {
        ImportError::InvalidField { path, detail } => {
            assert_eq!(path, "records[1].updated_at");
            assert!(detail.contains("invalid type"), "{detail}");
            assert!(!detail.contains("at line"), "position stripped: {detail}");
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = edit(|d| d["workspace"]["created_at"] = json!("yesterday"));
    assert!(
        parse_backup(&text)
            .unwrap_err()
            .to_string()
            .contains("workspace.created_at")
    );
}

#[test]
fn invalid_ids_and_names_are_refused_with_their_rule() {
    let bad_id = edit(|d| d["records"][0]["id"] = json!("has space"));
    let error = parse_backup(&bad_id).unwrap_err().to_string();
    assert!(
        error.contains("records[0].id") && error.contains("may contain only"),
        "{error}"
    );
    let bad_name = edit(|d| d["workspace"]["name"] = json!(""));
    let error = parse_backup(&bad_name).unwrap_err().to_string();
    assert!(
        error.contains("workspace.name") && error.contains("cannot be empty"),
        "{error}"
    );
}

#[test]
fn duplicate_records_are_refused() {
    let text = edit(|d| {
        let first = d["records"][0].clone();
        d["records"].as_array_mut().unwrap().push(first);
    });
    let error = parse_backup(&text).unwrap_err();
    assert!(matches!(error, ImportError::DuplicateRecord { .. }));
    assert!(error.to_string().contains("more than once (duplicate id)"));
}

#[test]
fn records_and_changes_must_belong_to_the_backup_workspace() {
    let text = edit(|d| d["records"][1]["workspace"] = json!("other"));
    assert_eq!(
        parse_backup(&text),
        Err(ImportError::ForeignWorkspace {
            path: "records[1].workspace".into()
        })
    );
    let text = edit(|d| d["changes"][0]["workspace"] = json!("other"));
    assert_eq!(
        parse_backup(&text),
        Err(ImportError::ForeignWorkspace {
            path: "changes[0].workspace".into()
        })
    );
}

#[test]
fn negative_times_and_unknown_fields_are_refused() {
    let text = edit(|d| d["changes"][0]["at"] = json!(-5));
    assert!(
        matches!(parse_backup(&text), Err(ImportError::InvalidField { ref path, .. }) if path == "changes[0].at")
    );
    let text = edit(|d| d["extra"] = json!(true));
    let error = parse_backup(&text).unwrap_err().to_string();
    assert!(error.contains("unknown field `extra`"), "{error}");
}

#[test]
fn a_copy_gets_a_new_identity_everywhere() {
    let copy = sample().with_new_identity(id("copy"), WorkspaceName::parse("Copy").unwrap());
    assert_eq!(copy.workspace.id, id("copy"));
    assert_eq!(copy.workspace.name.as_str(), "Copy");
    assert!(copy.records.iter().all(|r| r.workspace == id("copy")));
    assert!(copy.changes.iter().all(|c| c.workspace == id("copy")));
    let name_change = copy
        .changes
        .iter()
        .find(|c| c.kind.as_str() == "workspace")
        .unwrap();
    assert_eq!(name_change.record_id.as_str(), "copy");
    assert!(parse_backup(&copy.to_json()).is_ok());
}

#[test]
fn into_batch_restores_in_order_and_replaces_when_asked() {
    let backup = sample();
    let (records, changes) = (backup.records.len(), backup.changes.len());
    let plain = backup.clone().into_batch(false);
    assert!(matches!(plain.ops()[0], Op::PutWorkspace(_)));
    assert_eq!(plain.len(), 1 + records + changes);
    assert!(matches!(plain.ops()[1], Op::PutRecord(_)));
    assert!(matches!(plain.ops().last(), Some(Op::AppendChange(_))));
    let replacing = backup.into_batch(true);
    assert_eq!(replacing.ops()[0], Op::DeleteWorkspace(id("w1")));
    assert_eq!(replacing.len(), 2 + records + changes);
}

#[test]
fn summary_counts_what_is_inside() {
    let summary = sample().summary();
    assert_eq!(summary.workspace_name, "Acme — Zürich 😀");
    assert_eq!((summary.records, summary.changes), (2, 3));
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_valid_backup_round_trips(
            name in "[^\\p{Cc}]{1,80}".prop_filter("not blank", |s| !s.trim().is_empty()),
            texts in prop::collection::vec(any::<String>(), 0..4),
            at in 0i64..4_000_000_000_000,
        ) {
            let workspace = Workspace::new(id("w"), WorkspaceName::parse(&name).unwrap(), at);
            let records = texts
                .iter()
                .enumerate()
                .map(|(i, text)| record("w", "note", &format!("n{i}"), json!({ "text": text })))
                .collect();
            let backup = Backup::new(workspace, records, Vec::new(), at, "test");
            prop_assert_eq!(parse_backup(&backup.to_json()).unwrap(), backup);
        }
    }
}
