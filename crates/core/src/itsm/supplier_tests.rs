//! Suppliers, contracts and continuity plans: their rules, their stored form, and what each
//! puts on the dashboard's list of what falls due.

use serde_json::{Value, json};

use super::agreement::{Agreement, AgreementKind};
use super::continuity::{ContinuityPlan, PlanStatus, PlanTest, TestMethod, TestResult};
use super::contract::{Contract, DataProcessing, Standing};
use super::dues::{Dated, DueKind, dues};
use super::supplier::{Criticality, Rating, Review, Supplier, SupplierStatus, SupplierType};
use crate::date::Date;
use crate::ids::RecordId;
use crate::typed::RecordType;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn field_of<T: RecordType<Context = ()> + std::fmt::Debug>(
    record: &T,
    field: &str,
    value: Value,
) -> Option<String> {
    let mut body = record.to_body();
    body.insert(field.to_owned(), value);
    T::from_body(&id("x1"), &body, &()).unwrap_err().0
}

#[test]
fn an_active_key_supplier_has_an_owner_security_requirements_and_an_exit_plan() {
    let mut s = Supplier::new(id("s1"), " Hostly ", SupplierType::External).unwrap();
    assert_eq!(s.name, "Hostly");
    s.criticality = Criticality::Critical;
    s.status = SupplierStatus::Active;
    let field = |s: &Supplier| s.check().unwrap_err().0.unwrap();
    assert_eq!(field(&s), "owner");
    s.owner = "Ana".into();
    assert_eq!(field(&s), "security_requirements");
    s.security_requirements = "MFA on the console; breach notice within 24 hours".into();
    assert_eq!(field(&s), "exit_plan");
    s.exit_plan = "Export the mail archive; move DNS".into();
    s.check().unwrap();
    let mut low = Supplier::new(id("s2"), "Stationery", SupplierType::External).unwrap();
    low.criticality = Criticality::Low;
    low.status = SupplierStatus::Active;
    low.owner = "Ben".into();
    low.check().expect("a low supplier needs no exit plan");
    low.status = SupplierStatus::Exiting;
    assert_eq!(
        field(&low),
        "exit_plan",
        "leaving takes a plan, whatever its criticality"
    );
    low.status = SupplierStatus::Active;
    low.certificate_expires = Some(day("2027-01-31"));
    assert_eq!(field(&low), "certification");
}

#[test]
fn a_review_done_is_rated_and_one_not_fully_met_says_what_follows() {
    let mut s = Supplier::new(id("s1"), "Hostly", SupplierType::External).unwrap();
    let mut review = Review {
        due: day("2026-12-15"),
        done: Some(day("2026-12-14")),
        rating: None,
        note: String::new(),
    };
    s.reviews.insert(id("r1"), review.clone());
    assert_eq!(s.check().unwrap_err().1, "A review done needs its rating.");
    review.rating = Some(Rating::Partly);
    s.reviews.insert(id("r1"), review.clone());
    assert_eq!(s.check().unwrap_err().0.as_deref(), Some("review#r1"));
    review.note = "Two outages over target; service credits claimed".into();
    s.reviews.insert(id("r1"), review.clone());
    s.check().unwrap();
    s.reviews.insert(
        id("r2"),
        Review {
            due: day("2027-06-15"),
            done: None,
            rating: Some(Rating::Meets),
            note: String::new(),
        },
    );
    assert_eq!(s.check().unwrap_err().0.as_deref(), Some("review#r2"));
    s.reviews.get_mut(&id("r2")).unwrap().rating = None;
    assert_eq!(s.next_review(), Some(day("2027-06-15")));
    assert_eq!(s.last_review(), Some(&review));
    let read = Supplier::from_body(&s.id, &s.to_body(), &()).unwrap();
    assert_eq!(read, s);
}

#[test]
fn a_damaged_supplier_is_refused_naming_its_field() {
    let s = Supplier::new(id("s1"), "Hostly", SupplierType::Internal).unwrap();
    assert_eq!(
        field_of(&s, "criticality", json!("vital")).as_deref(),
        Some("criticality")
    );
    assert_eq!(field_of(&s, "status", json!(3)).as_deref(), Some("status"));
    assert_eq!(field_of(&s, "name", json!(" ")).as_deref(), Some("name"));
    assert_eq!(
        field_of(&s, "owner", json!("x".repeat(201))).as_deref(),
        Some("owner")
    );
    assert_eq!(
        field_of(&s, "certificate_expires", json!("2027-02-30")).as_deref(),
        Some("certificate_expires")
    );
    assert_eq!(
        field_of(&s, "review#r1", json!({"due": "2027-01-01", "extra": 1})).as_deref(),
        Some("review#r1")
    );
    assert_eq!(
        field_of(&s, "website", json!("x")).as_deref(),
        Some("website")
    );
}

#[test]
fn a_contract_stands_by_its_dates_and_notice_period() {
    let mut c = Contract::new(id("c1"), "Hosting 2026", id("s1")).unwrap();
    assert_eq!(c.standing(day("2026-12-07")), Standing::Draft);
    c.starts = Some(day("2026-01-01"));
    c.ends = Some(day("2026-12-31"));
    c.notice_days = 90;
    assert_eq!(c.notice_by(), Some(day("2026-10-02")));
    assert_eq!(c.standing(day("2025-12-31")), Standing::NotStarted);
    assert_eq!(c.standing(day("2026-10-01")), Standing::InForce);
    assert_eq!(c.standing(day("2026-10-02")), Standing::NoticeDue);
    assert_eq!(c.standing(day("2027-01-01")), Standing::Ended);
    c.auto_renews = true;
    assert_eq!(c.standing(day("2027-01-01")), Standing::Rolling);
    c.notice_days = 0;
    assert_eq!(
        c.standing(day("2026-12-30")),
        Standing::InForce,
        "no notice period: nothing to decide before the end"
    );
    c.ends = Some(day("2025-12-31"));
    assert_eq!(c.check().unwrap_err().0.as_deref(), Some("ends"));
    c.ends = None;
    c.notice_days = 731;
    assert_eq!(c.check().unwrap_err().0.as_deref(), Some("notice_days"));
}

#[test]
fn a_contract_round_trips_with_its_agreements_and_refuses_damage() {
    let mut c = Contract::new(id("c1"), "Hosting", id("s1")).unwrap();
    c.data_processing = Some(DataProcessing::Signed);
    c.agreements.insert(id("a1"));
    c.notice_days = 30;
    c.auto_renews = true;
    c.security_clauses = "Right to audit; breach notice in 24 h".into();
    let body = c.to_body();
    assert_eq!(body["agreement#a1"], json!(true));
    assert_eq!(Contract::from_body(&c.id, &body, &()).unwrap(), c);
    assert_eq!(
        field_of(&c, "supplier", json!("no spaces")).as_deref(),
        Some("supplier")
    );
    assert_eq!(
        field_of(&c, "data_processing", json!("maybe")).as_deref(),
        Some("data_processing")
    );
    assert_eq!(
        field_of(&c, "notice_days", json!(-1)).as_deref(),
        Some("notice_days")
    );
    assert_eq!(
        field_of(&c, "auto_renews", json!("yes")).as_deref(),
        Some("auto_renews")
    );
    let mut body = c.to_body();
    body.remove("supplier");
    assert_eq!(
        Contract::from_body(&c.id, &body, &())
            .unwrap_err()
            .0
            .as_deref(),
        Some("supplier")
    );
}

fn test_of(result: TestResult, recovered: Option<u32>, actions: &str) -> PlanTest {
    PlanTest {
        on: day("2026-11-20"),
        method: TestMethod::Failover,
        result,
        recovered_minutes: recovered,
        data_lost_minutes: None,
        actions: actions.into(),
        actions_done: false,
    }
}

#[test]
fn a_plan_in_force_has_its_objectives_and_steps_and_tests_are_judged_by_them() {
    let mut p = ContinuityPlan::new(id("p1"), "Mail recovery", id("mail")).unwrap();
    p.status = PlanStatus::InForce;
    let field = |p: &ContinuityPlan| p.check().unwrap_err().0.unwrap();
    assert_eq!(field(&p), "owner");
    p.owner = "Ana".into();
    assert_eq!(field(&p), "rto_minutes");
    p.rto_minutes = Some(240);
    assert_eq!(field(&p), "rpo_minutes");
    p.rpo_minutes = Some(60);
    assert_eq!(field(&p), "plan");
    p.plan = "Restore from the nightly snapshot to the standby host".into();
    p.check().unwrap();
    p.tests
        .insert(id("t1"), test_of(TestResult::Passed, Some(300), ""));
    assert_eq!(
        p.check().unwrap_err().1,
        "A test that missed the recovery time or point objective did not pass."
    );
    p.tests
        .insert(id("t1"), test_of(TestResult::Partly, Some(300), ""));
    assert_eq!(field(&p), "test#t1");
    p.tests.insert(
        id("t1"),
        test_of(TestResult::Partly, Some(300), "Pre-stage the standby image"),
    );
    p.check().unwrap();
    assert_eq!(p.open_actions(), 1);
    p.tests.get_mut(&id("t1")).unwrap().actions_done = true;
    assert_eq!(p.open_actions(), 0);
    let mut passed = test_of(TestResult::Passed, Some(200), "");
    passed.on = day("2026-12-01");
    passed.actions_done = true;
    p.tests.insert(id("t2"), passed.clone());
    assert_eq!(
        p.check().unwrap_err().1,
        "There are no actions to mark done."
    );
    passed.actions_done = false;
    p.tests.insert(id("t2"), passed.clone());
    assert!(p.met_objectives(&passed));
    assert_eq!(p.last_test(), Some(&passed));
    p.availability = Some(99.95);
    let read = ContinuityPlan::from_body(&p.id, &p.to_body(), &()).unwrap();
    assert_eq!(read, p);
    p.availability = Some(0.0);
    assert_eq!(field(&p), "availability");
}

#[test]
fn a_damaged_plan_is_refused_naming_its_field() {
    let p = ContinuityPlan::new(id("p1"), "Mail recovery", id("mail")).unwrap();
    assert_eq!(
        field_of(&p, "status", json!("live")).as_deref(),
        Some("status")
    );
    assert_eq!(
        field_of(&p, "rto_minutes", json!(-5)).as_deref(),
        Some("rto_minutes")
    );
    assert_eq!(
        field_of(&p, "rpo_minutes", json!(600_000)).as_deref(),
        Some("rpo_minutes")
    );
    assert_eq!(
        field_of(
            &p,
            "test#t1",
            json!({"on": "2026-11-20", "method": "guess", "result": "passed"})
        )
        .as_deref(),
        Some("test#t1")
    );
    assert_eq!(field_of(&p, "title", json!("")).as_deref(), Some("title"));
}

#[test]
fn what_falls_due_in_30_days_across_registers_soonest_first() {
    let today = day("2026-12-07");
    let mut sla = Agreement::new(id("a1"), "Mail SLA", AgreementKind::Sla, id("mail")).unwrap();
    sla.review_due = Some(day("2026-12-20"));
    let mut later = Agreement::new(id("a2"), "Later", AgreementKind::Internal, id("m")).unwrap();
    later.review_due = Some(day("2027-03-01"));
    let mut hostly = Supplier::new(id("s1"), "Hostly", SupplierType::External).unwrap();
    hostly.certification = "ISO/IEC 27001".into();
    hostly.certificate_expires = Some(day("2026-12-31"));
    hostly.reviews.insert(
        id("r1"),
        Review {
            due: day("2026-11-30"),
            done: None,
            rating: None,
            note: String::new(),
        },
    );
    let mut ended = hostly.clone();
    ended.id = id("s2");
    ended.status = SupplierStatus::Ended;
    ended.exit_plan = "Done".into();
    let mut contract = Contract::new(id("c1"), "Hosting", id("s1")).unwrap();
    contract.starts = Some(day("2026-01-01"));
    contract.ends = Some(day("2027-01-31"));
    contract.notice_days = 60;
    let mut plan = ContinuityPlan::new(id("p1"), "Mail recovery", id("mail")).unwrap();
    plan.next_test_due = Some(day("2026-12-07"));
    plan.review_due = Some(day("2027-06-01"));
    let mut retired = plan.clone();
    retired.id = id("p2");
    retired.status = PlanStatus::Retired;
    let (agreements, suppliers) = ([sla, later], [hostly, ended]);
    let (contracts, plans) = ([contract], [plan, retired]);
    let due = dues(
        Dated {
            agreements: &agreements,
            suppliers: &suppliers,
            contracts: &contracts,
            plans: &plans,
            ..Dated::default()
        },
        today,
    );
    let seen: Vec<(DueKind, &str, String)> = due
        .iter()
        .map(|d| (d.kind, d.id.as_str(), d.date.to_string()))
        .collect();
    assert_eq!(
        seen,
        [
            (DueKind::SupplierReview, "s1", "2026-11-30".to_owned()),
            (DueKind::ContractNotice, "c1", "2026-12-02".to_owned()),
            (DueKind::PlanTest, "p1", "2026-12-07".to_owned()),
            (DueKind::AgreementReview, "a1", "2026-12-20".to_owned()),
            (DueKind::CertificateExpiry, "s1", "2026-12-31".to_owned()),
        ],
        "overdue first; beyond 30 days, ended and retired records left out"
    );
    assert_eq!(due[1].href(), "/contracts/c1");
}

#[test]
fn a_date_is_overdue_due_soon_or_later_and_the_soonest_standing_wins() {
    use super::dues::Timeliness;
    let today = day("2026-12-07");
    assert_eq!(
        Timeliness::of(Some(day("2026-12-06")), today),
        Timeliness::Overdue
    );
    assert_eq!(
        Timeliness::of(Some(day("2026-12-07")), today),
        Timeliness::Soon
    );
    assert_eq!(
        Timeliness::of(Some(day("2027-01-06")), today),
        Timeliness::Soon
    );
    assert_eq!(
        Timeliness::of(Some(day("2027-01-07")), today),
        Timeliness::Later
    );
    assert_eq!(Timeliness::of(None, today), Timeliness::Undated);
    let worst = Timeliness::worst(
        [None, Some(day("2027-05-01")), Some(day("2026-12-20"))],
        today,
    );
    assert_eq!(worst, Timeliness::Soon);
    assert_eq!(Timeliness::worst([None], today).as_str(), "undated");
}
