use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

#[component]
pub fn Workflows() -> impl IntoView {
    view! {
        <EmptyState
            title="Workflows"
            purpose="The service management processes, each with its states, owners and records."
            coming=&[
                "Incidents and service requests",
                "Problems and known errors",
                "Changes and releases",
                "Service level reporting",
            ]
        />
    }
}
