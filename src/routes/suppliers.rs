//! Suppliers (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.19–A.5.22): every supplier, searchable
//! and filtered (by the services it supports, and by reviews or certificates falling due), and
//! a form to add one.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::itsm::contract::Contract;
use praxis_core::itsm::dues::Timeliness;
use praxis_core::itsm::service::Service;
use praxis_core::itsm::supplier::{
    Criticality, NAME_MAX_CHARS, Supplier, SupplierStatus, SupplierType,
};
use praxis_core::register::{Cell, Column, Row};
use praxis_core::{RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::contracts::use_contracts;
use super::services::use_service_catalogue;
use crate::actions::suppliers as actions;
use crate::browser;
use crate::components::new_record::{Choice, NewRecordForm, creating};
use crate::components::register_list::{Filter, RegisterSpec, date_cell, due_filter};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Suppliers() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Suppliers" plural="suppliers"
            list=|workspace| view! { <SupplierList workspace=workspace /> }.into_any()>
            "Who supplies your services, how much you depend on them, the security requirements agreed with them, their certification, performance reviews and exit plans — one register for ISO/IEC 20000-1 8.3.4 and ISO/IEC 27001 A.5.19–A.5.22. Their contracts are in "
            <a href="/contracts">"Contracts"</a>"."
        </RegisterPage>
    }
}

/// The open workspace's suppliers, read again whenever one changes.
pub fn use_suppliers() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Supplier::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "name",
        label: "Supplier",
    },
    Column {
        key: "criticality",
        label: "Criticality",
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
        key: "services",
        label: "Services",
    },
    Column {
        key: "contracts",
        label: "Contracts",
    },
    Column {
        key: "review",
        label: "Next review",
    },
    Column {
        key: "certificate",
        label: "Certificate expires",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "supplier",
    singular: "supplier",
    plural: "suppliers",
    caption: "Suppliers of this workspace",
    search_placeholder: "Name, owner, contact or certification",
    columns: COLUMNS,
    empty: "No suppliers yet. Add the organisations (and internal teams) your services depend on below.",
    board: None,
};

fn supplier_rows(
    suppliers: &[Supplier],
    services: &[Service],
    contracts: &[Contract],
    today: Date,
) -> Vec<Row> {
    suppliers
        .iter()
        .map(|s| {
            let supports: Vec<&Service> = services
                .iter()
                .filter(|v| v.suppliers.contains(&s.id))
                .collect();
            let names: Vec<&str> = supports.iter().map(|v| v.name.as_str()).collect();
            let held = contracts.iter().filter(|c| c.supplier == s.id).count();
            let due = Timeliness::worst([s.next_review(), s.certificate_expires], today);
            let mut row = Row::new(
                s.id.as_str(),
                vec![
                    Cell::text(&s.name).link(format!("/suppliers/{}", s.id)),
                    Cell::number(s.criticality.label(), s.criticality as i64)
                        .badge(format!("criticality-{}", s.criticality.as_str())),
                    Cell::text(s.status.label()),
                    Cell::text(&s.owner),
                    Cell::number(names.join(", "), supports.len() as i64),
                    Cell::number(held.to_string(), held as i64),
                    date_cell(s.next_review(), today),
                    date_cell(s.certificate_expires, today),
                ],
            )
            .searched_by(&s.name)
            .searched_by(&s.owner)
            .searched_by(&s.contact)
            .searched_by(&s.certification)
            .tagged("type", s.supplier_type.as_str())
            .tagged("criticality", s.criticality.as_str())
            .tagged("status", s.status.as_str())
            .tagged("due", due.as_str())
            .tagged("owner", if s.owner.is_empty() { "none" } else { &s.owner });
            for service in supports {
                row = row.tagged("service", service.id.as_str());
            }
            row
        })
        .collect()
}

fn supplier_filters(suppliers: &[Supplier], services: &[Service]) -> Vec<Filter> {
    vec![
        Filter::named(
            "criticality",
            "Criticality",
            Criticality::ALL,
            Criticality::as_str,
            Criticality::label,
        ),
        Filter::named(
            "status",
            "Status",
            SupplierStatus::ALL,
            SupplierStatus::as_str,
            SupplierStatus::label,
        ),
        Filter::named(
            "type",
            "Type",
            SupplierType::ALL,
            SupplierType::as_str,
            SupplierType::label,
        ),
        due_filter("Review or certificate"),
        Filter::people(
            "owner",
            "Owner",
            suppliers.iter().map(|s| s.owner.as_str()),
            "none",
        ),
        Filter::service(services),
    ]
}

#[component]
fn SupplierList(workspace: WorkspaceId) -> impl IntoView {
    let services = read_or_empty(use_service_catalogue());
    let contracts = read_or_empty(use_contracts());
    let today = browser::today_date();
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_suppliers() kind=Supplier::kind()
            rows=move |all: &[Supplier]| supplier_rows(all, &services.get(), &contracts.get(), today)
            filters=move |all: &[Supplier]| supplier_filters(all, &services.get())
            filter_keys=&["criticality", "status", "type", "due", "owner", "service"]
            new_form=new_supplier />
    }
}

fn new_supplier(workspace: WorkspaceId) -> AnyView {
    let state = use_app_state();
    let create = creating(move |name: String, chosen: String| {
        let workspace = workspace.clone();
        let supplier_type = SupplierType::parse(&chosen).unwrap_or(SupplierType::External);
        async move { actions::create(state, &workspace, &name, supplier_type).await }
    });
    let choice = Choice::Named {
        key: "type",
        label: "Type",
        options: SupplierType::OPTIONS,
        default: SupplierType::External.as_str(),
    };
    view! {
        <NewRecordForm prefix="supplier" heading="Add a supplier" name_label="Name" max_chars=NAME_MAX_CHARS
            button="Add supplier" path="/suppliers" choice=choice create=create />
    }
    .into_any()
}
