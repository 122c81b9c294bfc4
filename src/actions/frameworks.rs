//! Frameworks users import (their own, or a standard's outline with text they hold a licence
//! for), kept as records of the workspace; and export of any framework.

use praxis_core::framework::{
    Framework, framework_kind, framework_record_id, licensed_text, parse_framework,
};
use praxis_core::{RecordKey, WorkspaceId};
use praxis_store::Store;

use crate::browser;
use crate::state::AppState;

/// The imported frameworks of a workspace, by name.
pub async fn imported(state: AppState, workspace: &WorkspaceId) -> Result<Vec<Framework>, String> {
    let records = state
        .store()
        .records(workspace)
        .await
        .map_err(|e| e.to_string())?;
    let mut list = records
        .iter()
        .filter(|r| r.kind == framework_kind())
        .map(|r| {
            Framework::from_record(r)
                .map_err(|e| format!("Stored framework {} is damaged: {e}", r.id))
        })
        .collect::<Result<Vec<_>, _>>()?;
    list.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(list)
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
        super::put_record(
            state,
            framework.to_record(workspace, browser::now_ms()),
            "Nothing was imported",
        )
        .await?;
        return Ok(format!(
            "{} (your licensed text for {} items)",
            framework.name,
            texts.len()
        ));
    }
    super::put_record(
        state,
        framework.to_record(workspace, browser::now_ms()),
        "Nothing was imported",
    )
    .await?;
    Ok(framework.name)
}

pub async fn delete(
    state: AppState,
    workspace: &WorkspaceId,
    framework_id: &str,
) -> Result<(), String> {
    let key = RecordKey {
        workspace: workspace.clone(),
        kind: framework_kind(),
        id: framework_record_id(framework_id),
    };
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
