//! The service catalogue (ISO/IEC 20000-1 8.2.4): every service, searchable, and a form to add
//! one.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use praxis_core::itsm::service::{NAME_MAX_CHARS, Service, ServiceStatus};
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use crate::actions::services as actions;
use crate::components::damaged::DamagedRecords;
use crate::components::link_checks::LinkChoices;
use crate::components::register_list::{Filter, RegisterList, RegisterSpec};
use crate::components::register_page::RegisterPage;
use crate::state::use_app_state;

#[component]
pub fn Services() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Service catalogue" plural="services"
            list=|workspace| view! { <ServiceList workspace=workspace /> }.into_any()>
            "The services you deliver, who owns each, who uses it and what it depends on: the catalogue an ISO/IEC 20000-1 auditor asks for first (8.2.4)."
        </RegisterPage>
    }
}

/// The open workspace's catalogue, read again whenever a service changes: one resource for
/// every page that shows services (each resource type compiles its own async machinery).
pub fn use_service_catalogue() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Service::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "name",
        label: "Service",
    },
    Column {
        key: "status",
        label: "Status",
    },
    Column {
        key: "owner",
        label: "Owner",
    },
    Column {
        key: "customers",
        label: "Customers",
    },
    Column {
        key: "depends_on",
        label: "Depends on",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "service",
    singular: "service",
    plural: "services",
    caption: "Services of this workspace",
    search_placeholder: "Name, owner or customer",
    columns: COLUMNS,
    empty: "No services yet. Add the first one below: start with the service your customers would miss most.",
    board: None,
};

/// The catalogue as rows: found by name, owner and customers, filtered by status.
fn service_rows(services: &[Service]) -> Vec<Row> {
    let name_of = |id: &RecordId| {
        services
            .iter()
            .find(|s| &s.id == id)
            .map(|s| s.name.as_str())
    };
    services
        .iter()
        .map(|s| {
            let depends_on: Vec<&str> = s.depends_on.iter().filter_map(name_of).collect();
            let customers = s.customers.join(", ");
            Row::new(
                s.id.as_str(),
                vec![
                    Cell::text(&s.name).link(format!("/services/{}", s.id)),
                    Cell::text(s.status.label()).badge(format!("status-{}", s.status.as_str())),
                    Cell::text(&s.owner),
                    Cell::text(&customers),
                    Cell::text(depends_on.join(", ")),
                ],
            )
            .searched_by(&s.name)
            .searched_by(&s.owner)
            .searched_by(&customers)
            .tagged("status", s.status.as_str())
        })
        .collect()
}

#[component]
fn ServiceList(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let loaded = use_service_catalogue();
    // Built once per read: the list reads its rows many times per keystroke.
    let rows = Memo::new(move |_| loaded.get().map(|read| read.map(|(s, _)| service_rows(&s))));
    let damaged = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|(_, damaged)| damaged)
            .unwrap_or_default()
    };
    let filters = Signal::derive(|| {
        vec![Filter {
            key: "status",
            label: "Status",
            any: "Any",
            choices: ServiceStatus::ALL
                .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
                .to_vec(),
        }]
    });
    let damaged_workspace = workspace.clone();
    view! {
        <RegisterList spec=SPEC rows=rows filters=filters default_view=View::default() filter_keys=&["status"] />
        {move || view! { <DamagedRecords workspace=damaged_workspace.clone() kind=Service::kind() errors=damaged() /> }}
        <Show when=move || !state.read_only.get()>
            <NewService workspace=workspace.clone() />
        </Show>
    }
}

#[component]
fn NewService(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let status = RwSignal::new("live".to_owned());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let status = ServiceStatus::parse(&status.get_untracked()).unwrap_or(ServiceStatus::Live);
        let typed = name.get_untracked();
        let (workspace, navigate) = (workspace.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, &typed, status).await {
                Ok(id) => {
                    error.set(None);
                    name.set(String::new());
                    navigate(&format!("/services/{id}"), Default::default());
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-service-title">
            <h2 id="new-service-title">"Add a service"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="new-service-name">"Name"</label>
                    <input id="new-service-name" type="text" maxlength=NAME_MAX_CHARS bind:value=name />
                </div>
                <div class="field">
                    <label for="new-service-status">"Status"</label>
                    <select id="new-service-status" bind:value=status>
                        {ServiceStatus::ALL.map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>"Add service"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use praxis_core::register::shown;

    #[test]
    fn a_row_is_found_by_name_owner_and_customers_and_names_what_it_depends_on() {
        let id = |s: &str| RecordId::parse(s).unwrap();
        let mut mail = Service::new(id("mail"), "E-mail", ServiceStatus::Live).unwrap();
        mail.owner = "Grace Hopper".into();
        mail.customers = vec!["Finance".into()];
        mail.depends_on.insert(id("dns"));
        let dns = Service::new(id("dns"), "DNS", ServiceStatus::Pipeline).unwrap();
        let rows = service_rows(&[mail, dns]);
        assert_eq!(rows[0].cells[4].text, "DNS");
        let found = |query: &str, status: &str| {
            let mut view = View {
                query: query.into(),
                ..View::default()
            };
            view.set_filter("status", status);
            shown(COLUMNS, &rows, &view)
        };
        for query in ["", "mail", "GRACE", "fin"] {
            assert_eq!(
                found(query, ""),
                if query.is_empty() {
                    vec![0, 1]
                } else {
                    vec![0]
                },
                "{query:?}"
            );
        }
        assert!(found("payroll", "").is_empty());
        assert_eq!(found("", "pipeline"), vec![1]);
    }
}

/// A set of a service's links to records of another kind.
#[derive(Debug, Clone, Copy)]
pub enum ServiceLinks {
    Suppliers,
    Items,
}

impl ServiceLinks {
    pub fn of(self, service: &Service) -> &BTreeSet<RecordId> {
        match self {
            Self::Suppliers => &service.suppliers,
            Self::Items => &service.items,
        }
    }

    pub fn of_mut(self, service: &mut Service) -> &mut BTreeSet<RecordId> {
        match self {
            Self::Suppliers => &mut service.suppliers,
            Self::Items => &mut service.items,
        }
    }
}

/// One set of a service's links from the other record's page: each service as a checkbox,
/// ticked when it links to `own`, saved at once as the service's own link.
pub fn service_link_checks(
    workspace: WorkspaceId,
    services: Signal<Vec<Service>>,
    own: RecordId,
    links: ServiceLinks,
) -> (LinkChoices, Callback<(RecordId, bool)>) {
    let state = use_app_state();
    let linked = own.clone();
    let choices = Signal::derive(move || {
        services.with(|all| {
            all.iter()
                .map(|s| (s.id.clone(), s.name.clone(), links.of(s).contains(&linked)))
                .collect()
        })
    });
    let toggle = Callback::new(move |(service, on): (RecordId, bool)| {
        let Some(service) =
            services.with_untracked(|all| all.iter().find(|s| s.id == service).cloned())
        else {
            return;
        };
        let (workspace, own) = (workspace.clone(), own.clone());
        spawn_local(async move {
            if let Err(problem) = actions::link(state, &workspace, &service, links, &own, on).await
            {
                state.notify(crate::state::Tone::Error, problem);
            }
        });
    });
    (choices, toggle)
}
