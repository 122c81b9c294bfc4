//! One supplier: where it stands, its details (the security requirements and exit plan a key
//! supplier needs), the services it supports (each a checkbox saved at once), its contracts,
//! its performance reviews, its history.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::itsm::supplier::{
    Criticality, NAME_MAX_CHARS, Supplier, SupplierStatus, SupplierType, TEXT_MAX_CHARS,
};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::contracts::{NewContract, use_contracts};
use super::services::{ServiceLinks, service_link_checks, use_service_catalogue};
use super::suppliers::use_suppliers;
use crate::actions::suppliers as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::due_list::dated;
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input,
};
use crate::components::link_checks::LinkChecks;
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::components::supplier_reviews::SupplierReviews;
use crate::state::use_app_state;

#[component]
pub fn SupplierPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_suppliers() id_of=|s: &Supplier| &s.id title_of=|s| s.name.clone()
            fallback="Supplier" missing="This supplier does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/suppliers", "Suppliers")]
            body=|workspace, id, stored| view! { <SupplierView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

const TEXTS: [LongText; 3] = [
    LongText {
        field: "provides",
        label: "What they provide",
        hint: "The goods, services or service components they supply, and to which part of your services.",
    },
    LongText {
        field: "security_requirements",
        label: "Security requirements agreed",
        hint: "What they must do to protect your information and services: access, incidents and their notice, subcontractors, audits. A high or critical supplier needs them before it is active.",
    },
    LongText {
        field: "exit_plan",
        label: "Exit plan",
        hint: "How you would leave them: data returned and deleted, who takes over, how long it takes. A high or critical supplier needs one before it is active.",
    },
];

const SHORT: [&str; 9] = [
    "name",
    "type",
    "criticality",
    "status",
    "owner",
    "contact",
    "certification",
    "certificate_expires",
    "review_months",
];

impl FormFields for Supplier {
    const SHORT: &'static [&'static str] = &SHORT;
    const LONG: &'static [&'static str] = &["provides", "security_requirements", "exit_plan"];

    fn short_text(&self, field: &str) -> String {
        match field {
            "name" => self.name.clone(),
            "type" => self.supplier_type.as_str().to_owned(),
            "criticality" => self.criticality.as_str().to_owned(),
            "status" => self.status.as_str().to_owned(),
            "owner" => self.owner.clone(),
            "contact" => self.contact.clone(),
            "certification" => self.certification.clone(),
            "review_months" => self.review_months.to_string(),
            _ => self
                .certificate_expires
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        let text = text.trim();
        match field {
            "name" => self.name = text.to_owned(),
            "type" => self.supplier_type = SupplierType::parse(text).unwrap_or(self.supplier_type),
            "criticality" => {
                self.criticality = Criticality::parse(text).unwrap_or(self.criticality)
            }
            "status" => self.status = SupplierStatus::parse(text).unwrap_or(self.status),
            "owner" => self.owner = text.to_owned(),
            "contact" => self.contact = text.to_owned(),
            "certification" => self.certification = text.to_owned(),
            "review_months" => self.review_months = text.parse().unwrap_or(self.review_months),
            _ => self.certificate_expires = praxis_core::date::Date::parse(text).ok(),
        }
    }

    fn long_text(&self, field: &str) -> &str {
        match field {
            "provides" => &self.provides,
            "security_requirements" => &self.security_requirements,
            _ => &self.exit_plan,
        }
    }

    fn set_long_text(&mut self, field: &str, text: String) {
        match field {
            "provides" => self.provides = text,
            "security_requirements" => self.security_requirements = text,
            _ => self.exit_plan = text,
        }
    }
}

/// The details form's short fields, row by row.
fn fields() -> Vec<Vec<FieldSpec>> {
    let choice = |options| Input::Choice {
        options,
        blank: None,
    };
    vec![
        vec![
            FieldSpec::text("name", "Name", NAME_MAX_CHARS),
            FieldSpec::with("type", "Type", choice(SupplierType::OPTIONS)),
        ],
        vec![
            FieldSpec::with("criticality", "Criticality", choice(Criticality::OPTIONS)),
            FieldSpec::with("status", "Status", choice(SupplierStatus::OPTIONS)),
        ],
        vec![
            FieldSpec::text("owner", "Owner (manages the relationship)", NAME_MAX_CHARS),
            FieldSpec::text("contact", "Contact at the supplier", NAME_MAX_CHARS),
        ],
        vec![
            FieldSpec::with(
                "certification",
                "Certification held",
                Input::Text {
                    max: NAME_MAX_CHARS,
                    placeholder: "e.g. ISO/IEC 27001:2022",
                },
            ),
            FieldSpec::with("certificate_expires", "Certificate expires", Input::Date),
        ],
        vec![FieldSpec::with(
            "review_months",
            "Performance review every (months)",
            Input::Number {
                max: u32::from(praxis_core::itsm::supplier::MAX_REVIEW_MONTHS),
            },
        )],
    ]
}

#[component]
fn SupplierView(
    workspace: WorkspaceId,
    id: RecordId,
    stored: Signal<Option<Supplier>>,
) -> impl IntoView {
    let state = use_app_state();
    let services = read_or_empty(use_service_catalogue());
    let contracts = read_or_empty(use_contracts());
    let form = FieldForm::new(stored);
    let save_to = workspace.clone();
    let (save, error, busy) = form.on_submit("Supplier saved.", move |before, after, started| {
        let workspace = save_to.clone();
        async move { actions::save(state, &workspace, &before, &after, &started).await }
    });
    let (service_choices, supports) = service_link_checks(
        workspace.clone(),
        services,
        id.clone(),
        ServiceLinks::Suppliers,
    );
    let own = id.clone();
    let held = move || {
        let today = browser::today_date();
        let held: Vec<_> = contracts.with(|all| {
            all.iter()
                .filter(|c| c.supplier == own)
                .map(|c| (c.id.clone(), c.title.clone(), c.standing(today)))
                .collect()
        });
        if held.is_empty() {
            return view! { <p class="muted">"No contracts with this supplier yet."</p> }
                .into_any();
        }
        view! {
            <ul class="links" data-testid="supplier-contracts">
                {held.into_iter().map(|(id, title, standing)| view! {
                    <li><A href=format!("/contracts/{id}")>{title}</A>" "<span class=format!("badge contract-{}", standing.as_str())>{standing.label()}</span></li>
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let summary = move || {
        let s = stored.get()?;
        let today = browser::today_date();
        let last = s.last_review().map_or_else(
            || "None recorded".to_owned(),
            |r| {
                format!(
                    "{} on {}",
                    r.rating.map_or("", |r| r.label()),
                    r.done.map(|d| d.to_string()).unwrap_or_default()
                )
            },
        );
        let certificate = if s.certification.is_empty() {
            "None recorded".to_owned()
        } else {
            format!(
                "{}, expires {}",
                s.certification,
                dated(s.certificate_expires, today, "—")
            )
        };
        Some(view! {
            <dl class="facts">
                <dt>"Standing"</dt><dd data-testid="supplier-standing">{format!("{} · {} criticality", s.status.label(), s.criticality.label())}</dd>
                <dt>"Next review"</dt><dd data-testid="supplier-next-review">{dated(s.next_review(), today, "None planned")}</dd>
                <dt>"Last review"</dt><dd>{last}</dd>
                <dt>"Certification"</dt><dd>{certificate}</dd>
            </dl>
        })
    };
    let key = Supplier::key(&workspace, &id);
    let long_key = key.clone();
    let (contract_to, contract_for) = (workspace.clone(), id.clone());
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card">{summary}</section>
        <DetailsCard prefix="supplier" button="Save supplier" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="supplier" rows=fields() texts=form.all_texts() />
            <LongTexts key=long_key kind=Supplier::KIND prefix="supplier" fields=&TEXTS texts=form.texts(Supplier::LONG)
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| Supplier::LONG.to_vec()) />
        </DetailsCard>
        <section class="card" aria-labelledby="supplier-services-title">
            <h2 id="supplier-services-title">"Supports the services"</h2>
            <LinkChecks legend="The services that depend on this supplier." empty="No services yet: add them to the catalogue to link them here."
                choices=service_choices toggle=supports />
        </section>
        <section class="card" aria-labelledby="supplier-contracts-title">
            <h2 id="supplier-contracts-title">"Contracts"</h2>
            {held}
        </section>
        <Show when=move || !state.read_only.get()>
            <NewContract workspace=contract_to.clone() supplier=Some(contract_for.clone()) />
        </Show>
        <SupplierReviews workspace=workspace.clone() stored=stored />
        <DeleteButton label="Delete supplier" done="Supplier deleted." back="/suppliers" delete=delete
            question=Signal::derive(move || stored.get().map(|s| format!("Delete “{}”? Services that name it lose that link.", s.name))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Supplier::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Supplier::KIND noun="this supplier" />
    }
}
