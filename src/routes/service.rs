//! One service: its details, what it depends on and what depends on it, and its history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::itsm::service::{DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS, Service, ServiceStatus};
use praxis_core::{RecordId, RecordType, WorkspaceId};
use serde_json::Value;

use super::agreements::use_agreements;
use super::changes::read_or_empty;
use super::continuity::use_plans;
use super::items::use_items;
use super::services::use_service_catalogue;
use super::suppliers::use_suppliers;
use crate::actions::services as actions;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::kept_texts::KeptTexts;
use crate::components::link_checks::LinkChecks;
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

/// The service shown, with the catalogue it is part of (for its links).
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    workspace: WorkspaceId,
    service: Service,
    all: Vec<Service>,
}

#[component]
pub fn ServicePage() -> impl IntoView {
    // The catalogue as the list page reads it; the service is picked from it.
    let loaded = use_service_catalogue();
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        |(all, _): actions::Listed, id, workspace| {
            let service = all.iter().find(|s| s.id.as_str() == id).cloned()?;
            Some(Shown {
                workspace,
                service,
                all,
            })
        },
        |s| (s.workspace.clone(), s.service.id.clone()),
        "This service does not exist (it may have been deleted).",
    );
    let title = shown_title(shown, "Service", |s| s.service.name.clone());
    view! {
        <RecordPage crumbs=&[("/registers", "Registers"), ("/services", "Service catalogue")]
            title=title problem=problem which=which
            body=move |workspace, id| view! { <ServiceView workspace=workspace id=id shown=shown /> }.into_any() />
    }
}

#[component]
fn ServiceView(
    workspace: WorkspaceId,
    id: RecordId,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let state = use_app_state();
    let service = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.service.clone())));
    let initial = service.get_untracked().expect("shown");
    let key = Service::key(&workspace, &id);
    // Links are saved at once, each against the service as the page last read it.
    let save_links = {
        let workspace = workspace.clone();
        move |change: Box<dyn FnOnce(&mut Service)>| {
            let Some(before) = service.get_untracked() else {
                return;
            };
            let mut after = before.clone();
            change(&mut after);
            let workspace = workspace.clone();
            spawn_local(async move {
                if let Err(problem) =
                    actions::save(state, &workspace, &before, &after, &BTreeMap::new()).await
                {
                    state.notify(Tone::Error, problem);
                }
            });
        }
    };
    let toggle_dependency = {
        let save = save_links.clone();
        Callback::new(move |(other, on): (RecordId, bool)| {
            save(Box::new(move |s| {
                if on {
                    s.depends_on.insert(other);
                } else {
                    s.depends_on.remove(&other);
                }
            }))
        })
    };
    let toggle_supplier = {
        let save = save_links.clone();
        Callback::new(move |(supplier, on): (RecordId, bool)| {
            save(Box::new(move |s| {
                if on {
                    s.suppliers.insert(supplier);
                } else {
                    s.suppliers.remove(&supplier);
                }
            }))
        })
    };
    let toggle_item = Callback::new(move |(item, on): (RecordId, bool)| {
        save_links(Box::new(move |s| {
            if on {
                s.items.insert(item);
            } else {
                s.items.remove(&item);
            }
        }))
    });
    let dependency_choices = Signal::derive(move || {
        shown.with(|s| {
            s.as_ref()
                .map_or_else(Vec::new, |Shown { service, all, .. }| {
                    all.iter()
                        .filter(|other| other.id != service.id)
                        .map(|other| {
                            (
                                other.id.clone(),
                                other.name.clone(),
                                service.depends_on.contains(&other.id),
                            )
                        })
                        .collect()
                })
        })
    });
    let all_items = read_or_empty(use_items());
    let item_choices = Signal::derive(move || {
        let linked = service.with(|s| s.as_ref().map(|s| s.items.clone()).unwrap_or_default());
        all_items.with(|all| {
            all.iter()
                .map(|i| (i.id.clone(), i.name.clone(), linked.contains(&i.id)))
                .collect::<Vec<_>>()
        })
    });
    let all_suppliers = read_or_empty(use_suppliers());
    let supplier_choices = Signal::derive(move || {
        let linked = service.with(|s| s.as_ref().map(|s| s.suppliers.clone()).unwrap_or_default());
        all_suppliers.with(|all| {
            all.iter()
                .map(|s| (s.id.clone(), s.name.clone(), linked.contains(&s.id)))
                .collect::<Vec<_>>()
        })
    });
    let plans = read_or_empty(use_plans());
    let plans_for = id.clone();
    let new_plan = format!("/continuity?service={id}");
    let plan_links = move || {
        let mine: Vec<(RecordId, String, &'static str)> = plans.with(|all| {
            all.iter()
                .filter(|p| p.service == plans_for)
                .map(|p| (p.id.clone(), p.title.clone(), p.status.label()))
                .collect()
        });
        if mine.is_empty() {
            return view! { <p class="muted">"No continuity plan for this service yet."</p> }
                .into_any();
        }
        view! {
            <ul class="links" data-testid="service-plans">{mine.into_iter().map(|(id, title, status)| view! {
                <li><A href=format!("/continuity/{id}")>{title}</A><span class="hint">{format!(" · {status}")}</span></li>
            }).collect_view()}</ul>
        }.into_any()
    };
    let used_by = move || {
        let Some(Shown { service, all, .. }) = shown.get() else {
            return ().into_any();
        };
        let used_by: Vec<Service> = all
            .into_iter()
            .filter(|s| s.depends_on.contains(&service.id))
            .collect();
        if used_by.is_empty() {
            view! { <p class="muted">"No service depends on this one."</p> }.into_any()
        } else {
            view! { <ul class="links">{used_by.into_iter().map(|s| view! { <li><A href=format!("/services/{}", s.id)>{s.name.clone()}</A></li> }).collect_view()}</ul> }.into_any()
        }
    };
    let agreements = use_agreements();
    let agreements_id = id.clone();
    let new_agreement = format!("/agreements?service={id}");
    let agreement_links = move || {
        let mine: Vec<(String, String, &'static str)> = agreements
            .get()
            .and_then(Result::ok)
            .map(|(all, _)| {
                all.into_iter()
                    .filter(|a| a.service == agreements_id)
                    .map(|a| (format!("/agreements/{}", a.id), a.title, a.kind.label()))
                    .collect()
            })
            .unwrap_or_default();
        if mine.is_empty() {
            view! { <p class="muted">"No agreement covers this service yet: its tickets have no targets."</p> }.into_any()
        } else {
            view! {
                <ul class="links">{mine.into_iter().map(|(href, title, kind)| view! {
                    <li><A href=href>{title}</A><span class="hint">{format!(" · {kind}")}</span></li>
                }).collect_view()}</ul>
            }.into_any()
        }
    };
    let state = use_app_state();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <ServiceForm workspace=workspace.clone() initial=initial.clone() service=service />
        <section class="card" aria-labelledby="service-agreements-title">
            <h2 id="service-agreements-title">"Agreements"</h2>
            {agreement_links}
            <Show when=move || !state.read_only.get()>
                <p><A href=new_agreement.clone()>"Add an agreement for this service"</A></p>
            </Show>
        </section>
        <section class="card" aria-labelledby="depends-title">
            <h2 id="depends-title">"Depends on"</h2>
            <LinkChecks legend="The services this one cannot work without." empty="No other services yet: add them to the catalogue to link them here."
                choices=dependency_choices toggle=toggle_dependency />
            <h3>"Used by"</h3>
            {used_by}
        </section>
        <section class="card" aria-labelledby="service-items-title">
            <h2 id="service-items-title">"Configuration items"</h2>
            <LinkChecks legend="The items and information this service is built from." empty="No items yet: add them under Registers → Configuration items and information assets."
                choices=item_choices toggle=toggle_item />
        </section>
        <section class="card" aria-labelledby="service-suppliers-title">
            <h2 id="service-suppliers-title">"Suppliers"</h2>
            <LinkChecks legend="The suppliers this service depends on." empty="No suppliers yet: add them under Registers → Suppliers."
                choices=supplier_choices toggle=toggle_supplier />
        </section>
        <section class="card" aria-labelledby="service-continuity-title">
            <h2 id="service-continuity-title">"Continuity"</h2>
            {plan_links}
            <Show when=move || !state.read_only.get()>
                <p><A href=new_plan.clone()>"Add a continuity plan for this service"</A></p>
            </Show>
        </section>
        <section class="card" aria-labelledby="service-tickets-title">
            <h2 id="service-tickets-title">"Incidents and requests"</h2>
            <p><A href=format!("/tickets?service={id}")>"This service's tickets, and a form to log one"</A></p>
        </section>
        <DeleteButton label="Delete service" done="Service deleted." back="/services" delete=delete
            question=Signal::derive(move || service.get().map(|s| format!("Delete the service “{}” from the catalogue? Services that depend on it lose that link.", s.name))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Service::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Service::KIND noun="this service" />
    }
}

#[component]
fn ServiceForm(
    workspace: WorkspaceId,
    initial: Service,
    service: Signal<Option<Service>>,
) -> impl IntoView {
    let state = use_app_state();
    let name = SyncedText::new(initial.name.clone());
    let owner = SyncedText::new(initial.owner.clone());
    let customers = SyncedText::new(initial.customers.join("\n"));
    let description = SyncedText::new(initial.description.clone());
    let status = SyncedText::new(initial.status.as_str().to_owned());
    Effect::new(move || {
        if let Some(s) = service.get() {
            name.receive(s.name);
            owner.receive(s.owner);
            customers.receive(s.customers.join("\n"));
            description.receive(s.description);
            status.receive(s.status.as_str().to_owned());
        }
    });
    count_while_unsaved(state, move || {
        name.is_edited()
            || owner.is_edited()
            || customers.is_edited()
            || description.is_edited()
            || status.is_edited()
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let key = Service::key(&workspace, &initial.id);
    let description_field = Signal::derive(move || Some((key.clone(), "description".to_owned())));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Compared with what is stored now, only the fields typed into are saved.
        let Some(stored) = service.get_untracked() else {
            return;
        };
        let after = Service {
            name: name.typed().trim().to_owned(),
            owner: owner.typed().trim().to_owned(),
            customers: Service::customers_from_lines(&customers.typed()),
            description: description.typed(),
            status: ServiceStatus::parse(&status.typed()).unwrap_or(stored.status),
            ..stored.clone()
        };
        let started_from: BTreeMap<String, Option<Value>> = description
            .started_from_field("description")
            .into_iter()
            .collect();
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &stored, &after, &started_from).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Service saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="service-details-title">
            <h2 id="service-details-title">"Details"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="field-row">
                    <div class="field">
                        <label for="service-name">"Name"</label>
                        <input id="service-name" type="text" maxlength=NAME_MAX_CHARS bind:value=name.value />
                    </div>
                    <div class="field">
                        <label for="service-status-edit">"Status"</label>
                        <select id="service-status-edit" bind:value=status.value>
                            {ServiceStatus::ALL.map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for="service-owner">"Owner"</label>
                    <input id="service-owner" type="text" maxlength=NAME_MAX_CHARS bind:value=owner.value />
                </div>
                <div class="field">
                    <label for="service-customers">"Customers"</label>
                    <p class="hint" id="service-customers-hint">"One per line: the groups or organisations that use this service."</p>
                    <textarea id="service-customers" rows="3" aria-describedby="service-customers-hint" bind:value=customers.value></textarea>
                </div>
                <div class="field">
                    <label for="service-description">"Description"</label>
                    <p class="hint" id="service-description-hint">"What the service provides, to whom, and what is not part of it."</p>
                    <textarea id="service-description" rows="4" maxlength=DESCRIPTION_MAX_CHARS aria-describedby="service-description-hint" bind:value=description.value></textarea>
                    <KeptTexts field=description_field kind=Service::KIND text=description what="this description" />
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get()>"Save service"</button>
            </fieldset>
        </form>
    }
}
