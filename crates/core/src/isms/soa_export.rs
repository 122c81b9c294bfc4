//! The Statement of Applicability as a table — a row per Annex A control with its title, its
//! decision and the risks that name it — written as CSV or as a spreadsheet (`.xlsx`).

use crate::framework::iso27001;

use super::risk::Risk;
use super::soa::{PARTS, Soa};

/// The heading row.
pub const HEADINGS: [&str; 9] = [
    "Control",
    "Title",
    "Applicable",
    "Reasons for inclusion",
    "Justification for exclusion",
    "Implementation",
    "Owner",
    "Evidence",
    "Linked risks",
];

/// The heading row, then a row per control in the standard's order.
pub fn table(soa: &Soa, risks: &[Risk]) -> Vec<Vec<String>> {
    let framework = iso27001();
    let mut rows = vec![HEADINGS.iter().map(|h| (*h).to_owned()).collect()];
    for (control, row) in soa.ordered() {
        let key = format!("{}/{control}", framework.id);
        let title = framework.item(control).map_or("", |i| i.title.as_str());
        let linked: Vec<&str> = risks
            .iter()
            .filter(|r| r.controls.contains(&key))
            .map(|r| r.title.as_str())
            .collect();
        let mut cells = vec![control.to_owned(), title.to_owned()];
        cells.extend(PARTS.iter().map(|part| row.part_text(part)));
        cells.push(linked.join("; "));
        rows.push(cells);
    }
    rows
}

/// The table as CSV (a cell that a spreadsheet would read as a formula is kept as text).
pub fn to_csv(soa: &Soa, risks: &[Risk]) -> String {
    let mut out = String::new();
    for row in table(soa, risks) {
        let cells: Vec<String> = row.iter().map(|c| crate::register::csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The table as a spreadsheet file.
pub fn to_xlsx(soa: &Soa, risks: &[Risk]) -> Vec<u8> {
    crate::xlsx::workbook("Statement of Applicability", &table(soa, risks))
}

/// A file name for the version: `statement-of-applicability-v2.xlsx`.
pub fn file_name(soa: &Soa, extension: &str) -> String {
    format!("statement-of-applicability-v{}.{extension}", soa.version)
}
