//! Links between records as a list of checkboxes: ticking one links that record, clearing it
//! unlinks it, each saved at once. One component for every pair of kinds a page links.

use leptos::prelude::*;
use praxis_core::RecordId;

use crate::state::use_app_state;

/// Each record that can be linked: id, name, whether it is linked now.
pub type LinkChoices = Signal<Vec<(RecordId, String, bool)>>;

#[component]
pub fn LinkChecks(
    /// What ticking means, read before the boxes.
    legend: &'static str,
    /// Said when there is nothing to link.
    empty: &'static str,
    /// Each record that can be linked: id, name, whether it is linked now.
    #[prop(into)]
    choices: Signal<Vec<(RecordId, String, bool)>>,
    /// Links (`true`) or unlinks a record.
    toggle: Callback<(RecordId, bool)>,
) -> impl IntoView {
    let state = use_app_state();
    move || {
        let choices = choices.get();
        if choices.is_empty() {
            return view! { <p class="muted">{empty}</p> }.into_any();
        }
        view! {
            <fieldset class="plain checks" disabled=move || state.read_only.get()>
                <legend class="hint">{legend}</legend>
                {choices.into_iter().map(|(id, name, checked)| view! {
                    <label class="check">
                        <input type="checkbox" checked=checked
                            on:change=move |ev| toggle.run((id.clone(), event_target_checked(&ev))) />
                        {name}
                    </label>
                }).collect_view()}
            </fieldset>
        }
        .into_any()
    }
}
