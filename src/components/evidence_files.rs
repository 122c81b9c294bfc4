//! The evidence files of one record: each with its size, when it was added and its SHA-256 (so
//! a copy can be checked), opened from this device — offline too — or taken off after a
//! confirmation; and a file picker that attaches one (10 MiB at most, said before choosing).

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;

use praxis_core::evidence::{EvidenceFile, MAX_FILE_BYTES, Sha256};
use praxis_core::isms::action::Serves;
use praxis_core::{RecordType, WorkspaceId};
use praxis_store::Store;

use crate::actions::evidence as actions;
use crate::browser;
use crate::routes::changes::read_or_empty;
use crate::state::{Tone, use_app_state};

/// The open workspace's evidence files, read again whenever one changes.
pub fn use_evidence() -> LocalResource<Result<actions::Listed, String>> {
    crate::routes::use_register(&[EvidenceFile::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

/// The SHA-256 of every file this browser holds for the open workspace, read again whenever an
/// evidence record changes (a sync round that fetches a file says so of its records).
fn use_files_here() -> LocalResource<Result<BTreeSet<Sha256>, String>> {
    crate::routes::use_register(&[EvidenceFile::KIND], |state, workspace| async move {
        let hashes = state.store().file_hashes(&workspace).await;
        hashes.map(BTreeSet::from_iter).map_err(|e| e.to_string())
    })
}

/// "812 bytes", "40.2 kB", "3.1 MB".
fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} bytes"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1_000.0),
        b => format!("{:.1} MB", b as f64 / 1_000_000.0),
    }
}

#[component]
pub fn EvidenceFiles(workspace: WorkspaceId, of: Serves) -> impl IntoView {
    let state = use_app_state();
    let all = read_or_empty(use_evidence());
    let here_now = use_files_here();
    let here = move |sha256: &Sha256| {
        here_now.with(|read| {
            read.as_ref()
                .is_none_or(|read| read.as_ref().is_ok_and(|here| here.contains(sha256)))
        })
    };
    let hub = crate::sync::hub::use_sync();
    let shared = move || hub.connection.with(Option::is_some);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let own = of.clone();
    let mine = Memo::new(move |_| {
        all.with(|all| {
            all.iter()
                .filter(|f| f.of == own)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let attach_to = workspace.clone();
    let on_file = move |ev: leptos::ev::Event| {
        let chosen: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = chosen.files().and_then(|files| files.get(0)) else {
            return;
        };
        let (workspace, of) = (attach_to.clone(), of.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::attach(state, &workspace, of, file).await {
                Ok(file) => {
                    error.set(None);
                    state.notify(Tone::Success, format!("“{}” attached.", file.name));
                }
                Err(problem) => error.set(Some(problem)),
            }
            if let Some(input) = input.get_untracked() {
                input.set_value("");
            }
            busy.set(false);
        });
    };
    let rows = move || {
        mine.get()
            .into_iter()
            .map(|file| {
                let (open_in, remove_in) = (workspace.clone(), workspace.clone());
                let (opened, removed) = (file.clone(), file.clone());
                let open = move |_| {
                    let (workspace, file) = (open_in.clone(), opened.clone());
                    spawn_local(async move {
                        if let Err(problem) = actions::open(state, &workspace, &file).await {
                            error.set(Some(problem));
                        }
                    });
                };
                let remove = move |_| {
                    let question = format!("Take “{}” off this record?", removed.name);
                    if !browser::confirm(&question) {
                        return;
                    }
                    let (workspace, id) = (remove_in.clone(), removed.id.clone());
                    spawn_local(async move {
                        match actions::remove(state, &workspace, &id).await {
                            Ok(()) => state.notify(Tone::Success, "File taken off."),
                            Err(problem) => error.set(Some(problem)),
                        }
                    });
                };
                let absent = if here(&file.sha256) {
                    None
                } else if shared() {
                    Some("Attached on another device: it arrives with a sync once that device has shared it.")
                } else {
                    Some("Attached on another device, and not in the backup restored here.")
                };
                let name = match absent {
                    None => view! { <button type="button" class="link-button" on:click=open>{file.name.clone()}</button> }.into_any(),
                    Some(_) => view! { <span>{file.name.clone()}</span> }.into_any(),
                };
                view! {
                    <li class="evidence-file">
                        {name}
                        <span class="hint">{format!(" · {} · added {}", size_text(file.size), browser::short_time(file.added_at))}</span>
                        {absent.map(|why| view! {
                            <br /><span class="pill warn" data-testid="evidence-absent">"Not on this device yet"</span>
                            <span class="hint">" "{why}</span>
                        })}
                        <br />
                        <span class="hint">"SHA-256 "</span><code class="sha" data-testid="evidence-sha">{file.sha256.to_string()}</code>
                        " "
                        <button type="button" class="link-button" disabled=move || state.read_only.get()
                            on:click=remove>"Take off"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="evidence-title">
            <h2 id="evidence-title">"Evidence files"</h2>
            <Show when=move || mine.with(Vec::is_empty)>
                <p class="muted">"No files yet. Attach what shows this record's work: a report, a scan, an export."</p>
            </Show>
            <ul class="plain-list" data-testid="evidence-files">{rows}</ul>
            <Show when=move || !state.read_only.get()>
                <div class="field">
                    <label for="evidence-file">{move || format!(
                        "Attach a file (at most {} MiB; kept in this browser, opened offline{})",
                        MAX_FILE_BYTES / 1_048_576,
                        if shared() { ", shared with the workspace's members when it syncs" } else { "" },
                    )}</label>
                    <input id="evidence-file" type="file" node_ref=input on:change=on_file.clone()
                        disabled=move || busy.get() aria-describedby="evidence-error" />
                </div>
            </Show>
            <p id="evidence-error" class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
