//! A record page's details form: every field the form edits kept as text beside the stored
//! record ([`SyncedText`]), following it until typed in, counted as unsaved while it differs,
//! and read back into the record as typed. One helper for every kind whose page edits its
//! fields by name.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use serde_json::Value;

use crate::components::synced_text::{SyncedText, count_while_unsaved};
use praxis_core::RecordId;

use crate::state::{AppState, Tone, use_app_state};

/// A record whose form edits it field by field, each as text.
pub trait FormFields: Clone + PartialEq + Send + Sync + 'static {
    /// Its short fields (a line, a choice, a time), in order.
    const SHORT: &'static [&'static str];
    /// Its long texts, whose concurrent versions are kept (a save names what it began from).
    const LONG: &'static [&'static str];
    /// A short field as the form shows it.
    fn short_text(&self, field: &str) -> String;
    /// Sets a short field from the form's text.
    fn set_short_text(&mut self, field: &str, text: &str);
    /// A long text by its field name.
    fn long_text(&self, field: &str) -> &str;
    /// Sets a long text by its field name.
    fn set_long_text(&mut self, field: &str, text: String);

    /// Any field as the form shows it.
    fn field_text(&self, field: &str) -> String {
        if Self::LONG.contains(&field) {
            self.long_text(field).to_owned()
        } else {
            self.short_text(field)
        }
    }

    /// Sets any field from the form's text.
    fn set_field_text(&mut self, field: &str, text: &str) {
        if Self::LONG.contains(&field) {
            self.set_long_text(field, text.to_owned());
        } else {
            self.set_short_text(field, text);
        }
    }
}

/// A form's texts by field.
pub type FormTexts = StoredValue<Vec<(&'static str, SyncedText)>>;

/// The form of a record page: its texts, and the record as typed.
#[derive(Debug)]
pub struct FieldForm<R: Send + Sync + 'static> {
    texts: FormTexts,
    /// The stored record with every field as typed.
    pub typed: Memo<Option<R>>,
    stored: Signal<Option<R>>,
}

impl<R: Send + Sync + 'static> Clone for FieldForm<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Send + Sync + 'static> Copy for FieldForm<R> {}

impl<R: FormFields> FieldForm<R> {
    /// The form for `stored` (shown: the page has a record).
    pub fn new(stored: Signal<Option<R>>) -> Self {
        let initial = stored.get_untracked().expect("shown");
        let texts: Vec<(&'static str, SyncedText)> = R::SHORT
            .iter()
            .chain(R::LONG)
            .map(|&field| (field, SyncedText::new(initial.field_text(field))))
            .collect();
        let texts = StoredValue::new(texts);
        Effect::new(move || {
            if let Some(record) = stored.get() {
                texts.with_value(|texts| {
                    for (field, text) in texts {
                        text.receive(record.field_text(field));
                        // A text that reads as what is stored ("1h" for 60 minutes) is shown
                        // as stored, so it no longer counts as unsaved.
                        let mut typed = record.clone();
                        typed.set_field_text(field, &text.typed());
                        if text.is_edited_untracked() && typed == record {
                            text.value.set(record.field_text(field));
                        }
                    }
                });
            }
        });
        let typed = Memo::new(move |_| {
            stored.get().map(|mut record| {
                texts.with_value(|texts| {
                    for (field, text) in texts {
                        record.set_field_text(field, &text.value.get());
                    }
                });
                record
            })
        });
        let form = Self {
            texts,
            typed,
            stored,
        };
        count_while_unsaved(use_app_state(), move || form.is_edited());
        form
    }

    /// The text of `field` (one of the record's short fields or long texts).
    pub fn text(&self, field: &str) -> SyncedText {
        self.texts
            .with_value(|texts| texts.iter().find(|(f, _)| *f == field).map(|(_, t)| *t))
            .expect("a field of the form")
    }

    /// Every text of the form, for [`FieldRows`].
    pub fn all_texts(&self) -> FormTexts {
        self.texts
    }

    /// The texts of `fields`, in their order.
    pub fn texts(&self, fields: &[&str]) -> Vec<SyncedText> {
        fields.iter().map(|field| self.text(field)).collect()
    }

    /// Whether anything typed differs from what is stored (tracked).
    pub fn is_edited(&self) -> bool {
        self.texts
            .with_value(|texts| texts.iter().any(|(_, text)| text.is_edited()))
    }

    /// The form's submit handler: saves what was typed with `save(before, after, started_from)`
    /// and says `done`, or shows the problem in the returned error (busy meanwhile).
    pub fn on_submit<F, Fut>(
        self,
        done: &'static str,
        save: F,
    ) -> (
        impl Fn(leptos::ev::SubmitEvent) + Clone + 'static,
        RwSignal<Option<String>>,
        RwSignal<bool>,
    )
    where
        F: Fn(R, R, BTreeMap<String, Option<Value>>) -> Fut + Clone + 'static,
        Fut: Future<Output = Result<(), String>> + 'static,
    {
        let state = use_app_state();
        let error = RwSignal::new(None::<String>);
        let busy = RwSignal::new(false);
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (Some(before), Some(after)) =
                (self.stored.get_untracked(), self.typed.get_untracked())
            else {
                return;
            };
            let saving = save(before, after, self.started_from());
            report(state, saving, Some(done), Some(error), Some(busy));
        };
        (submit, error, busy)
    }

    /// The submit handler of a page whose record `id` saves as its kind checks it
    /// ([`crate::actions::save_checked`]), saying `done`.
    pub fn on_submit_checked(
        self,
        workspace: praxis_core::WorkspaceId,
        id: RecordId,
        done: &'static str,
    ) -> (
        impl Fn(leptos::ev::SubmitEvent) + Clone + 'static,
        RwSignal<Option<String>>,
        RwSignal<bool>,
    )
    where
        R: praxis_core::RecordType<Context = ()>,
    {
        let state = use_app_state();
        self.on_submit(done, move |before, after, started| {
            let (workspace, id) = (workspace.clone(), id.clone());
            async move {
                crate::actions::save_checked(state, &workspace, &id, &before, &after, &started)
                    .await
            }
        })
    }

    /// For a save: the long texts begun from a text that has since changed unseen.
    pub fn started_from(&self) -> BTreeMap<String, Option<Value>> {
        R::LONG
            .iter()
            .filter_map(|field| self.text(field).started_from_field(field))
            .collect()
    }
}

/// How one short field is typed.
#[derive(Debug, Clone)]
pub enum Input {
    /// A line of text of at most `max` characters.
    Text {
        max: usize,
        placeholder: &'static str,
    },
    Date,
    /// A whole number from 0 to `max`.
    Number {
        max: u32,
    },
    /// One of a kind's named values (`blank`: the label of none, where none is allowed).
    Choice {
        options: &'static [(&'static str, &'static str)],
        blank: Option<&'static str>,
    },
    /// One of the workspace's records: id and name (and the label of none, where none is
    /// allowed).
    Record(Signal<Vec<(String, String)>>, Option<&'static str>),
    /// A local date and time.
    DateTime,
    /// A checkbox, kept as [`SyncedText::flag`].
    Check,
}

/// One short field of a details form: its name, its label and how it is typed.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub field: &'static str,
    pub label: &'static str,
    pub input: Input,
}

impl FieldSpec {
    pub fn text(field: &'static str, label: &'static str, max: usize) -> Self {
        Self::with(
            field,
            label,
            Input::Text {
                max,
                placeholder: "",
            },
        )
    }

    pub fn with(field: &'static str, label: &'static str, input: Input) -> Self {
        Self {
            field,
            label,
            input,
        }
    }
}

/// A details form's short fields, a row of fields per inner list: each labelled, its element id
/// `{prefix}-{field}` (underscores as hyphens), bound to the form's text for it. One view for
/// every kind's fields, so a page lists its fields instead of writing their views.
#[component]
pub fn FieldRows(
    prefix: &'static str,
    rows: Vec<Vec<FieldSpec>>,
    texts: FormTexts,
) -> impl IntoView {
    let text_of = move |field: &str| {
        texts
            .with_value(|all| all.iter().find(|(f, _)| *f == field).map(|(_, t)| *t))
            .expect("a field of the form")
    };
    rows.into_iter()
        .map(|row| {
            let fields = row
                .into_iter()
                .map(|spec| {
                    let text = text_of(spec.field);
                    let id = format!("{prefix}-{}", spec.field.replace('_', "-"));
                    field_view(id, spec, text)
                })
                .collect_view();
            view! { <div class="field-row">{fields}</div> }
        })
        .collect_view()
}

fn field_view(id: String, spec: FieldSpec, text: SyncedText) -> AnyView {
    let FieldSpec { label, input, .. } = spec;
    let control = match input {
        Input::Text { max, placeholder } => view! {
            <input id=id.clone() type="text" maxlength=max placeholder=placeholder bind:value=text.value />
        }
        .into_any(),
        Input::Date => view! { <input id=id.clone() type="date" bind:value=text.value /> }.into_any(),
        Input::DateTime => {
            view! { <input id=id.clone() type="datetime-local" bind:value=text.value /> }.into_any()
        }
        Input::Number { max } => view! {
            <input id=id.clone() type="number" min="0" max=max step="1" bind:value=text.value />
        }
        .into_any(),
        Input::Choice { options, blank } => {
            let selected = text.value.get_untracked();
            view! {
                <select id=id.clone() bind:value=text.value>
                    {blank.map(|label| view! { <option value="">{label}</option> })}
                    {options.iter().map(|(value, label)| view! { <option value=*value selected=selected == *value>{*label}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        Input::Record(choices, blank) => view! {
            <select id=id.clone() bind:value=text.value>
                {blank.map(|label| view! { <option value="">{label}</option> })}
                {move || choices.get().into_iter().map(|(value, name)| {
                    let selected = text.value.get_untracked() == value;
                    view! { <option value=value selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Check => {
            return view! {
                <label class="check">
                    <input type="checkbox" id=id prop:checked=move || text.is_ticked()
                        on:change=move |ev| text.tick(event_target_checked(&ev)) />
                    {label}
                </label>
            }
            .into_any();
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
        </div>
    }
    .into_any()
}

/// A record page's details card: the form, its heading, its fields (the children; not editable
/// for a viewer), where a refusal is said, and the save button, enabled once something is typed.
#[component]
pub fn DetailsCard(
    /// The heading's id starts with it.
    prefix: &'static str,
    /// The save button's text ("Save supplier").
    button: &'static str,
    save: Box<dyn Fn(leptos::ev::SubmitEvent)>,
    error: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    #[prop(into)] edited: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let state = use_app_state();
    let title = format!("{prefix}-details-title");
    view! {
        <form class="card stacked-form" on:submit=save novalidate aria-labelledby=title.clone()>
            <h2 id=title.clone()>"Details"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                {children()}
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !edited.get()>{button}</button>
            </fieldset>
        </form>
    }
}

/// Says how a save went once it has: `done` (if any) and no error, or the refusal in `error`
/// (as a message that stays, where there is no `error` beside the control); `busy` meanwhile.
fn report(
    state: AppState,
    saving: impl Future<Output = Result<(), String>> + 'static,
    done: Option<&'static str>,
    error: Option<RwSignal<Option<String>>>,
    busy: Option<RwSignal<bool>>,
) {
    busy.inspect(|b| b.set(true));
    leptos::task::spawn_local(async move {
        match saving.await {
            Ok(()) => {
                error.inspect(|e| e.set(None));
                done.inspect(|done| state.notify(Tone::Success, *done));
            }
            Err(problem) => match error {
                Some(error) => error.set(Some(problem)),
                None => state.notify(Tone::Error, problem),
            },
        }
        busy.inspect(|b| b.set(false));
    });
}

/// Saves `stored` (as the page last read it) changed by `change`, with `save(before, after)`;
/// says `done`, or shows the refusal in `error`. For the sections of a page that edit one part
/// of the record at once (an entry recorded, a box ticked).
pub fn save_changed<R, Fut>(
    state: AppState,
    stored: Signal<Option<R>>,
    change: impl FnOnce(&mut R),
    save: impl FnOnce(R, R) -> Fut,
    done: Option<&'static str>,
    error: Option<RwSignal<Option<String>>>,
) where
    R: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + 'static,
{
    let Some(before) = stored.get_untracked() else {
        return;
    };
    let mut after = before.clone();
    change(&mut after);
    report(state, save(before, after), done, error, None);
}

/// [`save_changed`] for a record of a kind read without context, saved by its kind's rules
/// ([`crate::actions::save_checked`]) under the id `id_of` gives.
pub fn save_edit<R>(
    state: AppState,
    workspace: praxis_core::WorkspaceId,
    stored: Signal<Option<R>>,
    id_of: fn(&R) -> &RecordId,
    change: impl FnOnce(&mut R),
    done: Option<&'static str>,
    error: Option<RwSignal<Option<String>>>,
) where
    R: praxis_core::RecordType<Context = ()> + Clone + Send + Sync + 'static,
{
    let save = move |before: R, after: R| async move {
        let id = id_of(&after).clone();
        crate::actions::save_checked(state, &workspace, &id, &before, &after, &BTreeMap::new())
            .await
    };
    save_changed(state, stored, change, save, done, error);
}

/// Records a review done today on `stored` (`reviewed` moves its next review one interval on),
/// saved at once; a refusal is said in `error`.
pub fn review_today<R>(
    state: AppState,
    workspace: praxis_core::WorkspaceId,
    stored: Signal<Option<R>>,
    id_of: fn(&R) -> &RecordId,
    reviewed: fn(&mut R, praxis_core::date::Date),
    error: RwSignal<Option<String>>,
) where
    R: praxis_core::RecordType<Context = ()> + Clone + Send + Sync + 'static,
{
    let today = crate::browser::today_date();
    let review = move |record: &mut R| reviewed(record, today);
    save_edit(
        state,
        workspace,
        stored,
        id_of,
        review,
        Some("Review recorded."),
        Some(error),
    );
}

/// The toggle of a [`crate::components::link_checks::LinkChecks`] over one of the record's own
/// sets of links: each tick saved at once with `save(before, after)`, a refusal said in a
/// message.
pub fn link_toggle<R, Fut>(
    state: AppState,
    stored: Signal<Option<R>>,
    links: fn(&mut R) -> &mut BTreeSet<RecordId>,
    save: impl Fn(R, R) -> Fut + Send + Sync + 'static,
) -> Callback<(RecordId, bool)>
where
    R: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + 'static,
{
    Callback::new(move |(other, on): (RecordId, bool)| {
        let change = |record: &mut R| {
            if on {
                links(record).insert(other);
            } else {
                links(record).remove(&other);
            }
        };
        save_changed(state, stored, change, &save, None, None);
    })
}
