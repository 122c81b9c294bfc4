//! What the user can do to their data, as async functions over [`AppState`]. Each builds one
//! [`WriteBatch`] from `praxis_core` and applies it whole; errors come back as user-facing text.

use std::collections::{BTreeMap, BTreeSet};

use praxis_core::itsm::workflow::Stepped;
use praxis_core::{
    APP_VERSION, Backup, RecordId, RecordKey, RecordType, Unreadable, WorkspaceId, WorkspaceName,
    WorkspaceProfile, WriteBatch, profile_id,
};
use praxis_store::Store;
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

pub mod action_items;
pub mod agreements;
pub mod assessments;
pub mod changes;
pub mod continuity;
pub mod contracts;
pub mod documents;
pub mod evidence;
pub mod frameworks;
pub mod items;
pub mod kept;
pub mod nonconformities;
pub mod objectives;
pub mod problems;
pub mod releases;
pub mod risks;
pub mod services;
pub mod soa;
pub mod suppliers;
pub mod tickets;

/// Saves the fields of `after` that differ from `before` (what the page last read; `None` for
/// a new record). Only those fields are written, each merged into the record as stored, so an
/// edit made meanwhile in another tab or on another device to another field is kept; a long
/// text rewritten meanwhile elsewhere is kept beside this one unless the person saw it
/// (`started_from`: the text they began from where it is not `before`'s).
pub(crate) async fn save_typed<T: RecordType>(
    state: AppState,
    workspace: &WorkspaceId,
    id: &RecordId,
    before: Option<&T>,
    after: &T,
    started_from: &BTreeMap<String, Option<Value>>,
    failure: &str,
) -> Result<(), String> {
    let key = T::key(workspace, id);
    let before = before.map(|b| Value::Object(b.to_body()));
    let mut batch = state.batch()?;
    let after = Value::Object(after.to_body());
    batch.edit_fields_from(&key, before.as_ref(), &after, started_from);
    if batch.is_empty() {
        return Ok(());
    }
    state
        .write(batch)
        .await
        .map(drop)
        .map_err(|e| format!("{failure}: {e}"))
}

/// Writes a new record whole (nothing to merge with yet); `T`'s constructor has checked it.
pub(crate) async fn save_new<T: RecordType>(
    state: AppState,
    workspace: &WorkspaceId,
    id: &RecordId,
    record: &T,
) -> Result<(), String> {
    save_typed(
        state,
        workspace,
        id,
        None,
        record,
        &BTreeMap::new(),
        "Nothing was saved",
    )
    .await
}

/// A fresh record id.
pub(crate) fn new_record_id() -> Result<RecordId, String> {
    RecordId::parse(&browser::new_id()).map_err(|e| e.to_string())
}

/// [`save_typed`] for a kind read without context, after checking `after` by the kind's rules
/// (as the server will), so a record that breaks one is refused here with the rule in words.
pub(crate) async fn save_checked<T: RecordType<Context = ()>>(
    state: AppState,
    workspace: &WorkspaceId,
    id: &RecordId,
    before: &T,
    after: &T,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    T::from_body(id, &after.to_body(), &())
        .map_err(|(_, problem)| format!("Nothing was saved: {problem}"))?;
    save_typed(
        state,
        workspace,
        id,
        Some(before),
        after,
        started_from,
        "Nothing was saved",
    )
    .await
}

/// Takes `shown` (the record as the page shows it, with any fields typed) one step to `to`,
/// now, and saves what changed from `before` (what the page last read): the new state, one new
/// step field and the typed fields, checked by the kind's rules.
pub(crate) async fn take_step<T: RecordType<Context = ()> + Stepped>(
    state: AppState,
    workspace: &WorkspaceId,
    id: &RecordId,
    before: &T,
    shown: &T,
    to: T::State,
) -> Result<(), String> {
    let mut after = shown.clone();
    after
        .step(to, new_record_id()?, browser::now_ms())
        .map_err(|e| format!("Nothing was saved: {e}"))?;
    save_checked(state, workspace, id, before, &after, &BTreeMap::new()).await
}

/// Every record of kind `T` in the workspace, read as `T`; damaged ones are reported on their own,
/// never hiding the others.
pub(crate) async fn list_typed<T: RecordType<Context = ()>>(
    state: AppState,
    workspace: &WorkspaceId,
) -> Result<(Vec<T>, Vec<Unreadable>), String> {
    let records = state
        .store()
        .records_of_kind(workspace, &T::kind())
        .await
        .map_err(|e| e.to_string())?;
    let mut read = Vec::with_capacity(records.len());
    let mut damaged = Vec::new();
    for record in &records {
        match T::read(record, &()) {
            Ok(value) => read.push(value),
            Err(problem) => damaged.push(Unreadable::new(record, problem)),
        }
    }
    Ok((read, damaged))
}

/// [`list_typed`], ordered by `name` ignoring case (records of one name stay in the store's
/// order, by id).
pub(crate) async fn list_by_name<T: RecordType<Context = ()>>(
    state: AppState,
    workspace: &WorkspaceId,
    name: fn(&T) -> &str,
) -> Result<(Vec<T>, Vec<Unreadable>), String> {
    let (mut read, damaged) = list_typed::<T>(state, workspace).await?;
    praxis_core::order::sort_by(&mut read, |a, b| {
        name(a).to_lowercase().cmp(&name(b).to_lowercase())
    });
    Ok((read, damaged))
}

/// Deletes a record (it stays as a tombstone, so other devices learn of the delete);
/// `missing` is the message when it is already gone.
pub(crate) async fn delete_record(
    state: AppState,
    key: &RecordKey,
    missing: &str,
) -> Result<(), String> {
    delete_with(state, key, missing, |_| {}).await
}

/// [`delete_record`], with what `unlink` adds to the same write (the records that named it,
/// unlinked: see [`unlink_in`]).
pub(crate) async fn delete_with(
    state: AppState,
    key: &RecordKey,
    missing: &str,
    unlink: impl FnOnce(&mut WriteBatch),
) -> Result<(), String> {
    let exists = state
        .store()
        .record(key)
        .await
        .map_err(|e| e.to_string())?
        .is_some_and(|r| !r.deleted);
    if !exists {
        return Err(missing.to_owned());
    }
    let mut batch = state.batch()?;
    unlink(&mut batch);
    batch.delete_record(key);
    state
        .write(batch)
        .await
        .map(drop)
        .map_err(|e| format!("Nothing was deleted: {e}"))
}

/// Adds to `batch` each of `records` (as last read) whose `links` name `id`, without that link.
pub(crate) fn unlink_in<T: RecordType + Clone>(
    batch: &mut WriteBatch,
    workspace: &WorkspaceId,
    records: &[T],
    id: &RecordId,
    id_of: fn(&T) -> &RecordId,
    links: fn(&mut T) -> &mut BTreeSet<RecordId>,
) {
    for record in records {
        let mut unlinked = record.clone();
        if !links(&mut unlinked).remove(id) {
            continue;
        }
        batch.edit_fields(
            &T::key(workspace, id_of(record)),
            Some(&Value::Object(record.to_body())),
            &Value::Object(unlinked.to_body()),
        );
    }
}

/// Downloads a record exactly as stored (also one too damaged to read); returns the file name.
pub async fn export_raw_record(state: AppState, key: &RecordKey) -> Result<String, String> {
    let record = state
        .store()
        .record(key)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("This record no longer exists.")?;
    let text = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
    let file_name = format!("praxis-{}-{}.json", key.kind, key.id);
    browser::download(&file_name, "application/json", &text)?;
    Ok(file_name)
}

/// How an imported backup meets a workspace that already exists with the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// The workspace is new here: add it.
    New,
    /// Delete the existing workspace and put the backup in its place.
    Replace,
    /// Keep the existing one and add the backup under a new id and name.
    Copy,
}

fn saved<E: std::fmt::Display>(error: E) -> String {
    format!("Nothing was saved: {error}")
}

pub async fn create_workspace(state: AppState, name: &str) -> Result<WorkspaceId, String> {
    let name = WorkspaceName::parse(name).map_err(|e| e.to_string())?;
    let id = WorkspaceId::parse(&browser::new_id()).map_err(|e| e.to_string())?;
    let workspace = praxis_core::Workspace::new(id.clone(), name, browser::now_ms());
    let mut batch = state.batch()?;
    batch.save_workspace(None, workspace);
    state.write(batch).await.map_err(saved)?;
    state.select(Some(id.clone()));
    Ok(id)
}

pub async fn rename_workspace(state: AppState, id: &WorkspaceId, name: &str) -> Result<(), String> {
    let name = WorkspaceName::parse(name).map_err(|e| e.to_string())?;
    let store = state.store();
    let before = store
        .workspace(id)
        .await
        .map_err(saved)?
        .ok_or("This workspace no longer exists (was it deleted in another tab?).")?;
    let after = before.renamed(name, browser::now_ms());
    let mut batch = state.batch()?;
    batch.save_workspace(Some(&before), after);
    state.write(batch).await.map(drop).map_err(saved)
}

pub async fn delete_workspace(state: AppState, id: &WorkspaceId) -> Result<(), String> {
    let mut batch = state.batch()?;
    batch.delete_workspace(id.clone());
    state
        .write(batch)
        .await
        .map(drop)
        .map_err(|e| format!("Nothing was deleted: {e}"))
}

/// Everything in a workspace, as a backup.
pub async fn backup_of(state: AppState, id: &WorkspaceId) -> Result<Backup, String> {
    let store = state.store();
    let workspace = store
        .workspace(id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("This workspace no longer exists.")?;
    let records = store.all_records(id).await.map_err(|e| e.to_string())?;
    let changes = store.changes(id).await.map_err(|e| e.to_string())?;
    Ok(Backup::new(
        workspace,
        records,
        changes,
        browser::now_ms(),
        APP_VERSION,
    ))
}

/// Downloads a backup of the workspace — its JSON, or an archive of the JSON and the evidence
/// files when it holds any; returns the file name.
pub async fn export_workspace(state: AppState, id: &WorkspaceId) -> Result<String, String> {
    let backup = backup_of(state, id).await?;
    let file_name = backup.file_name();
    let store = state.store();
    // Only the files live records name: one taken off every record stays behind.
    let named = praxis_core::backup::archive::named_files(&backup);
    let mut hashes = store.file_hashes(id).await.map_err(|e| e.to_string())?;
    hashes.retain(|hash| named.contains(hash));
    if hashes.is_empty() {
        browser::download(&file_name, "application/json", &backup.to_json())?;
        return Ok(file_name);
    }
    let mut files = BTreeMap::new();
    for hash in hashes {
        if let Some(bytes) = store.file(id, &hash).await.map_err(|e| e.to_string())? {
            files.insert(hash, bytes);
        }
    }
    let archive = praxis_core::backup::archive::write_archive(&backup, &files);
    let file_name = format!("{}.zip", file_name.trim_end_matches(".json"));
    browser::download_bytes(&file_name, "application/zip", &archive)?;
    Ok(file_name)
}

/// A name for an imported copy, kept within the name limit.
fn copy_name(original: &WorkspaceName) -> WorkspaceName {
    const SUFFIX: &str = " (imported copy)";
    let limit = 80 - SUFFIX.chars().count();
    let stem: String = original.as_str().chars().take(limit).collect();
    WorkspaceName::parse(&format!("{}{SUFFIX}", stem.trim_end()))
        .unwrap_or_else(|_| original.clone())
}

/// Imports a checked backup with its evidence files' bytes (by hash), all in one write.
pub async fn import_backup(
    state: AppState,
    backup: Backup,
    files: BTreeMap<praxis_core::evidence::Sha256, Vec<u8>>,
    mode: ImportMode,
) -> Result<WorkspaceId, String> {
    let backup = match mode {
        ImportMode::Copy => {
            let id = WorkspaceId::parse(&browser::new_id()).map_err(|e| e.to_string())?;
            let name = copy_name(&backup.workspace.name);
            backup.with_new_identity(id, name)
        }
        ImportMode::New | ImportMode::Replace => backup,
    };
    let id = backup.workspace.id.clone();
    let template = state.batch()?;
    let mut batch = backup.into_batch(
        mode == ImportMode::Replace,
        template.actor().clone(),
        template.now_ms(),
    );
    for bytes in files.into_values() {
        batch.put_file(&id, bytes);
    }
    state
        .write(batch)
        .await
        .map_err(|e| format!("Nothing was imported: {e}"))?;
    state.select(Some(id.clone()));
    Ok(id)
}

/// A workspace's one record of kind `T` under `id` (its defaults when none was saved yet).
pub(crate) async fn singleton<T: RecordType<Context = ()> + Default>(
    state: AppState,
    workspace: &WorkspaceId,
    id: &RecordId,
) -> Result<T, String> {
    let key = T::key(workspace, id);
    match state
        .store()
        .record(&key)
        .await
        .map_err(|e| e.to_string())?
    {
        Some(record) if !record.deleted => T::read(&record, &()).map_err(|e| e.to_string()),
        _ => Ok(T::default()),
    }
}

/// The workspace's profile (empty when none was saved yet).
pub async fn profile(state: AppState, id: &WorkspaceId) -> Result<WorkspaceProfile, String> {
    singleton(state, id, &profile_id()).await
}

/// Saves what changed between the profile the form was opened with and the one submitted;
/// `started_from` names scopes the person began typing from another text than `before`'s.
pub async fn save_profile(
    state: AppState,
    id: &WorkspaceId,
    before: &WorkspaceProfile,
    after: &WorkspaceProfile,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    save_typed(
        state,
        id,
        &profile_id(),
        Some(before),
        after,
        started_from,
        "Nothing was saved",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_name_stays_within_the_limit() {
        let long = WorkspaceName::parse(&"x".repeat(80)).unwrap();
        let copy = copy_name(&long);
        assert_eq!(copy.as_str().chars().count(), 80);
        assert!(copy.as_str().ends_with(" (imported copy)"));
        let short = WorkspaceName::parse("Acme").unwrap();
        assert_eq!(copy_name(&short).as_str(), "Acme (imported copy)");
    }
}
