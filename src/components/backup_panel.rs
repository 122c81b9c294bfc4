//! Backup and restore: export a workspace to a JSON file (an archive with its evidence files
//! when it holds any), import either back. An import is checked
//! completely before anything is written, and the user sees what it holds before choosing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

use praxis_core::backup::archive::{Archived, MAX_ARCHIVE_BYTES, read_any};
use praxis_core::evidence::Sha256;
use praxis_core::{Backup, WorkspaceId};
use wasm_bindgen::JsCast;

use crate::actions::{self, ImportMode};
use crate::browser;
use crate::state::{AppState, Tone, use_app_state};

/// A checked backup waiting for the user's decision.
#[derive(Debug, Clone)]
struct PendingImport {
    backup: Backup,
    /// The evidence files' bytes an archive carries, by hash (checked against it).
    files: BTreeMap<Sha256, Vec<u8>>,
    /// The evidence files its records name that it does not hold.
    missing: Vec<String>,
    /// The name of the local workspace with the same id, if there is one.
    existing_name: Option<String>,
}

async fn check_file(state: AppState, file: web_sys::File) -> Result<PendingImport, String> {
    let size = file.size();
    if size > MAX_ARCHIVE_BYTES as f64 {
        return Err(format!(
            "This file is {:.1} MB; a Praxis backup archive can be at most {} MB. Nothing was imported.",
            size / 1_048_576.0,
            MAX_ARCHIVE_BYTES / 1_048_576
        ));
    }
    let bytes = browser::read_file_bytes(&file).await?;
    let Archived {
        backup,
        files,
        missing,
    } = read_any(&bytes).map_err(|e| format!("{e} Nothing was imported."))?;
    let existing_name = state.workspaces.with_untracked(|list| {
        list.iter()
            .find(|w| w.id == backup.workspace.id)
            .map(|w| w.name.to_string())
    });
    Ok(PendingImport {
        backup,
        files,
        missing,
        existing_name,
    })
}

/// Downloads a backup of the workspace and tells the user how it went.
pub fn download_backup(state: AppState, id: WorkspaceId) {
    spawn_local(async move {
        match actions::export_workspace(state, &id).await {
            Ok(file) => state.notify(Tone::Success, format!("Backup downloaded as {file}.")),
            Err(problem) => state.notify(Tone::Error, format!("Backup failed: {problem}")),
        }
    });
}

#[component]
pub fn BackupPanel() -> impl IntoView {
    let state = use_app_state();
    let pending = RwSignal::new(None::<PendingImport>);
    let error = RwSignal::new(None::<String>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let reset_input = move || {
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        pending.set(None);
        error.set(None);
        spawn_local(async move {
            match check_file(state, file).await {
                Ok(checked) => pending.set(Some(checked)),
                Err(problem) => {
                    error.set(Some(problem));
                    reset_input();
                }
            }
        });
    };
    let import = move |mode: ImportMode| {
        let Some(checked) = pending.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let name = checked.backup.workspace.name.to_string();
            match actions::import_backup(state, checked.backup, checked.files, mode).await {
                Ok(_) => {
                    pending.set(None);
                    reset_input();
                    state.notify(
                        Tone::Success,
                        format!("Imported “{name}”. It is now the open workspace."),
                    );
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    let cancel = move |_| {
        pending.set(None);
        reset_input();
    };
    let export_current = move |_| {
        if let Some(id) = state.current.get_untracked() {
            download_backup(state, id);
        }
    };

    view! {
        <section class="card" aria-labelledby="backup-title">
            <h2 id="backup-title">"Backup and restore"</h2>
            <p class="muted">
                "A backup is one file with everything in a workspace: JSON, or a .zip archive of the JSON and the evidence files when it holds any (each file checked by its SHA-256 when restored). Keep it somewhere safe: this browser is the only other copy."
            </p>
            <div class="button-row">
                <button
                    type="button"
                    class="primary"
                    on:click=export_current
                    disabled=move || state.current.with(Option::is_none)
                >
                    {move || match state.current_workspace() {
                        Some(w) => format!("Download backup of “{}”", w.name),
                        None => "Download backup".to_owned(),
                    }}
                </button>
            </div>
            <div class="field">
                <label for="import-file">"Restore from a backup file"</label>
                <input
                    id="import-file"
                    type="file"
                    accept=".json,.zip,application/json,application/zip"
                    node_ref=file_input
                    on:change=on_file
                    aria-describedby="import-error"
                />
            </div>
            <div id="import-error" class="field-error" role="alert">
                {move || error.get()}
            </div>
            {move || {
                pending
                    .get()
                    .map(|checked| {
                        let summary = checked.backup.summary();
                        view! {
                            <div class="import-preview" role="region" aria-label="Backup to import">
                                <p>
                                    <strong>{format!("“{}”", summary.workspace_name)}</strong>
                                    {format!(
                                        " — exported {}, {} records, {} recorded changes.",
                                        browser::format_time(summary.exported_at),
                                        summary.records,
                                        summary.changes,
                                    )}
                                </p>
                                {(!checked.missing.is_empty()).then(|| view! {
                                    <p class="hint" data-testid="import-missing-files">{format!(
                                        "{} evidence files its records name are not in it (the device that made it did not hold them yet): {}. They show as not on this device until they arrive.",
                                        checked.missing.len(),
                                        checked.missing.join(", ")
                                    )}</p>
                                })}
                                {match checked.existing_name {
                                    None => view! {
                                        <div class="button-row">
                                            <button type="button" class="primary" on:click=move |_| import(ImportMode::New)>"Import workspace"</button>
                                            <button type="button" on:click=cancel>"Cancel"</button>
                                        </div>
                                    }.into_any(),
                                    Some(existing) => view! {
                                        <p>{format!("This backup is of a workspace you already have here: “{existing}”. Replacing it discards what it holds now.")}</p>
                                        <div class="button-row">
                                            <button type="button" class="danger" on:click=move |_| import(ImportMode::Replace)>
                                                {format!("Replace “{existing}”")}
                                            </button>
                                            <button type="button" class="primary" on:click=move |_| import(ImportMode::Copy)>"Import as a copy"</button>
                                            <button type="button" on:click=cancel>"Cancel"</button>
                                        </div>
                                    }.into_any(),
                                }}
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// `event.target` as the element type it is known to be.
fn event_target<T: JsCast>(ev: &leptos::ev::Event) -> T {
    ev.target()
        .expect("change events have a target")
        .unchecked_into()
}
