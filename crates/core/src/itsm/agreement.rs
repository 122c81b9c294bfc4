//! Service level agreements and internal agreements (ISO/IEC 20000-1 8.3.3): for one service,
//! its supported hours, availability target, response and resolution targets per priority,
//! workload limits and exceptions, and when it applies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::priority::{Priority, PriorityMatrix};
use super::service_hours::ServiceHours;
use super::sla_clock::ClockState;
use super::ticket::Ticket;
use super::too_long;
use crate::date::{Date, Month};
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest title or customer name.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest workload or exceptions text.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// The longest target: a year, in minutes.
pub const TARGET_MAX_MINUTES: u32 = 366 * 24 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementKind {
    /// With a customer.
    Sla,
    /// Between parts of the organisation (or with an internal supplier).
    Internal,
}

impl AgreementKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Sla => "Service level agreement",
            Self::Internal => "Internal agreement",
        }
    }
}

/// Minutes of service time to respond and to resolve, for one priority.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Targets {
    pub response_minutes: Option<u32>,
    pub resolution_minutes: Option<u32>,
}

const FIELDS: &[&str] = &[
    "title",
    "kind",
    "service",
    "customer",
    "hours",
    "availability",
    "workload",
    "exceptions",
    "valid_from",
    "valid_until",
    "review_due",
];
const RESPONSE: &str = "response";
const RESOLUTION: &str = "resolution";
/// `measured#2026-11`: the availability measured in that month, in percent.
const MEASURED: &str = "measured";

#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub id: RecordId,
    pub title: String,
    pub kind: AgreementKind,
    /// The service it covers (a service record's id).
    pub service: RecordId,
    pub customer: String,
    pub hours: ServiceHours,
    /// Availability target in percent (e.g. 99.9), within supported hours.
    pub availability: Option<f64>,
    pub targets: BTreeMap<Priority, Targets>,
    pub workload: String,
    pub exceptions: String,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub review_due: Option<Date>,
    /// Availability measured per month, in percent of supported hours (entered from the
    /// monitoring the service has; one field per month, so two months entered apart merge).
    pub measured: BTreeMap<Month, f64>,
}

impl Agreement {
    pub fn new(
        id: RecordId,
        title: &str,
        kind: AgreementKind,
        service: RecordId,
    ) -> Result<Self, FieldProblem> {
        let agreement = Self {
            id,
            title: title.trim().to_owned(),
            kind,
            service,
            customer: String::new(),
            hours: ServiceHours::always(),
            availability: None,
            targets: BTreeMap::new(),
            workload: String::new(),
            exceptions: String::new(),
            valid_from: None,
            valid_until: None,
            review_due: None,
            measured: BTreeMap::new(),
        };
        agreement.check().map(|()| agreement)
    }

    pub fn targets_for(&self, priority: Priority) -> Targets {
        self.targets.get(&priority).copied().unwrap_or_default()
    }

    /// Whether it applies on `day` (no dates: always).
    pub fn applies_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= day)
            && self.valid_until.is_none_or(|until| day <= until)
    }

    /// Where `ticket`'s response and resolution clocks stand at `now` against this agreement's
    /// targets for its priority (`None` where no target is set).
    pub fn clocks(
        &self,
        ticket: &Ticket,
        matrix: &PriorityMatrix,
        now: i64,
    ) -> (Option<ClockState>, Option<ClockState>) {
        let targets = self.targets_for(ticket.priority(matrix));
        let minutes = |m: u32| i64::from(m) * 60_000;
        (
            targets
                .response_minutes
                .map(|m| ticket.response_clock().state(&self.hours, minutes(m), now)),
            targets.resolution_minutes.map(|m| {
                ticket
                    .resolution_clock()
                    .state(&self.hours, minutes(m), now)
            }),
        )
    }

    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.title.trim().is_empty() {
            return Err(field_problem("title", "An agreement needs a title."));
        }
        if let Some(problem) = too_long("title", &self.title, TITLE_MAX_CHARS)
            .or_else(|| too_long("customer", &self.customer, TITLE_MAX_CHARS))
            .or_else(|| too_long("workload", &self.workload, TEXT_MAX_CHARS))
            .or_else(|| too_long("exceptions", &self.exceptions, TEXT_MAX_CHARS))
        {
            return Err(problem);
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
        if let Some((month, _)) = self.measured.iter().find(|(_, a)| !is_percentage(**a)) {
            return Err(field_problem(
                &format!("{MEASURED}#{month}"),
                format!(
                    "{month}: measured availability is a percentage from 0 to 100, with at most three decimals."
                ),
            ));
        }
        for (priority, targets) in &self.targets {
            for (name, minutes) in [
                (RESPONSE, targets.response_minutes),
                (RESOLUTION, targets.resolution_minutes),
            ] {
                if minutes.is_some_and(|m| m == 0 || m > TARGET_MAX_MINUTES) {
                    return Err(field_problem(
                        &format!("{name}#{}", priority.label()),
                        "A target is from one minute to a year.",
                    ));
                }
            }
            if let (Some(response), Some(resolution)) =
                (targets.response_minutes, targets.resolution_minutes)
                && resolution < response
            {
                return Err(field_problem(
                    &format!("{RESOLUTION}#{}", priority.label()),
                    format!(
                        "{}: resolving cannot take less time than responding.",
                        priority.label()
                    ),
                ));
            }
        }
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until)
            && until < from
        {
            return Err(field_problem(
                "valid_until",
                "The agreement cannot end before it starts.",
            ));
        }
        Ok(())
    }
}

/// From 0 to 100 with at most three decimals.
pub(super) fn is_percentage(a: f64) -> bool {
    (0.0..=100.0).contains(&a) && ((a * 1000.0).round() - a * 1000.0).abs() < 1e-6
}

/// Targets per priority and measured values per month, read from their `#` fields.
type Figures = (BTreeMap<Priority, Targets>, BTreeMap<Month, f64>);

/// Reads `response#P1` … fields into targets per priority, and `measured#2026-11` … fields
/// into measured availability per month.
fn read_figures(body: &Map<String, Value>) -> Result<Figures, FieldProblem> {
    let mut targets: BTreeMap<Priority, Targets> = BTreeMap::new();
    let mut measured = BTreeMap::new();
    for (field, value) in body {
        let Some((name, label)) = field.split_once('#') else {
            continue;
        };
        if name == MEASURED {
            let month = Month::parse(label).map_err(|e| field_problem(field, e))?;
            let value: f64 =
                serde_json::from_value(value.clone()).map_err(|e| field_problem(field, e))?;
            measured.insert(month, value);
            continue;
        }
        let priority = label
            .strip_prefix('P')
            .and_then(|n| n.parse::<u8>().ok())
            .and_then(|n| Priority::new(n).ok())
            .filter(|p| p.label() == label)
            .ok_or_else(|| field_problem(field, "no such priority (P1 to P5)"))?;
        let minutes: u32 =
            serde_json::from_value(value.clone()).map_err(|e| field_problem(field, e))?;
        let entry = targets.entry(priority).or_default();
        match name {
            RESPONSE => entry.response_minutes = Some(minutes),
            RESOLUTION => entry.resolution_minutes = Some(minutes),
            _ => {
                return Err(field_problem(
                    field,
                    "this kind of record has no such field",
                ));
            }
        }
    }
    Ok((targets, measured))
}

impl RecordType for Agreement {
    const KIND: &'static str = "agreement";
    const NOUN: &'static str = "Agreement";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        matches!(field, "workload" | "exceptions")
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert(
            "kind".into(),
            serde_json::to_value(self.kind).expect("plain"),
        );
        body.insert("service".into(), Value::from(self.service.as_str()));
        body.insert(
            "hours".into(),
            serde_json::to_value(&self.hours).expect("plain"),
        );
        for (field, text) in [
            ("customer", &self.customer),
            ("workload", &self.workload),
            ("exceptions", &self.exceptions),
        ] {
            if !text.is_empty() {
                body.insert(field.into(), Value::from(text.clone()));
            }
        }
        if let Some(a) = self.availability {
            body.insert("availability".into(), Value::from(a));
        }
        for (field, date) in [
            ("valid_from", self.valid_from),
            ("valid_until", self.valid_until),
            ("review_due", self.review_due),
        ] {
            if let Some(date) = date {
                body.insert(field.into(), Value::from(date.to_string()));
            }
        }
        for (priority, targets) in &self.targets {
            for (name, minutes) in [
                (RESPONSE, targets.response_minutes),
                (RESOLUTION, targets.resolution_minutes),
            ] {
                if let Some(minutes) = minutes {
                    body.insert(format!("{name}#{}", priority.label()), Value::from(minutes));
                }
            }
        }
        for (month, value) in &self.measured {
            body.insert(format!("{MEASURED}#{month}"), Value::from(*value));
        }
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        // Target fields (`response#P1` …) are read, and any other `#` field refused, below.
        only_fields_and(body, FIELDS, |k| k.contains('#'))?;
        let text = |field: &str| -> Result<String, FieldProblem> {
            Ok(field_as::<String>(body, field)?.unwrap_or_default())
        };
        let required = |field: &str| field_problem(field, "is missing");
        let service: String = field_as(body, "service")?.ok_or_else(|| required("service"))?;
        let (targets, measured) = read_figures(body)?;
        let agreement = Self {
            id: id.clone(),
            title: field_as(body, "title")?.ok_or_else(|| required("title"))?,
            kind: field_as(body, "kind")?.ok_or_else(|| required("kind"))?,
            service: RecordId::parse(&service).map_err(|e| field_problem("service", e))?,
            customer: text("customer")?,
            hours: field_as(body, "hours")?.ok_or_else(|| required("hours"))?,
            availability: field_as(body, "availability")?,
            targets,
            workload: text("workload")?,
            exceptions: text("exceptions")?,
            valid_from: field_as(body, "valid_from")?,
            valid_until: field_as(body, "valid_until")?,
            review_due: field_as(body, "review_due")?,
            measured,
        };
        agreement.check()?;
        Ok(agreement)
    }
}
