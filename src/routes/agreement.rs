//! One agreement: what it covers and when, its service hours, its targets per priority, its
//! report per month, and its history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::date::Date;
use praxis_core::decimal::parse_decimal;
use praxis_core::itsm::agreement::{Agreement, TEXT_MAX_CHARS, TITLE_MAX_CHARS};
use praxis_core::itsm::service::Service;
use praxis_core::{RecordId, RecordType, WorkspaceId};
use serde_json::Value;

use super::agreements::{kind_options, kind_str, parse_kind, use_agreements};
use super::changes::read_or_empty;
use super::contracts::use_contracts;
use super::services::use_service_catalogue;
use super::suppliers::use_suppliers;
use super::tickets::use_tickets;
use crate::actions::agreements as actions;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::hours_editor::HoursEditor;
use crate::components::kept_texts::KeptTexts;
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::components::sla_report::SlaReport;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::components::targets_editor::TargetsEditor;
use crate::state::{Tone, use_app_state};

#[derive(Debug, Clone, PartialEq)]
struct Shown {
    workspace: WorkspaceId,
    agreement: Agreement,
}

#[component]
pub fn AgreementPage() -> impl IntoView {
    let loaded = use_agreements();
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        |(all, _): actions::Listed, id, workspace| {
            let agreement = all.into_iter().find(|a| a.id.as_str() == id)?;
            Some(Shown {
                workspace,
                agreement,
            })
        },
        |s| (s.workspace.clone(), s.agreement.id.clone()),
        "This agreement does not exist (it may have been deleted).",
    );
    let title = shown_title(shown, "Agreement", |s| s.agreement.title.clone());
    view! {
        <RecordPage crumbs=&[("/registers", "Registers"), ("/agreements", "Service level agreements")]
            title=title problem=problem which=which
            body=move |workspace, id| view! { <AgreementView workspace=workspace id=id shown=shown /> }.into_any() />
    }
}

#[component]
fn AgreementView(
    workspace: WorkspaceId,
    id: RecordId,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let agreement = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.agreement.clone())));
    let catalogue = use_service_catalogue();
    let services = Signal::derive(move || {
        catalogue
            .get()
            .and_then(Result::ok)
            .map(|(s, _)| s)
            .unwrap_or_default()
    });
    let loaded_tickets = use_tickets();
    let tickets = Signal::derive(move || {
        loaded_tickets
            .get()
            .and_then(Result::ok)
            .map(|(t, _, _)| t)
            .unwrap_or_default()
    });
    let matrix = Signal::derive(move || {
        loaded_tickets
            .get()
            .and_then(Result::ok)
            .map(|(_, _, s)| s.priority_matrix)
            .unwrap_or_default()
    });
    let contracts = read_or_empty(use_contracts());
    let suppliers = read_or_empty(use_suppliers());
    let own = id.clone();
    let underpinned = move || {
        let held: Vec<(RecordId, String, String)> = contracts.with(|all| {
            all.iter()
                .filter(|c| c.agreements.contains(&own))
                .map(|c| {
                    let supplier = suppliers.with(|s| {
                        s.iter()
                            .find(|s| s.id == c.supplier)
                            .map_or_else(String::new, |s| format!(" · {}", s.name))
                    });
                    (c.id.clone(), c.title.clone(), supplier)
                })
                .collect()
        });
        if held.is_empty() {
            return view! { <p class="muted">"No supplier contract is linked to this agreement. Link one from the contract's page."</p> }.into_any();
        }
        view! {
            <ul class="links" data-testid="agreement-contracts">{held.into_iter().map(|(id, title, supplier)| view! {
                <li><A href=format!("/contracts/{id}")>{title}</A><span class="hint">{supplier}</span></li>
            }).collect_view()}</ul>
        }.into_any()
    };
    let key = Agreement::key(&workspace, &id);
    let state = use_app_state();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <Summary agreement=agreement services=services />
        <DetailsForm workspace=workspace.clone() agreement=agreement services=services />
        <HoursEditor workspace=workspace.clone() agreement=agreement />
        <TargetsEditor workspace=workspace.clone() agreement=agreement />
        <SlaReport workspace=workspace.clone() agreement=agreement tickets=tickets matrix=matrix />
        <section class="card" aria-labelledby="agreement-contracts-title">
            <h2 id="agreement-contracts-title">"Underpinning contracts"</h2>
            {underpinned}
        </section>
        <DeleteButton label="Delete agreement" done="Agreement deleted." back="/agreements" delete=delete
            question=Signal::derive(move || agreement.get().map(|a| format!("Delete the agreement “{}”? Its tickets stay, but are no longer measured against its targets.", a.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Agreement::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Agreement::KIND noun="this agreement" />
    }
}

fn service_name(services: &[Service], id: &RecordId) -> String {
    services.iter().find(|s| &s.id == id).map_or_else(
        || "a service no longer in the catalogue".to_owned(),
        |s| s.name.clone(),
    )
}

#[component]
fn Summary(agreement: Signal<Option<Agreement>>, services: Signal<Vec<Service>>) -> impl IntoView {
    let facts = move || {
        let a = agreement.get()?;
        let service = services.with(|all| service_name(all, &a.service));
        let period = match (a.valid_from, a.valid_until) {
            (None, None) => "Until it is ended".to_owned(),
            (from, until) => format!(
                "From {} until {}",
                from.map_or("…".to_owned(), |d| d.to_string()),
                until.map_or("…".to_owned(), |d| d.to_string())
            ),
        };
        Some(view! {
            <dl class="facts">
                <dt>"Kind"</dt><dd>{a.kind.label()}</dd>
                <dt>"Service"</dt><dd><A href=format!("/services/{}", a.service)>{service}</A></dd>
                <dt>"Service hours"</dt><dd data-testid="agreement-hours">{a.hours.describe()}</dd>
                <dt>"In force"</dt><dd>{period}</dd>
                <dt>"Tickets"</dt><dd><A href=format!("/tickets?service={}", a.service)>"This service's tickets"</A></dd>
            </dl>
        })
    };
    view! {
        <section class="card" aria-labelledby="agreement-summary-title">
            <h2 id="agreement-summary-title" class="visually-hidden">"Summary"</h2>
            {facts}
        </section>
    }
}

fn date_text(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

fn number_text(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The agreement's own fields, each following the stored value until typed in.
#[derive(Debug, Clone, Copy)]
struct Fields {
    title: SyncedText,
    kind: SyncedText,
    service: SyncedText,
    customer: SyncedText,
    availability: SyncedText,
    valid_from: SyncedText,
    valid_until: SyncedText,
    review_due: SyncedText,
    workload: SyncedText,
    exceptions: SyncedText,
}

impl Fields {
    fn texts(a: &Agreement) -> [String; 10] {
        [
            a.title.clone(),
            kind_str(a.kind).to_owned(),
            a.service.to_string(),
            a.customer.clone(),
            number_text(a.availability),
            date_text(a.valid_from),
            date_text(a.valid_until),
            date_text(a.review_due),
            a.workload.clone(),
            a.exceptions.clone(),
        ]
    }

    fn all(&self) -> [SyncedText; 10] {
        [
            self.title,
            self.kind,
            self.service,
            self.customer,
            self.availability,
            self.valid_from,
            self.valid_until,
            self.review_due,
            self.workload,
            self.exceptions,
        ]
    }

    fn new(a: &Agreement) -> Self {
        let [
            title,
            kind,
            service,
            customer,
            availability,
            valid_from,
            valid_until,
            review_due,
            workload,
            exceptions,
        ] = Self::texts(a).map(SyncedText::new);
        Self {
            title,
            kind,
            service,
            customer,
            availability,
            valid_from,
            valid_until,
            review_due,
            workload,
            exceptions,
        }
    }

    fn receive(&self, a: &Agreement) {
        for (field, text) in self.all().into_iter().zip(Self::texts(a)) {
            field.receive(text);
        }
    }

    /// `stored` with what was typed, or the first field that cannot be read.
    fn apply(&self, stored: &Agreement) -> Result<Agreement, String> {
        let date = |field: &SyncedText, name: &str| -> Result<Option<Date>, String> {
            let typed = field.typed();
            let typed = typed.trim();
            (!typed.is_empty())
                .then(|| Date::parse(typed).map_err(|e| format!("{name} {e}")))
                .transpose()
        };
        let availability = self.availability.typed().trim().replace(['%', ' '], "");
        let availability = (!availability.is_empty())
            .then(|| {
                parse_decimal(&availability)
                    .ok_or("The availability target is a percentage such as 99.9.")
            })
            .transpose()?;
        Ok(Agreement {
            title: self.title.typed().trim().to_owned(),
            kind: parse_kind(&self.kind.typed()),
            service: RecordId::parse(&self.service.typed())
                .map_err(|_| "Choose the service the agreement covers.")?,
            customer: self.customer.typed().trim().to_owned(),
            availability,
            valid_from: date(&self.valid_from, "The start")?,
            valid_until: date(&self.valid_until, "The end")?,
            review_due: date(&self.review_due, "The review date")?,
            workload: self.workload.typed(),
            exceptions: self.exceptions.typed(),
            ..stored.clone()
        })
    }
}

#[component]
fn DetailsForm(
    workspace: WorkspaceId,
    agreement: Signal<Option<Agreement>>,
    services: Signal<Vec<Service>>,
) -> impl IntoView {
    let state = use_app_state();
    let initial = agreement.get_untracked().expect("shown");
    let form = Fields::new(&initial);
    Effect::new(move || {
        if let Some(a) = agreement.get() {
            form.receive(&a);
        }
    });
    count_while_unsaved(state, move || form.all().iter().any(SyncedText::is_edited));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let key = Agreement::key(&workspace, &initial.id);
    let long = move |field: &'static str| {
        let key = key.clone();
        Signal::derive(move || Some((key.clone(), field.to_owned())))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stored) = agreement.get_untracked() else {
            return;
        };
        let after = match form.apply(&stored) {
            Ok(after) => after,
            Err(problem) => {
                error.set(Some(format!("Nothing was saved: {problem}")));
                return;
            }
        };
        // Inserted one by one: collecting a map would compile another copy of the stable sort.
        let mut started_from = BTreeMap::<String, Option<Value>>::new();
        for (field, text) in [("workload", form.workload), ("exceptions", form.exceptions)] {
            started_from.extend(text.started_from_field(field));
        }
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &stored, &after, &started_from).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Agreement saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let service_options = move || {
        let chosen = form.service.value.get_untracked();
        let mut options: Vec<(String, String)> = services
            .get()
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect();
        if !options.iter().any(|(id, _)| *id == chosen) {
            options.insert(
                0,
                (
                    chosen.clone(),
                    "A service no longer in the catalogue".to_owned(),
                ),
            );
        }
        options
            .into_iter()
            .map(|(id, name)| {
                let selected = id == chosen;
                view! { <option value=id selected=selected>{name}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="agreement-details-title">
            <h2 id="agreement-details-title">"Details"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="field">
                    <label for="agreement-title">"Title"</label>
                    <input id="agreement-title" type="text" maxlength=TITLE_MAX_CHARS bind:value=form.title.value />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="agreement-kind">"Kind"</label>
                        <select id="agreement-kind" bind:value=form.kind.value>{kind_options(initial.kind)}</select>
                    </div>
                    <div class="field">
                        <label for="agreement-service">"Service"</label>
                        <select id="agreement-service" bind:value=form.service.value>{service_options}</select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="agreement-customer">"Customer"</label>
                        <input id="agreement-customer" type="text" maxlength=TITLE_MAX_CHARS bind:value=form.customer.value />
                    </div>
                    <div class="field">
                        <label for="agreement-availability">"Availability target (%)"</label>
                        <input id="agreement-availability" type="text" inputmode="decimal" placeholder="99.9" bind:value=form.availability.value />
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="agreement-from">"In force from"</label>
                        <input id="agreement-from" type="date" bind:value=form.valid_from.value />
                    </div>
                    <div class="field">
                        <label for="agreement-until">"Until"</label>
                        <input id="agreement-until" type="date" bind:value=form.valid_until.value />
                    </div>
                    <div class="field">
                        <label for="agreement-review">"Next review"</label>
                        <input id="agreement-review" type="date" bind:value=form.review_due.value />
                    </div>
                </div>
                <div class="field">
                    <label for="agreement-workload">"Workload limits"</label>
                    <p class="hint" id="agreement-workload-hint">"What the targets assume: how many tickets, users or transactions, and what happens above that."</p>
                    <textarea id="agreement-workload" rows="2" maxlength=TEXT_MAX_CHARS aria-describedby="agreement-workload-hint" bind:value=form.workload.value></textarea>
                    <KeptTexts field=long("workload") kind=Agreement::KIND text=form.workload what="these workload limits" />
                </div>
                <div class="field">
                    <label for="agreement-exceptions">"Exceptions"</label>
                    <p class="hint" id="agreement-exceptions-hint">"Planned maintenance windows, causes outside your control, anything the targets do not cover."</p>
                    <textarea id="agreement-exceptions" rows="2" maxlength=TEXT_MAX_CHARS aria-describedby="agreement-exceptions-hint" bind:value=form.exceptions.value></textarea>
                    <KeptTexts field=long("exceptions") kind=Agreement::KIND text=form.exceptions what="these exceptions" />
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !form.all().iter().any(SyncedText::is_edited)>"Save agreement"</button>
            </fieldset>
        </form>
    }
}
