//! A register's form to add a record: its name or title and one choice (a kind's named value
//! or another record it belongs to), refused with the kind's own words, then on to the new
//! record's page. One form for every register that starts a record this way.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use praxis_core::RecordId;

/// Makes the record from the typed name and the chosen value; gives its id.
pub type Creating =
    Rc<dyn Fn(String, String) -> Pin<Box<dyn Future<Output = Result<RecordId, String>>>>>;

/// Boxes a register's create for [`NewRecordForm`].
pub fn creating<F, Fut>(create: F) -> Creating
where
    F: Fn(String, String) -> Fut + 'static,
    Fut: Future<Output = Result<RecordId, String>> + 'static,
{
    Rc::new(move |name, chosen| Box::pin(create(name, chosen)))
}

/// The form's one choice besides the name.
#[derive(Debug, Clone)]
pub enum Choice {
    /// No choice: the name alone.
    None,
    /// One of a kind's named values, `default` chosen first.
    Named {
        key: &'static str,
        label: &'static str,
        options: &'static [(&'static str, &'static str)],
        default: &'static str,
    },
    /// A record of the workspace (id, name), chosen first from the page's link (`?key=id`), or
    /// given: then not asked. `missing` says why one must be chosen; without it, none may be.
    Record {
        key: &'static str,
        label: &'static str,
        records: Signal<Vec<(String, String)>>,
        given: Option<RecordId>,
        missing: Option<&'static str>,
    },
}

#[component]
pub fn NewRecordForm(
    /// Element ids start `new-{prefix}-`.
    prefix: &'static str,
    heading: &'static str,
    name_label: &'static str,
    max_chars: usize,
    button: &'static str,
    /// Where records of the register live ("/suppliers"): the new one opens at `{path}/{id}`.
    path: &'static str,
    /// The one choice besides the name, if the register asks one.
    #[prop(default = Choice::None)]
    choice: Choice,
    create: Creating,
) -> impl IntoView {
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let first = match &choice {
        Choice::None => String::new(),
        Choice::Named { default, .. } => (*default).to_owned(),
        Choice::Record { key, given, .. } => given
            .as_ref()
            .map(|g| g.to_string())
            .or_else(|| use_query_map().with_untracked(|q| q.get(key)))
            .unwrap_or_default(),
    };
    let chosen = RwSignal::new(first);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let missing = match &choice {
        Choice::Record { missing, .. } => *missing,
        Choice::None | Choice::Named { .. } => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = chosen.get_untracked();
        if let Some(missing) = missing.filter(|_| value.is_empty()) {
            error.set(Some(missing.to_owned()));
            return;
        }
        let (creating, navigate) = (create(name.get_untracked(), value), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match creating.await {
                Ok(id) => navigate(&format!("{path}/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let title_id = format!("new-{prefix}-title");
    let input = format!("new-{prefix}-name");
    let select = match choice {
        Choice::None => None,
        Choice::Named {
            key,
            label,
            options,
            default,
        } => {
            let id = format!("new-{prefix}-{key}");
            Some(view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <select id=id bind:value=chosen>
                        {options.iter().map(|(value, label)| view! { <option value=*value selected=*value == default>{*label}</option> }).collect_view()}
                    </select>
                </div>
            }.into_any())
        }
        Choice::Record { given: Some(_), .. } => None,
        Choice::Record {
            key,
            label,
            records,
            missing,
            ..
        } => {
            let id = format!("new-{prefix}-{key}");
            let blank = match missing {
                Some(_) => format!("Choose a {}", label.to_lowercase()),
                None => format!("No {}", label.to_lowercase()),
            };
            Some(
                view! {
                    <div class="field">
                        <label for=id.clone()>{label}</label>
                        <select id=id bind:value=chosen>
                            <option value="">{blank}</option>
                            {move || records.get().into_iter().map(|(value, name)| {
                                let selected = chosen.get_untracked() == value;
                                view! { <option value=value selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
                .into_any(),
            )
        }
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{heading}</h2>
            <div class="field-row">
                <div class="field">
                    <label for=input.clone()>{name_label}</label>
                    <input id=input type="text" maxlength=max_chars bind:value=name />
                </div>
                {select}
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>{button}</button>
        </form>
    }
}

/// A register's records as a choice's (id, name) pairs.
pub fn record_choices<T: Send + Sync + 'static>(
    records: Signal<Vec<T>>,
    id_name: fn(&T) -> (&RecordId, &str),
) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        records.with(|all| {
            all.iter()
                .map(|r| {
                    let (id, name) = id_name(r);
                    (id.to_string(), name.to_owned())
                })
                .collect()
        })
    })
}
