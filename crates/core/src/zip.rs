//! ZIP archives of stored (uncompressed) entries, written and read without a library: the
//! spreadsheet export's package and the backup archive (the workspace's JSON with its evidence
//! files). The reader takes only what the writer makes — stored entries, no encryption, no
//! ZIP64 — and checks every entry's CRC-32, so a damaged or foreign archive is refused whole.

/// Why an archive cannot be read, in words for the person importing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    #[error("it is not a ZIP archive (no end of its directory was found)")]
    NotAZip,
    #[error("its directory is cut short or points outside the file")]
    Truncated,
    #[error("the entry {name:?} is compressed; Praxis archives store their entries as they are")]
    Compressed { name: String },
    #[error("the entry {name:?} is damaged (its checksum does not match)")]
    Damaged { name: String },
    #[error("the entry {name:?} is in it twice")]
    Duplicate { name: String },
    #[error("an entry's name is not valid UTF-8 text")]
    BadName,
}

/// A ZIP archive of `parts` (name, bytes) stored as they are, with their CRC-32s.
pub fn write_stored(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in parts {
        let name = name.as_bytes();
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        // Local file header: version 2.0, flag bit 11 (names are UTF-8), stored, 1980-01-01.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0]);
        for value in [crc, size, size] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Its central directory entry.
        directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        directory.extend_from_slice(&[20, 0, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0]);
        for value in [crc, size, size] {
            directory.extend_from_slice(&value.to_le_bytes());
        }
        directory.extend_from_slice(&(name.len() as u16).to_le_bytes());
        directory.extend_from_slice(&[0; 12]);
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name);
    }
    let start = out.len() as u32;
    let length = directory.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    let count = parts.len() as u16;
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Whether `bytes` begin as a ZIP archive does (so an import knows which reader to use).
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(&0x0403_4b50u32.to_le_bytes())
}

fn u16_at(bytes: &[u8], at: usize) -> Result<u16, ZipError> {
    let part = bytes.get(at..at + 2).ok_or(ZipError::Truncated)?;
    Ok(u16::from_le_bytes([part[0], part[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, ZipError> {
    let part = bytes.get(at..at + 4).ok_or(ZipError::Truncated)?;
    Ok(u32::from_le_bytes([part[0], part[1], part[2], part[3]]))
}

/// The entries of an archive of stored entries, in the order its directory lists them, each
/// checked against its CRC-32.
pub fn read_stored(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ZipError> {
    // The end-of-directory record is the last 22 bytes, or earlier by a comment (≤ 65,535).
    let earliest = bytes.len().saturating_sub(22 + usize::from(u16::MAX));
    let end = (earliest..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| bytes.get(at..at + 4) == Some(&0x0605_4b50u32.to_le_bytes()[..]))
        .ok_or(ZipError::NotAZip)?;
    let count = usize::from(u16_at(bytes, end + 10)?);
    let mut at = u32_at(bytes, end + 16)? as usize;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(bytes, at)? != 0x0201_4b50 {
            return Err(ZipError::Truncated);
        }
        let method = u16_at(bytes, at + 10)?;
        let crc = u32_at(bytes, at + 16)?;
        let size = u32_at(bytes, at + 20)? as usize;
        let name_len = usize::from(u16_at(bytes, at + 28)?);
        let extra_len = usize::from(u16_at(bytes, at + 30)?);
        let comment_len = usize::from(u16_at(bytes, at + 32)?);
        let local = u32_at(bytes, at + 42)? as usize;
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or(ZipError::Truncated)?;
        let name = String::from_utf8(name.to_vec()).map_err(|_| ZipError::BadName)?;
        if method != 0 {
            return Err(ZipError::Compressed { name });
        }
        if u32_at(bytes, local)? != 0x0403_4b50 {
            return Err(ZipError::Truncated);
        }
        let data_at = local
            + 30
            + usize::from(u16_at(bytes, local + 26)?)
            + usize::from(u16_at(bytes, local + 28)?);
        let data = bytes
            .get(data_at..data_at + size)
            .ok_or(ZipError::Truncated)?;
        if crc32(data) != crc {
            return Err(ZipError::Damaged { name });
        }
        if entries.iter().any(|(n, _)| *n == name) {
            return Err(ZipError::Duplicate { name });
        }
        entries.push((name, data.to_vec()));
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(entries)
}

/// CRC-32 (IEEE), as ZIP checks each entry with.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn what_is_written_reads_back_in_order() {
        let archive = write_stored(&[
            ("backup.json", b"{}"),
            ("files/ab", &[0, 255, 7]),
            ("empty", b""),
            ("naïve.txt", "é".as_bytes()),
        ]);
        assert!(looks_like_zip(&archive));
        let entries = read_stored(&archive).unwrap();
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["backup.json", "files/ab", "empty", "naïve.txt"]);
        assert_eq!(entries[1].1, [0, 255, 7]);
        assert_eq!(read_stored(&write_stored(&[])).unwrap(), []);
    }

    #[test]
    fn every_bad_archive_is_named() {
        let archive = write_stored(&[("a.txt", b"hello")]);
        assert_eq!(read_stored(b"{\"format\": 1}"), Err(ZipError::NotAZip));
        assert_eq!(read_stored(&[]), Err(ZipError::NotAZip));
        // A byte of the entry changed: its checksum no longer matches.
        let mut damaged = archive.clone();
        let at = damaged.windows(5).position(|w| w == b"hello").unwrap();
        damaged[at] = b'j';
        assert_eq!(
            read_stored(&damaged),
            Err(ZipError::Damaged {
                name: "a.txt".into()
            })
        );
        // Compressed (method 8) in the directory.
        let mut compressed = archive.clone();
        let directory = compressed
            .windows(4)
            .position(|w| w == 0x0201_4b50u32.to_le_bytes())
            .unwrap();
        compressed[directory + 10] = 8;
        assert_eq!(
            read_stored(&compressed),
            Err(ZipError::Compressed {
                name: "a.txt".into()
            })
        );
        // The directory points past the end of the file.
        let mut truncated = archive.clone();
        let end = truncated.len() - 22;
        truncated[end + 16..end + 20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(read_stored(&truncated), Err(ZipError::Truncated));
        // One name twice.
        let twice = write_stored(&[("a", b"1"), ("a", b"2")]);
        assert_eq!(
            read_stored(&twice),
            Err(ZipError::Duplicate { name: "a".into() })
        );
    }
}
