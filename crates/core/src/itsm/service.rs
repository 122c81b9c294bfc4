//! The service catalogue (ISO/IEC 20000-1 8.2.4): each service with its owner, customers,
//! status, and what it depends on — other services, suppliers, configuration items.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::links::{is_link_field, read_links, write_links};
use super::too_long;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest name, owner or customer.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest description.
pub const DESCRIPTION_MAX_CHARS: usize = 10_000;
/// The most customers one service names.
pub const MAX_CUSTOMERS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceStatus {
    /// Planned or being designed, not yet offered.
    Pipeline,
    Live,
    Retired,
}

impl ServiceStatus {
    pub const ALL: [ServiceStatus; 3] = [Self::Pipeline, Self::Live, Self::Retired];

    /// The name stored ("pipeline").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pipeline => "pipeline",
            Self::Live => "live",
            Self::Retired => "retired",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pipeline => "In the pipeline",
            Self::Live => "Live",
            Self::Retired => "Retired",
        }
    }
}

/// Link names: the services it depends on, its suppliers, its configuration items.
const DEPENDS_ON: &str = "depends_on";
const SUPPLIER: &str = "supplier";
const ITEM: &str = "item";
const LINKS: &[&str] = &[DEPENDS_ON, SUPPLIER, ITEM];
const FIELDS: &[&str] = &["name", "description", "owner", "customers", "status"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: RecordId,
    pub name: String,
    pub description: String,
    pub owner: String,
    pub customers: Vec<String>,
    pub status: ServiceStatus,
    pub depends_on: BTreeSet<RecordId>,
    pub suppliers: BTreeSet<RecordId>,
    pub items: BTreeSet<RecordId>,
}

impl Service {
    pub fn new(id: RecordId, name: &str, status: ServiceStatus) -> Result<Self, FieldProblem> {
        let service = Self {
            id,
            name: name.trim().to_owned(),
            description: String::new(),
            owner: String::new(),
            customers: Vec::new(),
            status,
            depends_on: BTreeSet::new(),
            suppliers: BTreeSet::new(),
            items: BTreeSet::new(),
        };
        service.check().map(|()| service)
    }

    /// Customers as typed, one per line: trimmed, blank lines and repeats left out.
    pub fn customers_from_lines(text: &str) -> Vec<String> {
        let mut customers: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !customers.iter().any(|c| c == line) {
                customers.push(line.to_owned());
            }
        }
        customers
    }

    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.name.trim().is_empty() {
            return Err(field_problem("name", "A service needs a name."));
        }
        let problem = too_long("name", &self.name, NAME_MAX_CHARS)
            .or_else(|| too_long("owner", &self.owner, NAME_MAX_CHARS))
            .or_else(|| too_long("description", &self.description, DESCRIPTION_MAX_CHARS))
            .or_else(|| {
                self.customers
                    .iter()
                    .find_map(|c| too_long("customers", c, NAME_MAX_CHARS))
            });
        if let Some(problem) = problem {
            return Err(problem);
        }
        if self.customers.len() > MAX_CUSTOMERS {
            return Err(field_problem(
                "customers",
                format!("A service names at most {MAX_CUSTOMERS} customers."),
            ));
        }
        if self
            .customers
            .iter()
            .any(|c| c.trim().is_empty() || c.trim() != c)
        {
            return Err(field_problem(
                "customers",
                "A customer's name is blank or untrimmed.",
            ));
        }
        if self.depends_on.contains(&self.id) {
            return Err(field_problem(
                &format!("{DEPENDS_ON}#{}", self.id),
                "A service cannot depend on itself.",
            ));
        }
        Ok(())
    }
}

impl RecordType for Service {
    const KIND: &'static str = "service";
    const NOUN: &'static str = "Service";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        field == "description"
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("name".into(), Value::from(self.name.clone()));
        body.insert(
            "status".into(),
            serde_json::to_value(self.status).expect("plain"),
        );
        for (field, text) in [("description", &self.description), ("owner", &self.owner)] {
            if !text.is_empty() {
                body.insert(field.into(), Value::from(text.clone()));
            }
        }
        if !self.customers.is_empty() {
            body.insert("customers".into(), Value::from(self.customers.clone()));
        }
        write_links(&mut body, DEPENDS_ON, &self.depends_on);
        write_links(&mut body, SUPPLIER, &self.suppliers);
        write_links(&mut body, ITEM, &self.items);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| is_link_field(k, LINKS))?;
        let text = |field: &str| -> Result<String, FieldProblem> {
            Ok(field_as::<String>(body, field)?.unwrap_or_default())
        };
        let service = Self {
            id: id.clone(),
            name: field_as(body, "name")?.ok_or_else(|| field_problem("name", "is missing"))?,
            description: text("description")?,
            owner: text("owner")?,
            customers: field_as(body, "customers")?.unwrap_or_default(),
            status: field_as(body, "status")?
                .ok_or_else(|| field_problem("status", "is missing"))?,
            depends_on: read_links(body, DEPENDS_ON)?,
            suppliers: read_links(body, SUPPLIER)?,
            items: read_links(body, ITEM)?,
        };
        service.check()?;
        Ok(service)
    }
}
