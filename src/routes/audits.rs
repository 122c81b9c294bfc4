use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

#[component]
pub fn Audits() -> impl IntoView {
    view! {
        <EmptyState
            title="Audits & certification"
            purpose="Plan and evidence the checks your management systems go through."
            coming=&[
                "Internal audit programme, audits and findings",
                "Management reviews with their inputs and decisions",
                "The certification cycle: stage 1, stage 2, surveillance and recertification audits",
            ]
        />
    }
}
