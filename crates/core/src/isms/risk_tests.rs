//! Risks and the risk method: scales, threshold and bands, the life cycle and its guards
//! (acceptance above all), reading back, and damaged bodies named by field.

use proptest::prelude::*;
use serde_json::{Map, json};

use super::risk::{Acceptance, Risk, RiskState, Treatment, control_field};
use super::risk_method::{Band, RiskMethod, Scale, risk_method_id};
use crate::ids::RecordId;
use crate::itsm::workflow::{Lifecycle, Stepped};
use crate::typed::RecordType;

const DAY: i64 = 86_400_000;
const LOGGED: i64 = 1_796_115_600_000;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn risk() -> Risk {
    Risk::new(id("r1"), " Laptop stolen with customer data ", LOGGED).unwrap()
}

/// A risk analysed: owner, likelihood 4, worst impact 4 (score 16).
fn analysed() -> Risk {
    let mut r = risk();
    r.owner = "Ana".into();
    r.likelihood = Some(4);
    r.impact.confidentiality = Some(4);
    r.impact.availability = Some(2);
    r.step(RiskState::Analysed, id("s1"), LOGGED + DAY).unwrap();
    r
}

fn accept(r: &mut Risk, score: u8) {
    r.acceptance = Some(Acceptance {
        by: "Grace".into(),
        at: LOGGED + 5 * DAY,
        score,
    });
}

#[test]
fn a_scale_holds_three_to_five_distinct_named_levels() {
    let scale = Scale::parse(&[" Low ", "Medium", "High"]).unwrap();
    assert_eq!(scale.levels(), 3);
    assert_eq!(scale.name(1), Some("Low"));
    assert_eq!(scale.name(3), Some("High"));
    assert_eq!(scale.name(0), None);
    assert_eq!(scale.name(4), None);
    let cases: [(&[&str], &str); 4] = [
        (&["Low", "High"], "A scale has 3 to 5 levels (this has 2)."),
        (
            &["1", "2", "3", "4", "5", "6"],
            "A scale has 3 to 5 levels (this has 6).",
        ),
        (&["Low", " ", "High"], "Level 2 needs a name."),
        (&["Low", "High", "high"], "Two levels are called “high”."),
    ];
    for (names, message) in cases {
        assert_eq!(Scale::parse(names).unwrap_err(), message);
    }
    let long = "x".repeat(61);
    assert!(
        Scale::parse(&["a", "b", long.as_str()])
            .unwrap_err()
            .contains("at most 60")
    );
}

#[test]
fn the_method_bands_scores_against_its_threshold_and_reads_back() {
    let method = RiskMethod::default();
    assert_eq!(method.max_score(), 25);
    assert_eq!(method.threshold, 6);
    assert_eq!(method.band(6), Band::Within);
    assert!(!method.is_above(6));
    assert_eq!(method.band(8), Band::Above);
    assert!(method.is_above(8));
    assert_eq!(method.band(12), Band::High);
    // A method never written reads as the default; what is written reads back.
    assert_eq!(
        RiskMethod::from_body(&risk_method_id(), &Map::new(), &()).unwrap(),
        method
    );
    let small = RiskMethod {
        likelihood: Scale::parse(&["Low", "Medium", "High"]).unwrap(),
        impact: Scale::parse(&["Minor", "Serious", "Severe", "Critical"]).unwrap(),
        criteria: "Scores above 4 are treated within a quarter.".into(),
        threshold: 4,
    };
    assert_eq!(small.max_score(), 12);
    let read = RiskMethod::from_body(&risk_method_id(), &small.to_body(), &()).unwrap();
    assert_eq!(read, small);
}

#[test]
fn the_heat_map_counts_risks_by_likelihood_and_impact_within_the_scales() {
    let method = RiskMethod {
        likelihood: Scale::parse(&["Low", "Medium", "High"]).unwrap(),
        impact: Scale::parse(&["Minor", "Serious", "Severe", "Critical"]).unwrap(),
        criteria: String::new(),
        threshold: 4,
    };
    let mut a = analysed();
    a.likelihood = Some(3);
    let b = analysed();
    let unassessed = risk();
    let cells = [&a, &b, &unassessed]
        .into_iter()
        .filter_map(Risk::inherent_cell);
    // b's likelihood 4 is off a three-level scale.
    assert_eq!(
        method.heat_map(cells),
        vec![vec![0, 0, 0, 0], vec![0, 0, 0, 0], vec![0, 0, 0, 1]]
    );
    assert_eq!(a.residual_cell(), None);
}

#[test]
fn a_damaged_method_is_named_by_its_field() {
    let cases = [
        (json!({"threshold": 0}), "threshold"),
        (json!({"threshold": 26}), "threshold"),
        (
            json!({"likelihood_scale": ["Low", "High", "Medium"], "threshold": 16}),
            "threshold",
        ),
        (
            json!({"likelihood_scale": ["Low", "High"]}),
            "likelihood_scale",
        ),
        (json!({"impact_scale": "Low, High"}), "impact_scale"),
        (json!({"criteria": 4}), "criteria"),
        (json!({"appetite": "low"}), "appetite"),
    ];
    for (body, field) in cases {
        let body = body.as_object().unwrap().clone();
        let refused = RiskMethod::from_body(&risk_method_id(), &body, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{body:?}");
    }
}

#[test]
fn a_risk_is_analysed_with_an_owner_a_likelihood_and_an_impact() {
    let mut r = risk();
    assert_eq!(r.title, "Laptop stolen with customer data");
    assert_eq!(r.state, RiskState::Identified);
    assert_eq!(
        r.why_not(RiskState::Analysed).as_deref(),
        Some("An analysed risk needs an owner.")
    );
    r.owner = "Ana".into();
    assert_eq!(
        r.why_not(RiskState::Analysed).as_deref(),
        Some("Assess the likelihood to analyse the risk.")
    );
    r.likelihood = Some(3);
    assert_eq!(
        r.why_not(RiskState::Analysed).as_deref(),
        Some(
            "Assess the impact on confidentiality, integrity or availability to analyse the risk."
        )
    );
    assert_eq!(r.inherent_score(), None);
    r.impact.integrity = Some(2);
    r.impact.availability = Some(5);
    // The worst of confidentiality, integrity and availability counts.
    assert_eq!(r.inherent_score(), Some(15));
    assert_eq!(r.level("impact_a"), Some(5));
    assert_eq!(r.level("impact_c"), None);
    assert_eq!(r.level("title"), None);
    assert!(r.level_mut("title").is_none());
    *r.level_mut("impact_c").unwrap() = Some(1);
    assert_eq!(r.impact.confidentiality, Some(1));
    assert_eq!(r.why_not(RiskState::Analysed), None);
    assert_eq!(
        r.why_not(RiskState::Accepted).as_deref(),
        Some("A record in “Identified” cannot go to “Residual risk accepted” in one step.")
    );
}

#[test]
fn a_treatment_plan_says_how_the_risk_is_treated() {
    let mut r = analysed();
    assert_eq!(
        r.why_not(RiskState::TreatmentPlanned).as_deref(),
        Some("Choose how the risk is treated.")
    );
    r.treatment = Some(Treatment::Retain);
    assert!(
        r.why_not(RiskState::TreatmentPlanned)
            .unwrap()
            .contains("accept its residual risk instead")
    );
    r.treatment = Some(Treatment::Modify);
    assert_eq!(
        r.why_not(RiskState::TreatmentPlanned).as_deref(),
        Some("Say how the risk is treated: a treatment plan or the controls that carry it out.")
    );
    // A control is enough.
    r.controls.insert("iso27001:2022/A.8.24".into());
    r.step(RiskState::TreatmentPlanned, id("s2"), LOGGED + 2 * DAY)
        .unwrap();
    r.step(RiskState::InTreatment, id("s3"), LOGGED + 3 * DAY)
        .unwrap();
    // While in treatment the plan cannot be emptied.
    let mut emptied = r.clone();
    emptied.controls.clear();
    assert_eq!(
        emptied.check().unwrap_err().0.as_deref(),
        Some("treatment_plan")
    );
}

#[test]
fn a_residual_risk_is_accepted_only_with_an_acceptance_for_its_score() {
    let mut r = analysed();
    r.treatment = Some(Treatment::Modify);
    r.treatment_plan = "Encrypt every laptop's disk".into();
    r.step(RiskState::TreatmentPlanned, id("s2"), LOGGED + 2 * DAY)
        .unwrap();
    r.step(RiskState::InTreatment, id("s3"), LOGGED + 3 * DAY)
        .unwrap();
    assert_eq!(
        r.why_not(RiskState::Accepted).as_deref(),
        Some("Assess the residual likelihood and impact before accepting the residual risk.")
    );
    r.residual_likelihood = Some(5);
    r.residual_impact = Some(4);
    // Higher than before treatment: refused.
    let refused = r.check().unwrap_err();
    assert_eq!(refused.0.as_deref(), Some("residual_likelihood"));
    assert!(
        refused
            .1
            .contains("cannot be higher than the risk before treatment (16)")
    );
    r.residual_likelihood = Some(2);
    r.residual_impact = Some(2);
    assert_eq!(r.residual_score(), Some(4));
    assert_eq!(
        r.why_not(RiskState::Accepted).as_deref(),
        Some("The residual risk is accepted by an approver or owner: record the acceptance first.")
    );
    accept(&mut r, 6);
    assert_eq!(r.acceptance_in_force(), None);
    assert!(
        r.why_not(RiskState::Accepted)
            .unwrap()
            .contains("residual score of 6; the residual score is now 4")
    );
    accept(&mut r, 4);
    assert!(r.acceptance_in_force().is_some());
    r.step(RiskState::Accepted, id("s4"), LOGGED + 5 * DAY)
        .unwrap();
    // Once accepted, the residual risk cannot change under the acceptance: it is reopened.
    let mut changed = r.clone();
    changed.residual_likelihood = Some(1);
    assert_eq!(
        changed.check().unwrap_err().0.as_deref(),
        Some("acceptance")
    );
    r.step(RiskState::Analysed, id("s5"), LOGGED + 40 * DAY)
        .unwrap();
    r.residual_likelihood = Some(1);
    assert!(r.check().is_ok());
    assert_eq!(r.acceptance_in_force(), None);
}

#[test]
fn a_retained_risk_goes_from_its_analysis_to_its_acceptance() {
    let mut r = analysed();
    r.residual_likelihood = r.likelihood;
    r.residual_impact = r.impact.worst();
    accept(&mut r, 16);
    assert_eq!(
        r.why_not(RiskState::Accepted).as_deref(),
        Some(
            "Choose how the risk is treated (retain it, if it stays as it is) before accepting it."
        )
    );
    r.treatment = Some(Treatment::Retain);
    r.step(RiskState::Accepted, id("s2"), LOGGED + 2 * DAY)
        .unwrap();
    r.step(RiskState::Closed, id("s3"), LOGGED + 90 * DAY)
        .unwrap();
    assert!(RiskState::Closed.can_go(RiskState::Analysed));
}

#[test]
fn a_risk_reads_back_with_its_links_controls_acceptance_and_steps() {
    let mut r = analysed();
    r.description = "A laptop left in a car".into();
    r.service = Some(id("svc1"));
    r.item = Some(id("ci1"));
    r.process = "Field sales".into();
    r.threat = "Theft".into();
    r.vulnerability = "Unencrypted disks".into();
    r.treatment = Some(Treatment::Modify);
    r.treatment_plan = "Encrypt".into();
    r.controls.insert("iso27001:2022/A.8.1".into());
    r.controls.insert("iso27001:2022/A.8.24".into());
    r.residual_likelihood = Some(2);
    r.residual_impact = Some(2);
    accept(&mut r, 4);
    r.review_due = Some(crate::date::Date::parse("2027-06-30").unwrap());
    let body = r.to_body();
    assert_eq!(body[&control_field("iso27001:2022/A.8.24")], json!(true));
    assert_eq!(
        body["acceptance"],
        json!({"by": "Grace", "at": LOGGED + 5 * DAY, "score": 4})
    );
    assert_eq!(Risk::from_body(&r.id, &body, &()).unwrap(), r);
    assert_eq!(Risk::kind().as_str(), "risk");
}

#[test]
fn a_damaged_risk_is_named_by_its_field() {
    let base = risk().to_body();
    let cases = [
        ("title", json!("")),
        ("likelihood", json!(0)),
        ("likelihood", json!(6)),
        ("impact_c", json!("high")),
        ("residual_impact", json!(9)),
        ("treatment", json!("ignore")),
        ("state", json!("forgotten")),
        ("service", json!("not an id")),
        ("acceptance", json!({"by": "Ada", "at": 1})),
        ("acceptance", json!({"by": " ", "at": 1, "score": 4})),
        ("review_due", json!("2027-13-01")),
        ("control#A.5.1", json!(true)),
        ("control#iso27001:2022/A.5.1", json!("yes")),
        ("severity", json!(3)),
    ];
    for (field, value) in cases {
        let mut body = base.clone();
        body.insert(field.into(), value.clone());
        let refused = Risk::from_body(&id("r1"), &body, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some(field), "{field} = {value}");
    }
    let mut analysed_without_owner = base.clone();
    analysed_without_owner.insert("state".into(), json!("analysed"));
    let refused = Risk::from_body(&id("r1"), &analysed_without_owner, &()).unwrap_err();
    assert_eq!(refused.0.as_deref(), Some("owner"));
}

proptest! {
    #[test]
    fn no_sequence_of_allowed_steps_reaches_a_state_the_kind_refuses(
        actions in prop::collection::vec(
            (0..RiskState::ALL.len(), any::<[bool; 3]>(), 0u8..6, 0u8..6, 0u8..5),
            1..50,
        ),
    ) {
        let mut r = risk();
        for (n, (to, flags, likelihood, residual, treatment)) in actions.into_iter().enumerate() {
            let level = |l: u8| (l > 0).then_some(l);
            let mut edited = r.clone();
            edited.owner = if flags[0] { "Ana".into() } else { String::new() };
            edited.likelihood = level(likelihood);
            edited.impact.confidentiality = level(likelihood);
            edited.residual_likelihood = level(residual);
            edited.residual_impact = level(residual);
            edited.treatment = Treatment::ALL.get(usize::from(treatment)).copied();
            edited.treatment_plan = if flags[1] { "Plan".into() } else { String::new() };
            if flags[2] {
                accept(&mut edited, residual * residual);
            }
            if edited.check().is_ok() {
                r = edited;
            }
            let to = RiskState::ALL[to];
            let before = r.clone();
            let allowed = r.why_not(to).is_none();
            let taken = r.step(to, id(&format!("s{n}")), LOGGED + n as i64);
            prop_assert_eq!(taken.is_ok(), allowed);
            if taken.is_err() {
                prop_assert_eq!(&r, &before);
            }
            prop_assert!(r.check().is_ok());
            let read = Risk::from_body(&r.id, &r.to_body(), &());
            prop_assert_eq!(read.as_ref(), Ok(&r));
        }
    }
}
