//! Tickets through the sync API on SQLite and PostgreSQL: the server checks them with the
//! ticket kind's own rules, so a ticket that breaks one (resolved without a resolution) never
//! reaches another device.

mod common;

use axum::http::StatusCode;
use common::api::*;
use praxis_core::itsm::priority::Level;
use praxis_core::itsm::ticket::{Ticket, TicketType};
use praxis_core::{RecordId, RecordType};
use praxis_server::Backend;
use serde_json::{Value, json};

const W: &str = "ws-a";

/// One change to ticket t1 per field, stamped from `at` on.
fn changes_of<F: AsRef<str>>(
    fields: impl IntoIterator<Item = (F, Value)>,
    at: i64,
) -> Vec<praxis_core::Change> {
    fields
        .into_iter()
        .enumerate()
        .map(|(n, (field, value))| {
            change(
                W,
                "ticket",
                "t1",
                field.as_ref(),
                Some(value),
                (at, n as u32, "laptop"),
            )
        })
        .collect()
}

on_both!(
    a_ticket_is_checked_by_its_kinds_rules_on_the_server,
    |api: Api| async move {
        let token = api.create(W).await;
        let logged = now_ms() - 60_000;
        let id = RecordId::parse("t1").unwrap();
        let ticket = Ticket::new(
            id,
            TicketType::Incident,
            "Mail is down",
            Level::High,
            Level::High,
            logged,
        )
        .unwrap();
        let created = api
            .push(W, &token, &changes_of(ticket.to_body(), logged))
            .await;
        assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
        let stored = api.record(W, "ticket/t1").await.expect("stored");
        assert_eq!(stored.body["title"], json!("Mail is down"));

        // Resolved with nobody assigned and no resolution: refused, with the rule in words.
        let step = json!({"to": "resolved", "at": logged + 1_000});
        let careless = changes_of(
            [("state", json!("resolved")), ("step#s1", step.clone())],
            logged + 1,
        );
        let refused = api.push(W, &token, &careless).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("needs someone assigned"), "{reason}");
        let unchanged = api.record(W, "ticket/t1").await.unwrap();
        assert_eq!(
            unchanged.body["state"],
            json!("new"),
            "nothing of the push was kept"
        );
        assert!(unchanged.body.get("step#s1").is_none());

        // A state the kind does not know is refused as well.
        let unknown = api
            .push(
                W,
                &token,
                &changes_of([("state", json!("lost"))], logged + 2),
            )
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);

        // With an assignee and a resolution in the same push, the step is taken.
        let done = changes_of(
            [
                ("assignee", json!("Grace")),
                ("resolution", json!("Restarted the relay.")),
                ("state", json!("resolved")),
                ("step#s1", step),
            ],
            logged + 3,
        );
        let resolved = api.push(W, &token, &done).await;
        assert_eq!(resolved.status, StatusCode::OK, "{:?}", resolved.body);
        let record = api.record(W, "ticket/t1").await.unwrap();
        let read = Ticket::read(&record, &()).expect("a valid ticket");
        assert_eq!(read.resolution, "Restarted the relay.");
        assert_eq!(read.steps.len(), 1);
    }
);
