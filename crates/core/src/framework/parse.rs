//! Checking a framework file completely before it is used or stored.

use std::collections::HashSet;

use super::{FRAMEWORK_FORMAT, FRAMEWORK_VERSION, Framework, Guidance};
use crate::record::{MAX_STRING_CHARS, find_oversized_string};

/// The most items one framework may hold.
pub const MAX_ITEMS: usize = 5_000;
const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Why a framework file was refused; full sentences for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    #[error("This file is {0} bytes; a framework can be at most {MAX_FILE_BYTES} bytes.")]
    TooLarge(usize),
    #[error("This file is not valid JSON (line {line}, column {column}: {detail}).")]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "This file is JSON but not a Praxis framework (it should say \"format\": \"{FRAMEWORK_FORMAT}\")."
    )]
    NotAFramework,
    #[error(
        "This framework was made for a newer version of Praxis (format {0}); this version reads format {FRAMEWORK_VERSION}."
    )]
    NewerVersion(u64),
    #[error(
        "The value at {path} is too long: {chars} characters, where at most {MAX_STRING_CHARS} are allowed."
    )]
    StringTooLong { path: String, chars: usize },
    #[error("The value at {path} is not valid: {detail}.")]
    Invalid { path: String, detail: String },
    #[error("The item id {0:?} appears more than once.")]
    DuplicateItem(String),
    #[error(
        "Item {item:?} names the parent {parent:?}, which does not come before it in the list."
    )]
    UnknownParent { item: String, parent: String },
    #[error("The framework has no item to assess (mark at least one item \"assessable\": true).")]
    NothingToAssess,
    #[error("The framework has {0} items; at most {MAX_ITEMS} are allowed.")]
    TooManyItems(usize),
}

fn invalid(path: impl Into<String>, detail: impl Into<String>) -> FrameworkError {
    FrameworkError::Invalid {
        path: path.into(),
        detail: detail.into(),
    }
}

fn check_id(path: String, id: &str, max: usize) -> Result<(), FrameworkError> {
    let ok = (1..=max).contains(&id.chars().count())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!("an id is 1–{max} letters, digits, '.', '-', '_' or ':' (got {id:?})"),
        ))
    }
}

fn check_text(path: String, text: &str, max: usize) -> Result<(), FrameworkError> {
    let chars = text.trim().chars().count();
    if chars == 0 {
        return Err(invalid(path, "it cannot be empty"));
    }
    if chars > max {
        return Err(invalid(
            path,
            format!("it can be at most {max} characters (it has {chars})"),
        ));
    }
    Ok(())
}

/// Parses and checks a framework: JSON shape and types, format and version, id rules, unique
/// ids, parents listed before their children, text lengths, at least one assessable item.
pub fn parse_framework(text: &str) -> Result<Framework, FrameworkError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FrameworkError::TooLarge(text.len()));
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| FrameworkError::NotJson {
            line: e.line(),
            column: e.column(),
            detail: e.to_string(),
        })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FRAMEWORK_FORMAT) {
        return Err(FrameworkError::NotAFramework);
    }
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(FRAMEWORK_VERSION) => return Err(FrameworkError::NewerVersion(v)),
        Some(v) if v >= 1 => {}
        _ => return Err(invalid("version", "it must be a whole number of 1 or more")),
    }
    if let Some((path, chars)) = find_oversized_string(&value, "") {
        return Err(FrameworkError::StringTooLong { path, chars });
    }
    let framework: Framework = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        invalid(path, e.into_inner().to_string())
    })?;
    check(&framework)?;
    Ok(framework)
}

/// An item's guidance, wherever it comes from: an imported framework or the built-in files.
pub(super) fn check_guidance(at: &str, guidance: &Guidance) -> Result<(), FrameworkError> {
    check_text(format!("{at}.about"), &guidance.about, 2_000)?;
    for (j, line) in guidance
        .questions
        .iter()
        .chain(&guidance.evidence)
        .enumerate()
    {
        check_text(format!("{at}[{j}]"), line, 1_000)?;
    }
    Ok(())
}

pub(super) fn check(framework: &Framework) -> Result<(), FrameworkError> {
    check_id("id".into(), &framework.id, 40)?;
    check_text("name".into(), &framework.name, 120)?;
    check_text("title".into(), &framework.title, 400)?;
    if framework.items.len() > MAX_ITEMS {
        return Err(FrameworkError::TooManyItems(framework.items.len()));
    }
    let mut seen = HashSet::new();
    for (i, item) in framework.items.iter().enumerate() {
        check_id(format!("items[{i}].id"), &item.id, 40)?;
        check_text(format!("items[{i}].title"), &item.title, 400)?;
        if let Some(parent) = &item.parent
            && !seen.contains(parent.as_str())
        {
            return Err(FrameworkError::UnknownParent {
                item: item.id.clone(),
                parent: parent.clone(),
            });
        }
        if !seen.insert(item.id.as_str()) {
            return Err(FrameworkError::DuplicateItem(item.id.clone()));
        }
        if let Some(guidance) = &item.guidance {
            check_guidance(&format!("items[{i}].guidance"), guidance)?;
        }
    }
    if !framework.items.iter().any(|item| item.assessable) {
        return Err(FrameworkError::NothingToAssess);
    }
    Ok(())
}
