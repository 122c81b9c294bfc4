//! Configuration items and information assets (ISO/IEC 20000-1 8.2.6; ISO/IEC 27001 A.5.9):
//! every item, searchable and filtered (by the services it supports too), and a form to add one.

use leptos::prelude::*;
use praxis_core::itsm::config_item::{
    Classification, ConfigItem, ItemStatus, ItemType, NAME_MAX_CHARS,
};
use praxis_core::itsm::service::Service;
use praxis_core::register::{Cell, Column, Row};
use praxis_core::{RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::services::use_service_catalogue;
use crate::actions::items as actions;
use crate::components::new_record::{Choice, NewRecordForm, creating};
use crate::components::register_list::{Filter, RegisterSpec};
use crate::components::register_page::{RegisterBody, RegisterPage};
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

fn item_filters(services: &[Service], items: &[ConfigItem]) -> Vec<Filter> {
    let mut classification = Filter::named(
        "classification",
        "Classification",
        Classification::ALL,
        Classification::as_str,
        Classification::label,
    );
    classification
        .choices
        .push(("none".to_owned(), "Not classified".to_owned()));
    vec![
        Filter::named(
            "type",
            "Type",
            ItemType::ALL,
            ItemType::as_str,
            ItemType::label,
        ),
        Filter::named(
            "status",
            "Status",
            ItemStatus::ALL,
            ItemStatus::as_str,
            ItemStatus::label,
        ),
        classification,
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
    let services = read_or_empty(use_service_catalogue());
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_items() kind=ConfigItem::kind()
            rows=move |all: &[ConfigItem]| item_rows(all, &services.get())
            filters=move |all: &[ConfigItem]| item_filters(&services.get(), all)
            filter_keys=&["type", "status", "classification", "owner", "service"]
            new_form=new_item />
    }
}

fn new_item(workspace: WorkspaceId) -> AnyView {
    let state = use_app_state();
    let create = creating(move |name: String, chosen: String| {
        let workspace = workspace.clone();
        let item_type = ItemType::parse(&chosen).unwrap_or(ItemType::Other);
        async move { actions::create(state, &workspace, &name, item_type).await }
    });
    let choice = Choice::Named {
        key: "type",
        label: "Type",
        options: ItemType::OPTIONS,
        default: ItemType::Information.as_str(),
    };
    view! {
        <NewRecordForm prefix="item" heading="Add an item" name_label="Name" max_chars=NAME_MAX_CHARS
            button="Add item" path="/items" choice=choice create=create />
    }
    .into_any()
}
