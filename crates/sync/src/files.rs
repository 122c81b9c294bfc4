//! Evidence files in a round. Records travel as changes; a file's bytes travel apart, by
//! SHA-256, after the changes: a device uploads each file a live evidence record names that it
//! holds and the server lacks, and fetches each one it lacks that the server holds. Every copy
//! is checked against the size and hash its record names before it is sent or kept.

use std::collections::{BTreeMap, BTreeSet};

use praxis_core::evidence::{EvidenceFile, Sha256, live_evidence};
use praxis_core::sync::MAX_FILE_QUERY;
use praxis_core::{RecordKind, RecordType, Role, WriteBatch};
use praxis_store::Store;

use crate::round::{Report, Round, SyncError};
use crate::transport::TransportError;

/// The calls that carry files, for one workspace with one device's token.
pub trait FileTransport {
    /// Which of `hashes` (at most [`MAX_FILE_QUERY`]) the server does not hold.
    async fn missing_files(&self, hashes: &[Sha256]) -> Result<Vec<Sha256>, TransportError>;
    /// Sends one file's bytes; sending a file the server holds already is a no-op.
    async fn upload_file(&self, sha256: &Sha256, bytes: &[u8]) -> Result<(), TransportError>;
    /// One file's bytes, or `None` when the server does not hold it (yet).
    async fn fetch_file(&self, sha256: &Sha256) -> Result<Option<Vec<u8>>, TransportError>;
}

/// What a device remembers between its rounds, so it does not ask or send again: the files
/// the server holds, and those it refused (said once, in the round's report) until the app
/// starts again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileMemo {
    on_server: BTreeSet<Sha256>,
    refused: BTreeSet<Sha256>,
}

/// What the files step did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilesReport {
    pub uploaded: usize,
    pub fetched: usize,
    /// Files records name that neither this device nor the server holds yet: the device they
    /// were attached on has not uploaded them.
    pub awaited: BTreeSet<Sha256>,
    /// Files the server would not take, by name, with its reason.
    pub refused: Vec<(String, String)>,
}

/// Whether the server refused this one file (the round goes on with the others), rather than
/// the round as a whole (offline, signed out).
fn refuses_only_this_file(error: &TransportError) -> bool {
    matches!(
        error,
        TransportError::Failed {
            status: 409 | 413 | 422,
            ..
        }
    )
}

/// Uploads what the server lacks (members who may write only) and fetches what this device
/// lacks. The records of the files fetched join `report.touched_records`.
pub async fn sync_files<S: Store, T: FileTransport>(
    round: &Round<'_, S, T>,
    role: Role,
    memo: &mut FileMemo,
    report: &mut Report,
) -> Result<(), SyncError> {
    let kind = RecordKind::parse(EvidenceFile::KIND).expect("a valid kind");
    let records = round.store.records_of_kind(round.workspace, &kind).await?;
    let mut named: BTreeMap<Sha256, Vec<EvidenceFile>> = BTreeMap::new();
    for file in live_evidence(&records) {
        named.entry(file.sha256.clone()).or_default().push(file);
    }
    let here: BTreeSet<Sha256> = round
        .store
        .file_hashes(round.workspace)
        .await?
        .into_iter()
        .collect();
    if role.can_write() {
        upload(round, &named, &here, memo, &mut report.files).await?;
    }
    for (sha256, files) in named.iter().filter(|(sha256, _)| !here.contains(*sha256)) {
        let Some(bytes) = round.transport.fetch_file(sha256).await? else {
            report.files.awaited.insert(sha256.clone());
            continue;
        };
        if !files[0].matches(&bytes) {
            return Err(SyncError::Server(format!(
                "it sent bytes for “{}” that are not the file its record names (SHA-256 {sha256})",
                files[0].name
            )));
        }
        let mut batch = WriteBatch::new(round.actor.clone(), (round.now_ms)());
        batch.put_file(round.workspace, bytes);
        round.store.apply(&batch).await?;
        memo.on_server.insert(sha256.clone());
        report.files.fetched += 1;
        report.files.awaited.remove(sha256);
        report.touched_records.extend(
            files
                .iter()
                .map(|f| EvidenceFile::key(round.workspace, &f.id)),
        );
    }
    Ok(())
}

async fn upload<S: Store, T: FileTransport>(
    round: &Round<'_, S, T>,
    named: &BTreeMap<Sha256, Vec<EvidenceFile>>,
    here: &BTreeSet<Sha256>,
    memo: &mut FileMemo,
    files: &mut FilesReport,
) -> Result<(), SyncError> {
    let unknown: Vec<Sha256> = named
        .keys()
        .filter(|h| here.contains(*h) && !memo.on_server.contains(*h))
        .filter(|h| !memo.refused.contains(*h))
        .cloned()
        .collect();
    for chunk in unknown.chunks(MAX_FILE_QUERY) {
        let missing: BTreeSet<Sha256> = round
            .transport
            .missing_files(chunk)
            .await?
            .into_iter()
            .collect();
        for sha256 in chunk {
            if !missing.contains(sha256) {
                memo.on_server.insert(sha256.clone());
                continue;
            }
            // Taken off this device since the list was read: nothing to send.
            let Some(bytes) = round.store.file(round.workspace, sha256).await? else {
                continue;
            };
            let file = &named[sha256][0];
            let refusal = if file.matches(&bytes) {
                match round.transport.upload_file(sha256, &bytes).await {
                    Ok(()) => None,
                    Err(error) if refuses_only_this_file(&error) => Some(error.to_string()),
                    Err(error) => return Err(error.into()),
                }
            } else {
                Some("the copy on this device is not the file its record names".to_owned())
            };
            match refusal {
                None => {
                    memo.on_server.insert(sha256.clone());
                    files.uploaded += 1;
                }
                Some(reason) => {
                    memo.refused.insert(sha256.clone());
                    files.refused.push((file.name.clone(), reason));
                }
            }
        }
    }
    Ok(())
}
