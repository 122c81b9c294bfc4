//! Copies the built-in content (`content/**/*.json` but `content/guidance/`, kept pretty for people to edit and review)
//! into `$OUT_DIR/content/` without the whitespace between tokens, for `include_str!`: the
//! indentation is a fifth of the files and would otherwise ship in every wasm download.

use std::path::{Path, PathBuf};

/// `text` without the whitespace outside strings; strings (escapes included) are kept byte for
/// byte, so the JSON means exactly the same.
fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
            in_string = c == '"';
        }
    }
    out
}

fn json_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            // Guidance is served as files beside the app, not compiled in.
            if !path.ends_with("guidance") {
                json_files(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let content = manifest.join("../../content");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join("content");
    // A directory makes cargo rerun this when any file below it changes.
    println!("cargo:rerun-if-changed={}", content.display());
    println!("cargo:rerun-if-changed=build.rs");
    let mut files = Vec::new();
    json_files(&content, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let target = out.join(file.strip_prefix(&content).expect("found below content/"));
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", folder.display()));
        }
        std::fs::write(&target, minify(&text))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
    }
}
