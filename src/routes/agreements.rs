//! Service level agreements and internal agreements (ISO/IEC 20000-1 8.3.3): every agreement,
//! searchable, and a form to add one for a service.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use praxis_core::date::Date;
use praxis_core::itsm::agreement::{Agreement, AgreementKind, TITLE_MAX_CHARS};
use praxis_core::itsm::dues::Timeliness;
use praxis_core::itsm::service::Service;
use praxis_core::register::{Cell, Column, Row};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::services::use_service_catalogue;
use crate::actions::agreements as actions;
use crate::browser;
use crate::components::register_list::{Filter, RegisterSpec};
use crate::components::register_list::{date_cell, due_filter};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Agreements() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Service level agreements" plural="agreements"
            list=|workspace| view! { <AgreementList workspace=workspace /> }.into_any()>
            "What each service promises its customers, and what parts of the organisation promise each other: hours, targets per priority, availability (ISO/IEC 20000-1 8.3.3). Tickets are measured against them."
        </RegisterPage>
    }
}

/// The open workspace's agreements, read again whenever one changes: one resource for every
/// page that shows them.
pub fn use_agreements() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Agreement::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Agreement",
    },
    Column {
        key: "kind",
        label: "Kind",
    },
    Column {
        key: "service",
        label: "Service",
    },
    Column {
        key: "customer",
        label: "Customer",
    },
    Column {
        key: "in_force",
        label: "In force",
    },
    Column {
        key: "review_due",
        label: "Review due",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "agreement",
    singular: "agreement",
    plural: "agreements",
    caption: "Agreements of this workspace",
    search_placeholder: "Title, customer or service",
    columns: COLUMNS,
    empty: "No agreements yet. Add one below for the service your customers rely on most: its hours and how quickly you respond and resolve.",
    board: None,
};

/// Whether an agreement is in force on `today`, as a filter value and in words.
fn in_force(agreement: &Agreement, today: Option<Date>) -> (&'static str, &'static str) {
    match today {
        Some(day) if agreement.valid_from.is_some_and(|from| day < from) => ("not-yet", "Not yet"),
        Some(day) if agreement.valid_until.is_some_and(|until| until < day) => ("ended", "Ended"),
        _ => ("in-force", "In force"),
    }
}

/// Agreements as rows: found by title, customer and service; filtered by kind, service and
/// whether they are in force `today`.
fn agreement_rows(agreements: &[Agreement], services: &[Service], today: Option<Date>) -> Vec<Row> {
    agreements
        .iter()
        .map(|a| {
            let service = services
                .iter()
                .find(|s| s.id == a.service)
                .map_or("a service no longer in the catalogue", |s| s.name.as_str());
            let (force, force_label) = in_force(a, today);
            let period = match (a.valid_from, a.valid_until) {
                (None, None) => String::new(),
                (from, until) => format!(
                    "{} to {}",
                    from.map_or("…".to_owned(), |d| d.to_string()),
                    until.map_or("…".to_owned(), |d| d.to_string())
                ),
            };
            Row::new(
                a.id.as_str(),
                vec![
                    Cell::text(&a.title).link(format!("/agreements/{}", a.id)),
                    Cell::text(a.kind.label()),
                    Cell::text(service).link(format!("/services/{}", a.service)),
                    Cell::text(&a.customer),
                    Cell::text(force_label)
                        .badge(format!("force-{force}"))
                        .hint(period),
                    today.map_or_else(|| Cell::text(""), |today| date_cell(a.review_due, today)),
                ],
            )
            .searched_by(&a.title)
            .searched_by(&a.customer)
            .searched_by(service)
            .tagged("kind", kind_value(a.kind))
            .tagged("service", a.service.as_str())
            .tagged("in_force", force)
            .tagged(
                "due",
                today.map_or("undated", |today| {
                    Timeliness::of(a.review_due, today).as_str()
                }),
            )
        })
        .collect()
}

fn kind_value(kind: AgreementKind) -> &'static str {
    match kind {
        AgreementKind::Sla => "sla",
        AgreementKind::Internal => "internal",
    }
}

pub const KINDS: [AgreementKind; 2] = [AgreementKind::Sla, AgreementKind::Internal];

pub fn parse_kind(text: &str) -> AgreementKind {
    KINDS
        .into_iter()
        .find(|k| kind_value(*k) == text)
        .unwrap_or(AgreementKind::Sla)
}

pub fn kind_options(selected: AgreementKind) -> impl IntoView {
    KINDS
        .map(|k| view! { <option value=kind_value(k) selected=k == selected>{k.label()}</option> })
        .collect_view()
}

pub fn kind_str(kind: AgreementKind) -> &'static str {
    kind_value(kind)
}

fn agreement_filters(services: &[Service]) -> Vec<Filter> {
    vec![
        Filter {
            key: "kind",
            label: "Kind",
            any: "Any",
            choices: KINDS
                .map(|k| (kind_value(k).to_owned(), k.label().to_owned()))
                .to_vec(),
        },
        Filter::service(services),
        Filter {
            key: "in_force",
            label: "In force",
            any: "Any",
            choices: [
                ("in-force", "In force"),
                ("not-yet", "Not yet"),
                ("ended", "Ended"),
            ]
            .map(|(v, l)| (v.to_owned(), l.to_owned()))
            .to_vec(),
        },
        due_filter("Review"),
    ]
}

#[component]
fn AgreementList(workspace: WorkspaceId) -> impl IntoView {
    let services = read_or_empty(use_service_catalogue());
    let today = Date::parse(&browser::today()).ok();
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_agreements() kind=Agreement::kind()
            rows=move |all: &[Agreement]| agreement_rows(all, &services.get(), today)
            filters=move |_: &[Agreement]| agreement_filters(&services.get())
            filter_keys=&["kind", "service", "in_force", "due"]
            new_form=move |workspace| view! { <NewAgreement workspace=workspace services=services /> }.into_any() />
    }
}

#[component]
fn NewAgreement(workspace: WorkspaceId, services: Signal<Vec<Service>>) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let query = use_query_map();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new("sla".to_owned());
    // A link from a service's page picks that service.
    let service = RwSignal::new(
        query
            .with_untracked(|q| q.get("service"))
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(service) = RecordId::parse(&service.get_untracked()) else {
            error.set(Some("Choose the service the agreement covers.".to_owned()));
            return;
        };
        let (kind, typed) = (parse_kind(&kind.get_untracked()), title.get_untracked());
        let (workspace, navigate) = (workspace.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, &typed, kind, service).await {
                Ok(id) => navigate(&format!("/agreements/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let no_services = move || services.with(Vec::is_empty);
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-agreement-title">
            <h2 id="new-agreement-title">"Add an agreement"</h2>
            <Show when=no_services>
                <p class="muted">"An agreement covers a service: "<A href="/services">"add a service to the catalogue"</A>" first."</p>
            </Show>
            <div class="field">
                <label for="new-agreement-title-input">"Title"</label>
                <input id="new-agreement-title-input" type="text" maxlength=TITLE_MAX_CHARS bind:value=title />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="new-agreement-kind">"Kind"</label>
                    <select id="new-agreement-kind" bind:value=kind>{kind_options(AgreementKind::Sla)}</select>
                </div>
                <div class="field">
                    <label for="new-agreement-service">"Service"</label>
                    <select id="new-agreement-service" bind:value=service>
                        <option value="">"Choose a service"</option>
                        {move || services.get().into_iter().map(|s| {
                            let selected = service.with_untracked(|v| v == s.id.as_str());
                            view! { <option value=s.id.to_string() selected=selected>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>"Add agreement"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use praxis_core::itsm::service::ServiceStatus;
    use praxis_core::register::{View, shown};

    #[test]
    fn rows_say_whether_an_agreement_is_in_force_and_find_it_by_its_service() {
        let id = |s: &str| RecordId::parse(s).unwrap();
        let date = |s: &str| Date::parse(s).ok();
        let mail = Service::new(id("mail"), "E-mail", ServiceStatus::Live).unwrap();
        let mut current =
            Agreement::new(id("a1"), "Staff mail", AgreementKind::Sla, id("mail")).unwrap();
        current.customer = "Finance".into();
        current.valid_from = date("2026-01-01");
        let mut ended =
            Agreement::new(id("a2"), "Old OLA", AgreementKind::Internal, id("gone")).unwrap();
        ended.valid_until = date("2025-12-31");
        let rows = agreement_rows(&[current, ended], &[mail], date("2026-12-03"));
        assert_eq!(rows[0].cells[2].text, "E-mail");
        assert_eq!(
            rows[1].cells[2].text,
            "a service no longer in the catalogue"
        );
        assert_eq!(rows[0].cells[4].text, "In force");
        assert_eq!(rows[1].cells[4].text, "Ended");
        let found = |query: &str, filter: (&str, &str)| {
            let mut view = View {
                query: query.into(),
                ..View::default()
            };
            view.set_filter(filter.0, filter.1);
            shown(COLUMNS, &rows, &view)
        };
        assert_eq!(found("e-mail", ("kind", "")), vec![0]);
        assert_eq!(found("finance", ("kind", "")), vec![0]);
        assert_eq!(found("", ("kind", "internal")), vec![1]);
        assert_eq!(found("", ("in_force", "ended")), vec![1]);
        assert_eq!(found("", ("service", "mail")), vec![0]);
        assert_eq!(parse_kind("internal"), AgreementKind::Internal);
        assert_eq!(parse_kind("nonsense"), AgreementKind::Sla);
    }
}
