//! The workspace profile: which organisation this is and the scope of its SMS and ISMS.

use serde::{Deserialize, Serialize};

use crate::ids::{RecordId, RecordKind, WorkspaceId};
use crate::record::Record;

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
    #[error("The stored profile could not be read: {0}")]
    Unreadable(String),
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
    RecordKind::parse("profile").expect("a valid kind")
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
        let fields = [
            ("Organisation", &self.organisation, ORGANISATION_MAX_CHARS),
            ("The SMS scope", &self.sms_scope, SCOPE_MAX_CHARS),
            ("The ISMS scope", &self.isms_scope, SCOPE_MAX_CHARS),
        ];
        let errors: Vec<ProfileError> = fields
            .into_iter()
            .filter_map(|(field, text, max)| {
                let found = text.chars().count();
                (found > max).then_some(ProfileError::TooLong { field, max, found })
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The profile as the workspace's profile record, updated at `now_ms`.
    pub fn to_record(&self, workspace: &WorkspaceId, now_ms: i64) -> Record {
        Record {
            workspace: workspace.clone(),
            kind: profile_kind(),
            id: profile_id(),
            updated_at: now_ms,
            body: serde_json::to_value(self).expect("a profile is plain JSON"),
        }
    }

    /// Reads a stored profile; absent fields read as empty.
    pub fn from_record(record: &Record) -> Result<Self, ProfileError> {
        serde_json::from_value(record.body.clone())
            .map_err(|e| ProfileError::Unreadable(e.to_string()))
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
        let ws = WorkspaceId::parse("w").unwrap();
        let profile = WorkspaceProfile::parse("Acme", "SMS", "ISMS").unwrap();
        let record = profile.to_record(&ws, 5);
        assert_eq!(
            (record.kind.as_str(), record.id.as_str()),
            ("profile", "profile")
        );
        assert_eq!(WorkspaceProfile::from_record(&record).unwrap(), profile);
        let mut partial = record.clone();
        partial.body = serde_json::json!({"organisation": "Only"});
        let read = WorkspaceProfile::from_record(&partial).unwrap();
        assert_eq!(
            (read.organisation.as_str(), read.sms_scope.as_str()),
            ("Only", "")
        );
        partial.body = serde_json::json!({});
        assert_eq!(
            WorkspaceProfile::from_record(&partial).unwrap(),
            WorkspaceProfile::default()
        );
        partial.body = serde_json::json!({"organisation": 3});
        let error = WorkspaceProfile::from_record(&partial).unwrap_err();
        assert!(matches!(error, ProfileError::Unreadable(_)));
        assert!(
            error
                .to_string()
                .starts_with("The stored profile could not be read: invalid type"),
            "{error}"
        );
        assert_eq!((record.workspace.as_str(), record.updated_at), ("w", 5));
    }
}
