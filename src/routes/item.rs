//! One configuration item or information asset: its details, the services it supports and the
//! items it depends on (each a checkbox, saved at once), the items that depend on it, its
//! history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::itsm::config_item::{
    Classification, ConfigItem, ItemStatus, ItemType, NAME_MAX_CHARS, TEXT_MAX_CHARS,
};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::items::use_items;
use super::services::use_service_catalogue;
use crate::actions::items as actions;
use crate::components::delete_button::DeleteButton;
use crate::components::field_form::{FieldForm, FormFields};
use crate::components::link_checks::LinkChecks;
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::components::synced_text::SyncedText;
use crate::state::{Tone, use_app_state};

#[derive(Debug, Clone, PartialEq)]
struct Shown {
    workspace: WorkspaceId,
    item: ConfigItem,
}

#[component]
pub fn ItemPage() -> impl IntoView {
    let loaded = use_items();
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        |(all, _): actions::Listed, id, workspace| {
            let item = all.into_iter().find(|i| i.id.as_str() == id)?;
            Some(Shown { workspace, item })
        },
        |s| (s.workspace.clone(), s.item.id.clone()),
        "This item does not exist (it may have been deleted).",
    );
    let title = shown_title(shown, "Item", |s| s.item.name.clone());
    view! {
        <RecordPage crumbs=&[("/registers", "Registers"), ("/items", "Configuration items and information assets")]
            title=title problem=problem which=which
            body=move |workspace, id| view! { <ItemView workspace=workspace id=id shown=shown /> }.into_any() />
    }
}

const DESCRIPTION: [LongText; 1] = [LongText {
    field: "description",
    label: "Description",
    hint: "What it is, what it holds or does, and anything an auditor or a service desk should know.",
}];

/// The short fields the form edits, in order.
const SHORT: [&str; 7] = [
    "name",
    "type",
    "status",
    "owner",
    "classification",
    "location",
    "identifier",
];

impl FormFields for ConfigItem {
    const SHORT: &'static [&'static str] = &SHORT;
    const LONG: &'static [&'static str] = &["description"];

    fn short_text(&self, field: &str) -> String {
        short_text(self, field)
    }

    fn set_short_text(&mut self, field: &str, text: &str) {
        apply_short(self, field, text);
    }

    fn long_text(&self, _field: &str) -> &str {
        &self.description
    }

    fn set_long_text(&mut self, _field: &str, text: String) {
        self.description = text;
    }
}

fn short_text(i: &ConfigItem, field: &str) -> String {
    match field {
        "name" => i.name.clone(),
        "type" => i.item_type.as_str().to_owned(),
        "status" => i.status.as_str().to_owned(),
        "owner" => i.owner.clone(),
        "classification" => i
            .classification
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        "location" => i.location.clone(),
        _ => i.identifier.clone(),
    }
}

fn apply_short(i: &mut ConfigItem, field: &str, text: &str) {
    match field {
        "name" => i.name = text.trim().to_owned(),
        "type" => i.item_type = ItemType::parse(text).unwrap_or(i.item_type),
        "status" => i.status = ItemStatus::parse(text).unwrap_or(i.status),
        "owner" => i.owner = text.trim().to_owned(),
        "classification" => i.classification = Classification::parse(text),
        "location" => i.location = text.trim().to_owned(),
        _ => i.identifier = text.trim().to_owned(),
    }
}

#[component]
fn ItemView(workspace: WorkspaceId, id: RecordId, shown: RwSignal<Option<Shown>>) -> impl IntoView {
    let state = use_app_state();
    let stored = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.item.clone())));
    let services = read_or_empty(use_service_catalogue());
    let items = read_or_empty(use_items());
    let form = FieldForm::new(stored);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save_to = workspace.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(before), Some(after)) = (stored.get_untracked(), form.typed.get_untracked())
        else {
            return;
        };
        let started_from = form.started_from();
        let workspace = save_to.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &before, &after, &started_from).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Item saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    // Saves a link at once; a refusal is said where it was ticked.
    let link_to = workspace.clone();
    let supports = Callback::new(move |(service, on): (RecordId, bool)| {
        let Some(service) =
            services.with_untracked(|all| all.iter().find(|s| s.id == service).cloned())
        else {
            return;
        };
        let (workspace, item) = (link_to.clone(), id_of(stored));
        spawn_local(async move {
            if let Err(problem) = actions::support(state, &workspace, &service, &item, on).await {
                state.notify(Tone::Error, problem);
            }
        });
    });
    let depend_to = workspace.clone();
    let depends = Callback::new(move |(other, on): (RecordId, bool)| {
        let Some(before) = stored.get_untracked() else {
            return;
        };
        let mut after = before.clone();
        if on {
            after.depends_on.insert(other);
        } else {
            after.depends_on.remove(&other);
        }
        let workspace = depend_to.clone();
        spawn_local(async move {
            if let Err(problem) =
                actions::save(state, &workspace, &before, &after, &BTreeMap::new()).await
            {
                state.notify(Tone::Error, problem);
            }
        });
    });
    let own_id = id.clone();
    let service_choices = Signal::derive(move || {
        services.with(|all| {
            all.iter()
                .map(|s| (s.id.clone(), s.name.clone(), s.items.contains(&own_id)))
                .collect::<Vec<_>>()
        })
    });
    let item_choices = Signal::derive(move || {
        let Some(me) = stored.get() else {
            return Vec::new();
        };
        items.with(|all| {
            all.iter()
                .filter(|i| i.id != me.id)
                .map(|i| (i.id.clone(), i.name.clone(), me.depends_on.contains(&i.id)))
                .collect::<Vec<_>>()
        })
    });
    let used_by = move || {
        let me = stored.get()?.id;
        let users: Vec<(RecordId, String)> = items.with(|all| {
            all.iter()
                .filter(|i| i.depends_on.contains(&me))
                .map(|i| (i.id.clone(), i.name.clone()))
                .collect()
        });
        Some(if users.is_empty() {
            view! { <p class="muted">"No item depends on this one."</p> }.into_any()
        } else {
            view! { <ul class="links" data-testid="item-used-by">{users.into_iter().map(|(id, name)| view! { <li><A href=format!("/items/{id}")>{name}</A></li> }).collect_view()}</ul> }.into_any()
        })
    };
    let key = ConfigItem::key(&workspace, &id);
    let [
        name,
        kind,
        status,
        owner,
        classification,
        location,
        identifier,
    ] = SHORT.map(|field| form.text(field));
    let description = form.text("description");
    let select = |text: SyncedText, options: Vec<(&'static str, &'static str)>| {
        options
            .into_iter()
            .map(|(value, label)| view! { <option value=value selected=text.value.get_untracked() == value>{label}</option> })
            .collect_view()
    };
    let delete = {
        let (workspace, id) = (workspace.clone(), id.clone());
        move || {
            let (workspace, id) = (workspace.clone(), id.clone());
            async move { actions::delete(state, &workspace, &id).await }
        }
    };
    view! {
        <form class="card stacked-form" on:submit=save novalidate aria-labelledby="item-details-title">
            <h2 id="item-details-title">"Details"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="field-row">
                    <div class="field">
                        <label for="item-name">"Name"</label>
                        <input id="item-name" type="text" maxlength=NAME_MAX_CHARS bind:value=name.value />
                    </div>
                    <div class="field">
                        <label for="item-type">"Type"</label>
                        <select id="item-type" bind:value=kind.value>{select(kind, ItemType::ALL.iter().map(|t| (t.as_str(), t.label())).collect())}</select>
                    </div>
                    <div class="field">
                        <label for="item-status">"Status"</label>
                        <select id="item-status" bind:value=status.value>{select(status, ItemStatus::ALL.iter().map(|t| (t.as_str(), t.label())).collect())}</select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="item-owner">"Owner"</label>
                        <input id="item-owner" type="text" maxlength=NAME_MAX_CHARS bind:value=owner.value />
                    </div>
                    <div class="field">
                        <label for="item-classification">"Classification"</label>
                        <select id="item-classification" bind:value=classification.value>
                            <option value="">"Not classified"</option>
                            {select(classification, Classification::ALL.iter().map(|t| (t.as_str(), t.label())).collect())}
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="item-location">"Location"</label>
                        <input id="item-location" type="text" maxlength=NAME_MAX_CHARS bind:value=location.value />
                    </div>
                    <div class="field">
                        <label for="item-identifier">"Version, serial or identifier"</label>
                        <input id="item-identifier" type="text" maxlength=NAME_MAX_CHARS bind:value=identifier.value />
                    </div>
                </div>
                <LongTexts key=key.clone() kind=ConfigItem::KIND prefix="item" fields=&DESCRIPTION texts=vec![description]
                    max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| vec!["description"]) />
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !form.is_edited()>"Save item"</button>
            </fieldset>
        </form>
        <section class="card" aria-labelledby="item-services-title">
            <h2 id="item-services-title">"Supports the services"</h2>
            <LinkChecks legend="The services that use this item." empty="No services yet: add them to the catalogue to link them here."
                choices=service_choices toggle=supports />
        </section>
        <section class="card" aria-labelledby="item-depends-title">
            <h2 id="item-depends-title">"Depends on"</h2>
            <LinkChecks legend="The items this one cannot work without." empty="No other items yet."
                choices=item_choices toggle=depends />
            <h3>"Used by"</h3>
            {used_by}
        </section>
        <DeleteButton label="Delete item" done="Item deleted." back="/items" delete=delete
            question=Signal::derive(move || stored.get().map(|i| format!("Delete “{}”? Services and items that name it lose that link.", i.name))) />
        <RecordHistory key=key kind=ConfigItem::KIND noun="this item" />
    }
}

/// The shown item's id (it does not change while the page shows it).
fn id_of(stored: Signal<Option<ConfigItem>>) -> RecordId {
    stored
        .with_untracked(|i| i.as_ref().map(|i| i.id.clone()))
        .expect("shown")
}
