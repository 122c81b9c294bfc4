//! Typed records: each kind of record (profile, assessment, framework, …) is a plain Rust type
//! that says how it is written as record fields and how a body is read back and checked. A body
//! that fails the check (from IndexedDB, a backup or, later, a server) is refused with a message
//! naming the record and the field; it never reaches a page half-read.

use serde_json::{Map, Value};

use crate::batch::workspace_kind;
use crate::framework::Catalogue;
use crate::ids::{RecordId, RecordKind, WorkspaceId};
use crate::record::{Record, RecordKey};
use crate::workspace::WorkspaceName;

/// Why a record body was refused. The message names the record and, where one is at fault, the
/// field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{noun} {id} is damaged: {}", describe(field.as_deref(), problem))]
pub struct RecordError {
    /// What users call this kind of record ("Assessment", "Framework"…).
    pub noun: String,
    pub id: String,
    /// The field at fault, when one is.
    pub field: Option<String>,
    pub problem: String,
}

/// A record that failed its kind's check, with what can still be read of it so that people
/// recognise it: its title (or name), when that field is a readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub error: RecordError,
    pub title: Option<String>,
}

impl Unreadable {
    /// Longest title kept; a damaged record may hold any length of text.
    const TITLE_CHARS: usize = 120;

    pub fn new(record: &Record, error: RecordError) -> Self {
        let title = record
            .title()
            .map(|title| title.chars().take(Self::TITLE_CHARS).collect());
        Self { error, title }
    }
}

fn describe(field: Option<&str>, problem: &str) -> String {
    match field {
        Some(field) => format!("field {field:?}: {problem}"),
        None => problem.to_owned(),
    }
}

/// A problem found in a body: the field at fault (if one is) and what is wrong.
pub type FieldProblem = (Option<String>, String);

/// One kind of record, as a typed value.
pub trait RecordType: Sized {
    /// The record kind it is stored under.
    const KIND: &'static str;
    /// What users call one ("Assessment").
    const NOUN: &'static str;
    /// What reading one needs besides its body (the workspace's frameworks, for assessments).
    type Context;
    /// Fields that record an approval: only approvers and owners may set them
    /// ([`crate::roles`]).
    const APPROVAL_FIELDS: &'static [&'static str] = &[];

    /// Whether setting `field` to `value` records an approval (only approvers and owners may):
    /// by default, the [`Self::APPROVAL_FIELDS`]; a kind may also count entries or values.
    fn is_approval(field: &str, _value: Option<&Value>) -> bool {
        Self::APPROVAL_FIELDS.contains(&field)
    }

    /// Whether a field is long text (notes, descriptions) whose concurrent versions are kept
    /// as conflicts rather than lost to the latest ([`crate::versions`]).
    fn keeps_versions(_field: &str) -> bool {
        false
    }

    /// The value as record fields (a JSON object).
    fn to_body(&self) -> Map<String, Value>;

    /// Reads and checks a body.
    fn from_body(
        id: &RecordId,
        body: &Map<String, Value>,
        context: &Self::Context,
    ) -> Result<Self, FieldProblem>;

    fn kind() -> RecordKind {
        RecordKind::parse(Self::KIND).expect("record kinds are valid")
    }

    fn key(workspace: &WorkspaceId, id: &RecordId) -> RecordKey {
        RecordKey {
            workspace: workspace.clone(),
            kind: Self::kind(),
            id: id.clone(),
        }
    }

    /// Reads a record of this kind.
    fn read(record: &Record, context: &Self::Context) -> Result<Self, RecordError> {
        let refuse = |(field, problem): FieldProblem| RecordError {
            noun: Self::NOUN.to_owned(),
            id: record.id.to_string(),
            field,
            problem,
        };
        if record.kind != Self::kind() {
            return Err(refuse((
                None,
                format!("it is a {} record, not {}", record.kind, Self::KIND),
            )));
        }
        let body = record
            .fields()
            .ok_or_else(|| refuse((None, "its body is not a JSON object".into())))?;
        Self::from_body(&record.id, body, context).map_err(refuse)
    }
}

/// A field problem for `field`.
pub fn field_problem(field: &str, problem: impl std::fmt::Display) -> FieldProblem {
    (Some(field.to_owned()), problem.to_string())
}

/// Reads one field into a type, naming the field when it does not fit.
pub fn field_as<T: serde::de::DeserializeOwned>(
    body: &Map<String, Value>,
    field: &str,
) -> Result<Option<T>, FieldProblem> {
    body.get(field)
        .map(|value| T::deserialize(value).map_err(|e| field_problem(field, e)))
        .transpose()
}

/// Refuses fields a kind does not have (a typo or a newer version's field is not dropped).
pub fn only_fields(body: &Map<String, Value>, known: &[&str]) -> Result<(), FieldProblem> {
    only_fields_and(body, known, |_| false)
}

/// [`only_fields`] for a kind that also has fields of its own making (`step#ID`, entries,
/// links), which `also` recognises.
pub fn only_fields_and(
    body: &Map<String, Value>,
    known: &[&str],
    also: impl Fn(&str) -> bool,
) -> Result<(), FieldProblem> {
    match body
        .keys()
        .find(|k| !known.contains(&k.as_str()) && !also(k))
    {
        Some(unknown) => Err(field_problem(
            unknown,
            "this kind of record has no such field",
        )),
        None => Ok(()),
    }
}

/// A workspace's own fields (its name), kept as a record so they merge and have history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceFields {
    pub name: WorkspaceName,
}

impl RecordType for WorkspaceFields {
    const KIND: &'static str = "workspace";
    const NOUN: &'static str = "Workspace";
    type Context = ();

    fn to_body(&self) -> Map<String, Value> {
        Map::from_iter([("name".to_owned(), Value::from(self.name.as_str()))])
    }

    fn from_body(_id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields(body, &["name"])?;
        let name: String =
            field_as(body, "name")?.ok_or_else(|| field_problem("name", "is missing"))?;
        let name = WorkspaceName::parse(&name).map_err(|e| field_problem("name", e))?;
        Ok(Self { name })
    }
}

/// A record kind's name, noun and which of its fields keep concurrent versions.
type KindFacts = (&'static str, &'static str, fn(&str) -> bool);

/// The facts of a [`RecordType`].
const fn facts<T: RecordType>() -> KindFacts {
    (T::KIND, T::NOUN, T::keeps_versions)
}

/// Every kind of record Praxis keeps (besides the workspace's own fields), once.
const KINDS: &[KindFacts] = {
    use crate::assessment::Assessment;
    use crate::framework::Framework;
    use crate::isms::action::Action;
    use crate::isms::risk::Risk;
    use crate::isms::risk_method::RiskMethod;
    use crate::itsm::agreement::Agreement;
    use crate::itsm::change_request::ChangeRequest;
    use crate::itsm::config_item::ConfigItem;
    use crate::itsm::continuity::ContinuityPlan;
    use crate::itsm::contract::Contract;
    use crate::itsm::desk::DeskSettings;
    use crate::itsm::problem::Problem;
    use crate::itsm::release::Release;
    use crate::itsm::service::Service;
    use crate::itsm::supplier::Supplier;
    use crate::itsm::ticket::Ticket;
    use crate::profile::WorkspaceProfile;
    &[
        facts::<WorkspaceProfile>(),
        facts::<Assessment>(),
        facts::<Framework>(),
        facts::<Ticket>(),
        facts::<Service>(),
        facts::<Agreement>(),
        facts::<Problem>(),
        facts::<ChangeRequest>(),
        facts::<Release>(),
        facts::<ConfigItem>(),
        facts::<Supplier>(),
        facts::<Contract>(),
        facts::<ContinuityPlan>(),
        facts::<DeskSettings>(),
        facts::<RiskMethod>(),
        facts::<Risk>(),
        facts::<Action>(),
        facts::<crate::isms::soa::Soa>(),
        facts::<crate::isms::nonconformity::Nonconformity>(),
        facts::<crate::isms::document::Document>(),
        facts::<crate::isms::objective::Objective>(),
        facts::<crate::evidence::EvidenceFile>(),
    ]
};

/// Whether a field of a kind keeps its concurrent versions ([`RecordType::keeps_versions`]).
pub fn keeps_versions(kind: &RecordKind, field: &str) -> bool {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind.as_str())
        .is_some_and(|(_, _, keeps)| keeps(field))
}

/// What a record of `kind` is called ("Continuity plan"); the kind's own name when Praxis does
/// not know it.
pub fn kind_noun(kind: &str) -> &str {
    if kind == WorkspaceFields::KIND {
        return WorkspaceFields::NOUN;
    }
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or(kind, |(_, noun, _)| noun)
}

/// Checks a record of any kind Praxis knows, as [`RecordType::read`] would, with the
/// workspace's frameworks in `catalogue`. Tombstones are checked too: restoring one must give a
/// readable record; and so is each kept conflict, as though it were the field's value.
pub fn validate_record(record: &Record, catalogue: &Catalogue) -> Result<(), RecordError> {
    validate_body(record, catalogue)?;
    for (field, versions) in &record.conflicts {
        if !keeps_versions(&record.kind, field) {
            return Err(RecordError {
                noun: "Record".to_owned(),
                id: format!("{}/{}", record.kind, record.id),
                field: Some(field.clone()),
                problem: "this field keeps no conflicting versions".to_owned(),
            });
        }
        for version in versions {
            validate_body(&record.with_version(field, version), catalogue)?;
        }
    }
    Ok(())
}

fn validate_body(record: &Record, catalogue: &Catalogue) -> Result<(), RecordError> {
    use crate::assessment::Assessment;
    use crate::framework::Framework;
    use crate::itsm::agreement::Agreement;
    use crate::itsm::change_request::ChangeRequest;
    use crate::itsm::continuity::ContinuityPlan;
    use crate::itsm::contract::Contract;
    use crate::itsm::desk::DeskSettings;
    use crate::itsm::problem::Problem;
    use crate::itsm::release::Release;
    use crate::itsm::service::Service;
    use crate::itsm::supplier::Supplier;
    use crate::itsm::ticket::Ticket;
    use crate::profile::WorkspaceProfile;
    let kind = record.kind.as_str();
    match kind {
        _ if record.kind == workspace_kind() => WorkspaceFields::read(record, &()).map(drop),
        WorkspaceProfile::KIND => WorkspaceProfile::read(record, &()).map(drop),
        Assessment::KIND => Assessment::read(record, catalogue).map(drop),
        Framework::KIND => Framework::read(record, &()).map(drop),
        Ticket::KIND => Ticket::read(record, &()).map(drop),
        Service::KIND => Service::read(record, &()).map(drop),
        Agreement::KIND => Agreement::read(record, &()).map(drop),
        Problem::KIND => Problem::read(record, &()).map(drop),
        ChangeRequest::KIND => ChangeRequest::read(record, &()).map(drop),
        Release::KIND => Release::read(record, &()).map(drop),
        Supplier::KIND => Supplier::read(record, &()).map(drop),
        Contract::KIND => Contract::read(record, &()).map(drop),
        ContinuityPlan::KIND => ContinuityPlan::read(record, &()).map(drop),
        crate::itsm::config_item::ConfigItem::KIND => {
            crate::itsm::config_item::ConfigItem::read(record, &()).map(drop)
        }
        DeskSettings::KIND => DeskSettings::read(record, &()).map(drop),
        crate::isms::risk_method::RiskMethod::KIND => {
            crate::isms::risk_method::RiskMethod::read(record, &()).map(drop)
        }
        crate::isms::risk::Risk::KIND => crate::isms::risk::Risk::read(record, &()).map(drop),
        crate::isms::soa::Soa::KIND => crate::isms::soa::Soa::read(record, &()).map(drop),
        crate::isms::nonconformity::Nonconformity::KIND => {
            crate::isms::nonconformity::Nonconformity::read(record, &()).map(drop)
        }
        crate::isms::action::Action::KIND => {
            crate::isms::action::Action::read(record, &()).map(drop)
        }
        crate::isms::document::Document::KIND => {
            crate::isms::document::Document::read(record, &()).map(drop)
        }
        crate::isms::objective::Objective::KIND => {
            crate::isms::objective::Objective::read(record, &()).map(drop)
        }
        crate::evidence::EvidenceFile::KIND => {
            crate::evidence::EvidenceFile::read(record, &()).map(drop)
        }
        other => Err(RecordError {
            noun: "Record".to_owned(),
            id: format!("{other}/{}", record.id),
            field: None,
            problem: format!(
                "Praxis does not know records of kind {other:?} (was it made by a newer version?)"
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(kind: &str, body: Value) -> Record {
        let key = RecordKey {
            workspace: WorkspaceId::parse("w").unwrap(),
            kind: RecordKind::parse(kind).unwrap(),
            id: RecordId::parse("w").unwrap(),
        };
        Record {
            body,
            ..Record::empty(key)
        }
    }

    #[test]
    fn every_kind_is_named_and_says_which_fields_keep_versions() {
        assert_eq!(kind_noun("continuity_plan"), "Continuity plan");
        assert_eq!(kind_noun("workspace"), "Workspace");
        assert_eq!(kind_noun("spaceship"), "spaceship");
        let kind = |k: &str| RecordKind::parse(k).unwrap();
        assert!(keeps_versions(&kind("supplier"), "exit_plan"));
        assert!(!keeps_versions(&kind("supplier"), "name"));
        assert!(!keeps_versions(&kind("spaceship"), "notes"));
        let mut seen: Vec<&str> = KINDS.iter().map(|(k, _, _)| *k).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), KINDS.len(), "each kind once");
    }

    #[test]
    fn workspace_fields_round_trip_and_name_the_bad_field() {
        let fields = WorkspaceFields {
            name: WorkspaceName::parse("Acme").unwrap(),
        };
        let rec = record("workspace", Value::Object(fields.to_body()));
        assert_eq!(WorkspaceFields::read(&rec, &()).unwrap(), fields);
        let bad = record("workspace", json!({"name": "a\nb"}));
        let error = WorkspaceFields::read(&bad, &()).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("name"));
        assert!(
            error.to_string().starts_with(
                "Workspace w is damaged: field \"name\": A workspace name cannot contain control"
            ),
            "{error}"
        );
        let wrong_type =
            WorkspaceFields::read(&record("workspace", json!({"name": 7})), &()).unwrap_err();
        assert!(wrong_type.problem.contains("invalid type"), "{wrong_type}");
        let unknown =
            WorkspaceFields::read(&record("workspace", json!({"name": "A", "nmae": "B"})), &())
                .unwrap_err();
        assert_eq!(unknown.field.as_deref(), Some("nmae"));
        let missing = WorkspaceFields::read(&record("workspace", json!({})), &()).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "Workspace w is damaged: field \"name\": is missing"
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_or_of_another_kind_is_refused() {
        let error = WorkspaceFields::read(&record("workspace", json!([1])), &()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Workspace w is damaged: its body is not a JSON object"
        );
        let error = WorkspaceFields::read(&record("profile", json!({})), &()).unwrap_err();
        assert!(error.problem.contains("not workspace"), "{error}");
    }

    #[test]
    fn unknown_kinds_are_refused_by_name() {
        let error =
            validate_record(&record("gadget", json!({})), &Catalogue::builtin()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("does not know records of kind \"gadget\""),
            "{error}"
        );
    }
}

#[cfg(test)]
mod unreadable_tests {
    use serde_json::json;

    use super::*;

    fn damaged(body: Value) -> Unreadable {
        let record = Record {
            body,
            ..Record::empty(RecordKey {
                workspace: WorkspaceId::parse("w").unwrap(),
                kind: RecordKind::parse("assessment").unwrap(),
                id: RecordId::parse("a1").unwrap(),
            })
        };
        let error = RecordError {
            noun: "Assessment".into(),
            id: "a1".into(),
            field: Some("target".into()),
            problem: "too high".into(),
        };
        Unreadable::new(&record, error)
    }

    #[test]
    fn a_damaged_record_keeps_a_readable_title_to_be_recognised_by() {
        let title = |body| damaged(body).title;
        assert_eq!(
            title(json!({"title": " Readiness ", "target": 9})).as_deref(),
            Some("Readiness")
        );
        assert_eq!(
            title(json!({"name": "My outline"})).as_deref(),
            Some("My outline")
        );
        assert_eq!(
            title(json!({"title": 7, "name": "Fallback"})).as_deref(),
            Some("Fallback")
        );
        assert_eq!(title(json!({"title": "  "})), None);
        assert_eq!(title(json!(["not", "an", "object"])), None);
        let long = title(json!({"title": "x".repeat(500)})).unwrap();
        assert_eq!(long.chars().count(), Unreadable::TITLE_CHARS);
    }
}
