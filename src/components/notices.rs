//! Success and error messages, announced to assistive technology.

use leptos::prelude::*;

use crate::state::{Tone, use_app_state};

#[component]
pub fn Notices() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="notices" aria-live="polite">
            <For each=move || state.notices.get() key=|notice| notice.id let:notice>
                <div
                    class="notice"
                    class:error=notice.tone == Tone::Error
                    role=if notice.tone == Tone::Error { "alert" } else { "status" }
                >
                    <p>{notice.text.clone()}</p>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Dismiss message"
                        on:click=move |_| state.dismiss(notice.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
