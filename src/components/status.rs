//! Header status: whether the browser is online, where data is kept, and the open workspace's
//! sync with its server (nothing when it is not shared).

use leptos::ev;
use leptos::prelude::*;

use crate::browser;
use crate::components::backup_panel::download_backup;
use crate::state::use_app_state;
use crate::sync::hub::use_sync;

#[component]
pub fn StatusArea() -> impl IntoView {
    let state = use_app_state();
    let sync = use_sync();
    // Until a reload, this tab saves nothing (another tab updated Praxis, or it is too old).
    let reload = move || state.upgrade.get().needs_reload();
    let online = RwSignal::new(browser::is_online());
    let _ = window_event_listener(ev::online, move |_| online.set(true));
    let _ = window_event_listener(ev::offline, move |_| online.set(false));

    let storage = move || match (
        state.memory_only.get(),
        state.save_failure.with(Option::is_some),
        state.pending_saves.get(),
    ) {
        (Some(_), _, _) => ("warn", "Not saved: storage blocked"),
        (None, true, _) => ("warn", "Not saved"),
        (None, false, 0) => ("ok", "Saved on this device"),
        (None, false, _) => ("busy", "Saving…"),
    };
    // Leaving with changes queued, failed or typed but not saved would lose them: let the
    // browser ask first.
    let _ = window_event_listener(
        ev::beforeunload,
        move |event: web_sys::BeforeUnloadEvent| {
            let unsaved = state.pending_saves.get_untracked() > 0
                || state.save_failure.with_untracked(Option::is_some)
                || state.unsaved_forms.get_untracked() > 0;
            if unsaved {
                event.prevent_default();
                event.set_return_value("Some changes are not saved yet.");
            }
        },
    );
    let backup = move |_| {
        if let Some(id) = state.current.get_untracked() {
            download_backup(state, id);
        }
    };
    view! {
        <div class="status" role="status" aria-label="Connection and storage status">
            <span class="pill" class:warn=move || !online.get()>
                {move || if online.get() { "Online" } else { "Offline" }}
            </span>
            <span class="pill" class:warn=move || reload() || storage().0 == "warn" title="Where this browser keeps your data: IndexedDB, whether or not a workspace is shared.">
                {move || if reload() { "Reload needed" } else { storage().1 }}
            </span>
            {move || {
                let status = sync.status.get();
                let label = status.label();
                (!label.is_empty()).then(|| view! {
                    <span class="pill" class:warn=status.is_warning() data-testid="sync-pill">{label}</span>
                })
            }}
            {move || state.save_failure.get().map(|reason| view! {
                <span class="save-failure" data-testid="save-failure">
                    {format!("{reason} Your changes are kept on this page and Praxis tries again.")}
                    " "
                    <button type="button" class="link-button" on:click=backup>"Download a backup"</button>
                </span>
            })}
        </div>
    }
}
