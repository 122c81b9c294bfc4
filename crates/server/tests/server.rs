//! The real server over real TCP: `spawn_app` (zero2prod style) on 127.0.0.1 port 0, and the
//! `praxis-server` binary itself.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::*;
use praxis_server::AppState;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A server running in the background of the test's runtime; it stops with the runtime.
#[derive(Debug)]
struct TestApp {
    address: SocketAddr,
    _dist: TestDist,
}

async fn spawn_app() -> TestApp {
    let dist = TestDist::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("local address");
    let state = AppState::new(dist.path().to_path_buf(), common::db::memory_db().await);
    tokio::spawn(praxis_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    TestApp {
        address,
        _dist: dist,
    }
}

#[derive(Debug)]
struct RawResponse {
    status: u16,
    /// Names lowercased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A minimal HTTP/1.1 client: one request per connection (`Connection: close`), read to EOF.
async fn raw_request(address: SocketAddr, method: &str, path: &str) -> RawResponse {
    let exchange = async {
        let mut stream = TcpStream::connect(address).await.expect("connect");
        let request =
            format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).await.expect("receive");
        bytes
    };
    let bytes = tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .expect("the server answered within 10 s");
    parse_response(&bytes)
}

fn parse_response(bytes: &[u8]) -> RawResponse {
    let split = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("end of headers");
    let head = std::str::from_utf8(&bytes[..split]).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(parts.next(), Some("HTTP/1.1"), "{status_line}");
    let status = parts
        .next()
        .and_then(|code| code.parse().ok())
        .expect("status code");
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("header line");
            (name.trim().to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    let body = bytes[split + 4..].to_vec();
    let response = RawResponse {
        status,
        headers,
        body,
    };
    if let Some(length) = response.header("content-length") {
        assert_eq!(length.parse::<usize>().ok(), Some(response.body.len()));
    }
    response
}

#[tokio::test]
async fn health_answers_over_real_tcp() {
    let app = spawn_app().await;
    let response = raw_request(app.address, "GET", "/api/health").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&response.body).expect("JSON");
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") })
    );
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn the_app_and_its_routes_answer_over_real_tcp() {
    let app = spawn_app().await;
    for path in ["/", "/settings"] {
        let response = raw_request(app.address, "GET", path).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.body, INDEX.as_bytes(), "{path}");
        assert_eq!(response.header("cache-control"), Some("no-cache"), "{path}");
    }
    let wasm = raw_request(app.address, "GET", HASHED_WASM).await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.body, HASHED_WASM_BODY);
    let missing = raw_request(app.address, "GET", "/nope.js").await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn traversal_is_refused_over_real_tcp() {
    let app = spawn_app().await;
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/icons/../../secret.txt",
    ] {
        let response = raw_request(app.address, "GET", path).await;
        assert_eq!(response.status, 404, "{path}");
        assert!(
            !String::from_utf8_lossy(&response.body).contains(SECRET),
            "{path}"
        );
    }
}

#[tokio::test]
async fn serve_stops_when_its_shutdown_future_resolves() {
    let dist = TestDist::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("local address");
    let state = AppState::new(dist.path().to_path_buf(), common::db::memory_db().await);
    // Shut down once the test has had one answer.
    let (tell, told) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(praxis_server::serve(listener, state, async {
        let _ = told.await;
    }));
    assert_eq!(raw_request(address, "GET", "/api/health").await.status, 200);
    tell.send(()).expect("server still waiting");
    let result = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("stopped within 10 s")
        .expect("task did not panic");
    assert!(result.is_ok(), "{result:?}");
    // The listener is closed: its address can be bound again. (Connecting to it is no proof:
    // other tests of this binary run servers on ports the system hands out, possibly this one,
    // so binding is tried again for a while should one of them hold it for a moment.)
    let mut tries = 0;
    while let Err(error) = TcpListener::bind(address).await {
        tries += 1;
        assert!(tries < 100, "the address is still in use: {error}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// --- The binary --------------------------------------------------------------------------------

mod binary {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::{Child, Command, ExitStatus, Stdio};
    use std::time::{Duration, Instant};

    use super::common::{INDEX, TestDist};

    const BINARY: &str = env!("CARGO_BIN_EXE_praxis-server");

    /// Kills the server if a test fails before stopping it.
    #[derive(Debug)]
    struct Running(Child);

    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn command(args: &[&str]) -> Command {
        let mut command = Command::new(BINARY);
        command
            .args(args)
            .env_remove("PRAXIS_HOST")
            .env_remove("PRAXIS_PORT")
            .env_remove("PRAXIS_DIST")
            .env_remove("PRAXIS_DATA")
            .env_remove("PRAXIS_DATABASE_URL")
            .env_remove("PRAXIS_ALLOW_ORIGINS");
        command
    }

    fn wait_with_timeout(child: &mut Child, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            assert!(start.elapsed() < limit, "did not exit within {limit:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn http_get(address: &str, path: &str) -> String {
        let mut stream = TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("receive");
        response
    }

    #[cfg(unix)]
    #[test]
    fn prints_its_address_answers_and_stops_on_sigterm() {
        let dist = TestDist::new();
        let dist_arg = dist.path().to_str().expect("UTF-8 temp path");
        let data = tempfile::tempdir().expect("data dir");
        let data_arg = data.path().to_str().expect("UTF-8 temp path");
        let child = command(&["--port", "0", "--dist", dist_arg, "--data", data_arg])
            .env("PRAXIS_PORT", "not a port, but the flag wins")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start praxis-server");
        let mut running = Running(child);

        let mut stdout = BufReader::new(running.0.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the first line");
        let address = line
            .strip_prefix("Praxis is running at http://")
            .and_then(|rest| rest.strip_suffix("/\n"))
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
        assert!(address.starts_with("127.0.0.1:"), "{address}");
        assert_ne!(address, "127.0.0.1:0");
        let mut how_to_share = String::new();
        stdout
            .read_line(&mut how_to_share)
            .expect("read the second line");
        assert_eq!(
            how_to_share,
            format!(
                "Shared workspaces are kept in {}. To share one, open Settings → Sync in Praxis and connect it to http://{address}/\n",
                data.path().join("praxis.db").display()
            )
        );
        assert!(data.path().join("praxis.db").is_file());

        let health = http_get(address, "/api/health");
        assert!(health.starts_with("HTTP/1.1 200 OK\r\n"), "{health}");
        assert!(
            health.ends_with(&format!(
                "{{\"status\":\"ok\",\"version\":\"{}\"}}",
                env!("CARGO_PKG_VERSION")
            )),
            "{health}"
        );
        let route = http_get(address, "/settings");
        assert!(route.ends_with(INDEX), "{route}");

        let status = Command::new("kill")
            .args(["-TERM", &running.0.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        let exit = wait_with_timeout(&mut running.0, Duration::from_secs(10));
        assert!(exit.success(), "{exit:?}");

        // Exactly two lines on stdout.
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).expect("rest of stdout");
        assert_eq!(rest, "");
    }

    #[test]
    fn without_a_built_app_it_says_how_to_build_and_exits_1() {
        let empty = tempfile::tempdir().expect("temp dir");
        let dist = empty.path().join("dist");
        let output = command(&["--port", "0", "--dist", dist.to_str().expect("UTF-8")])
            .output()
            .expect("run praxis-server");
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = format!(
            "No built app found at {}. Build it with `cargo xtask run` (or `trunk build --release`).",
            dist.join("index.html").display()
        );
        assert_eq!(stderr.trim_end(), expected);
    }

    #[test]
    fn bad_arguments_exit_2_with_the_reason_and_a_hint() {
        let output = command(&["--port", "abc"])
            .output()
            .expect("run praxis-server");
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("--port expects a number from 0 to 65535, got 'abc'"),
            "{stderr}"
        );
        assert!(stderr.contains("--help"), "{stderr}");

        let output = command(&[])
            .env("PRAXIS_HOST", "localhost")
            .output()
            .expect("run praxis-server");
        assert_eq!(output.status.code(), Some(2));
    }

    #[test]
    fn help_prints_usage_and_exits_0() {
        let output = command(&["--help"]).output().expect("run praxis-server");
        assert!(output.status.success());
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with("Usage: praxis-server"), "{stdout}");
        assert!(output.stderr.is_empty());
    }
}
