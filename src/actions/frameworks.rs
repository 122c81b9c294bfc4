//! Frameworks users import (their own, or a standard's outline with text they hold a licence
//! for), kept as records of the workspace; and export of any framework.

use praxis_core::framework::{
    Framework, framework_kind, framework_record_id, licensed_text, parse_framework,
};
use praxis_core::{RecordError, RecordId, RecordType, WorkspaceId};
use praxis_store::Store;

use crate::browser;
use crate::state::AppState;

/// The imported frameworks of a workspace, by name, and a message for each damaged one (a
/// damaged framework is reported on its own and never blocks the others).
pub async fn imported(
    state: AppState,
    workspace: &WorkspaceId,
) -> Result<(Vec<Framework>, Vec<RecordError>), String> {
    let records = state
        .store()
        .records_of_kind(workspace, &framework_kind())
        .await
        .map_err(|e| e.to_string())?;
    let mut list = Vec::new();
    let mut problems = Vec::new();
    for record in &records {
        match Framework::read(record) {
            Ok(framework) => list.push(framework),
            Err(problem) => problems.push(problem),
        }
    }
    list.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((list, problems))
}

/// The stored copy of a framework, if this workspace holds one.
async fn stored(
    state: AppState,
    workspace: &WorkspaceId,
    framework: &Framework,
) -> Result<Option<Framework>, String> {
    let key = Framework::key(workspace, &framework_record_id(&framework.id));
    let record = state
        .store()
        .record(&key)
        .await
        .map_err(|e| e.to_string())?;
    Ok(record
        .filter(|r| !r.deleted)
        .and_then(|r| Framework::read(&r).ok()))
}

/// Checks a framework file and saves it; returns its name. A framework with the same id is
/// replaced (the caller asks first).
pub async fn import(
    state: AppState,
    workspace: &WorkspaceId,
    text: &str,
) -> Result<String, String> {
    let framework = parse_framework(text).map_err(|e| format!("{e} Nothing was imported."))?;
    if framework.is_builtin() {
        // The built-in standard with requirement text the user holds a licence for.
        let texts = licensed_text(&framework).map_err(|e| format!("{e} Nothing was imported."))?;
        let before = stored(state, workspace, &framework).await?;
        let id = framework_record_id(&framework.id);
        super::save_typed(
            state,
            workspace,
            &id,
            before.as_ref(),
            &framework,
            "Nothing was imported",
        )
        .await?;
        return Ok(format!(
            "{} (your licensed text for {} items)",
            framework.name,
            texts.len()
        ));
    }
    let before = stored(state, workspace, &framework).await?;
    let id = framework_record_id(&framework.id);
    super::save_typed(
        state,
        workspace,
        &id,
        before.as_ref(),
        &framework,
        "Nothing was imported",
    )
    .await?;
    Ok(framework.name)
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
