//! What the user must know when Praxis is updated while several tabs have it open: that this
//! tab waits for the others to close, that another tab updated the data (so this one has
//! closed its connection), that this page is an older build than the data, or that bringing the
//! data up to date failed (and was rolled back). The last three stay until the page is reloaded.

use leptos::prelude::*;

use crate::browser;
use crate::state::use_app_state;
use crate::store::UpgradeStatus;

/// Shown until the data is open: what opening is waiting for.
#[component]
pub fn OpeningScreen() -> impl IntoView {
    let state = use_app_state();
    move || {
        match state.upgrade.get() {
        UpgradeStatus::Clear => Some(view! {
            <p class="loading" role="status">"Opening your data…"</p>
        }.into_any()),
        UpgradeStatus::WaitingForOtherTabs => Some(view! {
            <div class="loading" role="status">
                <p><strong>"Waiting for other Praxis tabs to close…"</strong></p>
                <p>"Praxis is being updated; close or reload the other tabs that have it open."</p>
            </div>
        }.into_any()),
        // [`UpgradeNotice`] says these, on every page.
        UpgradeStatus::UpdatedInAnotherTab
        | UpgradeStatus::OlderThanData
        | UpgradeStatus::UpgradeFailed(_) => None,
    }
    }
}

/// The persistent message, with a Reload button, when this tab cannot use the data any more.
#[component]
pub fn UpgradeNotice() -> impl IntoView {
    let state = use_app_state();
    let message = move || match state.upgrade.get() {
        UpgradeStatus::UpdatedInAnotherTab => Some((
            "Praxis was updated in another tab. Reload this page to continue.",
            "This tab can no longer save changes.".to_owned(),
        )),
        UpgradeStatus::OlderThanData => Some((
            "This page is an older version of Praxis than the data in this browser. Reload to \
             update.",
            "Nothing is read or changed until then.".to_owned(),
        )),
        UpgradeStatus::UpgradeFailed(reason) => Some((
            "Praxis could not bring the data in this browser up to date; it was left exactly as \
             it was.",
            format!(
                "Nothing is read or changed. Reload to try again; if it fails again, keep this \
                 message for support: {reason}"
            ),
        )),
        UpgradeStatus::Clear | UpgradeStatus::WaitingForOtherTabs => None,
    };
    move || {
        message().map(|(text, detail)| {
            view! {
                <div class="upgrade-notice" role="alert" data-testid="upgrade-notice">
                    <p><strong>{text}</strong> " " {detail}</p>
                    <button type="button" class="primary" on:click=|_| browser::reload()>
                        "Reload"
                    </button>
                </div>
            }
        })
    }
}
