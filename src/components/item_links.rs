//! Links from a record to items of the workspace's frameworks (a risk's controls, a
//! nonconformity's clauses) as a card: those linked, each with its title and a way to take it
//! off, and a choice of every item, grouped by framework, to add one. Each change is saved at
//! once by the page's `toggle`.

use leptos::prelude::*;
use praxis_core::framework::{Framework, ItemKind};

use crate::state::use_app_state;

/// Framework items grouped for a choice: (framework name, [(`FRAMEWORK/ITEM` key, "id title")]).
pub type ItemGroups = Vec<(String, Vec<(String, String)>)>;

/// The items of `frameworks` of the kinds `kinds` (assessable ones only), grouped for a choice.
pub fn item_groups<'a>(
    frameworks: impl IntoIterator<Item = &'a Framework>,
    kinds: &[ItemKind],
) -> ItemGroups {
    frameworks
        .into_iter()
        .map(|framework| {
            let items = framework
                .items
                .iter()
                .filter(|item| item.assessable && kinds.contains(&item.kind))
                .map(|item| {
                    (
                        format!("{}/{}", framework.id, item.id),
                        format!("{} {}", item.id, item.title),
                    )
                })
                .collect::<Vec<_>>();
            (framework.name.clone(), items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

#[component]
pub fn ItemLinks(
    /// Element ids start with it; the list's test id is it.
    prefix: &'static str,
    heading: &'static str,
    /// What one item is called, capitalised ("Control").
    label: &'static str,
    groups: Signal<ItemGroups>,
    /// The keys linked now.
    linked: Signal<Vec<String>>,
    /// Links (`true`) or takes off an item by key.
    toggle: Callback<(String, bool)>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app_state();
    let noun = label.to_lowercase();
    let chosen = RwSignal::new(String::new());
    let title_of = move |key: &str| {
        groups.with(|all| {
            all.iter()
                .find_map(|(framework, items)| {
                    items
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, title)| format!("{framework} {title}"))
                })
                .unwrap_or_else(|| format!("{key} (not in this workspace's frameworks)"))
        })
    };
    let missing = format!("Choose a {noun} to add.");
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = chosen.get_untracked();
        if key.is_empty() {
            error.set(Some(missing.clone()));
            return;
        }
        chosen.set(String::new());
        toggle.run((key, true));
    };
    let none = format!("No {noun}s named yet.");
    let named = move || {
        let keys = linked.get();
        if keys.is_empty() {
            return view! { <p class="muted">{none.clone()}</p> }.into_any();
        }
        view! {
            <ul class="plain-list" data-testid=prefix>
                {keys.into_iter().map(|key| {
                    let title = title_of(&key);
                    let label = format!("Take {title} off");
                    view! {
                        <li>
                            {title}" "
                            <button type="button" class="link-button" aria-label=label
                                disabled=move || state.read_only.get()
                                on:click=move |_| toggle.run((key.clone(), false))>"Take off"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let choice = format!("{prefix}-choice");
    view! {
        <section class="card" aria-labelledby=format!("{prefix}-title")>
            <h2 id=format!("{prefix}-title")>{heading}</h2>
            {named}
            <form class="inline-form" on:submit=add novalidate aria-label=format!("Add a {noun}")>
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <label for=choice.clone()>{label}</label>
                    <select id=choice bind:value=chosen>
                        <option value="">{format!("Choose a {noun}")}</option>
                        {move || groups.get().into_iter().map(|(framework, items)| view! {
                            <optgroup label=framework>
                                {items.into_iter().map(|(key, title)| view! { <option value=key>{title}</option> }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    " "
                    <button type="submit">{format!("Add {noun}")}</button>
                </fieldset>
            </form>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
