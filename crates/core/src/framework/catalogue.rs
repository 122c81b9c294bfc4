//! The frameworks one workspace can use: the built-in standards and the frameworks imported into
//! that workspace. A catalogue is a plain value built from the workspace's records and passed to
//! whatever needs to resolve a framework id, so one workspace's imports never leak into another.

use std::sync::Mutex;

use super::{Framework, builtin_frameworks};

/// Built-ins first, then the workspace's imports. An import with a built-in's id is that
/// standard's licensed text, not a framework of its own: the built-in is what is assessed.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    imported: Vec<&'static Framework>,
}

impl Catalogue {
    /// The built-in standards only.
    pub fn builtin() -> Self {
        Self::default()
    }

    /// The built-ins and these imported frameworks (later ones win when two share an id).
    pub fn with_imported(frameworks: impl IntoIterator<Item = Framework>) -> Self {
        let mut imported: Vec<&'static Framework> = Vec::new();
        for framework in frameworks.into_iter().filter(|f| !f.is_builtin()) {
            imported.retain(|f| f.id != framework.id);
            imported.push(intern(framework));
        }
        Self { imported }
    }

    /// The built-ins and frameworks already held (e.g. those an assessment covers).
    pub fn of(frameworks: &[&'static Framework]) -> Self {
        Self {
            imported: frameworks
                .iter()
                .copied()
                .filter(|f| !f.is_builtin())
                .collect(),
        }
    }

    /// A framework by id.
    pub fn find(&self, id: &str) -> Option<&'static Framework> {
        builtin_frameworks()
            .into_iter()
            .find(|f| f.id == id)
            .or_else(|| self.imported.iter().copied().find(|f| f.id == id))
    }

    /// The imported frameworks that can be assessed, in the order given.
    pub fn imported(&self) -> &[&'static Framework] {
        &self.imported
    }
}

/// Checked frameworks are immutable, so pages hold them as `&'static` (as they hold the
/// built-ins). Each distinct framework is kept once for the session; this is a cache of
/// values, not a registry: ids are only ever resolved through a [`Catalogue`].
fn intern(framework: Framework) -> &'static Framework {
    static KEPT: Mutex<Vec<&'static Framework>> = Mutex::new(Vec::new());
    let mut kept = KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(existing) = kept.iter().find(|f| ***f == framework) {
        return existing;
    }
    let leaked: &'static Framework = Box::leak(Box::new(framework));
    kept.push(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::parse_framework;

    fn outline(id: &str, title: &str) -> Framework {
        let text = format!(
            r#"{{"format":"praxis-framework","version":1,"id":"{id}","name":"Outline","title":"{title}","items":[{{"id":"1","title":"One","kind":"clause","assessable":true}}]}}"#
        );
        parse_framework(&text).unwrap()
    }

    #[test]
    fn a_catalogue_finds_built_ins_and_its_own_imports_only() {
        let one = Catalogue::with_imported([outline("catalogue-test", "First")]);
        let other = Catalogue::builtin();
        assert_eq!(
            one.find("catalogue-test").map(|f| f.title.as_str()),
            Some("First")
        );
        assert!(
            other.find("catalogue-test").is_none(),
            "imports stay in their workspace"
        );
        assert_eq!(
            other.find("iso27001:2022").map(|f| f.name.as_str()),
            Some("ISO/IEC 27001:2022")
        );
        assert!(one.find("nope").is_none());
    }

    #[test]
    fn the_later_of_two_imports_with_one_id_wins_and_built_ins_are_never_replaced() {
        let catalogue = Catalogue::with_imported([
            outline("catalogue-twice", "First"),
            outline("catalogue-twice", "Second"),
            outline("iso27001:2022", "Impostor"),
        ]);
        assert_eq!(catalogue.imported().len(), 1);
        assert_eq!(
            catalogue.find("catalogue-twice").map(|f| f.title.as_str()),
            Some("Second")
        );
        assert_ne!(
            catalogue.find("iso27001:2022").map(|f| f.title.as_str()),
            Some("Impostor")
        );
    }

    #[test]
    fn equal_frameworks_are_kept_once() {
        let a = Catalogue::with_imported([outline("catalogue-same", "Same")]);
        let b = Catalogue::with_imported([outline("catalogue-same", "Same")]);
        assert!(std::ptr::eq(
            a.find("catalogue-same").unwrap(),
            b.find("catalogue-same").unwrap()
        ));
    }
}
