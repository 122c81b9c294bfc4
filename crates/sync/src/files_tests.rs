//! The files step against a server held in memory: what is sent and fetched, what is checked,
//! and what a refusal or a lost connection does.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use praxis_core::evidence::{EvidenceFile, Sha256};
use praxis_core::isms::action::Serves;
use praxis_core::{
    Actor, DeviceId, RecordId, RecordType, Role, Workspace, WorkspaceId, WorkspaceName, WriteBatch,
};
use praxis_store::{MemoryStore, Store};
use serde_json::Value;

use crate::{FileMemo, FileTransport, Report, Round, SyncError, TransportError, sync_files};

const NOW: i64 = 1_800_000_000_000;

/// A server's files in memory, with the faults still to come.
#[derive(Default)]
struct Server {
    held: RefCell<BTreeMap<Sha256, Vec<u8>>>,
    asked: RefCell<Vec<Sha256>>,
    uploads: Cell<usize>,
    /// Uploads of these are refused with this status.
    refuse: RefCell<BTreeMap<Sha256, u16>>,
    offline: Cell<bool>,
    /// Fetches answer with one byte changed.
    tamper: Cell<bool>,
}

impl Server {
    fn reachable(&self) -> Result<(), TransportError> {
        if self.offline.get() {
            Err(TransportError::Offline("no answer from the server".into()))
        } else {
            Ok(())
        }
    }
}

impl FileTransport for Server {
    async fn missing_files(&self, hashes: &[Sha256]) -> Result<Vec<Sha256>, TransportError> {
        self.reachable()?;
        self.asked.borrow_mut().extend(hashes.iter().cloned());
        let held = self.held.borrow();
        Ok(hashes
            .iter()
            .filter(|h| !held.contains_key(*h))
            .cloned()
            .collect())
    }

    async fn upload_file(&self, sha256: &Sha256, bytes: &[u8]) -> Result<(), TransportError> {
        self.reachable()?;
        if let Some(&status) = self.refuse.borrow().get(sha256) {
            return Err(TransportError::Failed {
                status,
                message: "No evidence record in this workspace names this file.".into(),
            });
        }
        self.uploads.set(self.uploads.get() + 1);
        self.held
            .borrow_mut()
            .insert(sha256.clone(), bytes.to_vec());
        Ok(())
    }

    async fn fetch_file(&self, sha256: &Sha256) -> Result<Option<Vec<u8>>, TransportError> {
        self.reachable()?;
        let mut bytes = self.held.borrow().get(sha256).cloned();
        if self.tamper.get()
            && let Some(bytes) = bytes.as_mut()
        {
            bytes[0] ^= 1;
        }
        Ok(bytes)
    }
}

fn workspace() -> WorkspaceId {
    WorkspaceId::parse("ws-files").unwrap()
}

fn actor() -> Actor {
    Actor::parse("Ada", "").unwrap()
}

fn device(name: &str) -> MemoryStore {
    let store = MemoryStore::on_device(DeviceId::parse(name).unwrap());
    let mut batch = WriteBatch::new(actor(), NOW);
    let name = WorkspaceName::parse("Files").unwrap();
    batch.save_workspace(None, Workspace::new(workspace(), name, NOW));
    pollster::block_on(store.apply(&batch)).unwrap();
    store
}

fn record_of(id: &str, name: &str, bytes: &[u8]) -> EvidenceFile {
    let of = Serves::parse("risk/r1").unwrap();
    EvidenceFile::of_bytes(
        RecordId::parse(id).unwrap(),
        of,
        name,
        "text/plain",
        bytes,
        NOW,
    )
    .unwrap()
}

/// Writes the record of `bytes`, with the bytes themselves when `with_bytes`.
fn attach(store: &MemoryStore, id: &str, name: &str, bytes: &[u8], with_bytes: bool) {
    let record = record_of(id, name, bytes);
    let mut batch = WriteBatch::new(actor(), NOW + 1);
    if with_bytes {
        batch.put_file(&workspace(), bytes.to_vec());
    }
    let key = EvidenceFile::key(&workspace(), &record.id);
    batch.edit_fields(&key, None, &Value::Object(record.to_body()));
    pollster::block_on(store.apply(&batch)).unwrap();
}

fn run(
    store: &MemoryStore,
    server: &Server,
    role: Role,
    memo: &mut FileMemo,
) -> (Report, Result<(), SyncError>) {
    let now = || NOW + 10;
    let (ws, who) = (workspace(), actor());
    let round = Round {
        store,
        transport: server,
        workspace: &ws,
        actor: &who,
        now_ms: &now,
    };
    let mut report = Report::default();
    let result = pollster::block_on(sync_files(&round, role, memo, &mut report));
    (report, result)
}

fn held_here(store: &MemoryStore, bytes: &[u8]) -> Option<Vec<u8>> {
    pollster::block_on(store.file(&workspace(), &Sha256::of(bytes))).unwrap()
}

#[test]
fn a_file_attached_here_is_uploaded_once_and_not_asked_about_again() {
    let here = device("dev-here");
    attach(&here, "f1", "scan.pdf", b"the scan", true);
    let server = Server::default();
    let mut memo = FileMemo::default();
    let (report, result) = run(&here, &server, Role::Editor, &mut memo);
    result.unwrap();
    assert_eq!(report.files.uploaded, 1);
    assert_eq!(server.held.borrow()[&Sha256::of(b"the scan")], b"the scan");

    let (report, result) = run(&here, &server, Role::Editor, &mut memo);
    result.unwrap();
    assert_eq!(report.files.uploaded, 0);
    assert_eq!(
        server.asked.borrow().len(),
        1,
        "known to be there: not asked again"
    );

    // Another device (or this one after a restart) asks, hears the server holds it, sends nothing.
    let (report, result) = run(&here, &server, Role::Editor, &mut FileMemo::default());
    result.unwrap();
    assert_eq!((report.files.uploaded, server.uploads.get()), (0, 1));
}

#[test]
fn a_device_that_lacks_a_named_file_fetches_it_and_a_viewer_sends_nothing() {
    let server = Server::default();
    server
        .held
        .borrow_mut()
        .insert(Sha256::of(b"minutes"), b"minutes".to_vec());
    let viewer = device("dev-viewer");
    attach(&viewer, "f1", "minutes.txt", b"minutes", false);
    attach(&viewer, "f2", "own.txt", b"restored from a backup", true);
    let (report, result) = run(&viewer, &server, Role::Viewer, &mut FileMemo::default());
    result.unwrap();
    assert_eq!(
        held_here(&viewer, b"minutes").as_deref(),
        Some(&b"minutes"[..])
    );
    assert_eq!(report.files.fetched, 1);
    assert!(
        report.touched_records.contains(&EvidenceFile::key(
            &workspace(),
            &RecordId::parse("f1").unwrap()
        )),
        "the page showing the file refreshes"
    );
    assert!(server.asked.borrow().is_empty(), "a viewer uploads nothing");
    assert_eq!(server.uploads.get(), 0);
}

#[test]
fn a_file_not_uploaded_yet_is_awaited_and_a_deleted_records_file_is_not_sent() {
    let here = device("dev-here");
    attach(
        &here,
        "f1",
        "elsewhere.pdf",
        b"attached on another device",
        false,
    );
    attach(&here, "f2", "gone.pdf", b"taken off", true);
    let mut batch = WriteBatch::new(actor(), NOW + 2);
    batch.delete_record(&EvidenceFile::key(
        &workspace(),
        &RecordId::parse("f2").unwrap(),
    ));
    pollster::block_on(here.apply(&batch)).unwrap();

    let server = Server::default();
    let (report, result) = run(&here, &server, Role::Editor, &mut FileMemo::default());
    result.unwrap();
    assert_eq!(
        report.files.awaited.into_iter().collect::<Vec<_>>(),
        vec![Sha256::of(b"attached on another device")]
    );
    assert_eq!(report.files.fetched, 0);
    assert!(server.asked.borrow().is_empty() && server.held.borrow().is_empty());
}

#[test]
fn bytes_that_are_not_the_file_named_are_not_kept() {
    let server = Server::default();
    server
        .held
        .borrow_mut()
        .insert(Sha256::of(b"the policy"), b"the policy".to_vec());
    server.tamper.set(true);
    let here = device("dev-here");
    attach(&here, "f1", "policy.pdf", b"the policy", false);
    let (report, result) = run(&here, &server, Role::Editor, &mut FileMemo::default());
    let error = result.unwrap_err();
    assert!(matches!(error, SyncError::Server(_)), "{error}");
    assert!(error.to_string().contains("policy.pdf"), "{error}");
    assert_eq!(held_here(&here, b"the policy"), None, "nothing kept");
    assert_eq!(report.files.fetched, 0);
}

#[test]
fn a_refused_file_is_set_aside_the_others_go_on_and_a_lost_connection_stops_the_step() {
    let here = device("dev-here");
    attach(&here, "f1", "refused.pdf", b"refused", true);
    attach(&here, "f2", "taken.pdf", b"taken", true);
    let server = Server::default();
    server
        .refuse
        .borrow_mut()
        .insert(Sha256::of(b"refused"), 409);
    let mut memo = FileMemo::default();
    let (report, result) = run(&here, &server, Role::Owner, &mut memo);
    result.unwrap();
    assert_eq!(report.files.uploaded, 1);
    assert_eq!(report.files.refused.len(), 1);
    assert_eq!(report.files.refused[0].0, "refused.pdf");
    assert!(report.files.refused[0].1.contains("names this file"));

    // Set aside until the app starts again: not asked about in the next round.
    let asked = server.asked.borrow().len();
    let (_, result) = run(&here, &server, Role::Owner, &mut memo);
    result.unwrap();
    assert_eq!(server.asked.borrow().len(), asked);

    let again = device("dev-again");
    attach(&again, "f3", "later.pdf", b"later", true);
    server.offline.set(true);
    let (_, result) = run(&again, &server, Role::Owner, &mut FileMemo::default());
    assert!(matches!(
        result,
        Err(SyncError::Transport(TransportError::Offline(_)))
    ));
}
