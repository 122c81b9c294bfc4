//! The two rating scales an assessment can use, as plain data and functions:
//! - the common 0–5 ISMS maturity scale (non-existent … optimised);
//! - ISO/IEC 33020 process capability: process attributes PA 1.1 … PA 5.2 rated N/P/L/F, from
//!   which the capability level follows by the standard's rule.
//!
//! Both give a level from 0 to 5, which is what targets, roll-ups and gaps compare.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which scale an assessment rates with; chosen when it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    /// The 0–5 ISMS maturity scale.
    IsmsMaturity,
    /// ISO/IEC 33020 capability levels from N/P/L/F process attribute ratings.
    ProcessCapability,
}

impl Scale {
    pub const ALL: [Scale; 2] = [Scale::IsmsMaturity, Scale::ProcessCapability];

    pub fn name(self) -> &'static str {
        match self {
            Scale::IsmsMaturity => "Maturity 0–5 (non-existent to optimised)",
            Scale::ProcessCapability => {
                "ISO/IEC 33020 process capability for processes (N/P/L/F per attribute), maturity 0–5 elsewhere"
            }
        }
    }

    /// The names of levels 0–5 on this scale.
    pub fn level_names(self) -> [&'static str; 6] {
        match self {
            Scale::IsmsMaturity => MATURITY_LEVELS.map(|(name, _)| name),
            Scale::ProcessCapability => CAPABILITY_LEVELS.map(|(name, _)| name),
        }
    }
}

/// Levels 0–5 of the ISMS maturity scale: name and what it looks like, in our words.
pub const MATURITY_LEVELS: [(&str, &str); 6] = [
    (
        "Non-existent",
        "Nothing is in place and the need has not been recognised.",
    ),
    (
        "Initial",
        "The need is recognised; work happens ad hoc and depends on individuals.",
    ),
    (
        "Repeatable",
        "People do similar things the same way, but nothing is written down or trained.",
    ),
    (
        "Defined",
        "The approach is documented, communicated and trained; deviations may go unnoticed.",
    ),
    (
        "Managed",
        "Compliance is measured and monitored, and action follows when it is not working.",
    ),
    (
        "Optimised",
        "Good practice is followed, measured against others and continually improved.",
    ),
];

/// Capability levels 0–5 of ISO/IEC 33020: name and a one-line meaning, in our words.
pub const CAPABILITY_LEVELS: [(&str, &str); 6] = [
    (
        "Incomplete",
        "The process is not in place or does not achieve its purpose.",
    ),
    ("Performed", "The process achieves its purpose."),
    (
        "Managed",
        "Performance is planned, monitored and adjusted; work products are controlled.",
    ),
    (
        "Established",
        "A defined, standard process is deployed and achieves its outcomes.",
    ),
    (
        "Predictable",
        "The process runs within defined limits, managed with data.",
    ),
    (
        "Innovating",
        "The process is continually improved to meet changing goals.",
    ),
];

/// How far a process attribute is achieved (ISO/IEC 33020 rating scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Achievement {
    /// Not achieved: 0 % to 15 %.
    N,
    /// Partially achieved: over 15 % to 50 %.
    P,
    /// Largely achieved: over 50 % to 85 %.
    L,
    /// Fully achieved: over 85 % to 100 %.
    F,
}

impl Achievement {
    pub const ALL: [Achievement; 4] = [
        Achievement::N,
        Achievement::P,
        Achievement::L,
        Achievement::F,
    ];

    /// The rating for an achievement percentage, or `None` outside 0–100.
    pub fn from_percent(percent: f64) -> Option<Self> {
        match percent {
            p if !(0.0..=100.0).contains(&p) => None,
            p if p <= 15.0 => Some(Achievement::N),
            p if p <= 50.0 => Some(Achievement::P),
            p if p <= 85.0 => Some(Achievement::L),
            _ => Some(Achievement::F),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Achievement::N => "Not achieved",
            Achievement::P => "Partially achieved",
            Achievement::L => "Largely achieved",
            Achievement::F => "Fully achieved",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Achievement::N => "N",
            Achievement::P => "P",
            Achievement::L => "L",
            Achievement::F => "F",
        }
    }

    fn largely_or_better(self) -> bool {
        self >= Achievement::L
    }
}

/// The nine process attributes of ISO/IEC 33020, levels 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProcessAttribute {
    #[serde(rename = "PA 1.1")]
    Pa11,
    #[serde(rename = "PA 2.1")]
    Pa21,
    #[serde(rename = "PA 2.2")]
    Pa22,
    #[serde(rename = "PA 3.1")]
    Pa31,
    #[serde(rename = "PA 3.2")]
    Pa32,
    #[serde(rename = "PA 4.1")]
    Pa41,
    #[serde(rename = "PA 4.2")]
    Pa42,
    #[serde(rename = "PA 5.1")]
    Pa51,
    #[serde(rename = "PA 5.2")]
    Pa52,
}

impl ProcessAttribute {
    pub const ALL: [ProcessAttribute; 9] = [
        Self::Pa11,
        Self::Pa21,
        Self::Pa22,
        Self::Pa31,
        Self::Pa32,
        Self::Pa41,
        Self::Pa42,
        Self::Pa51,
        Self::Pa52,
    ];

    /// The capability level this attribute belongs to (1–5).
    pub fn level(self) -> u8 {
        match self {
            Self::Pa11 => 1,
            Self::Pa21 | Self::Pa22 => 2,
            Self::Pa31 | Self::Pa32 => 3,
            Self::Pa41 | Self::Pa42 => 4,
            Self::Pa51 | Self::Pa52 => 5,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Self::Pa11 => "PA 1.1",
            Self::Pa21 => "PA 2.1",
            Self::Pa22 => "PA 2.2",
            Self::Pa31 => "PA 3.1",
            Self::Pa32 => "PA 3.2",
            Self::Pa41 => "PA 4.1",
            Self::Pa42 => "PA 4.2",
            Self::Pa51 => "PA 5.1",
            Self::Pa52 => "PA 5.2",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Pa11 => "Process performance",
            Self::Pa21 => "Performance management",
            Self::Pa22 => "Work product management",
            Self::Pa31 => "Process definition",
            Self::Pa32 => "Process deployment",
            Self::Pa41 => "Quantitative analysis",
            Self::Pa42 => "Quantitative control",
            Self::Pa51 => "Process innovation",
            Self::Pa52 => "Process innovation implementation",
        }
    }
}

/// Ratings of some or all process attributes; an unrated attribute counts as N.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttributeRatings(BTreeMap<ProcessAttribute, Achievement>);

impl AttributeRatings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&mut self, attribute: ProcessAttribute, achievement: Achievement) -> &mut Self {
        self.0.insert(attribute, achievement);
        self
    }

    /// The rating an attribute counts with: N when it is not assessed.
    pub fn get(&self, attribute: ProcessAttribute) -> Achievement {
        self.rated(attribute).unwrap_or(Achievement::N)
    }

    /// The rating given to an attribute, `None` when it is not assessed (which is not N).
    pub fn rated(&self, attribute: ProcessAttribute) -> Option<Achievement> {
        self.0.get(&attribute).copied()
    }

    /// Marks an attribute not assessed.
    pub fn clear(&mut self, attribute: ProcessAttribute) -> &mut Self {
        self.0.remove(&attribute);
        self
    }

    /// How many attributes are not assessed.
    pub fn not_assessed(&self) -> usize {
        ProcessAttribute::ALL.len() - self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The capability level by ISO/IEC 33020's rule: level n is reached when the level-n
    /// attributes are rated L or F and every attribute of a lower level is rated F.
    pub fn capability_level(&self) -> u8 {
        let mut reached = 0;
        for level in 1..=5u8 {
            let attributes = ProcessAttribute::ALL.iter().copied();
            let this_level_ok = attributes
                .clone()
                .filter(|a| a.level() == level)
                .all(|a| self.get(a).largely_or_better());
            let lower_levels_full = attributes
                .filter(|a| a.level() < level)
                .all(|a| self.get(a) == Achievement::F);
            if !(this_level_ok && lower_levels_full) {
                break;
            }
            reached = level;
        }
        reached
    }
}

#[cfg(test)]
mod tests;
