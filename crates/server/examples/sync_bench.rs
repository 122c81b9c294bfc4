//! The sync server's throughput, for `cargo xtask bench`: the real server on 127.0.0.1 with
//! its database (SQLite in a temporary folder, or a fresh schema of a PostgreSQL database), and
//! a client on another thread that pushes 10,000 changes in batches of 1,000, then pulls them
//! back in pages of 1,000, five times over (a new workspace each time; the median is printed,
//! with the slowest and fastest push). Then one workspace's first upload of 100,000 changes, to
//! show whether a push slows down as the workspace grows. `--sustain S` then pushes for S
//! seconds on SQLite while sampling the size of its write-ahead log.
//!
//! Usage: `sync_bench [--postgres URL] [--sustain SECONDS]`. Prints one line per measurement:
//! `sync-bench NAME key=value …`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use praxis_core::assessment::{
    Assessment, AssessmentMeta, DEFAULT_BLOCKER_LEVEL, FrameworkChoice, SHARING_RULES,
};
use praxis_core::framework::Catalogue;
use praxis_core::maturity::Scale;
use praxis_core::{Actor, Change, DeviceId, Hlc, RecordId, RecordKind, RecordType, WorkspaceId};
use praxis_server::{AppState, Db};
use serde_json::{Value, json};

const CHANGES: usize = 10_000;
const BATCH: usize = 1_000;
const RUNS: usize = 5;
/// A large workspace's first upload, and the part of it timed at its start and at its end.
const LARGE: usize = 100_000;
const LARGE_PART: usize = 10_000;

fn now_ms() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH);
    since.map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The fields of a new assessment, the same for every one made here.
fn assessment_fields() -> Vec<(String, Value)> {
    let meta = AssessmentMeta {
        title: "Readiness".into(),
        frameworks: FrameworkChoice::Integrated,
        scale: Scale::IsmsMaturity,
        scope: "Every service".into(),
        assessor: "Ada".into(),
        date: "2026-12-01".into(),
        target: 3,
        created_at: now_ms(),
        approved_on: None,
        framework: None,
        sharing_rules: SHARING_RULES,
        blocker_level: DEFAULT_BLOCKER_LEVEL,
    };
    let id = RecordId::parse("template").expect("id");
    let assessment = Assessment::new(id, meta, &Catalogue::builtin()).expect("valid");
    assessment.to_body().into_iter().collect()
}

/// Makes changes that create new assessments, each with its own clock.
struct Maker {
    workspace: WorkspaceId,
    fields: Vec<(String, Value)>,
    next: usize,
    base_ms: i64,
}

impl Maker {
    fn new(workspace: &str) -> Self {
        Self {
            workspace: WorkspaceId::parse(workspace).expect("id"),
            fields: assessment_fields(),
            next: 0,
            base_ms: now_ms(),
        }
    }

    /// At least `count` changes, whole assessments only (a part of one would be refused).
    fn changes(&mut self, count: usize) -> Vec<Change> {
        let mut changes = Vec::with_capacity(count + self.fields.len());
        let device = DeviceId::parse("dev-bench").expect("device");
        let actor = Actor::parse("Ada", "").expect("actor");
        while changes.len() < count {
            let n = self.next;
            self.next += 1;
            let id = RecordId::parse(&format!("a{n}")).expect("id");
            for (i, (field, value)) in self.fields.iter().enumerate() {
                let counter = u32::try_from((n % 1000) * 16 + i).expect("small");
                changes.push(Change {
                    replaces: Vec::new(),
                    workspace: self.workspace.clone(),
                    kind: RecordKind::parse("assessment").expect("kind"),
                    record_id: id.clone(),
                    field: field.clone(),
                    value: Some(value.clone()),
                    clock: Hlc::new(
                        self.base_ms + i64::try_from(n / 1000).expect("small"),
                        counter,
                        device.clone(),
                    ),
                    actor: actor.clone(),
                });
            }
        }
        changes
    }

    /// Push bodies of at most `BATCH` changes each, `total` changes or a few more in all.
    fn push_bodies(&mut self, total: usize) -> (usize, Vec<String>) {
        let per_batch = BATCH + 1 - self.fields.len();
        let (mut made, mut bodies) = (0, Vec::new());
        while made < total {
            let changes = self.changes(per_batch.min(total - made));
            made += changes.len();
            bodies.push(json!({ "changes": changes }).to_string());
        }
        (made, bodies)
    }
}

/// One request on its own connection; the status and the body.
fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("receive");
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head");
    let status = std::str::from_utf8(&bytes[9..12])
        .expect("status")
        .parse()
        .expect("status");
    (status, bytes[split + 4..].to_vec())
}

fn create_workspace(address: SocketAddr, workspace: &str) -> String {
    let body = json!({"workspace": workspace, "name": "Bench", "member": {"name": "Ada"},
        "device": "bench"});
    let (status, answer) = request(address, "POST", "/api/v1/workspaces", "", &body.to_string());
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
    let answer: Value = serde_json::from_slice(&answer).expect("JSON");
    answer["token"].as_str().expect("token").to_owned()
}

fn push(address: SocketAddr, workspace: &str, token: &str, body: &str) {
    let path = format!("/api/v1/workspaces/{workspace}/changes");
    let (status, answer) = request(address, "POST", &path, token, body);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
}

/// One run: how many changes, and the seconds their push and their pull took.
struct Run {
    changes: usize,
    push_s: f64,
    pull_s: f64,
    pull_bytes: usize,
}

/// Pushes then pulls `CHANGES` changes in a new workspace.
fn push_and_pull(address: SocketAddr, workspace: &str) -> Run {
    let token = create_workspace(address, workspace);
    // Encoded beforehand: the client's own JSON work is not the server's throughput.
    let (made, bodies) = Maker::new(workspace).push_bodies(CHANGES);
    let started = Instant::now();
    for body in &bodies {
        push(address, workspace, &token, body);
    }
    let push_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let (mut after, mut pulled, mut pull_bytes) = (0u64, 0usize, 0usize);
    loop {
        let path = format!("/api/v1/workspaces/{workspace}/changes?after={after}&limit={BATCH}");
        let (status, body) = request(address, "GET", &path, &token, "");
        assert_eq!(status, 200);
        pull_bytes += body.len();
        let page: praxis_core::sync::Pull = serde_json::from_slice(&body).expect("a page");
        pulled += page.changes.len();
        after = page.cursor;
        if !page.more {
            break;
        }
    }
    let pull_s = started.elapsed().as_secs_f64();
    assert_eq!(pulled, made);
    Run {
        changes: made,
        push_s,
        pull_s,
        pull_bytes,
    }
}

/// `RUNS` runs of [`push_and_pull`]; prints the median push and pull and the push's range.
fn push_and_pull_runs(name: &str, address: SocketAddr) {
    let mut runs: Vec<Run> = (0..RUNS)
        .map(|n| push_and_pull(address, &format!("ws-bench-{n}")))
        .collect();
    let rate = |changes: usize, seconds: f64| changes as f64 / seconds;
    runs.sort_by(|a, b| a.push_s.total_cmp(&b.push_s));
    let (fastest, slowest) = (&runs[0], &runs[RUNS - 1]);
    let push = &runs[RUNS / 2];
    let (changes, push_ms) = (push.changes, push.push_s * 1000.0);
    let push_per_s = rate(push.changes, push.push_s);
    let (fastest_per_s, slowest_per_s) = (
        rate(fastest.changes, fastest.push_s),
        rate(slowest.changes, slowest.push_s),
    );
    runs.sort_by(|a, b| a.pull_s.total_cmp(&b.pull_s));
    let pull = &runs[RUNS / 2];
    println!(
        "sync-bench {name} runs={RUNS} changes={} push_ms={push_ms:.0} push_per_s={push_per_s:.0} \
         push_slowest_per_s={slowest_per_s:.0} push_fastest_per_s={fastest_per_s:.0} \
         pull_ms={:.0} pull_per_s={:.0} pull_bytes={}",
        changes,
        pull.pull_s * 1000.0,
        rate(pull.changes, pull.pull_s),
        pull.pull_bytes,
    );
}

/// One workspace's first upload of `LARGE` changes: its rate, and the rate of its first and
/// its last `LARGE_PART` changes (equal when a push costs the same however large the
/// workspace has grown).
fn large_upload(name: &str, address: SocketAddr) {
    let workspace = "ws-bench-large";
    let token = create_workspace(address, workspace);
    let mut maker = Maker::new(workspace);
    let (mut pushed, mut elapsed) = (0usize, 0.0);
    let (mut first_per_s, mut last_per_s) = (0.0, 0.0);
    while pushed < LARGE {
        let (made, bodies) = maker.push_bodies(LARGE_PART);
        let started = Instant::now();
        for body in &bodies {
            push(address, workspace, &token, body);
        }
        let seconds = started.elapsed().as_secs_f64();
        last_per_s = made as f64 / seconds;
        if pushed == 0 {
            first_per_s = last_per_s;
        }
        (pushed, elapsed) = (pushed + made, elapsed + seconds);
    }
    println!(
        "sync-bench {name}-large changes={pushed} per_s={:.0} first_per_s={first_per_s:.0} \
         last_per_s={last_per_s:.0}",
        pushed as f64 / elapsed,
    );
}

/// Pushes for `seconds` while a sampler reads the WAL's size; prints the rate and the sizes.
fn sustain(address: SocketAddr, data: &Path, seconds: u64) {
    let workspace = "ws-bench-sustained";
    let token = create_workspace(address, workspace);
    let wal = data.join("praxis.db-wal");
    let stop = Arc::new(AtomicBool::new(false));
    let largest = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (stop, largest, wal) = (stop.clone(), largest.clone(), wal.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let size = std::fs::metadata(&wal).map_or(0, |m| m.len());
                largest.fetch_max(size, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let mut maker = Maker::new(workspace);
    let started = Instant::now();
    let mut pushed = 0usize;
    while started.elapsed() < Duration::from_secs(seconds) {
        let (made, bodies) = maker.push_bodies(500);
        pushed += made;
        push(address, workspace, &token, &bodies[0]);
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    sampler.join().expect("sampler");
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
    println!(
        "sync-bench sustained seconds={seconds} changes={pushed} per_s={:.0} wal_max_bytes={} wal_end_bytes={} db_bytes={} wal_limit_bytes={}",
        pushed as f64 / elapsed,
        largest.load(Ordering::Relaxed),
        size(&wal),
        size(&data.join("praxis.db")),
        praxis_server::db::WAL_LIMIT_BYTES,
    );
}

/// Starts the server on a port of its own; returns its address.
async fn start(db: Db, dist: &Path) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let state = AppState::new(dist.to_path_buf(), db);
    tokio::spawn(praxis_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    address
}

async fn client(run: impl FnOnce() + Send + 'static) {
    tokio::task::spawn_blocking(run).await.expect("the client");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let postgres = option("--postgres");
    let sustain_s: u64 = option("--sustain").map_or(0, |s| s.parse().expect("seconds"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").expect("index");
    runtime.block_on(async {
        let data = tempfile::tempdir().expect("data");
        let url = praxis_server::db::sqlite_url(data.path());
        let db = Db::connect(&url, None).await.expect("SQLite");
        db.spawn_checkpoints(&url).await.expect("checkpoints");
        let address = start(db, dist.path()).await;
        client(move || push_and_pull_runs("sqlite", address)).await;
        client(move || large_upload("sqlite", address)).await;

        if let Some(url) = postgres {
            let schema = format!("praxis_bench_{}", std::process::id());
            let db = Db::connect(&url, Some(&schema)).await.expect("PostgreSQL");
            let address = start(db.clone(), dist.path()).await;
            client(move || push_and_pull_runs("postgres", address)).await;
            client(move || large_upload("postgres", address)).await;
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&db.pool)
                .await
                .expect("drop the schema");
        }

        if sustain_s > 0 {
            let data = tempfile::tempdir().expect("data");
            let url = praxis_server::db::sqlite_url(data.path());
            let db = Db::connect(&url, None).await.expect("SQLite");
            db.spawn_checkpoints(&url).await.expect("checkpoints");
            let address = start(db, dist.path()).await;
            let path = data.path().to_path_buf();
            client(move || sustain(address, &path, sustain_s)).await;
        }
    });
}
