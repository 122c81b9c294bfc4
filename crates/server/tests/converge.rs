//! A property test with the real server (its router, over SQLite and over PostgreSQL) in the
//! loop: several devices, each with its own store and the sync round the app runs, edit
//! offline and sync in a random order through a link that loses requests and answers. After
//! everyone syncs once more, every device and the server hold the same records, every edit is
//! on the server, and each field holds its latest edit.

mod common;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};

use axum::http::Method;
use common::api::{Api, new_assessment, now_ms};
use praxis_core::sync::{Pull, Pushed};
use praxis_core::{
    Actor, Change, DeviceId, Op, Record, RecordId, RecordKey, RecordKind, Workspace, WorkspaceId,
    WorkspaceName, WriteBatch,
};
use praxis_server::Backend;
use praxis_store::{MemoryStore, Store};
use praxis_sync::{
    Report, Round, SyncError, Transport, TransportError, read_pull_answer, read_push_answer,
    sync_round, upload_feed,
};
use proptest::prelude::*;
use serde_json::json;

const WS: &str = "ws-converge";
const DEVICES: usize = 3;
const RECORDS: usize = 2;
const FIELDS: [&str; 3] = ["title", "scope", "assessor"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    /// The call never reaches the server.
    LoseRequest,
    /// The server does the work, but its answer is lost.
    LoseAnswer,
}

#[derive(Debug, Clone)]
enum Step {
    Edit {
        device: usize,
        record: usize,
        field: usize,
        value: String,
    },
    /// A round whose first calls meet these faults (`None`: the call goes through).
    Sync {
        device: usize,
        faults: Vec<Option<Fault>>,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let fault = prop_oneof![
        2 => Just(None),
        1 => Just(Some(Fault::LoseRequest)),
        1 => Just(Some(Fault::LoseAnswer)),
    ];
    prop_oneof![
        3 => (0..DEVICES, 0..RECORDS, 0..FIELDS.len(), "[a-z]{1,6}").prop_map(
            |(device, record, field, value)| Step::Edit { device, record, field, value }
        ),
        2 => (0..DEVICES, prop::collection::vec(fault, 0..4))
            .prop_map(|(device, faults)| Step::Sync { device, faults }),
    ]
}

/// One device's way to the server: the router, its token, and the faults still to come.
struct Link<'a> {
    api: &'a Api,
    token: String,
    faults: RefCell<VecDeque<Option<Fault>>>,
}

impl Link<'_> {
    fn next_fault(&self) -> Option<Fault> {
        self.faults.borrow_mut().pop_front().flatten()
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<(u16, Vec<u8>), TransportError> {
        let fault = self.next_fault();
        if fault == Some(Fault::LoseRequest) {
            return Err(TransportError::Offline("the request was lost".into()));
        }
        let answer = self.api.call(method, path, Some(&self.token), body).await;
        if fault == Some(Fault::LoseAnswer) {
            return Err(TransportError::Offline("the answer was lost".into()));
        }
        let bytes = serde_json::to_vec(&answer.body).expect("JSON");
        Ok((answer.status.as_u16(), bytes))
    }
}

impl Transport for Link<'_> {
    async fn push(&self, changes: &[Change]) -> Result<Pushed, TransportError> {
        let path = format!("/api/v1/workspaces/{WS}/changes");
        let (status, body) = self
            .call(Method::POST, &path, Some(json!({ "changes": changes })))
            .await?;
        read_push_answer(status, &body)
    }

    async fn pull(&self, after: u64, limit: usize) -> Result<Pull, TransportError> {
        let path = format!("/api/v1/workspaces/{WS}/changes?after={after}&limit={limit}");
        let (status, body) = self.call(Method::GET, &path, None).await?;
        read_pull_answer(status, &body)
    }
}

struct Device<'a> {
    store: MemoryStore,
    link: Link<'a>,
    actor: Actor,
    cursor: Cell<u64>,
    /// How far this device's wall clock is ahead of the first one's.
    skew_ms: i64,
}

fn workspace() -> WorkspaceId {
    WorkspaceId::parse(WS).expect("id")
}

fn record_key(record: usize) -> RecordKey {
    RecordKey {
        workspace: workspace(),
        kind: RecordKind::parse("assessment").expect("kind"),
        id: RecordId::parse(&format!("a{record}")).expect("id"),
    }
}

impl Device<'_> {
    /// A sync round; only a lost call may stop it.
    async fn sync(&self, now_ms: i64, upload: bool) -> Result<Report, SyncError> {
        let workspace = workspace();
        let now = || now_ms + self.skew_ms;
        let round = Round {
            store: &self.store,
            transport: &self.link,
            workspace: &workspace,
            actor: &self.actor,
            now_ms: &now,
        };
        let mut report = Report::from_cursor(self.cursor.get());
        let mut save = |report: &Report| self.cursor.set(report.cursor);
        let result = if upload {
            upload_feed(&round, &mut report, &mut save).await
        } else {
            sync_round(&round, &mut report, &mut save).await
        };
        match &result {
            Ok(()) | Err(SyncError::Transport(TransportError::Offline(_))) => {}
            Err(other) => panic!("a round failed for another reason than a lost call: {other}"),
        }
        assert!(report.refused.is_empty(), "{:?}", report.refused);
        result.map(|()| report)
    }

    async fn apply(&self, batch: &WriteBatch) {
        self.store.apply(batch).await.expect("a local edit");
    }
}

/// The owner's device with the workspace and its assessments, uploaded; then two editors who
/// joined and pulled everything.
async fn devices(api: &Api, base: i64) -> Vec<Device<'_>> {
    let owner = api.create(WS).await;
    let mut tokens = vec![owner.clone()];
    for n in 1..DEVICES {
        let session = api
            .join_as(WS, &owner, "editor", &format!("Editor {n}"))
            .await;
        tokens.push(session["token"].as_str().expect("token").to_owned());
    }
    let devices: Vec<Device<'_>> = tokens
        .into_iter()
        .enumerate()
        .map(|(n, token)| Device {
            store: MemoryStore::on_device(DeviceId::parse(&format!("dev-{n}")).expect("id")),
            link: Link {
                api,
                token,
                faults: RefCell::new(VecDeque::new()),
            },
            actor: Actor::parse(&format!("Person {n}"), "").expect("actor"),
            cursor: Cell::new(0),
            skew_ms: 40 * n as i64,
        })
        .collect();
    let name = WorkspaceName::parse("Converging").expect("name");
    let mut first = WriteBatch::new(devices[0].actor.clone(), base);
    first.save_workspace(None, Workspace::new(workspace(), name.clone(), base));
    for record in 0..RECORDS {
        let key = record_key(record);
        for change in new_assessment(WS, key.id.as_str(), base, "dev-0") {
            first.set_field(&key, &change.field, change.value);
        }
    }
    devices[0].apply(&first).await;
    devices[0].sync(base, true).await.expect("the upload");
    for device in &devices[1..] {
        let mut joined = WriteBatch::new(device.actor.clone(), base);
        joined.push(Op::PutWorkspace(Workspace::new(
            workspace(),
            name.clone(),
            base,
        )));
        device.apply(&joined).await;
        device.sync(base, false).await.expect("the first pull");
    }
    devices
}

async fn server_records(api: &Api) -> Vec<Record> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT record FROM records WHERE workspace_id = $1")
        .bind(WS)
        .fetch_all(&api.db.db.pool)
        .await
        .expect("records");
    let mut records: Vec<Record> = rows
        .iter()
        .map(|row| serde_json::from_str(&row.get::<String, _>("record")).expect("a record"))
        .collect();
    records.sort_by(Record::cmp_by_key);
    records
}

async fn run(api: Api, steps: Vec<Step>) {
    let base = now_ms();
    let devices = devices(&api, base).await;
    for (n, step) in steps.iter().enumerate() {
        let now = base + 1 + 3 * n as i64;
        match step {
            Step::Edit {
                device,
                record,
                field,
                value,
            } => {
                let device = &devices[*device];
                let mut batch = WriteBatch::new(device.actor.clone(), now + device.skew_ms);
                batch.set_field(&record_key(*record), FIELDS[*field], Some(json!(value)));
                device.apply(&batch).await;
            }
            Step::Sync { device, faults } => {
                let device = &devices[*device];
                *device.link.faults.borrow_mut() = faults.iter().copied().collect();
                let _ = device.sync(now, false).await;
                device.link.faults.borrow_mut().clear();
            }
        }
    }

    // Everyone meets the server twice more, with nothing lost on the way.
    let end = base + 10 + 3 * steps.len() as i64;
    for _ in 0..2 {
        for device in &devices {
            device
                .sync(end, false)
                .await
                .expect("a round with no faults");
        }
    }

    let on_server = server_records(&api).await;
    let owner_token = &devices[0].link.token;
    let log: Vec<Change> = api
        .pull_all(WS, owner_token, 1000)
        .await
        .into_iter()
        .map(|(_, change)| change)
        .collect();
    for (n, device) in devices.iter().enumerate() {
        let mut held = device
            .store
            .all_records(&workspace())
            .await
            .expect("records");
        held.sort_by(Record::cmp_by_key);
        assert_eq!(held, on_server, "device {n} holds what the server holds");
        let waiting = device.store.outbox(&workspace(), 10).await.expect("outbox");
        assert!(waiting.is_empty(), "device {n} has nothing left to send");
        for change in device.store.changes(&workspace()).await.expect("feed") {
            if change.clock.device().as_str() == format!("dev-{n}") {
                assert!(
                    log.contains(&change),
                    "device {n}'s edit is on the server: {change:?}"
                );
            }
        }
    }
    // Each field holds the edit with the latest clock of all edits to it.
    let mut latest: BTreeMap<(String, String), &Change> = BTreeMap::new();
    for change in &log {
        let slot = latest
            .entry((change.record_id.as_str().to_owned(), change.field.clone()))
            .or_insert(change);
        if change.clock > slot.clock {
            *slot = change;
        }
    }
    for record in on_server.iter().filter(|r| r.kind.as_str() == "assessment") {
        for field in FIELDS {
            let winner = latest[&(record.id.as_str().to_owned(), field.to_owned())];
            assert_eq!(
                record.body.get(field),
                winner.value.as_ref(),
                "{} {field}",
                record.id
            );
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn check(backend: Backend, steps: Vec<Step>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        if let Some(api) = Api::new(backend, "converge").await {
            run(api, steps).await;
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]

    #[test]
    fn devices_converge_through_the_server_on_sqlite(steps in prop::collection::vec(step(), 1..40)) {
        check(Backend::Sqlite, steps);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(8), ..ProptestConfig::default() })]

    #[test]
    fn devices_converge_through_the_server_on_postgres(steps in prop::collection::vec(step(), 1..40)) {
        check(Backend::Postgres, steps);
    }
}
