//! The crosswalk between ISO/IEC 20000-1:2018 and ISO/IEC 27001:2022: which item of one relates
//! to which of the other, how closely, and on what authority.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Framework, iso20000};

const CROSSWALK: &str = content!("crosswalk-20000-1-2018_27001-2022.json");

/// How two items relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Same harmonized-structure clause: one answer serves both.
    Equivalent,
    /// The 20000-1 item covers part of the 27001 one.
    Subset,
    /// They overlap only in part.
    Partial,
    /// A clause-8 process and a control that supports it.
    Related,
}

impl Relation {
    pub fn label(self) -> &'static str {
        match self {
            Relation::Equivalent => "equivalent",
            Relation::Subset => "subset",
            Relation::Partial => "partial",
            Relation::Related => "related",
        }
    }
}

/// On what authority a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkStatus {
    /// Follows from the two verified clause trees.
    Sourced,
    /// From a public community mapping, via ITIL 4 practice names.
    SourcedIndirect,
    /// Praxis's own analysis; no public source.
    Proposed,
}

impl LinkStatus {
    pub fn label(self) -> &'static str {
        match self {
            LinkStatus::Sourced => "sourced",
            LinkStatus::SourcedIndirect => "sourced (indirect)",
            LinkStatus::Proposed => "proposed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub iso20000: String,
    pub iso27001: String,
    pub relation: Relation,
    pub status: LinkStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    pub format: String,
    pub version: u32,
    pub from: String,
    pub to: String,
    pub notice: String,
    pub links: Vec<Link>,
    /// Annex A controls reviewed and found to have no 20000-1 counterpart beyond the general
    /// information security controls of 8.7.3.2, each with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed_without_counterpart: Vec<NoCounterpart>,
}

/// A 27001 item reviewed for a 20000-1 counterpart and left unlinked on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoCounterpart {
    pub iso27001: String,
    pub note: String,
}

impl Crosswalk {
    /// Links that touch a 20000-1 item.
    pub fn from_iso20000<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Link> + 'a {
        self.links.iter().filter(move |link| link.iso20000 == id)
    }

    /// Links that touch a 27001 item.
    pub fn to_iso27001<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Link> + 'a {
        self.links.iter().filter(move |link| link.iso27001 == id)
    }

    /// The links an item shows in an assessment: its own, and those of the headings above it.
    /// A heading cannot be rated, so a link attached to one (8.5.1 → A.8.32, or 27001 9.2 →
    /// 20000-1 9.2) shows on each of its items instead. `framework` says which end `item_id`
    /// is: ISO/IEC 20000-1, or else ISO/IEC 27001.
    pub fn shown_on<'a>(
        &'a self,
        framework: &'a Framework,
        item_id: &'a str,
    ) -> impl Iterator<Item = &'a Link> + 'a {
        let from_iso20000 = framework.id == iso20000().id;
        self.links.iter().filter(move |link| {
            let end = if from_iso20000 {
                &link.iso20000
            } else {
                &link.iso27001
            };
            framework.is_within(item_id, end)
        })
    }
}

/// The shipped crosswalk.
pub fn builtin_crosswalk() -> &'static Crosswalk {
    static CELL: OnceLock<Crosswalk> = OnceLock::new();
    CELL.get_or_init(|| {
        serde_json::from_str(CROSSWALK).expect("built-in crosswalk is checked by tests")
    })
}
