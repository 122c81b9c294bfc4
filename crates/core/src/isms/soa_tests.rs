//! The Statement of Applicability: its rows and their rules (an exclusion is justified), the
//! approval that freezes a version, versions filled from the one before, the latest assessment
//! and the risks, the diff between versions, and the exports read back by a spreadsheet reader.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use serde_json::json;

use super::risk::Risk;
use super::soa::{Approval, Implementation, Reason, Soa, annex_a, diff, row_field};
use super::soa_export::{HEADINGS, to_csv, to_xlsx};
use super::soa_fill::{fill, implementation_of};
use crate::assessment::{Assessment, AssessmentMeta, FrameworkChoice, Rating};
use crate::framework::Catalogue;
use crate::ids::RecordId;
use crate::maturity::Scale;
use crate::typed::RecordType;

const AT: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

/// A version with every applicable control given a reason and a status.
fn complete() -> Soa {
    let mut soa = Soa::new(id("v1"), 1, AT);
    for row in soa.rows.values_mut() {
        row.reasons.insert(Reason::Risk);
        row.status = Some(Implementation::Implemented);
    }
    soa
}

fn approve(soa: &mut Soa) {
    soa.approval = Some(Approval {
        by: "Grace".into(),
        at: AT + 1,
        digest: soa.digest(),
    });
}

#[test]
fn a_version_has_a_row_for_each_of_the_93_annex_a_controls() {
    let soa = Soa::new(id("v1"), 1, AT);
    assert_eq!(annex_a().len(), 93);
    assert_eq!(soa.rows.len(), 93);
    let ordered: Vec<&str> = soa.ordered().iter().map(|(c, _)| *c).collect();
    assert_eq!(ordered.first(), Some(&"A.5.1"));
    assert_eq!(ordered.last(), Some(&"A.8.34"));
    assert_eq!(soa.title, "Version 1");
    assert_eq!(Soa::from_body(&soa.id, &soa.to_body(), &()).unwrap(), soa);
    // A body without a control's fields reads it as applicable and empty.
    let mut body = soa.to_body();
    body.remove(&row_field("A.5.1", "applicable"));
    assert_eq!(Soa::from_body(&soa.id, &body, &()).unwrap(), soa);
}

#[test]
fn an_exclusion_is_refused_without_its_justification() {
    let mut soa = Soa::new(id("v1"), 1, AT);
    soa.rows.get_mut("A.7.4").unwrap().applicable = false;
    let refused = soa.check().unwrap_err();
    assert_eq!(refused.0.as_deref(), Some("A.7.4#justification"));
    assert_eq!(refused.1, "A.7.4 is left out: justify its exclusion.");
    soa.rows.get_mut("A.7.4").unwrap().justification =
        "No premises of our own: a shared office whose landlord monitors it".into();
    soa.check().unwrap();
}

#[test]
fn approval_needs_every_row_complete_and_freezes_the_version() {
    let mut soa = Soa::new(id("v1"), 1, AT);
    assert_eq!(
        soa.why_not_approve().as_deref(),
        Some("A.5.1 applies: say why it is included.")
    );
    soa = complete();
    soa.rows.get_mut("A.8.34").unwrap().status = None;
    assert_eq!(
        soa.why_not_approve().as_deref(),
        Some("A.8.34 applies: say how far it is implemented.")
    );
    // An approval given anyway is refused by the check.
    approve(&mut soa);
    assert_eq!(soa.check().unwrap_err().0.as_deref(), Some("approval"));
    soa = complete();
    approve(&mut soa);
    soa.check().unwrap();
    let read = Soa::from_body(&soa.id, &soa.to_body(), &()).unwrap();
    assert!(read.is_approved());
    // Any edit after the approval makes the version refuse to read: it is frozen.
    let mut body = soa.to_body();
    body.insert(row_field("A.5.15", "owner"), json!("Ana"));
    let refused = Soa::from_body(&soa.id, &body, &()).unwrap_err();
    assert_eq!(refused.0.as_deref(), Some("approval"));
    assert!(refused.1.contains("start a new version"), "{}", refused.1);
}

#[test]
fn a_damaged_version_is_named_by_its_field() {
    let base = Soa::new(id("v1"), 1, AT).to_body();
    for (field, value) in [
        ("title", json!(" ")),
        ("version", json!(0)),
        ("A.5.1#reasons", json!(["whim"])),
        ("A.5.1#status", json!("done")),
        ("A.5.1#applicable", json!("yes")),
        ("A.5.1#colour", json!("red")),
        ("A.9.1#applicable", json!(true)),
        ("based_on", json!("not an id")),
        ("approval", json!({"by": "Grace", "at": 1})),
        ("colour", json!("red")),
    ] {
        let mut body = base.clone();
        body.insert(field.into(), value.clone());
        let refused = Soa::from_body(&id("v1"), &body, &()).unwrap_err();
        let expected = if field == "A.9.1#applicable" {
            "A.9.1#applicable"
        } else {
            field
        };
        assert_eq!(refused.0.as_deref(), Some(expected), "{field} = {value}");
    }
}

fn assessment() -> Assessment {
    let meta = AssessmentMeta {
        title: "Readiness".into(),
        frameworks: FrameworkChoice::Iso27001,
        scale: Scale::IsmsMaturity,
        scope: String::new(),
        assessor: String::new(),
        date: "2026-11-30".into(),
        target: 3,
        created_at: AT,
        framework: None,
        sharing_rules: crate::assessment::SHARING_RULES,
        blocker_level: crate::assessment::DEFAULT_BLOCKER_LEVEL,
        approved_on: None,
    };
    let mut a = Assessment::new(id("as1"), meta, &Catalogue::builtin()).unwrap();
    let excluded = a.answers.entry("iso27001:2022/A.7.4".into()).or_default();
    excluded.not_applicable = Some("Shared office; the landlord monitors it".into());
    let rated = a.answers.entry("iso27001:2022/A.8.24".into()).or_default();
    rated.rating = Some(Rating::Level(2));
    rated.owner = "Ana".into();
    rated.evidence.push(crate::assessment::Evidence {
        text: "Crypto policy".into(),
        link: Some("https://intranet/crypto".into()),
    });
    a
}

#[test]
fn a_new_version_is_filled_from_the_last_one_the_assessment_and_the_risks() {
    assert_eq!(implementation_of(0), Implementation::NotImplemented);
    assert_eq!(implementation_of(2), Implementation::Partial);
    assert_eq!(implementation_of(4), Implementation::Implemented);
    let mut previous = complete();
    previous.rows.get_mut("A.5.1").unwrap().reasons = [Reason::Legal].into();
    approve(&mut previous);
    let mut risk = Risk::new(id("r1"), "Stolen laptop", AT).unwrap();
    risk.controls.insert("iso27001:2022/A.8.1".into());
    let soa = fill(
        id("v2"),
        AT + 5,
        Some(&previous),
        Some(&assessment()),
        &[risk],
    );
    assert_eq!(soa.version, 2);
    assert_eq!(soa.title, "Version 2");
    assert_eq!(soa.based_on, Some(id("v1")));
    assert_eq!(soa.assessment, Some(id("as1")));
    assert!(soa.approval.is_none(), "a new version is a draft");
    let row = |c: &str| soa.rows.get(c).unwrap();
    assert_eq!(row("A.5.1").reasons, [Reason::Legal].into());
    assert!(!row("A.7.4").applicable);
    assert_eq!(
        row("A.7.4").justification,
        "Shared office; the landlord monitors it"
    );
    assert_eq!(row("A.8.24").status, Some(Implementation::Partial));
    assert_eq!(row("A.8.24").owner, "Ana");
    assert_eq!(
        row("A.8.24").evidence,
        "Crypto policy (https://intranet/crypto)"
    );
    assert!(row("A.8.1").reasons.contains(&Reason::Risk));
    soa.check().unwrap();

    // The diff says what changed, control by control.
    let changes = diff(&previous, &soa);
    let seen: Vec<(&str, &str, &str, &str)> = changes
        .iter()
        .map(|d| (d.control, d.part, d.before.as_str(), d.after.as_str()))
        .collect();
    assert!(
        seen.contains(&("A.7.4", "applicable", "Yes", "No")),
        "{seen:?}"
    );
    assert!(seen.contains(&("A.8.24", "status", "Implemented", "Partly implemented")));
    assert!(seen.contains(&("A.8.24", "owner", "", "Ana")));
    assert!(!seen.iter().any(|(c, ..)| *c == "A.5.1"));
}

#[test]
fn the_exports_hold_a_heading_and_93_rows_a_spreadsheet_reader_opens() {
    let mut soa = complete();
    let excluded = soa.rows.get_mut("A.7.4").unwrap();
    excluded.applicable = false;
    excluded.justification = "Shared office <no CCTV> & \"landlord\"".into();
    soa.rows.get_mut("A.5.1").unwrap().owner = "=cmd()".into();
    let mut risk = Risk::new(id("r1"), "Stolen laptop", AT).unwrap();
    risk.controls.insert("iso27001:2022/A.8.1".into());
    let risks = [risk];

    let bytes = to_xlsx(&soa, &risks);
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("a spreadsheet a reader opens");
    assert_eq!(book.sheet_names(), ["Statement of Applicability"]);
    let range = book.worksheet_range("Statement of Applicability").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 94, "a heading and 93 controls");
    assert_eq!(rows[0], HEADINGS.map(str::to_owned).to_vec());
    assert_eq!(rows[1][0], "A.5.1");
    assert_eq!(rows[1][1], "Policies for information security");
    assert_eq!(rows[1][6], "=cmd()", "kept as text, never a formula");
    let a74 = rows.iter().find(|r| r[0] == "A.7.4").unwrap();
    assert_eq!(a74[2], "No");
    assert_eq!(a74[4], "Shared office <no CCTV> & \"landlord\"");
    let a81 = rows.iter().find(|r| r[0] == "A.8.1").unwrap();
    assert_eq!(a81[8], "Stolen laptop");

    let csv = to_csv(&soa, &risks);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 94);
    assert!(lines[1].contains("'=cmd()"), "{}", lines[1]);
}
