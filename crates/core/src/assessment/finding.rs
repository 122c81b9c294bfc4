//! The conformity finding an auditor records beside an item's maturity rating.

use serde::{Deserialize, Serialize};

/// What an auditor would record about an item, beside how mature it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Finding {
    Conforms,
    MinorNonconformity,
    MajorNonconformity,
    OpportunityForImprovement,
}

impl Finding {
    pub const ALL: [Finding; 4] = [
        Self::Conforms,
        Self::MinorNonconformity,
        Self::MajorNonconformity,
        Self::OpportunityForImprovement,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Conforms => "Conforms",
            Self::MinorNonconformity => "Minor nonconformity",
            Self::MajorNonconformity => "Major nonconformity",
            Self::OpportunityForImprovement => "Opportunity for improvement",
        }
    }

    /// The stored spelling, for form values.
    pub fn code(self) -> &'static str {
        match self {
            Self::Conforms => "conforms",
            Self::MinorNonconformity => "minor-nonconformity",
            Self::MajorNonconformity => "major-nonconformity",
            Self::OpportunityForImprovement => "opportunity-for-improvement",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}
