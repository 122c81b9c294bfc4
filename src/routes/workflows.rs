//! The service management processes Praxis runs today, each one click away, and those still to
//! come.

use leptos::prelude::*;
use leptos_router::components::A;

/// Processes not built yet, said plainly.
const COMING: &[&str] = &["Service continuity and availability"];

#[component]
pub fn Workflows() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Workflows"</h1>
            <p class="lead">"The service management processes, each with its states, owners and records."</p>
            <ul class="register-list">
                <li class="card">
                    <h2><A href="/tickets">"Incidents and requests"</A></h2>
                    <p>"Log, prioritise, assign and resolve incidents and service requests, with their clocks; major and information security incidents with their timeline, notifications and evidence (ISO/IEC 20000-1 8.6.1, 8.6.2, 8.7.3.3). "<A href="/tickets/import">"Import them from another service desk"</A>"."</p>
                </li>
                <li class="card">
                    <h2><A href="/problems">"Problems and known errors"</A></h2>
                    <p>"The causes behind incidents, investigated and recorded as known errors with their workaround until removed; services whose incidents recur (ISO/IEC 20000-1 8.6.3)."</p>
                </li>
                <li class="card">
                    <h2><A href="/changes">"Changes"</A></h2>
                    <p>"Standard, normal and emergency changes: risk and information security impact assessed, approved by approvers, scheduled on the "<A href="/changes/calendar">"forward schedule of changes"</A>" (also as a calendar file), implemented, backed out when they fail, and reviewed (ISO/IEC 20000-1 8.5.1, 8.5.2; ISO/IEC 27001 A.8.32)."</p>
                </li>
                <li class="card">
                    <h2><A href="/releases">"Releases and deployments"</A></h2>
                    <p>"Approved changes bundled into releases, accepted against criteria agreed beforehand, deployed and reviewed, with an analysis of every release that fails (ISO/IEC 20000-1 8.5.3)."</p>
                </li>
                <li class="card">
                    <h2><A href="/agreements">"Service level agreements"</A></h2>
                    <p>"Hours, targets per priority and availability for each service, and a report per month of what was met (ISO/IEC 20000-1 8.3.3)."</p>
                </li>
            </ul>
            <div class="card">
                <h2>"Still to come"</h2>
                <p><strong>"Not built yet."</strong>" These processes will live here too:"</p>
                <ul>{COMING.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul>
            </div>
        </section>
    }
}
