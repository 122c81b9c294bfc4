//! Frameworks: the clause and control trees that assessments rate. The built-in ones
//! (ISO/IEC 20000-1:2018 and ISO/IEC 27001:2022) live in `content/`: their structure is compiled
//! in, their guidance is served as files ([`GuidanceBook`]); users
//! can import their own in the same JSON schema, checked by [`parse_framework`].

/// A built-in content file, `content/<path>` with its whitespace taken out by build.rs.
macro_rules! content {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/content/", $path))
    };
}

mod builtin;
mod catalogue;
mod crosswalk;
mod guidance;
mod parse;

use serde::{Deserialize, Serialize};

use crate::ids::{RecordId, RecordKind};
use crate::typed::{FieldProblem, RecordType, field_problem};

pub use builtin::{builtin_frameworks, iso20000, iso27001};
pub use catalogue::Catalogue;
pub use crosswalk::{Crosswalk, Link, LinkStatus, NoCounterpart, Relation, builtin_crosswalk};
pub use guidance::{GUIDANCE_FILES, GUIDANCE_PATH, GuidanceBook};
pub use parse::{FrameworkError, MAX_ITEMS, parse_framework};

pub const FRAMEWORK_FORMAT: &str = "praxis-framework";
pub const FRAMEWORK_VERSION: u32 = 1;

/// What kind of node an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A numbered clause of a management-system standard.
    Clause,
    /// A grouping of controls (e.g. Annex A themes).
    Theme,
    /// A control (e.g. ISO/IEC 27001 Annex A).
    Control,
}

/// ISO/IEC 27002:2022 attribute values of a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlAttributes {
    pub theme: String,
    pub control_type: Vec<String>,
    pub security_properties: Vec<String>,
    pub cybersecurity_concepts: Vec<String>,
    #[serde(default)]
    pub new_in_2022: bool,
}

/// Self-assessment help for one item, in Praxis's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub about: String,
    pub questions: Vec<String>,
    pub evidence: Vec<String>,
}

/// One clause, theme or control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub kind: ItemKind,
    /// Whether the item is rated (leaves are; headings roll up).
    pub assessable: bool,
    /// Whether the item may be marked not applicable (with a justification).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusion_allowed: bool,
    /// Whether the item is a process (ISO/IEC 20000-1 clause 8, the ISMS's risk, audit, review
    /// and improvement processes), so that ISO/IEC 33020 capability rating applies to it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub process: bool,
    /// Whether the standard requires documented information for the item (Praxis's reading of
    /// the clause tree: a scope, a policy, a plan, evidence of results…).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub documented: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<ControlAttributes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Guidance>,
    /// Requirement text the user imported under their own licence; never shipped by Praxis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A framework: metadata and items in document order (a parent before its children).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub format: String,
    pub version: u32,
    pub id: String,
    pub name: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notice: String,
    pub items: Vec<Item>,
    /// Where each item is in `items`, by id: reading an assessment looks items up several
    /// times per answer.
    #[serde(skip)]
    positions: Cached<std::collections::HashMap<String, usize>>,
    #[serde(skip)]
    has_processes: Cached<bool>,
}

/// A value worked out from the items on first use; not part of the framework's value.
#[derive(Debug, Clone, Default)]
struct Cached<T>(std::sync::OnceLock<T>);

impl<T> PartialEq for Cached<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Framework {
    pub fn item(&self, id: &str) -> Option<&Item> {
        let positions = self.positions.0.get_or_init(|| {
            let mut positions = std::collections::HashMap::new();
            for (i, item) in self.items.iter().enumerate().rev() {
                // In reverse, so that the first of two items with one id is the one found.
                positions.insert(item.id.clone(), i);
            }
            positions
        });
        // Checked against the items themselves, should they have changed since.
        match positions.get(id).and_then(|&i| self.items.get(i)) {
            Some(item) if item.id == id => Some(item),
            _ => self.items.iter().find(|item| item.id == id),
        }
    }

    /// Whether ISO/IEC 33020 capability rating applies to an item: to the items marked as
    /// processes, or to every item of a framework that marks none (imported frameworks that
    /// do not say; they were rated as processes throughout before items could say so).
    pub fn rates_as_process(&self, item: &Item) -> bool {
        item.process || !self.has_processes()
    }

    fn has_processes(&self) -> bool {
        *self
            .has_processes
            .0
            .get_or_init(|| self.items.iter().any(|i| i.process))
    }

    pub fn assessable(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|item| item.assessable)
    }

    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items
            .iter()
            .filter(move |item| item.parent.as_deref() == Some(id))
    }

    /// The top-level item an item sits under (itself when it has no parent).
    pub fn root_of<'a>(&'a self, item: &'a Item) -> &'a Item {
        let mut current = item;
        while let Some(parent) = current.parent.as_deref().and_then(|p| self.item(p)) {
            current = parent;
        }
        current
    }

    /// The items a person rates for `id`: the item itself when it is assessable, else the
    /// assessable items beneath it (a heading such as 8.5.1 is rated as 8.5.1.1–8.5.1.3).
    pub fn rated_as(&self, id: &str) -> Vec<&str> {
        self.assessable()
            .filter(|item| self.is_within(&item.id, id))
            .map(|item| item.id.as_str())
            .collect()
    }

    /// Whether `id` is `ancestor` or lies beneath it.
    pub fn is_within(&self, id: &str, ancestor: &str) -> bool {
        let mut current = self.item(id);
        while let Some(item) = current {
            if item.id == ancestor {
                return true;
            }
            current = item.parent.as_deref().and_then(|p| self.item(p));
        }
        false
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a framework is plain JSON")
    }

    /// Whether this is one of the frameworks Praxis ships.
    pub fn is_builtin(&self) -> bool {
        builtin_frameworks().iter().any(|f| f.id == self.id)
    }

    /// A file name for exporting, e.g. `praxis-framework-iso27001-2022.json`.
    pub fn file_name(&self) -> String {
        format!(
            "praxis-framework-{}.json",
            legacy_framework_record_id(&self.id)
        )
    }
}

/// Requirement text a user imports for a built-in framework (text they hold a licence for):
/// the file is that framework exported, with `text` added to some items. Returns the texts by
/// item id; every item must belong to the built-in framework.
pub fn licensed_text(
    imported: &Framework,
) -> Result<std::collections::BTreeMap<String, String>, FrameworkError> {
    let builtin = builtin_frameworks()
        .into_iter()
        .find(|f| f.id == imported.id)
        .ok_or_else(|| FrameworkError::Invalid {
            path: "id".into(),
            detail: format!("{} is not a built-in framework", imported.id),
        })?;
    let mut texts = std::collections::BTreeMap::new();
    for (i, item) in imported.items.iter().enumerate() {
        if builtin.item(&item.id).is_none() {
            return Err(FrameworkError::Invalid {
                path: format!("items[{i}].id"),
                detail: format!("{} has no item {:?}", builtin.name, item.id),
            });
        }
        if let Some(text) = item
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            texts.insert(item.id.clone(), text.to_owned());
        }
    }
    if texts.is_empty() {
        return Err(FrameworkError::Invalid {
            path: "items".into(),
            detail: format!("no item has a \"text\" to add to {}", builtin.name),
        });
    }
    Ok(texts)
}

pub fn framework_kind() -> RecordKind {
    Framework::kind()
}

/// An imported framework is kept as a workspace record: its body is the framework file's
/// fields, checked as an import would be.
impl RecordType for Framework {
    const KIND: &'static str = "framework";
    const NOUN: &'static str = "Framework";
    type Context = ();

    fn to_body(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self).expect("a framework is plain JSON") {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a struct serialises to an object"),
        }
    }

    fn from_body(
        id: &RecordId,
        body: &serde_json::Map<String, serde_json::Value>,
        _: &(),
    ) -> Result<Self, FieldProblem> {
        let framework = parse_framework(&serde_json::Value::Object(body.clone()).to_string())
            .map_err(|e| match e {
                FrameworkError::Invalid { path, detail } => {
                    let field = path.split(['.', '[']).next().unwrap_or_default().to_owned();
                    (Some(field), format!("{path}: {detail}"))
                }
                other => (None, other.to_string()),
            })?;
        if framework_record_id(&framework.id) != *id {
            return Err(field_problem(
                "id",
                format!("{} is not the framework this record holds", framework.id),
            ));
        }
        Ok(framework)
    }
}

/// The record id a framework is kept under. Framework ids may hold '.', ':' and '_'; record ids
/// only '_' and '-'. Each is spelled out ('.' as `_d`, ':' as `_c`, '_' as `__`), so two
/// framework ids never share a record: `a.b`, `a:b`, `a_b` and `a-b` stay apart.
pub fn framework_record_id(framework_id: &str) -> RecordId {
    let mut id = String::with_capacity(framework_id.len() * 2);
    for c in framework_id.chars() {
        match c {
            '.' => id.push_str("_d"),
            ':' => id.push_str("_c"),
            '_' => id.push_str("__"),
            other => id.push(other),
        }
    }
    RecordId::parse(&id).expect("framework ids are 1–40 safe characters, so at most 80 here")
}

/// The record id a framework record kept under its old id moves to, when `record_id` is the
/// old spelling of `framework_id` and the new spelling differs (schema version 3 and backup
/// format 2 moved them).
pub fn moved_framework_record_id(framework_id: &str, record_id: &str) -> Option<RecordId> {
    let moved = framework_record_id(framework_id);
    (legacy_framework_record_id(framework_id) == record_id && moved.as_str() != record_id)
        .then_some(moved)
}

/// The record id schema version 2 and backup format 1 kept a framework under ('.' and ':'
/// both became '-'), so upgrades can move it.
pub fn legacy_framework_record_id(framework_id: &str) -> String {
    framework_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
