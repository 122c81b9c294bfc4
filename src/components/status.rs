//! Header status: whether the browser is online and where data is kept. Sync with a server
//! comes later; until then the honest status is "on this device".

use leptos::ev;
use leptos::prelude::*;

use crate::browser;
use crate::state::use_app_state;

#[component]
pub fn StatusArea() -> impl IntoView {
    let state = use_app_state();
    let online = RwSignal::new(browser::is_online());
    let _ = window_event_listener(ev::online, move |_| online.set(true));
    let _ = window_event_listener(ev::offline, move |_| online.set(false));

    let storage = move || match (state.memory_only.get(), state.pending_saves.get()) {
        (Some(_), _) => ("warn", "Not saved: storage blocked"),
        (None, 0) => ("ok", "Saved on this device"),
        (None, _) => ("busy", "Saving…"),
    };
    // Leaving while a save is still running would lose it: let the browser ask first.
    let _ = window_event_listener(
        ev::beforeunload,
        move |event: web_sys::BeforeUnloadEvent| {
            if state.pending_saves.get_untracked() > 0 {
                event.prevent_default();
                event.set_return_value("Changes are still being saved.");
            }
        },
    );
    view! {
        <div class="status" role="status" aria-label="Connection and storage status">
            <span class="pill" class:warn=move || !online.get()>
                {move || if online.get() { "Online" } else { "Offline" }}
            </span>
            <span class="pill" class:warn=move || storage().0 == "warn" title="Sync with a server is not set up; everything stays in this browser.">
                {move || storage().1}
            </span>
        </div>
    }
}
