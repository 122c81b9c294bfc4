//! The register of documented information: the required list against the standards' clauses,
//! status worked out from version and approval, the approval's rules, reviews, what a required
//! document stores, damaged bodies named by field, and the gaps that block certification.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::document::{
    Approval, DocStatus, Document, Form, REQUIRED, Required, document_gaps, not_yet_added,
};
use crate::assessment::{Reason, rollup_with_documents};
use crate::date::Date;
use crate::framework::{Catalogue, iso20000, iso27001};
use crate::ids::RecordId;
use crate::typed::RecordType;

const LOGGED: i64 = 1_796_115_600_000;

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn required(key: &str) -> Document {
    Document::of_required(Required::by_key(key).unwrap(), LOGGED)
}

fn reread(d: &Document) -> Result<Document, (Option<String>, String)> {
    Document::from_body(&d.id, &d.to_body(), &())
}

/// A required document written, kept and owned, ready to approve.
fn written(key: &str) -> Document {
    let mut d = required(key);
    d.owner = "Ana".into();
    d.version = "1.0".into();
    d.location = "https://intranet.example/policies/security".into();
    d
}

#[test]
fn the_required_list_names_assessable_clauses_that_call_for_documents() {
    let mut keys = BTreeSet::new();
    for r in REQUIRED {
        assert!(keys.insert(r.key), "{} twice", r.key);
        assert_eq!(RecordId::parse(r.key).unwrap().as_str(), r.key);
        let framework = [iso27001(), iso20000()]
            .into_iter()
            .find(|f| f.id == r.framework)
            .unwrap_or_else(|| panic!("{}: no framework {}", r.key, r.framework));
        let item = framework
            .items
            .iter()
            .find(|i| i.id == r.clause)
            .unwrap_or_else(|| panic!("{}: no clause {}", r.key, r.clause));
        assert!(
            item.assessable && item.documented,
            "{} {}",
            r.framework,
            r.clause
        );
    }
    let of = |framework: &'static str| REQUIRED.iter().filter(move |r| r.framework == framework);
    let iso27001_clauses: BTreeSet<&str> = of(&iso27001().id).map(|r| r.clause).collect();
    assert_eq!(
        iso27001_clauses,
        BTreeSet::from([
            "4.3", "5.2", "6.1.2", "6.1.3", "6.2", "7.2", "8.1", "8.2", "8.3", "9.1", "9.2.2",
            "9.3.3", "10.2"
        ])
    );
    let letters: Vec<String> = of(&iso20000().id).map(|r| r.reference()).collect();
    assert_eq!(letters.len(), 12, "7.5.4 a to l");
    assert_eq!(letters[0], "ISO/IEC 20000-1:2018 7.5.4 a");
    assert_eq!(letters[11], "ISO/IEC 20000-1:2018 7.5.4 l");
    let policy = Required::by_key("isms-policy").unwrap();
    assert_eq!(policy.reference(), "ISO/IEC 27001:2022 5.2");
    assert_eq!(policy.short_reference(), "27001 5.2");
    let slas = Required::by_key("sms-7-5-4-h").unwrap();
    assert_eq!(slas.short_reference(), "20000-1 7.5.4 h");
}

#[test]
fn status_follows_version_approval_and_need() {
    let mut d = required("isms-policy");
    assert_eq!(d.status(), DocStatus::Missing);
    d.location = "SharePoint".into();
    assert_eq!(d.status(), DocStatus::Draft, "somewhere, not approved");
    let mut d = written("isms-policy");
    d.approve("Bo", LOGGED, day("2026-12-07")).unwrap();
    assert_eq!(d.status(), DocStatus::Approved);
    assert_eq!(d.next_review, Some(day("2027-12-07")), "one interval on");
    d.version = "1.1".into();
    assert_eq!(
        d.status(),
        DocStatus::Draft,
        "a new version waits for approval"
    );
    assert_eq!(
        d.approval.as_ref().unwrap().version,
        "1.0",
        "the last one stays"
    );
    d.not_needed = "Covered by the group policy we adopt as it is.".into();
    assert_eq!(d.status(), DocStatus::NotNeeded);
    assert!(!DocStatus::NotNeeded.blocks() && !DocStatus::Approved.blocks());
    assert!(DocStatus::Missing.blocks() && DocStatus::Draft.blocks());
}

#[test]
fn an_approval_needs_a_version_a_place_and_an_owner() {
    let today = day("2026-12-07");
    for (field, clear) in [
        (
            "approval",
            (|d: &mut Document| d.version.clear()) as fn(&mut Document),
        ),
        ("location", |d| d.location.clear()),
        ("owner", |d| d.owner.clear()),
    ] {
        let mut d = written("isms-scope");
        clear(&mut d);
        let before = d.clone();
        let refused = d.approve("Bo", LOGGED, today).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{}", refused.1);
        assert_eq!(d, before, "nothing changes when refused");
    }
    let mut d = written("isms-scope");
    let refused = d.approve("  ", LOGGED, today).unwrap_err();
    assert_eq!(refused.1, "An approval names who gave it.");
    // An approved document keeps its owner and place while that version stands.
    d.approve("Bo", LOGGED, today).unwrap();
    d.owner.clear();
    assert_eq!(d.check().unwrap_err().0.as_deref(), Some("owner"));
}

#[test]
fn reviews_fall_one_interval_after_the_last() {
    let mut d = written("isms-objectives");
    d.review_months = 6;
    d.reviewed(day("2026-08-31"));
    assert_eq!(d.last_review, Some(day("2026-08-31")));
    assert_eq!(d.next_review, Some(day("2027-02-28")));
    d.review_months = 0;
    d.reviewed(day("2026-09-01"));
    assert_eq!(d.next_review, None, "no recurring review");
    d.review_months = 61;
    assert_eq!(d.check().unwrap_err().0.as_deref(), Some("review_months"));
    d.review_months = 12;
    d.next_review = Some(day("2026-01-01"));
    assert_eq!(d.check().unwrap_err().0.as_deref(), Some("next_review"));
}

#[test]
fn only_required_documents_can_be_not_needed() {
    let id = RecordId::parse("d1").unwrap();
    let mut own = Document::new(id, " Access control procedure ", Form::Document, LOGGED).unwrap();
    assert_eq!(own.title, "Access control procedure");
    own.not_needed = "Not ours".into();
    assert_eq!(own.check().unwrap_err().0.as_deref(), Some("not_needed"));
    let mut req = required("sms-7-5-4-j");
    req.not_needed = "No internal suppliers: one team delivers every service.".into();
    req.check().unwrap();
    let id = RecordId::parse("d2").unwrap();
    assert_eq!(
        Document::new(id, "  ", Form::Record, LOGGED)
            .unwrap_err()
            .0
            .as_deref(),
        Some("title")
    );
}

#[test]
fn a_required_document_stores_only_what_differs_from_its_requirement() {
    let d = required("sms-7-5-4-g");
    let body = d.to_body();
    let fields: Vec<&str> = body.keys().map(String::as_str).collect();
    assert_eq!(fields, ["logged_at", "required"], "two fields no one edits");
    let back = reread(&d).unwrap();
    assert_eq!(back, d);
    assert_eq!(back.title, "Service catalogue");
    assert_eq!(back.form, Form::Document);
    let mut edited = written("sms-7-5-4-g");
    edited.title = "Catalogue of services".into();
    edited.review_months = 24;
    edited.approve("Bo", LOGGED, day("2026-12-07")).unwrap();
    edited.reviewed(day("2027-01-10"));
    assert_eq!(reread(&edited).unwrap(), edited);
    let id = RecordId::parse("own").unwrap();
    let own = Document::new(id, "Backup log", Form::Record, LOGGED).unwrap();
    assert_eq!(own.to_body()["form"], json!("record"));
    assert_eq!(reread(&own).unwrap(), own);
}

#[test]
fn damaged_bodies_are_named_by_field() {
    let d = written("isms-scope");
    let own = Document::new(RecordId::parse("own").unwrap(), "Log", Form::Record, LOGGED).unwrap();
    let cases: [(&Document, &str, Option<Value>); 9] = [
        (&d, "required", Some(json!("isms-everything"))),
        (&d, "form", Some(json!("record"))),
        (&own, "form", None),
        (&own, "title", None),
        (&d, "logged_at", None),
        (&d, "review_months", Some(json!(-1))),
        (&d, "approval", Some(json!({"by": "Bo", "at": 1}))),
        (&d, "next_review", Some(json!("2026-02-30"))),
        (&d, "colour", Some(json!("blue"))),
    ];
    for (document, field, value) in cases {
        let mut body = document.to_body();
        match value {
            Some(value) => body.insert(field.into(), value),
            None => body.remove(field),
        };
        let refused = Document::from_body(&document.id, &body, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{field}: {}", refused.1);
    }
}

#[test]
fn required_documents_missing_or_not_approved_are_gaps() {
    assert!(document_gaps(&[]).is_empty(), "none added: none counted");
    let all = document_gaps(&not_yet_added(&[], LOGGED));
    assert_eq!(
        all.len(),
        REQUIRED.len(),
        "all added, none written: all missing"
    );
    assert!(all.iter().all(|g| g.status == DocStatus::Missing));
    let mut policy = written("isms-policy");
    let draft = written("isms-scope");
    let mut internal = required("sms-7-5-4-j");
    internal.not_needed = "No internal suppliers.".into();
    policy.approve("Bo", LOGGED, day("2026-12-07")).unwrap();
    let mut register = vec![policy, draft, internal];
    assert_eq!(document_gaps(&register).len(), 1, "the draft scope");
    let added = not_yet_added(&register, LOGGED);
    assert_eq!(added.len(), REQUIRED.len() - 3);
    assert!(added.iter().all(|d| d.status() == DocStatus::Missing));
    register.extend(added);
    assert!(not_yet_added(&register, LOGGED).is_empty());
    let gaps = document_gaps(&register);
    assert_eq!(
        gaps.len(),
        REQUIRED.len() - 2,
        "approved and not needed are in place"
    );
    let scope = gaps
        .iter()
        .find(|g| g.title == "Scope of the ISMS")
        .unwrap();
    assert_eq!(scope.status, DocStatus::Draft);
    assert_eq!(scope.item_key, "iso27001:2022/4.3");
}

#[test]
fn gaps_block_certification_of_the_clause_that_calls_for_them() {
    use crate::assessment::{Assessment, AssessmentMeta, DEFAULT_BLOCKER_LEVEL, FrameworkChoice};
    let meta = AssessmentMeta {
        title: "Readiness".into(),
        frameworks: FrameworkChoice::Integrated,
        scale: crate::maturity::Scale::IsmsMaturity,
        scope: String::new(),
        assessor: String::new(),
        date: "2026-12-07".into(),
        target: 3,
        created_at: 1,
        approved_on: None,
        framework: None,
        sharing_rules: crate::assessment::SHARING_RULES,
        blocker_level: 0,
    };
    assert_ne!(
        meta.blocker_level, DEFAULT_BLOCKER_LEVEL,
        "by findings alone"
    );
    let mut a =
        Assessment::new(RecordId::parse("a1").unwrap(), meta, &Catalogue::builtin()).unwrap();
    let mut policy = written("isms-policy");
    policy.approve("Bo", LOGGED, day("2026-12-07")).unwrap();
    let mut register = vec![policy, written("sms-7-5-4-h")];
    register.extend(not_yet_added(&register, LOGGED));
    let gaps = document_gaps(&register);
    assert!(rollup_with_documents(&a, &[]).blockers.items.is_empty());
    let r = rollup_with_documents(&a, &gaps);
    let blocker = |key: &str| r.blockers.items.iter().find(|b| b.key == key);
    assert!(
        blocker("iso27001:2022/5.2").is_none(),
        "the policy is approved"
    );
    let sms = blocker("iso20000-1:2018/7.5.4").unwrap();
    assert_eq!(sms.reasons, [Reason::RegisterDocuments]);
    assert_eq!(sms.documents.len(), 12);
    assert!(
        sms.describe()
            .contains("Service level agreements (not approved)"),
        "{}",
        sms.describe()
    );
    assert!(
        sms.describe()
            .starts_with("Documented information not in place: Scope of the SMS (missing)")
    );
    // Only the assessment's own standards' gaps count.
    a.meta.frameworks = FrameworkChoice::Iso27001;
    let a = Assessment::from_body(&a.id, &a.to_body(), &Catalogue::builtin()).unwrap();
    let r = rollup_with_documents(&a, &gaps);
    assert!(
        r.blockers
            .items
            .iter()
            .all(|b| b.key.starts_with("iso27001"))
    );
    assert_eq!(
        r.blockers.count(),
        12,
        "13 clauses but the approved policy's"
    );
}

#[test]
fn approving_a_document_is_an_approval_in_the_approvers_own_name() {
    use crate::roles::{Role, edit_refusal, is_approval};
    let approval = serde_json::to_value(Approval {
        by: "Bo".into(),
        at: LOGGED,
        version: "1.0".into(),
    })
    .unwrap();
    assert!(is_approval("document", "approval", Some(&approval)));
    assert!(!is_approval("document", "version", Some(&json!("2.0"))));
    assert!(edit_refusal(Role::Editor, "document", "approval", Some(&approval)).is_some());
    assert!(edit_refusal(Role::Approver, "document", "approval", Some(&approval)).is_none());
}

#[test]
fn document_reviews_fall_due_unless_the_document_is_not_needed() {
    use crate::itsm::dues::{Dated, DueKind, dues};
    let mut policy = written("isms-policy");
    policy.next_review = Some(day("2026-12-01"));
    let mut internal = required("sms-7-5-4-j");
    internal.not_needed = "No internal suppliers.".into();
    internal.next_review = Some(day("2026-12-02"));
    let mut later = written("isms-scope");
    later.next_review = Some(day("2027-06-01"));
    let documents = [policy, internal, later];
    let found = dues(
        Dated {
            documents: &documents,
            ..Dated::default()
        },
        day("2026-12-07"),
    );
    let seen: Vec<(DueKind, String)> = found.iter().map(|d| (d.kind, d.href())).collect();
    assert_eq!(
        seen,
        [(DueKind::DocumentReview, "/documents/isms-policy".to_owned())]
    );
}
