//! Contract cases for how a batch's changes sit in the feed: grouped by record (IndexedDB keeps
//! each group in one row), and every page, history and outbox read cuts across groups exactly.

use serde_json::json;

use super::{NOW, batch, key, must_apply, other_device, remote, setup, ws_id};
use crate::Store;

pub(super) async fn a_batch_records_its_changes_grouped_by_record<S: Store>(store: &S) {
    let case = "a_batch_records_its_changes_grouped_by_record";
    let (one, two) = (key("w", "note", "one"), key("w", "note", "two"));
    must_apply(store, &setup("w", &[]), case).await;
    let before = store.changes_since(&ws_id("w"), 0, 100).await.expect(case);
    let mut mixed = batch();
    mixed
        .set_field(&one, "a", Some(json!(1)))
        .set_field(&two, "a", Some(json!(2)))
        .set_field(&one, "b", Some(json!(3)))
        .set_field(&two, "b", Some(json!(4)))
        .merge(remote(&one, "m", json!(5), other_device(NOW - 10, 0)))
        .set_field(&one, "c", Some(json!(6)));
    must_apply(store, &mixed, case).await;

    let all = store.changes_since(&ws_id("w"), 0, 100).await.expect(case);
    let made: Vec<(&str, &str, bool)> = all[before.len()..]
        .iter()
        .map(|e| {
            (
                e.change.record_id.as_str(),
                e.change.field.as_str(),
                e.pending,
            )
        })
        .collect();
    assert_eq!(
        made,
        [
            ("one", "a", true),
            ("one", "b", true),
            ("one", "c", true),
            ("two", "a", true),
            ("two", "b", true),
            ("one", "m", false),
        ],
        "{case}: each record's changes together, in order, where its first change was"
    );
    assert!(
        all.windows(2).all(|w| w[1].seq == w[0].seq + 1),
        "{case}: numbered one after another"
    );
    // Every page size, from every cursor, reads the same feed.
    for size in 1..=all.len() {
        let mut read = Vec::new();
        let mut after = 0;
        loop {
            let page = store
                .changes_since(&ws_id("w"), after, size)
                .await
                .expect(case);
            let Some(last) = page.last() else { break };
            assert!(page.len() <= size, "{case}: pages of {size}");
            after = last.seq;
            read.extend(page);
        }
        assert_eq!(read, all, "{case}: pages of {size}");
    }
    for limit in 1..=5 {
        let (newest, total) = store.record_history(&one, limit).await.expect(case);
        let expected: Vec<_> = all
            .iter()
            .rev()
            .filter(|e| e.change.key() == one)
            .take(limit)
            .map(|e| e.change.clone())
            .collect();
        assert_eq!((newest, total), (expected, 4), "{case}: history, {limit}");
    }

    // Acknowledging one change in the middle of a group leaves the others waiting.
    let outbox = store.outbox(&ws_id("w"), 100).await.expect(case);
    let middle = all[before.len() + 1].seq;
    store.acknowledge(&ws_id("w"), &[middle]).await.expect(case);
    let left = store.outbox(&ws_id("w"), 100).await.expect(case);
    let expected: Vec<_> = outbox.iter().filter(|e| e.seq != middle).cloned().collect();
    assert_eq!(left, expected, "{case}: one acknowledged");
    let rest: Vec<u64> = left.iter().map(|e| e.seq).collect();
    store.acknowledge(&ws_id("w"), &rest).await.expect(case);
    assert_eq!(
        store.outbox(&ws_id("w"), 100).await.expect(case),
        vec![],
        "{case}: all acknowledged"
    );
    let after = store.changes_since(&ws_id("w"), 0, 100).await.expect(case);
    assert!(after.iter().all(|e| !e.pending), "{case}: none pending");
}
