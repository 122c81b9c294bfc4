//! Frameworks users import (their own, or a standard's outline with text they hold a licence
//! for), kept as records of the workspace; and export of any framework.

use praxis_core::framework::{
    Catalogue, Framework, framework_kind, framework_record_id, licensed_text, parse_framework,
};
use praxis_core::{RecordId, RecordType, Unreadable, WorkspaceId};
use praxis_store::Store;

use serde_json::Value;

use crate::browser;
use crate::state::AppState;

/// The imported frameworks of a workspace, by name, and a message for each damaged one (a
/// damaged framework is reported on its own and never blocks the others).
pub async fn imported(
    state: AppState,
    workspace: &WorkspaceId,
) -> Result<(Vec<Framework>, Vec<Unreadable>), String> {
    let records = state
        .store()
        .records_of_kind(workspace, &framework_kind())
        .await
        .map_err(|e| e.to_string())?;
    let mut list = Vec::new();
    let mut problems = Vec::new();
    for record in &records {
        match Framework::read(record, &()) {
            Ok(framework) => list.push(framework),
            Err(problem) => problems.push(Unreadable::new(record, problem)),
        }
    }
    praxis_core::order::sort_by(&mut list, |a, b| a.name.cmp(&b.name));
    Ok((list, problems))
}

/// The frameworks this workspace can assess: the built-ins and its readable imports.
pub async fn catalogue(state: AppState, workspace: &WorkspaceId) -> Result<Catalogue, String> {
    Ok(Catalogue::with_imported(
        imported(state, workspace).await?.0,
    ))
}

/// What importing a framework file did, or would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// Saved; the text says what (its name, and for licensed text how many items).
    Saved(String),
    /// The workspace already holds a different framework with this id; nothing was saved.
    /// Import again with `replace` to overwrite it.
    WouldReplace { name: String },
}

/// Checks a framework file and saves it. A different framework already held under the same
/// id is only replaced when `replace` is set (the caller asks the person first).
pub async fn import(
    state: AppState,
    workspace: &WorkspaceId,
    text: &str,
    replace: bool,
) -> Result<Imported, String> {
    let framework = parse_framework(text).map_err(|e| format!("{e} Nothing was imported."))?;
    let saved = if framework.is_builtin() {
        // The built-in standard with requirement text the user holds a licence for.
        let texts = licensed_text(&framework).map_err(|e| format!("{e} Nothing was imported."))?;
        format!(
            "{} (your licensed text for {} items)",
            framework.name,
            texts.len()
        )
    } else {
        framework.name.clone()
    };
    let key = Framework::key(workspace, &framework_record_id(&framework.id));
    let stored = state
        .store()
        .record(&key)
        .await
        .map_err(|e| e.to_string())?;
    let before = stored
        .as_ref()
        .filter(|r| !r.deleted)
        .and_then(|r| Framework::read(r, &()).ok());
    if let Some(before) = &before
        && *before != framework
        && !replace
    {
        return Ok(Imported::WouldReplace {
            name: before.name.clone(),
        });
    }
    let mut batch = state.batch()?;
    let before_body = before.map(|b| Value::Object(b.to_body()));
    batch.edit_fields(
        &key,
        before_body.as_ref(),
        &Value::Object(framework.to_body()),
    );
    if stored.is_some_and(|r| r.deleted) {
        // Imported again after a delete: bring the record back.
        batch.restore_record(&key);
    }
    if !batch.is_empty() {
        state
            .write(batch)
            .await
            .map_err(|e| format!("Nothing was imported: {e}"))?;
    }
    Ok(Imported::Saved(saved))
}

/// Deletes the framework record `id` (also one too damaged to read).
pub async fn delete(state: AppState, workspace: &WorkspaceId, id: &RecordId) -> Result<(), String> {
    let key = Framework::key(workspace, id);
    super::delete_record(state, &key, "This framework no longer exists.").await
}

pub fn export(framework: &Framework) -> Result<String, String> {
    let name = framework.file_name();
    browser::download(&name, "application/json", &framework.to_json())?;
    Ok(name)
}

/// Licensed requirement text imported for the built-in frameworks, keyed `framework/item`.
pub async fn licensed_texts(
    state: AppState,
    workspace: &WorkspaceId,
) -> Result<std::collections::HashMap<String, String>, String> {
    let mut texts = std::collections::HashMap::new();
    for framework in imported(state, workspace)
        .await?
        .0
        .iter()
        .filter(|f| f.is_builtin())
    {
        let found = licensed_text(framework).map_err(|e| e.to_string())?;
        texts.extend(
            found
                .into_iter()
                .map(|(item, text)| (format!("{}/{item}", framework.id), text)),
        );
    }
    Ok(texts)
}
