//! The root component: opens the store, provides state, routes pages inside the shell.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::guidance::BuiltinGuidance;
use crate::components::layout::Shell;
use crate::components::upgrade::OpeningScreen;
use crate::routes;
use crate::state::AppState;
use crate::sync::hub::SyncHub;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let sync = SyncHub::new();
    provide_context(sync);
    sync.start(state);
    BuiltinGuidance::provide();
    spawn_local(state.open());

    view! {
        <Router>
            <Shell>
                <Show
                    when=move || state.ready.get()
                    fallback=OpeningScreen
                >
                    <Routes fallback=routes::not_found::NotFound>
                        <Route path=path!("/") view=routes::dashboard::Dashboard />
                        <Route path=path!("/assessments") view=routes::assessments::Assessments />
                        <Route path=path!("/assessments/:id") view=routes::assessment::AssessmentPage />
                        <Route path=path!("/assessments/:id/workshop") view=routes::workshop::Workshop />
                        <Route path=path!("/assessments/:id/report") view=routes::report::Report />
                        <Route path=path!("/registers") view=routes::registers::Registers />
                        <Route path=path!("/services") view=routes::services::Services />
                        <Route path=path!("/agreements") view=routes::agreements::Agreements />
                        <Route path=path!("/agreements/:id") view=routes::agreement::AgreementPage />
                        <Route path=path!("/services/:id") view=routes::service::ServicePage />
                        <Route path=path!("/items") view=routes::items::Items />
                        <Route path=path!("/items/:id") view=routes::item::ItemPage />
                        <Route path=path!("/suppliers") view=routes::suppliers::Suppliers />
                        <Route path=path!("/suppliers/:id") view=routes::supplier::SupplierPage />
                        <Route path=path!("/contracts") view=routes::contracts::Contracts />
                        <Route path=path!("/contracts/:id") view=routes::contract::ContractPage />
                        <Route path=path!("/continuity") view=routes::continuity::Continuity />
                        <Route path=path!("/continuity/:id") view=routes::continuity_plan::PlanPage />
                        <Route path=path!("/risks") view=routes::risks::Risks />
                        <Route path=path!("/due") view=routes::due::DuePage />
                        <Route path=path!("/documents") view=routes::documents::Documents />
                        <Route path=path!("/documents/:id") view=routes::document::DocumentPage />
                        <Route path=path!("/objectives") view=routes::objectives::Objectives />
                        <Route path=path!("/objectives/:id") view=routes::objective::ObjectivePage />
                        <Route path=path!("/actions") view=routes::actions::Actions />
                        <Route path=path!("/soa") view=routes::soa::Statement />
                        <Route path=path!("/nonconformities") view=routes::nonconformities::Nonconformities />
                        <Route path=path!("/nonconformities/:id") view=routes::nonconformity::NonconformityPage />
                        <Route path=path!("/soa/:id") view=routes::soa_version::SoaVersionPage />
                        <Route path=path!("/actions/:id") view=routes::action::ActionPage />
                        <Route path=path!("/risks/:id") view=routes::risk::RiskPage />
                        <Route path=path!("/workflows") view=routes::workflows::Workflows />
                        <Route path=path!("/problems") view=routes::problems::Problems />
                        <Route path=path!("/changes") view=routes::changes::Changes />
                        <Route path=path!("/changes/calendar") view=routes::change_calendar::ChangeCalendar />
                        <Route path=path!("/changes/:id") view=routes::change::ChangePage />
                        <Route path=path!("/releases") view=routes::releases::Releases />
                        <Route path=path!("/releases/:id") view=routes::release::ReleasePage />
                        <Route path=path!("/problems/:id") view=routes::problem::ProblemPage />
                        <Route path=path!("/tickets") view=routes::tickets::Tickets />
                        <Route path=path!("/tickets/import") view=routes::ticket_import::TicketImport />
                        <Route path=path!("/tickets/:id") view=routes::ticket::TicketPage />
                        <Route path=path!("/audits") view=routes::audits::Audits />
                        <Route path=path!("/settings") view=routes::settings::Settings />
                    </Routes>
                </Show>
            </Shell>
        </Router>
    }
}
