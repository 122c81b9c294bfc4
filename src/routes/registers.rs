//! The registers a management system keeps and auditors sample: those Praxis holds today, each
//! one click away.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Registers() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Registers"</h1>
            <p class="lead">"The lists a management system keeps and auditors sample."</p>
            <p><A href="/due">"What falls due"</A>": every review, renewal, test and action that is overdue or due in the next 30 days, across the registers."</p>
            <p>"Evidence files attach to any record, on its page: up to 10 MiB each, kept in this browser with their SHA-256, opened offline, carried in backups and shared through the sync server."</p>
            <ul class="register-list">
                <li class="card">
                    <h2><A href="/risks">"Risks"</A></h2>
                    <p>"Information security and service risks on your own likelihood and impact scales: owner, treatment and the controls that carry it out, residual risk and its acceptance by an approver, heat maps before and after treatment (ISO/IEC 27001 6.1.2, 6.1.3, 8.2, 8.3; ISO/IEC 20000-1 6.1)."</p>
                </li>
                <li class="card">
                    <h2><A href="/soa">"Statement of Applicability"</A></h2>
                    <p>"Every ISO/IEC 27001 Annex A control: whether it applies and why, the justification for leaving it out, implementation, owner, evidence and the risks that name it; versions approved by an approver and frozen, compared, exported as a spreadsheet (ISO/IEC 27001 6.1.3 d)."</p>
                </li>
                <li class="card">
                    <h2><A href="/nonconformities">"Nonconformities"</A></h2>
                    <p>"What did not conform, from audits, incidents, complaints and monitoring: correction, root cause, corrective action and its tasks, and the effectiveness review it needs before it closes (ISO/IEC 20000-1 10.1; ISO/IEC 27001 10.2)."</p>
                </li>
                <li class="card">
                    <h2><A href="/documents">"Documented information"</A></h2>
                    <p>"The documents and records both standards call for, listed for you, and your own: owner, version, approval by an approver, where each is kept and its next review; a required one missing or not approved blocks certification of its clause (ISO/IEC 27001 7.5; ISO/IEC 20000-1 7.5)."</p>
                </li>
                <li class="card">
                    <h2><A href="/objectives">"Objectives"</A></h2>
                    <p>"Measurable objectives for information security and service management: measure, target, owner, plan and due date, the measurements taken over time on a chart, and reviews at an interval (ISO/IEC 27001 6.2; ISO/IEC 20000-1 6.2)."</p>
                </li>
                <li class="card">
                    <h2><A href="/actions">"Actions"</A></h2>
                    <p>"Every task the management systems have set — risk treatment tasks and other follow-ups — with its owner, due date and the evidence it was done (ISO/IEC 27001 6.1.3, 10.2; ISO/IEC 20000-1 10.2)."</p>
                </li>
                <li class="card">
                    <h2><A href="/services">"Service catalogue"</A></h2>
                    <p>"Every service you deliver: owner, customers, status and what it depends on (ISO/IEC 20000-1 8.2.4)."</p>
                </li>
                <li class="card">
                    <h2><A href="/items">"Configuration items and information assets"</A></h2>
                    <p>"What services are built from and the information you hold: type, owner, status, classification, what each depends on and which services it supports (ISO/IEC 20000-1 8.2.6; ISO/IEC 27001 A.5.9)."</p>
                </li>
                <li class="card">
                    <h2><A href="/agreements">"Service level agreements"</A></h2>
                    <p>"What each service promises: hours, response and resolution targets per priority, availability, and a report per month (ISO/IEC 20000-1 8.3.3)."</p>
                </li>
                <li class="card">
                    <h2><A href="/suppliers">"Suppliers"</A></h2>
                    <p>"Who supplies your services: criticality, security requirements agreed, certification, performance reviews and exit plans (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.19–A.5.22)."</p>
                </li>
                <li class="card">
                    <h2><A href="/contracts">"Contracts"</A></h2>
                    <p>"The contracts with suppliers: dates and notice before renewal, security clauses, data processing agreements, and the agreements each underpins (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.20)."</p>
                </li>
                <li class="card">
                    <h2><A href="/continuity">"Service continuity and availability"</A></h2>
                    <p>"Each service's recovery time and point objectives, availability needed, recovery plan and the tests of it with their follow-up actions (ISO/IEC 20000-1 8.7.1, 8.7.2; ISO/IEC 27001 A.5.29, A.5.30)."</p>
                </li>
            </ul>
        </section>
    }
}
