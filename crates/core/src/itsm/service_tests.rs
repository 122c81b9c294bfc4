//! The service catalogue: validation, links kept one field each, and bad bodies refused.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::service::{Service, ServiceStatus};
use crate::actor::Actor;
use crate::change::Change;
use crate::clock::Hlc;
use crate::ids::{DeviceId, RecordId, WorkspaceId};
use crate::record::{Record, RecordKey};
use crate::typed::RecordType;

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

fn mail() -> Service {
    let mut service = Service::new(id("mail"), " E-mail ", ServiceStatus::Live).unwrap();
    service.owner = "Grace".into();
    service.customers = Service::customers_from_lines("Sales\n\n Finance \nSales\n");
    service.depends_on = BTreeSet::from([id("network"), id("directory")]);
    service.suppliers.insert(id("mail-host"));
    service
}

#[test]
fn a_service_reads_back_with_its_links_one_field_each() {
    let service = mail();
    assert_eq!(service.name, "E-mail");
    assert_eq!(service.customers, ["Sales", "Finance"]);
    let body = service.to_body();
    assert_eq!(body["depends_on#network"], json!(true));
    assert_eq!(body["supplier#mail-host"], json!(true));
    assert!(!body.contains_key("description"));
    assert_eq!(
        Service::from_body(&service.id, &body, &()).unwrap(),
        service
    );
}

#[test]
fn links_added_apart_on_two_devices_are_both_kept() {
    let key = RecordKey {
        workspace: WorkspaceId::parse("w").unwrap(),
        kind: Service::kind(),
        id: id("mail"),
    };
    let change = |field: &str, value: Value, wall: i64, device: &str| Change {
        workspace: key.workspace.clone(),
        kind: key.kind.clone(),
        record_id: key.id.clone(),
        field: field.to_owned(),
        value: Some(value),
        clock: Hlc::new(wall, 0, DeviceId::parse(device).unwrap()),
        actor: Actor::parse("Ada", "").unwrap(),
        replaces: Vec::new(),
    };
    let created: Vec<Change> = mail()
        .to_body()
        .into_iter()
        .map(|(field, value)| change(&field, value, 100, "a"))
        .collect();
    // Apart, one device adds a dependency and the other a configuration item.
    let dns = change("depends_on#dns", json!(true), 200, "a");
    let mx = change("item#mx-1", json!(true), 150, "b");
    let mut here = Record::empty(key.clone());
    let mut there = Record::empty(key.clone());
    for c in created.iter().chain([&dns, &mx]) {
        here.merge(c);
    }
    for c in created.iter().chain([&mx, &dns]) {
        there.merge(c);
    }
    assert_eq!(here, there);
    let merged = Service::read(&here, &()).unwrap();
    assert!(merged.depends_on.contains(&id("dns")));
    assert!(merged.depends_on.contains(&id("network")));
    assert_eq!(merged.items, BTreeSet::from([id("mx-1")]));
}

#[test]
fn every_bad_service_is_refused_naming_its_field() {
    let good = mail().to_body();
    let refused = |field: &str, value: Value| {
        let mut body = good.clone();
        body.insert(field.to_owned(), value);
        Service::from_body(&id("mail"), &body, &()).unwrap_err()
    };
    assert_eq!(refused("name", json!(" ")).1, "A service needs a name.");
    assert_eq!(
        refused("name", json!("x".repeat(201))).0.as_deref(),
        Some("name")
    );
    assert_eq!(
        refused("status", json!("sunset")).0.as_deref(),
        Some("status")
    );
    assert_eq!(
        refused("customers", json!("Sales")).0.as_deref(),
        Some("customers")
    );
    assert_eq!(
        refused("customers", json!(["", "Sales"])).0.as_deref(),
        Some("customers")
    );
    let many: Vec<String> = (0..101).map(|n| format!("Customer {n}")).collect();
    assert_eq!(
        refused("customers", json!(many)).0.as_deref(),
        Some("customers")
    );
    assert_eq!(
        refused("depends_on#net", json!("yes")).0.as_deref(),
        Some("depends_on#net")
    );
    assert_eq!(
        refused("depends_on#Not Id", json!(true)).0.as_deref(),
        Some("depends_on#Not Id")
    );
    let itself = refused("depends_on#mail", json!(true));
    assert_eq!(itself.1, "A service cannot depend on itself.");
    assert_eq!(refused("colour", json!("red")).0.as_deref(), Some("colour"));
    assert_eq!(
        refused("owner#x", json!(true)).0.as_deref(),
        Some("owner#x")
    );
    let mut nameless = good.clone();
    nameless.remove("name");
    assert!(Service::from_body(&id("mail"), &nameless, &()).is_err());
}

#[test]
fn only_the_description_keeps_concurrent_versions() {
    let kind = Service::kind();
    assert!(crate::typed::keeps_versions(&kind, "description"));
    assert!(!crate::typed::keeps_versions(&kind, "name"));
    assert!(!crate::typed::keeps_versions(&kind, "depends_on#network"));
    assert_eq!(ServiceStatus::Pipeline.label(), "In the pipeline");
    for status in ServiceStatus::ALL {
        let stored = serde_json::to_value(status).unwrap();
        assert_eq!(stored, json!(status.as_str()));
        assert_eq!(ServiceStatus::parse(status.as_str()), Some(status));
    }
    assert_eq!(ServiceStatus::parse("sunset"), None);
}
