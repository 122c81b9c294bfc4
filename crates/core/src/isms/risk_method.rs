//! The workspace's risk method (ISO/IEC 27001 6.1.2; ISO/IEC 20000-1 6.1): its likelihood and
//! impact scales in the organisation's own words (3 to 5 levels each), the criteria it
//! assesses risks by, and the acceptance threshold. A risk's score is its likelihood level
//! times its impact level; a score above the threshold is not acceptable without treatment or
//! a decision to accept it.

use serde_json::{Map, Value};

use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields};

/// Fewest and most levels a scale has.
pub const MIN_LEVELS: usize = 3;
pub const MAX_LEVELS: usize = 5;
/// Longest name of a level.
pub const LEVEL_NAME_MAX_CHARS: usize = 60;
/// Longest text of the risk criteria.
pub const CRITERIA_MAX_CHARS: usize = 10_000;

/// A scale's levels by name, lowest first: level 1 is the first name. Only holds 3 to 5
/// distinct, non-empty names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale(Vec<String>);

impl Scale {
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, String> {
        let names: Vec<String> = names.iter().map(|n| n.as_ref().trim().to_owned()).collect();
        if !(MIN_LEVELS..=MAX_LEVELS).contains(&names.len()) {
            return Err(format!(
                "A scale has {MIN_LEVELS} to {MAX_LEVELS} levels (this has {}).",
                names.len()
            ));
        }
        for (index, name) in names.iter().enumerate() {
            let level = index + 1;
            if name.is_empty() {
                return Err(format!("Level {level} needs a name."));
            }
            let found = name.chars().count();
            if found > LEVEL_NAME_MAX_CHARS {
                return Err(format!(
                    "Level {level}'s name can be at most {LEVEL_NAME_MAX_CHARS} characters (this has {found})."
                ));
            }
            if names[..index].iter().any(|n| n.eq_ignore_ascii_case(name)) {
                return Err(format!("Two levels are called “{name}”."));
            }
        }
        Ok(Self(names))
    }

    /// How many levels it has (3 to 5).
    pub fn levels(&self) -> u8 {
        self.0.len() as u8
    }

    /// The name of `level` (1 is the lowest), when the scale has it.
    pub fn name(&self, level: u8) -> Option<&str> {
        usize::from(level)
            .checked_sub(1)
            .and_then(|i| self.0.get(i))
            .map(String::as_str)
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }
}

/// How a score stands against the threshold: within it, above it, or at least twice it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Within,
    Above,
    High,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Within => "within",
            Self::Above => "above",
            Self::High => "high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Within => "Within the threshold",
            Self::Above => "Above the threshold",
            Self::High => "High (twice the threshold or more)",
        }
    }
}

/// The workspace's risk method; one record per workspace ([`risk_method_id`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskMethod {
    pub likelihood: Scale,
    pub impact: Scale,
    /// How risks are assessed and what the organisation will accept, in its own words.
    pub criteria: String,
    /// The highest score accepted without treatment (1 up to the largest score).
    pub threshold: u8,
}

/// The id of the one risk method of each workspace.
pub fn risk_method_id() -> RecordId {
    RecordId::parse("method").expect("a valid id")
}

const FIELDS: &[&str] = &["likelihood_scale", "impact_scale", "criteria", "threshold"];

impl Default for RiskMethod {
    /// Five levels each, and scores above 6 (of 25) treated: a common starting point that the
    /// organisation adjusts to its own appetite.
    fn default() -> Self {
        Self {
            likelihood: Scale::parse(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"])
                .expect("valid"),
            impact: Scale::parse(&["Negligible", "Minor", "Moderate", "Major", "Severe"])
                .expect("valid"),
            criteria: String::new(),
            threshold: 6,
        }
    }
}

impl RiskMethod {
    /// The largest score: both top levels.
    pub fn max_score(&self) -> u8 {
        self.likelihood.levels() * self.impact.levels()
    }

    /// The rules every method keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if let Some(problem) = crate::itsm::too_long("criteria", &self.criteria, CRITERIA_MAX_CHARS)
        {
            return Err(problem);
        }
        let max = self.max_score();
        if !(1..=max).contains(&self.threshold) {
            return Err(field_problem(
                "threshold",
                format!("The acceptance threshold is a score from 1 to {max}."),
            ));
        }
        Ok(())
    }

    /// Where `score` stands against the threshold.
    pub fn band(&self, score: u8) -> Band {
        if score <= self.threshold {
            Band::Within
        } else if u16::from(score) >= 2 * u16::from(self.threshold) {
            Band::High
        } else {
            Band::Above
        }
    }

    /// How many of `cells` (likelihood, impact) fall in each cell of the grid: one row per
    /// likelihood level, lowest first, one column per impact level. A cell off the scales (a
    /// level the method no longer has) is not counted.
    pub fn heat_map(&self, cells: impl IntoIterator<Item = (u8, u8)>) -> Vec<Vec<usize>> {
        let (rows, columns) = (self.likelihood.levels(), self.impact.levels());
        let mut grid = vec![vec![0; usize::from(columns)]; usize::from(rows)];
        for (likelihood, impact) in cells {
            if (1..=rows).contains(&likelihood) && (1..=columns).contains(&impact) {
                grid[usize::from(likelihood - 1)][usize::from(impact - 1)] += 1;
            }
        }
        grid
    }

    /// Whether a score is above the acceptance threshold.
    pub fn is_above(&self, score: u8) -> bool {
        score > self.threshold
    }
}

fn read_scale(body: &Map<String, Value>, field: &str) -> Result<Option<Scale>, FieldProblem> {
    field_as::<Vec<String>>(body, field)?
        .map(|names| Scale::parse(&names).map_err(|e| field_problem(field, e)))
        .transpose()
}

impl RecordType for RiskMethod {
    const KIND: &'static str = "risk_method";
    const NOUN: &'static str = "Risk method";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        field == "criteria"
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert(
            "likelihood_scale".into(),
            Value::from(self.likelihood.0.clone()),
        );
        body.insert("impact_scale".into(), Value::from(self.impact.0.clone()));
        body.insert("threshold".into(), Value::from(self.threshold));
        if !self.criteria.is_empty() {
            body.insert("criteria".into(), Value::from(self.criteria.clone()));
        }
        body
    }

    /// A field not written yet reads as the default method's.
    fn from_body(_: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields(body, FIELDS)?;
        let default = Self::default();
        let method = Self {
            likelihood: read_scale(body, "likelihood_scale")?.unwrap_or(default.likelihood),
            impact: read_scale(body, "impact_scale")?.unwrap_or(default.impact),
            criteria: field_as(body, "criteria")?.unwrap_or_default(),
            threshold: field_as(body, "threshold")?.unwrap_or(default.threshold),
        };
        method.check()?;
        Ok(method)
    }
}
