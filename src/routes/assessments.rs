use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

#[component]
pub fn Assessments() -> impl IntoView {
    view! {
        <EmptyState
            title="Assessments"
            purpose="Find out how ready your organisation is for certification, clause by clause, alone or in a workshop."
            coming=&[
                "Maturity self-assessment against ISO/IEC 20000-1:2018 (clauses 4–10)",
                "Maturity self-assessment against ISO/IEC 27001:2022 (clauses 4–10 and the 93 Annex A controls)",
                "An integrated assessment of both, using the crosswalk between them",
                "Gap lists, charts, workshop mode and printable reports",
            ]
        />
    }
}
