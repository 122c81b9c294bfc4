//! The real `praxis-server` binary killed with SIGKILL in the middle of pushes, again and again,
//! each time restarted on the same data directory while the client keeps retrying: every
//! acknowledged change is there afterwards, none twice, and the server's numbering has no gaps.

#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::TestDist;
use common::api::{new_assessment, now_ms};
use praxis_core::Change;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_praxis-server");
const WORKSPACE: &str = "ws-restart";
const BATCHES: usize = 100;
const ASSESSMENTS_PER_BATCH: usize = 10;
const KILLS: usize = 10;

/// Kills the server if the test fails while it runs.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on port 0 over `data`; returns it with the address it printed.
fn start(dist: &Path, data: &Path) -> (Running, String) {
    let child = Command::new(BINARY)
        .args(["--port", "0", "--dist"])
        .arg(dist)
        .arg("--data")
        .arg(data)
        .env_remove("PRAXIS_DATABASE_URL")
        .env_remove("PRAXIS_HOST")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start praxis-server");
    let mut running = Running(child);
    let mut line = String::new();
    BufReader::new(running.0.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the first line");
    let address = line
        .strip_prefix("Praxis is running at http://")
        .and_then(|rest| rest.strip_suffix("/\n"))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    (running, address)
}

/// One HTTP/1.1 exchange; `Err` when the connection fails or breaks (the server was killed).
fn request(
    address: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    let broken = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "cut short");
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(broken)?;
    let head = String::from_utf8_lossy(&bytes[..split]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(broken)?;
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .ok_or_else(broken)?;
    let content = &bytes[split + 4..];
    if content.len() != length {
        return Err(broken());
    }
    let value = serde_json::from_slice(content).map_err(|_| broken())?;
    Ok((status, value))
}

fn create_workspace(address: &str) -> String {
    let (status, body) = request(
        address,
        "POST",
        "/api/v1/workspaces",
        None,
        Some(&json!({"workspace": WORKSPACE, "name": "Restarts",
            "member": {"name": "Ada"}, "device": "Ada's laptop"})),
    )
    .expect("create the workspace");
    assert_eq!(status, 201, "{body}");
    body["token"].as_str().expect("token").to_owned()
}

/// What the client saw: attempts that failed (the server died under them), and batches a
/// server had already stored before their answer was lost.
#[derive(Debug, Default)]
struct Seen {
    failed_attempts: usize,
    stored_before_the_answer_was_lost: usize,
}

/// Pushes every batch in turn, retrying each until a server acknowledges it.
fn push_all(
    address: &Mutex<String>,
    token: &str,
    batches: &[Vec<Change>],
    acknowledged: &AtomicUsize,
) -> Seen {
    let mut seen = Seen::default();
    let path = format!("/api/v1/workspaces/{WORKSPACE}/changes");
    for (n, batch) in batches.iter().enumerate() {
        let body = json!({ "changes": batch });
        let started = Instant::now();
        let mut failed = false;
        loop {
            let current = address.lock().expect("address").clone();
            match request(&current, "POST", &path, Some(token), Some(&body)) {
                Ok((200, answer)) => {
                    // A batch is stored whole or not at all.
                    let duplicates = answer["duplicates"].as_u64().expect("duplicates");
                    let accepted = answer["accepted"].as_u64().expect("accepted");
                    assert!(
                        (duplicates, accepted) == (0, batch.len() as u64)
                            || (failed && (duplicates, accepted) == (batch.len() as u64, 0)),
                        "batch {n}: {answer}"
                    );
                    if duplicates > 0 {
                        seen.stored_before_the_answer_was_lost += 1;
                    }
                    break;
                }
                Ok((status, answer)) => panic!("batch {n} refused ({status}): {answer}"),
                Err(_) => {
                    failed = true;
                    seen.failed_attempts += 1;
                    assert!(
                        started.elapsed() < Duration::from_secs(60),
                        "batch {n} was not acknowledged within 60 s"
                    );
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        }
        acknowledged.store(n + 1, Ordering::SeqCst);
    }
    seen
}

fn pull_all(address: &str, token: &str) -> Vec<(u64, Change)> {
    let mut after = 0;
    let mut all = Vec::new();
    loop {
        let path = format!("/api/v1/workspaces/{WORKSPACE}/changes?after={after}&limit=1000");
        let (status, body) = request(address, "GET", &path, Some(token), None).expect("pull");
        assert_eq!(status, 200, "{body}");
        for pulled in body["changes"].as_array().expect("changes") {
            let change = serde_json::from_value(pulled["change"].clone()).expect("a change");
            all.push((pulled["seq"].as_u64().expect("seq"), change));
        }
        after = body["cursor"].as_u64().expect("cursor");
        if body["more"] != json!(true) {
            return all;
        }
    }
}

#[test]
fn sigkill_during_pushes_loses_nothing_and_duplicates_nothing() {
    let dist = TestDist::new();
    let data = tempfile::tempdir().expect("data dir");
    let (mut server, first_address) = start(dist.path(), data.path());
    let token = create_workspace(&first_address);

    let start_ms = now_ms();
    let batches: Vec<Vec<Change>> = (0..BATCHES)
        .map(|b| {
            (0..ASSESSMENTS_PER_BATCH)
                .flat_map(|a| {
                    let n = b * ASSESSMENTS_PER_BATCH + a;
                    // Distinct times: a device's counters restart at each new millisecond.
                    let at = start_ms + i64::try_from(n).expect("small");
                    new_assessment(WORKSPACE, &format!("a{n}"), at, "dev-laptop")
                })
                .collect()
        })
        .collect();
    let expected: BTreeSet<String> = batches.iter().flatten().map(Change::id).collect();

    let address = Arc::new(Mutex::new(first_address));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let pusher = {
        let (address, acknowledged, token) = (address.clone(), acknowledged.clone(), token.clone());
        let batches = batches.clone();
        std::thread::spawn(move || push_all(&address, &token, &batches, &acknowledged))
    };

    for kill in 1..=KILLS {
        // Let the client get going, then kill the server between or inside its pushes.
        let target = kill * BATCHES / (KILLS + 1);
        let waiting = Instant::now();
        while acknowledged.load(Ordering::SeqCst) < target {
            assert!(
                waiting.elapsed() < Duration::from_secs(120),
                "pushes stalled"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        // At a different moment of a push each time: before, during or after its commit.
        std::thread::sleep(Duration::from_millis((kill as u64 * 7) % 23));
        server.0.kill().expect("SIGKILL");
        server.0.wait().expect("reaped");
        let (restarted, new_address) = start(dist.path(), data.path());
        server = restarted;
        *address.lock().expect("address") = new_address;
    }
    let seen = pusher.join().expect("every batch acknowledged");
    eprintln!("{seen:?}");
    assert!(
        seen.failed_attempts >= KILLS,
        "each kill cut the client off: {seen:?}"
    );

    let current = address.lock().expect("address").clone();
    let pulled = pull_all(&current, &token);
    let seqs: Vec<u64> = pulled.iter().map(|(seq, _)| *seq).collect();
    let total = u64::try_from(expected.len()).expect("small");
    assert_eq!(
        seqs,
        (1..=total).collect::<Vec<_>>(),
        "numbered 1..N, no gaps"
    );
    let ids: BTreeSet<String> = pulled.iter().map(|(_, change)| change.id()).collect();
    assert_eq!(ids.len(), pulled.len(), "no change stored twice");
    assert_eq!(ids, expected, "every pushed change is there");
}
