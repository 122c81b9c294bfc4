use super::*;
use crate::ids::{RecordId, WorkspaceId};
use crate::maturity::{Achievement, AttributeRatings, ProcessAttribute, Scale};

fn meta(frameworks: FrameworkChoice, scale: Scale) -> AssessmentMeta {
    AssessmentMeta {
        title: " Readiness 2026 ".into(),
        frameworks,
        scale,
        scope: "All managed services".into(),
        assessor: "A. Auditor".into(),
        date: "2026-11-25".into(),
        target: 3,
        created_at: 1,
        framework: None,
    }
}

fn assessment(frameworks: FrameworkChoice) -> Assessment {
    Assessment::new(
        RecordId::parse("a1").unwrap(),
        meta(frameworks, Scale::IsmsMaturity),
    )
    .unwrap()
}

#[test]
fn settings_are_checked_with_clear_messages() {
    let mut bad = meta(FrameworkChoice::Iso20000, Scale::IsmsMaturity);
    bad.title = "  ".into();
    assert_eq!(
        bad.clone().validated().unwrap_err().to_string(),
        "The title cannot be empty."
    );
    for date in [
        "2026-02-30",
        "2026-13-01",
        "26-11-25",
        "2026-1-5",
        "tomorrow",
    ] {
        let mut m = meta(FrameworkChoice::Iso20000, Scale::IsmsMaturity);
        m.date = date.into();
        assert!(
            m.validated()
                .unwrap_err()
                .to_string()
                .starts_with("The date must be a date"),
            "{date}"
        );
    }
    let mut leap = meta(FrameworkChoice::Iso20000, Scale::IsmsMaturity);
    leap.date = "2028-02-29".into();
    assert!(leap.validated().is_ok());
    for target in [0, 6] {
        let mut m = meta(FrameworkChoice::Iso20000, Scale::IsmsMaturity);
        m.target = target;
        assert_eq!(
            m.validated().unwrap_err().to_string(),
            "The target level must be from 1 to 5."
        );
    }
    assert_eq!(
        assessment(FrameworkChoice::Iso20000).meta.title,
        "Readiness 2026",
        "trimmed"
    );
}

#[test]
fn ratings_must_fit_the_scale_and_the_item() {
    let mut a = assessment(FrameworkChoice::Iso20000);
    a.set_rating("iso20000-1:2018/8.3.4.1", Some(Rating::Level(4)))
        .unwrap();
    assert_eq!(
        a.answer("iso20000-1:2018/8.3.4.1").unwrap().rating,
        Some(Rating::Level(4))
    );
    assert_eq!(
        a.set_rating("iso20000-1:2018/4.1", Some(Rating::Level(6))),
        Err(AssessmentError::LevelOutOfRange)
    );
    let attrs = Rating::Attributes(AttributeRatings::new());
    assert!(matches!(
        a.set_rating("iso20000-1:2018/4.1", Some(attrs)),
        Err(AssessmentError::WrongScale { .. })
    ));
    assert!(matches!(
        a.set_rating("iso27001:2022/A.5.1", Some(Rating::Level(1))),
        Err(AssessmentError::UnknownItem(_))
    ));
    let heading = a
        .set_rating("iso20000-1:2018/8.3", Some(Rating::Level(1)))
        .unwrap_err();
    assert_eq!(
        heading.to_string(),
        "8.3 Relationship and agreement is a heading; rate the items under it."
    );
}

#[test]
fn capability_ratings_give_the_33020_level() {
    let mut a = Assessment::new(
        RecordId::parse("c").unwrap(),
        meta(FrameworkChoice::Iso20000, Scale::ProcessCapability),
    )
    .unwrap();
    let mut ratings = AttributeRatings::new();
    ratings
        .set(ProcessAttribute::Pa11, Achievement::F)
        .set(ProcessAttribute::Pa21, Achievement::L)
        .set(ProcessAttribute::Pa22, Achievement::F);
    a.set_rating("iso20000-1:2018/8.3.4.1", Some(Rating::Attributes(ratings)))
        .unwrap();
    let score = rollup(&a)
        .items
        .into_iter()
        .find(|s| s.item_id == "8.3.4.1")
        .unwrap();
    assert_eq!(score.level, Some(2));
    assert_eq!(score.gap(), 1);
}

#[test]
fn iso20000_refuses_exclusions_and_says_why() {
    let mut a = assessment(FrameworkChoice::Integrated);
    let error = a
        .set_not_applicable("iso20000-1:2018/8.4.3", "we have no suppliers")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("ISO/IEC 20000-1 allows no exclusions from clauses 4–10"),
        "{error}"
    );
    let error = a
        .set_not_applicable("iso27001:2022/6.1.3", "n/a")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("only Annex A controls can be excluded"),
        "{error}"
    );
    assert!(
        a.answers.is_empty(),
        "a refused change leaves nothing behind"
    );
}

#[test]
fn annex_a_exclusions_need_a_justification() {
    let mut a = assessment(FrameworkChoice::Iso27001);
    assert_eq!(
        a.set_not_applicable("iso27001:2022/A.8.28", "   "),
        Err(AssessmentError::JustificationMissing)
    );
    a.set_not_applicable(
        "iso27001:2022/A.8.28",
        " No software is developed in-house. ",
    )
    .unwrap();
    let answer = a.answer("iso27001:2022/A.8.28").unwrap();
    assert_eq!(
        answer.not_applicable.as_deref(),
        Some("No software is developed in-house.")
    );
    let summary = rollup(&a).overall;
    assert_eq!((summary.items, summary.excluded), (122, 1));
    a.clear_not_applicable("iso27001:2022/A.8.28").unwrap();
    assert_eq!(rollup(&a).overall.excluded, 0);
}

#[test]
fn integrated_assessments_answer_equivalent_clauses_once() {
    let mut a = assessment(FrameworkChoice::Integrated);
    a.set_rating("iso27001:2022/4.1", Some(Rating::Level(2)))
        .unwrap();
    assert_eq!(a.answer_key("iso27001:2022/4.1"), "iso20000-1:2018/4.1");
    assert_eq!(
        a.answer("iso20000-1:2018/4.1").unwrap().rating,
        Some(Rating::Level(2))
    );
    assert!(
        a.answers.contains_key("iso20000-1:2018/4.1")
            && !a.answers.contains_key("iso27001:2022/4.1")
    );
    // A related control keeps its own answer.
    assert_eq!(a.answer_key("iso27001:2022/A.5.24"), "iso27001:2022/A.5.24");
    let r = rollup(&a);
    let rated: Vec<usize> = r.by_framework.iter().map(|s| s.rated).collect();
    assert_eq!(rated, [1, 1], "the one answer counts in both standards");
    assert_eq!(r.overall.rated, 1, "and once overall");
    // Single-standard assessments keep the keys apart.
    let mut single = assessment(FrameworkChoice::Iso27001);
    single
        .set_rating("iso27001:2022/4.1", Some(Rating::Level(2)))
        .unwrap();
    assert!(single.answers.contains_key("iso27001:2022/4.1"));
}

#[test]
fn rollups_cover_clauses_process_groups_and_readiness() {
    let mut a = assessment(FrameworkChoice::Integrated);
    let r = rollup(&a);
    assert_eq!(r.items.len(), 57 + 30 + 93);
    assert_eq!(
        r.by_clause.len(),
        7 + 7 + 4,
        "clauses 4–10 of each, then the four Annex A themes"
    );
    let processes: Vec<&str> = r.by_process.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(processes.len(), 7);
    assert!(processes[5].starts_with("8.6 "), "{processes:?}");
    assert_eq!(r.overall.readiness, Some(0.0));
    assert_eq!(r.overall.progress(), 0.0);

    a.set_rating("iso20000-1:2018/8.6.1", Some(Rating::Level(5)))
        .unwrap();
    a.set_rating("iso20000-1:2018/8.6.2", Some(Rating::Level(1)))
        .unwrap();
    let r = rollup(&a);
    let resolution = r
        .by_process
        .iter()
        .find(|s| s.id == "iso20000-1:2018/8.6")
        .unwrap();
    assert_eq!((resolution.items, resolution.rated), (3, 2));
    assert_eq!(resolution.average, Some(3.0));
    // min(5,3) + min(1,3) + 0 out of 3 × 3.
    assert!((resolution.readiness.unwrap() - 4.0 / 9.0).abs() < 1e-9);
    let gaps = r.gaps();
    assert_eq!(gaps[0].gap(), 3, "unrated items first: the biggest gap");
    assert!(
        gaps.iter().all(|g| g.item_id != "8.6.1"),
        "at or above target is no gap"
    );
    assert!(gaps.windows(2).all(|w| w[0].gap() >= w[1].gap()));
}

#[test]
fn records_round_trip_and_each_answer_is_its_own_field() {
    let mut a = assessment(FrameworkChoice::Iso27001);
    a.set_rating("iso27001:2022/A.5.1", Some(Rating::Level(3)))
        .unwrap();
    let details = ItemAnswer {
        notes: "Policy approved by the board".into(),
        owner: "CISO".into(),
        due: Some("2027-01-31".into()),
        evidence: vec![Evidence {
            text: "Policy v3".into(),
            link: Some("https://intranet.example/policy".into()),
        }],
        actions: vec![Action {
            text: "Schedule annual review".into(),
            done: false,
        }],
        ..ItemAnswer::default()
    };
    a.set_details("iso27001:2022/A.5.1", details).unwrap();
    let workspace = WorkspaceId::parse("w").unwrap();
    let record = a.to_record(&workspace, 9);
    assert_eq!(Assessment::from_record(&record).unwrap(), a);
    let fields: Vec<&String> = record.body.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["iso27001:2022/A.5.1", "meta"]);

    let mut tampered = record.clone();
    tampered.body["iso27001:2022/A.9.9"] = serde_json::json!({});
    assert!(
        Assessment::from_record(&tampered)
            .unwrap_err()
            .contains("does not cover")
    );
}

#[test]
fn details_are_checked() {
    let mut a = assessment(FrameworkChoice::Iso27001);
    let key = "iso27001:2022/A.5.1";
    let link = |l: &str| ItemAnswer {
        evidence: vec![Evidence {
            text: "x".into(),
            link: Some(l.into()),
        }],
        ..ItemAnswer::default()
    };
    assert!(
        a.set_details(key, link("javascript:alert(1)"))
            .unwrap_err()
            .to_string()
            .contains("https://")
    );
    let due = ItemAnswer {
        due: Some("31/01/2027".into()),
        ..ItemAnswer::default()
    };
    assert!(
        a.set_details(key, due)
            .unwrap_err()
            .to_string()
            .starts_with("The due date")
    );
    let empty_action = ItemAnswer {
        actions: vec![Action {
            text: " ".into(),
            done: false,
        }],
        ..ItemAnswer::default()
    };
    assert_eq!(
        a.set_details(key, empty_action).unwrap_err().to_string(),
        "An action cannot be empty."
    );
    assert!(a.answers.is_empty());
}

#[test]
fn duplicating_keeps_answers_under_a_new_identity() {
    let mut a = assessment(FrameworkChoice::Iso20000);
    a.set_rating("iso20000-1:2018/4.1", Some(Rating::Level(2)))
        .unwrap();
    let copy = a
        .duplicate(
            RecordId::parse("a2").unwrap(),
            "Re-assessment 2027",
            "2027-05-01",
            5,
        )
        .unwrap();
    assert_eq!(
        (
            copy.id.as_str(),
            copy.meta.title.as_str(),
            copy.meta.date.as_str()
        ),
        ("a2", "Re-assessment 2027", "2027-05-01")
    );
    assert_eq!(copy.answers, a.answers);
}

#[test]
fn comparison_shows_what_improved_and_what_slipped() {
    let mut before = assessment(FrameworkChoice::Iso20000);
    before
        .set_rating("iso20000-1:2018/4.1", Some(Rating::Level(2)))
        .unwrap();
    before
        .set_rating("iso20000-1:2018/4.2", Some(Rating::Level(3)))
        .unwrap();
    let mut after = before
        .duplicate(RecordId::parse("a2").unwrap(), "Later", "2027-01-01", 2)
        .unwrap();
    after
        .set_rating("iso20000-1:2018/4.1", Some(Rating::Level(4)))
        .unwrap();
    after
        .set_rating("iso20000-1:2018/4.2", Some(Rating::Level(1)))
        .unwrap();
    let deltas = compare(&before, &after).unwrap();
    assert_eq!(deltas.len(), 2);
    assert!(deltas[0].improved() && deltas[1].slipped());
    assert!(compare(&before, &assessment(FrameworkChoice::Iso27001)).is_err());
}

#[test]
fn csv_has_a_row_per_item_and_defuses_formulas() {
    let mut a = assessment(FrameworkChoice::Iso20000);
    a.set_rating("iso20000-1:2018/4.1", Some(Rating::Level(2)))
        .unwrap();
    let details = ItemAnswer {
        notes: "=HYPERLINK(\"http://evil\")".into(),
        owner: "Ops \"A\" team".into(),
        ..ItemAnswer::default()
    };
    a.set_details("iso20000-1:2018/4.1", details).unwrap();
    let csv = to_csv(&a);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 57);
    assert!(lines[0].starts_with("\"framework\",\"item\",\"title\""));
    let row = lines.iter().find(|l| l.contains("\"4.1\"")).unwrap();
    assert!(row.contains("\"2\",\"Repeatable\",\"3\",\"1\""), "{row}");
    assert!(
        row.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{row}"
    );
    assert!(row.contains("\"Ops \"\"A\"\" team\""), "{row}");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn readiness_stays_in_range_and_rises_with_ratings(levels in prop::collection::vec(0u8..=5, 57), raise in 0usize..57) {
            let mut a = assessment(FrameworkChoice::Iso20000);
            let keys: Vec<String> = rollup(&a).items.iter().map(|s| s.key.clone()).collect();
            for (key, level) in keys.iter().zip(&levels) {
                a.set_rating(key, Some(Rating::Level(*level))).unwrap();
            }
            let before = rollup(&a).overall.readiness.unwrap();
            prop_assert!((0.0..=1.0).contains(&before));
            let raised = (levels[raise] + 1).min(5);
            a.set_rating(&keys[raise], Some(Rating::Level(raised))).unwrap();
            prop_assert!(rollup(&a).overall.readiness.unwrap() >= before);
        }
    }
}

#[test]
fn an_imported_framework_can_be_assessed_once_registered() {
    let text = r#"{"format":"praxis-framework","version":1,"id":"iso9001:2015-outline-test","name":"ISO 9001 outline","title":"Quality","items":[
        {"id":"4","title":"Context","kind":"clause","assessable":false},
        {"id":"4.1","title":"Organization and context","parent":"4","kind":"clause","assessable":true},
        {"id":"4.2","title":"Interested parties","parent":"4","kind":"clause","assessable":true,"exclusion_allowed":true}]}"#;
    let mut m = meta(FrameworkChoice::Imported, Scale::IsmsMaturity);
    m.framework = Some("iso9001:2015-outline-test".into());
    let error = Assessment::new(RecordId::parse("x").unwrap(), m.clone())
        .unwrap_err()
        .to_string();
    assert!(error.contains("is not in this workspace"), "{error}");

    crate::framework::register_framework(crate::framework::parse_framework(text).unwrap());
    let mut a = Assessment::new(RecordId::parse("x").unwrap(), m).unwrap();
    assert_eq!(a.meta.frameworks_label(), "ISO 9001 outline");
    a.set_rating("iso9001:2015-outline-test/4.1", Some(Rating::Level(4)))
        .unwrap();
    let refusal = a
        .set_not_applicable("iso9001:2015-outline-test/4.1", "why")
        .unwrap_err()
        .to_string();
    assert!(
        refusal.contains("ISO 9001 outline allows no exclusion"),
        "{refusal}"
    );
    a.set_not_applicable("iso9001:2015-outline-test/4.2", "Not in scope")
        .unwrap();
    let r = rollup(&a);
    assert_eq!(
        (r.overall.items, r.overall.rated, r.overall.excluded),
        (1, 1, 1)
    );
    assert_eq!(r.by_clause.len(), 1);
    assert!(r.by_process.is_empty());
    let record = a.to_record(&WorkspaceId::parse("w").unwrap(), 1);
    assert_eq!(Assessment::from_record(&record).unwrap(), a);

    let mut missing = meta(FrameworkChoice::Imported, Scale::IsmsMaturity);
    missing.framework = None;
    assert_eq!(
        missing.validated().unwrap_err().to_string(),
        "The framework must be chosen."
    );
}
