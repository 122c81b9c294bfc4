//! Evidence files through the sync API on SQLite and PostgreSQL: a file is taken only once a
//! live evidence record of the workspace names it with its size, only from members who may
//! write, only when its bytes are the ones its SHA-256 names and within 10 MiB; the same file
//! again is a no-op; every member fetches it; asking which files are missing names only those;
//! and a token of another workspace learns nothing. Then the app's round with the real server
//! in the loop: a file attached on one device opens on another.

mod common;

use axum::http::{Method, StatusCode};
use common::api::*;
use praxis_core::evidence::{EvidenceFile, MAX_FILE_BYTES, Sha256};
use praxis_core::isms::action::Serves;
use praxis_core::sync::{MAX_FILE_QUERY, MissingFiles, Pull, Pushed};
use praxis_core::{
    Actor, Change, DeviceId, Op, RecordId, RecordType, Role, Workspace, WorkspaceId, WorkspaceName,
    WriteBatch,
};
use praxis_server::Backend;
use praxis_store::{MemoryStore, Store};
use praxis_sync::{
    FileMemo, FileTransport, Report, Round, Transport, TransportError, read_answer,
    read_file_answer, read_no_content, read_pull_answer, read_push_answer, sync_files, sync_round,
};
use serde_json::{Value, json};

const W: &str = "ws-files";

struct Members {
    editor: String,
    viewer: String,
}

async fn members(api: &Api) -> Members {
    let owner = api.create(W).await;
    let token = |joined: Value| joined["token"].as_str().unwrap().to_owned();
    Members {
        editor: token(api.join_as(W, &owner, "editor", "Ed").await),
        viewer: token(api.join_as(W, &owner, "viewer", "Vi").await),
    }
}

/// The changes that record `bytes` as evidence file `id` for risk r1, `size` as given.
fn evidence_record(id: &str, bytes: &[u8], size: u64) -> Vec<praxis_core::Change> {
    let mut file = EvidenceFile::of_bytes(
        RecordId::parse(id).unwrap(),
        Serves::parse("risk/r1").unwrap(),
        "access review.pdf",
        "application/pdf",
        bytes,
        now_ms() - 60_000,
    )
    .unwrap();
    file.size = size;
    changes_by(
        W,
        ("evidence_file", id),
        file.to_body(),
        now_ms() - 60_000,
        "Ed",
    )
}

fn file_path(sha256: &Sha256) -> String {
    format!("/api/v1/workspaces/{W}/files/{sha256}")
}

async fn missing(api: &Api, token: &str, hashes: &[&Sha256]) -> (StatusCode, Value) {
    let answer = api
        .call(
            Method::POST,
            &format!("/api/v1/workspaces/{W}/files/missing"),
            Some(token),
            Some(json!({ "hashes": hashes })),
        )
        .await;
    (answer.status, answer.body)
}

/// Uploads `bytes` to `path` with `token`: the answer's status and body.
async fn put(api: &Api, path: &str, token: &str, bytes: Vec<u8>) -> (StatusCode, Vec<u8>) {
    api.bytes(Method::PUT, path, Some(token), Some(bytes)).await
}

fn error_of(body: &[u8]) -> String {
    let value: Value = serde_json::from_slice(body).expect("a JSON error");
    value["error"].as_str().expect("a sentence").to_owned()
}

on_both!(
    a_file_is_taken_once_its_record_names_it_and_every_member_fetches_it,
    |api: Api| async move {
        let Members { editor, viewer } = members(&api).await;
        let bytes = b"%PDF-1.7 the quarterly access review".to_vec();
        let sha = Sha256::of(&bytes);
        let unknown = Sha256::of(b"never attached");

        // Before any record names it, the file is refused.
        let (status, body) = put(&api, &file_path(&sha), &editor, bytes.clone()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}", error_of(&body));
        assert!(error_of(&body).contains("sync its record first"));
        assert_eq!(api.count("files").await, 0);

        let pushed = api
            .push(
                W,
                &editor,
                &evidence_record("f1", &bytes, bytes.len() as u64),
            )
            .await;
        assert_eq!(pushed.status, StatusCode::OK, "{:?}", pushed.body);
        let (status, body) = missing(&api, &editor, &[&sha, &unknown, &sha]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({ "missing": [sha.as_str(), unknown.as_str()] }));

        // A viewer cannot upload; bytes that are not the file named are refused.
        let (status, body) = put(&api, &file_path(&sha), &viewer, bytes.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(error_of(&body).contains("Viewers cannot add evidence files"));
        let mut tampered = bytes.clone();
        tampered[0] ^= 1;
        let (status, body) = put(&api, &file_path(&sha), &editor, tampered).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_of(&body).contains("SHA-256 differs"));
        assert_eq!(api.count("files").await, 0, "nothing stored");

        // Taken, and taken again as a no-op.
        for _ in 0..2 {
            let (status, _) = put(&api, &file_path(&sha), &editor, bytes.clone()).await;
            assert_eq!(status, StatusCode::NO_CONTENT);
        }
        assert_eq!(api.count("files").await, 1);
        let (_, body) = missing(&api, &viewer, &[&sha, &unknown]).await;
        assert_eq!(body, json!({ "missing": [unknown.as_str()] }));

        // Every member fetches the bytes as they were sent.
        let (status, fetched) = api
            .bytes(Method::GET, &file_path(&sha), Some(&viewer), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(fetched, bytes);
        let (status, body) = api
            .bytes(Method::GET, &file_path(&unknown), Some(&viewer), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(error_of(&body).contains("not on the server yet"));
        let (status, body) = api
            .bytes(
                Method::GET,
                &format!(
                    "/api/v1/workspaces/{W}/files/{}",
                    sha.as_str().to_uppercase()
                ),
                Some(&viewer),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(error_of(&body).contains("64 lowercase hexadecimal digits"));
    }
);

on_both!(
    a_record_that_gives_the_file_another_size_or_is_deleted_names_nothing,
    |api: Api| async move {
        let Members { editor, .. } = members(&api).await;
        let bytes = b"minutes of the management review".to_vec();
        let sha = Sha256::of(&bytes);
        let wrong_size = evidence_record("f2", &bytes, bytes.len() as u64 + 1);
        let pushed = api.push(W, &editor, &wrong_size).await;
        assert_eq!(pushed.status, StatusCode::OK, "{:?}", pushed.body);
        let (status, body) = put(&api, &file_path(&sha), &editor, bytes.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            error_of(&body).contains("names this file with"),
            "{}",
            error_of(&body)
        );

        let other = b"a deleted scan".to_vec();
        let other_sha = Sha256::of(&other);
        let mut record = evidence_record("f3", &other, other.len() as u64);
        let mut deletion = record[0].clone();
        deletion.field = praxis_core::record::DELETED_FIELD.to_owned();
        deletion.value = Some(json!(true));
        deletion.clock = praxis_core::Hlc::new(now_ms(), 0, deletion.clock.device().clone());
        record.push(deletion);
        let pushed = api.push(W, &editor, &record).await;
        assert_eq!(pushed.status, StatusCode::OK, "{:?}", pushed.body);
        let (status, _) = put(&api, &file_path(&other_sha), &editor, other).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(api.count("files").await, 0);
    }
);

on_both!(
    oversized_files_long_questions_and_strangers_are_refused,
    |api: Api| async move {
        let Members { editor, .. } = members(&api).await;
        let big = vec![7u8; MAX_FILE_BYTES as usize + 1];
        let (status, body) = put(&api, &file_path(&Sha256::of(&big)), &editor, big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(
            error_of(&body).contains("at most 10 MiB"),
            "{}",
            error_of(&body)
        );

        let many: Vec<Sha256> = (0..=MAX_FILE_QUERY)
            .map(|n| Sha256::of(&n.to_be_bytes()))
            .collect();
        let asked: Vec<&Sha256> = many.iter().collect();
        let (status, body) = missing(&api, &editor, &asked).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body["error"].as_str().unwrap().contains("at most 1000"));
        let answer = api
            .call(
                Method::POST,
                &format!("/api/v1/workspaces/{W}/files/missing"),
                Some(&editor),
                Some(json!({ "hashes": ["not-a-hash"] })),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            answer.body
        );

        // Another workspace's token, or none, learns nothing of this one's files.
        let stranger = api.create("ws-other").await;
        let bytes = b"a scan".to_vec();
        let pushed = api
            .push(
                W,
                &editor,
                &evidence_record("f4", &bytes, bytes.len() as u64),
            )
            .await;
        assert_eq!(pushed.status, StatusCode::OK);
        let path = file_path(&Sha256::of(&bytes));
        let (status, _) = put(&api, &path, &stranger, bytes.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = api
            .bytes(Method::PUT, &path, None, Some(bytes.clone()))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(api.count("files").await, 0);
        let (status, _) = put(&api, &path, &editor, bytes).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = api.bytes(Method::GET, &path, Some(&stranger), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

/// A workspace may keep only as many bytes of files as the server allows; a file held already
/// is still taken again (a no-op), and nothing is stored past the limit.
async fn files_past_the_limit_are_refused(backend: Backend) {
    let Some(api) = Api::with_state(backend, "file_storage_limit", |state| {
        state.file_storage_bytes = 100;
    })
    .await
    else {
        return;
    };
    let Members { editor, .. } = members(&api).await;
    let first = vec![1u8; 60];
    let second = vec![2u8; 41];
    for (id, bytes) in [("f1", &first), ("f2", &second)] {
        let pushed = api
            .push(W, &editor, &evidence_record(id, bytes, bytes.len() as u64))
            .await;
        assert_eq!(pushed.status, StatusCode::OK, "{:?}", pushed.body);
    }
    let (status, _) = put(
        &api,
        &file_path(&Sha256::of(&first)),
        &editor,
        first.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = put(&api, &file_path(&Sha256::of(&second)), &editor, second).await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE);
    assert!(
        error_of(&body).contains("reached its limit of"),
        "{}",
        error_of(&body)
    );
    let (status, _) = put(&api, &file_path(&Sha256::of(&first)), &editor, first).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "held already: taken again");
    assert_eq!(api.count("files").await, 1);
}

#[tokio::test]
async fn files_past_the_limit_are_refused_on_sqlite() {
    files_past_the_limit_are_refused(Backend::Sqlite).await;
}

#[tokio::test]
async fn files_past_the_limit_are_refused_on_postgres() {
    files_past_the_limit_are_refused(Backend::Postgres).await;
}

/// One device's way to the server in-process, for changes and for files.
struct Link<'a> {
    api: &'a Api,
    token: String,
}

impl Link<'_> {
    fn path(&self, rest: &str) -> String {
        format!("/api/v1/workspaces/{W}/{rest}")
    }
}

impl Transport for Link<'_> {
    async fn push(&self, changes: &[Change]) -> Result<Pushed, TransportError> {
        let answer = self.api.push(W, &self.token, changes).await;
        read_push_answer(
            answer.status.as_u16(),
            &serde_json::to_vec(&answer.body).unwrap(),
        )
    }

    async fn pull(&self, after: u64, limit: usize) -> Result<Pull, TransportError> {
        let path = self.path(&format!("changes?after={after}&limit={limit}"));
        let answer = self
            .api
            .call(Method::GET, &path, Some(&self.token), None)
            .await;
        read_pull_answer(
            answer.status.as_u16(),
            &serde_json::to_vec(&answer.body).unwrap(),
        )
    }
}

impl FileTransport for Link<'_> {
    async fn missing_files(&self, hashes: &[Sha256]) -> Result<Vec<Sha256>, TransportError> {
        let body = json!({ "hashes": hashes });
        let answer = self
            .api
            .call(
                Method::POST,
                &self.path("files/missing"),
                Some(&self.token),
                Some(body),
            )
            .await;
        let bytes = serde_json::to_vec(&answer.body).unwrap();
        read_answer::<MissingFiles>(answer.status.as_u16(), &bytes).map(|m| m.missing)
    }

    async fn upload_file(&self, sha256: &Sha256, bytes: &[u8]) -> Result<(), TransportError> {
        let path = self.path(&format!("files/{sha256}"));
        let (status, body) = self
            .api
            .bytes(Method::PUT, &path, Some(&self.token), Some(bytes.to_vec()))
            .await;
        read_no_content(status.as_u16(), &body)
    }

    async fn fetch_file(&self, sha256: &Sha256) -> Result<Option<Vec<u8>>, TransportError> {
        let path = self.path(&format!("files/{sha256}"));
        let (status, body) = self
            .api
            .bytes(Method::GET, &path, Some(&self.token), None)
            .await;
        read_file_answer(status.as_u16(), body)
    }
}

/// A device's store holding the workspace (as creating or joining it leaves it).
async fn device(name: &str) -> MemoryStore {
    let store = MemoryStore::on_device(DeviceId::parse(name).unwrap());
    let mut batch = WriteBatch::new(Actor::parse("Ada", "").unwrap(), now_ms());
    batch.push(Op::PutWorkspace(Workspace::new(
        WorkspaceId::parse(W).unwrap(),
        WorkspaceName::parse("Files").unwrap(),
        now_ms(),
    )));
    store.apply(&batch).await.unwrap();
    store
}

/// A whole round as the app runs it: changes, then files.
async fn round(store: &MemoryStore, link: &Link<'_>, role: Role, cursor: u64) -> Report {
    let (workspace, actor) = (
        WorkspaceId::parse(W).unwrap(),
        Actor::parse("Ada", "").unwrap(),
    );
    let now = now_ms;
    let round = Round {
        store,
        transport: link,
        workspace: &workspace,
        actor: &actor,
        now_ms: &now,
    };
    let mut report = Report::from_cursor(cursor);
    sync_round(&round, &mut report, &mut |_| {}).await.unwrap();
    sync_files(&round, role, &mut FileMemo::default(), &mut report)
        .await
        .unwrap();
    report
}

on_both!(
    a_file_attached_on_one_device_opens_on_another_after_both_sync,
    |api: Api| async move {
        let owner = api.create(W).await;
        let joined = api.join_as(W, &owner, "viewer", "Vi").await;
        let (laptop, tablet) = (device("laptop").await, device("tablet").await);
        let bytes = b"%PDF-1.7 supplier audit report".to_vec();
        let record = EvidenceFile::of_bytes(
            RecordId::parse("f1").unwrap(),
            Serves::parse("risk/r1").unwrap(),
            "supplier audit.pdf",
            "application/pdf",
            &bytes,
            now_ms(),
        )
        .unwrap();
        let mut batch = WriteBatch::new(Actor::parse("Ada", "").unwrap(), now_ms());
        batch.put_file(&WorkspaceId::parse(W).unwrap(), bytes.clone());
        let key = EvidenceFile::key(&WorkspaceId::parse(W).unwrap(), &record.id);
        batch.edit_fields(&key, None, &Value::Object(record.to_body()));
        laptop.apply(&batch).await.unwrap();

        // The tablet syncs first: it learns of the file, which is not on the server yet.
        let viewer = Link {
            api: &api,
            token: joined["token"].as_str().unwrap().to_owned(),
        };
        let early = round(&tablet, &viewer, Role::Viewer, 0).await;
        assert!(
            early.files.awaited.is_empty(),
            "no record yet, nothing awaited"
        );

        let ada = Link {
            api: &api,
            token: owner,
        };
        let sent = round(&laptop, &ada, Role::Owner, 0).await;
        assert_eq!(sent.files.uploaded, 1);
        assert_eq!(api.count("files").await, 1);

        let later = round(&tablet, &viewer, Role::Viewer, early.cursor).await;
        assert_eq!(later.files.fetched, 1);
        assert!(later.touched_records.contains(&key));
        let here = tablet
            .file(&WorkspaceId::parse(W).unwrap(), &record.sha256)
            .await
            .unwrap();
        assert_eq!(here, Some(bytes), "the same bytes on the other device");
        let again = round(&laptop, &ada, Role::Owner, sent.cursor).await;
        assert_eq!((again.files.uploaded, api.count("files").await), (0, 1));
    }
);
