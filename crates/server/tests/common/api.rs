//! Talking to the sync API in-process: a router over a fresh database, JSON in and out, and
//! changes that make real records.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use praxis_core::assessment::{Assessment, AssessmentMeta, FrameworkChoice};
use praxis_core::framework::Catalogue;
use praxis_core::maturity::Scale;
use praxis_core::{Actor, Change, DeviceId, Hlc, RecordId, RecordKind, RecordType, WorkspaceId};
use praxis_server::{AppState, Backend, app};
use serde_json::{Value, json};
use tower::ServiceExt;

use super::TestDist;
use super::db::TestDb;

#[derive(Debug)]
pub struct Api {
    pub router: Router,
    pub db: TestDb,
    _dist: TestDist,
}

#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Api {
    pub async fn new(backend: Backend, test: &str) -> Option<Api> {
        Self::with_state(backend, test, |_| {}).await
    }

    /// A router over a fresh database, its state adjusted first (a limit lowered, say).
    pub async fn with_state(
        backend: Backend,
        test: &str,
        adjust: impl FnOnce(&mut AppState),
    ) -> Option<Api> {
        let db = TestDb::new(backend, test).await?;
        let dist = TestDist::new();
        let mut state = AppState::new(dist.path().to_path_buf(), db.db.clone());
        adjust(&mut state);
        let router = app(state);
        Some(Api {
            router,
            db,
            _dist: dist,
        })
    }

    /// A second server instance on the same database: its own pool and router.
    pub async fn second_instance(&self) -> Api {
        let dist = TestDist::new();
        let db = self.db.another().await;
        let router = app(AppState::new(dist.path().to_path_buf(), db.clone()));
        Api {
            router,
            db: TestDb::borrowed(db),
            _dist: dist,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let body = body.map(|b| b.to_string());
        self.raw(method, path, token, body.as_deref()).await
    }

    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Answer {
        let body = body.map(|text| ("application/json", text.as_bytes().to_vec()));
        let (status, bytes) = self.send(method, path, token, body).await;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!("not JSON ({status}): {}", String::from_utf8_lossy(&bytes))
            })
        };
        Answer { status, body }
    }

    /// A request with a body of raw bytes (or none); the answer's status and bytes as they are.
    pub async fn bytes(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> (StatusCode, Vec<u8>) {
        let body = body.map(|bytes| ("application/octet-stream", bytes));
        self.send(method, path, token, body).await
    }

    /// Sends one request (a body with its content type, or none) through the router.
    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, Vec<u8>)>,
    ) -> (StatusCode, Vec<u8>) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some((content_type, bytes)) => request
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(bytes)),
            None => request.body(Body::empty()),
        }
        .expect("request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, bytes.to_vec())
    }

    /// Creates workspace `id` owned by Ada; returns the owner's token.
    pub async fn create(&self, id: &str) -> String {
        let answer = self
            .call(
                Method::POST,
                "/api/v1/workspaces",
                None,
                Some(json!({"workspace": id, "name": format!("Workspace {id}"),
                    "member": {"name": "Ada", "email": "ada@example.org"}, "device": "Ada's laptop"})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
        assert_eq!(answer.body["role"], "owner");
        answer.body["token"].as_str().expect("token").to_owned()
    }

    /// Invites someone as `role` and joins as `name`; returns their session.
    pub async fn join_as(&self, workspace: &str, owner: &str, role: &str, name: &str) -> Value {
        let invite = self
            .call(
                Method::POST,
                &format!("/api/v1/workspaces/{workspace}/invites"),
                Some(owner),
                Some(json!({"role": role, "hours": 24})),
            )
            .await;
        assert_eq!(invite.status, StatusCode::CREATED, "{:?}", invite.body);
        let joined = self
            .call(
                Method::POST,
                "/api/v1/join",
                None,
                Some(json!({"code": invite.body["code"], "member": {"name": name}, "device": format!("{name}'s tablet")})),
            )
            .await;
        assert_eq!(joined.status, StatusCode::CREATED, "{:?}", joined.body);
        joined.body
    }

    pub async fn push(&self, workspace: &str, token: &str, changes: &[Change]) -> Answer {
        self.call(
            Method::POST,
            &format!("/api/v1/workspaces/{workspace}/changes"),
            Some(token),
            Some(json!({ "changes": changes })),
        )
        .await
    }

    /// Every change of the workspace, pulled page by page.
    pub async fn pull_all(&self, workspace: &str, token: &str, page: usize) -> Vec<(u64, Change)> {
        let mut after = 0;
        let mut all = Vec::new();
        loop {
            let answer = self
                .call(
                    Method::GET,
                    &format!("/api/v1/workspaces/{workspace}/changes?after={after}&limit={page}"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
            for pulled in answer.body["changes"].as_array().expect("changes") {
                let change: Change =
                    serde_json::from_value(pulled["change"].clone()).expect("a change");
                all.push((pulled["seq"].as_u64().expect("seq"), change));
            }
            after = answer.body["cursor"].as_u64().expect("cursor");
            if answer.body["more"] != json!(true) {
                return all;
            }
        }
    }

    /// A record as the server holds it.
    pub async fn record(&self, workspace: &str, key: &str) -> Option<praxis_core::Record> {
        use sqlx::Row;
        let row =
            sqlx::query("SELECT record FROM records WHERE workspace_id = $1 AND record_key = $2")
                .bind(workspace)
                .bind(key)
                .fetch_optional(&self.db.db.pool)
                .await
                .expect("query");
        row.map(|row| serde_json::from_str(&row.get::<String, _>("record")).expect("record"))
    }

    pub async fn count(&self, table: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .fetch_one(&self.db.db.pool)
            .await
            .expect("count")
            .get("n")
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// One change by `device`, stamped at `at` with `counter`.
pub fn change(
    workspace: &str,
    kind: &str,
    id: &str,
    field: &str,
    value: Option<Value>,
    (at, counter, device): (i64, u32, &str),
) -> Change {
    Change {
        replaces: Vec::new(),
        workspace: WorkspaceId::parse(workspace).expect("workspace id"),
        kind: RecordKind::parse(kind).expect("kind"),
        record_id: RecordId::parse(id).expect("record id"),
        field: field.to_owned(),
        value,
        clock: Hlc::new(at, counter, DeviceId::parse(device).expect("device id")),
        actor: Actor::parse("Ada", "").expect("actor"),
    }
}

/// One change per field of `kind/id` in `workspace`, by `who`, stamped from `at` on (one
/// counter step each, from the device "laptop").
pub fn changes_by<F: AsRef<str>>(
    workspace: &str,
    (kind, id): (&str, &str),
    fields: impl IntoIterator<Item = (F, Value)>,
    at: i64,
    who: &str,
) -> Vec<Change> {
    fields
        .into_iter()
        .enumerate()
        .map(|(n, (field, value))| {
            let mut c = change(
                workspace,
                kind,
                id,
                field.as_ref(),
                Some(value),
                (at, n as u32, "laptop"),
            );
            c.actor = Actor::parse(who, "").expect("actor");
            c
        })
        .collect()
}

/// The changes that create an integrated assessment `id`, stamped from `at` on.
pub fn new_assessment(workspace: &str, id: &str, at: i64, device: &str) -> Vec<Change> {
    let meta = AssessmentMeta {
        title: format!("Readiness {id}"),
        frameworks: FrameworkChoice::Integrated,
        scale: Scale::IsmsMaturity,
        scope: String::new(),
        assessor: String::new(),
        date: "2026-12-01".into(),
        target: 3,
        created_at: at,
        approved_on: None,
        framework: None,
        sharing_rules: praxis_core::assessment::SHARING_RULES,
        blocker_level: praxis_core::assessment::DEFAULT_BLOCKER_LEVEL,
    };
    let assessment = Assessment::new(
        RecordId::parse(id).expect("id"),
        meta,
        &Catalogue::builtin(),
    )
    .expect("a valid assessment");
    assessment
        .to_body()
        .into_iter()
        .enumerate()
        .map(|(n, (field, value))| {
            change(
                workspace,
                "assessment",
                id,
                &field,
                Some(value),
                (at, n as u32, device),
            )
        })
        .collect()
}

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let api = Api::new(Backend::Sqlite, stringify!($name))
                    .await
                    .expect("SQLite");
                ($body)(api).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(api) = Api::new(Backend::Postgres, stringify!($name)).await {
                    ($body)(api).await;
                }
            }
        }
    };
}
