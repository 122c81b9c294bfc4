//! Shared answers that the person decides, conformity findings, certification blockers, and
//! ISO/IEC 33020 only where it measures a process.

use super::*;
use crate::framework::{Catalogue, iso20000, iso27001};
use crate::ids::RecordId;
use crate::maturity::{Achievement, AttributeRatings, ProcessAttribute, Scale};
use crate::typed::RecordType;

fn new(frameworks: FrameworkChoice, scale: Scale) -> Assessment {
    let meta = AssessmentMeta {
        title: "Readiness".into(),
        frameworks,
        scale,
        scope: String::new(),
        assessor: String::new(),
        date: "2026-12-02".into(),
        target: 3,
        created_at: 1,
        approved_on: None,
        framework: None,
        sharing_rules: SHARING_RULES,
        blocker_level: DEFAULT_BLOCKER_LEVEL,
    };
    Assessment::new(RecordId::parse("a1").unwrap(), meta, &Catalogue::builtin()).unwrap()
}

fn integrated() -> Assessment {
    new(FrameworkChoice::Integrated, Scale::IsmsMaturity)
}

fn reread(a: &Assessment) -> Assessment {
    Assessment::from_body(&a.id, &a.to_body(), &Catalogue::builtin()).unwrap()
}

fn level(a: &Assessment, key: &str) -> Option<u8> {
    rollup(a)
        .items
        .into_iter()
        .find(|s| s.key == key)
        .and_then(|s| s.level)
}

#[test]
fn every_equivalent_pair_starts_shared_but_the_scope() {
    let a = integrated();
    for (iso27001_id, iso20000_id) in [
        ("4.1", "4.1"),
        ("5.1", "5.1"),
        ("7.5.3", "7.5.3"),
        ("8.1", "8.1"),
        ("9.1", "9.1"),
        ("9.2.1", "9.2"),
        ("9.2.2", "9.2"),
        ("9.3.1", "9.3"),
        ("9.3.2", "9.3"),
        ("9.3.3", "9.3"),
        ("10.1", "10.2"),
        ("10.2", "10.1"),
    ] {
        assert_eq!(
            a.shared_with(&format!("iso27001:2022/{iso27001_id}")),
            Some(iso20000_id),
            "27001 {iso27001_id}"
        );
    }
    assert_eq!(a.shared_with("iso27001:2022/4.3"), None, "two scopes");
    assert_eq!(a.shareable_with("iso27001:2022/4.3"), Some("4.3"));
    // A heading of 20000-1 split in two (5.2.1/5.2.2) cannot hold the one answer of 27001 5.2.
    assert_eq!(a.shareable_with("iso27001:2022/5.2"), None);
    assert_eq!(a.shareable_with("iso27001:2022/A.5.24"), None);
    assert_eq!(paired_with("9.3"), ["9.3.1", "9.3.2", "9.3.3"]);
    // Each pair is rated on one scale: both ends are processes, or neither is.
    for (iso27001_id, pair) in pairs() {
        let ours = iso27001().item(iso27001_id).unwrap();
        let theirs = iso20000().item(pair.iso20000).unwrap();
        assert_eq!(ours.process, theirs.process, "{iso27001_id}");
    }
    // One standard alone shares nothing.
    let single = new(FrameworkChoice::Iso27001, Scale::IsmsMaturity);
    assert_eq!(single.shared_with("iso27001:2022/9.2.1"), None);
}

#[test]
fn assessments_made_before_the_choice_keep_what_they_shared() {
    let mut a = integrated();
    a.meta.sharing_rules = 1;
    assert_eq!(a.shared_with("iso27001:2022/4.3"), Some("4.3"));
    assert_eq!(a.shared_with("iso27001:2022/4.1"), Some("4.1"));
    assert_eq!(a.shared_with("iso27001:2022/9.2.1"), None);
    // And a body without the setting reads as those rules.
    let mut body = integrated().to_body();
    assert_eq!(body.remove("sharing_rules"), Some(serde_json::json!(2)));
    let read = Assessment::from_body(&a.id, &body, &Catalogue::builtin()).unwrap();
    assert_eq!(read.meta.sharing_rules, 1);
}

#[test]
fn a_pair_can_be_split_and_joined_again_with_the_rollups_following() {
    let mut a = integrated();
    let (ours, theirs) = ("iso27001:2022/9.2.1", "iso20000-1:2018/9.2");
    a.set_rating(ours, Some(Rating::Level(3))).unwrap();
    assert_eq!((level(&a, ours), level(&a, theirs)), (Some(3), Some(3)));

    // Split: the 27001 clause starts from a copy of the shared answer, then goes its own way.
    a.set_shared(ours, false).unwrap();
    assert_eq!(a.shared_with(ours), None);
    assert_eq!(level(&a, ours), Some(3), "starts from the shared answer");
    a.set_rating(ours, Some(Rating::Level(1))).unwrap();
    assert_eq!((level(&a, ours), level(&a, theirs)), (Some(1), Some(3)));
    let r = rollup(&a);
    let by_framework: Vec<Option<f64>> = r.by_framework.iter().map(|s| s.average).collect();
    // 27001: 9.2.1 at 1 on its own, 9.2.2 still sharing 9.2's 3.
    assert_eq!(by_framework, [Some(3.0), Some(2.0)]);
    assert_eq!(reread(&a), a, "the split is stored");

    // Join: the shared answer shows again; the 27001 clause's own answer is set aside.
    a.set_shared(ours, true).unwrap();
    assert_eq!((level(&a, ours), level(&a, theirs)), (Some(3), Some(3)));
    assert_eq!(reread(&a), a, "the join is stored, the own answer with it");
    // A rating while joined goes to the shared answer, not the one set aside.
    a.set_rating(ours, Some(Rating::Level(4))).unwrap();
    assert_eq!(level(&a, theirs), Some(4));

    // Split again: the answer it had comes back.
    a.set_shared(ours, false).unwrap();
    assert_eq!((level(&a, ours), level(&a, theirs)), (Some(1), Some(4)));

    // The scope starts apart and can be joined.
    a.set_rating("iso20000-1:2018/4.3", Some(Rating::Level(2)))
        .unwrap();
    assert_eq!(level(&a, "iso27001:2022/4.3"), None);
    a.set_shared("iso27001:2022/4.3", true).unwrap();
    assert_eq!(level(&a, "iso27001:2022/4.3"), Some(2));
}

#[test]
fn only_paired_clauses_of_an_integrated_assessment_can_share() {
    let mut a = integrated();
    let refused = a.set_shared("iso27001:2022/A.5.24", true).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "A.5.24 Information security incident management planning and preparation has no \
         equivalent ISO/IEC 20000-1 clause in this assessment to share an answer with."
    );
    let mut single = new(FrameworkChoice::Iso27001, Scale::IsmsMaturity);
    assert!(single.set_shared("iso27001:2022/4.1", false).is_err());
    // A stored sharing choice where none can be made is named as damaged.
    let mut body = single.to_body();
    body.insert("iso27001:2022/4.1#shared".into(), serde_json::json!(false));
    let problem = Assessment::from_body(&single.id, &body, &Catalogue::builtin()).unwrap_err();
    assert_eq!(problem.0.as_deref(), Some("iso27001:2022/4.1#shared"));
}

#[test]
fn findings_and_documented_information_are_kept_beside_the_rating() {
    let mut a = integrated();
    let key = "iso27001:2022/6.1.2";
    a.set_finding(key, Some(Finding::MajorNonconformity))
        .unwrap();
    a.set_documented(key, Some(false)).unwrap();
    assert_eq!(
        a.answer(key).unwrap().rating,
        None,
        "a finding is not a rating"
    );
    let back = reread(&a);
    assert_eq!(back, a);
    assert_eq!(
        a.to_body()[&format!("{key}#finding")],
        serde_json::json!("major-nonconformity")
    );
    // Only items that call for documented information take the check.
    let refused = a
        .set_documented("iso27001:2022/7.4", Some(true))
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "7.4 Communication does not call for documented information of its own."
    );
    a.set_documented("iso27001:2022/7.4", None).unwrap();
    for code in Finding::ALL.map(Finding::code) {
        assert_eq!(Finding::from_code(code).map(Finding::code), Some(code));
    }
    assert_eq!(Finding::from_code("fine"), None);
}

#[test]
fn every_kind_of_blocker_is_found_and_counted_first() {
    let mut a = integrated();
    // A major nonconformity on a clause rated well still blocks.
    a.set_rating("iso20000-1:2018/8.6.1", Some(Rating::Level(4)))
        .unwrap();
    a.set_finding("iso20000-1:2018/8.6.1", Some(Finding::MajorNonconformity))
        .unwrap();
    // A minor one does not.
    a.set_finding("iso20000-1:2018/8.6.2", Some(Finding::MinorNonconformity))
        .unwrap();
    // A clause below the blocker level (2) blocks; one at it does not.
    a.set_rating("iso27001:2022/6.1.2", Some(Rating::Level(1)))
        .unwrap();
    a.set_rating("iso27001:2022/6.1.3", Some(Rating::Level(2)))
        .unwrap();
    // An applicable control rated 0 is not implemented; a control rated 1 is not a blocker, nor
    // an excluded one.
    a.set_rating("iso27001:2022/A.5.1", Some(Rating::Level(0)))
        .unwrap();
    a.set_rating("iso27001:2022/A.5.2", Some(Rating::Level(1)))
        .unwrap();
    a.set_not_applicable("iso27001:2022/A.8.28", "No in-house development.")
        .unwrap();
    // Documented information recorded as missing.
    a.set_documented("iso20000-1:2018/4.3", Some(false))
        .unwrap();
    a.set_documented("iso27001:2022/4.3", Some(true)).unwrap();

    let r = rollup(&a);
    let found: Vec<(&str, Vec<Reason>)> = r
        .blockers
        .items
        .iter()
        .map(|b| (b.key.as_str(), b.reasons.clone()))
        .collect();
    assert_eq!(
        found,
        [
            // A major nonconformity first, then framework order.
            ("iso20000-1:2018/8.6.1", vec![Reason::MajorNonconformity]),
            (
                "iso20000-1:2018/4.3",
                vec![Reason::DocumentedInformationMissing]
            ),
            (
                "iso27001:2022/6.1.2",
                vec![Reason::BelowLevel {
                    level: 1,
                    required: 2
                }]
            ),
            ("iso27001:2022/A.5.1", vec![Reason::NotImplemented]),
        ]
    );
    assert_eq!(r.blockers.count(), 4);
    let applicable = r.items.iter().filter(|s| s.applicable).count();
    assert_eq!(r.blockers.not_rated, applicable - 5);
    let documented = r.items.iter().filter(|s| s.calls_for_documents).count();
    assert_eq!(r.blockers.documents_unchecked, documented - 2);
    assert_eq!(
        r.item_of(&r.blockers.items[0]).map(|s| s.item_id),
        Some("8.6.1")
    );
    assert_eq!(
        Reason::BelowLevel {
            level: 1,
            required: 2
        }
        .describe(),
        "rated 1, below the blocker level 2"
    );

    // A shared answer's blocker shows in both standards.
    a.set_rating("iso20000-1:2018/9.2", Some(Rating::Level(0)))
        .unwrap();
    let keys: Vec<String> = rollup(&a)
        .blockers
        .items
        .into_iter()
        .map(|b| b.key)
        .collect();
    for key in [
        "iso20000-1:2018/9.2",
        "iso27001:2022/9.2.1",
        "iso27001:2022/9.2.2",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key}");
    }

    // Missing documents on a shared answer block only where the standard calls for them: the
    // audit programme (27001 9.2.2), not 27001 9.2.1.
    a.set_documented("iso20000-1:2018/9.2", Some(false))
        .unwrap();
    let r = rollup(&a);
    let documents = |key: &str| {
        r.blockers
            .items
            .iter()
            .any(|b| b.key == key && b.reasons.contains(&Reason::DocumentedInformationMissing))
    };
    assert!(documents("iso20000-1:2018/9.2"));
    assert!(documents("iso27001:2022/9.2.2"));
    assert!(!documents("iso27001:2022/9.2.1"));

    // The level is the person's: at 0 no clause blocks by its level.
    a.set_blocker_level(0).unwrap();
    let r = rollup(&reread(&a));
    assert!(
        r.blockers
            .items
            .iter()
            .all(|b| !matches!(b.reasons[..], [Reason::BelowLevel { .. }]))
    );
    assert_eq!(
        a.set_blocker_level(6).unwrap_err().to_string(),
        "The blocker level must be from 0 to 5."
    );
    a.meta.blocker_level = 6;
    assert_eq!(
        a.meta
            .clone()
            .validated(&Catalogue::builtin())
            .unwrap_err()
            .to_string(),
        "The blocker level must be from 0 to 5."
    );
    a.set_blocker_level(3).unwrap();
    assert_eq!(reread(&a).meta.blocker_level, 3);
}

#[test]
fn capability_is_rated_for_processes_and_maturity_elsewhere() {
    let mut a = new(FrameworkChoice::Integrated, Scale::ProcessCapability);
    let mut full = AttributeRatings::new();
    full.set(ProcessAttribute::Pa11, Achievement::F);
    for process in [
        "iso20000-1:2018/8.6.1",
        "iso20000-1:2018/9.2",
        "iso27001:2022/6.1.2",
    ] {
        assert_eq!(
            a.scale_of(process),
            Ok(Scale::ProcessCapability),
            "{process}"
        );
        a.set_rating(process, Some(Rating::Attributes(full.clone())))
            .unwrap();
    }
    for other in [
        "iso20000-1:2018/5.1",
        "iso27001:2022/7.2",
        "iso27001:2022/A.5.1",
    ] {
        assert_eq!(a.scale_of(other), Ok(Scale::IsmsMaturity), "{other}");
        assert!(matches!(
            a.set_rating(other, Some(Rating::Attributes(full.clone()))),
            Err(AssessmentError::WrongScale { .. })
        ));
        a.set_rating(other, Some(Rating::Level(2))).unwrap();
    }
    assert!(matches!(
        a.set_rating("iso20000-1:2018/8.6.1", Some(Rating::Level(2))),
        Err(AssessmentError::WrongScale { .. })
    ));
    assert_eq!(reread(&a), a);

    // A capability rating stored on a non-process item before items said which are processes
    // is still read, and marked indicative.
    let mut body = a.to_body();
    body.insert(
        "iso27001:2022/A.5.1#rating".into(),
        serde_json::to_value(Rating::Attributes(full)).unwrap(),
    );
    let old = Assessment::from_body(&a.id, &body, &Catalogue::builtin()).unwrap();
    assert!(old.is_indicative("iso27001:2022/A.5.1"));
    assert!(!old.is_indicative("iso20000-1:2018/8.6.1"));
    assert!(!old.is_indicative("iso20000-1:2018/5.1"));

    // On the maturity scale nothing is rated as a process.
    let maturity = integrated();
    assert_eq!(
        maturity.scale_of("iso20000-1:2018/8.6.1"),
        Ok(Scale::IsmsMaturity)
    );
}

#[test]
fn an_attribute_not_assessed_is_not_an_n() {
    let mut ratings = AttributeRatings::new();
    ratings.set(ProcessAttribute::Pa11, Achievement::N);
    assert_eq!(ratings.rated(ProcessAttribute::Pa11), Some(Achievement::N));
    assert_eq!(ratings.rated(ProcessAttribute::Pa21), None);
    assert_eq!(
        ratings.get(ProcessAttribute::Pa21),
        Achievement::N,
        "counts as N"
    );
    assert_eq!(ratings.not_assessed(), 8);
    ratings.clear(ProcessAttribute::Pa11);
    assert!(ratings.is_empty());
}

#[test]
fn counts_agree_between_the_summary_and_the_gap_list() {
    let mut a = integrated();
    a.set_rating("iso27001:2022/4.1", Some(Rating::Level(3)))
        .unwrap();
    let r = rollup(&a);
    let below = r.gaps().len();
    assert_eq!(r.overall.items, r.items.len());
    assert_eq!(r.overall.rated, 2, "4.1 in each standard");
    assert_eq!(
        below,
        r.overall.items - r.overall.rated,
        "every unrated item is below"
    );
    let frameworks: usize = r.by_framework.iter().map(|s| s.items).sum();
    assert_eq!(frameworks, r.overall.items);
}

#[test]
fn the_content_says_which_items_are_processes_and_which_call_for_documents() {
    let processes = |f: &crate::framework::Framework| -> Vec<String> {
        f.assessable()
            .filter(|i| i.process)
            .map(|i| i.id.clone())
            .collect()
    };
    // 20000-1: every clause 8 process, and performance evaluation and improvement.
    let service = processes(iso20000());
    assert!(
        iso20000()
            .assessable()
            .filter(|i| i.id.starts_with("8."))
            .all(|i| i.process)
    );
    for id in ["9.1", "9.2", "9.3", "9.4", "10.1", "10.2"] {
        assert!(service.iter().any(|p| p == id), "{id}");
    }
    for id in ["4.1", "5.1", "6.3", "7.2"] {
        assert!(!service.iter().any(|p| p == id), "{id} is not a process");
    }
    // 27001: the risk, operation, evaluation and improvement processes; no Annex A control.
    assert_eq!(
        processes(iso27001()),
        [
            "6.1.2", "6.1.3", "8.1", "8.2", "8.3", "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2",
            "9.3.3", "10.1", "10.2"
        ]
    );
    let documents = |f: &crate::framework::Framework| -> Vec<String> {
        f.assessable()
            .filter(|i| i.documented)
            .map(|i| i.id.clone())
            .collect()
    };
    let isms = documents(iso27001());
    for id in [
        "4.3", "5.2", "6.1.3", "8.2", "8.3", "9.2.2", "9.3.3", "10.2",
    ] {
        assert!(isms.iter().any(|d| d == id), "27001 {id}");
    }
    let sms = documents(iso20000());
    for id in [
        "4.3", "6.3", "7.5.4", "8.2.4", "8.3.3", "8.5.1.1", "8.7.3.1", "9.2",
    ] {
        assert!(sms.iter().any(|d| d == id), "20000-1 {id}");
    }
    assert!(
        iso27001()
            .items
            .iter()
            .all(|i| !(i.documented && i.kind == crate::framework::ItemKind::Control))
    );
}
