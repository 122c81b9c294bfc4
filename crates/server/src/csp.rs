//! The Content-Security-Policy sent with every response. Scripts come only from the server
//! itself, plus the inline loader Trunk writes into `index.html`, allowed by its SHA-256 hash
//! (never `'unsafe-inline'`); `'wasm-unsafe-eval'` lets the browser compile the app's wasm.

use std::path::PathBuf;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Everything but `script-src`, which carries the loader's hash.
const REST: &str = "default-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; \
     connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy for a page whose HTML is `html` (`None`: no page, so no inline script).
pub(crate) fn policy(html: Option<&str>) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for script in html.map(inline_scripts).unwrap_or_default() {
        let digest = Sha256::digest(script.as_bytes());
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        script_src.push_str(&format!(" 'sha256-{hash}'"));
    }
    format!("{script_src}; {REST}")
}

/// The text of each `<script>` element without a `src`, exactly as the browser hashes it.
pub(crate) fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        let tag = &lower[start + "<script".len()..tag_end];
        // `<scripts>` or `<script-x>` are other elements; `src` must be an attribute name.
        let is_script = tag.is_empty() || tag.starts_with(|c: char| c.is_ascii_whitespace());
        let has_src = tag
            .split(|c: char| c.is_ascii_whitespace())
            .any(|attribute| attribute == "src" || attribute.starts_with("src="));
        if is_script && !has_src {
            scripts.push(&html[tag_end + 1..close]);
        }
        from = close;
    }
    scripts
}

/// Whether a path is answered with `index.html`: `.html`, or no extension (client routes,
/// as the SPA fallback decides them).
fn is_page_path(path: &str) -> bool {
    path.ends_with(".html") || !crate::assets::has_extension(path)
}

/// Sets the policy on every response; an HTML page's policy allows the inline loader of the
/// `index.html` on disk now, read again each time, so a rebuild never needs a restart.
pub(crate) async fn content_security_policy(
    State(dist_dir): State<PathBuf>,
    request: Request,
    next: Next,
) -> Response {
    let page_path = is_page_path(request.uri().path());
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    // A 304 has no content type, but the browser copies its headers onto the page it keeps:
    // a revalidated page must be sent the page's policy too.
    let html = html || (response.status() == StatusCode::NOT_MODIFIED && page_path);
    let index = if html {
        tokio::fs::read_to_string(dist_dir.join("index.html"))
            .await
            .ok()
    } else {
        None
    };
    if let Ok(value) = HeaderValue::from_str(&policy(index.as_deref())) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_files_are_not() {
        let html = "<head><script type=module>import init from '/a.js';\nawait init();</script>\
            <script src=/b.js></script><SCRIPT>one()</SCRIPT><script defer src=\"/c.js\"></script>\
            <scripts>not a script</scripts><script data-src=x>two()</script>";
        assert_eq!(
            inline_scripts(html),
            ["import init from '/a.js';\nawait init();", "one()", "two()"]
        );
        assert!(inline_scripts("<script>never closed").is_empty());
        assert!(inline_scripts("<p>no script</p>").is_empty());
    }

    #[test]
    fn the_policy_hashes_each_inline_script_and_never_allows_inline_code() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        let with = policy(Some("<script>alert(1)</script>"));
        assert!(
            with.starts_with(
                "script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='; "
            ),
            "{with}"
        );
        let without = policy(None);
        assert!(without.starts_with("script-src 'self' 'wasm-unsafe-eval'; default-src 'self'"));
        for policy in [with, without] {
            assert!(!policy.contains("unsafe-inline"));
            assert!(policy.contains("frame-ancestors 'none'"));
            assert!(policy.contains("object-src 'none'"));
        }
    }
}
