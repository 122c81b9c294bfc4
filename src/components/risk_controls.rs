//! The controls that treat a risk: those named, each with its title and a way to take it off,
//! and a choice of every control of the workspace's frameworks (ISO/IEC 27001 Annex A first)
//! to add one. Each change is saved at once, as one field.

use leptos::prelude::*;
use praxis_core::framework::{Catalogue, Framework, ItemKind};
use praxis_core::isms::risk::Risk;
use praxis_core::{RecordType, WorkspaceId};

use crate::components::field_form::save_edit;
use crate::state::use_app_state;

/// Every control the workspace's frameworks hold: (framework name, [(key, "id title")]).
fn control_choices(catalogue: &Catalogue) -> Vec<(String, Vec<(String, String)>)> {
    praxis_core::framework::builtin_frameworks()
        .into_iter()
        .chain(catalogue.imported().iter().copied())
        .map(|framework| {
            let controls = framework
                .items
                .iter()
                .filter(|item| item.kind == ItemKind::Control)
                .map(|item| {
                    (
                        format!("{}/{}", framework.id, item.id),
                        format!("{} {}", item.id, item.title),
                    )
                })
                .collect::<Vec<_>>();
            (framework.name.clone(), controls)
        })
        .filter(|(_, controls)| !controls.is_empty())
        .collect()
}

#[component]
pub fn RiskControls(workspace: WorkspaceId, stored: Signal<Option<Risk>>) -> impl IntoView {
    let state = use_app_state();
    let catalogue =
        crate::routes::use_register(&[Framework::KIND], |state, workspace| async move {
            crate::actions::frameworks::catalogue(state, &workspace).await
        });
    let groups = Memo::new(move |_| {
        catalogue
            .get()
            .and_then(Result::ok)
            .map(|c| control_choices(&c))
            .unwrap_or_default()
    });
    let title_of = move |key: &str| {
        groups.with(|all| {
            all.iter()
                .flat_map(|(_, controls)| controls)
                .find(|(k, _)| k == key)
                .map(|(_, title)| title.clone())
        })
    };
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let change = move |key: String, on: bool| {
        let workspace = workspace.clone();
        save_edit(
            state,
            workspace,
            stored,
            |r: &Risk| &r.id,
            move |risk: &mut Risk| {
                if on {
                    risk.controls.insert(key);
                } else {
                    risk.controls.remove(&key);
                }
            },
            Some(if on {
                "Control added."
            } else {
                "Control taken off."
            }),
            Some(error),
        );
    };
    let remove = change.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = chosen.get_untracked();
        if key.is_empty() {
            error.set(Some("Choose a control to add.".to_owned()));
            return;
        }
        chosen.set(String::new());
        change(key, true);
    };
    let named = move || {
        let controls = stored.with(|r| r.as_ref().map(|r| r.controls.clone()).unwrap_or_default());
        if controls.is_empty() {
            return view! { <p class="muted">"No controls named yet."</p> }.into_any();
        }
        let remove = remove.clone();
        view! {
            <ul class="plain-list" data-testid="risk-controls">
                {controls.into_iter().map(|key| {
                    let title = title_of(&key).unwrap_or_else(|| format!("{key} (not in this workspace's frameworks)"));
                    let remove = remove.clone();
                    let label = format!("Take {title} off");
                    view! {
                        <li>
                            {title}" "
                            <button type="button" class="link-button" aria-label=label
                                disabled=move || state.read_only.get()
                                on:click=move |_| remove(key.clone(), false)>"Take off"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="risk-controls-title">
            <h2 id="risk-controls-title">"Controls that treat it"</h2>
            {named}
            <form class="inline-form" on:submit=add novalidate aria-label="Add a control">
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <label for="risk-control-choice">"Control"</label>
                    <select id="risk-control-choice" bind:value=chosen>
                        <option value="">"Choose a control"</option>
                        {move || groups.get().into_iter().map(|(framework, controls)| view! {
                            <optgroup label=framework>
                                {controls.into_iter().map(|(key, title)| view! { <option value=key>{title}</option> }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    " "
                    <button type="submit">"Add control"</button>
                </fieldset>
            </form>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
