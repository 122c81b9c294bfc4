//! Changes through the sync API on SQLite and PostgreSQL: an editor cannot decide on a change
//! (nor make one standard to skip the board), an approver can, and a change approved without
//! the decisions its kind asks for is refused whole.

mod common;

use axum::http::StatusCode;
use common::api::*;
use praxis_core::itsm::change_request::{ChangeRequest, ChangeState, ChangeType};
use praxis_core::itsm::priority::Level;
use praxis_core::itsm::release::Release;
use praxis_core::itsm::workflow::Stepped;
use praxis_core::{RecordId, RecordType};
use praxis_server::Backend;
use serde_json::{Value, json};

const W: &str = "ws-c";

/// One change to change c1 per field, by `who`, stamped from `at` on.
fn changes_of<F: AsRef<str>>(
    fields: impl IntoIterator<Item = (F, Value)>,
    at: i64,
    who: &str,
) -> Vec<praxis_core::Change> {
    changes_by(W, ("change_request", "c1"), fields, at, who)
}

on_both!(
    only_approvers_decide_on_a_change_and_the_server_checks_its_guards,
    |api: Api| async move {
        let owner = api.create(W).await;
        let editor = api.join_as(W, &owner, "editor", "Ed").await;
        let editor = editor["token"].as_str().unwrap().to_owned();
        let approver = api.join_as(W, &owner, "approver", "Ap").await;
        let approver = approver["token"].as_str().unwrap().to_owned();
        let logged = now_ms() - 60_000;
        let mut change = ChangeRequest::new(
            RecordId::parse("c1").unwrap(),
            ChangeType::Normal,
            "Patch",
            logged,
        )
        .unwrap();
        change.risk = Some(Level::Low);
        change.impact = "Mail restarts".into();
        change.security_impact = "None".into();
        change
            .step(
                ChangeState::Assessed,
                RecordId::parse("s1").unwrap(),
                logged + 1,
            )
            .unwrap();
        let created = api
            .push(W, &editor, &changes_of(change.to_body(), logged, "Ed"))
            .await;
        assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);

        // An editor moving it to approved without a decision: the kind's rule refuses it.
        let step = json!({"to": "approved", "at": logged + 2});
        let skip = changes_of(
            [("state", json!("approved")), ("step#s2", step.clone())],
            logged + 2,
            "Ed",
        );
        let refused = api.push(W, &editor, &skip).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(
            reason.contains("approved by 1 approver: none yet"),
            "{reason}"
        );

        // An editor's decision, or making the change standard, is refused for the role.
        let decision = json!({"by": "Ed", "verdict": "approve", "at": logged + 3});
        for field in [("decision#d1", decision), ("type", json!("standard"))] {
            let answer = api
                .push(W, &editor, &changes_of([field], logged + 3, "Ed"))
                .await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{:?}", answer.body);
            let reason = answer.body["refused"][0]["reason"].as_str().unwrap();
            assert!(reason.contains("an editor cannot approve"), "{reason}");
        }

        // An approver deciding in someone else's name is refused too.
        let forged = json!({"by": "Ada", "verdict": "approve", "at": logged + 4});
        let answer = api
            .push(
                W,
                &approver,
                &changes_of([("decision#d1", forged)], logged + 4, "Ap"),
            )
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);

        // The approver's own decision and the step it settles are taken together.
        let own = json!({"by": "Ap", "verdict": "approve", "at": logged + 5});
        let approved = changes_of(
            [
                ("decision#d1", own),
                ("state", json!("approved")),
                ("step#s2", json!({"to": "approved", "at": logged + 5})),
            ],
            logged + 5,
            "Ap",
        );
        let answer = api.push(W, &approver, &approved).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        let record = api.record(W, "change_request/c1").await.unwrap();
        let read = ChangeRequest::read(&record, &()).expect("a valid change");
        assert_eq!(read.state, ChangeState::Approved);
        assert_eq!(read.approvers(), ["Ap"]);
    }
);

on_both!(
    a_release_is_checked_by_its_kinds_rules_on_the_server,
    |api: Api| async move {
        let owner = api.create(W).await;
        let logged = now_ms() - 60_000;
        let release = Release::new(RecordId::parse("r1").unwrap(), "Relay 2.4", logged).unwrap();
        let fields = |body: serde_json::Map<String, Value>, at: i64| -> Vec<praxis_core::Change> {
            body.into_iter()
                .enumerate()
                .map(|(n, (field, value))| {
                    change(
                        W,
                        "release",
                        "r1",
                        &field,
                        Some(value),
                        (at, n as u32, "laptop"),
                    )
                })
                .collect()
        };
        let created = api
            .push(W, &owner, &fields(release.to_body(), logged))
            .await;
        assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);

        // Built with no change bundled: refused whole, with the rule in words.
        let mut built = serde_json::Map::new();
        built.insert("state".into(), json!("built"));
        built.insert("step#s1".into(), json!({"to": "built", "at": logged + 1}));
        let refused = api
            .push(W, &owner, &fields(built.clone(), logged + 1))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("bundles at least one change"), "{reason}");
        let unchanged = api.record(W, "release/r1").await.unwrap();
        assert_eq!(unchanged.body["state"], json!("planned"));

        // With a change bundled in the same push, it is taken.
        built.insert("change#c1".into(), json!(true));
        let taken = api.push(W, &owner, &fields(built, logged + 2)).await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);
        let read = Release::read(&api.record(W, "release/r1").await.unwrap(), &()).unwrap();
        assert_eq!(read.changes.len(), 1);
    }
);
