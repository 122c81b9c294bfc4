//! Evidence files: list them, attach one to a record (its bytes and its record in one write),
//! open one from this device's copy (offline too, checked against its SHA-256 first), and take
//! one off a record.

use praxis_core::evidence::{EvidenceFile, MAX_FILE_BYTES};
use praxis_core::isms::action::Serves;
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use praxis_store::Store;
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

/// The workspace's evidence files that read, newest first, and the damaged ones.
pub type Listed = (Vec<EvidenceFile>, Vec<Unreadable>);

pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let (mut files, damaged) = super::list_typed::<EvidenceFile>(state, workspace).await?;
    praxis_core::order::sort_by_key(&mut files, |f| std::cmp::Reverse(f.added_at));
    Ok((files, damaged))
}

/// Attaches `file` to the record `of`: its bytes and its record are written together or not at
/// all. Refused, with the limit, above [`MAX_FILE_BYTES`] before anything is read.
pub async fn attach(
    state: AppState,
    workspace: &WorkspaceId,
    of: Serves,
    file: web_sys::File,
) -> Result<EvidenceFile, String> {
    if file.size() > MAX_FILE_BYTES as f64 {
        return Err(format!(
            "Nothing was attached: “{}” has {:.1} MiB, and an evidence file can have at most {} MiB.",
            file.name(),
            file.size() / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ));
    }
    let bytes = browser::read_file_bytes(&file).await?;
    let id = super::new_record_id()?;
    let record = EvidenceFile::of_bytes(
        id.clone(),
        of,
        &file.name(),
        &file.type_(),
        &bytes,
        browser::now_ms(),
    )
    .map_err(|(_, problem)| format!("Nothing was attached: {problem}"))?;
    let mut batch = state.batch()?;
    batch.put_file(workspace, bytes);
    batch.edit_fields(
        &EvidenceFile::key(workspace, &id),
        None,
        &Value::Object(record.to_body()),
    );
    state
        .write(batch)
        .await
        .map_err(|e| format!("Nothing was attached: {e}"))?;
    Ok(record)
}

/// Opens (downloads) the file from this device's copy, after checking it is the file its
/// record names.
pub async fn open(
    state: AppState,
    workspace: &WorkspaceId,
    file: &EvidenceFile,
) -> Result<(), String> {
    let bytes = state
        .store()
        .file(workspace, &file.sha256)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("This device does not hold the file yet: it was attached on another device.")?;
    if !file.matches(&bytes) {
        return Err("The copy on this device is not the file that was attached (its SHA-256 differs); it was not opened.".to_owned());
    }
    let media_type = if file.media_type.is_empty() {
        "application/octet-stream"
    } else {
        &file.media_type
    };
    browser::download_bytes(&file.name, media_type, &bytes)
}

/// Takes a file off its record (the record is deleted; history keeps what it was).
pub async fn remove(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    super::delete_record(
        state,
        &EvidenceFile::key(workspace, id),
        "This file is no longer attached.",
    )
    .await
}
