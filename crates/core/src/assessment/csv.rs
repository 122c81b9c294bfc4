//! CSV export of every item of an assessment, one row each.

use super::model::Assessment;
use super::rollup::rollup;

/// Quotes a cell, and defuses spreadsheet formulas: a cell starting with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading apostrophe.
fn cell(text: &str) -> String {
    let defused = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

pub const CSV_HEADER: [&str; 16] = [
    "framework",
    "item",
    "title",
    "applicable",
    "level",
    "level name",
    "target",
    "gap",
    "finding",
    "documented information",
    "shared with",
    "owner",
    "due",
    "notes",
    "evidence",
    "justification",
];

pub fn to_csv(assessment: &Assessment) -> String {
    let names = assessment.meta.scale.level_names();
    let mut out = CSV_HEADER.map(cell).join(",");
    out.push_str("\r\n");
    for score in rollup(assessment).items {
        let answer = assessment.answer(&score.key).cloned().unwrap_or_default();
        let evidence: Vec<String> = answer
            .evidence
            .iter()
            .map(|e| match &e.link {
                Some(link) => format!("{} <{link}>", e.text),
                None => e.text.clone(),
            })
            .collect();
        let row = [
            score.framework.to_owned(),
            score.item_id.to_owned(),
            score.title.to_owned(),
            if score.applicable { "yes" } else { "no" }.to_owned(),
            score.level.map(|l| l.to_string()).unwrap_or_default(),
            score
                .level
                .map(|l| names[usize::from(l)].to_owned())
                .unwrap_or_default(),
            score.target.to_string(),
            score.gap().to_string(),
            score
                .finding
                .map(|f| f.label())
                .unwrap_or_default()
                .to_owned(),
            match score.documented {
                Some(true) => "in place",
                Some(false) => "missing",
                None if score.calls_for_documents => "not checked",
                None => "",
            }
            .to_owned(),
            assessment
                .shared_with(&score.key)
                .map(|id| format!("ISO/IEC 20000-1 {id}"))
                .unwrap_or_default(),
            answer.owner,
            answer.due.unwrap_or_default(),
            answer.notes,
            evidence.join("; "),
            answer.not_applicable.unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}
