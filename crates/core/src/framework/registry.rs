//! Frameworks by id: the built-in ones and those imported into the open workspace, so that an
//! assessment can name any of them. Frameworks are immutable once checked, so the registry
//! hands out `&'static` references: an imported framework is kept for the rest of the session
//! (a changed re-import adds its new version; the old one stays valid for anyone holding it).

use std::sync::Mutex;

use super::{Framework, builtin_frameworks};

static IMPORTED: Mutex<Vec<&'static Framework>> = Mutex::new(Vec::new());

/// Makes an imported framework available by id and returns it. Registering the same content
/// again returns the copy already held.
pub fn register(framework: Framework) -> &'static Framework {
    let mut imported = IMPORTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(existing) = imported.iter().find(|f| ***f == framework) {
        return existing;
    }
    let kept: &'static Framework = Box::leak(Box::new(framework));
    imported.retain(|f| f.id != kept.id);
    imported.push(kept);
    kept
}

/// A framework by id: built-in first, then the newest registered import.
pub fn find(id: &str) -> Option<&'static Framework> {
    builtin_frameworks()
        .into_iter()
        .find(|f| f.id == id)
        .or_else(|| {
            let imported = IMPORTED
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            imported.iter().copied().find(|f| f.id == id)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::parse_framework;

    fn outline(title: &str) -> Framework {
        let text = format!(
            r#"{{"format":"praxis-framework","version":1,"id":"registry-test","name":"Outline","title":"{title}","items":[{{"id":"1","title":"One","kind":"clause","assessable":true}}]}}"#
        );
        parse_framework(&text).unwrap()
    }

    #[test]
    fn imported_frameworks_are_found_by_id_and_kept_once() {
        let first = register(outline("First"));
        assert!(
            std::ptr::eq(register(outline("First")), first),
            "same content, same copy"
        );
        assert_eq!(
            find("registry-test").map(|f| f.title.as_str()),
            Some("First")
        );
        register(outline("Second"));
        assert_eq!(
            find("registry-test").map(|f| f.title.as_str()),
            Some("Second")
        );
        assert_eq!(
            first.title, "First",
            "earlier holders keep a valid framework"
        );
        assert_eq!(
            find("iso27001:2022").map(|f| f.name.as_str()),
            Some("ISO/IEC 27001:2022")
        );
        assert!(find("nope").is_none());
    }
}
