//! The frameworks Praxis ships: their structure from `content/*.json`, compiled in and checked
//! once, on first use. Their guidance (`content/guidance/*.json`) is not compiled in: the app
//! fetches it as files when an item is opened ([`super::GuidanceBook`]), which keeps a fifth of
//! the download out of the wasm.

use std::sync::OnceLock;

use super::{Framework, parse_framework};

const ISO20000_STRUCTURE: &str = content!("iso20000-1-2018.json");
const ISO27001_STRUCTURE: &str = content!("iso27001-2022.json");

/// A structure file joined with guidance files, checked as an import would be. The app keeps the
/// two apart; tests use this to check that the shipped guidance fits the shipped structure.
#[cfg(test)]
pub(crate) fn assemble(structure: &str, guidance_files: &[&str]) -> Result<Framework, String> {
    let mut framework = parse_framework(structure).map_err(|e| e.to_string())?;
    let mut book = super::GuidanceBook::default();
    for text in guidance_files {
        book.add(text, &[&framework])?;
    }
    for item in &mut framework.items {
        item.guidance = book.get(&framework.id, &item.id).cloned();
    }
    super::parse::check(&framework).map_err(|e| e.to_string())?;
    Ok(framework)
}

fn cached(cell: &'static OnceLock<Framework>, structure: &str) -> &'static Framework {
    cell.get_or_init(|| parse_framework(structure).expect("built-in content is checked by tests"))
}

/// ISO/IEC 20000-1:2018 (its guidance comes apart, see the module comment).
pub fn iso20000() -> &'static Framework {
    static CELL: OnceLock<Framework> = OnceLock::new();
    cached(&CELL, ISO20000_STRUCTURE)
}

/// ISO/IEC 27001:2022, clauses and Annex A (its guidance comes apart).
pub fn iso27001() -> &'static Framework {
    static CELL: OnceLock<Framework> = OnceLock::new();
    cached(&CELL, ISO27001_STRUCTURE)
}

pub fn builtin_frameworks() -> [&'static Framework; 2] {
    [iso20000(), iso27001()]
}
