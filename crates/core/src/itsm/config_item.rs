//! Configuration items and information assets, one register for both (ISO/IEC 20000-1 8.2.6;
//! ISO/IEC 27001 A.5.9, A.5.12): what services are built from and what information is held,
//! each with its type, owner, status, classification and the items it depends on. Kept light:
//! services name the items they use (the service's `item#ID` links), so the item page reads
//! which services it supports from them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::links::{is_link_field, read_links, write_links};
use super::ticket::text;
use super::too_long;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, field_problem, only_fields_and};

/// Longest name, owner, location or identifier.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest description.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Where links to the items it depends on start (`depends_on#ID`).
pub const DEPENDS_ON: &str = "depends_on";

named!(ItemType {
    Information = "information", "Information";
    Software = "software", "Software";
    Hardware = "hardware", "Hardware";
    Network = "network", "Network";
    CloudService = "cloud-service", "Cloud service";
    Facility = "facility", "Facility";
    Document = "document", "Document";
    Other = "other", "Other";
});

named!(ItemStatus {
    Planned = "planned", "Planned";
    Active = "active", "In use";
    Retired = "retired", "Retired";
});

named!(Classification {
    Public = "public", "Public";
    Internal = "internal", "Internal";
    Confidential = "confidential", "Confidential";
    Restricted = "restricted", "Restricted";
});

/// A configuration item or information asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigItem {
    pub id: RecordId,
    pub name: String,
    pub item_type: ItemType,
    pub status: ItemStatus,
    pub owner: String,
    pub classification: Option<Classification>,
    pub location: String,
    /// Version, serial number, licence or other identifier.
    pub identifier: String,
    pub description: String,
    /// The items it depends on.
    pub depends_on: BTreeSet<RecordId>,
}

const FIELDS: &[&str] = &[
    "name",
    "type",
    "status",
    "owner",
    "classification",
    "location",
    "identifier",
    "description",
];

impl ConfigItem {
    pub fn new(id: RecordId, name: &str, item_type: ItemType) -> Result<Self, FieldProblem> {
        let item = Self {
            id,
            name: name.trim().to_owned(),
            item_type,
            status: ItemStatus::Planned,
            owner: String::new(),
            classification: None,
            location: String::new(),
            identifier: String::new(),
            description: String::new(),
            depends_on: BTreeSet::new(),
        };
        item.check().map(|()| item)
    }

    /// The rules every item keeps: the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.name.trim().is_empty() {
            return Err(field_problem("name", "An item needs a name."));
        }
        for (field, value) in [
            ("name", &self.name),
            ("owner", &self.owner),
            ("location", &self.location),
            ("identifier", &self.identifier),
        ] {
            if let Some(problem) = too_long(field, value, NAME_MAX_CHARS) {
                return Err(problem);
            }
        }
        if let Some(problem) = too_long("description", &self.description, TEXT_MAX_CHARS) {
            return Err(problem);
        }
        if self.depends_on.contains(&self.id) {
            return Err(field_problem(
                &format!("{DEPENDS_ON}#{}", self.id),
                "An item cannot depend on itself.",
            ));
        }
        if self.status == ItemStatus::Active {
            if self.owner.trim().is_empty() {
                return Err(field_problem(
                    "owner",
                    "An item in use needs an owner who answers for it.",
                ));
            }
            if self.item_type == ItemType::Information && self.classification.is_none() {
                return Err(field_problem(
                    "classification",
                    "Information in use needs a classification.",
                ));
            }
        }
        Ok(())
    }
}

impl RecordType for ConfigItem {
    const KIND: &'static str = "config_item";
    const NOUN: &'static str = "Configuration item";
    type Context = ();

    fn keeps_versions(field: &str) -> bool {
        field == "description"
    }

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert("name".into(), Value::from(self.name.clone()));
        body.insert("type".into(), Value::from(self.item_type.as_str()));
        body.insert("status".into(), Value::from(self.status.as_str()));
        if let Some(classification) = self.classification {
            body.insert(
                "classification".into(),
                Value::from(classification.as_str()),
            );
        }
        for (field, value) in [
            ("owner", &self.owner),
            ("location", &self.location),
            ("identifier", &self.identifier),
            ("description", &self.description),
        ] {
            if !value.is_empty() {
                body.insert(field.into(), Value::from(value.clone()));
            }
        }
        write_links(&mut body, DEPENDS_ON, &self.depends_on);
        body
    }

    fn from_body(id: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields_and(body, FIELDS, |k| is_link_field(k, &[DEPENDS_ON]))?;
        let named = |field: &str| -> Result<String, FieldProblem> {
            field_as(body, field)?.ok_or_else(|| field_problem(field, "is missing"))
        };
        let unknown =
            |field: &str, value: &str| field_problem(field, format!("no such value: {value:?}"));
        let item_type = named("type")?;
        let status = named("status")?;
        let classification = field_as::<String>(body, "classification")?
            .map(|c| Classification::parse(&c).ok_or_else(|| unknown("classification", &c)))
            .transpose()?;
        let item = Self {
            id: id.clone(),
            name: named("name")?,
            item_type: ItemType::parse(&item_type).ok_or_else(|| unknown("type", &item_type))?,
            status: ItemStatus::parse(&status).ok_or_else(|| unknown("status", &status))?,
            owner: text(body, "owner")?,
            classification,
            location: text(body, "location")?,
            identifier: text(body, "identifier")?,
            description: text(body, "description")?,
            depends_on: read_links(body, DEPENDS_ON)?,
        };
        item.check()?;
        Ok(item)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn id(text: &str) -> RecordId {
        RecordId::parse(text).unwrap()
    }

    #[test]
    fn an_item_in_use_has_an_owner_and_information_in_use_a_classification() {
        let mut item =
            ConfigItem::new(id("i1"), " Customer records ", ItemType::Information).unwrap();
        assert_eq!(item.name, "Customer records");
        item.status = ItemStatus::Active;
        assert_eq!(item.check().unwrap_err().0.as_deref(), Some("owner"));
        item.owner = "Ana".into();
        assert_eq!(
            item.check().unwrap_err().1,
            "Information in use needs a classification."
        );
        item.classification = Some(Classification::Confidential);
        item.check().unwrap();
        let mut server = ConfigItem::new(id("i2"), "Mail relay", ItemType::Hardware).unwrap();
        server.status = ItemStatus::Active;
        server.owner = "Ben".into();
        server.check().unwrap();
        server.depends_on.insert(id("i1"));
        let read = ConfigItem::from_body(&server.id, &server.to_body(), &()).unwrap();
        assert_eq!(read, server);
        server.depends_on.insert(id("i2"));
        assert_eq!(
            server.check().unwrap_err().0.as_deref(),
            Some("depends_on#i2")
        );
    }

    #[test]
    fn a_damaged_item_is_refused_naming_its_field() {
        let item = ConfigItem::new(id("i1"), "Laptop fleet", ItemType::Hardware).unwrap();
        let refused = |field: &str, value: Value| {
            let mut body = item.to_body();
            body.insert(field.to_owned(), value);
            ConfigItem::from_body(&item.id, &body, &()).unwrap_err().0
        };
        assert_eq!(refused("type", json!("spaceship")).as_deref(), Some("type"));
        assert_eq!(refused("status", json!("lost")).as_deref(), Some("status"));
        assert_eq!(
            refused("classification", json!("secret")).as_deref(),
            Some("classification")
        );
        assert_eq!(refused("name", json!("  ")).as_deref(), Some("name"));
        assert_eq!(refused("colour", json!("red")).as_deref(), Some("colour"));
        assert_eq!(
            refused("depends_on#i9", json!("yes")).as_deref(),
            Some("depends_on#i9")
        );
        assert_eq!(
            refused("location", json!("x".repeat(201))).as_deref(),
            Some("location")
        );
        for t in ItemType::ALL {
            assert_eq!(ItemType::parse(t.as_str()), Some(*t));
        }
    }
}
