//! Contract cases for evidence files: kept by SHA-256 per workspace, written in the batch that
//! writes their record (all or nothing), refused when too large, and gone with their workspace.

use praxis_core::evidence::{MAX_FILE_BYTES, Sha256};
use serde_json::json;

use super::{batch, key, must_apply, setup, ws_id};
use crate::{Store, StoreError};

pub(super) async fn files_are_kept_by_hash_with_their_record_and_go_with_the_workspace<S: Store>(
    store: &S,
) {
    let case = "files_are_kept_by_hash_with_their_record_and_go_with_the_workspace";
    must_apply(store, &setup("w", &[]), case).await;
    must_apply(store, &setup("other", &[]), case).await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let record = key("w", "evidence_file", "f1");
    let mut attach = batch();
    let sha = attach.put_file(&ws_id("w"), bytes.clone());
    attach.set_field(&record, "sha256", Some(json!(sha.as_str())));
    must_apply(store, &attach, case).await;
    assert_eq!(sha, Sha256::of(&bytes), "{case}: named by its hash");
    assert_eq!(
        store.file(&ws_id("w"), &sha).await.expect(case),
        Some(bytes.clone()),
        "{case}: read back byte for byte"
    );
    assert_eq!(
        store.file(&ws_id("other"), &sha).await.expect(case),
        None,
        "{case}: kept per workspace"
    );
    // The same bytes again are the same file.
    let mut again = batch();
    again.put_file(&ws_id("w"), bytes.clone());
    must_apply(store, &again, case).await;
    assert_eq!(
        store.file_hashes(&ws_id("w")).await.expect(case),
        vec![sha.clone()],
        "{case}"
    );

    // A file for a workspace that is not there fails its whole batch.
    let ghost_record = key("w", "evidence_file", "f2");
    let mut doomed = batch();
    doomed.set_field(&ghost_record, "name", Some(json!("a.txt")));
    let ghost = doomed.put_file(&ws_id("ghost"), b"boo".to_vec());
    let error = store.apply(&doomed).await.expect_err(case);
    assert_eq!(
        error,
        StoreError::UnknownWorkspace(ws_id("ghost")),
        "{case}"
    );
    assert_eq!(
        store.record(&ghost_record).await.expect(case),
        None,
        "{case}"
    );
    assert_eq!(
        store.file(&ws_id("ghost"), &ghost).await.expect(case),
        None,
        "{case}"
    );

    // Too large: refused, nothing written.
    let mut large = batch();
    let big = large.put_file(&ws_id("w"), vec![7; MAX_FILE_BYTES as usize + 1]);
    let error = store.apply(&large).await.expect_err(case);
    assert!(matches!(error, StoreError::Invalid(_)), "{case}: {error}");
    assert_eq!(
        store.file(&ws_id("w"), &big).await.expect(case),
        None,
        "{case}"
    );

    // Gone with the workspace, and only with it.
    let mut kept = batch();
    let other_sha = kept.put_file(&ws_id("other"), b"kept".to_vec());
    must_apply(store, &kept, case).await;
    let mut delete = batch();
    delete.delete_workspace(ws_id("w"));
    must_apply(store, &delete, case).await;
    assert_eq!(
        store.file(&ws_id("w"), &sha).await.expect(case),
        None,
        "{case}"
    );
    assert_eq!(
        store.file_hashes(&ws_id("w")).await.expect(case),
        vec![],
        "{case}"
    );
    assert_eq!(
        store.file(&ws_id("other"), &other_sha).await.expect(case),
        Some(b"kept".to_vec()),
        "{case}"
    );
}
