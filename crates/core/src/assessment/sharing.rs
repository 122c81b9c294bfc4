//! Shared answers in an integrated assessment: an ISO/IEC 27001 clause and its equivalent
//! ISO/IEC 20000-1 clause can be answered once. Each pair starts shared or apart by the
//! assessment's sharing rules, and the person can split it or join it again; the 27001 clause's
//! own answer is kept while shared, so splitting again brings it back.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::model::{Assessment, AssessmentError, FrameworkChoice, ItemAnswer};
use crate::framework::{Relation, builtin_crosswalk, iso20000, iso27001};

/// A 27001 clause's equivalent 20000-1 clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub iso20000: &'static str,
    /// Equivalent by its own number (4.1 ↔ 4.1), not through a heading above it (27001 9.2.1
    /// under 9.2 ↔ 20000-1 9.2).
    pub direct: bool,
}

/// Clauses that start apart under the current rules: the profile keeps a scope for each
/// system, so one answer cannot honestly serve both.
const APART_BY_DEFAULT: [&str; 1] = ["4.3"];

/// Every 27001 clause that has an assessable equivalent 20000-1 clause, by 27001 id: the
/// equivalent link to the clause itself, or else to the nearest heading above it.
pub fn pairs() -> &'static BTreeMap<&'static str, Pair> {
    static PAIRS: OnceLock<BTreeMap<&'static str, Pair>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut pairs = BTreeMap::new();
        let equivalent: Vec<_> = builtin_crosswalk()
            .links
            .iter()
            .filter(|l| l.relation == Relation::Equivalent)
            .filter(|l| iso20000().item(&l.iso20000).is_some_and(|i| i.assessable))
            .collect();
        for item in iso27001().assessable() {
            let mut current = Some(item);
            while let Some(at) = current {
                if let Some(link) = equivalent.iter().find(|l| l.iso27001 == at.id) {
                    let pair = Pair {
                        iso20000: link.iso20000.as_str(),
                        direct: at.id == item.id,
                    };
                    pairs.insert(item.id.as_str(), pair);
                    break;
                }
                current = at.parent.as_deref().and_then(|p| iso27001().item(p));
            }
        }
        pairs
    })
}

/// The 27001 clauses that pair with a 20000-1 clause.
pub fn paired_with(iso20000_id: &str) -> Vec<&'static str> {
    pairs()
        .iter()
        .filter(|(_, pair)| pair.iso20000 == iso20000_id)
        .map(|(id, _)| *id)
        .collect()
}

impl Assessment {
    /// The 27001 item id of `key` when it has an equivalent 20000-1 clause in this assessment.
    fn pair_of(&self, key: &str) -> Option<(&'static str, Pair)> {
        if self.meta.frameworks != FrameworkChoice::Integrated {
            return None;
        }
        let item_id = key
            .strip_prefix(iso27001().id.as_str())?
            .strip_prefix('/')?;
        pairs()
            .get_key_value(item_id)
            .map(|(id, pair)| (*id, *pair))
    }

    /// The 20000-1 clause whose answer `key` shares now, if it does.
    pub fn shared_with(&self, key: &str) -> Option<&'static str> {
        let (item_id, pair) = self.pair_of(key)?;
        let chosen = self.answers.get(key).and_then(|a| a.shared);
        let by_rules = match self.meta.sharing_rules {
            1 => pair.direct,
            _ => !APART_BY_DEFAULT.contains(&item_id),
        };
        chosen.unwrap_or(by_rules).then_some(pair.iso20000)
    }

    /// The 20000-1 clause `key` can share an answer with, whether it does now or not.
    pub fn shareable_with(&self, key: &str) -> Option<&'static str> {
        self.pair_of(key).map(|(_, pair)| pair.iso20000)
    }

    pub(super) fn check_shareable(&self, key: &str) -> Result<(), AssessmentError> {
        let (_, item) = self.item(key)?;
        if self.pair_of(key).is_some() {
            return Ok(());
        }
        Err(AssessmentError::NotShareable(format!(
            "{} {} has no equivalent ISO/IEC 20000-1 clause in this assessment to share an answer with.",
            item.id, item.title
        )))
    }

    /// Joins a 27001 clause to its equivalent 20000-1 clause's answer, or splits it off. A
    /// clause split for the first time starts from a copy of the shared answer; one split
    /// before gets back the answer it had.
    pub fn set_shared(&mut self, key: &str, shared: bool) -> Result<(), AssessmentError> {
        self.check_shareable(key)?;
        if self.shared_with(key).is_some() == shared {
            return Ok(());
        }
        let starting_point = match (shared, self.answers.get(key)) {
            (false, own) if own.is_none_or(holds_only_sharing) => self.answer(key).cloned(),
            _ => None,
        };
        let own = self.answers.entry(key.to_owned()).or_default();
        if let Some(copy) = starting_point {
            *own = copy;
        }
        own.shared = Some(shared);
        Ok(())
    }
}

fn holds_only_sharing(answer: &ItemAnswer) -> bool {
    ItemAnswer {
        shared: None,
        ..answer.clone()
    } == ItemAnswer::default()
}
