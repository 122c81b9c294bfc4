//! A record's life cycle: its states, the steps allowed between them, and the log of steps it
//! took. The current state is one field (last writer wins, like any field); each step is a
//! field of its own (`step#ID`), so steps taken on two devices apart are both kept, and clocks
//! that depend on the timeline (an SLA paused while waiting) see every one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::sla_clock::Pause;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, field_problem};

/// Where a step's field names start.
pub const STEP_PREFIX: &str = "step#";
/// The most steps one record keeps (a ticket reopened a hundred times is already odd).
pub const MAX_STEPS: usize = 500;

/// The states of one kind of record and the steps between them.
pub trait Lifecycle: Copy + Eq + Ord + std::fmt::Debug + 'static {
    const ALL: &'static [Self];
    const INITIAL: Self;
    /// The name stored ("in-progress").
    fn as_str(self) -> &'static str;
    /// The name people read ("In progress").
    fn label(self) -> &'static str;
    /// The states one step away.
    fn next(self) -> &'static [Self];

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == text)
    }

    fn can_go(self, to: Self) -> bool {
        self.next().contains(&to)
    }
}

/// One step as the log keeps it: the state entered and when (Unix ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<S> {
    pub to: S,
    pub at: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    to: String,
    at: i64,
}

/// Every step a record took, by step id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepLog<S> {
    steps: BTreeMap<RecordId, Step<S>>,
}

impl<S> Default for StepLog<S> {
    fn default() -> Self {
        Self {
            steps: BTreeMap::new(),
        }
    }
}

impl<S: Lifecycle> StepLog<S> {
    /// The steps held in `body` (fields `step#ID`).
    pub fn read(body: &Map<String, Value>) -> Result<Self, FieldProblem> {
        let mut steps = BTreeMap::new();
        for (field, value) in body {
            let Some(id) = field.strip_prefix(STEP_PREFIX) else {
                continue;
            };
            let id = RecordId::parse(id).map_err(|e| field_problem(field, e))?;
            let raw = RawStep::deserialize(value).map_err(|e| field_problem(field, e))?;
            let to = S::parse(&raw.to)
                .ok_or_else(|| field_problem(field, format!("no such state: {:?}", raw.to)))?;
            steps.insert(id, Step { to, at: raw.at });
        }
        if steps.len() > MAX_STEPS {
            return Err((
                None,
                format!(
                    "a record keeps at most {MAX_STEPS} steps; this has {}",
                    steps.len()
                ),
            ));
        }
        Ok(Self { steps })
    }

    /// Writes the steps into `body`.
    pub fn write(&self, body: &mut Map<String, Value>) {
        for (id, step) in &self.steps {
            let raw = RawStep {
                to: step.to.as_str().to_owned(),
                at: step.at,
            };
            body.insert(
                format!("{STEP_PREFIX}{id}"),
                serde_json::to_value(raw).expect("plain data"),
            );
        }
    }

    pub fn add(&mut self, id: RecordId, step: Step<S>) {
        self.steps.insert(id, step);
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps in the order they were taken (ties by id, the same on every device).
    pub fn ordered(&self) -> Vec<Step<S>> {
        let mut steps: Vec<(&RecordId, &Step<S>)> = self.steps.iter().collect();
        steps.sort_by(|a, b| a.1.at.cmp(&b.1.at).then_with(|| a.0.cmp(b.0)));
        steps.into_iter().map(|(_, step)| *step).collect()
    }

    /// Whether the record ever stepped into any of `states`.
    pub fn entered(&self, states: &[S]) -> bool {
        self.steps.values().any(|step| states.contains(&step.to))
    }

    /// Refuses a log with a step dated before `start`, when the record began (`began` says how:
    /// "the ticket was logged").
    pub fn check_from(&self, start: i64, began: &str) -> Result<(), FieldProblem> {
        if self.steps.values().any(|step| step.at < start) {
            return Err((None, format!("A step is dated before {began}.")));
        }
        Ok(())
    }

    /// When the record first entered any of `states`.
    pub fn first_entered(&self, states: &[S]) -> Option<i64> {
        self.ordered()
            .into_iter()
            .find(|step| states.contains(&step.to))
            .map(|step| step.at)
    }

    /// The spans the record spent in any of `states` (the last one open if it is still there).
    pub fn spans_in(&self, states: &[S]) -> Vec<Pause> {
        let mut spans = Vec::new();
        let mut open: Option<i64> = None;
        for step in self.ordered() {
            let inside = states.contains(&step.to);
            match (open, inside) {
                (None, true) => open = Some(step.at),
                (Some(start), false) => {
                    spans.push(Pause {
                        start,
                        end: Some(step.at),
                    });
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            spans.push(Pause { start, end: None });
        }
        spans
    }
}

/// A record with a life cycle. Taking a step and saying why one cannot be taken work the same
/// for every such kind: allowed by the life cycle, and the record keeps its rules after it.
pub trait Stepped: Clone {
    type State: Lifecycle;
    fn state(&self) -> Self::State;
    /// When the record began (logged): no step is dated before it.
    fn begins_at(&self) -> i64;
    /// Enters the state of `step`, logged under `id`.
    fn log_step(&mut self, id: RecordId, step: Step<Self::State>);
    /// The rules the record keeps whatever path it took: the field at fault and why.
    fn rules(&self) -> Result<(), FieldProblem>;

    /// Takes one step to `to` at `at`, logged under `id`: refused when the life cycle does not
    /// allow it or the record would then break a rule (the message says which). A refused
    /// step changes nothing.
    fn step(&mut self, to: Self::State, id: RecordId, at: i64) -> Result<(), StepError> {
        let from = self.state();
        if !from.can_go(to) {
            return Err(StepError::NotAllowed {
                from: from.label(),
                to: to.label(),
            });
        }
        let mut next = self.clone();
        next.log_step(
            id,
            Step {
                to,
                at: at.max(self.begins_at()),
            },
        );
        next.rules()
            .map_err(|(_, problem)| StepError::Guard(problem))?;
        *self = next;
        Ok(())
    }

    /// Why the record cannot go to `to` now, if it cannot: in words for the button's hint.
    fn why_not(&self, to: Self::State) -> Option<String> {
        let mut next = self.clone();
        let id = RecordId::parse("check").expect("valid");
        next.step(to, id, self.begins_at())
            .err()
            .map(|e| e.to_string())
    }
}

/// Why a step cannot be taken, in words for the person trying.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("A record in “{from}” cannot go to “{to}” in one step.")]
    NotAllowed {
        from: &'static str,
        to: &'static str,
    },
    #[error("{0}")]
    Guard(String),
}
