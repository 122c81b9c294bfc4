//! The backup file: a whole workspace as one versioned JSON document. [`parse_backup`] checks
//! everything before anything can be written, and says precisely what is wrong.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::actor::Actor;
use crate::batch::{Op, WriteBatch};
use crate::change::Change;
use crate::clock::Hlc;
use crate::framework::{Catalogue, Framework};
use crate::ids::{DeviceId, RecordId, RecordKind, WorkspaceId};
use crate::record::{MAX_STRING_CHARS, Record, check_field_name, find_oversized_string};
use crate::typed::{RecordError, RecordType, validate_record};
use crate::workspace::{Workspace, WorkspaceName};

/// What the `format` field of every backup says, so other JSON is recognised as such.
pub const BACKUP_FORMAT: &str = "praxis-workspace-backup";
/// The backup format this build writes and the newest it reads. Version 1 (before clocks and
/// names on changes) is still read: it is brought forward by [`upgrade_v1`].
pub const BACKUP_VERSION: u32 = 2;
/// The largest file accepted for import (50 MiB), checked before any parsing.
pub const MAX_BACKUP_BYTES: usize = 50 * 1024 * 1024;

/// Why a file cannot be imported. Messages are full sentences shown to users as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "This file is too large to import: it has {} bytes, and a Praxis backup can have at most {} bytes.",
        group_digits(*bytes),
        group_digits(*max)
    )]
    TooLarge { bytes: usize, max: usize },
    #[error("This file is empty.")]
    Empty,
    #[error(
        "The file ends unexpectedly at line {line}, column {column}; it may be truncated or still downloading."
    )]
    Truncated { line: usize, column: usize },
    #[error("This file is not valid JSON (line {line}, column {column}: {detail}).")]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "This file is JSON but not a Praxis workspace backup (it should say \"format\": \"{BACKUP_FORMAT}\")."
    )]
    NotABackup,
    #[error(
        "This backup was made by a newer version of Praxis (format {found}); this version reads format {supported}. Update Praxis and try again."
    )]
    NewerVersion { found: u64, supported: u32 },
    #[error(
        "The value at {path} is too long: {chars} characters, where at most {max} are allowed."
    )]
    StringTooLong {
        path: String,
        chars: usize,
        max: usize,
    },
    #[error("The value at {path} is not valid: {detail}.")]
    InvalidField { path: String, detail: String },
    /// A value of the wrong type, a missing or unknown field, or an invalid id or name.
    #[error("The backup cannot be read at {path}: {detail}.")]
    WrongType { path: String, detail: String },
    #[error("The value at {path} belongs to another workspace than the one in this backup.")]
    ForeignWorkspace { path: String },
    #[error("The backup holds the record {kind}/{id} more than once (duplicate id).")]
    DuplicateRecord { kind: RecordKind, id: RecordId },
    #[error("The backup holds the change {id} more than once (duplicate id).")]
    DuplicateChange { id: String },
    #[error("The record at {path} cannot be imported: {}.", error.to_string().trim_end_matches('.'))]
    DamagedRecord { path: String, error: RecordError },
    #[error("This file is neither a Praxis backup (JSON text) nor a Praxis backup archive (.zip).")]
    NotText,
    #[error("This backup archive cannot be read: {detail}.")]
    BadArchive { detail: String },
    #[error(
        "This backup archive holds {name:?}, which a Praxis archive never holds (only backup.json and files/ named by their SHA-256)."
    )]
    UnexpectedEntry { name: String },
    #[error("The file {name} in this archive is larger than an evidence file can be.")]
    FileTooLarge { name: String },
    #[error(
        "The file {name} in this archive is not the file its name says: its SHA-256 differs, so it was changed or damaged."
    )]
    FileHashMismatch { name: String },
    #[error("This archive holds no backup.json, so it is not a Praxis backup archive.")]
    NoBackupInArchive,
    #[error(
        "The evidence file {name:?} (SHA-256 {sha256}) in this archive is not the file its record describes."
    )]
    RecordDisagrees { name: String, sha256: String },
}

/// A whole workspace, as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: i64,
    pub app_version: String,
    pub workspace: Workspace,
    pub records: Vec<Record>,
    pub changes: Vec<Change>,
}

/// What an import preview shows before the user decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub workspace_name: String,
    pub exported_at: i64,
    pub records: usize,
    pub changes: usize,
}

impl Backup {
    /// A backup of the current format. Records are sorted by key so the same data always exports
    /// to the same file. Changes stay in the order given, which must be log (append) order: that
    /// order is already deterministic, and it is the truth when clocks disagree (two entries for
    /// one field with out-of-order `at` values), so sorting by time could change history.
    pub fn new(
        workspace: Workspace,
        mut records: Vec<Record>,
        changes: Vec<Change>,
        exported_at: i64,
        app_version: &str,
    ) -> Self {
        crate::order::sort_by(&mut records, Record::cmp_by_key);
        Self {
            format: BACKUP_FORMAT.to_owned(),
            version: BACKUP_VERSION,
            exported_at,
            app_version: app_version.to_owned(),
            workspace,
            records,
            changes,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a backup is plain JSON")
    }

    /// A file name such as `praxis-acme-ltd-2026-11-25.json`.
    pub fn file_name(&self) -> String {
        format!(
            "praxis-{}-{}.json",
            slug(self.workspace.name.as_str()),
            iso_date(self.exported_at)
        )
    }

    pub fn summary(&self) -> BackupSummary {
        BackupSummary {
            workspace_name: self.workspace.name.to_string(),
            exported_at: self.exported_at,
            records: self.records.len(),
            changes: self.changes.len(),
        }
    }

    /// The same content under another workspace id and name ("import as a copy").
    pub fn with_new_identity(mut self, id: WorkspaceId, name: WorkspaceName) -> Self {
        self.workspace.id = id.clone();
        self.workspace.name = name;
        for record in &mut self.records {
            record.workspace = id.clone();
            if record.kind == crate::batch::workspace_kind() {
                record.id = RecordId::parse(id.as_str()).expect("workspace ids are record ids");
                if let Some(fields) = record.body.as_object_mut() {
                    fields.insert("name".into(), Value::from(self.workspace.name.as_str()));
                }
            }
        }
        for change in &mut self.changes {
            change.workspace = id.clone();
            if change.kind == crate::batch::workspace_kind() {
                change.record_id =
                    RecordId::parse(id.as_str()).expect("workspace ids are record ids");
            }
        }
        self
    }

    /// The writes that restore this backup; with `replace_existing`, the workspace of the same
    /// id is deleted first, in the same batch. Records (with their clocks) and the change log
    /// are restored as they were.
    pub fn into_batch(self, replace_existing: bool, actor: Actor, now_ms: i64) -> WriteBatch {
        let mut batch = WriteBatch::new(actor, now_ms);
        if replace_existing {
            batch.push(Op::DeleteWorkspace(self.workspace.id.clone()));
        }
        batch.push(Op::PutWorkspace(self.workspace));
        for record in self.records {
            batch.push(Op::PutRecord(record));
        }
        for change in self.changes {
            batch.push(Op::AppendChange(change));
        }
        batch
    }
}

/// Checks a backup file completely and returns it, or the first problem found. The checks run
/// from cheapest and most general to most specific (size, emptiness, JSON syntax, format and
/// version, string lengths, types and ids, then consistency), so a file from a newer Praxis
/// or a different program is named as such rather than as a list of wrong fields.
pub fn parse_backup(text: &str) -> Result<Backup, ImportError> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(ImportError::TooLarge {
            bytes: text.len(),
            max: MAX_BACKUP_BYTES,
        });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    match read_current(text) {
        Some(backup) => Ok(backup),
        None => read_thoroughly(text),
    }
}

/// The quick way to read a sound file of the current format: its types straight from the text,
/// without building a JSON tree of the whole file first. Any problem at all gives `None`, and
/// [`read_thoroughly`] then finds and names the first one, as if this had not been tried.
fn read_current(text: &str) -> Option<Backup> {
    let backup: Backup = serde_json::from_str(text).ok()?;
    let current = backup.format == BACKUP_FORMAT && backup.version == BACKUP_VERSION;
    (current && !has_oversized_string(&backup) && check_consistency(&backup).is_ok())
        .then_some(backup)
}

/// Whether any string the types do not limit themselves (ids, names and people are refused
/// when too long as they are read) is longer than [`MAX_STRING_CHARS`].
fn has_oversized_string(backup: &Backup) -> bool {
    let too_long = |text: &str| text.len() > MAX_STRING_CHARS;
    let in_value = |value: &Value| find_oversized_string(value, "").is_some();
    too_long(&backup.app_version)
        || backup.records.iter().any(|record| {
            in_value(&record.body) || record.clocks.keys().any(|field| too_long(field))
        })
        || backup
            .changes
            .iter()
            .any(|change| too_long(&change.field) || change.value.as_ref().is_some_and(in_value))
}

/// Reads the file as a JSON tree first, so that the checks run in their order and name the
/// first problem, wherever it is.
fn read_thoroughly(text: &str) -> Result<Backup, ImportError> {
    let document: Value = serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Eof => ImportError::Truncated { line, column },
            _ => ImportError::NotJson {
                line,
                column,
                detail: strip_position(&e.to_string()),
            },
        }
    })?;
    let mut document = document;
    check_envelope(&document)?;
    if document.get("version").and_then(Value::as_u64) == Some(1) {
        upgrade_v1(&mut document)?;
    }
    if let Some((path, chars)) = find_oversized_string(&document, "") {
        return Err(ImportError::StringTooLong {
            path,
            chars,
            max: MAX_STRING_CHARS,
        });
    }
    let backup: Backup = serde_path_to_error::deserialize(document).map_err(|e| {
        let path = describe_path(&e.path().to_string());
        let detail = e.into_inner().to_string();
        ImportError::WrongType {
            path,
            detail: strip_position(&detail),
        }
    })?;
    check_consistency(&backup)?;
    Ok(backup)
}

/// Brings a format-1 document to format 2 in place: each record field gets the clock of the
/// record's last update, assessments get a field per setting and per part of an answer, and each
/// change gets a clock from its time (made unique by its position) and an unrecorded author.
/// Anything not of the expected shape is left alone for the checks that follow to name.
pub fn upgrade_v1(document: &mut Value) -> Result<(), ImportError> {
    let device = DeviceId::parse("legacy").expect("a valid device id");
    let assessment = crate::assessment::assessment_kind();
    let framework = crate::framework::framework_kind();
    // Framework records move to ids no two framework ids share; their history follows.
    let mut moved = std::collections::BTreeMap::new();
    if let Some(records) = document.get_mut("records").and_then(Value::as_array_mut) {
        for record in records.iter_mut().filter_map(Value::as_object_mut) {
            let framework_id = (record.get("kind").and_then(Value::as_str)
                == Some(framework.as_str()))
            .then(|| record.get("body")?.get("id")?.as_str().map(str::to_owned))
            .flatten();
            if let (Some(framework_id), Some(old)) = (
                framework_id,
                record.get("id").and_then(Value::as_str).map(str::to_owned),
            ) && let Some(new) = crate::framework::moved_framework_record_id(&framework_id, &old)
            {
                let new = new.to_string();
                record.insert("id".into(), Value::from(new.clone()));
                moved.insert(old, new);
            }
            let is_assessment =
                record.get("kind").and_then(Value::as_str) == Some(assessment.as_str());
            if is_assessment
                && let Some(Value::Object(body)) = record.get("body")
                && let Some(upgraded) = crate::assessment::upgrade_legacy_body(body)
            {
                record.insert("body".into(), Value::Object(upgraded));
            }
            let (Some(at), Some(Value::Object(body))) = (
                record.get("updated_at").and_then(Value::as_i64),
                record.get("body"),
            ) else {
                continue;
            };
            let stamp = Hlc::new(at, 0, device.clone()).to_string();
            let clocks: serde_json::Map<String, Value> = body
                .keys()
                .map(|field| (field.clone(), Value::from(stamp.clone())))
                .collect();
            record.insert("clocks".into(), Value::Object(clocks));
        }
    }
    let actor = serde_json::to_value(Actor::unrecorded()).expect("plain data");
    if let Some(changes) = document.get_mut("changes").and_then(Value::as_array_mut) {
        for (i, change) in changes.iter_mut().enumerate() {
            let Some(change) = change.as_object_mut() else {
                continue;
            };
            let old = (change.get("kind").and_then(Value::as_str) == Some(framework.as_str()))
                .then(|| change.get("record_id").and_then(Value::as_str))
                .flatten()
                .and_then(|old| moved.get(old).cloned());
            if let Some(new) = old {
                change.insert("record_id".into(), Value::from(new));
            }
            if let Some(at) = change.get("at").and_then(Value::as_i64) {
                if at < 0 {
                    return Err(ImportError::InvalidField {
                        path: format!("changes[{i}].at"),
                        detail: "a time cannot be negative".into(),
                    });
                }
                let counter = u32::try_from(i).unwrap_or(u32::MAX);
                change.remove("at");
                change.insert(
                    "clock".into(),
                    Hlc::new(at, counter, device.clone()).to_string().into(),
                );
                change.insert("actor".into(), actor.clone());
            }
        }
    }
    document["version"] = Value::from(BACKUP_VERSION);
    Ok(())
}

fn check_envelope(document: &Value) -> Result<(), ImportError> {
    let format = document.get("format").and_then(Value::as_str);
    if format != Some(BACKUP_FORMAT) {
        return Err(ImportError::NotABackup);
    }
    let invalid_version = || ImportError::InvalidField {
        path: "version".to_owned(),
        detail: "it must be a whole number of 1 or more".to_owned(),
    };
    match document.get("version").and_then(Value::as_u64) {
        None | Some(0) => Err(invalid_version()),
        Some(found) if found > u64::from(BACKUP_VERSION) => Err(ImportError::NewerVersion {
            found,
            supported: BACKUP_VERSION,
        }),
        Some(_) => Ok(()),
    }
}

fn check_consistency(backup: &Backup) -> Result<(), ImportError> {
    let owner = &backup.workspace.id;
    let negative = |path: String, value: i64| {
        (value < 0).then(|| ImportError::InvalidField {
            path,
            detail: "a time cannot be negative".into(),
        })
    };
    let times = [
        ("exported_at", backup.exported_at),
        ("workspace.created_at", backup.workspace.created_at),
        ("workspace.updated_at", backup.workspace.updated_at),
    ];
    if let Some(error) = times
        .iter()
        .find_map(|(path, value)| negative((*path).to_owned(), *value))
    {
        return Err(error);
    }
    let mut seen = HashSet::new();
    let mut seen_changes = HashSet::new();
    for (i, record) in backup.records.iter().enumerate() {
        if &record.workspace != owner {
            return Err(ImportError::ForeignWorkspace {
                path: format!("records[{i}].workspace"),
            });
        }
        if let Some(error) = negative(format!("records[{i}].updated_at"), record.updated_at) {
            return Err(error);
        }
        if !seen.insert((&record.kind, &record.id)) {
            return Err(ImportError::DuplicateRecord {
                kind: record.kind.clone(),
                id: record.id.clone(),
            });
        }
    }
    for (i, change) in backup.changes.iter().enumerate() {
        if &change.workspace != owner {
            return Err(ImportError::ForeignWorkspace {
                path: format!("changes[{i}].workspace"),
            });
        }
        if let Err(detail) = check_field_name(&change.field) {
            return Err(ImportError::InvalidField {
                path: format!("changes[{i}].field"),
                detail,
            });
        }
        if !seen_changes.insert(change.clock.clone()) {
            return Err(ImportError::DuplicateChange { id: change.id() });
        }
    }
    check_record_bodies(backup)
}

/// Every record is read as its kind would be. Frameworks go first: a catalogue is built from
/// them, and the assessments are read against it.
fn check_record_bodies(backup: &Backup) -> Result<(), ImportError> {
    let framework = crate::framework::framework_kind();
    let (frameworks, others): (Vec<_>, Vec<_>) = backup
        .records
        .iter()
        .enumerate()
        .partition(|(_, r)| r.kind == framework);
    let mut imported = Vec::new();
    let mut catalogue = Catalogue::builtin();
    for (stage, records) in [frameworks, others].into_iter().enumerate() {
        if stage == 1 {
            catalogue = Catalogue::with_imported(std::mem::take(&mut imported));
        }
        for (i, record) in records {
            if let Some(detail) = record.clocks.keys().find_map(|f| check_field_name(f).err()) {
                return Err(ImportError::InvalidField {
                    path: format!("records[{i}].clocks"),
                    detail,
                });
            }
            validate_record(record, &catalogue).map_err(|error| ImportError::DamagedRecord {
                path: format!("records[{i}]"),
                error,
            })?;
            // Deleted frameworks count too: an assessment of a framework deleted later must
            // restore from the workspace's own backup.
            if record.kind == framework
                && let Ok(read) = Framework::read(record, &())
            {
                imported.push(read);
            }
        }
    }
    Ok(())
}

/// serde_path_to_error writes the document itself as ".", which means nothing to a user.
fn describe_path(path: &str) -> String {
    if path == "." {
        "the top level".to_owned()
    } else {
        path.to_owned()
    }
}

/// `52428800` as `52,428,800`.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// serde's messages end in " at line L column C", meaningless once the path is known; a final
/// period is dropped too, as the detail is set inside a sentence of ours.
fn strip_position(detail: &str) -> String {
    let detail = match detail.rfind(" at line ") {
        Some(at) => &detail[..at],
        None => detail,
    };
    detail.trim_end_matches('.').to_owned()
}

/// The name in lowercase with every run of other characters (spaces, punctuation, emoji, marks)
/// as one '-'. Letters of any script are kept: a name in Greek or Japanese should not become
/// an anonymous "workspace"; only letters and digits reach the file system.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "workspace".to_owned()
    } else {
        slug.to_owned()
    }
}

/// `YYYY-MM-DD` (UTC) of a Unix-millisecond time.
pub(crate) fn iso_date(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[doc(hidden)]
pub mod archive;
pub mod bench;
#[cfg(test)]
mod tests;
