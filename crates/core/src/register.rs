//! A register's list as plain data: rows of cells with what search and the filters look at, a
//! view (search text, one choice per filter, a sort) that picks and orders them, the views a
//! person saves, and the window of rows a scrolled table draws. Pages only wire these to
//! signals, so filtering a 10,000-record list is native code, tested and benchmarked here.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// A column: the key a saved view names it by, and its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
}

/// What a cell sorts by; an empty cell has none and sorts last either way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Number(i64),
    Text(String),
}

/// One cell: its text, and optionally a link, a badge class and a hint after the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub sort: Option<SortKey>,
    pub href: Option<String>,
    pub badge: Option<String>,
    pub hint: Option<String>,
}

impl Cell {
    /// A text cell, sorted without regard to case; empty text shows a dash and sorts last.
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        let sort = (!text.trim().is_empty()).then(|| SortKey::Text(text.to_lowercase()));
        Self {
            text,
            sort,
            href: None,
            badge: None,
            hint: None,
        }
    }

    /// A cell shown as `text` and sorted by `number` (a priority, a time).
    pub fn number(text: impl Into<String>, number: i64) -> Self {
        Self {
            sort: Some(SortKey::Number(number)),
            ..Self::text(text)
        }
    }

    pub fn link(mut self, href: impl Into<String>) -> Self {
        self.href = Some(href.into());
        self
    }

    /// Shows the text as a badge of this CSS class.
    pub fn badge(mut self, class: impl Into<String>) -> Self {
        self.badge = Some(class.into());
        self
    }

    /// A line of smaller text under the cell's own (none if `hint` is empty).
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        let hint = hint.into();
        self.hint = (!hint.is_empty()).then_some(hint);
        self
    }
}

/// One record as a row: its cells (one per column, in order), the text search looks in, and
/// the values each filter matches it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub cells: Vec<Cell>,
    /// Lower-cased once here, so a keystroke only compares.
    search: String,
    tags: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Row {
    pub fn new(id: impl Into<String>, cells: Vec<Cell>) -> Self {
        Self {
            id: id.into(),
            cells,
            search: String::new(),
            tags: BTreeMap::new(),
        }
    }

    /// Adds text the search box finds this row by.
    pub fn searched_by(mut self, text: &str) -> Self {
        if !self.search.is_empty() {
            // A separator no one types, so a word cannot match across two texts.
            self.search.push('\u{1f}');
        }
        self.search.push_str(&text.to_lowercase());
        self
    }

    /// Gives the row `value` for the filter `filter` (a row may have several: a ticket in
    /// progress is both "in-progress" and "open").
    pub fn tagged(mut self, filter: &'static str, value: impl Into<String>) -> Self {
        self.tags.entry(filter).or_default().insert(value.into());
        self
    }

    fn has(&self, filter: &str, value: &str) -> bool {
        self.tags
            .get(filter)
            .is_some_and(|values| values.contains(value))
    }

    fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|word| self.search.contains(word.as_str()))
    }
}

/// A sort by one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub column: String,
    #[serde(default)]
    pub descending: bool,
}

/// What the list shows: rows holding every word of `query`, with the chosen value of every
/// filter (an empty choice or a filter left out keeps all), in `sort`'s order or the rows' own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    #[serde(default)]
    pub sort: Option<Sort>,
}

impl View {
    /// The choice made for `filter` ("" for any).
    pub fn filter(&self, filter: &str) -> &str {
        self.filters.get(filter).map_or("", String::as_str)
    }

    pub fn set_filter(&mut self, filter: &str, value: &str) {
        if value.is_empty() {
            self.filters.remove(filter);
        } else {
            self.filters.insert(filter.to_owned(), value.to_owned());
        }
    }

    /// The next sort when a column's heading is pressed: ascending, then descending, then the
    /// rows' own order again.
    pub fn toggle_sort(&mut self, column: &str) {
        self.sort = match self.sort.take() {
            Some(sort) if sort.column == column && !sort.descending => Some(Sort {
                column: column.to_owned(),
                descending: true,
            }),
            Some(sort) if sort.column == column => None,
            _ => Some(Sort {
                column: column.to_owned(),
                descending: false,
            }),
        };
    }

    /// This view with the choices a link carries (`q` for the search, a filter's key for its
    /// value); parameters that name no filter are left out.
    pub fn with_link_choices<'a>(
        mut self,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
        filters: &[&str],
    ) -> Self {
        for (name, value) in params {
            if name == "q" {
                value.clone_into(&mut self.query);
            } else if filters.contains(&name) {
                self.set_filter(name, value);
            }
        }
        self
    }
}

/// The positions in `rows` of the rows `view` shows, in its order.
pub fn shown(columns: &[Column], rows: &[Row], view: &View) -> Vec<usize> {
    let words: Vec<String> = view
        .query
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let chosen: Vec<(&str, &str)> = view
        .filters
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(filter, value)| (filter.as_str(), value.as_str()))
        .collect();
    let mut positions: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            row.matches(&words) && chosen.iter().all(|(filter, value)| row.has(filter, value))
        })
        .map(|(position, _)| position)
        .collect();
    let column = view
        .sort
        .as_ref()
        .and_then(|sort| Some((columns.iter().position(|c| c.key == sort.column)?, sort)));
    if let Some((column, sort)) = column {
        let key = |position: usize| rows[position].cells.get(column)?.sort.as_ref();
        crate::order::sort_by(&mut positions, |&a, &b| match (key(a), key(b)) {
            (Some(a), Some(b)) if sort.descending => b.cmp(a),
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        });
    }
    positions
}

/// The most cards a board draws in one lane; the rest are counted, so that a board of 10,000
/// records stays quick (the table, drawn only in sight, shows them all).
pub const LANE_MAX_CARDS: usize = 100;

/// The rows shown (`positions`, in the view's order) grouped into a board's lanes: one lane per
/// value of `filter` in `lanes`, each with the positions of the rows tagged with that value, in
/// the same order. A row tagged with none of them is in no lane.
pub fn lanes(rows: &[Row], positions: &[usize], filter: &str, lanes: &[&str]) -> Vec<Vec<usize>> {
    lanes
        .iter()
        .map(|lane| {
            positions
                .iter()
                .copied()
                .filter(|&p| rows[p].has(filter, lane))
                .collect()
        })
        .collect()
}

/// How many rows show, in words: "3 of 10 services", "No service of 10 matches."
pub fn count_text(shown: usize, total: usize, singular: &str, plural: &str) -> String {
    if shown == 0 {
        format!("No {singular} of {total} matches.")
    } else {
        format!(
            "{shown} of {total} {}",
            if total == 1 { singular } else { plural }
        )
    }
}

/// From how many rows a table draws only the rows in sight.
pub const WINDOW_FROM_ROWS: usize = 100;

/// The rows a table scrolled to `scroll_top` draws in a viewport `viewport_px` high, each row
/// `row_px` high, with `overscan` rows either side so a quick scroll shows no gap.
pub fn window(
    total: usize,
    row_px: f64,
    scroll_top: f64,
    viewport_px: f64,
    overscan: usize,
) -> Range<usize> {
    if total == 0 || row_px <= 0.0 {
        return 0..0;
    }
    let rows_above = (scroll_top.max(0.0) / row_px).floor() as usize;
    let rows_in_sight = (viewport_px.max(0.0) / row_px).ceil() as usize + 1;
    let start = rows_above.saturating_sub(overscan).min(total);
    let end = (rows_above + rows_in_sight + overscan).min(total);
    start..end
}

/// The most views one list keeps, and the longest name one may have.
pub const MAX_SAVED_VIEWS: usize = 20;
pub const VIEW_NAME_MAX_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error("Give the view a name.")]
    EmptyName,
    #[error("A view's name has at most {VIEW_NAME_MAX_CHARS} characters.")]
    NameTooLong,
    #[error("A list keeps at most {MAX_SAVED_VIEWS} views: delete one first.")]
    TooMany,
}

/// A named view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    pub view: View,
}

/// The views a person saved for one list, in the order saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SavedViews(Vec<SavedView>);

impl SavedViews {
    /// Reads what was stored; anything unreadable counts as no views (they are a convenience,
    /// kept on this device only, never records).
    pub fn parse(text: &str) -> Self {
        serde_json::from_str::<Self>(text)
            .ok()
            .filter(|views| views.0.len() <= MAX_SAVED_VIEWS)
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "[]".to_owned())
    }

    pub fn iter(&self) -> impl Iterator<Item = &SavedView> {
        self.0.iter()
    }

    pub fn get(&self, name: &str) -> Option<&View> {
        self.0.iter().find(|v| v.name == name).map(|v| &v.view)
    }

    /// Saves `view` as `name` (trimmed), replacing a view of the same name whatever its case.
    pub fn save(&mut self, name: &str, view: View) -> Result<String, ViewError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ViewError::EmptyName);
        }
        if name.chars().count() > VIEW_NAME_MAX_CHARS {
            return Err(ViewError::NameTooLong);
        }
        let full = self.0.len() >= MAX_SAVED_VIEWS;
        let same = |v: &SavedView| v.name.to_lowercase() == name.to_lowercase();
        match self.0.iter_mut().find(|v| same(v)) {
            Some(existing) => {
                existing.name = name.to_owned();
                existing.view = view;
            }
            None if full => return Err(ViewError::TooMany),
            None => self.0.push(SavedView {
                name: name.to_owned(),
                view,
            }),
        }
        Ok(name.to_owned())
    }

    pub fn remove(&mut self, name: &str) {
        self.0.retain(|v| v.name != name);
    }
}

/// The rows at `positions` as CSV (RFC 4180: a heading row, fields quoted where they hold a
/// comma, a quote or a line break, CRLF line ends). A field a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`,
/// so an exported register cannot carry a formula into the auditor's spreadsheet.
pub fn to_csv(columns: &[Column], rows: &[Row], positions: &[usize]) -> String {
    let mut out = String::new();
    let mut line = |fields: &mut dyn Iterator<Item = &str>| {
        let quoted: Vec<String> = fields.map(csv_field).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    line(&mut columns.iter().map(|c| c.label));
    for &position in positions {
        let Some(row) = rows.get(position) else {
            continue;
        };
        line(&mut row.cells.iter().map(|c| c.text.as_str()));
    }
    out
}

pub(crate) fn csv_field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
