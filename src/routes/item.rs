//! One configuration item or information asset: its details, the services it supports and the
//! items it depends on (each a checkbox, saved at once), the items that depend on it, its
//! history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::itsm::config_item::{
    Classification, ConfigItem, ItemStatus, ItemType, NAME_MAX_CHARS, TEXT_MAX_CHARS,
};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::items::use_items;
use super::releases::use_releases;
use super::services::{ServiceLinks, service_link_checks, use_service_catalogue};
use crate::actions::items as actions;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::field_form::{
    DetailsCard, FieldForm, FieldRows, FieldSpec, FormFields, Input, link_toggle,
};
use crate::components::link_checks::LinkChecks;
use crate::components::long_texts::{LongText, LongTexts};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::state::use_app_state;

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

/// The details form's short fields, row by row.
fn fields() -> Vec<Vec<FieldSpec>> {
    let choice = |options, blank| Input::Choice { options, blank };
    vec![
        vec![
            FieldSpec::text("name", "Name", NAME_MAX_CHARS),
            FieldSpec::with("type", "Type", choice(ItemType::OPTIONS, None)),
            FieldSpec::with("status", "Status", choice(ItemStatus::OPTIONS, None)),
        ],
        vec![
            FieldSpec::text("owner", "Owner", NAME_MAX_CHARS),
            FieldSpec::with(
                "classification",
                "Classification",
                choice(Classification::OPTIONS, Some("Not classified")),
            ),
        ],
        vec![
            FieldSpec::text("location", "Location", NAME_MAX_CHARS),
            FieldSpec::text(
                "identifier",
                "Version, serial or identifier",
                NAME_MAX_CHARS,
            ),
        ],
    ]
}

#[component]
fn ItemView(workspace: WorkspaceId, id: RecordId, shown: RwSignal<Option<Shown>>) -> impl IntoView {
    let state = use_app_state();
    let stored = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.item.clone())));
    let services = read_or_empty(use_service_catalogue());
    let items = read_or_empty(use_items());
    let form = FieldForm::new(stored);
    let save_to = workspace.clone();
    let (save, error, busy) = form.on_submit("Item saved.", move |before, after, started| {
        let workspace = save_to.clone();
        async move { actions::save(state, &workspace, &before, &after, &started).await }
    });
    let (service_choices, supports) =
        service_link_checks(workspace.clone(), services, id.clone(), ServiceLinks::Items);
    let depend_to = workspace.clone();
    let depends = link_toggle(
        state,
        stored,
        |i: &mut ConfigItem| &mut i.depends_on,
        move |before, after| {
            let workspace = depend_to.clone();
            async move { actions::save(state, &workspace, &before, &after, &BTreeMap::new()).await }
        },
    );
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
    let releases = read_or_empty(use_releases());
    let released_in = move || {
        let me = stored.get()?.id;
        let found: Vec<(RecordId, String, &'static str)> = releases.with(|all| {
            all.iter()
                .filter(|r| r.items.contains(&me))
                .map(|r| (r.id.clone(), r.title.clone(), r.state.label()))
                .collect()
        });
        Some(if found.is_empty() {
            view! { <p class="muted">"No release names this item yet."</p> }.into_any()
        } else {
            view! { <ul class="links" data-testid="item-releases">{found.into_iter().map(|(id, title, state)| view! {
                <li><A href=format!("/releases/{id}")>{title}</A><span class="hint">{format!(" · {state}")}</span></li>
            }).collect_view()}</ul> }.into_any()
        })
    };
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
    let long_key = key.clone();
    let description = form.text("description");
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <DetailsCard prefix="item" button="Save item" save=Box::new(save) error=error busy=busy
            edited=Signal::derive(move || form.is_edited())>
            <FieldRows prefix="item" rows=fields() texts=form.all_texts() />
            <LongTexts key=long_key kind=ConfigItem::KIND prefix="item" fields=&DESCRIPTION texts=vec![description]
                max_chars=TEXT_MAX_CHARS shown=Signal::derive(|| vec!["description"]) />
        </DetailsCard>
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
        <section class="card" aria-labelledby="item-releases-title">
            <h2 id="item-releases-title">"Changed by releases"</h2>
            {released_in}
        </section>
        <DeleteButton label="Delete item" done="Item deleted." back="/items" delete=delete
            question=Signal::derive(move || stored.get().map(|i| format!("Delete “{}”? Services and items that name it lose that link.", i.name))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: ConfigItem::kind(), id: id.clone() } />
        <RecordHistory key=key kind=ConfigItem::KIND noun="this item" />
    }
}
