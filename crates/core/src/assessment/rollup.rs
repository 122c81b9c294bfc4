//! Roll-ups: per item, per clause (or Annex A theme), per ISO/IEC 20000-1 clause-8 process
//! group, per framework and overall; readiness against target; the gap list; comparisons.

use std::collections::{BTreeMap, BTreeSet};

use super::blockers::{Blocker, Blockers, blockers};
use super::model::{Assessment, Finding, item_key};
use crate::framework::{Framework, ItemKind, iso20000};
use crate::isms::document::DocumentGap;

/// One assessable item's standing.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemScore {
    pub key: String,
    pub framework: &'static str,
    /// The framework's name, e.g. "ISO/IEC 20000-1:2018".
    pub standard: &'static str,
    pub item_id: &'static str,
    pub title: &'static str,
    /// False when the item was marked not applicable.
    pub applicable: bool,
    pub level: Option<u8>,
    pub target: u8,
    pub kind: ItemKind,
    pub finding: Option<Finding>,
    /// Whether the standard calls for documented information here.
    pub calls_for_documents: bool,
    /// Whether that documented information is in place (`None`: not checked).
    pub documented: Option<bool>,
}

impl ItemScore {
    /// How many levels short of target (an unrated item is at 0; an excluded one has no gap).
    pub fn gap(&self) -> u8 {
        if self.applicable {
            self.target.saturating_sub(self.level.unwrap_or(0))
        } else {
            0
        }
    }
}

/// Totals for a group of items.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub id: String,
    pub label: String,
    /// Applicable items.
    pub items: usize,
    pub excluded: usize,
    pub rated: usize,
    /// Mean level of the rated applicable items.
    pub average: Option<f64>,
    /// Sum of min(level, target) over sum of targets, unrated counting as 0; `None` when no
    /// item applies.
    pub readiness: Option<f64>,
}

impl Summary {
    fn of<'a>(id: &str, label: &str, scores: impl Iterator<Item = &'a ItemScore>) -> Self {
        let (mut items, mut excluded, mut rated, mut level_sum, mut reached, mut wanted) =
            (0, 0, 0, 0u32, 0u32, 0u32);
        for score in scores {
            if !score.applicable {
                excluded += 1;
                continue;
            }
            items += 1;
            wanted += u32::from(score.target);
            if let Some(level) = score.level {
                rated += 1;
                level_sum += u32::from(level);
                reached += u32::from(level.min(score.target));
            }
        }
        Summary {
            id: id.to_owned(),
            label: label.to_owned(),
            items,
            excluded,
            rated,
            average: (rated > 0).then(|| f64::from(level_sum) / rated as f64),
            readiness: (wanted > 0).then(|| f64::from(reached) / f64::from(wanted)),
        }
    }

    /// Share of applicable items rated, 0–1.
    pub fn progress(&self) -> f64 {
        if self.items == 0 {
            1.0
        } else {
            self.rated as f64 / self.items as f64
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    /// Every assessable item, in framework order.
    pub items: Vec<ItemScore>,
    /// Every item of every standard assessed: a shared answer rates one item in each.
    pub overall: Summary,
    pub by_framework: Vec<Summary>,
    /// Top-level clauses 4–10 of each framework, then Annex A themes.
    pub by_clause: Vec<Summary>,
    /// ISO/IEC 20000-1 clause 8 process groups 8.1–8.7 (empty without 20000-1).
    pub by_process: Vec<Summary>,
    pub blockers: Blockers,
    /// Item numbers that more than one of the assessment's standards use (9.1 in both
    /// ISO/IEC 20000-1 and ISO/IEC 27001): their labels say which standard they belong to.
    shared_numbers: BTreeSet<&'static str>,
}

impl Rollup {
    /// How an item is named where items of several standards are listed together: its number,
    /// with its standard where another standard of the assessment uses the same number
    /// ("ISO/IEC 27001:2022 9.1", but "A.5.1").
    pub fn label(&self, score: &ItemScore) -> String {
        if self.shared_numbers.contains(score.item_id) {
            format!("{} {}", score.standard, score.item_id)
        } else {
            score.item_id.to_owned()
        }
    }

    /// [`Self::label`] in few characters, for charts: "27001 9.1".
    pub fn short_label(&self, score: &ItemScore) -> String {
        if self.shared_numbers.contains(score.item_id) {
            let standard = score
                .standard
                .strip_prefix("ISO/IEC ")
                .unwrap_or(score.standard);
            let standard = standard.split(':').next().unwrap_or(standard);
            format!("{standard} {}", score.item_id)
        } else {
            score.item_id.to_owned()
        }
    }

    /// The item a blocker is about.
    pub fn item_of(&self, blocker: &Blocker) -> Option<&ItemScore> {
        self.items.iter().find(|s| s.key == blocker.key)
    }

    /// Applicable items below target, largest gap first (framework order breaks ties).
    pub fn gaps(&self) -> Vec<&ItemScore> {
        let mut gaps: Vec<&ItemScore> = self.items.iter().filter(|s| s.gap() > 0).collect();
        crate::order::sort_by_key(&mut gaps, |s| std::cmp::Reverse(s.gap()));
        gaps
    }
}

fn label(item: &crate::framework::Item) -> String {
    format!("{} {}", item.id, item.title)
}

fn groups(
    framework: &'static Framework,
    scores: &[ItemScore],
    parents: impl Iterator<Item = &'static crate::framework::Item>,
) -> Vec<Summary> {
    parents
        .map(|group| {
            let members = scores.iter().filter(|s| {
                s.framework == framework.id && framework.is_within(s.item_id, &group.id)
            });
            Summary::of(
                &format!("{}/{}", framework.id, group.id),
                &label(group),
                members,
            )
        })
        .collect()
}

pub fn rollup(assessment: &Assessment) -> Rollup {
    rollup_with_documents(assessment, &[])
}

/// [`rollup`], with the register's missing or unapproved required documents (`gaps`) among
/// the certification blockers.
pub fn rollup_with_documents(assessment: &Assessment, gaps: &[DocumentGap]) -> Rollup {
    let items: Vec<ItemScore> = assessment
        .items()
        .map(|(framework, item)| {
            let key = item_key(framework, item);
            let answer = assessment.answer(&key);
            ItemScore {
                framework: &framework.id,
                standard: &framework.name,
                item_id: &item.id,
                title: &item.title,
                applicable: answer.is_none_or(|a| a.not_applicable.is_none()),
                level: answer.and_then(|a| a.rating.as_ref()).map(|r| r.level()),
                target: answer
                    .and_then(|a| a.target)
                    .unwrap_or(assessment.meta.target),
                kind: item.kind,
                finding: answer.and_then(|a| a.finding),
                calls_for_documents: item.documented,
                // A shared answer's check counts only where this item calls for documents
                // (20000-1 9.2 does; 27001 9.2.1, which shares its answer, does not).
                documented: answer
                    .and_then(|a| a.documented)
                    .filter(|_| item.documented),
                key,
            }
        })
        .collect();
    let overall = Summary::of("overall", "Overall", items.iter());
    let frameworks = assessment.frameworks();
    let by_framework = frameworks
        .iter()
        .map(|f| Summary::of(&f.id, &f.name, items.iter().filter(|s| s.framework == f.id)))
        .collect();
    let by_clause = frameworks
        .iter()
        .flat_map(|f| groups(f, &items, f.items.iter().filter(|i| i.parent.is_none())))
        .collect();
    let by_process = frameworks
        .iter()
        .filter(|f| f.id == iso20000().id)
        .flat_map(|f| groups(f, &items, f.children("8")))
        .collect();
    let mut first_framework: BTreeMap<&'static str, &'static str> = BTreeMap::new();
    let mut shared_numbers = BTreeSet::new();
    for score in &items {
        if *first_framework
            .entry(score.item_id)
            .or_insert(score.framework)
            != score.framework
        {
            shared_numbers.insert(score.item_id);
        }
    }
    Rollup {
        blockers: blockers(&items, assessment.meta.blocker_level, gaps),
        items,
        overall,
        by_framework,
        by_clause,
        by_process,
        shared_numbers,
    }
}

/// How one item moved between two assessments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub key: String,
    pub title: &'static str,
    pub before: Option<u8>,
    pub after: Option<u8>,
}

impl Delta {
    pub fn improved(&self) -> bool {
        self.after.unwrap_or(0) > self.before.unwrap_or(0)
    }

    pub fn slipped(&self) -> bool {
        self.after.unwrap_or(0) < self.before.unwrap_or(0)
    }
}

/// Item-by-item movement from `before` to `after`; both must cover the same framework(s).
pub fn compare(before: &Assessment, after: &Assessment) -> Result<Vec<Delta>, String> {
    if before.meta.frameworks != after.meta.frameworks
        || before.meta.framework != after.meta.framework
    {
        return Err("Only assessments of the same framework(s) can be compared.".into());
    }
    let earlier = rollup(before);
    let later = rollup(after);
    Ok(earlier
        .items
        .iter()
        .zip(&later.items)
        .filter(|(a, b)| a.level != b.level)
        .map(|(a, b)| Delta {
            key: a.key.clone(),
            title: a.title,
            before: a.level,
            after: b.level,
        })
        .collect())
}
