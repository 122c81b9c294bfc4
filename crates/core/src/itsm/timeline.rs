//! A major incident's timeline (ISO/IEC 20000-1 8.6.1): what happened when, in the words of the
//! people handling it, read beside the steps the ticket took. The review after the incident is
//! written from it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entries::{entry_field, read_entries, write_entries};
use super::too_long;
use super::workflow::{Lifecycle, Step};
use crate::ids::RecordId;
use crate::typed::{FieldProblem, field_problem};

/// The field name timeline entries are stored under (`timeline#ID`).
pub const TIMELINE: &str = "timeline";
/// Longest note of one entry.
pub const NOTE_MAX_CHARS: usize = 2_000;
/// Longest name of the person who wrote it.
pub const BY_MAX_CHARS: usize = 200;

/// One entry: when it happened (Unix ms, which may be before the ticket was logged: the first
/// alert), what happened, and who noted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    pub at: i64,
    pub note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
}

impl TimelineEntry {
    /// An entry as typed: refused with the reason when the note is blank or too long.
    pub fn new(at: i64, note: &str, by: &str) -> Result<Self, String> {
        let entry = Self {
            at,
            note: note.trim().to_owned(),
            by: by.trim().to_owned(),
        };
        entry.problem().map_or(Ok(entry), Err)
    }

    fn problem(&self) -> Option<String> {
        if self.at < 0 {
            return Some("The time of a timeline entry is not valid.".to_owned());
        }
        if self.note.trim().is_empty() {
            return Some("A timeline entry needs a note of what happened.".to_owned());
        }
        too_long("note", &self.note, NOTE_MAX_CHARS)
            .or_else(|| too_long("by", &self.by, BY_MAX_CHARS))
            .map(|(field, problem)| format!("The {} {problem}", field.unwrap_or_default()))
    }
}

/// Every entry of one ticket's timeline, by entry id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    entries: BTreeMap<RecordId, TimelineEntry>,
}

/// One moment of the timeline as people read it: an entry, or a step the ticket took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moment<'a, S> {
    Entry(&'a RecordId, &'a TimelineEntry),
    Step(Step<S>),
}

impl<S> Moment<'_, S> {
    pub fn at(&self) -> i64 {
        match self {
            Moment::Entry(_, entry) => entry.at,
            Moment::Step(step) => step.at,
        }
    }
}

impl Timeline {
    pub fn read(body: &Map<String, Value>) -> Result<Self, FieldProblem> {
        let entries: BTreeMap<RecordId, TimelineEntry> = read_entries(body, TIMELINE)?;
        for (id, entry) in &entries {
            if let Some(problem) = entry.problem() {
                return Err(field_problem(&entry_field(TIMELINE, id), problem));
            }
        }
        Ok(Self { entries })
    }

    pub fn write(&self, body: &mut Map<String, Value>) {
        write_entries(body, TIMELINE, &self.entries);
    }

    pub fn add(&mut self, id: RecordId, entry: TimelineEntry) {
        self.entries.insert(id, entry);
    }

    /// Takes an entry out (written in error); false when it was not there.
    pub fn remove(&mut self, id: &RecordId) -> bool {
        self.entries.remove(id).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries and `steps` in time order; at the same instant a step comes before an
    /// entry (the note explains the step), entries by id — the same on every device.
    pub fn with_steps<S: Lifecycle>(&self, steps: &[Step<S>]) -> Vec<Moment<'_, S>> {
        let mut moments: Vec<Moment<'_, S>> = steps.iter().copied().map(Moment::Step).collect();
        moments.extend(self.entries.iter().map(|(id, e)| Moment::Entry(id, e)));
        moments.sort_by(|a, b| {
            let rank = |m: &Moment<'_, S>| match m {
                Moment::Step(_) => (0, None),
                Moment::Entry(id, _) => (1, Some((*id).clone())),
            };
            a.at().cmp(&b.at()).then_with(|| rank(a).cmp(&rank(b)))
        });
        moments
    }
}
