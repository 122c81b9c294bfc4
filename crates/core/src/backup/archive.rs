//! The backup archive: a ZIP of the workspace's backup (`backup.json`, as a JSON-only backup
//! holds it) and each evidence file's bytes under `files/<SHA-256>`. Reading it checks the
//! JSON as [`parse_backup`] does and every file against the hash it is named by, before
//! anything is written, and says which evidence records have no file in it (a device that made
//! the backup may not hold a file attached on another device yet); a JSON-only backup still
//! reads.

use std::collections::{BTreeMap, BTreeSet};

use super::{Backup, ImportError, MAX_BACKUP_BYTES, parse_backup};
use crate::evidence::{EvidenceFile, MAX_FILE_BYTES, Sha256};
use crate::zip::{looks_like_zip, read_stored, write_stored};

/// The entry that holds the backup's JSON.
pub const BACKUP_ENTRY: &str = "backup.json";
/// Where the files are, each named by its SHA-256.
pub const FILES_DIR: &str = "files/";
/// The largest archive accepted (500 MiB), checked before it is read.
pub const MAX_ARCHIVE_BYTES: usize = 500 * 1024 * 1024;

/// A backup with the bytes of its evidence files, by hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Archived {
    pub backup: Backup,
    pub files: BTreeMap<Sha256, Vec<u8>>,
    /// The evidence records whose file is not in it, by name.
    pub missing: Vec<String>,
}

/// The archive of `backup` and those of `files` (their bytes by hash) that its live evidence
/// records name, in a stable order: a file taken off every record it was attached to does not
/// travel on in backups.
pub fn write_archive(backup: &Backup, files: &BTreeMap<Sha256, Vec<u8>>) -> Vec<u8> {
    let json = backup.to_json();
    let named = named_files(backup);
    let kept: Vec<(String, &Vec<u8>)> = files
        .iter()
        .filter(|(hash, _)| named.contains(*hash))
        .map(|(hash, bytes)| (format!("{FILES_DIR}{hash}"), bytes))
        .collect();
    let mut parts: Vec<(&str, &[u8])> = vec![(BACKUP_ENTRY, json.as_bytes())];
    for (name, bytes) in &kept {
        parts.push((name, bytes));
    }
    write_stored(&parts)
}

/// The files the live evidence records of `backup` name.
pub fn named_files(backup: &Backup) -> BTreeSet<Sha256> {
    evidence_of(backup).into_iter().map(|f| f.sha256).collect()
}

/// The evidence records of `backup` that are not deleted.
fn evidence_of(backup: &Backup) -> Vec<EvidenceFile> {
    crate::evidence::live_evidence(&backup.records)
}

/// Reads a backup file of either form: an archive (checked whole) or a JSON-only backup (with
/// no files).
pub fn read_any(bytes: &[u8]) -> Result<Archived, ImportError> {
    if !looks_like_zip(bytes) {
        if bytes.len() > MAX_BACKUP_BYTES {
            return Err(ImportError::TooLarge {
                bytes: bytes.len(),
                max: MAX_BACKUP_BYTES,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
        let backup = parse_backup(text)?;
        let missing = evidence_of(&backup).into_iter().map(|f| f.name).collect();
        return Ok(Archived {
            backup,
            files: BTreeMap::new(),
            missing,
        });
    }
    if bytes.len() > MAX_ARCHIVE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            max: MAX_ARCHIVE_BYTES,
        });
    }
    let entries = read_stored(bytes).map_err(|e| ImportError::BadArchive {
        detail: e.to_string(),
    })?;
    let mut json = None;
    let mut files = BTreeMap::new();
    for (name, data) in entries {
        if name == BACKUP_ENTRY {
            json = Some(data);
            continue;
        }
        let hash = name
            .strip_prefix(FILES_DIR)
            .and_then(|h| Sha256::parse(h).ok())
            .ok_or_else(|| ImportError::UnexpectedEntry { name: name.clone() })?;
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(ImportError::FileTooLarge { name });
        }
        if Sha256::of(&data) != hash {
            return Err(ImportError::FileHashMismatch { name });
        }
        files.insert(hash, data);
    }
    let json = json.ok_or(ImportError::NoBackupInArchive)?;
    let text = std::str::from_utf8(&json).map_err(|_| ImportError::NotText)?;
    let backup = parse_backup(text)?;
    // Files no live record names (an older build backed up files taken off) are left behind.
    let named = named_files(&backup);
    files.retain(|hash, _| named.contains(hash));
    let mut missing = Vec::new();
    for file in evidence_of(&backup) {
        match files.get(&file.sha256) {
            None => missing.push(file.name),
            // Named by the right hash but of another size: the record and the file disagree.
            Some(bytes) if !file.matches(bytes) => {
                return Err(ImportError::RecordDisagrees {
                    name: file.name,
                    sha256: file.sha256.to_string(),
                });
            }
            Some(_) => {}
        }
    }
    Ok(Archived {
        backup,
        files,
        missing,
    })
}
