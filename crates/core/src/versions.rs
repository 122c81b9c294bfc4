//! Kept versions of long-text fields (notes, descriptions): when two people rewrite the same
//! text apart, the later version is shown and the other is kept beside it as a conflict until
//! someone resolves it, so no text is lost without anyone seeing it.
//!
//! Each change to such a field names the versions its author had in front of them
//! ([`Change::replaces`]). A record keeps every version that no change has replaced; the one
//! with the latest clock is the field's value (so last writer wins as for any field) and the
//! others are its conflicts. Writing a version while seeing the conflicts (resolving them)
//! replaces them all.
//!
//! This holds the same on every replica as long as each receives a change after the changes
//! its author had seen: true of the server's order (a device pushes what it wrote after what it
//! pulled, its own writes in order) and of a device, which merges its own edits at once and the
//! others in the server's order. Stores and the server never merge a change twice (they skip
//! change ids they hold), which a replaced version arriving again would otherwise bring back.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::change::Change;
use crate::clock::Hlc;
use crate::record::Record;

/// The most versions one change may replace (a field rarely has more than a few).
pub const MAX_REPLACED: usize = 64;

/// One version of a long-text field: the clock of the change that wrote it and its value
/// (`None`: the text was removed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptVersion {
    pub clock: Hlc,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// A conflict as people see it: a kept text that differs from the field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptText {
    pub clock: Hlc,
    pub text: String,
}

impl Record {
    /// Every version of a field no change has replaced: its value (when it was ever set) and its
    /// conflicts, oldest first.
    pub fn versions(&self, field: &str) -> Vec<KeptVersion> {
        let mut versions = self.conflicts.get(field).cloned().unwrap_or_default();
        if let Some(clock) = self.clocks.get(field) {
            versions.push(KeptVersion {
                clock: clock.clone(),
                value: self.body.get(field).cloned(),
            });
        }
        crate::order::sort_by(&mut versions, |a, b| a.clock.cmp(&b.clock));
        versions
    }

    /// The clocks of the versions an edit writing `writing` replaces when its author had
    /// `shown` in front of them (`None`: every version). Versions with nothing to lose go too:
    /// removals, blank texts and the very text being written.
    pub fn versions_replaced(
        &self,
        field: &str,
        shown: Option<&[Option<Value>]>,
        writing: Option<&Value>,
    ) -> Vec<Hlc> {
        self.versions(field)
            .into_iter()
            .filter(|version| {
                shown.is_none_or(|shown| shown.contains(&version.value))
                    || is_blank(version.value.as_ref())
                    || version.value.as_ref() == writing
            })
            .map(|version| version.clock)
            .take(MAX_REPLACED)
            .collect()
    }

    /// The texts kept beside a field's value that say something else (each text once, latest
    /// first): what the person is asked to resolve. Removals and blank texts are not shown.
    pub fn kept_texts(&self, field: &str) -> Vec<KeptText> {
        let current = self.body.get(field).and_then(Value::as_str).unwrap_or("");
        let mut texts: Vec<KeptText> = Vec::new();
        let kept = self.conflicts.get(field).into_iter().flatten().rev();
        for version in kept {
            let Some(text) = version.value.as_ref().and_then(Value::as_str) else {
                continue;
            };
            if text.trim().is_empty() || text == current || texts.iter().any(|t| t.text == text) {
                continue;
            }
            texts.push(KeptText {
                clock: version.clock.clone(),
                text: text.to_owned(),
            });
        }
        texts
    }

    /// Merges a change to a long-text field that is not the field's current version: it drops
    /// the versions it replaces (only earlier ones: a change cannot have seen a later one) and
    /// joins the rest; the latest becomes the value. Returns whether the record changed.
    pub(crate) fn merge_keeping(&mut self, change: &Change) -> bool {
        let field = change.field.as_str();
        let held = self.conflicts.get(field);
        if held.is_some_and(|kept| kept.iter().any(|v| v.clock == change.clock)) {
            return false;
        }
        let mut versions = self.versions(field);
        versions.retain(|v| !(v.clock < change.clock && change.replaces.contains(&v.clock)));
        versions.push(KeptVersion {
            clock: change.clock.clone(),
            value: change.value.clone(),
        });
        crate::order::sort_by(&mut versions, |a, b| a.clock.cmp(&b.clock));
        let latest = versions.pop().expect("holds the change");
        if self.clocks.get(field) != Some(&latest.clock) {
            self.set(field, latest.clock, latest.value.as_ref());
        }
        self.updated_at = self.updated_at.max(change.clock.wall_ms());
        if versions.is_empty() {
            self.conflicts.remove(field);
        } else {
            self.conflicts.insert(field.to_owned(), versions);
        }
        true
    }

    /// The record as it would be with a kept version as the field's value: how a conflict's
    /// text is checked against its kind's rules.
    pub fn with_version(&self, field: &str, version: &KeptVersion) -> Record {
        let mut record = self.clone();
        record.conflicts.clear();
        record.set(field, version.clock.clone(), version.value.as_ref());
        record
    }
}

/// Why settling a long-text field as `value` (a kept version, or two joined) would break its
/// kind's rules, in words for the person settling it; `None` when it holds. The settled text is
/// checked as an edit of the field would be.
pub fn settling_problem(
    record: &Record,
    field: &str,
    value: Option<&Value>,
    catalogue: &crate::framework::Catalogue,
) -> Option<String> {
    let mut settled = record.clone();
    settled.conflicts.clear();
    if let Some(body) = settled.body.as_object_mut() {
        match value {
            Some(value) => body.insert(field.to_owned(), value.clone()),
            None => body.remove(field),
        };
    }
    crate::typed::validate_record(&settled, catalogue)
        .err()
        .map(|error| error.problem)
}

/// Whether a version says nothing: removed, not text, or only spaces.
fn is_blank(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_str)
        .is_none_or(|text| text.trim().is_empty())
}

/// Why a change's list of replaced versions cannot be accepted, if it cannot.
pub fn replaces_problem(change: &Change) -> Option<String> {
    if change.replaces.is_empty() {
        return None;
    }
    if !crate::typed::keeps_versions(&change.kind, &change.field) {
        return Some(format!(
            "The field {:?} keeps no versions, so a change to it cannot replace any.",
            change.field
        ));
    }
    if change.replaces.len() > MAX_REPLACED {
        return Some(format!(
            "A change can replace at most {MAX_REPLACED} versions (this one names {}).",
            change.replaces.len()
        ));
    }
    if change.replaces.iter().any(|clock| *clock >= change.clock) {
        return Some("A change can only replace versions written before it.".to_owned());
    }
    None
}

// Natively only: the property test needs proptest, which does not build for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "versions_tests.rs"]
mod tests;
