//! A record page's details form: every field the form edits kept as text beside the stored
//! record ([`SyncedText`]), following it until typed in, counted as unsaved while it differs,
//! and read back into the record as typed. One helper for every kind whose page edits its
//! fields by name.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde_json::Value;

use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::use_app_state;

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

/// The form of a record page: its texts, and the record as typed.
#[derive(Debug)]
pub struct FieldForm<R: Send + Sync + 'static> {
    texts: StoredValue<Vec<(&'static str, SyncedText)>>,
    /// The stored record with every field as typed.
    pub typed: Memo<Option<R>>,
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
        let form = Self { texts, typed };
        count_while_unsaved(use_app_state(), move || form.is_edited());
        form
    }

    /// The text of `field` (one of the record's short fields or long texts).
    pub fn text(&self, field: &str) -> SyncedText {
        self.texts
            .with_value(|texts| texts.iter().find(|(f, _)| *f == field).map(|(_, t)| *t))
            .expect("a field of the form")
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

    /// For a save: the long texts begun from a text that has since changed unseen.
    pub fn started_from(&self) -> BTreeMap<String, Option<Value>> {
        R::LONG
            .iter()
            .filter_map(|field| self.text(field).started_from_field(field))
            .collect()
    }
}
