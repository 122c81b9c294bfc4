//! Brotli and gzip, used to precompress the build (the server sends `.br`/`.gz` siblings) and to
//! measure it.

use std::io::Write;
use std::path::Path;

use crate::util::Result;

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in-memory brotli");
    out
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in-memory gzip");
    encoder.finish().expect("in-memory gzip")
}

const COMPRESSIBLE: [&str; 8] = [
    "wasm",
    "js",
    "css",
    "html",
    "svg",
    "json",
    "webmanifest",
    "txt",
];

/// Writes `x.br` and `x.gz` beside every compressible file of 1 KiB or more under `dir`.
pub fn precompress_dir(dir: &Path) -> Result<usize> {
    let mut written = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            written += precompress_dir(&path)?;
            continue;
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&extension) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if bytes.len() < 1024 {
            continue;
        }
        for (suffix, packed) in [("br", brotli(&bytes)), ("gz", gzip(&bytes))] {
            let target = path.with_extension(format!("{extension}.{suffix}"));
            std::fs::write(&target, packed).map_err(|e| format!("{}: {e}", target.display()))?;
            written += 1;
        }
    }
    Ok(written)
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
}
