//! The frameworks Praxis ships: structure from `content/*.json`, guidance from
//! `content/guidance/*.json`, joined and checked once, on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::parse::recheck;
use super::{Framework, Guidance, parse_framework};

const ISO20000_STRUCTURE: &str = content!("iso20000-1-2018.json");
const ISO27001_STRUCTURE: &str = content!("iso27001-2022.json");
const ISO20000_GUIDANCE: [&str; 1] = [content!("guidance/iso20000-1-2018.json")];
const ISO27001_GUIDANCE: [&str; 3] = [
    content!("guidance/iso27001-2022-clauses.json"),
    content!("guidance/iso27001-2022-annex-a-5.json"),
    content!("guidance/iso27001-2022-annex-a-6-8.json"),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidanceFile {
    framework: String,
    items: BTreeMap<String, Guidance>,
}

/// Joins a structure file with its guidance files; every guidance entry must name an item.
pub(crate) fn assemble(structure: &str, guidance_files: &[&str]) -> Result<Framework, String> {
    let mut framework = parse_framework(structure).map_err(|e| e.to_string())?;
    for text in guidance_files {
        let file: GuidanceFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.framework != framework.id {
            return Err(format!(
                "guidance for {} given to {}",
                file.framework, framework.id
            ));
        }
        for (id, guidance) in file.items {
            let item = framework
                .items
                .iter_mut()
                .find(|item| item.id == id)
                .ok_or_else(|| format!("guidance for unknown item {id} of {}", framework.id))?;
            item.guidance = Some(guidance);
        }
    }
    // Re-check with the guidance in place (lengths, empties). The rest of the framework was
    // checked by parse_framework above; a test also checks that export then import gives it back.
    recheck(&framework).map_err(|e| e.to_string())?;
    Ok(framework)
}

fn cached(
    cell: &'static OnceLock<Framework>,
    structure: &str,
    guidance: &[&str],
) -> &'static Framework {
    cell.get_or_init(|| {
        assemble(structure, guidance).expect("built-in content is checked by tests")
    })
}

/// ISO/IEC 20000-1:2018 with Praxis guidance.
pub fn iso20000() -> &'static Framework {
    static CELL: OnceLock<Framework> = OnceLock::new();
    cached(&CELL, ISO20000_STRUCTURE, &ISO20000_GUIDANCE)
}

/// ISO/IEC 27001:2022 (clauses and Annex A) with Praxis guidance.
pub fn iso27001() -> &'static Framework {
    static CELL: OnceLock<Framework> = OnceLock::new();
    cached(&CELL, ISO27001_STRUCTURE, &ISO27001_GUIDANCE)
}

pub fn builtin_frameworks() -> [&'static Framework; 2] {
    [iso20000(), iso27001()]
}
