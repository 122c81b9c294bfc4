//! The workspace profile: which organisation this is and the scope of its SMS and ISMS.

use serde::{Deserialize, Serialize};

use crate::ids::{RecordId, RecordKind, WorkspaceId};
use crate::record::Record;

pub const ORGANISATION_MAX_CHARS: usize = 200;
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkspaceProfile {
    pub organisation: String,
    pub sms_scope: String,
    pub isms_scope: String,
}

pub fn profile_kind() -> RecordKind {
    RecordKind::parse("profile").expect("a valid kind")
}

pub fn profile_id() -> RecordId {
    RecordId::parse("profile").expect("a valid id")
}

impl WorkspaceProfile {
    /// Trims each field and checks its length; every problem is reported, not just the first.
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

    pub fn to_record(&self, workspace: &WorkspaceId, now_ms: i64) -> Record {
        Record {
            workspace: workspace.clone(),
            kind: profile_kind(),
            id: profile_id(),
            updated_at: now_ms,
            body: serde_json::to_value(self).expect("a profile is plain JSON"),
        }
    }

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
        partial.body = serde_json::json!({"organisation": 3});
        assert!(matches!(
            WorkspaceProfile::from_record(&partial),
            Err(ProfileError::Unreadable(_))
        ));
    }
}
