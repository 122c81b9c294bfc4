//! The service catalogue (ISO/IEC 20000-1 8.2.4): every service, searchable, and a form to add
//! one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use praxis_core::itsm::service::{NAME_MAX_CHARS, Service, ServiceStatus};
use praxis_core::{RecordType, WorkspaceId};

use crate::actions::services as actions;
use crate::components::damaged::DamagedRecords;
use crate::state::use_app_state;

#[component]
pub fn Services() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb"><A href="/registers">"Registers"</A></p>
            <h1 id="page-title">"Service catalogue"</h1>
            <p class="lead">
                "The services you deliver, who owns each, who uses it and what it depends on: the catalogue an ISO/IEC 20000-1 auditor asks for first (8.2.4)."
            </p>
            {move || match state.current.get() {
                None => view! {
                    <div class="card"><p>"Create a workspace first: services belong to one organisation."</p><A href="/">"Create a workspace"</A></div>
                }.into_any(),
                Some(workspace) => view! { <ServiceList workspace=workspace /> }.into_any(),
            }}
        </section>
    }
}

/// Whether a service matches what was typed in the search box (name, owner or a customer).
fn matches(service: &Service, query: &str) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty()
        || service.name.to_lowercase().contains(&query)
        || service.owner.to_lowercase().contains(&query)
        || service
            .customers
            .iter()
            .any(|c| c.to_lowercase().contains(&query))
}

/// The open workspace's catalogue, read again whenever a service changes: one resource for
/// every page that shows services (each resource type compiles its own async machinery).
pub fn use_service_catalogue() -> LocalResource<Result<actions::Listed, String>> {
    let state = use_app_state();
    let revision = state.kind_revision(Some(Service::KIND));
    LocalResource::new(move || {
        revision.track();
        let workspace = state.current.get();
        async move {
            match workspace {
                Some(workspace) => actions::list(state, &workspace).await,
                None => Err("Open a workspace first.".to_owned()),
            }
        }
    })
}

#[component]
fn ServiceList(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let loaded = use_service_catalogue();
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let damaged_workspace = workspace.clone();
    view! {
        {move || match loaded.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="field-error" role="alert">{problem}</p> }.into_any(),
            Some(Ok((services, damaged))) => {
                let total = services.len();
                let all = services.clone();
                let names = move |ids: &std::collections::BTreeSet<praxis_core::RecordId>| {
                    ids.iter()
                        .filter_map(|id| all.iter().find(|s| &s.id == id).map(|s| s.name.clone()))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let shown: Vec<Service> = services
                    .into_iter()
                    .filter(|s| matches(s, &query.get()))
                    .filter(|s| status.with(|wanted| wanted.is_empty() || s.status.as_str() == wanted))
                    .collect();
                view! {
                    {(total > 0).then(|| view! {
                        <div class="filters" role="search">
                            <div class="field">
                                <label for="service-search">"Search"</label>
                                <input id="service-search" type="search" placeholder="Name, owner or customer" bind:value=query />
                            </div>
                            <div class="field">
                                <label for="service-status">"Status"</label>
                                <select id="service-status" bind:value=status>
                                    <option value="">"Any"</option>
                                    {ServiceStatus::ALL.map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                                </select>
                            </div>
                        </div>
                    })}
                    {if total == 0 {
                        view! { <div class="card empty-state"><p><strong>"No services yet."</strong>{move || (!state.read_only.get()).then_some(" Add the first one below: start with the service your customers would miss most.")}</p></div> }.into_any()
                    } else if shown.is_empty() {
                        view! { <p class="muted" role="status" data-testid="service-count">{format!("No service of {total} matches.")}</p> }.into_any()
                    } else {
                        view! {
                            <p class="muted" role="status" data-testid="service-count">{format!("{} of {total} {}", shown.len(), if total == 1 { "service" } else { "services" })}</p>
                            <div class="card table-scroll">
                                <table class="table">
                                    <caption class="visually-hidden">"Services of this workspace"</caption>
                                    <thead><tr>
                                        <th scope="col">"Service"</th><th scope="col">"Status"</th><th scope="col">"Owner"</th>
                                        <th scope="col">"Customers"</th><th scope="col">"Depends on"</th>
                                    </tr></thead>
                                    <tbody>
                                        {shown.into_iter().map(|s| view! {
                                            <tr>
                                                <th scope="row"><A href=format!("/services/{}", s.id)>{s.name.clone()}</A></th>
                                                <td><span class=format!("badge status-{}", s.status.as_str())>{s.status.label()}</span></td>
                                                <td>{if s.owner.is_empty() { "—".to_owned() } else { s.owner.clone() }}</td>
                                                <td>{s.customers.join(", ")}</td>
                                                <td>{names(&s.depends_on)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    <DamagedRecords workspace=damaged_workspace.clone() kind=Service::kind() errors=damaged />
                }.into_any()
            }
        }}
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
    use praxis_core::RecordId;

    #[test]
    fn search_looks_at_the_name_the_owner_and_the_customers() {
        let mut service = Service::new(
            RecordId::parse("mail").unwrap(),
            "E-mail",
            ServiceStatus::Live,
        )
        .unwrap();
        service.owner = "Grace Hopper".into();
        service.customers = vec!["Finance".into()];
        for query in ["", "  ", "mail", "GRACE", "fin"] {
            assert!(matches(&service, query), "{query:?}");
        }
        assert!(!matches(&service, "payroll"));
    }
}
