//! The HTTP surface, driven in-process through `tower::ServiceExt::oneshot` (axum's
//! `examples/testing` style).

mod common;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use common::*;
use http_body_util::BodyExt;
use praxis_server::{AppState, app};
use serde_json::{Value, json};
use tower::ServiceExt;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[derive(Debug)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .map(|value| value.to_str().expect("ASCII header"))
            .unwrap_or("")
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("UTF-8 body")
    }

    fn json(&self) -> Value {
        assert_eq!(self.header(header::CONTENT_TYPE), "application/json");
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

async fn send(dist: &TestDist, request: Request<Body>) -> Answer {
    let state = AppState::new(dist.path().to_path_buf(), common::db::memory_db().await);
    let response = app(state).oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body,
    }
}

fn request(method: Method, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).expect("request")
}

async fn get(dist: &TestDist, uri: &str) -> Answer {
    send(dist, request(Method::GET, uri, &[])).await
}

async fn get_with(dist: &TestDist, uri: &str, headers: &[(&str, &str)]) -> Answer {
    send(dist, request(Method::GET, uri, headers)).await
}

// --- API -------------------------------------------------------------------------------------

#[tokio::test]
async fn health_is_ok_json_with_the_version() {
    let dist = TestDist::new();
    let answer = get(&dist, "/api/health").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") })
    );
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn health_answers_head_without_a_body() {
    let dist = TestDist::new();
    let answer = send(&dist, request(Method::HEAD, "/api/health", &[])).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body.is_empty());
}

#[tokio::test]
async fn health_refuses_other_methods_with_405() {
    let dist = TestDist::new();
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let answer = send(&dist, request(method.clone(), "/api/health", &[])).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(answer.header(header::ALLOW), "GET,HEAD", "{method}");
        assert_eq!(
            answer.json(),
            json!({ "error": format!("method {method} not allowed on /api/health") })
        );
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s_not_the_app() {
    let dist = TestDist::new();
    for path in [
        "/api",
        "/api/",
        "/api/nope",
        "/api/sync/pull",
        "/api/health/extra",
        "/api/app.js",
    ] {
        let answer = get(&dist, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            answer.json(),
            json!({ "error": format!("no such endpoint: {path}") }),
            "{path}"
        );
    }
    let post = send(&dist, request(Method::POST, "/api/sync", &[])).await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    assert_eq!(
        post.json(),
        json!({ "error": "no such endpoint: /api/sync" })
    );
}

// --- The app's files -------------------------------------------------------------------------

#[tokio::test]
async fn the_app_and_its_entry_points_are_served_with_no_cache() {
    let dist = TestDist::new();
    for (path, content_type) in [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        ("/sw.js", "text/javascript"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/icons/icon.svg", "image/svg+xml"),
    ] {
        let answer = get(&dist, path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache", "{path}");
        assert!(
            answer
                .header(header::CONTENT_TYPE)
                .starts_with(content_type),
            "{path}: {}",
            answer.header(header::CONTENT_TYPE)
        );
    }
    assert_eq!(get(&dist, "/").await.text(), INDEX);
    assert_eq!(get(&dist, "/index.html").await.text(), INDEX);
}

#[tokio::test]
async fn client_side_routes_get_index_html() {
    let dist = TestDist::new();
    for path in [
        "/settings",
        "/workspaces/abc",
        "/workspaces/abc/",
        "/icons",
        "/icons/",
        "/v1.2/settings",
    ] {
        let answer = get(&dist, path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.text(), INDEX, "{path}");
        assert!(answer.header(header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn client_side_routes_answer_head_and_use_precompressed_index() {
    let dist = TestDist::new();
    let head = send(&dist, request(Method::HEAD, "/settings", &[])).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());

    let br = get_with(&dist, "/settings", &[("accept-encoding", "br")]).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert_eq!(br.body.as_ref(), INDEX_BR);
}

#[tokio::test]
async fn missing_files_with_an_extension_are_404() {
    let dist = TestDist::new();
    for path in [
        "/nope.js",
        "/missing.js",
        "/icons/missing.png",
        "/settings/app.css",
        // Looks like a build output, but is not there: must not be cached for a year.
        "/praxis-ffffffffffffffff_bg.wasm",
    ] {
        let answer = get(&dist, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_ne!(answer.text(), INDEX, "{path}");
        assert_eq!(answer.header(header::CACHE_CONTROL), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn other_methods_on_the_app_are_405_not_index() {
    let dist = TestDist::new();
    for path in ["/", "/settings", "/sw.js"] {
        let answer = send(&dist, request(Method::POST, path, &[])).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        assert_ne!(answer.text(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn hashed_build_outputs_are_immutable() {
    let dist = TestDist::new();
    for path in [HASHED_JS, HASHED_WASM, HASHED_CSS] {
        let answer = get(&dist, path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.header(header::CACHE_CONTROL), IMMUTABLE, "{path}");
    }
}

#[tokio::test]
async fn revalidating_a_hashed_output_gets_304_and_stays_immutable() {
    let dist = TestDist::new();
    let first = get(&dist, HASHED_JS).await;
    let last_modified = first.header(header::LAST_MODIFIED);
    assert!(!last_modified.is_empty());
    let again = get_with(&dist, HASHED_JS, &[("if-modified-since", last_modified)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.header(header::CACHE_CONTROL), IMMUTABLE);
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm() {
    let dist = TestDist::new();
    let answer = get(&dist, HASHED_WASM).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header(header::CONTENT_TYPE), "application/wasm");
    assert_eq!(answer.body.as_ref(), HASHED_WASM_BODY);
}

#[tokio::test]
async fn precompressed_siblings_are_served_when_accepted() {
    let dist = TestDist::new();

    let br = get_with(
        &dist,
        HASHED_JS,
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert_eq!(br.body.as_ref(), HASHED_JS_BR);
    assert_eq!(br.header(header::CONTENT_TYPE), "text/javascript");
    assert_eq!(br.header(header::VARY), "accept-encoding");
    assert_eq!(br.header(header::CACHE_CONTROL), IMMUTABLE);

    let gzip = get_with(&dist, HASHED_JS, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(gzip.body.as_ref(), HASHED_JS_GZ);

    let plain = get(&dist, HASHED_JS).await;
    assert_eq!(plain.header(header::CONTENT_ENCODING), "");
    assert_eq!(plain.text(), HASHED_JS_BODY);
    assert_eq!(plain.header(header::VARY), "accept-encoding");

    // No sibling: the file itself, not encoded.
    let no_sibling = get_with(&dist, HASHED_WASM, &[("accept-encoding", "br")]).await;
    assert_eq!(no_sibling.header(header::CONTENT_ENCODING), "");
    assert_eq!(no_sibling.body.as_ref(), HASHED_WASM_BODY);
}

#[tokio::test]
async fn paths_cannot_escape_the_dist_directory() {
    let dist = TestDist::new();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/icons/../../secret.txt",
        "/icons/%2e%2e/%2e%2e/secret.txt",
    ] {
        let answer = get(&dist, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!answer.text().contains(SECRET), "{path}");
    }
    // Without an extension a refused path gets the app, never the file outside.
    let answer = get(&dist, "/../secret").await;
    assert_eq!(answer.text(), INDEX);
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let dist = TestDist::new();
    let cases = [
        (Method::GET, "/", StatusCode::OK),
        (Method::GET, "/settings", StatusCode::OK),
        (Method::GET, HASHED_WASM, StatusCode::OK),
        (Method::GET, "/nope.js", StatusCode::NOT_FOUND),
        (Method::GET, "/../secret.txt", StatusCode::NOT_FOUND),
        (Method::POST, "/", StatusCode::METHOD_NOT_ALLOWED),
        (Method::GET, "/api/health", StatusCode::OK),
        (Method::GET, "/api/nope", StatusCode::NOT_FOUND),
        (Method::POST, "/api/health", StatusCode::METHOD_NOT_ALLOWED),
    ];
    for (method, path, status) in cases {
        let answer = send(&dist, request(method.clone(), path, &[])).await;
        assert_eq!(answer.status, status, "{method} {path}");
        assert_eq!(
            answer.header(header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{method} {path}"
        );
        assert_eq!(
            answer.header(header::REFERRER_POLICY),
            "no-referrer",
            "{method} {path}"
        );
        assert_eq!(
            answer.header(header::X_FRAME_OPTIONS),
            "DENY",
            "{method} {path}"
        );
        assert_eq!(
            answer.headers.get_all(header::CACHE_CONTROL).iter().count(),
            1,
            "{method} {path}"
        );
    }
    let last_modified = get(&dist, HASHED_JS).await;
    let not_modified = get_with(
        &dist,
        HASHED_JS,
        &[(
            "if-modified-since",
            last_modified.header(header::LAST_MODIFIED),
        )],
    )
    .await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert_eq!(not_modified.header(header::X_FRAME_OPTIONS), "DENY");
}

#[tokio::test]
async fn a_missing_index_html_is_a_plain_404() {
    let dist = TestDist::new();
    std::fs::remove_file(dist.path().join("index.html")).expect("remove");
    std::fs::remove_file(dist.path().join("index.html.br")).expect("remove");
    let answer = get(&dist, "/settings").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

// --- Content-Security-Policy -----------------------------------------------------------------

/// The `sha256-…` source for a script text, as a browser computes it.
fn script_hash(script: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[tokio::test]
async fn pages_allow_exactly_trunks_inline_loader_by_its_hash() {
    let dist = TestDist::new();
    let loader = "import init from '/praxis-1a2b3c4d5e6f7a8b.js';\nawait init();";
    dist.write(
        "index.html",
        format!("<!doctype html><script type=module>{loader}</script><script src=/x.js></script>")
            .as_bytes(),
    );
    for uri in ["/", "/index.html", "/assessments/a1"] {
        let answer = get(&dist, uri).await;
        let policy = answer.header(header::CONTENT_SECURITY_POLICY);
        assert!(
            policy.starts_with(&format!(
                "script-src 'self' 'wasm-unsafe-eval' {}; ",
                script_hash(loader)
            )),
            "{uri}: {policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{uri}");
        assert!(policy.contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(answer.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(answer.header(header::REFERRER_POLICY), "no-referrer");
    }
    // Revalidating the page (the service worker fetches it with `cache: "no-cache"`) gets a 304
    // whose headers the browser copies onto the page it keeps: they carry the hash too.
    let page = get(&dist, "/").await;
    let modified = page.header(header::LAST_MODIFIED).to_owned();
    let revalidated = get_with(&dist, "/", &[("if-modified-since", modified.as_str())]).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert!(
        revalidated
            .header(header::CONTENT_SECURITY_POLICY)
            .contains(&script_hash(loader)),
        "{:?}",
        revalidated.headers
    );
    // A rebuild writes a new loader: the next page allows that one, without a restart.
    let rebuilt = "import init from '/praxis-ffffffffffffffff.js';\nawait init();";
    dist.write(
        "index.html",
        format!("<!doctype html><script type=module>{rebuilt}</script>").as_bytes(),
    );
    let policy = get(&dist, "/").await;
    let policy = policy.header(header::CONTENT_SECURITY_POLICY);
    assert!(policy.contains(&script_hash(rebuilt)), "{policy}");
    assert!(!policy.contains(&script_hash(loader)), "{policy}");
}

#[tokio::test]
async fn other_responses_allow_no_inline_script_at_all() {
    let dist = TestDist::new();
    dist.write("index.html", b"<script>inline()</script>");
    for uri in [HASHED_JS, "/sw.js", "/api/health", "/api/nothing"] {
        let answer = get(&dist, uri).await;
        let policy = answer.header(header::CONTENT_SECURITY_POLICY);
        assert!(
            policy.starts_with("script-src 'self' 'wasm-unsafe-eval'; "),
            "{uri}: {policy}"
        );
    }
}
