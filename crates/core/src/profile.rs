//! The workspace profile: which organisation this is and the scope of its SMS and ISMS.

use serde::{Deserialize, Serialize};

use serde_json::{Map, Value};

use crate::ids::{RecordId, RecordKind};
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields};

/// The most characters the organisation's name may have.
pub const ORGANISATION_MAX_CHARS: usize = 200;
/// The most characters each scope statement may have.
pub const SCOPE_MAX_CHARS: usize = 5_000;

/// A profile field that was refused, with a message fit to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("{field} can be at most {max} characters (this has {found}).")]
    TooLong {
        field: &'static str,
        max: usize,
        found: usize,
    },
}

/// Which organisation a workspace is about and what its management systems cover. Every field
/// may be empty: a new workspace starts without a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// Missing fields read as empty, so profiles saved before a field existed stay readable.
#[serde(default)]
pub struct WorkspaceProfile {
    pub organisation: String,
    pub sms_scope: String,
    pub isms_scope: String,
}

/// The record kind a workspace profile is stored under.
pub fn profile_kind() -> RecordKind {
    WorkspaceProfile::kind()
}

/// The id of the one profile record of each workspace.
pub fn profile_id() -> RecordId {
    RecordId::parse("profile").expect("a valid id")
}

impl WorkspaceProfile {
    /// Trims each field, then [`validate`](Self::validate)s.
    pub fn parse(
        organisation: &str,
        sms_scope: &str,
        isms_scope: &str,
    ) -> Result<Self, Vec<ProfileError>> {
        let profile = Self {
            organisation: organisation.trim().to_owned(),
            sms_scope: sms_scope.trim().to_owned(),
            isms_scope: isms_scope.trim().to_owned(),
        };
        profile.validate().map(|()| profile)
    }

    /// Checks each field's length; every problem is reported, not just the first.
    pub fn validate(&self) -> Result<(), Vec<ProfileError>> {
        let errors: Vec<ProfileError> = self
            .checked_fields()
            .into_iter()
            .filter_map(|(_, error)| error)
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Each field's stored name with its problem, if it has one.
    fn checked_fields(&self) -> [(&'static str, Option<ProfileError>); 3] {
        let check = |field: &'static str, text: &str, max: usize| {
            let found = text.chars().count();
            (found > max).then_some(ProfileError::TooLong { field, max, found })
        };
        [
            (
                "organisation",
                check("Organisation", &self.organisation, ORGANISATION_MAX_CHARS),
            ),
            (
                "sms_scope",
                check("The SMS scope", &self.sms_scope, SCOPE_MAX_CHARS),
            ),
            (
                "isms_scope",
                check("The ISMS scope", &self.isms_scope, SCOPE_MAX_CHARS),
            ),
        ]
    }
}

impl RecordType for WorkspaceProfile {
    const KIND: &'static str = "profile";
    const NOUN: &'static str = "Workspace profile";
    type Context = ();

    /// The two scope statements are paragraphs that an SMS and an ISMS manager may both revise.
    fn keeps_versions(field: &str) -> bool {
        matches!(field, "sms_scope" | "isms_scope")
    }

    fn to_body(&self) -> Map<String, Value> {
        match serde_json::to_value(self).expect("a profile is plain JSON") {
            Value::Object(map) => map,
            _ => unreachable!("a struct serialises to an object"),
        }
    }

    /// Absent fields read as empty; every field is checked as an edit would be.
    fn from_body(_id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields(body, &["organisation", "sms_scope", "isms_scope"])?;
        let text = |field: &str| -> Result<String, FieldProblem> {
            Ok(field_as::<String>(body, field)?.unwrap_or_default())
        };
        let profile = Self {
            organisation: text("organisation")?,
            sms_scope: text("sms_scope")?,
            isms_scope: text("isms_scope")?,
        };
        if let Some((field, Some(error))) = profile
            .checked_fields()
            .into_iter()
            .find(|(_, error)| error.is_some())
        {
            return Err(field_problem(field, error));
        }
        Ok(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_trims_and_reports_every_overlong_field() {
        let ok = WorkspaceProfile::parse("  Acme ", "hosting\n", "").unwrap();
        assert_eq!(ok.organisation, "Acme");
        assert_eq!(ok.sms_scope, "hosting");
        let errors = WorkspaceProfile::parse(&"o".repeat(201), "", &"i".repeat(5_001)).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].to_string(),
            "Organisation can be at most 200 characters (this has 201)."
        );
        assert!(
            errors[1]
                .to_string()
                .starts_with("The ISMS scope can be at most 5000")
        );
    }

    #[test]
    fn limits_are_checked_at_the_boundaries_in_characters() {
        let at_limit = WorkspaceProfile::parse(
            &"é".repeat(ORGANISATION_MAX_CHARS),
            &"ß".repeat(SCOPE_MAX_CHARS),
            &"😀".repeat(SCOPE_MAX_CHARS),
        );
        assert!(at_limit.is_ok(), "multibyte characters count once");
        let errors = WorkspaceProfile::parse(
            &"é".repeat(ORGANISATION_MAX_CHARS + 1),
            &"s".repeat(SCOPE_MAX_CHARS + 1),
            "",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                ProfileError::TooLong {
                    field: "Organisation",
                    max: 200,
                    found: 201
                },
                ProfileError::TooLong {
                    field: "The SMS scope",
                    max: 5_000,
                    found: 5_001
                },
            ]
        );
        assert_eq!(
            errors[1].to_string(),
            "The SMS scope can be at most 5000 characters (this has 5001)."
        );
    }

    #[test]
    fn an_empty_profile_is_valid_and_trimming_happens_before_counting() {
        assert_eq!(
            WorkspaceProfile::parse("  ", "", "\n").unwrap(),
            WorkspaceProfile::default()
        );
        let padded = format!("  {}  ", "o".repeat(ORGANISATION_MAX_CHARS));
        assert!(WorkspaceProfile::parse(&padded, "", "").is_ok());
        let untrimmed = WorkspaceProfile {
            organisation: "o".repeat(230),
            ..WorkspaceProfile::default()
        };
        assert_eq!(
            untrimmed.validate().unwrap_err()[0].to_string(),
            "Organisation can be at most 200 characters (this has 230)."
        );
    }

    #[test]
    fn profile_round_trips_through_a_record_and_tolerates_missing_fields() {
        let id = profile_id();
        let profile = WorkspaceProfile::parse("Acme", "SMS", "ISMS").unwrap();
        assert_eq!(
            WorkspaceProfile::from_body(&id, &profile.to_body(), &()).unwrap(),
            profile
        );
        let body = |v: serde_json::Value| v.as_object().unwrap().clone();
        let read = WorkspaceProfile::from_body(
            &id,
            &body(serde_json::json!({"organisation": "Only"})),
            &(),
        )
        .unwrap();
        assert_eq!(
            (read.organisation.as_str(), read.sms_scope.as_str()),
            ("Only", "")
        );
        assert_eq!(
            WorkspaceProfile::from_body(&id, &Map::new(), &()).unwrap(),
            WorkspaceProfile::default()
        );
    }

    #[test]
    fn a_damaged_profile_names_its_field() {
        let id = profile_id();
        let body = |v: serde_json::Value| v.as_object().unwrap().clone();
        let (field, problem) =
            WorkspaceProfile::from_body(&id, &body(serde_json::json!({"organisation": 3})), &())
                .unwrap_err();
        assert_eq!(field.as_deref(), Some("organisation"));
        assert!(problem.starts_with("invalid type"), "{problem}");
        let long = "s".repeat(SCOPE_MAX_CHARS + 1);
        let (field, problem) =
            WorkspaceProfile::from_body(&id, &body(serde_json::json!({"isms_scope": long})), &())
                .unwrap_err();
        assert_eq!(field.as_deref(), Some("isms_scope"));
        assert!(
            problem.starts_with("The ISMS scope can be at most"),
            "{problem}"
        );
        let (field, _) =
            WorkspaceProfile::from_body(&id, &body(serde_json::json!({"scope": "x"})), &())
                .unwrap_err();
        assert_eq!(field.as_deref(), Some("scope"));
    }
}
