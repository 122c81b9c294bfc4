//! Where data lives, whether the browser promised to keep it, and how much room it uses.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::{self, StorageReport};
use crate::state::use_app_state;

fn human_size(bytes: f64) -> String {
    const MB: f64 = 1_048_576.0;
    if bytes >= 1024.0 * MB {
        format!("{:.1} GB", bytes / (1024.0 * MB))
    } else {
        format!("{:.1} MB", bytes / MB)
    }
}

fn describe(report: &StorageReport) -> (String, String) {
    let persisted = match report.persisted {
        Some(true) => "Granted: the browser will not clear Praxis data to free space.".to_owned(),
        Some(false) => {
            "Not granted: under storage pressure the browser may clear Praxis data. Keep backups."
                .to_owned()
        }
        None => "Unknown: this browser does not say.".to_owned(),
    };
    let usage = match (report.usage_bytes, report.quota_bytes) {
        (Some(used), Some(quota)) => format!(
            "{} used of {} available to this site.",
            human_size(used),
            human_size(quota)
        ),
        _ => "This browser does not report storage use.".to_owned(),
    };
    (persisted, usage)
}

#[component]
pub fn StoragePanel() -> impl IntoView {
    let state = use_app_state();
    let refresh = RwSignal::new(0u32);
    let report = LocalResource::new(move || {
        refresh.track();
        state.touched.track();
        browser::storage_report()
    });
    let ask = move |_| {
        spawn_local(async move {
            browser::request_persistent_storage().await;
            refresh.update(|n| *n += 1);
        });
    };
    view! {
        <section class="card" aria-labelledby="storage-title">
            <h2 id="storage-title">"Storage"</h2>
            {move || state.memory_only.get().map(|reason| view! {
                <p class="field-error" role="alert">
                    {format!("This browser refused its database ({reason}). Changes are kept only until this tab closes: download a backup before leaving.")}
                </p>
            })}
            <p>"Everything is stored in this browser (IndexedDB). Only workspaces you share (Sync, above) are also sent to their server."</p>
            {move || report.get().map(|report| {
                let (persisted, usage) = describe(&report);
                let can_ask = report.persisted == Some(false);
                view! {
                    <dl class="facts">
                        <dt>"Persistent storage"</dt>
                        <dd data-testid="persisted">{persisted}</dd>
                        <dt>"Space"</dt>
                        <dd data-testid="usage">{usage}</dd>
                    </dl>
                    <Show when=move || can_ask>
                        <button type="button" on:click=ask>"Ask the browser to keep Praxis data"</button>
                    </Show>
                }
            })}
        </section>
    }
}
