//! Risks, actions and the Statement of Applicability through the sync API on SQLite and
//! PostgreSQL: accepting a residual risk is an
//! approval — an editor's acceptance is refused for the role, an approver's in another's name
//! too — a risk accepted without an acceptance for its residual score is refused by the kind's
//! rule, and the approver's own acceptance with its step is taken; a change names the risks it
//! affects; a treatment task done without its evidence is refused. An editor cannot approve a
//! Statement of Applicability, an approver can, and an approved version refuses any edit. A
//! nonconformity closed without its effectiveness verified is refused whole. Only approvers
//! approve a document, and not before it says where it is kept.

mod common;

use axum::http::StatusCode;
use common::api::*;
use praxis_core::isms::action::{Action, ActionStatus, Serves};
use praxis_core::isms::document::{DocStatus, Document, Required};
use praxis_core::isms::nonconformity::{Grade, NcState, Nonconformity, Source};
use praxis_core::isms::risk::{Risk, RiskState, Treatment};
use praxis_core::isms::soa::{Implementation, Reason, Soa};
use praxis_core::itsm::change_request::{ChangeRequest, ChangeType};
use praxis_core::itsm::workflow::Stepped;
use praxis_core::{RecordId, RecordType};
use praxis_server::Backend;
use serde_json::{Value, json};

const W: &str = "ws-r";

/// One change per field of `kind/id`, by `who`, stamped from `at` on.
fn changes_of<F: AsRef<str>>(
    kind: &str,
    id: &str,
    fields: impl IntoIterator<Item = (F, Value)>,
    at: i64,
    who: &str,
) -> Vec<praxis_core::Change> {
    changes_by(W, (kind, id), fields, at, who)
}

/// Creates the workspace and gives the tokens of an editor, Ed, and an approver, Ap.
async fn editor_and_approver(api: &Api) -> (String, String) {
    let owner = api.create(W).await;
    let token = |joined: Value| joined["token"].as_str().unwrap().to_owned();
    let editor = token(api.join_as(W, &owner, "editor", "Ed").await);
    let approver = token(api.join_as(W, &owner, "approver", "Ap").await);
    (editor, approver)
}

fn id(text: &str) -> RecordId {
    RecordId::parse(text).unwrap()
}

on_both!(
    only_approvers_accept_a_residual_risk_in_their_own_name,
    |api: Api| async move {
        let (editor, approver) = editor_and_approver(&api).await;
        let logged = now_ms() - 60_000;

        // An editor records a risk, analysed and retained, its residual assessed.
        let mut risk = Risk::new(id("r1"), "Stolen laptop", logged).unwrap();
        risk.owner = "Ed".into();
        risk.likelihood = Some(3);
        risk.impact.confidentiality = Some(4);
        risk.treatment = Some(Treatment::Retain);
        risk.residual_likelihood = Some(3);
        risk.residual_impact = Some(4);
        risk.step(RiskState::Analysed, id("s1"), logged + 1)
            .unwrap();
        let created = api
            .push(
                W,
                &editor,
                &changes_of("risk", "r1", risk.to_body(), logged, "Ed"),
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);

        // Moved to accepted without an acceptance: the kind's rule refuses it.
        let step = json!({"to": "accepted", "at": logged + 2});
        let skip = changes_of(
            "risk",
            "r1",
            [("state", json!("accepted")), ("step#s2", step)],
            logged + 2,
            "Ed",
        );
        let refused = api.push(W, &editor, &skip).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("record the acceptance first"), "{reason}");

        // An editor's acceptance is refused for the role.
        let by_ed = json!({"by": "Ed", "at": logged + 3, "score": 12});
        let answer = api
            .push(
                W,
                &editor,
                &changes_of("risk", "r1", [("acceptance", by_ed)], logged + 3, "Ed"),
            )
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{:?}", answer.body);
        let reason = answer.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("an editor cannot approve"), "{reason}");

        // An approver accepting in someone else's name is refused too.
        let forged = json!({"by": "Ada", "at": logged + 4, "score": 12});
        let answer = api
            .push(
                W,
                &approver,
                &changes_of("risk", "r1", [("acceptance", forged)], logged + 4, "Ap"),
            )
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);

        // The approver's own acceptance for the residual score, with its step, is taken.
        let own = json!({"by": "Ap", "at": logged + 5, "score": 12});
        let accepted = changes_of(
            "risk",
            "r1",
            [
                ("acceptance", own),
                ("state", json!("accepted")),
                ("step#s2", json!({"to": "accepted", "at": logged + 5})),
            ],
            logged + 5,
            "Ap",
        );
        let answer = api.push(W, &approver, &accepted).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        let record = api.record(W, "risk/r1").await.unwrap();
        let read = Risk::read(&record, &()).expect("a valid risk");
        assert_eq!(read.state, RiskState::Accepted);
        assert_eq!(
            read.acceptance_in_force().map(|a| a.by.as_str()),
            Some("Ap")
        );

        // A change names the risk; a link that is not `true` is refused.
        let change =
            ChangeRequest::new(id("c1"), ChangeType::Normal, "Encrypt disks", logged).unwrap();
        let mut body = change.to_body();
        body.insert("risk#r1".into(), json!(true));
        let taken = api
            .push(
                W,
                &editor,
                &changes_of("change_request", "c1", body, logged + 6, "Ed"),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);
        let bad = changes_of(
            "change_request",
            "c1",
            [("risk#r2", json!("yes"))],
            logged + 7,
            "Ed",
        );
        let refused = api.push(W, &editor, &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let record = api.record(W, "change_request/c1").await.unwrap();
        let read = ChangeRequest::read(&record, &()).unwrap();
        assert_eq!(read.risks.into_iter().collect::<Vec<_>>(), [id("r1")]);

        // A treatment task marked done without its evidence is refused whole; with it, taken.
        let serves = Serves::parse("risk/r1").unwrap();
        let mut task = Action::new(id("a1"), "Encrypt disks", Some(serves), logged).unwrap();
        task.owner = "Ed".into();
        task.status = ActionStatus::Done;
        task.done_on = Some(praxis_core::date::Date::parse("2026-12-01").unwrap());
        let mut body = task.to_body();
        let refused = api
            .push(
                W,
                &editor,
                &changes_of("action", "a1", body.clone(), logged + 8, "Ed"),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            api.record(W, "action/a1").await.is_none(),
            "nothing of it kept"
        );
        body.insert("evidence".into(), json!("MDM report"));
        let taken = api
            .push(
                W,
                &editor,
                &changes_of("action", "a1", body, logged + 9, "Ed"),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);
    }
);

on_both!(
    only_approvers_approve_the_statement_of_applicability_and_it_is_then_frozen,
    |api: Api| async move {
        let (editor, approver) = editor_and_approver(&api).await;
        let at = now_ms() - 60_000;
        let mut soa = Soa::new(id("v1"), 1, at);
        for row in soa.rows.values_mut() {
            row.reasons.insert(Reason::Risk);
            row.status = Some(Implementation::Implemented);
        }
        let taken = api
            .push(
                W,
                &editor,
                &changes_of("soa", "v1", soa.to_body(), at, "Ed"),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);

        // An editor's approval is refused for the role.
        let by_ed = json!({"by": "Ed", "at": at + 1, "digest": soa.digest()});
        let answer = api
            .push(
                W,
                &editor,
                &changes_of("soa", "v1", [("approval", by_ed)], at + 1, "Ed"),
            )
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{:?}", answer.body);

        // The approver's, for the rows as they are, is taken.
        let by_ap = json!({"by": "Ap", "at": at + 2, "digest": soa.digest()});
        let answer = api
            .push(
                W,
                &approver,
                &changes_of("soa", "v1", [("approval", by_ap)], at + 2, "Ap"),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);

        // Any edit to a row afterwards is refused whole: the version is frozen.
        let edit = changes_of("soa", "v1", [("A.5.1#owner", json!("Eve"))], at + 3, "Ed");
        let refused = api.push(W, &editor, &edit).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("start a new version"), "{reason}");
        let record = api.record(W, "soa/v1").await.unwrap();
        let read = Soa::read(&record, &()).unwrap();
        assert_eq!(read.approval.map(|a| a.by), Some("Ap".to_owned()));
        assert_eq!(read.rows["A.5.1"].owner, "");
    }
);

on_both!(
    a_nonconformity_closes_only_once_its_effectiveness_is_verified,
    |api: Api| async move {
        let (editor, _) = editor_and_approver(&api).await;
        let at = now_ms() - 60_000;
        let day = |d: &str| praxis_core::date::Date::parse(d).unwrap();
        let mut nc = Nonconformity::new(
            id("n1"),
            "Access not reviewed",
            Source::InternalAudit,
            Grade::Minor,
            day("2026-12-01"),
            at,
        )
        .unwrap();
        nc.owner = "Ed".into();
        nc.correction = "Reviewed now".into();
        nc.root_cause = "No reminder".into();
        nc.corrective_action = "Quarterly reminder".into();
        for (n, state) in [
            NcState::Corrected,
            NcState::CauseAnalysed,
            NcState::ActionImplemented,
        ]
        .into_iter()
        .enumerate()
        {
            nc.step(state, id(&format!("s{n}")), at + n as i64 + 1)
                .unwrap();
        }
        let taken = api
            .push(
                W,
                &editor,
                &changes_of("nonconformity", "n1", nc.to_body(), at, "Ed"),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);
        // Straight to closed, skipping the effectiveness review: refused whole.
        let skip = changes_of(
            "nonconformity",
            "n1",
            [
                ("state", json!("closed")),
                ("step#s9", json!({"to": "closed", "at": at + 10})),
            ],
            at + 10,
            "Ed",
        );
        let refused = api.push(W, &editor, &skip).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let record = api.record(W, "nonconformity/n1").await.unwrap();
        let read = Nonconformity::read(&record, &()).unwrap();
        assert_eq!(read.state, NcState::ActionImplemented);
    }
);

on_both!(
    only_approvers_approve_a_document_and_never_a_version_without_its_place,
    |api: Api| async move {
        let (editor, approver) = editor_and_approver(&api).await;
        let at = now_ms() - 60_000;
        let policy = Document::of_required(Required::by_key("isms-policy").unwrap(), at);
        let mut written = policy.clone();
        written.owner = "Ed".into();
        written.version = "1.0".into();
        let taken = api
            .push(
                W,
                &editor,
                &changes_of("document", "isms-policy", written.to_body(), at, "Ed"),
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{:?}", taken.body);

        // An editor's approval is refused for the role.
        let approval = |by: &str, n: i64| json!({"by": by, "at": at + n, "version": "1.0"});
        let by_ed = changes_of(
            "document",
            "isms-policy",
            [("approval", approval("Ed", 1))],
            at + 1,
            "Ed",
        );
        let answer = api.push(W, &editor, &by_ed).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{:?}", answer.body);

        // The approver's is refused by the kind's rule while nobody says where it is kept.
        let by_ap = changes_of(
            "document",
            "isms-policy",
            [("approval", approval("Ap", 2))],
            at + 2,
            "Ap",
        );
        let refused = api.push(W, &approver, &by_ap).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = refused.body["refused"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("where it is kept"), "{reason}");

        // With its place given in the same push, it is taken whole.
        let mut both = changes_of(
            "document",
            "isms-policy",
            [("location", json!("Intranet"))],
            at + 3,
            "Ap",
        );
        both.extend(changes_of(
            "document",
            "isms-policy",
            [("approval", approval("Ap", 4))],
            at + 4,
            "Ap",
        ));
        let answer = api.push(W, &approver, &both).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        let record = api.record(W, "document/isms-policy").await.unwrap();
        let read = Document::read(&record, &()).unwrap();
        assert_eq!(read.status(), DocStatus::Approved);
        assert_eq!(read.title, "Information security policy");
    }
);
