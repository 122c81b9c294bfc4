//! The sync API, adversarially, on SQLite and on PostgreSQL alike: replays, duplicates,
//! out-of-order pulls, older-after-newer, malformed and oversized bodies, unknown kinds, roles,
//! revoked tokens, and every endpoint with a token of another workspace.

mod common;

use axum::http::{Method, StatusCode};
use common::api::*;
use praxis_server::Backend;
use serde_json::{Value, json};

const W: &str = "ws-a";

/// A change to one field of assessment `id` in workspace W.
fn assessment_edit(
    id: &str,
    field: &str,
    value: Value,
    stamp: (i64, u32, &str),
) -> praxis_core::Change {
    change(W, "assessment", id, field, Some(value), stamp)
}

on_both!(
    creating_a_workspace_makes_its_creator_the_owner,
    |api: Api| async move {
        let token = api.create(W).await;
        let members = api
            .call(
                Method::GET,
                &format!("/api/v1/workspaces/{W}/members"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(members.status, StatusCode::OK);
        let list = members.body["members"].as_array().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["role"], "owner");
        assert_eq!(list[0]["email"], "ada@example.org");
        assert_eq!(list[0]["devices"][0]["name"], "Ada's laptop");
        assert_eq!(members.body["you"], list[0]["id"]);

        let again = api.call(Method::POST, "/api/v1/workspaces", None,
        Some(json!({"workspace": W, "name": "Other", "member": {"name": "Eve"}, "device": "x"}))).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(api.count("members").await, 1, "nothing added");
        let stored: String = sqlx::query_scalar::<_, String>("SELECT token_hash FROM devices")
            .fetch_one(&api.db.db.pool)
            .await
            .unwrap();
        assert_ne!(stored, token, "only the hash is stored");
    }
);

on_both!(an_invite_is_single_use_and_expires, |api: Api| async move {
    let owner = api.create(W).await;
    let invite = api
        .call(
            Method::POST,
            &format!("/api/v1/workspaces/{W}/invites"),
            Some(&owner),
            Some(json!({"role": "editor", "hours": 1})),
        )
        .await;
    let code = invite.body["code"].as_str().unwrap().to_owned();
    let join = |code: String| {
        let api = &api;
        async move {
            api.call(
                Method::POST,
                "/api/v1/join",
                None,
                Some(json!({"code": code, "member": {"name": "Bo"}, "device": "Bo's phone"})),
            )
            .await
        }
    };
    // Typed in capitals with spaces: still the code.
    let joined = join(code.to_uppercase().replace('-', " ")).await;
    assert_eq!(joined.status, StatusCode::CREATED, "{:?}", joined.body);
    assert_eq!(joined.body["role"], "editor");
    assert_eq!(joined.body["workspace_name"], "Workspace ws-a");
    assert_eq!(join(code).await.status, StatusCode::NOT_FOUND, "used up");

    let expired = api
        .call(
            Method::POST,
            &format!("/api/v1/workspaces/{W}/invites"),
            Some(&owner),
            Some(json!({"role": "viewer", "hours": 1})),
        )
        .await
        .body["code"]
        .as_str()
        .unwrap()
        .to_owned();
    sqlx::query("UPDATE invites SET expires_at = 1 WHERE used_at IS NULL")
        .execute(&api.db.db.pool)
        .await
        .unwrap();
    let late = join(expired).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);
    assert!(late.body["error"].as_str().unwrap().contains("expired"));
    assert_eq!(api.count("members").await, 2);

    let editor = joined.body["token"].as_str().unwrap();
    let by_editor = api
        .call(
            Method::POST,
            &format!("/api/v1/workspaces/{W}/invites"),
            Some(editor),
            Some(json!({"role": "owner", "hours": 1})),
        )
        .await;
    assert_eq!(by_editor.status, StatusCode::FORBIDDEN);
    for hours in [0, 24 * 31] {
        let bad = api
            .call(
                Method::POST,
                &format!("/api/v1/workspaces/{W}/invites"),
                Some(&owner),
                Some(json!({"role": "editor", "hours": hours})),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
});

on_both!(
    pushes_are_idempotent_and_pulls_page_in_order,
    |api: Api| async move {
        let owner = api.create(W).await;
        let now = now_ms();
        let changes = new_assessment(W, "a1", now, "dev-a");
        let first = api.push(W, &owner, &changes).await;
        assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
        assert_eq!(first.body["accepted"], changes.len());
        assert_eq!(first.body["cursor"], changes.len());

        // Replayed whole, and duplicated within one batch: nothing new.
        let replay = api.push(W, &owner, &changes).await;
        assert_eq!(
            replay.body,
            json!({"accepted": 0, "duplicates": changes.len(), "cursor": changes.len()})
        );
        let doubled: Vec<_> = changes.iter().chain(&changes).cloned().collect();
        assert_eq!(
            api.push(W, &owner, &doubled).await.body["duplicates"],
            2 * changes.len()
        );
        let one_more = assessment_edit("a1", "scope", json!("All services"), (now + 1, 0, "dev-a"));
        let mixed = api
            .push(
                W,
                &owner,
                &[changes[0].clone(), one_more.clone(), one_more.clone()],
            )
            .await;
        assert_eq!(
            mixed.body,
            json!({"accepted": 1, "duplicates": 2, "cursor": changes.len() + 1})
        );

        let pulled = api.pull_all(W, &owner, 3).await;
        assert_eq!(pulled.len(), changes.len() + 1, "each change once");
        let seqs: Vec<u64> = pulled.iter().map(|(seq, _)| *seq).collect();
        assert_eq!(seqs, (1..=pulled.len() as u64).collect::<Vec<_>>());
        assert_eq!(pulled.last().unwrap().1, one_more);

        // Pulls from any cursor, out of order, agree with the whole.
        for after in [5u64, 2, 7, 0] {
            let page = api
                .call(
                    Method::GET,
                    &format!("/api/v1/workspaces/{W}/changes?after={after}&limit=2"),
                    Some(&owner),
                    None,
                )
                .await;
            let got: Vec<u64> = page.body["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["seq"].as_u64().unwrap())
                .collect();
            assert_eq!(got, vec![after + 1, after + 2]);
            assert_eq!(page.body["more"], true);
        }
        let beyond = api
            .call(
                Method::GET,
                &format!("/api/v1/workspaces/{W}/changes?after=9999"),
                Some(&owner),
                None,
            )
            .await;
        let latest = api.count("changes").await;
        assert_eq!(
            beyond.body,
            json!({"changes": [], "cursor": 9999, "more": false, "latest": latest, "role": "owner"})
        );
        for bad in ["limit=0", "limit=1001", "after=-1", "after=x", "colour=red"] {
            let answer = api
                .call(
                    Method::GET,
                    &format!("/api/v1/workspaces/{W}/changes?{bad}"),
                    Some(&owner),
                    None,
                )
                .await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
        }
    }
);

on_both!(
    an_older_change_arriving_later_never_overwrites_a_newer_one,
    |api: Api| async move {
        let owner = api.create(W).await;
        let now = now_ms();
        assert_eq!(
            api.push(W, &owner, &new_assessment(W, "a1", now, "dev-a"))
                .await
                .status,
            StatusCode::OK
        );
        let newer = assessment_edit("a1", "title", json!("Newer"), (now + 20, 0, "dev-b"));
        let older = assessment_edit("a1", "title", json!("Older"), (now + 10, 0, "dev-c"));
        assert_eq!(api.push(W, &owner, &[newer]).await.status, StatusCode::OK);
        assert_eq!(
            api.push(W, &owner, std::slice::from_ref(&older))
                .await
                .status,
            StatusCode::OK
        );
        let record = api.record(W, "assessment/a1").await.unwrap();
        assert_eq!(record.body["title"], "Newer");
        assert!(
            api.pull_all(W, &owner, 500)
                .await
                .iter()
                .any(|(_, c)| *c == older),
            "kept in the history"
        );
    }
);

on_both!(
    a_batch_with_one_bad_change_stores_nothing,
    |api: Api| async move {
        let owner = api.create(W).await;
        let now = now_ms();
        let mut changes = new_assessment(W, "a1", now, "dev-a");
        changes.push(assessment_edit(
            "a1",
            "target",
            json!(9),
            (now, 99, "dev-a"),
        ));
        let refused = api.push(W, &owner, &changes).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reasons = refused.body["refused"].as_array().unwrap();
        assert!(
            reasons
                .iter()
                .all(|r| r["reason"].as_str().unwrap().contains("from 1 to 5")),
            "{reasons:?}"
        );
        assert!(
            refused.body["error"]
                .as_str()
                .unwrap()
                .starts_with("The push was refused")
        );
        assert_eq!(api.count("changes").await, 0);
        assert_eq!(api.count("records").await, 0);

        // The same id with another value: refused, the first kept.
        changes.pop();
        assert_eq!(api.push(W, &owner, &changes).await.status, StatusCode::OK);
        let mut forged = changes[0].clone();
        forged.value = Some(json!("Forged"));
        let answer = api.push(W, &owner, &[forged]).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            answer.body["refused"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("Another change with this id")
        );
        assert_eq!(api.count("changes").await, changes.len() as i64);

        let gadget = change(
            W,
            "gadget",
            "g1",
            "colour",
            Some(json!("red")),
            (now, 500, "dev-a"),
        );
        let answer = api.push(W, &owner, &[gadget]).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            answer.body["error"]
                .as_str()
                .unwrap()
                .contains("does not know records of kind")
        );
        let ahead = assessment_edit("a1", "title", json!("T"), (now + 3_600_000, 0, "dev-a"));
        assert_eq!(
            api.push(W, &owner, &[ahead]).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(api.count("changes").await, changes.len() as i64);
    }
);

on_both!(
    malformed_oversized_and_wrongly_typed_bodies_change_nothing,
    |api: Api| async move {
        let owner = api.create(W).await;
        let path = format!("/api/v1/workspaces/{W}/changes");
        let cases: Vec<(String, StatusCode)> = vec![
        ("{not json".into(), StatusCode::BAD_REQUEST),
        ("{\"changes\": 7}".into(), StatusCode::UNPROCESSABLE_ENTITY),
        ("{\"changes\": [], \"extra\": 1}".into(), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"changes": [{"workspace": W, "kind": "assessment", "record_id": "a1", "field": "title",
            "value": "x", "clock": "yesterday", "actor": {"name": "Ada"}}]}).to_string(), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"changes": [{"workspace": "no spaces allowed", "kind": "assessment", "record_id": "a1",
            "field": "title", "clock": "000000000000001-00000000-d", "actor": {"name": ""}}]}).to_string(), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("{{\"changes\": [], \"pad\": \"{}\"}}", "x".repeat(praxis_server::MAX_BODY_BYTES)), StatusCode::PAYLOAD_TOO_LARGE),
    ];
        for (body, status) in cases {
            let answer = api
                .raw(Method::POST, &path, Some(&owner), Some(&body))
                .await;
            assert_eq!(answer.status, status, "{:.80}: {:?}", body, answer.body);
            let error = answer.body["error"].as_str().unwrap();
            assert!(
                !error.contains("sqlx") && !error.contains("/tmp"),
                "generic: {error}"
            );
        }
        let too_many: Vec<_> = (0..1001)
            .map(|n| {
                change(
                    W,
                    "assessment",
                    "a1",
                    "title",
                    Some(json!("t")),
                    (now_ms(), n, "dev-a"),
                )
            })
            .collect();
        assert_eq!(
            api.push(W, &owner, &too_many).await.status,
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(api.count("changes").await, 0);
    }
);

on_both!(
    viewers_cannot_write_and_editors_cannot_approve,
    |api: Api| async move {
        let owner = api.create(W).await;
        let now = now_ms();
        assert_eq!(
            api.push(W, &owner, &new_assessment(W, "a1", now, "dev-a"))
                .await
                .status,
            StatusCode::OK
        );
        let before = api.count("changes").await;
        let viewer = api.join_as(W, &owner, "viewer", "Vi").await;
        let edit = assessment_edit("a1", "title", json!("By a viewer"), (now + 1, 0, "dev-v"));
        let answer = api
            .push(W, viewer["token"].as_str().unwrap(), &[edit])
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        assert_eq!(
            answer.body["refused"][0]["reason"],
            "Viewers cannot change anything in this workspace."
        );
        assert!(
            answer.body["error"]
                .as_str()
                .unwrap()
                .contains("Viewers cannot change"),
            "{:?}",
            answer.body
        );

        let editor = api.join_as(W, &owner, "editor", "Ed").await;
        let approve = assessment_edit(
            "a1",
            "approved_on",
            json!("2026-12-02"),
            (now + 2, 0, "dev-e"),
        );
        let answer = api
            .push(
                W,
                editor["token"].as_str().unwrap(),
                std::slice::from_ref(&approve),
            )
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        assert_eq!(answer.body["refused"][0]["change_id"], approve.id());
        assert!(
            answer.body["refused"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("an editor cannot approve")
        );
        assert_eq!(api.count("changes").await, before, "nothing stored");

        let approver = api.join_as(W, &owner, "approver", "Ap").await;
        let answer = api
            .push(W, approver["token"].as_str().unwrap(), &[approve])
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        assert_eq!(
            api.record(W, "assessment/a1").await.unwrap().body["approved_on"],
            "2026-12-02"
        );
        // Viewers still read, and each page tells them their role.
        let page = api
            .call(
                Method::GET,
                &format!("/api/v1/workspaces/{W}/changes?after=0&limit=1"),
                Some(viewer["token"].as_str().unwrap()),
                None,
            )
            .await;
        assert_eq!(page.body["role"], "viewer");
        assert_eq!(
            api.pull_all(W, viewer["token"].as_str().unwrap(), 100)
                .await
                .len() as i64,
            before + 1
        );
    }
);

on_both!(revoked_tokens_members_and_roles, |api: Api| async move {
    let owner = api.create(W).await;
    let ed = api.join_as(W, &owner, "editor", "Ed").await;
    let ed_token = ed["token"].as_str().unwrap();
    let members_path = format!("/api/v1/workspaces/{W}/members");
    assert_eq!(
        api.call(Method::GET, &members_path, Some(ed_token), None)
            .await
            .status,
        StatusCode::OK
    );

    // An owner gives roles; the last owner cannot step down or be revoked.
    let owner_id = api
        .call(Method::GET, &members_path, Some(&owner), None)
        .await
        .body["you"]
        .as_str()
        .unwrap()
        .to_owned();
    let role_path = |member: &str| format!("/api/v1/workspaces/{W}/members/{member}/role");
    let demote = api
        .call(
            Method::PUT,
            &role_path(&owner_id),
            Some(&owner),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert_eq!(demote.status, StatusCode::CONFLICT);
    let ed_id = ed["member_id"].as_str().unwrap();
    let by_editor = api
        .call(
            Method::PUT,
            &role_path(ed_id),
            Some(ed_token),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(by_editor.status, StatusCode::FORBIDDEN);
    let promoted = api
        .call(
            Method::PUT,
            &role_path(ed_id),
            Some(&owner),
            Some(json!({"role": "approver"})),
        )
        .await;
    assert_eq!(promoted.status, StatusCode::OK);
    assert!(
        promoted.body["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == ed_id && m["role"] == "approver")
    );
    // The promoted member's devices learn it with their next pull.
    let page = api
        .call(
            Method::GET,
            &format!("/api/v1/workspaces/{W}/changes?after=0&limit=1"),
            Some(ed_token),
            None,
        )
        .await;
    assert_eq!(page.body["role"], "approver");
    let unknown_role = api
        .call(
            Method::PUT,
            &role_path(ed_id),
            Some(&owner),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(unknown_role.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A device revoked by its own member: its token no longer works.
    let device = ed["device_id"].as_str().unwrap();
    let revoke = api
        .call(
            Method::DELETE,
            &format!("/api/v1/workspaces/{W}/devices/{device}"),
            Some(ed_token),
            None,
        )
        .await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.call(Method::GET, &members_path, Some(ed_token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let push = api
        .push(W, ed_token, &new_assessment(W, "a1", now_ms(), "dev-e"))
        .await;
    assert_eq!(push.status, StatusCode::UNAUTHORIZED);

    // A member revoked: all their devices stop.
    let vi = api.join_as(W, &owner, "viewer", "Vi").await;
    let vi_id = vi["member_id"].as_str().unwrap();
    let gone = api
        .call(
            Method::DELETE,
            &format!("/api/v1/workspaces/{W}/members/{vi_id}"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.call(
            Method::GET,
            &members_path,
            Some(vi["token"].as_str().unwrap()),
            None
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let me = api
        .call(
            Method::DELETE,
            &format!("/api/v1/workspaces/{W}/members/{owner_id}"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(me.status, StatusCode::CONFLICT);
    let list = api
        .call(Method::GET, &members_path, Some(&owner), None)
        .await
        .body;
    assert!(
        list["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == vi_id && m["revoked"] == true)
    );

    for token in [None, Some("pxd_wrong"), Some("")] {
        let answer = api.call(Method::GET, &members_path, token, None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
});

on_both!(
    a_token_of_another_workspace_reaches_nothing_on_any_endpoint,
    |api: Api| async move {
        let owner_a = api.create(W).await;
        let owner_b = api.create("ws-b").await;
        assert_eq!(
            api.push(W, &owner_a, &new_assessment(W, "a1", now_ms(), "dev-a"))
                .await
                .status,
            StatusCode::OK
        );
        let a_members = api
            .call(
                Method::GET,
                &format!("/api/v1/workspaces/{W}/members"),
                Some(&owner_a),
                None,
            )
            .await
            .body;
        let a_member = a_members["members"][0]["id"].as_str().unwrap().to_owned();
        let a_device = a_members["members"][0]["devices"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let snapshot = |api: &Api| {
            let pool = api.db.db.pool.clone();
            async move {
                let mut all = Vec::new();
                for table in [
                    "workspaces",
                    "members",
                    "devices",
                    "invites",
                    "changes",
                    "records",
                ] {
                    let rows = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                    all.push(sqlx::Row::get::<i64, _>(&rows, "n"));
                }
                let revoked: i64 = sqlx::Row::get(
                    &sqlx::query("SELECT COUNT(*) AS n FROM devices WHERE revoked_at IS NOT NULL")
                        .fetch_one(&pool)
                        .await
                        .unwrap(),
                    "n",
                );
                all.push(revoked);
                all
            }
        };
        let before = snapshot(&api).await;
        let edit = json!({"changes": [change(W, "assessment", "a1", "title", Some(json!("From B")), (now_ms(), 0, "dev-b"))]});
        let endpoints: Vec<(Method, String, Option<Value>)> = vec![
            (Method::GET, format!("/api/v1/workspaces/{W}/members"), None),
            (
                Method::POST,
                format!("/api/v1/workspaces/{W}/invites"),
                Some(json!({"role": "owner", "hours": 1})),
            ),
            (
                Method::PUT,
                format!("/api/v1/workspaces/{W}/members/{a_member}/role"),
                Some(json!({"role": "viewer"})),
            ),
            (
                Method::DELETE,
                format!("/api/v1/workspaces/{W}/members/{a_member}"),
                None,
            ),
            (
                Method::DELETE,
                format!("/api/v1/workspaces/{W}/devices/{a_device}"),
                None,
            ),
            (
                Method::GET,
                format!("/api/v1/workspaces/{W}/changes?after=0"),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/workspaces/{W}/changes"),
                Some(edit),
            ),
        ];
        for (method, path, body) in endpoints {
            let answer = api.call(method.clone(), &path, Some(&owner_b), body).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{method} {path}: {:?}",
                answer.body
            );
            assert_eq!(
                answer.body,
                json!({"error": "No such workspace on this server."})
            );
        }
        assert_eq!(snapshot(&api).await, before, "nothing changed");
        // And B's own changes endpoint holds nothing of A's.
        assert!(api.pull_all("ws-b", &owner_b, 100).await.is_empty());
    }
);

on_both!(
    failed_sign_ins_and_joins_are_rate_limited,
    |api: Api| async move {
        let owner = api.create(W).await;
        let path = format!("/api/v1/workspaces/{W}/members");
        let mut statuses = Vec::new();
        for _ in 0..31 {
            statuses.push(
                api.call(Method::GET, &path, Some("pxd_guess"), None)
                    .await
                    .status,
            );
        }
        assert!(
            statuses[..30]
                .iter()
                .all(|s| *s == StatusCode::UNAUTHORIZED)
        );
        assert_eq!(statuses[30], StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            api.call(Method::GET, &path, Some(&owner), None)
                .await
                .status,
            StatusCode::TOO_MANY_REQUESTS,
            "while blocked, this address waits even with a good token"
        );

        let join = json!({"code": "aaaaa-bbbbb", "member": {"name": "Eve"}, "device": "x"});
        let mut statuses = Vec::new();
        for _ in 0..11 {
            statuses.push(
                api.call(Method::POST, "/api/v1/join", None, Some(join.clone()))
                    .await
                    .status,
            );
        }
        assert!(
            statuses[..10].iter().all(|s| *s == StatusCode::NOT_FOUND),
            "{statuses:?}"
        );
        assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    }
);

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let api = Api::new(Backend::Sqlite, "openapi").await.unwrap();
    let doc = api
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(
        doc.body["openapi"].as_str().unwrap().split('.').next(),
        Some("3")
    );
    let paths = doc.body["paths"].as_object().unwrap();
    for path in [
        "/api/v1/workspaces",
        "/api/v1/join",
        "/api/v1/workspaces/{workspace}/changes",
        "/api/v1/workspaces/{workspace}/members",
        "/api/v1/workspaces/{workspace}/invites",
        "/api/v1/workspaces/{workspace}/members/{member}/role",
        "/api/v1/workspaces/{workspace}/members/{member}",
        "/api/v1/workspaces/{workspace}/devices/{device}",
        "/api/v1/workspaces/{workspace}/files/missing",
        "/api/v1/workspaces/{workspace}/files/{sha256}",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    let schemas = doc.body["components"]["schemas"].as_object().unwrap();
    for schema in [
        "Change",
        "Push",
        "Pushed",
        "PushRefused",
        "Pull",
        "Session",
        "Role",
        "Member",
        "FileQuery",
        "MissingFiles",
    ] {
        assert!(schemas.contains_key(schema), "{schema} missing");
    }
    assert_eq!(
        schemas["Role"]["enum"],
        json!(["owner", "approver", "editor", "viewer"])
    );
}

/// Scale-out: two server instances (each its own pool and router, sharing nothing but the
/// database) on one PostgreSQL database; a client on each converges.
#[tokio::test]
async fn two_instances_on_one_postgres_database_converge() {
    let Some(first) = Api::new(Backend::Postgres, "two_instances").await else {
        return;
    };
    let second = first.second_instance().await;
    let owner = first.create(W).await;
    let other = first.join_as(W, &owner, "editor", "Bo").await;
    let other = other["token"].as_str().unwrap();
    let now = now_ms();
    assert_eq!(
        first
            .push(W, &owner, &new_assessment(W, "a1", now, "dev-a"))
            .await
            .status,
        StatusCode::OK
    );
    // Each client edits through its own instance, concurrently.
    let a = assessment_edit("a1", "title", json!("From A"), (now + 5, 0, "dev-a"));
    let b = assessment_edit("a1", "scope", json!("From B"), (now + 6, 0, "dev-b"));
    let (pushed_a, pushed_b) = tokio::join!(
        first.push(W, &owner, std::slice::from_ref(&a)),
        second.push(W, other, std::slice::from_ref(&b))
    );
    assert_eq!(
        (pushed_a.status, pushed_b.status),
        (StatusCode::OK, StatusCode::OK)
    );
    let seen_by_a = first.pull_all(W, &owner, 7).await;
    let seen_by_b = second.pull_all(W, other, 7).await;
    assert_eq!(seen_by_a, seen_by_b, "the same changes in the same order");
    let record = second.record(W, "assessment/a1").await.unwrap();
    assert_eq!(
        (record.body["title"].clone(), record.body["scope"].clone()),
        (json!("From A"), json!("From B"))
    );
}
