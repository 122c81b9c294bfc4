//! Form text kept in step with stored data that can change under it (another tab, later another
//! device): a stored change replaces what the form shows only where the person has not typed.

use leptos::prelude::*;
use serde_json::Value;

use crate::state::AppState;

/// One text field of a form beside the stored value it was last in step with.
#[derive(Debug, Clone, Copy)]
pub struct SyncedText {
    pub value: RwSignal<String>,
    stored: RwSignal<String>,
    /// The stored value the person began typing from, once the stored value has changed under
    /// them (they have not seen the newer one).
    started: RwSignal<Option<String>>,
}

impl SyncedText {
    /// A checkbox's value as a form keeps it beside the texts: "1" when ticked, "" when not.
    pub fn flag(on: bool) -> String {
        if on { "1".into() } else { String::new() }
    }

    /// Whether a checkbox kept as [`Self::flag`] is ticked (tracked).
    pub fn is_ticked(&self) -> bool {
        self.value.with(|v| v == "1")
    }

    /// Ticks or clears a checkbox kept as [`Self::flag`].
    pub fn tick(&self, on: bool) {
        self.value.set(Self::flag(on));
    }

    pub fn new(stored: String) -> Self {
        Self {
            value: RwSignal::new(stored.clone()),
            stored: RwSignal::new(stored),
            started: RwSignal::new(None),
        }
    }

    /// Takes in the newest stored value; the text follows unless the person changed it.
    pub fn receive(&self, stored: String) {
        let typed = self.value.get_untracked();
        let was = self.stored.get_untracked();
        if typed == was {
            self.value.set(stored.clone());
            self.started.set(None);
        } else if typed == stored {
            self.started.set(None);
        } else if was != stored && self.started.get_untracked().is_none() {
            self.started.set(Some(was));
        }
        self.stored.set(stored);
    }

    /// The stored value the person began typing from when it is no longer the stored one.
    pub fn started_from(&self) -> Option<String> {
        self.started.get_untracked()
    }

    /// For a save's `started_from`: `field` with the text the person began from, when the stored
    /// text has changed under them unseen (so saving keeps the newer one beside theirs).
    pub fn started_from_field(&self, field: &str) -> Option<(String, Option<Value>)> {
        let started = self.started_from()?;
        Some((
            field.to_owned(),
            (!started.is_empty()).then_some(Value::String(started)),
        ))
    }

    /// Whether the person typed something other than what is stored (tracked).
    pub fn is_edited(&self) -> bool {
        self.value.get() != self.stored.get()
    }

    /// Whether the person typed something other than what is stored (untracked).
    pub fn is_edited_untracked(&self) -> bool {
        self.value.get_untracked() != self.stored.get_untracked()
    }

    /// The stored value, untracked: what an edit is compared with when it is saved.
    pub fn stored(&self) -> String {
        self.stored.get_untracked()
    }

    /// What the person typed, untracked.
    pub fn typed(&self) -> String {
        self.value.get_untracked()
    }
}

/// Counts the form as unsaved in the app state while `edited` is true (and stops counting when
/// the form goes away), so leaving the page asks first.
pub fn count_while_unsaved(state: AppState, edited: impl Fn() -> bool + Send + Sync + 'static) {
    let counted = StoredValue::new(false);
    Effect::new(move |_| {
        let now = edited();
        if now != counted.get_value() {
            counted.set_value(now);
            state.unsaved_forms.update(|n| {
                *n = if now { *n + 1 } else { n.saturating_sub(1) };
            });
        }
    });
    on_cleanup(move || {
        if counted.get_value() {
            state.unsaved_forms.update(|n| *n = n.saturating_sub(1));
        }
    });
}
