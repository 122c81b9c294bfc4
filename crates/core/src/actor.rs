//! The person at the device: named on every change they make, because "who changed what, and
//! when" is the first thing an auditor asks of a record's history.

use serde::{Deserialize, Serialize};

/// The most characters a name may have.
pub const ACTOR_NAME_MAX_CHARS: usize = 100;
/// The most characters an e-mail address may have (RFC 5321's path limit).
pub const ACTOR_EMAIL_MAX_CHARS: usize = 254;

/// Why a name or e-mail address was refused; shown to users as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorError {
    #[error("Your name cannot be empty: it is shown beside every change you make.")]
    NameEmpty,
    #[error("A name can be at most {ACTOR_NAME_MAX_CHARS} characters (this one has {0}).")]
    NameTooLong(usize),
    #[error("A name cannot contain control characters such as line breaks or tabs.")]
    ControlCharacter,
    #[error(
        "{0:?} is not an e-mail address (it needs one @ with text on both sides, and no spaces)."
    )]
    BadEmail(String),
    #[error(
        "An e-mail address can be at most {ACTOR_EMAIL_MAX_CHARS} characters (this one has {0})."
    )]
    EmailTooLong(usize),
}

/// Who made a change: a name, and optionally an e-mail address. Both are trimmed and checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "ActorFields", into = "ActorFields")]
pub struct Actor {
    name: String,
    email: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorFields {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
}

impl Actor {
    pub fn parse(name: &str, email: &str) -> Result<Self, ActorError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ActorError::NameEmpty);
        }
        let chars = name.chars().count();
        if chars > ACTOR_NAME_MAX_CHARS {
            return Err(ActorError::NameTooLong(chars));
        }
        if name.chars().any(char::is_control) {
            return Err(ActorError::ControlCharacter);
        }
        let email = email.trim();
        let email = if email.is_empty() {
            None
        } else {
            let chars = email.chars().count();
            if chars > ACTOR_EMAIL_MAX_CHARS {
                return Err(ActorError::EmailTooLong(chars));
            }
            let valid = matches!(email.split_once('@'), Some((local, domain))
                if !local.is_empty() && !domain.is_empty() && !domain.contains('@'))
                && !email.chars().any(|c| c.is_whitespace() || c.is_control());
            if !valid {
                return Err(ActorError::BadEmail(email.chars().take(100).collect()));
            }
            Some(email.to_owned())
        };
        Ok(Self {
            name: name.to_owned(),
            email,
        })
    }

    /// Who made the changes recorded before Praxis kept names (schema version 2 and older).
    pub fn unrecorded() -> Self {
        Self {
            name: "Not recorded (made before Praxis kept names)".to_owned(),
            email: None,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }
}

impl TryFrom<ActorFields> for Actor {
    type Error = ActorError;
    fn try_from(fields: ActorFields) -> Result<Self, ActorError> {
        Self::parse(&fields.name, fields.email.as_deref().unwrap_or(""))
    }
}

impl From<Actor> for ActorFields {
    fn from(actor: Actor) -> Self {
        Self {
            name: actor.name,
            email: actor.email,
        }
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.email {
            Some(email) => write!(f, "{} <{email}>", self.name),
            None => f.write_str(&self.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_are_trimmed_and_checked() {
        let actor = Actor::parse("  Ada Lovelace ", " ada@example.org ").unwrap();
        assert_eq!(actor.name(), "Ada Lovelace");
        assert_eq!(actor.email(), Some("ada@example.org"));
        assert_eq!(actor.to_string(), "Ada Lovelace <ada@example.org>");
        let no_email = Actor::parse("Ada", "").unwrap();
        assert_eq!(
            (no_email.email(), no_email.to_string()),
            (None, "Ada".to_owned())
        );
    }

    #[test]
    fn bad_names_and_addresses_are_refused_with_a_reason() {
        assert_eq!(Actor::parse(" ", ""), Err(ActorError::NameEmpty));
        assert_eq!(Actor::parse("a\nb", ""), Err(ActorError::ControlCharacter));
        assert_eq!(
            Actor::parse(&"n".repeat(101), ""),
            Err(ActorError::NameTooLong(101))
        );
        assert!(Actor::parse(&"é".repeat(100), "").is_ok());
        for bad in ["ada", "@example.org", "ada@", "a@b@c", "ada @example.org"] {
            assert!(
                matches!(Actor::parse("Ada", bad), Err(ActorError::BadEmail(_))),
                "{bad:?} was accepted"
            );
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(matches!(
            Actor::parse("Ada", &long),
            Err(ActorError::EmailTooLong(_))
        ));
    }

    #[test]
    fn actors_deserialise_only_when_valid() {
        let actor: Actor = serde_json::from_str(r#"{"name":" Ada "}"#).unwrap();
        assert_eq!(actor.name(), "Ada");
        assert_eq!(serde_json::to_string(&actor).unwrap(), r#"{"name":"Ada"}"#);
        assert!(serde_json::from_str::<Actor>(r#"{"name":""}"#).is_err());
        assert!(serde_json::from_str::<Actor>(r#"{"name":"A","email":"x"}"#).is_err());
        assert!(serde_json::from_str::<Actor>(r#"{"name":"A","role":"x"}"#).is_err());
    }
}
