//! The backup archive: the JSON and the evidence files written and read back exactly; a
//! JSON-only backup still read; files a backup lacks named; every bad archive named, and
//! nothing read from it.

use std::collections::BTreeMap;

use super::*;
use crate::backup::archive::{Archived, BACKUP_ENTRY, read_any, write_archive};
use crate::evidence::{EvidenceFile, Sha256};
use crate::isms::action::Serves;
use crate::zip::write_stored;

const SCAN: &[u8] = b"%PDF-1.7 a scanned access review";

/// The sample workspace with one evidence file, and the file's bytes by hash.
fn with_evidence() -> (Backup, BTreeMap<Sha256, Vec<u8>>) {
    let ws = workspace();
    let mut device = sample_device();
    let file = EvidenceFile::of_bytes(
        RecordId::parse("f1").unwrap(),
        Serves::parse("assessment/a1").unwrap(),
        "access review 2026.pdf",
        "application/pdf",
        SCAN,
        T0 + 3_000,
    )
    .unwrap();
    let mut attached = WriteBatch::new(ada(), T0 + 3_000);
    attached.edit_fields(
        &EvidenceFile::key(&ws.id, &file.id),
        None,
        &Value::Object(file.to_body()),
    );
    device.apply(&attached);
    let files = BTreeMap::from([(file.sha256.clone(), SCAN.to_vec())]);
    (device.backup(&ws), files)
}

#[test]
fn an_archive_reads_back_with_its_files_and_json_only_backups_still_read() {
    let (backup, files) = with_evidence();
    let archive = write_archive(&backup, &files);
    assert_eq!(
        write_archive(&backup, &files),
        archive,
        "the same every time"
    );
    let read = read_any(&archive).unwrap();
    assert_eq!(
        read,
        Archived {
            backup: backup.clone(),
            files,
            missing: vec![]
        }
    );
    let json_only = read_any(sample().to_json().as_bytes()).unwrap();
    assert_eq!(json_only.backup, sample());
    assert!(json_only.files.is_empty() && json_only.missing.is_empty());
    // Made on a device that does not hold the file yet: it reads, and says which is missing.
    let without = read_any(&write_archive(&backup, &BTreeMap::new())).unwrap();
    assert_eq!(without.missing, ["access review 2026.pdf"]);
    let json = read_any(backup.to_json().as_bytes()).unwrap();
    assert_eq!(json.missing, ["access review 2026.pdf"]);
}

#[test]
fn files_no_live_record_names_are_left_out_of_archives_and_left_behind_on_import() {
    let (backup, mut files) = with_evidence();
    let taken_off = b"a file taken off its record".to_vec();
    files.insert(Sha256::of(&taken_off), taken_off.clone());
    let archive = write_archive(&backup, &files);
    assert!(
        !archive
            .windows(taken_off.len())
            .any(|w| w == taken_off.as_slice()),
        "not written"
    );
    assert_eq!(read_any(&archive).unwrap().files.len(), 1);

    // An archive holding one anyway (an older build wrote them) still reads, without it.
    let json = backup.to_json();
    let orphan = format!("files/{}", Sha256::of(&taken_off));
    let named = format!("files/{}", Sha256::of(SCAN));
    let old = write_stored(&[
        (BACKUP_ENTRY, json.as_bytes()),
        (named.as_str(), SCAN),
        (orphan.as_str(), taken_off.as_slice()),
    ]);
    let read = read_any(&old).unwrap();
    assert_eq!(read.files.keys().collect::<Vec<_>>(), [&Sha256::of(SCAN)]);
    assert!(read.missing.is_empty());
}

#[test]
fn every_bad_archive_is_named() {
    let (backup, files) = with_evidence();
    let json = backup.to_json();
    let hash = Sha256::of(SCAN).to_string();
    let file_entry = format!("files/{hash}");
    let refused = |parts: &[(&str, &[u8])]| read_any(&write_stored(parts)).unwrap_err();

    // A file whose bytes are not the ones its name's hash says.
    assert_eq!(
        refused(&[(BACKUP_ENTRY, json.as_bytes()), (&file_entry, b"tampered")]),
        ImportError::FileHashMismatch {
            name: file_entry.clone()
        }
    );
    // A record whose size disagrees with the file its hash names.
    let mut other_size = backup.clone();
    for record in &mut other_size.records {
        if record.kind.as_str() == "evidence_file" {
            record.body["size"] = serde_json::json!(3);
        }
    }
    let other_json = other_size.to_json();
    assert_eq!(
        refused(&[(BACKUP_ENTRY, other_json.as_bytes()), (&file_entry, SCAN)]),
        ImportError::RecordDisagrees {
            name: "access review 2026.pdf".into(),
            sha256: hash.clone()
        }
    );
    // Something else in the archive; no backup in it; a backup that is not text.
    assert_eq!(
        refused(&[(BACKUP_ENTRY, json.as_bytes()), ("notes.txt", b"hi")]),
        ImportError::UnexpectedEntry {
            name: "notes.txt".into()
        }
    );
    assert_eq!(
        refused(&[(&file_entry, SCAN)]),
        ImportError::NoBackupInArchive
    );
    assert_eq!(
        refused(&[(BACKUP_ENTRY, &[0xff, 0xfe])]),
        ImportError::NotText
    );
    // The JSON inside is checked as a JSON-only backup is.
    assert!(matches!(
        refused(&[(BACKUP_ENTRY, b"{\"format\": \"other\"}")]),
        ImportError::NotABackup
    ));
    // A damaged archive: one byte of the file changed under its checksum.
    let mut damaged = write_archive(&backup, &files);
    let at = damaged.windows(SCAN.len()).position(|w| w == SCAN).unwrap();
    damaged[at] ^= 1;
    let error = read_any(&damaged).unwrap_err();
    assert!(matches!(error, ImportError::BadArchive { .. }), "{error}");
    assert!(error.to_string().contains("is damaged"), "{error}");
    // Not UTF-8 and not an archive.
    assert_eq!(
        read_any(&[0xff, 0xfe, 0x00]).unwrap_err(),
        ImportError::NotText
    );
}
