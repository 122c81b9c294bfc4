//! The round against a scripted server: what it does with refusals, failures part-way and
//! answers no Praxis server sends. The real server is in the loop in the server's tests.

use std::cell::RefCell;
use std::collections::VecDeque;

use praxis_core::sync::{Pull, Pulled, PushRefused, Pushed, Refused};
use praxis_core::{
    Actor, Change, DeviceId, RecordId, RecordKey, RecordKind, Role, Workspace, WorkspaceId,
    WorkspaceName, WriteBatch,
};
use praxis_store::{MemoryStore, Store};
use serde_json::json;

use crate::{Report, Round, SyncError, Transport, TransportError, sync_round, upload_feed};

const NOW: i64 = 1_800_000_000_000;

type Answer<T> = Result<T, TransportError>;

/// Answers each call with the next scripted answer, and remembers what it was sent.
#[derive(Default)]
struct Scripted {
    pushes: RefCell<VecDeque<Answer<Pushed>>>,
    pulls: RefCell<VecDeque<Answer<Pull>>>,
    pushed: RefCell<Vec<Vec<Change>>>,
    pulled_after: RefCell<Vec<u64>>,
}

impl Transport for Scripted {
    async fn push(&self, changes: &[Change]) -> Answer<Pushed> {
        self.pushed.borrow_mut().push(changes.to_vec());
        self.pushes
            .borrow_mut()
            .pop_front()
            .expect("a scripted push")
    }

    async fn pull(&self, after: u64, _limit: usize) -> Answer<Pull> {
        self.pulled_after.borrow_mut().push(after);
        self.pulls
            .borrow_mut()
            .pop_front()
            .expect("a scripted pull")
    }
}

fn workspace() -> WorkspaceId {
    WorkspaceId::parse("ws-sync").unwrap()
}

fn actor() -> Actor {
    Actor::parse("Ada", "").unwrap()
}

fn key(id: &str) -> RecordKey {
    RecordKey {
        workspace: workspace(),
        kind: RecordKind::parse("assessment").unwrap(),
        id: RecordId::parse(id).unwrap(),
    }
}

/// A store holding the workspace and `edits` edits of its own, still in the outbox.
fn store_with_edits(edits: usize) -> MemoryStore {
    let store = MemoryStore::on_device(DeviceId::parse("dev-here").unwrap());
    let mut batch = WriteBatch::new(actor(), NOW);
    let name = WorkspaceName::parse("Sync").unwrap();
    batch.save_workspace(None, Workspace::new(workspace(), name, NOW));
    pollster::block_on(store.apply(&batch)).unwrap();
    // The workspace's own name is a change too: count only the edits below.
    let made: Vec<u64> = pollster::block_on(store.outbox(&workspace(), 10))
        .unwrap()
        .iter()
        .map(|entry| entry.seq)
        .collect();
    pollster::block_on(store.acknowledge(&workspace(), &made)).unwrap();
    for n in 0..edits {
        let mut batch = WriteBatch::new(actor(), NOW + n as i64);
        batch.set_field(&key("a1"), &format!("field{n}"), Some(json!(n)));
        pollster::block_on(store.apply(&batch)).unwrap();
    }
    store
}

fn ok_push() -> Answer<Pushed> {
    Ok(Pushed {
        accepted: 0,
        duplicates: 0,
        cursor: 0,
    })
}

fn page(changes: Vec<(u64, Change)>, cursor: u64, more: bool, latest: u64) -> Answer<Pull> {
    let changes = changes
        .into_iter()
        .map(|(seq, change)| Pulled { seq, change })
        .collect();
    Ok(Pull {
        changes,
        cursor,
        more,
        latest,
        role: Role::Editor,
    })
}

/// A change made on another device.
fn remote(id: &str, field: &str, at: i64) -> Change {
    Change {
        replaces: Vec::new(),
        workspace: workspace(),
        kind: RecordKind::parse("assessment").unwrap(),
        record_id: RecordId::parse(id).unwrap(),
        field: field.to_owned(),
        value: Some(json!("from elsewhere")),
        clock: praxis_core::Hlc::new(at, 0, DeviceId::parse("dev-there").unwrap()),
        actor: Actor::parse("Grace", "").unwrap(),
    }
}

fn run(store: &MemoryStore, transport: &Scripted, report: &mut Report) -> Result<(), SyncError> {
    let workspace = workspace();
    let actor = actor();
    let now = || NOW + 10_000;
    let round = Round {
        store,
        transport,
        workspace: &workspace,
        actor: &actor,
        now_ms: &now,
    };
    pollster::block_on(sync_round(&round, report, &mut |_| {}))
}

fn outbox_len(store: &MemoryStore) -> usize {
    pollster::block_on(store.outbox(&workspace(), 100))
        .unwrap()
        .len()
}

#[test]
fn a_round_pushes_the_outbox_then_pulls_every_page() {
    let store = store_with_edits(2);
    let transport = Scripted::default();
    transport.pushes.borrow_mut().push_back(ok_push());
    transport.pulls.borrow_mut().extend([
        page(vec![(1, remote("a2", "title", NOW + 1))], 1, true, 2),
        page(vec![(2, remote("a2", "scope", NOW + 2))], 2, false, 2),
    ]);
    let mut report = Report::from_cursor(0);
    run(&store, &transport, &mut report).unwrap();
    assert_eq!(transport.pushed.borrow()[0].len(), 2);
    assert_eq!(outbox_len(&store), 0, "acknowledged");
    assert_eq!(*transport.pulled_after.borrow(), vec![0, 1]);
    assert_eq!((report.pushed, report.pulled, report.cursor), (2, 2, 2));
    assert_eq!(
        report.touched_records.iter().collect::<Vec<_>>(),
        vec![&key("a2")]
    );
    let merged = pollster::block_on(store.record(&key("a2")))
        .unwrap()
        .unwrap();
    assert_eq!(merged.body["title"], "from elsewhere");
    assert_eq!(merged.body["scope"], "from elsewhere");
}

#[test]
fn a_round_learns_the_role_the_server_holds_now_from_its_last_page() {
    let store = store_with_edits(0);
    let transport = Scripted::default();
    let as_role = |role: Role, answer: Answer<Pull>| answer.map(|p| Pull { role, ..p });
    transport.pulls.borrow_mut().extend([
        as_role(
            Role::Editor,
            page(vec![(1, remote("a2", "title", NOW + 1))], 1, true, 2),
        ),
        // Demoted between the two pages: the newer answer counts.
        as_role(
            Role::Viewer,
            page(vec![(2, remote("a2", "scope", NOW + 2))], 2, false, 2),
        ),
    ]);
    let mut report = Report::from_cursor(0);
    assert_eq!(report.role, None, "not known before the server answers");
    run(&store, &transport, &mut report).unwrap();
    assert_eq!(report.role, Some(Role::Viewer));
}

#[test]
fn refused_changes_leave_the_outbox_with_their_reason_and_the_rest_is_sent_again() {
    let store = store_with_edits(3);
    let outbox = pollster::block_on(store.outbox(&workspace(), 10)).unwrap();
    let refused_id = outbox[1].change.id();
    let transport = Scripted::default();
    transport.pushes.borrow_mut().extend([
        Err(TransportError::Refused(PushRefused {
            error: "Only approvers and owners can approve.".into(),
            refused: vec![Refused {
                change_id: refused_id.clone(),
                reason: "Only approvers and owners can set the approval date.".into(),
            }],
        })),
        ok_push(),
    ]);
    transport
        .pulls
        .borrow_mut()
        .push_back(page(vec![], 0, false, 0));
    let mut report = Report::from_cursor(0);
    run(&store, &transport, &mut report).unwrap();
    let pushed = transport.pushed.borrow();
    assert_eq!(pushed[0].len(), 3);
    assert_eq!(pushed[1].len(), 2, "sent again without the refused change");
    assert!(pushed[1].iter().all(|c| c.id() != refused_id));
    assert_eq!(report.pushed, 2);
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].change.id(), refused_id);
    assert!(report.refused[0].reason.contains("approval date"));
    assert_eq!(outbox_len(&store), 0);
    // The person's value stays on this device.
    let record = pollster::block_on(store.record(&key("a1")))
        .unwrap()
        .unwrap();
    assert_eq!(record.body["field1"], 1);
}

#[test]
fn a_refusal_naming_no_change_of_the_push_stops_the_round() {
    let store = store_with_edits(1);
    let transport = Scripted::default();
    transport
        .pushes
        .borrow_mut()
        .push_back(Err(TransportError::Refused(PushRefused {
            error: "No.".into(),
            refused: vec![Refused {
                change_id: "not-one-of-them".into(),
                reason: "No.".into(),
            }],
        })));
    let mut report = Report::from_cursor(0);
    let error = run(&store, &transport, &mut report).unwrap_err();
    assert!(matches!(error, SyncError::Server(_)), "{error}");
    assert_eq!(outbox_len(&store), 1, "still waiting");
}

#[test]
fn failing_part_way_keeps_what_completed() {
    let store = store_with_edits(1);
    let transport = Scripted::default();
    transport.pushes.borrow_mut().push_back(ok_push());
    transport.pulls.borrow_mut().extend([
        page(vec![(1, remote("a2", "title", NOW + 1))], 1, true, 5),
        Err(TransportError::Offline("connection refused".into())),
    ]);
    let mut report = Report::from_cursor(0);
    let error = run(&store, &transport, &mut report).unwrap_err();
    assert_eq!(
        error,
        SyncError::Transport(TransportError::Offline("connection refused".into()))
    );
    assert_eq!((report.cursor, report.latest, report.pulled), (1, 5, 1));
    assert_eq!(outbox_len(&store), 0);
    assert!(
        pollster::block_on(store.record(&key("a2")))
            .unwrap()
            .is_some()
    );

    // Offline while pushing: nothing leaves the outbox.
    let store = store_with_edits(2);
    let transport = Scripted::default();
    transport
        .pushes
        .borrow_mut()
        .push_back(Err(TransportError::Offline("timed out".into())));
    let mut report = Report::from_cursor(0);
    assert!(run(&store, &transport, &mut report).is_err());
    assert_eq!(outbox_len(&store), 2);
}

#[test]
fn answers_no_praxis_server_sends_are_refused_and_nothing_of_them_is_merged() {
    let other = Change {
        workspace: WorkspaceId::parse("ws-other").unwrap(),
        ..remote("a2", "title", NOW + 1)
    };
    let cases: Vec<(&str, u64, Answer<Pull>)> = vec![
        ("fewer than the 7", 7, page(vec![], 7, false, 3)),
        (
            "came after",
            0,
            page(
                vec![(2, remote("a2", "title", NOW)), (2, remote("a3", "x", NOW))],
                2,
                false,
                2,
            ),
        ),
        (
            "came after",
            4,
            page(vec![(4, remote("a2", "title", NOW))], 4, false, 4),
        ),
        ("workspace ws-other", 0, page(vec![(1, other)], 1, false, 1)),
        (
            "does not follow",
            0,
            page(vec![(1, remote("a2", "title", NOW))], 3, false, 3),
        ),
        (
            "does not follow",
            0,
            page(vec![(1, remote("a2", "title", NOW))], 1, false, 0),
        ),
        ("sent none", 0, page(vec![], 0, true, 9)),
    ];
    for (expected, cursor, answer) in cases {
        let store = store_with_edits(0);
        let transport = Scripted::default();
        transport.pulls.borrow_mut().push_back(answer);
        let mut report = Report::from_cursor(cursor);
        let error = run(&store, &transport, &mut report).unwrap_err();
        assert!(
            matches!(&error, SyncError::Server(why) if why.contains(expected)),
            "{expected}: {error}"
        );
        assert_eq!(report.cursor, cursor, "{expected}");
        let records = pollster::block_on(store.all_records(&workspace())).unwrap();
        assert!(
            records.iter().all(|r| r.kind.as_str() != "assessment"),
            "{expected}"
        );
    }
}

#[test]
fn uploading_sends_the_whole_feed_and_empties_the_outbox() {
    let store = store_with_edits(3);
    // A change restored from a backup is in the feed but was never queued.
    let mut batch = WriteBatch::new(actor(), NOW);
    batch.push(praxis_core::Op::AppendChange(remote("a9", "title", NOW)));
    pollster::block_on(store.apply(&batch)).unwrap();
    let transport = Scripted::default();
    transport.pushes.borrow_mut().push_back(ok_push());
    let workspace = workspace();
    let actor = actor();
    let now = || NOW;
    let round = Round {
        store: &store,
        transport: &transport,
        workspace: &workspace,
        actor: &actor,
        now_ms: &now,
    };
    let mut report = Report::default();
    pollster::block_on(upload_feed(&round, &mut report, &mut |_| {})).unwrap();
    let pushed = transport.pushed.borrow();
    let fields: Vec<&str> = pushed[0].iter().map(|c| c.field.as_str()).collect();
    assert!(fields.contains(&"title"), "{fields:?}");
    assert!(pushed[0].len() >= 4, "{fields:?}");
    assert_eq!(outbox_len(&store), 0);
}

#[test]
fn transient_failures_are_the_ones_worth_retrying_by_themselves() {
    assert!(TransportError::Offline("x".into()).is_transient());
    for (status, transient) in [
        (429, true),
        (503, true),
        (408, true),
        (401, false),
        (413, false),
    ] {
        let error = TransportError::Failed {
            status,
            message: String::new(),
        };
        assert_eq!(error.is_transient(), transient, "{status}");
    }
}

#[test]
fn only_failures_that_pass_by_themselves_are_retried_on_a_timer() {
    use crate::Outcome;
    let offline = SyncError::Transport(TransportError::Offline("down".into()));
    assert_eq!(offline.outcome(), Outcome::WillPass);
    let revoked = SyncError::Transport(TransportError::Failed {
        status: 401,
        message: "revoked".into(),
    });
    assert_eq!(revoked.outcome(), Outcome::NeedsPerson);
    assert_eq!(
        SyncError::Server("odd".into()).outcome(),
        Outcome::NeedsPerson
    );
}
