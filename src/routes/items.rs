//! Configuration items and information assets (ISO/IEC 20000-1 8.2.6; ISO/IEC 27001 A.5.9):
//! every item, searchable and filtered (by the services it supports too), and a form to add one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use praxis_core::itsm::config_item::{
    Classification, ConfigItem, ItemStatus, ItemType, NAME_MAX_CHARS,
};
use praxis_core::itsm::service::Service;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::services::use_service_catalogue;
use crate::actions::items as actions;
use crate::components::damaged::DamagedRecords;
use crate::components::register_list::{Filter, RegisterList, RegisterSpec};
use crate::components::register_page::RegisterPage;
use crate::state::use_app_state;

#[component]
pub fn Items() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Configuration items and information assets" plural="items"
            list=|workspace| view! { <ItemList workspace=workspace /> }.into_any()>
            "What services are built from and the information you hold, one register for both: type, owner, status, classification, what each depends on and which services it supports (ISO/IEC 20000-1 8.2.6; ISO/IEC 27001 A.5.9, A.5.12)."
        </RegisterPage>
    }
}

/// The open workspace's items, read again whenever one changes.
pub fn use_items() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[ConfigItem::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "name",
        label: "Item",
    },
    Column {
        key: "type",
        label: "Type",
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
        key: "classification",
        label: "Classification",
    },
    Column {
        key: "services",
        label: "Services",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "item",
    singular: "item",
    plural: "items",
    caption: "Configuration items and information assets of this workspace",
    search_placeholder: "Name, owner, location or identifier",
    columns: COLUMNS,
    empty: "No items yet. Add the information you hold and what your services run on below.",
    board: None,
};

fn item_rows(items: &[ConfigItem], services: &[Service]) -> Vec<Row> {
    items
        .iter()
        .map(|i| {
            let supports: Vec<&Service> = services
                .iter()
                .filter(|s| s.items.contains(&i.id))
                .collect();
            let names: Vec<&str> = supports.iter().map(|s| s.name.as_str()).collect();
            let mut row = Row::new(
                i.id.as_str(),
                vec![
                    Cell::text(&i.name).link(format!("/items/{}", i.id)),
                    Cell::text(i.item_type.label()),
                    Cell::text(i.status.label()).badge(format!("item-{}", i.status.as_str())),
                    Cell::text(&i.owner),
                    Cell::text(i.classification.map_or("", |c| c.label())),
                    Cell::number(names.join(", "), supports.len() as i64),
                ],
            )
            .searched_by(&i.name)
            .searched_by(&i.owner)
            .searched_by(&i.location)
            .searched_by(&i.identifier)
            .tagged("type", i.item_type.as_str())
            .tagged("status", i.status.as_str())
            .tagged(
                "classification",
                i.classification.map_or("none", |c| c.as_str()),
            )
            .tagged(
                "owner",
                if i.owner.is_empty() {
                    "none"
                } else {
                    i.owner.as_str()
                },
            );
            for service in supports {
                row = row.tagged("service", service.id.as_str());
            }
            row
        })
        .collect()
}

/// A filter over one of the kind's named values.
fn choices<T: Copy>(
    all: &[T],
    name: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (name(*v).to_owned(), label(*v).to_owned()))
        .collect()
}

fn item_filters(services: &[Service], items: &[ConfigItem]) -> Vec<Filter> {
    let mut classifications = choices(
        Classification::ALL,
        Classification::as_str,
        Classification::label,
    );
    classifications.push(("none".to_owned(), "Not classified".to_owned()));
    vec![
        Filter {
            key: "type",
            label: "Type",
            any: "Any",
            choices: choices(ItemType::ALL, ItemType::as_str, ItemType::label),
        },
        Filter {
            key: "status",
            label: "Status",
            any: "Any",
            choices: choices(ItemStatus::ALL, ItemStatus::as_str, ItemStatus::label),
        },
        Filter {
            key: "classification",
            label: "Classification",
            any: "Any",
            choices: classifications,
        },
        Filter::people(
            "owner",
            "Owner",
            items.iter().map(|i| i.owner.as_str()),
            "none",
        ),
        Filter::service(services),
    ]
}

#[component]
fn ItemList(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let loaded = use_items();
    let services = read_or_empty(use_service_catalogue());
    let rows = Memo::new(move |_| {
        let services = services.get();
        loaded
            .get()
            .map(|read| read.map(|(i, _)| item_rows(&i, &services)))
    });
    let filters = Memo::new(move |_| {
        let items = loaded
            .get()
            .and_then(Result::ok)
            .map(|(i, _)| i)
            .unwrap_or_default();
        item_filters(&services.get(), &items)
    });
    let damaged = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|(_, d)| d)
            .unwrap_or_default()
    };
    let damaged_workspace = workspace.clone();
    view! {
        <RegisterList spec=SPEC rows=rows filters=filters default_view=View::default()
            filter_keys=&["type", "status", "classification", "owner", "service"] />
        {move || view! { <DamagedRecords workspace=damaged_workspace.clone() kind=ConfigItem::kind() errors=damaged() /> }}
        <Show when=move || !state.read_only.get()>
            <NewItem workspace=workspace.clone() />
        </Show>
    }
}

#[component]
fn NewItem(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(ItemType::Information.as_str().to_owned());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let item_type = ItemType::parse(&kind.get_untracked()).unwrap_or(ItemType::Other);
        let (typed, workspace, navigate) =
            (name.get_untracked(), workspace.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, &typed, item_type).await {
                Ok(id) => navigate(&format!("/items/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-item-title">
            <h2 id="new-item-title">"Add an item"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="new-item-name">"Name"</label>
                    <input id="new-item-name" type="text" maxlength=NAME_MAX_CHARS bind:value=name />
                </div>
                <div class="field">
                    <label for="new-item-type">"Type"</label>
                    <select id="new-item-type" bind:value=kind>
                        {ItemType::ALL.iter().map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>"Add item"</button>
        </form>
    }
}
