//! Guidance for the built-in frameworks, in Praxis's own words, kept apart from their structure:
//! `content/guidance/*.json`, served as files beside the app (and kept by its service worker for
//! offline use), read when someone first opens an item.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::parse::check_guidance;
use super::{Framework, Guidance};

/// The guidance files, as served under [`GUIDANCE_PATH`]. The service worker (public/sw.js)
/// keeps the same list for offline use.
pub const GUIDANCE_FILES: [&str; 4] = [
    "iso20000-1-2018.json",
    "iso27001-2022-clauses.json",
    "iso27001-2022-annex-a-5.json",
    "iso27001-2022-annex-a-6-8.json",
];

/// Where the app serves [`GUIDANCE_FILES`] from.
pub const GUIDANCE_PATH: &str = "/content/guidance/";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidanceFile {
    framework: String,
    items: BTreeMap<String, Guidance>,
}

/// Guidance by framework and item, gathered from guidance files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GuidanceBook {
    items: BTreeMap<(String, String), Guidance>,
}

impl GuidanceBook {
    /// Adds one guidance file for one of `frameworks`; every entry must name an item of it.
    /// Nothing is added when the file is refused.
    pub fn add(&mut self, text: &str, frameworks: &[&Framework]) -> Result<(), String> {
        let file: GuidanceFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let framework = frameworks
            .iter()
            .find(|f| f.id == file.framework)
            .ok_or_else(|| {
                let known: Vec<&str> = frameworks.iter().map(|f| f.id.as_str()).collect();
                format!(
                    "guidance for {}, which is not one of {}",
                    file.framework,
                    known.join(", ")
                )
            })?;
        if let Some(unknown) = file.items.keys().find(|id| framework.item(id).is_none()) {
            return Err(format!(
                "guidance for unknown item {unknown} of {}",
                framework.id
            ));
        }
        for (id, guidance) in &file.items {
            check_guidance(&format!("items[\"{id}\"]"), guidance).map_err(|e| e.to_string())?;
        }
        for (id, guidance) in file.items {
            self.items.insert((framework.id.clone(), id), guidance);
        }
        Ok(())
    }

    pub fn get(&self, framework: &str, item: &str) -> Option<&Guidance> {
        self.items.get(&(framework.to_owned(), item.to_owned()))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
