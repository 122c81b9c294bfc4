use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

#[component]
pub fn Registers() -> impl IntoView {
    view! {
        <EmptyState
            title="Registers"
            purpose="The lists a management system keeps and auditors sample."
            coming=&[
                "Information security risks and their treatment",
                "Statement of Applicability for the Annex A controls",
                "Service catalogue, service level agreements and suppliers",
                "Nonconformities and corrective actions",
            ]
        />
    }
}
