//! One contract: its supplier and where it stands, its details (dates, notice, security
//! clauses, data processing), the service level agreements it underpins (each a checkbox saved
//! at once, each agreement one click away with its service), its history.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::date::Date;
use praxis_core::itsm::contract::{
    Contract, DataProcessing, NAME_MAX_CHARS, NOTICE_MAX_DAYS, TEXT_MAX_CHARS,
};
use praxis_core::itsm::supplier::Supplier;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::agreements::use_agreements;
use super::changes::read_or_empty;
use super::contracts::{dpa_label, use_contracts};
use super::services::use_service_catalogue;
use super::suppliers::use_suppliers;
use crate::actions::contracts as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input, link_toggle,
};
use crate::components::link_checks::LinkChecks;
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::new_record::record_choices;
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::components::synced_text::SyncedText;
use crate::state::use_app_state;

#[component]
pub fn ContractPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_contracts() id_of=|c: &Contract| &c.id title_of=|c| c.title.clone()
            fallback="Contract" missing="This contract does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/contracts", "Contracts")]
            body=|workspace, id, stored| view! { <ContractView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 2] = [
    LongText {
        field: "scope",
        label: "What it covers",
        hint: "The services, components or goods it covers, and any volumes or limits.",
    },
    LongText {
        field: "security_clauses",
        label: "Security clauses",
        hint: "The information security requirements written into it: confidentiality, access, incident notice, subcontracting, right to audit, return and deletion of data at its end.",
    },
];

const SHORT: [&str; 9] = [
    "title",
    "supplier",
    "reference",
    "owner",
    "starts",
    "ends",
    "notice_days",
    "auto_renews",
    "data_processing",
];

impl FormFields for Contract {
    const SHORT: &'static [&'static str] = &SHORT;
    const LONG: &'static [&'static str] = &["scope", "security_clauses"];

    fn short_text(&self, field: &str) -> String {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        match field {
            "title" => self.title.clone(),
            "supplier" => self.supplier.to_string(),
            "reference" => self.reference.clone(),
            "owner" => self.owner.clone(),
            "starts" => date(self.starts),
            "ends" => date(self.ends),
            "notice_days" => self.notice_days.to_string(),
            "auto_renews" => SyncedText::flag(self.auto_renews),
            _ => self
                .data_processing
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        match field {
            "title" => self.title = text.to_owned(),
            "supplier" => self.supplier = RecordId::parse(text).unwrap_or(self.supplier.clone()),
            "reference" => self.reference = text.to_owned(),
            "owner" => self.owner = text.to_owned(),
            "starts" => self.starts = Date::parse(text).ok(),
            "ends" => self.ends = Date::parse(text).ok(),
            // Out of range is the contract's rule to say; blank is no notice period.
            "notice_days" if text.is_empty() => self.notice_days = 0,
            "notice_days" => self.notice_days = text.parse().unwrap_or(NOTICE_MAX_DAYS + 1),
            "auto_renews" => self.auto_renews = text == "1",
            _ => self.data_processing = DataProcessing::parse(text),
        }
    }

    fn long_text(&self, field: &str) -> &str {
        if field == "scope" {
            &self.scope
        } else {
            &self.security_clauses
        }
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        if field == "scope" {
            self.scope = text;
        } else {
            self.security_clauses = text;
        }
    }
}

/// The details form's short fields, row by row.
fn fields(suppliers: Signal<Vec<(String, String)>>) -> Vec<Vec<FieldSpec>> {
    vec![
        vec![
            FieldSpec::text("title", "Title", NAME_MAX_CHARS),
            FieldSpec::with("supplier", "Supplier", Input::Record(suppliers, None)),
        ],
        vec![
            FieldSpec::text("reference", "Reference", NAME_MAX_CHARS),
            FieldSpec::text("owner", "Owner", NAME_MAX_CHARS),
        ],
        vec![
            FieldSpec::with("starts", "Starts", Input::Date),
            FieldSpec::with("ends", "Ends", Input::Date),
            FieldSpec::with(
                "notice_days",
                "Notice period (days)",
                Input::Number {
                    max: NOTICE_MAX_DAYS,
                },
            ),
        ],
        vec![
            FieldSpec::with(
                "auto_renews",
                "Renews by itself unless notice is given",
                Input::Check,
            ),
            FieldSpec::with(
                "data_processing",
                "Data processing agreement",
                Input::Choice {
                    options: DataProcessing::OPTIONS,
                    blank: Some("Not assessed"),
                },
            ),
        ],
    ]
}

#[component]
fn ContractView(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<Contract>>,
) -> impl IntoView {
    let state = use_app_state();
    let suppliers = read_or_empty(use_suppliers());
    let agreements = read_or_empty(use_agreements());
    let services = read_or_empty(use_service_catalogue());
    let form = FieldForm::new(stored);
    let save_to = workspace.clone();
    let (save, error, busy) = form.on_submit("Contract saved.", move |before, after, started| {
        let workspace = save_to.clone();
        async move { actions::save(state, &workspace, &before, &after, &started).await }
    });
    let link_to = workspace.clone();
    let underpins = link_toggle(
        state,
        stored,
        |c: &mut Contract| &mut c.agreements,
        move |before, after| {
            let workspace = link_to.clone();
            async move { actions::save(state, &workspace, &before, &after, &Default::default()).await }
        },
    );
    let service_name = move |id: &RecordId| {
        services.with(|all| {
            all.iter().find(|s| &s.id == id).map_or_else(
                || "a service no longer recorded".to_owned(),
                |s| s.name.clone(),
            )
        })
    };
    let agreement_choices = Signal::derive(move || {
        let linked = stored.with(|c| c.as_ref().map(|c| c.agreements.clone()).unwrap_or_default());
        agreements.with(|all| {
            all.iter()
                .map(|a| {
                    let name = format!("{} ({})", a.title, service_name(&a.service));
                    (a.id.clone(), name, linked.contains(&a.id))
                })
                .collect::<Vec<_>>()
        })
    });
    let summary = move || {
        let c = stored.get()?;
        let supplier = suppliers.with(|all| {
            all.iter()
                .find(|s| s.id == c.supplier)
                .map(|s| s.name.clone())
        });
        let standing = c.standing(browser::today_date());
        let notice = (c.notice_days > 0)
            .then(|| c.notice_by())
            .flatten()
            .map_or_else(|| "No notice period".to_owned(), |d| d.to_string());
        let linked: Vec<(RecordId, String, RecordId)> = agreements.with(|all| {
            all.iter()
                .filter(|a| c.agreements.contains(&a.id))
                .map(|a| (a.id.clone(), a.title.clone(), a.service.clone()))
                .collect()
        });
        Some(view! {
            <dl class="facts">
                <dt>"Supplier"</dt>
                <dd data-testid="contract-supplier">{match supplier {
                    Some(name) => view! { <A href=format!("/suppliers/{}", c.supplier)>{name}</A> }.into_any(),
                    None => view! { <span>"A supplier no longer recorded"</span> }.into_any(),
                }}</dd>
                <dt>"Standing"</dt>
                <dd><span class=format!("badge contract-{}", standing.as_str()) data-testid="contract-standing">{standing.label()}</span></dd>
                <dt>"Notice by"</dt><dd data-testid="contract-notice">{notice}</dd>
                <dt>"Data processing"</dt><dd>{dpa_label(c.data_processing)}</dd>
                <dt>"Underpins"</dt>
                <dd data-testid="contract-agreements">{if linked.is_empty() {
                    view! { <span>"No agreements linked"</span> }.into_any()
                } else {
                    view! { <ul class="plain-list">{linked.into_iter().map(|(id, title, service)| view! {
                        <li><A href=format!("/agreements/{id}")>{title}</A>" for "<A href=format!("/services/{service}")>{service_name(&service)}</A></li>
                    }).collect_view()}</ul> }.into_any()
                }}</dd>
            </dl>
        })
    };
    let key = Contract::key(&workspace, &id);
    let long_key = key.clone();
    let supplier_choices = record_choices(suppliers, |s: &Supplier| (&s.id, &s.name));
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card">{summary}</section>
        <DetailsCard prefix="contract" button="Save contract" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="contract" rows=fields(supplier_choices) texts=form.all_texts() />
            <LongTexts key=long_key kind=Contract::KIND prefix="contract" fields=&TEXTS texts=form.texts(Contract::LONG)
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| Contract::LONG.to_vec()) />
        </DetailsCard>
        <section class="card" aria-labelledby="contract-agreements-title">
            <h2 id="contract-agreements-title">"Agreements it underpins"</h2>
            <LinkChecks legend="The service level and internal agreements that rely on this contract." empty="No agreements yet: add them under Service level agreements to link them here."
                choices=agreement_choices toggle=underpins />
        </section>
        <DeleteButton label="Delete contract" done="Contract deleted." back="/contracts" delete=delete
            question=Signal::derive(move || stored.get().map(|c| format!("Delete “{}”?", c.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Contract::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Contract::KIND noun="this contract" />
    }
}
