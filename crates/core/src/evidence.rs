//! Evidence files on any record: a record of the file — the record it is evidence for, its
//! name, media type, size and SHA-256 — beside the file's bytes, which are kept apart (in the
//! browser's database and in backup archives) under their SHA-256. The record syncs and merges
//! like any other; the hash says which bytes it means, so a copy can always be checked.

use serde_json::{Map, Value};
use sha2::Digest;

use crate::ids::RecordId;
use crate::isms::action::Serves;
use crate::itsm::ticket::text;
use crate::itsm::{too_long, within_limits};
use crate::record::Record;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields};

/// The largest evidence file kept (10 MiB): a scan, a report, an export — not a video.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Longest file name.
pub const NAME_MAX_CHARS: usize = 255;
/// Longest media type ("application/pdf").
pub const MEDIA_TYPE_MAX_CHARS: usize = 100;
/// Longest note on a file.
pub const NOTE_MAX_CHARS: usize = 2_000;

/// A SHA-256 digest as 64 lowercase hex digits: only such can be made (or read from JSON).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Sha256(String);

impl TryFrom<String> for Sha256 {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<Sha256> for String {
    fn from(sha256: Sha256) -> String {
        sha256.0
    }
}

impl Sha256 {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        let digest = sha2::Sha256::digest(bytes);
        let mut hex = String::with_capacity(64);
        for byte in digest {
            hex.push(char::from_digit(u32::from(byte >> 4), 16).expect("a hex digit"));
            hex.push(char::from_digit(u32::from(byte & 15), 16).expect("a hex digit"));
        }
        Self(hex)
    }

    /// Reads 64 lowercase hex digits.
    pub fn parse(text: &str) -> Result<Self, String> {
        let hex = text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if hex {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!(
                "a SHA-256 is 64 lowercase hexadecimal digits (got {text:?})"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The record of one evidence file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    pub id: RecordId,
    /// The record it is evidence for.
    pub of: Serves,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: Sha256,
    pub note: String,
    /// Added (Unix ms).
    pub added_at: i64,
}

const FIELDS: &[&str] = &[
    "of",
    "name",
    "media_type",
    "size",
    "sha256",
    "note",
    "added_at",
];

impl EvidenceFile {
    /// The record of `bytes`, named `name`, as evidence for `of`; refused when too large or
    /// badly named.
    pub fn of_bytes(
        id: RecordId,
        of: Serves,
        name: &str,
        media_type: &str,
        bytes: &[u8],
        added_at: i64,
    ) -> Result<Self, FieldProblem> {
        let file = Self {
            id,
            of,
            name: name.trim().to_owned(),
            media_type: media_type.trim().to_owned(),
            size: bytes.len() as u64,
            sha256: Sha256::of(bytes),
            note: String::new(),
            added_at,
        };
        file.check().map(|()| file)
    }

    /// Whether `bytes` are this file's: the same size and SHA-256.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.size && Sha256::of(bytes) == self.sha256
    }

    /// The rules every evidence file keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.name.is_empty() {
            return Err(field_problem("name", "An evidence file needs a name."));
        }
        if self
            .name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return Err(field_problem(
                "name",
                "A file name has no slashes or control characters.",
            ));
        }
        within_limits(&[
            ("name", self.name.as_str(), NAME_MAX_CHARS),
            ("note", self.note.as_str(), NOTE_MAX_CHARS),
        ])?;
        if let Some(problem) = too_long("media_type", &self.media_type, MEDIA_TYPE_MAX_CHARS) {
            return Err(problem);
        }
        if !self.media_type.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(field_problem(
                "media_type",
                "A media type is plain ASCII without spaces, such as application/pdf.",
            ));
        }
        if self.size > MAX_FILE_BYTES {
            return Err(field_problem(
                "size",
                format!(
                    "An evidence file can have at most {} MiB (this one has {:.1} MiB).",
                    MAX_FILE_BYTES / (1024 * 1024),
                    self.size as f64 / (1024.0 * 1024.0)
                ),
            ));
        }
        if self.added_at < 0 {
            return Err(field_problem(
                "added_at",
                "The time it was added is not valid.",
            ));
        }
        Ok(())
    }
}

/// The evidence records among `records` that are not deleted and read as evidence files (one
/// that does not read names no file anyone could check).
pub fn live_evidence<'a>(records: impl IntoIterator<Item = &'a Record>) -> Vec<EvidenceFile> {
    records
        .into_iter()
        .filter(|r| r.kind.as_str() == EvidenceFile::KIND && !r.deleted)
        .filter_map(|r| EvidenceFile::read(r, &()).ok())
        .collect()
}

impl RecordType for EvidenceFile {
    const KIND: &'static str = "evidence_file";
    const NOUN: &'static str = "Evidence file";
    type Context = ();

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("of".into(), Value::from(self.of.to_string()));
        body.insert("name".into(), Value::from(self.name.clone()));
        body.insert("size".into(), Value::from(self.size));
        body.insert("sha256".into(), Value::from(self.sha256.as_str()));
        body.insert("added_at".into(), Value::from(self.added_at));
        if !self.media_type.is_empty() {
            body.insert("media_type".into(), Value::from(self.media_type.clone()));
        }
        if !self.note.is_empty() {
            body.insert("note".into(), Value::from(self.note.clone()));
        }
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields(body, FIELDS)?;
        let required = |field: &str| field_problem(field, "is missing");
        let of = field_as::<String>(body, "of")?.ok_or_else(|| required("of"))?;
        let sha256 = field_as::<String>(body, "sha256")?.ok_or_else(|| required("sha256"))?;
        let file = Self {
            id: id.clone(),
            of: Serves::parse(&of).map_err(|e| field_problem("of", e))?,
            name: field_as(body, "name")?.ok_or_else(|| required("name"))?,
            media_type: text(body, "media_type")?,
            size: field_as(body, "size")?.ok_or_else(|| required("size"))?,
            sha256: Sha256::parse(&sha256).map_err(|e| field_problem("sha256", e))?,
            note: text(body, "note")?,
            added_at: field_as(body, "added_at")?.ok_or_else(|| required("added_at"))?,
        };
        file.check()?;
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(bytes: &[u8]) -> EvidenceFile {
        let of = Serves::parse("risk/r1").unwrap();
        let id = RecordId::parse("f1").unwrap();
        EvidenceFile::of_bytes(id, of, " scan.pdf ", "application/pdf", bytes, 1).unwrap()
    }

    #[test]
    fn sha256_matches_the_standard_test_vectors() {
        assert_eq!(
            Sha256::of(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            Sha256::of(b"").as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert!(Sha256::parse("ABC").is_err());
        assert!(Sha256::parse(&"A".repeat(64)).is_err(), "lowercase only");
        assert!(Sha256::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn a_file_is_known_by_its_size_and_hash() {
        let f = file(b"evidence");
        assert_eq!(f.name, "scan.pdf");
        assert_eq!(f.size, 8);
        assert!(f.matches(b"evidence"));
        assert!(!f.matches(b"evidencf"), "one byte changed");
        assert_eq!(EvidenceFile::from_body(&f.id, &f.to_body(), &()), Ok(f));
    }

    #[test]
    fn bad_files_are_refused_by_field() {
        let of = Serves::parse("risk/r1").unwrap();
        let id = RecordId::parse("f1").unwrap();
        let make = |name: &str, media: &str| {
            EvidenceFile::of_bytes(id.clone(), of.clone(), name, media, b"x", 1)
                .unwrap_err()
                .0
        };
        assert_eq!(make("  ", "text/plain").as_deref(), Some("name"));
        assert_eq!(make("../etc/passwd", "text/plain").as_deref(), Some("name"));
        assert_eq!(make("a\u{0}b", "text/plain").as_deref(), Some("name"));
        assert_eq!(make("ok.txt", "text plain").as_deref(), Some("media_type"));
        let mut big = file(b"x");
        big.size = MAX_FILE_BYTES + 1;
        let refused = big.check().unwrap_err();
        assert_eq!(refused.0.as_deref(), Some("size"));
        assert!(refused.1.contains("at most 10 MiB"), "{}", refused.1);
        let f = file(b"x");
        for (field, value) in [
            ("sha256", json!("not-a-hash")),
            ("of", json!("risk")),
            ("size", json!(-1)),
            ("colour", json!("red")),
        ] {
            let mut body = f.to_body();
            body.insert(field.into(), value);
            let refused = EvidenceFile::from_body(&f.id, &body, &()).unwrap_err();
            assert_eq!(refused.0.as_deref(), Some(field), "{}", refused.1);
        }
    }
}
