//! A ticket's priority from its impact and urgency (ISO/IEC 20000-1 8.6.1 asks that incidents
//! be prioritised by impact and urgency), through a matrix the workspace can set.

use serde::{Deserialize, Serialize};

/// How widely a ticket hurts (impact) or how soon it must be dealt with (urgency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    High,
    Medium,
    Low,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::High, Level::Medium, Level::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::High => "High",
            Level::Medium => "Medium",
            Level::Low => "Low",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A priority from 1 (most urgent) to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Priority(u8);

impl Priority {
    pub const HIGHEST: Priority = Priority(1);
    pub const LOWEST: Priority = Priority(5);
    pub const ALL: [Priority; 5] = [
        Priority(1),
        Priority(2),
        Priority(3),
        Priority(4),
        Priority(5),
    ];

    pub fn new(value: u8) -> Result<Self, PriorityError> {
        if (1..=5).contains(&value) {
            Ok(Self(value))
        } else {
            Err(PriorityError::OutOfRange(value))
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// "P1" … "P5".
    pub fn label(self) -> String {
        format!("P{}", self.0)
    }
}

impl TryFrom<u8> for Priority {
    type Error = PriorityError;
    fn try_from(value: u8) -> Result<Self, PriorityError> {
        Priority::new(value)
    }
}

impl From<Priority> for u8 {
    fn from(priority: Priority) -> u8 {
        priority.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriorityError {
    #[error("A priority is from 1 (most urgent) to 5; {0} is not one.")]
    OutOfRange(u8),
    #[error(
        "A higher impact or urgency can never give a lower priority: {impact} impact with {urgency} urgency is P{found}, below P{floor} for less."
    )]
    NotMonotone {
        impact: &'static str,
        urgency: &'static str,
        found: u8,
        floor: u8,
    },
}

/// Which priority each impact × urgency pair gives: rows by impact, columns by urgency, both
/// high first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "[[Priority; 3]; 3]", into = "[[Priority; 3]; 3]")]
pub struct PriorityMatrix {
    cells: [[Priority; 3]; 3],
}

impl Default for PriorityMatrix {
    /// The common practice: P1 for high impact and high urgency, down to P5 for low and low.
    fn default() -> Self {
        let p = |v| Priority(v);
        Self {
            cells: [[p(1), p(2), p(3)], [p(2), p(3), p(4)], [p(3), p(4), p(5)]],
        }
    }
}

impl PriorityMatrix {
    /// A matrix where raising impact or urgency never lowers the priority, so that people can
    /// trust "more urgent" to mean "dealt with first".
    pub fn new(cells: [[Priority; 3]; 3]) -> Result<Self, PriorityError> {
        for impact in Level::ALL {
            for urgency in Level::ALL {
                let (i, u) = (impact.index(), urgency.index());
                let found = cells[i][u];
                // The cell one step less impactful, or less urgent, must not be more urgent.
                let less = [
                    (i + 1 < 3).then(|| cells[i + 1][u]),
                    (u + 1 < 3).then(|| cells[i][u + 1]),
                ];
                if let Some(floor) = less.into_iter().flatten().find(|floor| *floor < found) {
                    return Err(PriorityError::NotMonotone {
                        impact: impact.as_str(),
                        urgency: urgency.as_str(),
                        found: found.0,
                        floor: floor.0,
                    });
                }
            }
        }
        Ok(Self { cells })
    }

    pub fn priority(&self, impact: Level, urgency: Level) -> Priority {
        self.cells[impact.index()][urgency.index()]
    }

    pub fn cells(&self) -> &[[Priority; 3]; 3] {
        &self.cells
    }
}

impl TryFrom<[[Priority; 3]; 3]> for PriorityMatrix {
    type Error = PriorityError;
    fn try_from(cells: [[Priority; 3]; 3]) -> Result<Self, PriorityError> {
        PriorityMatrix::new(cells)
    }
}

impl From<PriorityMatrix> for [[Priority; 3]; 3] {
    fn from(matrix: PriorityMatrix) -> Self {
        matrix.cells
    }
}
