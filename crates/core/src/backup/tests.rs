use std::collections::BTreeMap;

use super::*;
use crate::assessment::{
    Action, Assessment, AssessmentMeta, Evidence, FrameworkChoice, ItemAnswer, Rating,
};
use crate::batch::WriteBatch;
use crate::clock::Clock;
use crate::framework::{Catalogue, Framework};
use crate::maturity::Scale;
use crate::profile::{WorkspaceProfile, profile_id};
use crate::record::{DELETED_FIELD, MAX_FIELD_CHARS, RecordKey};
use crate::typed::WorkspaceFields;
use serde_json::json;

const HOSTILE: &str = "</script><img src=x onerror=alert(1)>";
const T0: i64 = 1_764_000_000_000;
const DEVICE: &str = "laptop-1";

fn id(s: &str) -> WorkspaceId {
    WorkspaceId::parse(s).unwrap()
}

fn ada() -> Actor {
    Actor::parse("Ada Lovelace", "ada@example.org").unwrap()
}

fn bob() -> Actor {
    Actor::parse("Bob", "").unwrap()
}

/// One device as a store runs it: each edit of a batch is stamped with the device clock,
/// merged into its record and logged.
struct Device {
    clock: Clock,
    records: BTreeMap<RecordKey, Record>,
    log: Vec<Change>,
}

impl Device {
    fn new(device: &str) -> Self {
        Self {
            clock: Clock::new(DeviceId::parse(device).unwrap()),
            records: BTreeMap::new(),
            log: Vec::new(),
        }
    }

    fn apply(&mut self, batch: &WriteBatch) -> &mut Self {
        for op in batch.ops() {
            match op {
                Op::Edit(edit) => {
                    let record = self
                        .records
                        .entry(edit.key.clone())
                        .or_insert_with(|| Record::empty(edit.key.clone()));
                    let clock = self.clock.tick(batch.now_ms());
                    let change = edit.stamped(clock, batch.actor(), Some(record));
                    assert!(record.merge(&change), "a new stamp always applies");
                    self.log.push(change);
                }
                Op::PutWorkspace(_) => {}
                other => panic!("not used by these tests: {other:?}"),
            }
        }
        self
    }

    fn backup(&self, workspace: &Workspace) -> Backup {
        Backup::new(
            workspace.clone(),
            self.records.values().cloned().collect(),
            self.log.clone(),
            1_764_072_000_000,
            "0.1.0",
        )
    }
}

fn workspace() -> Workspace {
    Workspace::new(
        id("w1"),
        WorkspaceName::parse("Acme — Zürich 😀").unwrap(),
        T0,
    )
}

fn profile_key() -> RecordKey {
    WorkspaceProfile::key(&id("w1"), &profile_id())
}

/// An assessment with every part of an answer set, and awkward text in them.
fn sample_assessment() -> Assessment {
    let meta = AssessmentMeta {
        title: "Readiness \"2026\" \u{202e}".into(),
        frameworks: FrameworkChoice::Iso27001,
        scale: Scale::IsmsMaturity,
        scope: "ünïcødé 東京 👩‍👩‍👧".into(),
        assessor: "A. Auditor".into(),
        date: "2026-11-25".into(),
        target: 3,
        created_at: T0,
        approved_on: None,
        framework: None,
        sharing_rules: crate::assessment::SHARING_RULES,
        blocker_level: crate::assessment::DEFAULT_BLOCKER_LEVEL,
    };
    let mut a =
        Assessment::new(RecordId::parse("a1").unwrap(), meta, &Catalogue::builtin()).unwrap();
    a.set_rating("iso27001:2022/A.5.1", Some(Rating::Level(3)))
        .unwrap();
    a.set_details(
        "iso27001:2022/A.5.1",
        ItemAnswer {
            notes: format!("{HOSTILE} \"quoted\" back\\slash \u{0} nul"),
            owner: "Zoë".into(),
            due: Some("2027-01-31".into()),
            evidence: vec![Evidence {
                text: "Policy v3".into(),
                link: Some("https://intranet.example/policy?a=1&b=2".into()),
            }],
            actions: vec![Action {
                text: "Schedule annual review".into(),
                done: true,
            }],
            ..ItemAnswer::default()
        },
    )
    .unwrap();
    a.set_not_applicable("iso27001:2022/A.8.28", "No in-house development.")
        .unwrap();
    a.set_finding(
        "iso27001:2022/A.5.1",
        Some(crate::assessment::Finding::MinorNonconformity),
    )
    .unwrap();
    a.set_documented("iso27001:2022/5.2", Some(false)).unwrap();
    a
}

/// The device behind [`sample`]: a workspace, its profile and an assessment, full of awkward
/// text, made by two people in three batches.
fn sample_device() -> Device {
    let ws = workspace();
    let mut device = Device::new(DEVICE);
    let mut created = WriteBatch::new(ada(), T0);
    created.save_workspace(None, ws.clone());
    let profile = WorkspaceProfile {
        organisation: HOSTILE.into(),
        sms_scope: "\u{202e}RTL override \u{200f}mark".into(),
        isms_scope: "ünïcødé 東京 👩‍👩‍👧 \"quoted\" back\\slash \u{0} nul".into(),
    };
    let mut profiled = WriteBatch::new(ada(), T0 + 1_000);
    profiled.edit_fields(&profile_key(), None, &Value::Object(profile.to_body()));
    let assessment = sample_assessment();
    let mut assessed = WriteBatch::new(bob(), T0 + 2_000);
    assessed.edit_fields(
        &Assessment::key(&ws.id, &assessment.id),
        None,
        &Value::Object(assessment.to_body()),
    );
    device.apply(&created).apply(&profiled).apply(&assessed);
    device
}

fn sample() -> Backup {
    sample_device().backup(&workspace())
}

fn edit(f: impl FnOnce(&mut Value)) -> String {
    let mut doc: Value = serde_json::from_str(&sample().to_json()).unwrap();
    f(&mut doc);
    doc.to_string()
}

fn wrong_type(text: &str) -> (String, String) {
    match parse_backup(text) {
        Err(ImportError::WrongType { path, detail }) => (path, detail),
        other => panic!("expected WrongType, got {other:?}"),
    }
}

fn damaged(text: &str) -> (String, RecordError) {
    match parse_backup(text) {
        Err(ImportError::DamagedRecord { path, error }) => (path, error),
        other => panic!("expected DamagedRecord, got {other:?}"),
    }
}

fn appended_changes(batch: &WriteBatch) -> Vec<Change> {
    batch
        .ops()
        .iter()
        .filter_map(|op| match op {
            Op::AppendChange(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn export_then_parse_round_trips_exactly() {
    let backup = sample();
    let parsed = parse_backup(&backup.to_json()).unwrap();
    assert_eq!(parsed, backup);
    let kinds: Vec<&str> = parsed.records.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["assessment", "profile", "workspace"],
        "records are sorted by key"
    );
    assert_eq!(parsed.records[1].body["organisation"], HOSTILE);
    assert_eq!(parsed.workspace.name.as_str(), "Acme — Zürich 😀");
    // Every record reads back as its kind, equal to what was written.
    assert_eq!(
        Assessment::read(&parsed.records[0], &Catalogue::builtin()).unwrap(),
        sample_assessment()
    );
    assert_eq!(
        WorkspaceProfile::read(&parsed.records[1], &())
            .unwrap()
            .organisation,
        HOSTILE
    );
    assert_eq!(
        WorkspaceFields::read(&parsed.records[2], &()).unwrap().name,
        parsed.workspace.name
    );
    // Every field keeps the clock of the change that set it.
    for record in &parsed.records {
        let fields: Vec<&String> = record.fields().unwrap().keys().collect();
        let clocked: Vec<&String> = record.clocks.keys().collect();
        assert_eq!(fields, clocked, "{}", record.kind);
        for (field, clock) in &record.clocks {
            let last = parsed
                .changes
                .iter()
                .rfind(|c| c.key() == record.key() && &c.field == field)
                .unwrap();
            assert_eq!(&last.clock, clock, "{}.{field}", record.kind);
        }
        assert!(!record.deleted);
    }
}

/// Sound files are read straight into their types; whatever that quick read accepts, the
/// thorough one reads the same, and what it leaves to the thorough one is still read.
#[test]
fn the_quick_read_agrees_with_the_thorough_one() {
    let agrees = |text: &str| {
        let thorough = read_thoroughly(text).unwrap();
        let quick = read_current(text);
        assert!(quick.as_ref().is_none_or(|quick| *quick == thorough));
        assert_eq!(parse_backup(text).unwrap(), thorough);
        quick.is_some()
    };
    let sound = sample().to_json();
    assert!(agrees(&sound), "a sound file is read the quick way");
    // A key given twice (the JSON tree keeps the last); long in bytes, not in characters.
    agrees(&sound.replacen('{', "{\"app_version\": \"0.0.1\",", 1));
    let wide = Value::from("é".repeat(MAX_STRING_CHARS));
    agrees(&edit(|doc| doc["changes"][0]["value"] = wide));
    // Format 1 is brought forward by the thorough read only.
    assert!(!agrees(&format_1().to_string()));
}

#[test]
fn export_is_deterministic_and_versioned() {
    let backup = sample();
    let mut shuffled = backup.clone();
    shuffled.records.reverse();
    let again = Backup::new(
        shuffled.workspace,
        shuffled.records,
        shuffled.changes,
        shuffled.exported_at,
        "0.1.0",
    );
    assert_eq!(again.to_json(), backup.to_json());
    let doc: Value = serde_json::from_str(&backup.to_json()).unwrap();
    assert_eq!(doc["format"], BACKUP_FORMAT);
    assert_eq!(BACKUP_VERSION, 2);
    assert_eq!(doc["version"], BACKUP_VERSION);
    assert_eq!(doc["app_version"], "0.1.0");
    assert!(
        backup.to_json().contains("\n  \"format\""),
        "pretty-printed"
    );
    // Changes carry their stamp and author; nothing of the format-1 layout is written.
    assert_eq!(
        doc["changes"][0]["clock"],
        format!("{T0:015}-00000000-{DEVICE}")
    );
    assert_eq!(
        doc["changes"][0]["actor"],
        json!({"name": "Ada Lovelace", "email": "ada@example.org"})
    );
    assert!(doc["changes"][0].get("at").is_none());
    assert_eq!(
        doc["records"][1]["clocks"]["organisation"],
        format!("{:015}-00000001-{DEVICE}", T0 + 1_000)
    );
    assert!(
        doc["records"][1].get("deleted").is_none(),
        "only tombstones say so"
    );
}

#[test]
fn changes_keep_their_log_order() {
    let backup = sample();
    let fields: Vec<(&str, &str)> = backup
        .changes
        .iter()
        .map(|c| (c.kind.as_str(), c.field.as_str()))
        .collect();
    // The order they were written in, not sorted by kind or field.
    assert_eq!(
        fields[..6],
        [
            ("workspace", "name"),
            ("profile", "isms_scope"),
            ("profile", "organisation"),
            ("profile", "sms_scope"),
            ("assessment", "assessor"),
            ("assessment", "created_at"),
        ]
    );
    assert_eq!(fields.len(), 22);
    assert!(
        backup.changes.windows(2).all(|w| w[0].clock < w[1].clock),
        "one device's stamps only grow"
    );
    let authors: Vec<&str> = backup.changes.iter().map(|c| c.actor.name()).collect();
    assert_eq!(authors[..4], ["Ada Lovelace"; 4]);
    assert!(authors[4..].iter().all(|a| *a == "Bob"));
    assert_eq!(backup.changes[4].at(), T0 + 2_000);
}

#[test]
fn a_tombstone_round_trips_with_every_field_and_clock() {
    let mut device = sample_device();
    let mut deleted = WriteBatch::new(ada(), T0 + 3_000);
    deleted.delete_record(&profile_key());
    device.apply(&deleted);
    let backup = device.backup(&workspace());
    let profile = &backup.records[1];
    assert!(profile.deleted);
    assert_eq!(profile.body["organisation"], HOSTILE, "kept inside it");
    assert_eq!(
        profile.clocks[DELETED_FIELD].wall_ms(),
        T0 + 3_000,
        "the delete has a clock like any field"
    );
    let text = backup.to_json();
    assert!(text.contains("\"deleted\": true"), "{text}");
    assert!(text.contains("\"$deleted\""), "{text}");
    assert_eq!(parse_backup(&text).unwrap(), backup);
}

#[test]
fn file_name_has_a_slug_and_the_utc_date() {
    assert_eq!(sample().file_name(), "praxis-acme-zürich-2025-11-25.json");
    let acme = Workspace::new(id("a"), WorkspaceName::parse("Acme Ltd.").unwrap(), 0);
    // 2026-11-25 00:00 UTC is 1_795_564_800 seconds; the last millisecond of that day too.
    for at in [1_795_564_800_000, 1_795_564_800_000 + 86_399_999] {
        let backup = Backup::new(acme.clone(), Vec::new(), Vec::new(), at, "t");
        assert_eq!(backup.file_name(), "praxis-acme-ltd-2026-11-25.json");
    }
}

#[test]
fn slugs_keep_letters_and_digits_and_collapse_the_rest() {
    assert_eq!(slug("Acme Ltd"), "acme-ltd");
    assert_eq!(slug("  ***  "), "workspace");
    assert_eq!(slug("😀"), "workspace");
    assert_eq!(slug(HOSTILE), "script-img-src-x-onerror-alert-1");
    assert_eq!(slug("ΕΛΛΑΣ 2026"), "ελλασ-2026");
    assert_eq!(slug("a\u{200f}/..\\b"), "a-b", "no path separators survive");
    let long = slug(&"abc ".repeat(30));
    assert!(long.chars().count() <= 40 && !long.ends_with('-'), "{long}");
}

#[test]
fn dates_are_computed_from_unix_milliseconds() {
    assert_eq!(iso_date(0), "1970-01-01");
    assert_eq!(iso_date(86_399_999), "1970-01-01");
    assert_eq!(iso_date(951_782_400_000), "2000-02-29");
    assert_eq!(iso_date(-1), "1969-12-31");
    assert_eq!(iso_date(-86_400_000), "1969-12-31");
    assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    assert_eq!(
        civil_from_days(47_541),
        (2100, 3, 1),
        "2100 is not a leap year"
    );
    assert_eq!(civil_from_days(-719_468), (0, 3, 1));
}

/// Walks the calendar day by day from 1600 to 2400 and checks `civil_from_days` at every step.
#[test]
fn civil_from_days_agrees_with_counting_days() {
    let is_leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = |y: i64, m: u32| match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    // 1600-01-01 is 135_140 days before 1970-01-01.
    let (mut y, mut m, mut d) = (1600_i64, 1_u32, 1_u32);
    for days in -135_140..=157_000 {
        assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
        d += 1;
        if d > days_in(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    // Spaces are the cheapest 50 MiB + 1 to build; it is refused before any JSON work.
    let huge = " ".repeat(MAX_BACKUP_BYTES + 1);
    let error = parse_backup(&huge).unwrap_err();
    assert_eq!(
        error,
        ImportError::TooLarge {
            bytes: MAX_BACKUP_BYTES + 1,
            max: MAX_BACKUP_BYTES
        }
    );
    assert_eq!(
        error.to_string(),
        "This file is too large to import: it has 52,428,801 bytes, and a Praxis backup can have at most 52,428,800 bytes."
    );
    assert_eq!(group_digits(0), "0");
    assert_eq!(group_digits(999), "999");
    assert_eq!(group_digits(1_000), "1,000");
}

#[test]
fn empty_and_whitespace_files_are_refused() {
    assert_eq!(parse_backup(""), Err(ImportError::Empty));
    assert_eq!(parse_backup(" \n\t"), Err(ImportError::Empty));
    assert_eq!(ImportError::Empty.to_string(), "This file is empty.");
}

#[test]
fn a_truncated_file_is_named_as_such() {
    let json = sample().to_json();
    let half = (json.len() / 2..)
        .find(|&i| json.is_char_boundary(i))
        .unwrap();
    let error = parse_backup(&json[..half]).unwrap_err();
    assert!(matches!(error, ImportError::Truncated { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("The file ends unexpectedly at line ")
            && message.ends_with("it may be truncated or still downloading."),
        "{message}"
    );
}

#[test]
fn a_file_cut_anywhere_is_truncated() {
    let json = sample().to_json();
    for cut in (1..json.len()).step_by(37) {
        let cut = (cut..json.len())
            .find(|&i| json.is_char_boundary(i))
            .unwrap();
        let error = parse_backup(&json[..cut]).unwrap_err();
        assert!(
            matches!(error, ImportError::Truncated { .. }),
            "cut at {cut}: {error:?}"
        );
    }
}

#[test]
fn text_that_is_not_json_says_where() {
    let error = parse_backup("{\"format\": nope}").unwrap_err();
    assert_eq!(
        error,
        ImportError::NotJson {
            line: 1,
            column: 13,
            detail: "expected ident".to_owned()
        }
    );
    assert_eq!(
        error.to_string(),
        "This file is not valid JSON (line 1, column 13: expected ident)."
    );
    let error = parse_backup("{\n  \"format\": 'single'\n}").unwrap_err();
    assert!(
        matches!(error, ImportError::NotJson { line: 2, .. }),
        "{error:?}"
    );
    assert!(matches!(
        parse_backup("name,organisation\nAcme,Acme Ltd\n"),
        Err(ImportError::NotJson { .. })
    ));
    let trailing = format!("{}\n}}", sample().to_json());
    assert!(matches!(
        parse_backup(&trailing),
        Err(ImportError::NotJson { .. })
    ));
}

#[test]
fn other_json_is_not_a_backup() {
    for text in [
        "[]",
        "3",
        "\"praxis-workspace-backup\"",
        "{}",
        "{\"format\": \"something-else\", \"version\": 1}",
        "{\"format\": 1, \"version\": 1}",
    ] {
        assert_eq!(parse_backup(text), Err(ImportError::NotABackup), "{text}");
    }
    let other = edit(|d| d["format"] = json!("praxis-framework"));
    assert_eq!(parse_backup(&other), Err(ImportError::NotABackup));
    assert!(
        ImportError::NotABackup
            .to_string()
            .starts_with("This file is JSON but not a Praxis workspace backup")
    );
}

#[test]
fn versions_must_be_known() {
    let newer = edit(|d| d["version"] = json!(3));
    let error = parse_backup(&newer).unwrap_err();
    assert_eq!(
        error,
        ImportError::NewerVersion {
            found: 3,
            supported: 2
        }
    );
    assert_eq!(
        error.to_string(),
        "This backup was made by a newer version of Praxis (format 3); this version reads format 2. Update Praxis and try again."
    );
    // A newer file is recognised as such even if the rest of it looks different.
    let newer_shape = json!({"format": BACKUP_FORMAT, "version": 7, "items": []}).to_string();
    assert!(matches!(
        parse_backup(&newer_shape),
        Err(ImportError::NewerVersion { found: 7, .. })
    ));
    for bad in [json!("1"), json!(0), json!(-1), json!(1.5), Value::Null] {
        let text = edit(|d| d["version"] = bad.clone());
        let error = parse_backup(&text).unwrap_err();
        assert!(
            matches!(error, ImportError::InvalidField { ref path, .. } if path == "version"),
            "{bad}: {error:?}"
        );
        assert_eq!(
            error.to_string(),
            "The value at version is not valid: it must be a whole number of 1 or more."
        );
    }
    let missing = edit(|d| {
        d.as_object_mut().unwrap().remove("version");
    });
    assert!(matches!(
        parse_backup(&missing),
        Err(ImportError::InvalidField { ref path, .. }) if path == "version"
    ));
}

#[test]
fn oversized_strings_are_found_anywhere_with_their_path() {
    let long = "x".repeat(MAX_STRING_CHARS + 1);
    let in_body = edit(|d| d["records"][1]["body"]["organisation"] = json!(long.clone()));
    let error = parse_backup(&in_body).unwrap_err();
    assert_eq!(
        error,
        ImportError::StringTooLong {
            path: "records[1].body.organisation".into(),
            chars: MAX_STRING_CHARS + 1,
            max: MAX_STRING_CHARS
        }
    );
    assert_eq!(
        error.to_string(),
        "The value at records[1].body.organisation is too long: 100001 characters, where at most 100000 are allowed."
    );

    let as_key = edit(|d| d["records"][0]["body"][long.clone()] = json!(1));
    assert_eq!(
        parse_backup(&as_key),
        Err(ImportError::StringTooLong {
            path: "records[0].body (a field name)".into(),
            chars: MAX_STRING_CHARS + 1,
            max: MAX_STRING_CHARS
        })
    );

    // Checked before types: an oversized value in an otherwise wrong place is still named.
    let in_change = edit(|d| d["changes"][2]["field"] = json!(long.clone()));
    assert!(matches!(
        parse_backup(&in_change),
        Err(ImportError::StringTooLong { ref path, .. }) if path == "changes[2].field"
    ));
    let in_clock = edit(|d| d["records"][2]["clocks"]["name"] = json!(long.clone()));
    assert!(matches!(
        parse_backup(&in_clock),
        Err(ImportError::StringTooLong { ref path, .. }) if path == "records[2].clocks.name"
    ));
    // Exactly the limit passes the string check (multibyte characters count once) …
    let exactly_max = edit(|d| d["changes"][2]["value"] = json!("é".repeat(MAX_STRING_CHARS)));
    assert!(parse_backup(&exactly_max).is_ok());
    // … and a record field is then held to its own, tighter rule.
    let exactly_max =
        edit(|d| d["records"][1]["body"]["organisation"] = json!("é".repeat(MAX_STRING_CHARS)));
    let (path, error) = damaged(&exactly_max);
    assert_eq!(
        (path.as_str(), error.field.as_deref()),
        ("records[1]", Some("organisation"))
    );
}

#[test]
fn wrong_types_name_the_field() {
    let text = edit(|d| d["records"][1]["updated_at"] = json!("yesterday"));
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "records[1].updated_at");
    assert!(detail.starts_with("invalid type: string"), "{detail}");
    assert!(!detail.contains("at line"), "position stripped: {detail}");
    assert!(
        parse_backup(&text)
            .unwrap_err()
            .to_string()
            .starts_with("The backup cannot be read at records[1].updated_at: invalid type"),
    );

    let text = edit(|d| d["workspace"]["created_at"] = json!(1.5));
    assert_eq!(wrong_type(&text).0, "workspace.created_at");
    let text = edit(|d| d["changes"] = json!({}));
    assert_eq!(wrong_type(&text).0, "changes");
    let text = edit(|d| d["records"][1]["deleted"] = json!("no"));
    assert_eq!(wrong_type(&text).0, "records[1].deleted");
    let text = edit(|d| {
        d["records"][0].as_object_mut().unwrap().remove("body");
    });
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "records[0]");
    assert!(detail.contains("missing field `body`"), "{detail}");
    let text = edit(|d| {
        d["changes"][1].as_object_mut().unwrap().remove("actor");
    });
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "changes[1]");
    assert!(detail.contains("missing field `actor`"), "{detail}");
    let text = edit(|d| {
        d.as_object_mut().unwrap().remove("records");
    });
    assert_eq!(
        parse_backup(&text).unwrap_err().to_string(),
        "The backup cannot be read at the top level: missing field `records`."
    );
}

#[test]
fn malformed_clocks_are_refused_with_their_path() {
    let good = format!("{T0:015}-00000000-{DEVICE}");
    assert!(parse_backup(&edit(|d| d["changes"][0]["clock"] = json!(good))).is_ok());
    for bad in [
        json!("1764000000000-0-laptop-1"),
        json!("001764000000000-00000000"),
        json!("001764000000000-00000000-"),
        json!("001764000000000-0000000g-laptop-1"),
        json!("-01764000000000-00000000-laptop-1"),
        json!("001764000000000-00000000-has space"),
        json!(""),
    ] {
        let text = edit(|d| d["changes"][3]["clock"] = bad.clone());
        let (path, detail) = wrong_type(&text);
        assert_eq!(path, "changes[3].clock", "{bad}");
        assert!(detail.contains("is not a clock stamp"), "{bad}: {detail}");
    }
    let text = edit(|d| d["changes"][3]["clock"] = json!(1_764_000_000_000_i64));
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "changes[3].clock");
    assert!(detail.starts_with("invalid type: integer"), "{detail}");
    let text = edit(|d| d["changes"][3]["clock"] = Value::Null);
    assert_eq!(wrong_type(&text).0, "changes[3].clock");

    let text = edit(|d| d["records"][1]["clocks"]["organisation"] = json!("yesterday"));
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "records[1].clocks.organisation");
    assert_eq!(
        detail,
        "\"yesterday\" is not a clock stamp (expected wall-counter-device)"
    );
}

#[test]
fn invalid_ids_names_and_authors_are_refused_with_their_rule() {
    let bad_id = edit(|d| d["records"][0]["id"] = json!("has space"));
    let (path, detail) = wrong_type(&bad_id);
    assert_eq!(path, "records[0].id");
    assert_eq!(
        detail,
        "an id may contain only letters, digits, '-' and '_' (found ' ')"
    );
    let bad_kind = edit(|d| d["changes"][0]["kind"] = json!("Risk"));
    assert_eq!(wrong_type(&bad_kind).0, "changes[0].kind");
    let bad_name = edit(|d| d["workspace"]["name"] = json!(""));
    let error = parse_backup(&bad_name).unwrap_err().to_string();
    assert_eq!(
        error,
        "The backup cannot be read at workspace.name: A workspace name cannot be empty."
    );
    let nameless = edit(|d| d["changes"][0]["actor"] = json!({"name": "  "}));
    let (path, detail) = wrong_type(&nameless);
    assert_eq!(path, "changes[0].actor");
    assert!(detail.starts_with("Your name cannot be empty"), "{detail}");
    let bad_email = edit(|d| d["changes"][0]["actor"]["email"] = json!("ada at example"));
    let (path, detail) = wrong_type(&bad_email);
    assert_eq!(path, "changes[0].actor");
    assert!(detail.contains("is not an e-mail address"), "{detail}");
    let extra = edit(|d| d["changes"][0]["actor"]["role"] = json!("admin"));
    assert!(wrong_type(&extra).0.starts_with("changes[0].actor"));
}

#[test]
fn duplicate_records_are_refused() {
    let text = edit(|d| {
        let mut copy = d["records"][1].clone();
        copy["body"] = json!({"organisation": "Other"});
        copy["clocks"] = json!({});
        d["records"].as_array_mut().unwrap().push(copy);
    });
    let error = parse_backup(&text).unwrap_err();
    assert_eq!(
        error,
        ImportError::DuplicateRecord {
            kind: RecordKind::parse("profile").unwrap(),
            id: RecordId::parse("profile").unwrap()
        }
    );
    assert_eq!(
        error.to_string(),
        "The backup holds the record profile/profile more than once (duplicate id)."
    );
    // The same id under another kind is a different record.
    let other_kind = edit(|d| d["records"][0]["id"] = json!("profile"));
    assert!(parse_backup(&other_kind).is_ok());
}

#[test]
fn duplicate_changes_are_refused() {
    let backup = sample();
    let stamp = backup.changes[3].id();
    let text = edit(|d| {
        let mut copy = d["changes"][3].clone();
        copy["value"] = json!("Another value under the same stamp");
        d["changes"].as_array_mut().unwrap().push(copy);
    });
    let error = parse_backup(&text).unwrap_err();
    assert_eq!(error, ImportError::DuplicateChange { id: stamp.clone() });
    assert_eq!(
        error.to_string(),
        format!("The backup holds the change {stamp} more than once (duplicate id).")
    );
    // An exact copy is a duplicate too; so is one stamp on another record.
    let exact = edit(|d| {
        let copy = d["changes"][0].clone();
        d["changes"].as_array_mut().unwrap().push(copy);
    });
    assert!(matches!(
        parse_backup(&exact),
        Err(ImportError::DuplicateChange { .. })
    ));
    let elsewhere = edit(|d| {
        let mut copy = d["changes"][5].clone();
        copy["kind"] = json!("profile");
        copy["record_id"] = json!("profile");
        copy["field"] = json!("organisation");
        d["changes"].as_array_mut().unwrap().insert(0, copy);
    });
    assert!(matches!(
        parse_backup(&elsewhere),
        Err(ImportError::DuplicateChange { .. })
    ));
}

#[test]
fn reserved_and_malformed_field_names_are_refused() {
    for (field, reason) in [
        ("$secret", "is reserved"),
        ("$", "is reserved"),
        ("", "cannot be empty"),
        ("a\nb", "control characters"),
    ] {
        let text = edit(|d| d["changes"][1]["field"] = json!(field));
        match parse_backup(&text) {
            Err(ImportError::InvalidField { path, detail }) => {
                assert_eq!(path, "changes[1].field", "{field:?}");
                assert!(detail.contains(reason), "{field:?}: {detail}");
            }
            other => panic!("{field:?}: expected InvalidField, got {other:?}"),
        }
        let text = edit(|d| d["records"][1]["clocks"][field] = d["changes"][1]["clock"].clone());
        match parse_backup(&text) {
            Err(ImportError::InvalidField { path, detail }) => {
                assert_eq!(path, "records[1].clocks", "{field:?}");
                assert!(detail.contains(reason), "{field:?}: {detail}");
            }
            other => panic!("{field:?}: expected InvalidField, got {other:?}"),
        }
    }
    let long = "f".repeat(MAX_FIELD_CHARS + 1);
    let text = edit(|d| d["changes"][1]["field"] = json!(long));
    assert!(matches!(
        parse_backup(&text),
        Err(ImportError::InvalidField { ref path, ref detail })
            if path == "changes[1].field" && detail.contains("at most 200 characters")
    ));
    // The deleted flag is the one name starting with '$' that Praxis uses.
    let delete = edit(|d| {
        d["changes"][1]["field"] = json!(DELETED_FIELD);
        d["changes"][1]["value"] = json!(true);
        d["records"][1]["clocks"][DELETED_FIELD] = d["changes"][1]["clock"].clone();
        d["records"][1]["deleted"] = json!(true);
    });
    let parsed = parse_backup(&delete).unwrap();
    assert!(parsed.records[1].deleted);
}

/// A change to a backup document that damages one record.
type Damage = Box<dyn Fn(&mut Value)>;

#[test]
fn each_kind_of_record_is_checked_by_its_own_rules() {
    // An assessment rated beyond the scale, named down to the part of the answer.
    let text =
        edit(|d| d["records"][0]["body"]["iso27001:2022/A.5.1#rating"] = json!({"level": 9}));
    let error = parse_backup(&text).unwrap_err();
    assert_eq!(
        error,
        ImportError::DamagedRecord {
            path: "records[0]".into(),
            error: RecordError {
                noun: "Assessment".into(),
                id: "a1".into(),
                field: Some("iso27001:2022/A.5.1#rating".into()),
                problem: "A level is a whole number from 0 to 5.".into(),
            }
        }
    );
    assert!(
        error.to_string().starts_with(
            "The record at records[0] cannot be imported: Assessment a1 is damaged: field \"iso27001:2022/A.5.1#rating\": A level is a whole number from 0 to 5."
        ),
        "{error}"
    );

    let cases: Vec<(Damage, &str, &str, Option<&str>, &str)> = vec![
        (
            Box::new(|d| {
                d["records"][0]["body"]["iso27001:2022/A.5.2#ratnig"] = json!({"level": 1})
            }),
            "records[0]",
            "Assessment",
            Some("iso27001:2022/A.5.2#ratnig"),
            "no such part",
        ),
        (
            Box::new(|d| {
                d["records"][0]["body"]["iso27001:2022/A.5.1#rating"] =
                    json!({"attributes": {"PA 1.1": "F"}})
            }),
            "records[0]",
            "Assessment",
            Some("iso27001:2022/A.5.1#rating"),
            "belongs to another scale",
        ),
        (
            Box::new(|d| {
                d["records"][0]["body"]["iso27001:2022/5.1#not_applicable"] = json!("Not for us")
            }),
            "records[0]",
            "Assessment",
            Some("iso27001:2022/5.1#not_applicable"),
            "only Annex A controls can be excluded",
        ),
        (
            Box::new(|d| d["records"][1]["body"]["organisation"] = json!("o".repeat(201))),
            "records[1]",
            "Workspace profile",
            Some("organisation"),
            "Organisation can be at most 200 characters (this has 201).",
        ),
        (
            Box::new(|d| d["records"][1]["body"]["organisation"] = json!(42)),
            "records[1]",
            "Workspace profile",
            Some("organisation"),
            "invalid type: integer `42`, expected a string",
        ),
        (
            Box::new(|d| d["records"][1]["body"]["scope"] = json!("typo")),
            "records[1]",
            "Workspace profile",
            Some("scope"),
            "no such field",
        ),
        (
            Box::new(|d| d["records"][1]["body"] = json!(["not", "an", "object"])),
            "records[1]",
            "Workspace profile",
            None,
            "its body is not a JSON object",
        ),
        (
            Box::new(|d| d["records"][2]["body"]["name"] = json!("Acme\u{7}Ltd")),
            "records[2]",
            "Workspace",
            Some("name"),
            "cannot contain control characters",
        ),
        (
            Box::new(|d| {
                d["records"][2]["body"]
                    .as_object_mut()
                    .unwrap()
                    .remove("name");
            }),
            "records[2]",
            "Workspace",
            Some("name"),
            "is missing",
        ),
    ];
    for (change, path, noun, field, problem) in cases {
        let (at, error) = damaged(&edit(change));
        assert_eq!(at, path, "{error}");
        assert_eq!(error.noun, noun, "{error}");
        assert_eq!(error.field.as_deref(), field, "{error}");
        assert!(error.problem.contains(problem), "{error}");
    }
}

#[test]
fn a_deleted_record_is_checked_too() {
    // Restoring it must give a readable record.
    let text = edit(|d| {
        d["records"][1]["deleted"] = json!(true);
        d["records"][1]["body"]["organisation"] = json!(7);
    });
    let (path, error) = damaged(&text);
    assert_eq!(
        (path.as_str(), error.field.as_deref()),
        ("records[1]", Some("organisation"))
    );
}

/// A framework record in the file form [`crate::framework::parse_framework`] reads.
fn framework_record(framework_id: &str, items: Value) -> Value {
    let record_id = crate::framework::framework_record_id(framework_id);
    json!({
        "workspace": "w1",
        "kind": "framework",
        "id": record_id.as_str(),
        "updated_at": T0,
        "body": {
            "format": "praxis-framework",
            "version": 1,
            "id": framework_id,
            "name": "Backup test outline",
            "title": "An outline",
            "items": items
        },
        "clocks": {
            "format": format!("{T0:015}-00000000-{DEVICE}"),
        }
    })
}

/// An assessment record rating item 1.1 of the imported framework `framework_id`.
fn imported_assessment_record(record_id: &str, framework_id: &str) -> Value {
    json!({
        "workspace": "w1",
        "kind": "assessment",
        "id": record_id,
        "updated_at": T0,
        "body": {
            "title": "Outline check",
            "frameworks": "imported",
            "framework": framework_id,
            "scale": "isms-maturity",
            "date": "2026-11-25",
            "target": 2,
            "created_at": T0,
            format!("{framework_id}/1.1#rating"): {"level": 4}
        }
    })
}

/// Items of an outline framework: a heading and one assessable clause under it.
fn outline_items() -> Value {
    json!([
        {"id": "1", "title": "One", "kind": "clause", "assessable": false},
        {"id": "1.1", "title": "One one", "parent": "1", "kind": "clause", "assessable": true}
    ])
}

#[test]
fn a_framework_with_a_broken_item_is_refused() {
    let text = edit(|d| {
        let broken = framework_record(
            "backup-test:broken",
            json!([{"id": "1", "title": "One", "kind": "clause", "assessable": "yes"}]),
        );
        d["records"].as_array_mut().unwrap().push(broken);
    });
    let (path, error) = damaged(&text);
    assert_eq!(path, "records[3]");
    assert_eq!(error.noun, "Framework");
    assert_eq!(error.field.as_deref(), Some("items"));
    assert!(
        error
            .problem
            .starts_with("items[0].assessable: invalid type"),
        "{error}"
    );
}

#[test]
fn a_refused_backup_leaves_its_frameworks_nowhere() {
    // A sound framework, checked and read, then a broken one: the whole backup is refused.
    let framework_id = "backup-test:refused";
    let text = edit(|d| {
        let records = d["records"].as_array_mut().unwrap();
        records.push(framework_record(framework_id, outline_items()));
        records.push(framework_record(
            "backup-test:broken-too",
            json!([{"id": "1", "title": "One", "kind": "clause", "assessable": "yes"}]),
        ));
    });
    let (path, error) = damaged(&text);
    assert_eq!(
        (path.as_str(), error.noun.as_str()),
        ("records[4]", "Framework")
    );
    // Another backup (another workspace) assessing the sound one does not find it: the refused
    // backup's catalogue went nowhere.
    let text = edit(|d| {
        let records = d["records"].as_array_mut().unwrap();
        records.insert(0, imported_assessment_record("outline", framework_id));
    });
    let (path, error) = damaged(&text);
    assert_eq!(path, "records[0]");
    assert_eq!(
        (error.noun.as_str(), error.field.as_deref()),
        ("Assessment", Some("framework")),
        "{error}"
    );
    // Nor does a catalogue built for another workspace.
    assert!(Catalogue::builtin().find(framework_id).is_none());
}

#[test]
fn an_assessment_of_a_framework_the_backup_does_not_hold_is_refused() {
    let framework_id = "backup-test:absent";
    let text = edit(|d| {
        let records = d["records"].as_array_mut().unwrap();
        records.insert(0, imported_assessment_record("outline", framework_id));
        // Another imported framework is there, but not the one assessed.
        records.push(framework_record("backup-test:present", outline_items()));
    });
    let (path, error) = damaged(&text);
    assert_eq!(path, "records[0]");
    assert_eq!(error.noun, "Assessment");
    assert_eq!(error.field.as_deref(), Some("framework"), "{error}");
    assert!(
        error
            .problem
            .contains("backup-test:absent is not in this workspace"),
        "{error}"
    );
    let message = ImportError::DamagedRecord { path, error }.to_string();
    assert!(
        message.starts_with("The record at records[0] cannot be imported: Assessment outline is damaged: field \"framework\""),
        "{message}"
    );

    // A deleted framework record still holds the framework: a workspace whose framework was
    // deleted while an assessment of it remains must restore from its own backup (the app then
    // shows that assessment as damaged until the framework is restored).
    let text = edit(|d| {
        let records = d["records"].as_array_mut().unwrap();
        records.insert(0, imported_assessment_record("outline", framework_id));
        let mut deleted = framework_record(framework_id, outline_items());
        deleted["deleted"] = json!(true);
        records.push(deleted);
    });
    assert!(parse_backup(&text).is_ok());

    // With the framework live in the backup, the same assessment is read.
    let text = edit(|d| {
        let records = d["records"].as_array_mut().unwrap();
        records.insert(0, imported_assessment_record("outline", framework_id));
        records.push(framework_record(framework_id, outline_items()));
    });
    assert!(parse_backup(&text).is_ok());
}

#[test]
fn an_imported_framework_and_its_assessment_round_trip() {
    let framework_id = "backup-test:outline";
    // Licensed text as long as any string may be, in characters of two bytes.
    let licensed = "é".repeat(MAX_STRING_CHARS);
    let framework = framework_record(
        framework_id,
        json!([
            {"id": "1", "title": "One", "kind": "clause", "assessable": false},
            {"id": "1.1", "title": "One one", "parent": "1", "kind": "clause", "assessable": true, "text": licensed}
        ]),
    );
    let assessment = imported_assessment_record("outline", framework_id);
    let text = edit(|d| {
        let records = d["records"].as_array_mut().unwrap();
        // The assessment comes before its framework, as sorting by kind puts it.
        records.insert(0, assessment);
        records.push(framework);
    });
    let parsed = parse_backup(&text).unwrap();
    // The workspace's catalogue, as the app builds it from the restored records.
    let imported: Vec<Framework> = parsed
        .records
        .iter()
        .filter(|r| r.kind == crate::framework::framework_kind())
        .map(|r| Framework::read(r, &()).unwrap())
        .collect();
    let catalogue = Catalogue::with_imported(imported);
    let read = Assessment::read(&parsed.records[0], &catalogue).unwrap();
    assert_eq!(read.frameworks_label(), "Backup test outline");
    assert_eq!(
        read.answer("backup-test:outline/1.1").unwrap().rating,
        Some(Rating::Level(4))
    );
    // Parsing the backup made the framework known to no one else.
    let error = Assessment::read(&parsed.records[0], &Catalogue::builtin()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("framework"), "{error}");
    let again = Backup::new(
        parsed.workspace.clone(),
        parsed.records.clone(),
        parsed.changes.clone(),
        parsed.exported_at,
        "0.1.0",
    );
    assert_eq!(parse_backup(&again.to_json()).unwrap(), again);

    // The same assessment rating an item the framework does not have is named.
    let text = text.replace(
        "backup-test:outline/1.1#rating",
        "backup-test:outline/9#rating",
    );
    let (path, error) = damaged(&text);
    assert_eq!(path, "records[0]");
    assert_eq!(error.field.as_deref(), Some("backup-test:outline/9#rating"));
}

#[test]
fn records_of_unknown_kinds_are_refused() {
    let text = edit(|d| {
        let mut note = d["records"][1].clone();
        note["kind"] = json!("note");
        note["id"] = json!("n1");
        note["body"] = json!({"text": "anything"});
        note["clocks"] = json!({});
        d["records"].as_array_mut().unwrap().push(note);
    });
    let (path, error) = damaged(&text);
    assert_eq!(path, "records[3]");
    assert_eq!(error.field, None);
    assert!(
        error
            .to_string()
            .contains("does not know records of kind \"note\""),
        "{error}"
    );
}

#[test]
fn damaged_record_messages_are_one_sentence() {
    let text = edit(|d| d["records"][1]["body"]["organisation"] = json!("o".repeat(201)));
    let message = parse_backup(&text).unwrap_err().to_string();
    assert!(
        message.starts_with(
            "The record at records[1] cannot be imported: Workspace profile profile is damaged: field \"organisation\": Organisation can be at most 200 characters (this has 201)."
        ),
        "{message}"
    );
}

#[test]
fn damaged_record_messages_end_with_one_period() {
    let text = edit(|d| d["records"][1]["body"]["organisation"] = json!("o".repeat(201)));
    let message = parse_backup(&text).unwrap_err().to_string();
    assert!(!message.ends_with(".."), "{message}");
}

#[test]
fn records_and_changes_must_belong_to_the_backup_workspace() {
    let text = edit(|d| d["records"][1]["workspace"] = json!("other"));
    let error = parse_backup(&text).unwrap_err();
    assert_eq!(
        error,
        ImportError::ForeignWorkspace {
            path: "records[1].workspace".into()
        }
    );
    assert!(
        error.to_string().contains("belongs to another workspace"),
        "{error}"
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
fn negative_times_are_refused_wherever_they_are() {
    let cases = [
        ("exported_at", "/exported_at"),
        ("workspace.created_at", "/workspace/created_at"),
        ("workspace.updated_at", "/workspace/updated_at"),
        ("records[1].updated_at", "/records/1/updated_at"),
    ];
    for (expected, pointer) in cases {
        let text = edit(|d| *d.pointer_mut(pointer).unwrap() = json!(-1));
        assert_eq!(
            parse_backup(&text),
            Err(ImportError::InvalidField {
                path: expected.to_owned(),
                detail: "a time cannot be negative".to_owned()
            })
        );
    }
    let error = parse_backup(&edit(|d| d["exported_at"] = json!(-1))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The value at exported_at is not valid: a time cannot be negative."
    );
    // A change's time is its clock, which has no sign to get wrong.
    let text = edit(|d| {
        d["changes"][3]["clock"] = json!(format!(
            "-{}",
            &d["changes"][3]["clock"].as_str().unwrap()[1..]
        ))
    });
    assert_eq!(wrong_type(&text).0, "changes[3].clock");
}

#[test]
fn unknown_fields_are_refused_so_typos_are_not_dropped() {
    let text = edit(|d| d["extra"] = json!(true));
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "extra");
    assert!(detail.starts_with("unknown field `extra`"), "{detail}");
    let text = edit(|d| d["records"][0]["updatedAt"] = json!(1));
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "records[0].updatedAt");
    assert!(detail.starts_with("unknown field `updatedAt`"), "{detail}");
    // Format 2 has no `at` on changes: its clock says when.
    let text = edit(|d| d["changes"][0]["at"] = json!(T0));
    let (path, detail) = wrong_type(&text);
    assert_eq!(path, "changes[0].at");
    assert!(detail.starts_with("unknown field `at`"), "{detail}");
}

/// A backup as format 1 wrote it: records without clocks, an assessment with its settings under
/// `meta` and one field per item, changes with a time and no author.
fn format_1() -> Value {
    let meta = json!({
        "title": "Readiness 2026",
        "frameworks": "iso27001",
        "scale": "isms-maturity",
        "scope": "All services",
        "assessor": "A. Auditor",
        "date": "2026-11-25",
        "target": 3,
        "created_at": T0
    });
    let answer = json!({
        "rating": {"level": 2},
        "notes": "Drafted </script>",
        "evidence": [{"text": "Policy v1", "link": "https://intranet.example/p"}]
    });
    let change = |kind: &str, record: &str, field: &str, value: Option<Value>, at: i64| {
        let mut change = json!({
            "workspace": "w1",
            "kind": kind,
            "record_id": record,
            "field": field,
            "at": at
        });
        if let Some(value) = value {
            change["value"] = value;
        }
        change
    };
    json!({
        "format": "praxis-workspace-backup",
        "version": 1,
        "exported_at": T0 + 10_000,
        "app_version": "0.1.0",
        "workspace": {"id": "w1", "name": "Acme", "created_at": T0, "updated_at": T0},
        "records": [
            {
                "workspace": "w1",
                "kind": "assessment",
                "id": "a1",
                "updated_at": T0 + 2_000,
                "body": {"meta": meta, "iso27001:2022/A.5.1": answer}
            },
            {
                "workspace": "w1",
                "kind": "profile",
                "id": "profile",
                "updated_at": T0 + 3_000,
                "body": {"organisation": "Acme Ltd", "sms_scope": "Hosting"}
            }
        ],
        "changes": [
            change("workspace", "w1", "name", Some(json!("Acme")), T0),
            change("profile", "profile", "isms_scope", Some(json!("All")), T0 + 1_000),
            change("profile", "profile", "organisation", Some(json!("Acme Ltd")), T0 + 1_000),
            change("profile", "profile", "sms_scope", Some(json!("Hosting")), T0 + 1_000),
            change("assessment", "a1", "iso27001:2022/A.5.1", Some(answer.clone()), T0 + 2_000),
            change("assessment", "a1", "meta", Some(meta.clone()), T0 + 2_000),
            change("profile", "profile", "isms_scope", None, T0 + 3_000)
        ]
    })
}

#[test]
fn a_format_1_backup_is_brought_forward_on_import() {
    let legacy = DeviceId::parse("legacy").unwrap();
    let backup = parse_backup(&format_1().to_string()).unwrap();
    assert_eq!((backup.format.as_str(), backup.version), (BACKUP_FORMAT, 2));

    // The assessment has a field per setting and per part of the answer, each with the clock
    // of the record's last update.
    let assessment = &backup.records[0];
    let read = Assessment::read(assessment, &Catalogue::builtin()).unwrap();
    assert_eq!(read.meta.title, "Readiness 2026");
    let answer = read.answer("iso27001:2022/A.5.1").unwrap();
    assert_eq!(answer.rating, Some(Rating::Level(2)));
    assert_eq!(answer.notes, "Drafted </script>");
    assert_eq!(Value::Object(read.to_body()), assessment.body);
    let fields: Vec<&str> = assessment
        .fields()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|f| f.contains('#'))
        .collect();
    assert_eq!(
        fields,
        [
            "iso27001:2022/A.5.1#evidence",
            "iso27001:2022/A.5.1#notes",
            "iso27001:2022/A.5.1#rating"
        ]
    );
    assert!(assessment.fields().unwrap().get("meta").is_none());
    for record in &backup.records {
        let fields: Vec<&String> = record.fields().unwrap().keys().collect();
        let clocked: Vec<&String> = record.clocks.keys().collect();
        assert_eq!(fields, clocked, "{}", record.kind);
        for clock in record.clocks.values() {
            assert_eq!(clock, &Hlc::new(record.updated_at, 0, legacy.clone()));
        }
    }

    // Changes keep their order, fields and values; each gets a clock from its time, made
    // unique by its position, and an unrecorded author.
    let original = format_1();
    for (i, (change, old)) in backup
        .changes
        .iter()
        .zip(original["changes"].as_array().unwrap())
        .enumerate()
    {
        assert_eq!(
            change.clock,
            Hlc::new(old["at"].as_i64().unwrap(), i as u32, legacy.clone())
        );
        assert_eq!(change.at(), old["at"].as_i64().unwrap());
        assert_eq!(change.actor, Actor::unrecorded());
        assert_eq!(change.field, old["field"].as_str().unwrap());
        assert_eq!(change.value.as_ref(), old.get("value"));
    }
    assert_eq!(backup.changes.len(), 7);
    assert!(backup.changes.windows(2).all(|w| w[0].clock < w[1].clock));
    assert_eq!(backup.changes[6].value, None, "a removal stays a removal");

    // Written again, it is a format-2 file that reads back the same.
    let text = backup.to_json();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], 2);
    assert!(doc["changes"][0].get("at").is_none());
    assert_eq!(
        doc["changes"][0]["clock"],
        format!("{T0:015}-00000000-legacy")
    );
    assert_eq!(parse_backup(&text).unwrap(), backup);
}

#[test]
fn a_format_1_backup_is_checked_like_any_other() {
    let with = |f: &dyn Fn(&mut Value)| {
        let mut doc = format_1();
        f(&mut doc);
        parse_backup(&doc.to_string())
    };
    assert_eq!(
        with(&|d| d["changes"][3]["at"] = json!(-1)),
        Err(ImportError::InvalidField {
            path: "changes[3].at".into(),
            detail: "a time cannot be negative".into()
        })
    );
    assert_eq!(
        with(&|d| d["records"][1]["updated_at"] = json!(-5)),
        Err(ImportError::InvalidField {
            path: "records[1].updated_at".into(),
            detail: "a time cannot be negative".into()
        })
    );
    // A legacy answer that breaks today's rules is named by its new field.
    match with(&|d| d["records"][0]["body"]["iso27001:2022/A.5.1"]["rating"] = json!({"level": 9}))
    {
        Err(ImportError::DamagedRecord { path, error }) => {
            assert_eq!(path, "records[0]");
            assert_eq!(error.field.as_deref(), Some("iso27001:2022/A.5.1#rating"));
        }
        other => panic!("expected DamagedRecord, got {other:?}"),
    }
    match with(&|d| d["records"][0]["body"]["iso27001:2022/A.5.2"] = json!("not an answer")) {
        Err(ImportError::DamagedRecord { path, error }) => {
            assert_eq!(path, "records[0]");
            assert_eq!(error.field.as_deref(), Some("iso27001:2022/A.5.2"));
        }
        other => panic!("expected DamagedRecord, got {other:?}"),
    }
    // Records of kinds this version does not know are refused in format 1 too.
    assert!(matches!(
        with(&|d| d["records"][1]["kind"] = json!("note")),
        Err(ImportError::DamagedRecord { ref path, .. }) if path == "records[1]"
    ));
    // A time of the wrong type is named, not silently dropped.
    let (path, detail) = match with(&|d| d["changes"][2]["at"] = json!("yesterday")) {
        Err(ImportError::WrongType { path, detail }) => (path, detail),
        other => panic!("expected WrongType, got {other:?}"),
    };
    assert!(path.starts_with("changes[2]"), "{path}: {detail}");
}

#[test]
fn a_copy_gets_a_new_identity_everywhere() {
    let original = sample();
    let copy = original
        .clone()
        .with_new_identity(id("copy"), WorkspaceName::parse("Copy").unwrap());
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
    // Everything but the identity is untouched.
    let bodies = |b: &Backup| {
        b.records
            .iter()
            .filter(|r| r.kind.as_str() != "workspace")
            .map(|r| (r.body.clone(), r.clocks.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(&copy), bodies(&original));
    let record_ids = |b: &Backup| {
        b.changes
            .iter()
            .filter(|c| c.kind.as_str() != "workspace")
            .map(|c| (c.record_id.clone(), c.field.clone(), c.clock.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(record_ids(&copy), record_ids(&original));
    assert_eq!(parse_backup(&copy.to_json()).unwrap(), copy);
}

#[test]
fn a_copy_moves_its_workspace_record_too() {
    let copy = sample().with_new_identity(id("copy"), WorkspaceName::parse("Copy").unwrap());
    let record = copy
        .records
        .iter()
        .find(|r| r.kind.as_str() == "workspace")
        .unwrap();
    assert_eq!(
        record.key(),
        crate::batch::workspace_record_key(&id("copy"))
    );
    assert_eq!(
        WorkspaceFields::read(record, &()).unwrap().name,
        copy.workspace.name,
        "the record and the workspace agree on the name"
    );
    assert!(!copy.to_json().contains("\"w1\""), "no trace of the old id");
}

#[test]
fn into_batch_restores_in_order_and_replaces_when_asked() {
    let backup = sample();
    let mut expected: Vec<Op> = vec![Op::PutWorkspace(backup.workspace.clone())];
    expected.extend(backup.records.iter().cloned().map(Op::PutRecord));
    expected.extend(backup.changes.iter().cloned().map(Op::AppendChange));

    let plain = backup.clone().into_batch(false, ada(), T0 + 99);
    assert_eq!(plain.ops(), expected.as_slice());
    assert_eq!((plain.actor(), plain.now_ms()), (&ada(), T0 + 99));
    assert!(!plain.has_changes(), "nothing is stamped again");

    let replacing = backup.into_batch(true, bob(), 1);
    assert_eq!(replacing.ops()[0], Op::DeleteWorkspace(id("w1")));
    assert_eq!(&replacing.ops()[1..], expected.as_slice());
}

#[test]
fn into_batch_restores_the_log_without_recomputing_it() {
    let mut backup = sample();
    backup.changes.truncate(1);
    let batch = backup.clone().into_batch(false, ada(), T0);
    assert_eq!(appended_changes(&batch), backup.changes);
    let restored: Vec<&Record> = batch
        .ops()
        .iter()
        .filter_map(|op| match op {
            Op::PutRecord(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(
        restored,
        backup.records.iter().collect::<Vec<_>>(),
        "records keep their clocks, whatever the log holds"
    );
}

#[test]
fn summary_counts_what_is_inside() {
    let summary = sample().summary();
    assert_eq!(
        summary,
        BackupSummary {
            workspace_name: "Acme — Zürich 😀".to_owned(),
            exported_at: 1_764_072_000_000,
            records: 3,
            changes: 22,
        }
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Any text at all, control characters included, up to `max` characters.
    fn text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(any::<char>(), 0..=max).prop_map(String::from_iter)
    }

    fn actor() -> impl Strategy<Value = Actor> {
        (
            "[^\\p{Cc}]{1,30}".prop_filter("not blank", |s| !s.trim().is_empty()),
            prop_oneof![Just(String::new()), "[a-z0-9.]{1,10}@[a-z0-9.]{1,10}"],
        )
            .prop_map(|(name, email)| Actor::parse(&name, &email).unwrap())
    }

    /// One batch: who, when (which may be earlier than the last: clocks go back), and what.
    #[derive(Debug, Clone)]
    enum Edit {
        Profile(WorkspaceProfile),
        /// An assessment: its id, title, and levels and notes for some Annex A controls.
        Assessment(String, String, Vec<(usize, u8, String)>),
        Delete(usize),
        Restore(usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (text(40), text(60), text(60)).prop_map(|(organisation, sms_scope, isms_scope)| {
                Edit::Profile(WorkspaceProfile {
                    organisation,
                    sms_scope,
                    isms_scope,
                })
            }),
            (
                "[a-z][a-z0-9_-]{0,8}",
                text(40).prop_filter("a title", |t| !t.trim().is_empty()),
                prop::collection::vec((0usize..93, 0u8..=5, text(40)), 0..4),
            )
                .prop_map(|(id, title, answers)| Edit::Assessment(id, title, answers)),
            (0usize..8).prop_map(Edit::Delete),
            (0usize..8).prop_map(Edit::Restore),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_valid_backup_round_trips(
            name in "[^\\p{Cc}]{1,80}".prop_filter("not blank", |s| !s.trim().is_empty()),
            workspace_id in "[A-Za-z0-9_-]{1,64}",
            device_id in "[A-Za-z0-9_-]{1,64}",
            batches in prop::collection::vec((actor(), 0i64..4_000_000_000_000, prop::collection::vec(edit(), 1..4)), 0..5),
            at in 0i64..4_000_000_000_000,
        ) {
            let name = WorkspaceName::parse(&name).unwrap();
            let workspace = Workspace::new(id(&workspace_id), name, at);
            let mut device = Device::new(&device_id);
            let mut created = WriteBatch::new(Actor::parse("Creator", "").unwrap(), at);
            created.save_workspace(None, workspace.clone());
            device.apply(&created);
            let controls: Vec<String> = crate::framework::iso27001()
                .items
                .iter()
                .filter(|i| i.assessable && i.id.starts_with("A."))
                .map(|i| format!("iso27001:2022/{}", i.id))
                .collect();
            for (actor, now, edits) in batches {
                let mut batch = WriteBatch::new(actor, now);
                for edit in edits {
                    let keys: Vec<RecordKey> = device.records.keys().cloned().collect();
                    match edit {
                        Edit::Profile(profile) => {
                            let key = WorkspaceProfile::key(&workspace.id, &profile_id());
                            let before = device.records.get(&key).map(|r| r.body.clone());
                            batch.edit_fields(&key, before.as_ref(), &Value::Object(profile.to_body()));
                        }
                        Edit::Assessment(rid, title, answers) => {
                            let meta = AssessmentMeta {
                                title,
                                frameworks: FrameworkChoice::Iso27001,
                                scale: Scale::IsmsMaturity,
                                scope: String::new(),
                                assessor: String::new(),
                                date: "2026-11-25".into(),
                                target: 3,
                                created_at: now,
                                approved_on: None,
                                framework: None,
                                sharing_rules: crate::assessment::SHARING_RULES,
                                blocker_level: crate::assessment::DEFAULT_BLOCKER_LEVEL,
                            };
                            let mut a = Assessment::new(RecordId::parse(&rid).unwrap(), meta, &Catalogue::builtin()).unwrap();
                            for (control, level, notes) in answers {
                                let key = &controls[control % controls.len()];
                                a.set_rating(key, Some(Rating::Level(level))).unwrap();
                                a.set_details(key, ItemAnswer { notes, ..ItemAnswer::default() }).unwrap();
                            }
                            let key = Assessment::key(&workspace.id, &a.id);
                            let before = device.records.get(&key).map(|r| r.body.clone());
                            batch.edit_fields(&key, before.as_ref(), &Value::Object(a.to_body()));
                        }
                        Edit::Delete(i) => {
                            if let Some(key) = keys.get(i % keys.len()) {
                                batch.delete_record(key);
                            }
                        }
                        Edit::Restore(i) => {
                            if let Some(key) = keys.get(i % keys.len()) {
                                batch.restore_record(key);
                            }
                        }
                    }
                    // Each edit sees the ones before it, as the next page load would.
                    device.apply(&batch);
                    batch = WriteBatch::new(batch.actor().clone(), now);
                }
            }
            let backup = device.backup(&workspace);
            let parsed = parse_backup(&backup.to_json());
            prop_assert!(parsed.is_ok(), "{:?}", parsed);
            let parsed = parsed.unwrap();
            prop_assert_eq!(&parsed, &backup);
            prop_assert_eq!(parsed.to_json(), backup.to_json());
        }
    }
}

mod archive_tests;
