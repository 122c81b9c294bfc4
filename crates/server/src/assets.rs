//! The built app: files from the dist directory, the SPA fallback, and cache policy.

use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

const NO_CACHE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Serves files from the dist directory, and `index.html` for client-side routes.
#[derive(Debug, Clone)]
pub(crate) struct Assets {
    dir: ServeDir,
    index: ServeFile,
}

impl Assets {
    pub(crate) fn new(dist_dir: &Path) -> Self {
        // ServeDir refuses `..` and other non-normal path components (also percent-encoded).
        // A directory (`/` included) counts as not found, so it gets the SPA fallback below
        // rather than a redirect to a trailing slash: `/` is still `index.html`, and a client
        // route that happens to share a name with a folder (`/icons`) still gets the app.
        let dir = ServeDir::new(dist_dir)
            .append_index_html_on_directories(false)
            .precompressed_br()
            .precompressed_gzip();
        let index = ServeFile::new(dist_dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        Assets { dir, index }
    }

    pub(crate) async fn serve(mut self, request: Request) -> Response {
        let spa_route = matches!(*request.method(), Method::GET | Method::HEAD)
            && !has_extension(request.uri().path());
        let (parts, body) = request.into_parts();
        let fallback_parts = spa_route.then(|| parts.clone());

        let mut response = match self.dir.try_call(Request::from_parts(parts, body)).await {
            Ok(response) => response.map(Body::new),
            Err(error) => return file_error(error),
        };
        if let Some(parts) = fallback_parts.filter(|_| response.status() == StatusCode::NOT_FOUND) {
            response = match self
                .index
                .try_call(Request::from_parts(parts, Body::empty()))
                .await
            {
                Ok(response) => response.map(Body::new),
                Err(error) => return file_error(error),
            };
        }
        // Files may be answered from their `.br`/`.gz` siblings, chosen by Accept-Encoding.
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
        response
    }
}

fn file_error(error: std::io::Error) -> Response {
    eprintln!("praxis-server: could not read a file of the app: {error}");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// Whether the last segment of a URL path has a file extension (`/app.js` does, `/settings`
/// and `/workspaces/abc/` do not).
pub(crate) fn has_extension(path: &str) -> bool {
    last_segment(path).contains('.')
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether a file name carries a Trunk content hash: Trunk 0.21 names its outputs
/// `name-<hash>.js`, `name-<hash>_bg.wasm` and `name-<hash>.css`, where `<hash>` is a u64 in
/// lowercase hex without zero padding: 16 digits usually, fewer now and then (we accept 12–16;
/// fewer than 12 happens once in 2^48 builds). Such a file never changes, so it may be cached
/// for good.
pub(crate) fn is_content_hashed(file_name: &str) -> bool {
    file_name.match_indices('-').any(|(at, _)| {
        let after = &file_name[at + 1..];
        let digits = after
            .bytes()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .count();
        let rest = &after[digits..];
        let rest = rest.strip_prefix("_bg").unwrap_or(rest);
        at > 0 && (12..=16).contains(&digits) && rest.len() > 1 && rest.starts_with('.')
    })
}

/// Sets `Cache-Control` on every response: immutable for hashed build outputs that were found,
/// `no-cache` (always revalidate) for everything else, including `index.html`, `sw.js`, the
/// manifest, SPA fallbacks, errors and the API.
pub(crate) async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(last_segment(request.uri().path()));
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let value = if hashed && found { IMMUTABLE } else { NO_CACHE };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_outputs_are_hashed() {
        assert!(is_content_hashed("praxis-1a2b3c4d5e6f7a8b.js"));
        assert!(is_content_hashed("praxis-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_content_hashed("main-0123456789abcdef.css"));
        assert!(is_content_hashed("praxis-store-0123456789abcdef.js"));
        assert!(is_content_hashed("praxis-1a2b3c4d5e6f7a8b.js.br"));
        assert!(
            is_content_hashed("praxis-1a2b3c4d5e6f7a8.js"),
            "15 digits: an unpadded hash"
        );
    }

    #[test]
    fn other_names_are_not_hashed() {
        for name in [
            "index.html",
            "sw.js",
            "manifest.webmanifest",
            "icon-192.png",
            "praxis.js",
            "praxis-1a2b3c4d5e6.js",        // 11 digits
            "praxis-1a2b3c4d5e6f7a8b9.js",  // 17 digits
            "praxis-1A2B3C4D5E6F7A8B.js",   // not Trunk's lowercase
            "praxis-1a2b3c4d5e6f7a8g.js",   // not hex
            "-1a2b3c4d5e6f7a8b.js",         // no name
            "praxis-1a2b3c4d5e6f7a8b",      // no extension
            "praxis-1a2b3c4d5e6f7a8b.",     // empty extension
            "praxis-1a2b3c4d5e6f7a8b_x.js", // only `_bg` may follow the hash
            "praxis-1a2b3c4d5e6f7a8b_bg",
            "",
        ] {
            assert!(!is_content_hashed(name), "{name}");
        }
    }

    #[test]
    fn extensions_are_read_from_the_last_segment() {
        assert!(has_extension("/app.js"));
        assert!(has_extension("/icons/icon.svg"));
        assert!(!has_extension("/"));
        assert!(!has_extension("/settings"));
        assert!(!has_extension("/v1.2/settings"));
        assert!(!has_extension("/workspaces/abc/"));
    }
}
