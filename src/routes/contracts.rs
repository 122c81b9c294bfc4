//! Contracts with suppliers (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.20): every contract with
//! where it stands, when notice is due and whether its data processing is covered, filtered by
//! supplier and by notice falling due; and a form to add one.

use leptos::prelude::*;
use praxis_core::date::Date;
use praxis_core::itsm::contract::{Contract, DataProcessing, NAME_MAX_CHARS, Standing};
use praxis_core::itsm::dues::Timeliness;
use praxis_core::itsm::supplier::Supplier;
use praxis_core::register::{Cell, Column, Row};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::suppliers::use_suppliers;
use crate::actions::contracts as actions;
use crate::browser;
use crate::components::new_record::{Choice, NewRecordForm, creating, record_choices};
use crate::components::register_list::{Filter, RegisterSpec};
use crate::components::register_list::{date_cell, due_filter};
use crate::components::register_page::{RegisterBody, RegisterPage};
use crate::state::use_app_state;

#[component]
pub fn Contracts() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/registers", "Registers") title="Contracts" plural="contracts"
            list=|workspace| view! { <ContractList workspace=workspace /> }.into_any()>
            "The contracts with your "<a href="/suppliers">"suppliers"</a>": dates and the notice to give before renewal, the security clauses written into them, data processing agreements, and the service level agreements each underpins (ISO/IEC 20000-1 8.3.4; ISO/IEC 27001 A.5.20)."
        </RegisterPage>
    }
}

/// The open workspace's contracts, read again whenever one changes.
pub fn use_contracts() -> LocalResource<Result<actions::Listed, String>> {
    super::use_register(&[Contract::KIND], |state, workspace| async move {
        actions::list(state, &workspace).await
    })
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Contract",
    },
    Column {
        key: "supplier",
        label: "Supplier",
    },
    Column {
        key: "standing",
        label: "Standing",
    },
    Column {
        key: "ends",
        label: "Ends",
    },
    Column {
        key: "notice",
        label: "Notice by",
    },
    Column {
        key: "dpa",
        label: "Data processing",
    },
    Column {
        key: "agreements",
        label: "Agreements",
    },
];

const SPEC: RegisterSpec = RegisterSpec {
    register: "contract",
    singular: "contract",
    plural: "contracts",
    caption: "Contracts with suppliers of this workspace",
    search_placeholder: "Title, reference, supplier or owner",
    columns: COLUMNS,
    empty: "No contracts yet. Add one below, or from its supplier's page.",
    board: None,
};

/// A contract's data processing, as the list says it ("Not assessed" when unset).
pub fn dpa_label(dpa: Option<DataProcessing>) -> &'static str {
    dpa.map_or("Not assessed", |d| match d {
        DataProcessing::NotNeeded => "Not needed",
        DataProcessing::Needed => "Needed, not signed",
        DataProcessing::Signed => "Signed",
    })
}

fn contract_rows(contracts: &[Contract], suppliers: &[Supplier], today: Date) -> Vec<Row> {
    contracts
        .iter()
        .map(|c| {
            let supplier = suppliers
                .iter()
                .find(|s| s.id == c.supplier)
                .map_or("A supplier no longer recorded", |s| s.name.as_str());
            let standing = c.standing(today);
            let dpa = c.data_processing.map_or("none", DataProcessing::as_str);
            let notice = (c.notice_days > 0).then(|| c.notice_by()).flatten();
            Row::new(
                c.id.as_str(),
                vec![
                    Cell::text(&c.title).link(format!("/contracts/{}", c.id)),
                    Cell::text(supplier),
                    Cell::text(standing.label()).badge(format!("contract-{}", standing.as_str())),
                    date_cell(c.ends, today),
                    date_cell(notice, today),
                    Cell::text(dpa_label(c.data_processing)).badge(format!("dpa-{dpa}")),
                    Cell::number(c.agreements.len().to_string(), c.agreements.len() as i64),
                ],
            )
            .searched_by(&c.title)
            .searched_by(&c.reference)
            .searched_by(supplier)
            .searched_by(&c.owner)
            .tagged("supplier", c.supplier.as_str())
            .tagged("standing", standing.as_str())
            .tagged("dpa", dpa)
            .tagged(
                "due",
                match standing {
                    Standing::Ended | Standing::Draft => "undated",
                    _ => Timeliness::of(notice, today).as_str(),
                },
            )
        })
        .collect()
}

fn contract_filters(suppliers: &[Supplier]) -> Vec<Filter> {
    let mut dpa = Filter::named(
        "dpa",
        "Data processing",
        DataProcessing::ALL,
        DataProcessing::as_str,
        |d| dpa_label(Some(d)),
    );
    dpa.choices
        .push(("none".to_owned(), "Not assessed".to_owned()));
    vec![
        Filter {
            key: "supplier",
            label: "Supplier",
            any: "Any",
            choices: suppliers
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect(),
        },
        Filter {
            key: "standing",
            label: "Standing",
            any: "Any",
            choices: Standing::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
                .collect(),
        },
        due_filter("Notice"),
        dpa,
    ]
}

#[component]
fn ContractList(workspace: WorkspaceId) -> impl IntoView {
    let suppliers = read_or_empty(use_suppliers());
    let today = browser::today_date();
    view! {
        <RegisterBody workspace=workspace spec=SPEC loaded=use_contracts() kind=Contract::kind()
            rows=move |all: &[Contract]| contract_rows(all, &suppliers.get(), today)
            filters=move |_: &[Contract]| contract_filters(&suppliers.get())
            filter_keys=&["supplier", "standing", "due", "dpa"]
            new_form=|workspace| view! { <NewContract workspace=workspace supplier=None /> }.into_any() />
    }
}

/// Adds a contract, with a supplier chosen (or given: on the supplier's page).
#[component]
pub fn NewContract(workspace: WorkspaceId, supplier: Option<RecordId>) -> impl IntoView {
    let state = use_app_state();
    let suppliers = read_or_empty(use_suppliers());
    let records = record_choices(suppliers, |s: &Supplier| (&s.id, &s.name));
    let create = creating(move |title: String, chosen: String| {
        let workspace = workspace.clone();
        async move {
            let supplier = RecordId::parse(&chosen).map_err(|e| e.to_string())?;
            actions::create(state, &workspace, &title, &supplier).await
        }
    });
    let choice = Choice::Record {
        key: "supplier",
        label: "Supplier",
        records,
        given: supplier,
        missing: Some("Choose the supplier the contract is with."),
    };
    view! {
        <NewRecordForm prefix="contract" heading="Add a contract" name_label="Title" max_chars=NAME_MAX_CHARS
            button="Add contract" path="/contracts" choice=choice create=create />
    }
}
