//! Shared by the test binaries: a temporary dist directory shaped like Trunk's output.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub mod api;
pub mod db;

pub const INDEX: &str = "<!doctype html><title>Praxis</title><body>index</body>";
pub const INDEX_BR: &[u8] = b"index.html as brotli";
pub const HASHED_JS: &str = "/praxis-1a2b3c4d5e6f7a8b.js";
pub const HASHED_JS_BODY: &str = "import init from './praxis-1a2b3c4d5e6f7a8b_bg.wasm';";
pub const HASHED_JS_BR: &[u8] = b"\x1b\x35\x00brotli bytes of the js";
pub const HASHED_JS_GZ: &[u8] = b"\x1f\x8b\x08gzip bytes of the js";
pub const HASHED_WASM: &str = "/praxis-1a2b3c4d5e6f7a8b_bg.wasm";
pub const HASHED_WASM_BODY: &[u8] = b"\0asm\x01\0\0\0";
pub const HASHED_CSS: &str = "/main-0123456789abcdef.css";
pub const SECRET: &str = "the secret outside dist";

/// `root/dist/` holds the app; `root/secret.txt` sits next to it, outside, for traversal tests.
#[derive(Debug)]
pub struct TestDist {
    root: TempDir,
    dist: PathBuf,
}

impl TestDist {
    pub fn new() -> TestDist {
        let root = tempfile::tempdir().expect("temp dir");
        let dist = root.path().join("dist");
        let test_dist = TestDist { root, dist };
        std::fs::write(test_dist.root.path().join("secret.txt"), SECRET).expect("secret");
        test_dist.write("index.html", INDEX.as_bytes());
        test_dist.write("index.html.br", INDEX_BR);
        test_dist.write(HASHED_JS, HASHED_JS_BODY.as_bytes());
        test_dist.write(&format!("{HASHED_JS}.br"), HASHED_JS_BR);
        test_dist.write(&format!("{HASHED_JS}.gz"), HASHED_JS_GZ);
        test_dist.write(HASHED_WASM, HASHED_WASM_BODY);
        test_dist.write(HASHED_CSS, b"body { margin: 0 }");
        test_dist.write("sw.js", b"self.addEventListener('fetch', () => {});");
        test_dist.write("manifest.webmanifest", b"{\"name\":\"Praxis\"}");
        test_dist.write(
            "icons/icon.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        );
        test_dist
    }

    /// Writes `bytes` to `name` (a path inside dist, with or without a leading slash).
    pub fn write(&self, name: &str, bytes: &[u8]) {
        let path = self.dist.join(name.trim_start_matches('/'));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        std::fs::write(path, bytes).expect("write file");
    }

    pub fn path(&self) -> &Path {
        &self.dist
    }
}
