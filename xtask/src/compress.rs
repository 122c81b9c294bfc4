//! Brotli and gzip, used to precompress the build (the server sends the `.br`/`.gz` siblings)
//! and to measure it.

use std::io::Write;
use std::path::Path;

use crate::util::{Result, extension, files_under, write};

/// Brotli at quality 11 with a 4 MiB window (lgwin 22).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    // Reading from a slice and writing to a Vec cannot fail.
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in-memory brotli");
    out
}

/// Gzip at the best level (9).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in-memory gzip");
    encoder.finish().expect("in-memory gzip")
}

/// The kinds of files worth compressing (images and fonts already are).
pub const COMPRESSIBLE: [&str; 8] = [
    "wasm",
    "js",
    "css",
    "html",
    "svg",
    "json",
    "webmanifest",
    "txt",
];

/// Files smaller than this are sent as they are.
pub const MIN_SIZE: usize = 1024;

/// Whether a file of this name and size gets `.br`/`.gz` siblings.
pub fn should_precompress(path: &Path, size: usize) -> bool {
    size >= MIN_SIZE && COMPRESSIBLE.contains(&extension(path))
}

/// Writes `x.br` and `x.gz` beside every compressible file of 1 KiB or more under `dir`
/// (recursively); returns how many source files were compressed.
pub fn precompress_dir(dir: &Path) -> Result<usize> {
    let mut compressed = 0;
    for path in files_under(dir)? {
        let size = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
        if !should_precompress(&path, size) {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        for (suffix, packed) in [("br", brotli(&bytes)), ("gz", gzip(&bytes))] {
            write(&path.with_file_name(format!("{name}.{suffix}")), packed)?;
        }
        compressed += 1;
    }
    Ok(compressed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_round_trips_and_shrinks_text() {
        let text = "Praxis ".repeat(1000);
        let br = brotli(text.as_bytes());
        let gz = gzip(text.as_bytes());
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, text.as_bytes());
        let mut unzipped = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped)
            .unwrap();
        assert_eq!(unzipped, text);
    }

    #[test]
    fn only_text_like_files_of_a_kilobyte_or_more() {
        assert!(should_precompress(Path::new("dist/app_bg.wasm"), 1024));
        assert!(should_precompress(
            Path::new("dist/manifest.webmanifest"),
            5000
        ));
        assert!(!should_precompress(Path::new("dist/app.js"), 1023));
        assert!(!should_precompress(Path::new("dist/icon.png"), 50_000));
        assert!(!should_precompress(Path::new("dist/app.js.br"), 50_000));
        assert!(!should_precompress(Path::new("dist/app.js.gz"), 50_000));
    }

    #[test]
    fn precompresses_beside_the_files_recursively() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("big.js"), "x".repeat(2000)).unwrap();
        std::fs::write(dir.join("sub/big.css"), "y".repeat(2000)).unwrap();
        std::fs::write(dir.join("small.js"), "z").unwrap();
        std::fs::write(dir.join("photo.png"), "p".repeat(2000)).unwrap();
        assert_eq!(precompress_dir(&dir).unwrap(), 2);
        for made in ["big.js.br", "big.js.gz", "sub/big.css.br", "sub/big.css.gz"] {
            assert!(dir.join(made).is_file(), "{made}");
        }
        for absent in ["small.js.br", "photo.png.gz"] {
            assert!(!dir.join(absent).exists(), "{absent}");
        }
        // Running again does not compress the compressed copies.
        assert_eq!(precompress_dir(&dir).unwrap(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
