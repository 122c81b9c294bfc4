//! Workspaces: one organisation's management systems. Every record belongs to one.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::WorkspaceId;

/// The most characters a workspace name may have.
pub const NAME_MAX_CHARS: usize = 80;

/// Why a workspace name was refused. The messages are shown to users as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("A workspace name cannot be empty.")]
    Empty,
    #[error("A workspace name can be at most {NAME_MAX_CHARS} characters (this one has {0}).")]
    TooLong(usize),
    #[error("A workspace name cannot contain control characters such as line breaks or tabs.")]
    ControlCharacter,
}

/// A workspace name: trimmed, 1–80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct WorkspaceName(String);

impl WorkspaceName {
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        let chars = name.chars().count();
        if chars > NAME_MAX_CHARS {
            return Err(NameError::TooLong(chars));
        }
        if name.chars().any(char::is_control) {
            return Err(NameError::ControlCharacter);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WorkspaceName {
    type Error = NameError;
    fn try_from(s: String) -> Result<Self, NameError> {
        Self::parse(&s)
    }
}

impl From<WorkspaceName> for String {
    fn from(name: WorkspaceName) -> String {
        name.0
    }
}

impl fmt::Display for WorkspaceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A workspace. Timestamps are Unix milliseconds, supplied by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub name: WorkspaceName,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Workspace {
    pub fn new(id: WorkspaceId, name: WorkspaceName, now_ms: i64) -> Self {
        Self {
            id,
            name,
            created_at: now_ms,
            updated_at: now_ms,
        }
    }

    pub fn renamed(&self, name: WorkspaceName, now_ms: i64) -> Self {
        Self {
            name,
            updated_at: now_ms,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_counted_in_characters() {
        assert_eq!(
            WorkspaceName::parse("  Acme Ltd \n").unwrap().as_str(),
            "Acme Ltd"
        );
        assert!(WorkspaceName::parse("x").is_ok());
        assert!(
            WorkspaceName::parse(&"é".repeat(80)).is_ok(),
            "160 bytes, 80 characters"
        );
        assert_eq!(
            WorkspaceName::parse(&"é".repeat(81)),
            Err(NameError::TooLong(81))
        );
        assert!(WorkspaceName::parse(&"😀".repeat(80)).is_ok());
    }

    #[test]
    fn names_refuse_empty_and_control_characters_with_clear_messages() {
        assert_eq!(WorkspaceName::parse("   "), Err(NameError::Empty));
        assert_eq!(
            WorkspaceName::parse("a\tb"),
            Err(NameError::ControlCharacter)
        );
        assert_eq!(
            WorkspaceName::parse("a\u{0}b"),
            Err(NameError::ControlCharacter)
        );
        assert_eq!(
            NameError::TooLong(81).to_string(),
            "A workspace name can be at most 80 characters (this one has 81)."
        );
    }

    #[test]
    fn name_lengths_are_checked_at_the_boundaries_after_trimming() {
        assert_eq!(WorkspaceName::parse(""), Err(NameError::Empty));
        assert_eq!(WorkspaceName::parse("a").unwrap().as_str(), "a");
        assert!(WorkspaceName::parse(&"a".repeat(80)).is_ok());
        assert_eq!(
            WorkspaceName::parse(&"a".repeat(81)),
            Err(NameError::TooLong(81))
        );
        let padded = format!("   {}\t ", "a".repeat(80));
        assert_eq!(
            WorkspaceName::parse(&padded).unwrap().as_str().len(),
            80,
            "surrounding whitespace does not count"
        );
        // 80 emoji are 320 bytes but 80 characters; 81 are one too many.
        assert_eq!(
            WorkspaceName::parse(&"😀".repeat(81)),
            Err(NameError::TooLong(81))
        );
    }

    #[test]
    fn every_control_character_is_refused_but_other_unicode_is_kept() {
        for bad in ["a\nb", "a\rb", "a\u{7f}b", "a\u{85}b", "a\u{1b}[31m"] {
            assert_eq!(
                WorkspaceName::parse(bad),
                Err(NameError::ControlCharacter),
                "{bad:?}"
            );
        }
        for good in [
            "Ünïcødé GmbH",
            "شركة\u{200f} ABC",
            "東京 😀",
            "O'Brien & Co.",
        ] {
            assert_eq!(WorkspaceName::parse(good).unwrap().as_str(), good);
        }
        assert_eq!(
            NameError::Empty.to_string(),
            "A workspace name cannot be empty."
        );
        assert_eq!(
            NameError::ControlCharacter.to_string(),
            "A workspace name cannot contain control characters such as line breaks or tabs."
        );
    }

    #[test]
    fn names_deserialise_only_when_valid_and_trimmed() {
        let name: WorkspaceName = serde_json::from_str("\" Acme \"").unwrap();
        assert_eq!(name.as_str(), "Acme");
        let error = serde_json::from_str::<WorkspaceName>("\"a\\nb\"").unwrap_err();
        assert!(error.to_string().contains("control characters"), "{error}");
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"Acme\"");
    }

    #[test]
    fn hostile_markup_is_just_a_name() {
        let name = WorkspaceName::parse("<script>alert(1)</script>").unwrap();
        assert_eq!(name.to_string(), "<script>alert(1)</script>");
    }

    #[test]
    fn renaming_keeps_identity_and_creation_time() {
        let ws = Workspace::new(
            WorkspaceId::parse("w").unwrap(),
            WorkspaceName::parse("Old").unwrap(),
            10,
        );
        let renamed = ws.renamed(WorkspaceName::parse("New").unwrap(), 20);
        assert_eq!(
            (renamed.id, renamed.created_at, renamed.updated_at),
            (ws.id, 10, 20)
        );
        assert_eq!(renamed.name.as_str(), "New");
    }
}
