//! Content completeness against the verified reference facts in `crates/core/tests/reference`
//! (ids, titles, attributes, mapping rows; no requirement text), guidance
//! coverage, the crosswalk, and framework import checks.

use serde_json::Value;

use super::*;

fn reference(name: &str) -> Value {
    let text = match name {
        "iso20000-1-2018.json" => include_str!("../../tests/reference/iso20000-1-2018.json"),
        "iso27001-2022.json" => include_str!("../../tests/reference/iso27001-2022.json"),
        "mapping-20000-1-2018_27001-2022.json" => {
            include_str!("../../tests/reference/mapping-20000-1-2018_27001-2022.json")
        }
        other => panic!("no reference file {other}"),
    };
    serde_json::from_str(text).expect("reference JSON")
}

/// The built-in frameworks joined with the guidance the app serves beside them.
fn guided_builtin_frameworks() -> [Framework; 2] {
    let file = |name: &str| {
        let path = format!(
            "{}/../../content/guidance/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let [first, clauses, annex_5, annex_6_8] = GUIDANCE_FILES.map(file);
    [
        builtin::assemble(content!("iso20000-1-2018.json"), &[&first]).expect("20000-1"),
        builtin::assemble(
            content!("iso27001-2022.json"),
            &[&clauses, &annex_5, &annex_6_8],
        )
        .expect("27001"),
    ]
}

/// (id, title, parent, is leaf) of a reference clause tree, in document order.
fn clause_tree(
    nodes: &Value,
    parent: Option<&str>,
    out: &mut Vec<(String, String, Option<String>, bool)>,
) {
    for node in nodes.as_array().expect("clause list") {
        let id = node["id"].as_str().unwrap().to_owned();
        let children = &node["children"];
        let leaf = children.as_array().is_none_or(Vec::is_empty);
        out.push((
            id.clone(),
            node["title"].as_str().unwrap().to_owned(),
            parent.map(str::to_owned),
            leaf,
        ));
        clause_tree(children, Some(&id), out);
    }
}

fn clauses_of(framework: &Framework) -> Vec<(String, String, Option<String>, bool)> {
    framework
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Clause)
        .map(|i| {
            (
                i.id.clone(),
                i.title.clone(),
                i.parent.clone(),
                i.assessable,
            )
        })
        .collect()
}

#[test]
fn iso20000_has_all_77_clauses_exactly_as_the_reference() {
    let mut expected = Vec::new();
    clause_tree(
        &reference("iso20000-1-2018.json")["clauses"],
        None,
        &mut expected,
    );
    assert_eq!(expected.len(), 77);
    let framework = iso20000();
    assert_eq!(
        clauses_of(framework),
        expected,
        "ids, titles, parents and leaves"
    );
    assert_eq!(framework.items.len(), 77);
    assert_eq!(framework.assessable().count(), 57);
    assert!(
        framework.items.iter().all(|i| !i.exclusion_allowed),
        "20000-1 allows no exclusions"
    );
}

#[test]
fn iso27001_has_41_clauses_and_93_controls_exactly_as_the_reference() {
    let reference = reference("iso27001-2022.json");
    let mut expected = Vec::new();
    clause_tree(&reference["clauses"], None, &mut expected);
    assert_eq!(expected.len(), 41);
    let framework = iso27001();
    assert_eq!(clauses_of(framework), expected);

    let controls: Vec<&Item> = framework
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Control)
        .collect();
    let reference_controls = reference["annex_a_controls"].as_array().unwrap();
    assert_eq!(controls.len(), 93);
    assert_eq!(reference_controls.len(), 93);
    for (control, expected) in controls.iter().zip(reference_controls) {
        assert_eq!(control.id, expected["id"].as_str().unwrap());
        assert_eq!(control.title, expected["title"].as_str().unwrap());
        let attributes = control
            .attributes
            .as_ref()
            .expect("every control has attributes");
        let wanted = &expected["iso27002_attributes"];
        assert_eq!(
            attributes.theme,
            expected["theme"].as_str().unwrap(),
            "{}",
            control.id
        );
        assert_eq!(
            Value::from(attributes.control_type.clone()),
            wanted["control_type"],
            "{}",
            control.id
        );
        assert_eq!(
            Value::from(attributes.security_properties.clone()),
            wanted["information_security_properties"],
            "{}",
            control.id
        );
        assert_eq!(
            Value::from(attributes.cybersecurity_concepts.clone()),
            wanted["cybersecurity_concepts"],
            "{}",
            control.id
        );
        assert!(
            control.assessable && control.exclusion_allowed,
            "{}",
            control.id
        );
        assert_eq!(
            control.parent.as_deref(),
            Some(&control.id[..3]),
            "{} sits under its theme",
            control.id
        );
    }
    let by_theme = |theme: &str| controls.iter().filter(|c| c.id.starts_with(theme)).count();
    assert_eq!(
        [
            by_theme("A.5"),
            by_theme("A.6"),
            by_theme("A.7"),
            by_theme("A.8")
        ],
        [37, 8, 14, 34]
    );
    let clauses_excludable = framework
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Clause && i.exclusion_allowed);
    assert!(
        !clauses_excludable,
        "clauses 4–10 of 27001 allow no exclusions"
    );
}

#[test]
fn every_assessable_item_has_guidance_in_our_own_words() {
    for framework in guided_builtin_frameworks() {
        for item in framework.assessable() {
            let guidance = item
                .guidance
                .as_ref()
                .unwrap_or_else(|| panic!("{} {} has no guidance", framework.id, item.id));
            assert!(!guidance.about.trim().is_empty(), "{}", item.id);
            assert!(
                (2..=5).contains(&guidance.questions.len()),
                "{}: 2–5 questions",
                item.id
            );
            assert!(
                (2..=5).contains(&guidance.evidence.len()),
                "{}: 2–5 evidence examples",
                item.id
            );
            for line in guidance.questions.iter().chain(&guidance.evidence) {
                assert!(line.trim().len() >= 10, "{}: {line:?} is too thin", item.id);
            }
            assert!(
                guidance
                    .questions
                    .iter()
                    .all(|q| q.trim_end().ends_with('?')),
                "{}",
                item.id
            );
            let all = format!(
                "{} {:?} {:?}",
                guidance.about, guidance.questions, guidance.evidence
            )
            .to_lowercase();
            assert!(
                !all.contains("shall "),
                "{}: normative wording belongs to the standard, not to us",
                item.id
            );
            assert!(
                item.text.is_none(),
                "{}: Praxis never ships requirement text",
                item.id
            );
        }
        let without: Vec<&str> = framework
            .items
            .iter()
            .filter(|i| !i.assessable && i.guidance.is_some())
            .map(|i| i.id.as_str())
            .collect();
        assert!(
            without.is_empty(),
            "guidance on headings is never shown: {without:?}"
        );
    }
}

/// Laws, regulators and schemes of one country. Guidance may name one as an example only
/// beside an example from elsewhere or a pointer to the reader's own ("national …"): Praxis is
/// used in many jurisdictions.
const SINGLE_COUNTRY: [(&str, &str); 12] = [
    ("UK GDPR", "United Kingdom"),
    ("ICO", "United Kingdom"),
    ("NCSC", "United Kingdom"),
    ("Cyber Essentials", "United Kingdom"),
    ("Data Protection Act", "United Kingdom"),
    ("HIPAA", "United States"),
    ("CCPA", "United States"),
    ("NIST", "United States"),
    ("CISA", "United States"),
    ("SOX", "United States"),
    ("BSI", "Germany"),
    ("ANSSI", "France"),
];

#[test]
fn no_guidance_names_one_countrys_law_as_the_only_example() {
    let word = |text: &str, name: &str| {
        text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    for framework in guided_builtin_frameworks() {
        for item in framework.assessable() {
            let guidance = item.guidance.as_ref().unwrap();
            for text in std::iter::once(&guidance.about)
                .chain(&guidance.questions)
                .chain(&guidance.evidence)
            {
                let countries: std::collections::BTreeSet<&str> = SINGLE_COUNTRY
                    .iter()
                    .filter(|(name, _)| word(text, name))
                    .map(|(_, country)| *country)
                    .collect();
                let elsewhere =
                    text.contains("national") || text.contains("EU GDPR") || text.contains("NIS2");
                assert!(
                    countries.is_empty() || countries.len() > 1 || elsewhere,
                    "{} {}: names only {countries:?} in {text:?}",
                    framework.id,
                    item.id
                );
            }
        }
    }
    // The check finds what it is for.
    assert!(word("under UK GDPR Article 28", "UK GDPR") && !word("PICOT", "ICO"));
}

/// The built-in framework `framework` with its guidance joined.
fn guided(framework: &Framework) -> Framework {
    guided_builtin_frameworks()
        .into_iter()
        .find(|f| f.id == framework.id)
        .expect("a built-in framework")
}

/// The guidance text of one built-in item, all of it.
fn guidance_text(framework: &Framework, id: &str) -> String {
    let guidance = framework.item(id).and_then(|i| i.guidance.as_ref());
    let guidance = guidance.unwrap_or_else(|| panic!("{} {id} has guidance", framework.id));
    format!(
        "{} {} {}",
        guidance.about,
        guidance.questions.join(" "),
        guidance.evidence.join(" ")
    )
}

#[test]
fn guidance_speaks_of_the_2018_edition_and_the_2024_amendments() {
    let sms = guided(iso20000());
    let isms = guided(iso27001());
    // Words of ISO/IEC 20000-1:2011 that the 2018 edition replaced.
    for item in sms.assessable() {
        let text = guidance_text(&sms, &item.id);
        for old in [
            "CMDB",
            "service provider",
            "internal group",
            "a capacity plan",
        ] {
            assert!(
                !text.to_lowercase().contains(&old.to_lowercase()),
                "{} speaks of {old:?}",
                item.id
            );
        }
    }
    // 8.2.3: if other parties operate everything, conformity cannot be claimed.
    assert!(guidance_text(&sms, "8.2.3").contains("conformity cannot be claimed"));
    // Climate change (the 2024 amendments to both standards), in 4.1 and 4.2 of each.
    for (framework, id) in [(&sms, "4.1"), (&sms, "4.2"), (&isms, "4.1"), (&isms, "4.2")] {
        assert!(
            guidance_text(framework, id).contains("climate change"),
            "{} {id}",
            framework.id
        );
    }
}

#[test]
fn annex_a_guidance_points_to_the_iso20000_records_that_serve_both() {
    let isms = guided(iso27001());
    let serves = [
        ("A.5.24", ["8.6.1", "8.7.3.3"].as_slice()),
        ("A.5.25", &["8.6.1", "8.7.3.3"]),
        ("A.5.26", &["8.6.1", "8.7.3.3"]),
        ("A.5.27", &["8.6.1", "8.7.3.3"]),
        ("A.5.29", &["8.7.2"]),
        ("A.5.30", &["8.7.2"]),
        ("A.8.32", &["8.5.1"]),
    ];
    for (control, clauses) in serves {
        let text = guidance_text(&isms, control);
        for clause in clauses {
            assert!(
                text.contains("ISO/IEC 20000-1") && text.contains(clause),
                "{control} points to ISO/IEC 20000-1 {clause}"
            );
        }
    }
}

#[test]
fn no_one_phrase_opens_most_of_the_guidance() {
    let isms = guided(iso27001());
    let technological: Vec<&str> = isms
        .assessable()
        .filter(|i| ["A.6.", "A.7.", "A.8."].iter().any(|t| i.id.starts_with(t)))
        .map(|i| i.guidance.as_ref().unwrap().about.as_str())
        .collect();
    for phrase in [
        "Doing it well means",
        "In practice that means",
        "Done well, that means",
    ] {
        let uses = technological.iter().filter(|a| a.contains(phrase)).count();
        assert!(
            uses * 3 <= technological.len(),
            "{phrase:?} opens {uses} of {} A.6–A.8 entries",
            technological.len()
        );
    }
}

#[test]
fn guidance_is_not_repeated_between_items() {
    let mut seen = std::collections::HashMap::new();
    for framework in guided_builtin_frameworks() {
        for item in framework.assessable() {
            let about = &item.guidance.as_ref().unwrap().about;
            if let Some(other) = seen.insert(about.clone(), item.id.clone()) {
                panic!("{} repeats the guidance of {other}", item.id);
            }
        }
    }
}

#[test]
fn every_crosswalk_link_is_shown_from_both_ends() {
    let crosswalk = builtin_crosswalk();
    let shown_by = |framework: &Framework, link: &Link| -> Vec<String> {
        framework
            .assessable()
            .filter(|item| crosswalk.shown_on(framework, &item.id).any(|l| l == link))
            .map(|item| item.id.clone())
            .collect()
    };
    for link in &crosswalk.links {
        assert!(
            !shown_by(iso20000(), link).is_empty(),
            "no 20000-1 item shows {link:?}"
        );
        assert!(
            !shown_by(iso27001(), link).is_empty(),
            "no 27001 item shows {link:?}"
        );
    }
    // A link to a heading shows on each item beneath it, and only there.
    let change = crosswalk
        .links
        .iter()
        .find(|l| l.iso20000 == "8.5.1" && l.iso27001 == "A.8.32")
        .expect("8.5.1 relates to A.8.32");
    let beneath: Vec<String> = iso20000()
        .assessable()
        .filter(|i| iso20000().is_within(&i.id, "8.5.1"))
        .map(|i| i.id.clone())
        .collect();
    assert!(!beneath.is_empty());
    assert_eq!(shown_by(iso20000(), change), beneath);
    assert_eq!(shown_by(iso27001(), change), ["A.8.32"]);
}

#[test]
fn crosswalk_links_name_real_items() {
    let crosswalk = builtin_crosswalk();
    assert_eq!(crosswalk.from, iso20000().id);
    assert_eq!(crosswalk.to, iso27001().id);
    for link in &crosswalk.links {
        assert!(iso20000().item(&link.iso20000).is_some(), "{link:?}");
        assert!(iso27001().item(&link.iso27001).is_some(), "{link:?}");
        if link.relation == Relation::Equivalent {
            // Same harmonized-structure clause: same number, except 10.1 and 10.2, which swap.
            assert!(
                link.iso20000 == link.iso27001 || link.note.contains("swapped"),
                "{link:?}"
            );
            assert_eq!(link.status, LinkStatus::Sourced);
        }
    }
    let equivalent = crosswalk
        .links
        .iter()
        .filter(|l| l.relation == Relation::Equivalent)
        .count();
    assert_eq!(equivalent, 22);
    // Which answers these links share is tested with the assessment
    // (`assessment::conformity_tests`): 4.1 ↔ 4.1, 10.2 ↔ 10.1, no Annex A control.
    let incident: Vec<&str> = crosswalk
        .from_iso20000("8.6.1")
        .map(|l| l.iso27001.as_str())
        .collect();
    assert!(
        incident.contains(&"A.5.24") && incident.contains(&"A.5.26"),
        "{incident:?}"
    );

    // Each pair of items is linked once at most, with one relation.
    let mut pairs = std::collections::HashSet::new();
    for link in &crosswalk.links {
        assert!(
            pairs.insert((&link.iso20000, &link.iso27001)),
            "{} ↔ {} is linked twice",
            link.iso20000,
            link.iso27001
        );
    }
    let between = |a: &str, b: &str| -> Vec<&Link> {
        crosswalk
            .links
            .iter()
            .filter(|l| l.iso20000 == a && l.iso27001 == b)
            .collect()
    };
    // Issue 7: a number coincidence and links without a reason are gone.
    assert!(
        between("6.3", "6.3").is_empty(),
        "SMS plan is not planning of changes"
    );
    assert!(between("8.3.3", "A.5.22").is_empty());
    assert!(between("8.6.1", "A.5.28").is_empty());
    assert_eq!(
        between("8.7.3.3", "A.5.28").len(),
        1,
        "evidence: security incidents"
    );
    assert_eq!(
        between("8.3.4", "A.5.22").len(),
        1,
        "supplier services: supplier management"
    );
    let operation = between("8.1", "8.1");
    assert_eq!(operation.len(), 1, "{operation:?}");
    assert_eq!(operation[0].relation, Relation::Equivalent);
    // Issue 7: problem management finds root causes as corrective action does.
    let problem = between("8.6.3", "10.2");
    assert_eq!(problem.len(), 1);
    assert_eq!(problem[0].relation, Relation::Related);
    assert_eq!(problem[0].status, LinkStatus::SourcedIndirect);
    for (iso20000, iso27001) in [
        ("9.2", "A.5.35"),
        ("7.5.3", "A.5.33"),
        ("4.2", "A.5.31"),
        ("8.7.3.2", "9.1"),
        ("7.3", "A.6.3"),
        ("7.6", "A.5.37"),
    ] {
        let link = between(iso20000, iso27001);
        assert_eq!(link.len(), 1, "{iso20000} → {iso27001}");
        assert_eq!(link[0].relation, Relation::Related);
        assert_eq!(link[0].status, LinkStatus::Proposed);
        assert!(!link[0].note.is_empty(), "{iso20000} → {iso27001} says why");
    }
}

#[test]
fn every_annex_a_control_is_linked_in_the_crosswalk_or_reviewed_without_counterpart() {
    let crosswalk = builtin_crosswalk();
    let controls: Vec<&str> = iso27001()
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Control)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(controls.len(), 93);
    let mut reviewed = std::collections::HashSet::new();
    for entry in &crosswalk.reviewed_without_counterpart {
        let id = entry.iso27001.as_str();
        assert!(controls.contains(&id), "{id} is not an Annex A control");
        assert!(reviewed.insert(id), "{id} is listed twice");
        assert!(
            !entry.note.trim().is_empty(),
            "{id} says why it has no counterpart"
        );
    }
    for control in &controls {
        let linked = crosswalk.to_iso27001(control).count() > 0;
        let listed = reviewed.contains(control);
        assert!(
            linked != listed,
            "{control} must be either linked or reviewed without counterpart (linked: {linked}, listed: {listed})"
        );
    }
}

/// Reference mapping rows deliberately left out of the crosswalk (issue 7), with the reason.
const LEFT_OUT_OF_THE_CROSSWALK: [(&str, &str, &str); 2] = [
    (
        "8.3.3",
        "A.5.22",
        "supplier services are monitored by supplier management: 8.3.4 → A.5.22",
    ),
    (
        "8.6.1",
        "A.5.28",
        "evidence is collected for information security incidents: 8.7.3.3 → A.5.28",
    ),
];

#[test]
fn crosswalk_rows_match_the_reference_mapping() {
    let reference = reference("mapping-20000-1-2018_27001-2022.json");
    let mut left_out_seen = Vec::new();
    for row in reference["clause8_to_annex_a"].as_array().unwrap() {
        let from = row["iso20000_1_2018"].as_str().unwrap();
        for target in row["iso27001_2022_annex_a"].as_array().unwrap() {
            let target = target.as_str().unwrap();
            if target.starts_with("A.") {
                let found = builtin_crosswalk()
                    .from_iso20000(from)
                    .any(|l| l.iso27001 == target);
                match LEFT_OUT_OF_THE_CROSSWALK
                    .iter()
                    .find(|(a, b, _)| *a == from && *b == target)
                {
                    Some((_, _, reason)) => {
                        assert!(!reason.is_empty());
                        assert!(!found, "{from} → {target} was left out: {reason}");
                        left_out_seen.push((from, target));
                    }
                    None => assert!(found, "{from} → {target} is missing"),
                }
            }
        }
    }
    // Every exclusion names a reference row.
    for (from, target, _) in LEFT_OUT_OF_THE_CROSSWALK {
        assert!(
            left_out_seen.contains(&(from, target)),
            "{from} → {target} is not a reference row"
        );
    }
}

fn minimal(items: &str) -> String {
    format!(
        r#"{{"format":"praxis-framework","version":1,"id":"iso9001:2015","name":"ISO 9001:2015","title":"Quality management systems","items":[{items}]}}"#
    )
}

/// A one-item framework with this id.
fn minimal_with_id(id: &str) -> String {
    minimal(r#"{"id":"1","title":"One","kind":"clause","assessable":true}"#)
        .replace(r#""id":"iso9001:2015""#, &format!("{:?}:{:?}", "id", id))
}

#[test]
fn an_imported_framework_round_trips() {
    let text = minimal(
        r#"{"id":"4","title":"Context","kind":"clause","assessable":false},
           {"id":"4.1","title":"Understanding the organization","parent":"4","kind":"clause","assessable":true,"text":"Licensed text the user owns."}"#,
    );
    let framework = parse_framework(&text).unwrap();
    assert_eq!(
        framework.items[1].text.as_deref(),
        Some("Licensed text the user owns.")
    );
    assert_eq!(parse_framework(&framework.to_json()).unwrap(), framework);
    for builtin in builtin_frameworks() {
        assert_eq!(
            &parse_framework(&builtin.to_json()).unwrap(),
            builtin,
            "export then import"
        );
    }
}

#[test]
fn framework_import_explains_what_is_wrong() {
    let cases: Vec<(String, &str)> = vec![
        ("{".into(), "not valid JSON"),
        ("[]".into(), "not a Praxis framework"),
        (
            minimal("").replace("\"version\":1", "\"version\":7"),
            "newer version of Praxis (format 7)",
        ),
        (
            minimal(r#"{"id":"1","title":"A","kind":"clause","assessable":"yes"}"#),
            "items[0].assessable",
        ),
        (
            minimal(r#"{"id":"1","title":"A","kind":"chapter","assessable":true}"#),
            "items[0].kind",
        ),
        (
            minimal(r#"{"id":"1 2","title":"A","kind":"clause","assessable":true}"#),
            "items[0].id",
        ),
        (
            minimal(r#"{"id":"1","title":"  ","kind":"clause","assessable":true}"#),
            "items[0].title",
        ),
        (
            minimal(
                r#"{"id":"1","title":"A","kind":"clause","assessable":true},{"id":"1","title":"B","kind":"clause","assessable":true}"#,
            ),
            "appears more than once",
        ),
        (
            minimal(r#"{"id":"1.1","title":"A","parent":"1","kind":"clause","assessable":true}"#),
            "does not come before it",
        ),
        (
            minimal(r#"{"id":"1","title":"A","kind":"clause","assessable":false}"#),
            "no item to assess",
        ),
        (
            minimal(&format!(
                r#"{{"id":"1","title":"{}","kind":"clause","assessable":true}}"#,
                "x".repeat(100_001)
            )),
            "too long",
        ),
        (
            minimal(r#"{"id":"1","title":"A","kind":"clause","assessable":true,"colour":"red"}"#),
            "unknown field `colour`",
        ),
    ];
    for (text, expected) in cases {
        let error = parse_framework(&text).expect_err(expected).to_string();
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
    }
}

#[test]
fn tree_helpers_find_roots_and_ancestry() {
    let framework = iso20000();
    let incident = framework.item("8.3.4.1").unwrap();
    assert_eq!(framework.root_of(incident).id, "8");
    assert!(framework.is_within("8.3.4.1", "8.3"));
    assert!(!framework.is_within("8.3.4.1", "8.2"));
    let groups: Vec<&str> = framework.children("8").map(|i| i.id.as_str()).collect();
    assert_eq!(groups, ["8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7"]);
}

#[test]
fn imported_frameworks_are_stored_as_records() {
    let framework = parse_framework(&minimal(
        r#"{"id":"4.1","title":"Context","kind":"clause","assessable":true}"#,
    ))
    .unwrap();
    assert!(!framework.is_builtin());
    assert!(iso27001().is_builtin());
    let id = framework_record_id(&framework.id);
    let record = crate::Record {
        body: Value::Object(framework.to_body()),
        ..crate::Record::empty(Framework::key(
            &crate::WorkspaceId::parse("w").unwrap(),
            &id,
        ))
    };
    assert_eq!(
        (record.kind.as_str(), record.id.as_str()),
        ("framework", "iso9001_c2015")
    );
    assert_eq!(Framework::read(&record, &()).unwrap(), framework);
    assert!(crate::validate_record(&record, &Catalogue::builtin()).is_ok());
    assert_eq!(
        parse_framework(&record.body.to_string()).unwrap(),
        framework,
        "the body is the framework file"
    );
    assert_eq!(
        iso27001().file_name(),
        "praxis-framework-iso27001-2022.json"
    );
}

#[test]
fn licensed_text_for_a_builtin_framework_is_checked_item_by_item() {
    let mut licensed = iso20000().clone();
    licensed.items[1].text = Some("  Text the user holds a licence for.  ".into());
    let texts = licensed_text(&licensed).unwrap();
    assert_eq!(
        texts.get(&licensed.items[1].id).map(String::as_str),
        Some("Text the user holds a licence for.")
    );
    assert_eq!(texts.len(), 1);

    let mut foreign = licensed.clone();
    foreign.items.push(Item {
        id: "99.9".into(),
        ..licensed.items[1].clone()
    });
    assert!(
        licensed_text(&foreign)
            .unwrap_err()
            .to_string()
            .contains("has no item \"99.9\"")
    );
    assert!(
        licensed_text(iso20000())
            .unwrap_err()
            .to_string()
            .contains("no item has a \"text\"")
    );
    let custom = parse_framework(&minimal(
        r#"{"id":"1","title":"A","kind":"clause","assessable":true,"text":"t"}"#,
    ))
    .unwrap();
    assert!(
        licensed_text(&custom)
            .unwrap_err()
            .to_string()
            .contains("not a built-in framework")
    );
}

#[test]
fn a_damaged_framework_record_names_the_field() {
    let framework = parse_framework(&minimal(
        r#"{"id":"4.1","title":"Context","kind":"clause","assessable":true}"#,
    ))
    .unwrap();
    let ws = crate::WorkspaceId::parse("w").unwrap();
    let id = framework_record_id(&framework.id);
    let record = |body: serde_json::Map<String, Value>| crate::Record {
        body: Value::Object(body),
        ..crate::Record::empty(Framework::key(&ws, &id))
    };

    let mut broken = framework.to_body();
    broken["items"][0]["assessable"] = Value::from("yes");
    let error = Framework::read(&record(broken), &()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("items"));
    assert!(
        error
            .problem
            .starts_with("items[0].assessable: invalid type"),
        "{error}"
    );
    assert!(
        error.to_string().starts_with(
            "Framework iso9001_c2015 is damaged: field \"items\": items[0].assessable"
        ),
        "{error}"
    );

    let mut untitled = framework.to_body();
    untitled["name"] = Value::from("  ");
    let error = Framework::read(&record(untitled), &()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("name"));

    let mut orphan = framework.to_body();
    orphan["items"][0]["parent"] = Value::from("3");
    let error = Framework::read(&record(orphan), &()).unwrap_err();
    assert_eq!(
        error.field, None,
        "a problem between items names no one field"
    );
    assert!(error.problem.contains("does not come before it"), "{error}");

    // A record holds the framework its id names, and no other.
    let mut other = framework.to_body();
    other["id"] = Value::from("iso14001:2015");
    let error = Framework::read(&record(other), &()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("id"));
    assert!(
        error.problem.contains("iso14001:2015 is not the framework"),
        "{error}"
    );

    let mut extra = framework.to_body();
    extra.insert("colour".into(), Value::from("red"));
    let error = Framework::read(&record(extra), &()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("colour"));
}

/// Framework ids that a careless spelling-out would confuse.
const TRICKY_IDS: [&str; 10] = [
    "a.b", "a:b", "a_b", "a-b", "a__b", "a_d", "a.d", "_", ".", ":",
];

#[test]
fn framework_record_ids_never_share_a_record() {
    let ids: Vec<RecordId> = TRICKY_IDS
        .iter()
        .map(|id| framework_record_id(id))
        .collect();
    for (i, a) in ids.iter().enumerate() {
        assert_eq!(
            RecordId::parse(a.as_str()).as_ref(),
            Ok(a),
            "{} gives a valid record id",
            TRICKY_IDS[i]
        );
        for (j, b) in ids.iter().enumerate().skip(i + 1) {
            assert_ne!(
                a, b,
                "{} and {} share a record",
                TRICKY_IDS[i], TRICKY_IDS[j]
            );
        }
    }
    let spelled: Vec<&str> = ids.iter().map(RecordId::as_str).collect();
    assert_eq!(
        spelled,
        [
            "a_db", "a_cb", "a__b", "a-b", "a____b", "a__d", "a_dd", "__", "_d", "_c"
        ]
    );
    // The longest framework id, in the character that spells out longest.
    let dots = ".".repeat(40);
    assert!(
        parse_framework(&minimal_with_id(&dots)).is_ok(),
        "a valid framework id"
    );
    assert_eq!(framework_record_id(&dots).as_str(), "_d".repeat(40));
    assert_eq!(
        framework_record_id(iso20000().id.as_str()).as_str(),
        "iso20000-1_c2018"
    );
    assert_eq!(
        framework_record_id(iso27001().id.as_str()).as_str(),
        "iso27001_c2022"
    );
}

#[test]
fn the_legacy_record_id_is_the_old_spelling() {
    assert_eq!(legacy_framework_record_id("iso27001:2022"), "iso27001-2022");
    assert_eq!(
        legacy_framework_record_id("iso20000-1:2018"),
        "iso20000-1-2018"
    );
    assert_eq!(
        legacy_framework_record_id("iso9001:2015.x_y"),
        "iso9001-2015-x_y"
    );
    // Which is why it had to go: these all shared one record.
    assert_eq!(legacy_framework_record_id("a.b"), "a-b");
    assert_eq!(legacy_framework_record_id("a:b"), "a-b");
    assert_eq!(legacy_framework_record_id("a-b"), "a-b");
}

#[test]
fn an_import_named_like_a_builtin_legacy_record_keeps_off_its_licensed_text() {
    // Licensed text for ISO/IEC 27001 is kept as a framework record under the built-in's id.
    let mut licensed = iso27001().clone();
    licensed.items[0].text = Some("Text the user holds a licence for.".into());
    assert!(licensed_text(&licensed).is_ok());
    let ws = crate::WorkspaceId::parse("w").unwrap();
    let licensed_key = Framework::key(&ws, &framework_record_id(&licensed.id));

    // A framework of its own whose id is the built-in's old record id.
    let impostor = parse_framework(&minimal_with_id("iso27001-2022")).unwrap();
    assert!(!impostor.is_builtin());
    assert_eq!(
        legacy_framework_record_id(&impostor.id),
        legacy_framework_record_id(&licensed.id),
        "the bug: both were kept under iso27001-2022"
    );
    let impostor_key = Framework::key(&ws, &framework_record_id(&impostor.id));
    assert_ne!(
        impostor_key, licensed_key,
        "saving it no longer replaces the licensed text"
    );
    assert_eq!(impostor_key.id.as_str(), "iso27001-2022");
    assert_eq!(licensed_key.id.as_str(), "iso27001_c2022");

    // Neither record can be read as the other.
    let record = |key: &crate::RecordKey, framework: &Framework| crate::Record {
        body: Value::Object(framework.to_body()),
        ..crate::Record::empty(key.clone())
    };
    assert_eq!(
        Framework::read(&record(&impostor_key, &impostor), &()).unwrap(),
        impostor
    );
    assert_eq!(
        Framework::read(&record(&licensed_key, &licensed), &()).unwrap(),
        licensed
    );
    let error = Framework::read(&record(&licensed_key, &impostor), &()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("id"), "{error}");
    let error = Framework::read(&record(&impostor_key, &licensed), &()).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("id"), "{error}");

    // Both can be in one workspace: the built-in keeps its name, the import is found by its own.
    let catalogue = Catalogue::with_imported([licensed.clone(), impostor.clone()]);
    assert_eq!(
        catalogue.imported().len(),
        1,
        "licensed text is not a framework of its own"
    );
    assert!(std::ptr::eq(
        catalogue.find("iso27001:2022").unwrap(),
        iso27001()
    ));
    assert_eq!(catalogue.find("iso27001-2022"), Some(&impostor));
}

#[test]
fn guidance_is_checked_when_joined_to_its_framework() {
    let structure = minimal(
        r#"{"id":"4","title":"Context","kind":"clause","assessable":false},
           {"id":"4.1","title":"Understanding the organization","parent":"4","kind":"clause","assessable":true}"#,
    );
    let guidance = |about: &str, question: &str| {
        format!(
            r#"{{"framework":"iso9001:2015","items":{{"4.1":{{"about":"{about}","questions":["{question}"],"evidence":["Minutes"]}}}}}}"#
        )
    };
    let joined = builtin::assemble(&structure, &[&guidance("Why.", "Who?")]).unwrap();
    assert_eq!(
        joined.item("4.1").unwrap().guidance.as_ref().unwrap().about,
        "Why."
    );
    assert_eq!(
        parse_framework(&joined.to_json()).unwrap(),
        joined,
        "the joined framework passes an import's checks"
    );

    let long = "x".repeat(100_001);
    let cases = [
        (guidance("  ", "Who?"), r#"items["4.1"].about"#),
        (
            guidance("Why.", &"y".repeat(1_001)),
            "at most 1000 characters",
        ),
        (guidance(&long, "Who?"), "at most 2000 characters"),
        (guidance("Why.", &long), "at most 1000 characters"),
        (
            guidance("Why.", "Who?").replace("\"4.1\"", "\"4.9\""),
            "guidance for unknown item 4.9",
        ),
        (
            guidance("Why.", "Who?").replace("iso9001:2015", "iso14001:2015"),
            "guidance for iso14001:2015, which is not one of iso9001:2015",
        ),
    ];
    for (text, expected) in cases {
        let error = builtin::assemble(&structure, &[&text]).expect_err(expected);
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
    }
}

#[test]
fn the_compiled_in_content_is_the_repository_content_without_whitespace() {
    let files = [
        (
            content!("iso20000-1-2018.json"),
            include_str!("../../../../content/iso20000-1-2018.json"),
        ),
        (
            content!("iso27001-2022.json"),
            include_str!("../../../../content/iso27001-2022.json"),
        ),
        (
            content!("crosswalk-20000-1-2018_27001-2022.json"),
            include_str!("../../../../content/crosswalk-20000-1-2018_27001-2022.json"),
        ),
    ];
    for (compiled, source) in files {
        // Value equality compares every string byte for byte: only the layout between tokens goes.
        let parse = |text: &str| serde_json::from_str::<Value>(text).expect("content is JSON");
        assert_eq!(parse(compiled), parse(source));
        assert!(compiled.len() < source.len() && !compiled.contains('\n'));
    }
}

#[test]
fn the_guidance_files_are_served_beside_the_app_and_kept_offline() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut on_disk: Vec<String> = std::fs::read_dir(format!("{root}/content/guidance"))
        .expect("content/guidance")
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed = GUIDANCE_FILES.map(str::to_owned).to_vec();
    listed.sort();
    assert_eq!(listed, on_disk, "GUIDANCE_FILES names every guidance file");

    let index = std::fs::read_to_string(format!("{root}/index.html")).unwrap();
    assert!(
        index.contains(
            r#"rel="copy-dir" href="content/guidance" data-target-path="content/guidance""#
        ),
        "Trunk copies content/guidance to {GUIDANCE_PATH}"
    );
    let worker = std::fs::read_to_string(format!("{root}/public/sw.js")).unwrap();
    for name in GUIDANCE_FILES {
        assert!(
            worker.contains(&format!("\"{GUIDANCE_PATH}{name}\"")),
            "the service worker keeps {name} for offline use"
        );
    }

    // The app reads them into one book; each file's entries land under its framework.
    let mut book = GuidanceBook::default();
    for name in GUIDANCE_FILES {
        let text = std::fs::read_to_string(format!("{root}/content/guidance/{name}")).unwrap();
        book.add(&text, &builtin_frameworks()).expect(name);
    }
    let assessable: usize = builtin_frameworks()
        .iter()
        .map(|f| f.assessable().count())
        .sum();
    assert_eq!(book.len(), assessable);
    assert!(book.get("iso27001:2022", "A.8.32").is_some());
    assert!(book.get("iso20000-1:2018", "A.8.32").is_none());
    assert!(
        builtin_frameworks()
            .iter()
            .all(|f| f.items.iter().all(|i| i.guidance.is_none())),
        "the compiled-in structure carries no guidance"
    );
}

#[test]
fn a_guidance_file_is_checked_whole_and_refused_whole() {
    let file = |items: &str| format!(r#"{{"framework":"iso27001:2022","items":{{{items}}}}}"#);
    let good = r#""A.5.1":{"about":"Why.","questions":["Who?"],"evidence":["Minutes"]}"#;
    let cases = [
        (
            file(&format!(
                r#"{good},"A.9.9":{{"about":"Why.","questions":[],"evidence":[]}}"#
            )),
            "guidance for unknown item A.9.9 of iso27001:2022",
        ),
        (
            file(&format!(
                r#"{good},"A.5.2":{{"about":" ","questions":[],"evidence":[]}}"#
            )),
            "items[\"A.5.2\"].about",
        ),
        (
            file(&format!(
                r#"{good},"A.5.2":{{"about":"Why.","questions":["{}"],"evidence":[]}}"#,
                "y".repeat(1_001)
            )),
            "at most 1000 characters",
        ),
        (
            file(&format!(r#"{good},"A.5.2":{{"about":"Why.","extra":1}}"#)),
            "unknown field `extra`",
        ),
        (
            r#"{"framework":"iso9001:2015","items":{}}"#.to_owned(),
            "guidance for iso9001:2015, which is not one of iso20000-1:2018, iso27001:2022",
        ),
        ("<html>offline</html>".to_owned(), "expected value"),
    ];
    for (text, expected) in cases {
        let mut book = GuidanceBook::default();
        let error = book.add(&text, &builtin_frameworks()).expect_err(expected);
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
        assert!(book.is_empty(), "nothing of a refused file is kept");
    }
    let mut book = GuidanceBook::default();
    book.add(&file(good), &builtin_frameworks()).unwrap();
    assert_eq!(book.get("iso27001:2022", "A.5.1").unwrap().about, "Why.");
}

#[test]
fn items_are_found_by_id_even_after_the_list_changes() {
    let mut framework = iso27001().clone();
    let first = framework.items[0].id.clone();
    let last = framework.items.last().unwrap().id.clone();
    assert_eq!(framework.item(&last).map(|i| &i.id), Some(&last));
    assert!(framework.item("no such item").is_none());
    framework.items.reverse();
    assert_eq!(framework.item(&first).map(|i| &i.id), Some(&first));
    assert_eq!(
        framework,
        framework.clone(),
        "lookups are not part of the value"
    );
}

#[test]
fn a_heading_is_rated_as_the_items_beneath_it() {
    assert_eq!(iso20000().rated_as("8.5.1.1"), ["8.5.1.1"]);
    let beneath = iso20000().rated_as("8.5.1");
    assert!(
        beneath.len() > 1 && beneath.iter().all(|id| id.starts_with("8.5.1.")),
        "{beneath:?}"
    );
    assert_eq!(iso27001().rated_as("9.2"), ["9.2.1", "9.2.2"]);
    assert!(iso27001().rated_as("no such item").is_empty());
}
