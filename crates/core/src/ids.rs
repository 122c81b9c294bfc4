//! Identifiers that can only hold valid values: parse, don't validate.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id cannot be empty")]
    Empty,
    #[error("an id may be at most {max} characters (this one has {found})")]
    TooLong { max: usize, found: usize },
    #[error("an id may contain only {allowed} (found '{found}')")]
    BadCharacter { allowed: &'static str, found: char },
    #[error("a record kind must start with a lowercase letter (found '{0}')")]
    BadStart(char),
}

fn check(s: &str, max: usize, allowed: &'static str, ok: fn(char) -> bool) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let found = s.chars().count();
    if found > max {
        return Err(IdError::TooLong { max, found });
    }
    match s.chars().find(|&c| !ok(c)) {
        Some(found) => Err(IdError::BadCharacter { allowed, found }),
        None => Ok(()),
    }
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $validate:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(s: &str) -> Result<Self, IdError> {
                let validate: fn(&str) -> Result<(), IdError> = $validate;
                validate(s)?;
                Ok(Self(s.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                let validate: fn(&str) -> Result<(), IdError> = $validate;
                validate(&s)?;
                Ok(Self(s))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

const ID_CHARS: &str = "letters, digits, '-' and '_'";
const KIND_CHARS: &str = "lowercase letters, digits and '_'";

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn is_kind_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

string_id!(
    /// Identifies a workspace: 1–64 characters from `[A-Za-z0-9_-]`.
    WorkspaceId,
    |s| check(s, 64, ID_CHARS, is_id_char)
);

string_id!(
    /// Identifies a record within its workspace and kind: 1–100 characters from
    /// `[A-Za-z0-9_-]` (a framework's id, spelled out, takes up to 80).
    RecordId,
    |s| check(s, 100, ID_CHARS, is_id_char)
);

string_id!(
    /// Identifies one device (one browser profile's database): 1–64 characters from
    /// `[A-Za-z0-9_-]`. It breaks ties between clocks, so it must differ between devices.
    DeviceId,
    |s| check(s, 64, ID_CHARS, is_id_char)
);

string_id!(
    /// What a record is (profile, risk, incident…): 1–32 characters from `[a-z0-9_]`, starting
    /// with a letter.
    RecordKind,
    |s| {
        check(s, 32, KIND_CHARS, is_kind_char)?;
        match s.chars().next() {
            Some(first) if !first.is_ascii_lowercase() => Err(IdError::BadStart(first)),
            _ => Ok(()),
        }
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_the_allowed_characters_up_to_their_limit() {
        assert!(WorkspaceId::parse("a").is_ok());
        assert!(WorkspaceId::parse("Abc-09_x").is_ok());
        assert!(RecordId::parse(&"x".repeat(100)).is_ok());
        assert_eq!(
            RecordId::parse(&"x".repeat(101)),
            Err(IdError::TooLong {
                max: 100,
                found: 101
            })
        );
    }

    #[test]
    fn ids_reject_empty_and_foreign_characters() {
        assert_eq!(WorkspaceId::parse(""), Err(IdError::Empty));
        assert_eq!(
            WorkspaceId::parse("a/b"),
            Err(IdError::BadCharacter {
                allowed: ID_CHARS,
                found: '/'
            })
        );
        assert_eq!(
            WorkspaceId::parse("é"),
            Err(IdError::BadCharacter {
                allowed: ID_CHARS,
                found: 'é'
            })
        );
        assert!(
            WorkspaceId::parse("a b")
                .unwrap_err()
                .to_string()
                .contains("found ' '")
        );
    }

    #[test]
    fn record_kinds_are_lowercase_and_start_with_a_letter() {
        assert!(RecordKind::parse("profile").is_ok());
        assert!(RecordKind::parse("soa_entry2").is_ok());
        assert_eq!(RecordKind::parse("2fa"), Err(IdError::BadStart('2')));
        assert!(matches!(
            RecordKind::parse("Risk"),
            Err(IdError::BadCharacter { found: 'R', .. })
        ));
        assert!(RecordKind::parse(&"k".repeat(32)).is_ok());
        assert!(RecordKind::parse(&"k".repeat(33)).is_err());
    }

    #[test]
    fn id_lengths_are_checked_at_the_boundaries_in_characters() {
        for (len, ok) in [(0, false), (1, true), (64, true), (65, false)] {
            let s = "a".repeat(len);
            assert_eq!(WorkspaceId::parse(&s).is_ok(), ok, "workspace id of {len}");
            assert_eq!(DeviceId::parse(&s).is_ok(), ok, "device id of {len}");
        }
        for (len, ok) in [(0, false), (1, true), (100, true), (101, false)] {
            let s = "a".repeat(len);
            assert_eq!(RecordId::parse(&s).is_ok(), ok, "record id of {len}");
        }
        for (len, ok) in [(0, false), (1, true), (32, true), (33, false)] {
            assert_eq!(
                RecordKind::parse(&"a".repeat(len)).is_ok(),
                ok,
                "kind of {len}"
            );
        }
        // 65 two-byte characters are 65 characters, not 130.
        assert_eq!(
            WorkspaceId::parse(&"é".repeat(65)),
            Err(IdError::TooLong { max: 64, found: 65 })
        );
        assert_eq!(
            RecordKind::parse(&"ü".repeat(33)),
            Err(IdError::TooLong { max: 32, found: 33 })
        );
    }

    #[test]
    fn id_errors_read_as_sentences_users_can_act_on() {
        assert_eq!(IdError::Empty.to_string(), "an id cannot be empty");
        assert_eq!(
            WorkspaceId::parse(&"x".repeat(70)).unwrap_err().to_string(),
            "an id may be at most 64 characters (this one has 70)"
        );
        assert_eq!(
            RecordId::parse("a.b").unwrap_err().to_string(),
            "an id may contain only letters, digits, '-' and '_' (found '.')"
        );
        assert_eq!(
            RecordKind::parse("_x").unwrap_err().to_string(),
            "a record kind must start with a lowercase letter (found '_')"
        );
        assert_eq!(
            RecordKind::parse("a-b").unwrap_err().to_string(),
            "an id may contain only lowercase letters, digits and '_' (found '-')"
        );
    }

    #[test]
    fn ids_display_as_their_text_and_order_as_strings() {
        let (a, b) = (
            RecordId::parse("A-1").unwrap(),
            RecordId::parse("b_2").unwrap(),
        );
        assert_eq!(a.to_string(), "A-1");
        assert_eq!(b.as_str(), "b_2");
        assert!(a < b);
        assert_eq!(String::from(a.clone()), "A-1");
        assert_eq!(RecordId::try_from("A-1".to_owned()), Ok(a));
        assert_eq!(RecordKind::parse("x").unwrap().to_string(), "x");
    }

    #[test]
    fn ids_deserialise_only_when_valid() {
        let ok: WorkspaceId = serde_json::from_str("\"w-1\"").unwrap();
        assert_eq!(ok.as_str(), "w-1");
        let bad = serde_json::from_str::<WorkspaceId>("\"w 1\"").unwrap_err();
        assert!(bad.to_string().contains("may contain only"), "{bad}");
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"w-1\"");
        assert!(serde_json::from_str::<RecordKind>("\"\"").is_err());
        assert!(
            serde_json::from_str::<RecordId>("17").is_err(),
            "a number is not an id"
        );
        let kind: RecordKind = serde_json::from_str("\"risk\"").unwrap();
        assert_eq!(kind.as_str(), "risk");
    }
}
