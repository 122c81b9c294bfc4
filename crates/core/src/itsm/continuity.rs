//! Service continuity and availability (ISO/IEC 20000-1 8.7.1, 8.7.2; ISO/IEC 27001 A.5.29,
//! A.5.30): for one service, the recovery time and recovery point it must meet and the
//! availability it needs, the plan that gets it back (and keeps information secure while it is
//! disrupted), and the tests of that plan with their results and follow-up actions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::agreement::{TARGET_MAX_MINUTES, is_percentage};
use super::entries::{entry_field, is_entry, read_entries, write_entries};
use super::ticket::{reference, text};
use super::{required_named, too_long};
use crate::date::Date;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title or owner.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest scenarios, plan, security measures or a test's actions.
pub const TEXT_MAX_CHARS: usize = 20_000;
/// Where tests are kept (`test#ID`).
pub const TEST: &str = "test";

named!(PlanStatus {
    Draft = "draft", "Draft";
    InForce = "in-force", "In force";
    Retired = "retired", "Retired";
});

named!(TestMethod {
    Walkthrough = "walkthrough", "Walkthrough";
    Tabletop = "tabletop", "Tabletop exercise";
    Simulation = "simulation", "Simulation";
    Failover = "failover", "Live failover or restore";
});

named!(TestResult {
    Passed = "passed", "Passed";
    Partly = "partly", "Partly passed";
    Failed = "failed", "Failed";
});

/// One test of the plan: when, how, what it achieved, and what must follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTest {
    pub on: Date,
    pub method: TestMethod,
    pub result: TestResult,
    /// How long recovery took, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered_minutes: Option<u32>,
    /// How much data (in minutes of work) was lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_lost_minutes: Option<u32>,
    /// Follow-up actions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actions: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub actions_done: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContinuityPlan {
    pub id: RecordId,
    pub title: String,
    /// The service it keeps going (a service record's id).
    pub service: RecordId,
    pub owner: String,
    pub status: PlanStatus,
    /// Recovery time objective: the longest the service may be down, in minutes.
    pub rto_minutes: Option<u32>,
    /// Recovery point objective: the most work that may be lost, in minutes.
    pub rpo_minutes: Option<u32>,
    /// Availability the service needs, in percent.
    pub availability: Option<f64>,
    /// The disruptions it covers.
    pub scenarios: String,
    /// How it is invoked and the service recovered: steps, people, contacts.
    pub plan: String,
    /// How information security is kept during a disruption (A.5.29).
    pub security: String,
    pub review_due: Option<Date>,
    pub next_test_due: Option<Date>,
    pub tests: BTreeMap<RecordId, PlanTest>,
}

const FIELDS: &[&str] = &[
    "title",
    "service",
    "owner",
    "status",
    "rto_minutes",
    "rpo_minutes",
    "availability",
    "scenarios",
    "plan",
    "security",
    "review_due",
    "next_test_due",
];

impl ContinuityPlan {
    pub fn new(id: RecordId, title: &str, service: RecordId) -> Result<Self, FieldProblem> {
        let plan = Self {
            id,
            title: title.trim().to_owned(),
            service,
            owner: String::new(),
            status: PlanStatus::Draft,
            rto_minutes: None,
            rpo_minutes: None,
            availability: None,
            scenarios: String::new(),
            plan: String::new(),
            security: String::new(),
            review_due: None,
            next_test_due: None,
            tests: BTreeMap::new(),
        };
        plan.check().map(|()| plan)
    }

    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "A plan needs a title."));
        }
        for (field, value) in [("title", &self.title), ("owner", &self.owner)] {
            if let Some(problem) = too_long(field, value, NAME_MAX_CHARS) {
                return Err(problem);
            }
        }
        for (field, value) in [
            ("scenarios", &self.scenarios),
            ("plan", &self.plan),
            ("security", &self.security),
        ] {
            if let Some(problem) = too_long(field, value, TEXT_MAX_CHARS) {
                return Err(problem);
            }
        }
        for (field, minutes) in [
            ("rto_minutes", self.rto_minutes),
            ("rpo_minutes", self.rpo_minutes),
        ] {
            if minutes.is_some_and(|m| m > TARGET_MAX_MINUTES) {
                return Err(field_problem(field, "An objective is at most a year."));
            }
        }
        if self
            .availability
            .is_some_and(|a| !is_percentage(a) || a == 0.0)
        {
            return Err(field_problem(
                "availability",
                "An availability target is a percentage above 0 and at most 100, with at most three decimals.",
            ));
        }
        if self.status == PlanStatus::InForce {
            let missing = [
                ("owner", self.owner.trim().is_empty(), "an owner"),
                (
                    "rto_minutes",
                    self.rto_minutes.is_none(),
                    "a recovery time objective",
                ),
                (
                    "rpo_minutes",
                    self.rpo_minutes.is_none(),
                    "a recovery point objective",
                ),
                (
                    "plan",
                    self.plan.trim().is_empty(),
                    "its recovery steps written",
                ),
            ];
            if let Some((field, _, what)) = missing.iter().find(|(_, gap, _)| *gap) {
                return Err(field_problem(
                    field,
                    format!("A plan in force needs {what}."),
                ));
            }
        }
        for (id, test) in &self.tests {
            self.check_test(id, test)?;
        }
        Ok(())
    }

    fn check_test(&self, id: &RecordId, test: &PlanTest) -> Result<(), FieldProblem> {
        let field = entry_field(TEST, id);
        if let Some(problem) = too_long(&field, &test.actions, TEXT_MAX_CHARS) {
            return Err(problem);
        }
        if test.result == TestResult::Passed && !self.met_objectives(test) {
            return Err(field_problem(
                &field,
                "A test that missed the recovery time or point objective did not pass.",
            ));
        }
        if test.result != TestResult::Passed && test.actions.trim().is_empty() {
            return Err(field_problem(
                &field,
                "A test that did not pass needs its follow-up actions.",
            ));
        }
        if test.actions_done && test.actions.trim().is_empty() {
            return Err(field_problem(&field, "There are no actions to mark done."));
        }
        Ok(())
    }

    /// Whether a test recovered within the objectives (an objective or a figure not given is
    /// not held against it).
    pub fn met_objectives(&self, test: &PlanTest) -> bool {
        let within = |took: Option<u32>, objective: Option<u32>| match (took, objective) {
            (Some(took), Some(objective)) => took <= objective,
            _ => true,
        };
        within(test.recovered_minutes, self.rto_minutes)
            && within(test.data_lost_minutes, self.rpo_minutes)
    }

    /// The latest test, by day.
    pub fn last_test(&self) -> Option<&PlanTest> {
        self.tests.values().max_by_key(|t| t.on)
    }

    /// Tests whose follow-up actions are not done yet.
    pub fn open_actions(&self) -> usize {
        self.tests
            .values()
            .filter(|t| !t.actions.trim().is_empty() && !t.actions_done)
            .count()
    }
}

impl RecordType for ContinuityPlan {
    const KIND: &'static str = "continuity_plan";
    const NOUN: &'static str = "Continuity plan";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "scenarios" | "plan" | "security")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("service".into(), Value::from(self.service.as_str()));
        body.insert("status".into(), Value::from(self.status.as_str()));
        for (field, value) in [
            ("owner", &self.owner),
            ("scenarios", &self.scenarios),
            ("plan", &self.plan),
            ("security", &self.security),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        for (field, minutes) in [
            ("rto_minutes", self.rto_minutes),
            ("rpo_minutes", self.rpo_minutes),
        ] {
            if let Some(minutes) = minutes {
                body.insert(field.into(), Value::from(minutes));
            }
        }
        if let Some(availability) = self.availability {
            body.insert("availability".into(), Value::from(availability));
        }
        for (field, date) in [
            ("review_due", self.review_due),
            ("next_test_due", self.next_test_due),
        ] {
            if let Some(date) = date {
                body.insert(field.into(), Value::from(date.to_string()));
            }
        }
        write_entries(&mut body, TEST, &self.tests);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| is_entry(k, TEST))?;
        let plan = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| field_problem("title", "is missing"))?,
            service: reference(body, "service")?
                .ok_or_else(|| field_problem("service", "is missing"))?,
            owner: text(body, "owner")?,
            status: required_named(body, "status", PlanStatus::parse)?,
            rto_minutes: field_as(body, "rto_minutes")?,
            rpo_minutes: field_as(body, "rpo_minutes")?,
            availability: field_as(body, "availability")?,
            scenarios: text(body, "scenarios")?,
            plan: text(body, "plan")?,
            security: text(body, "security")?,
            review_due: field_as(body, "review_due")?,
            next_test_due: field_as(body, "next_test_due")?,
            tests: read_entries(body, TEST)?,
        };
        plan.check()?;
        Ok(plan)
    }
}
