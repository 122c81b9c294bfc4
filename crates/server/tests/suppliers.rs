//! Suppliers, contracts and continuity plans through the sync API on SQLite and PostgreSQL:
//! each checked by its kind's rules, so a critical supplier made active without its security
//! requirements, a contract with no supplier, or a test that missed its objectives marked as
//! passed is refused whole, and the same records made right are taken.

mod common;

use axum::http::StatusCode;
use common::api::*;
use praxis_core::itsm::continuity::ContinuityPlan;
use praxis_core::itsm::contract::Contract;
use praxis_core::itsm::supplier::{Supplier, SupplierType};
use praxis_core::{RecordId, RecordType};
use praxis_server::Backend;
use serde_json::{Map, Value, json};

const W: &str = "ws-s";

/// One change per field of `kind/id`, stamped from `at` on.
fn changes_of(kind: &str, id: &str, body: Map<String, Value>, at: i64) -> Vec<praxis_core::Change> {
    body.into_iter()
        .enumerate()
        .map(|(n, (field, value))| {
            change(W, kind, id, &field, Some(value), (at, n as u32, "laptop"))
        })
        .collect()
}

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

on_both!(
    suppliers_contracts_and_plans_are_checked_by_their_kinds_rules,
    |api: Api| async move {
        let owner = api.create(W).await;
        let at = now_ms() - 60_000;

        // A critical supplier made active without security requirements or an exit plan.
        let mut supplier = Supplier::new(id("s1"), "Hostly", SupplierType::External).unwrap();
        let mut body = supplier.to_body();
        body.insert("criticality".into(), json!("critical"));
        body.insert("status".into(), json!("active"));
        body.insert("owner".into(), json!("Ana"));
        let refused = api
            .push(W, &owner, &changes_of("supplier", "s1", body, at))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("security requirements"), "{reason}");
        assert!(
            api.record(W, "supplier/s1").await.is_none(),
            "nothing of it kept"
        );

        supplier.owner = "Ana".into();
        supplier.security_requirements = "Breach notice in 24 h".into();
        supplier.exit_plan = "Export and move".into();
        let taken = api
            .push(
                W,
                &owner,
                &changes_of("supplier", "s1", supplier.to_body(), at + 10),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);

        // A contract without its supplier, then with one and an agreement it underpins.
        let mut contract = Contract::new(id("c1"), "Hosting", id("s1")).unwrap();
        contract.agreements.insert(id("a1"));
        let mut body = contract.to_body();
        body.remove("supplier");
        let refused = api
            .push(W, &owner, &changes_of("contract", "c1", body, at + 20))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let taken = api
            .push(
                W,
                &owner,
                &changes_of("contract", "c1", contract.to_body(), at + 30),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);
        let stored = api.record(W, "contract/c1").await.unwrap();
        assert_eq!(Contract::read(&stored, &()).unwrap(), contract);

        // A test that took longer than the plan's RTO cannot be recorded as passed.
        let mut plan = ContinuityPlan::new(id("p1"), "Mail recovery", id("mail")).unwrap();
        plan.rto_minutes = Some(240);
        let taken = api
            .push(
                W,
                &owner,
                &changes_of("continuity_plan", "p1", plan.to_body(), at + 40),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);
        let test = json!({"on": "2026-11-20", "method": "failover", "result": "passed", "recovered_minutes": 300});
        let late = change(
            W,
            "continuity_plan",
            "p1",
            "test#t1",
            Some(test),
            (at + 50, 0, "laptop"),
        );
        let refused = api.push(W, &owner, &[late]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("did not pass"), "{reason}");
    }
);
