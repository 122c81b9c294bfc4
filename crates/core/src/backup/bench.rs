//! Workloads for the storage benchmarks (`cargo xtask bench`): a large workspace as a backup, and
//! a stream of changes from another device. Deterministic, so runs compare.

use crate::actor::Actor;
use crate::assessment::{Assessment, AssessmentMeta, FrameworkChoice, Rating};
use crate::backup::Backup;
use crate::change::Change;
use crate::clock::Hlc;
use crate::framework::Catalogue;
use crate::ids::{DeviceId, RecordId, WorkspaceId};
use crate::maturity::Scale;
use crate::record::Record;
use crate::typed::RecordType;
use crate::workspace::{Workspace, WorkspaceName};

/// The benchmark's start time (2026-11-25).
pub const T0: i64 = 1_764_028_800_000;

fn device(name: &str) -> DeviceId {
    DeviceId::parse(name).expect("a valid device id")
}

/// A workspace of `count` assessments of about 1 kB of fields each (settings, three rated Annex A controls
/// with notes), every field with its clock, as a backup (no history).
pub fn large_workspace(count: usize) -> Backup {
    let workspace = Workspace::new(
        WorkspaceId::parse("bench").expect("a valid id"),
        WorkspaceName::parse("Benchmark Ltd").expect("a valid name"),
        T0,
    );
    let controls = ["A.5.1", "A.8.13", "A.8.32"];
    let records = (0..count)
        .map(|n| {
            let meta = AssessmentMeta {
                title: format!("Readiness review {n:05}"),
                frameworks: FrameworkChoice::Iso27001,
                scale: Scale::IsmsMaturity,
                scope: "Managed hosting and service desk, both sites".to_owned(),
                assessor: "Benchmark assessor".to_owned(),
                date: "2026-11-25".to_owned(),
                target: 3,
                created_at: T0,
                approved_on: None,
                framework: None,
                sharing_rules: crate::assessment::SHARING_RULES,
                blocker_level: crate::assessment::DEFAULT_BLOCKER_LEVEL,
            };
            let id = RecordId::parse(&format!("a{n:05}")).expect("a valid id");
            let mut assessment =
                Assessment::new(id.clone(), meta, &Catalogue::builtin()).expect("valid");
            for (i, control) in controls.iter().enumerate() {
                let key = format!("iso27001:2022/{control}");
                let level = u8::try_from((n + i) % 6).expect("small");
                assessment
                    .set_rating(&key, Some(Rating::Level(level)))
                    .expect("valid rating");
                let mut details = assessment.answer(&key).cloned().unwrap_or_default();
                details.notes = format!(
                    "Reviewed with the service owner on {n}; evidence is in the shared drive, \
                     follow-up agreed for the next management review ({i})."
                );
                details.owner = "Service owner".to_owned();
                assessment
                    .set_details(&key, details)
                    .expect("valid details");
            }
            let stamp = Hlc::new(T0 + n as i64, 0, device("bench"));
            let body = assessment.to_body();
            Record {
                clocks: body.keys().map(|f| (f.clone(), stamp.clone())).collect(),
                body: serde_json::Value::Object(body),
                updated_at: T0 + n as i64,
                ..Record::empty(Assessment::key(&workspace.id, &id))
            }
        })
        .collect();
    Backup::new(workspace, records, Vec::new(), T0, "bench")
}

/// `count` changes made on another device to the notes of the workspace's assessments, one
/// after another: the worst case, every change to another record.
pub fn remote_changes(workspace: &WorkspaceId, records: usize, count: usize) -> Vec<Change> {
    (0..count)
        .map(|n| {
            let record = n % records.max(1);
            let value = format!("Updated elsewhere ({n})");
            remote_change(
                workspace,
                record,
                "iso27001:2022/A.5.1#notes",
                value,
                60_000,
                n,
            )
        })
        .collect()
}

/// Text fields of the large workspace's assessments that a colleague edits.
const EDITED_FIELDS: [&str; 10] = [
    "title",
    "scope",
    "assessor",
    "iso27001:2022/A.5.1#notes",
    "iso27001:2022/A.5.1#owner",
    "iso27001:2022/A.8.13#notes",
    "iso27001:2022/A.8.13#owner",
    "iso27001:2022/A.8.32#notes",
    "iso27001:2022/A.8.32#owner",
    "iso27001:2022/A.5.1#due",
];

/// `count` changes made on another device as a pull from a server brings them: spread over the
/// first `records` assessments, up to ten fields of each, later than [`remote_changes`].
pub fn synced_changes(workspace: &WorkspaceId, records: usize, count: usize) -> Vec<Change> {
    (0..count)
        .map(|n| {
            let record = n % records.max(1);
            let field = EDITED_FIELDS[(n / records.max(1)) % EDITED_FIELDS.len()];
            let value = if field.ends_with("#due") {
                format!("2027-01-{:02}", n % 28 + 1)
            } else {
                format!("Synced from the server ({n})")
            };
            remote_change(workspace, record, field, value, 90_000, n)
        })
        .collect()
}

fn remote_change(
    workspace: &WorkspaceId,
    record: usize,
    field: &str,
    value: String,
    after_ms: i64,
    n: usize,
) -> Change {
    Change {
        replaces: Vec::new(),
        workspace: workspace.clone(),
        kind: Assessment::kind(),
        record_id: RecordId::parse(&format!("a{record:05}")).expect("a valid id"),
        field: field.to_owned(),
        value: Some(serde_json::Value::from(value)),
        clock: Hlc::new(
            T0 + after_ms,
            u32::try_from(n).expect("small"),
            device("remote"),
        ),
        actor: Actor::parse("Remote colleague", "").expect("a valid actor"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_workspace_is_a_valid_backup_of_about_a_kilobyte_a_record() {
        let backup = large_workspace(20);
        let parsed = crate::backup::parse_backup(&backup.to_json()).expect("a valid backup");
        assert_eq!(parsed.records.len(), 20);
        let body = parsed.records[7].body.to_string().len();
        assert!((800..1_300).contains(&body), "{body} bytes of fields");
    }

    #[test]
    fn remote_changes_are_distinct_and_ordered() {
        let changes = remote_changes(&WorkspaceId::parse("w").unwrap(), 3, 10);
        assert!(changes.windows(2).all(|w| w[0].clock < w[1].clock));
        assert_eq!(changes[4].record_id.as_str(), "a00001");
    }

    #[test]
    fn synced_changes_touch_every_field_of_few_records_and_keep_them_readable() {
        let workspace = large_workspace(4);
        let changes = synced_changes(&workspace.workspace.id, 2, 20);
        assert!(changes.windows(2).all(|w| w[0].clock < w[1].clock));
        let last = remote_changes(&workspace.workspace.id, 4, 10_000)
            .pop()
            .unwrap();
        assert!(changes[0].clock > last.clock, "after the worst case");
        let mut records = workspace.records.clone();
        for change in &changes {
            let index = records
                .iter()
                .position(|r| r.id == change.record_id)
                .unwrap();
            records[index].merge(change);
        }
        let fields: std::collections::BTreeSet<&str> =
            changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields.len(), 10);
        for record in &records {
            Assessment::read(record, &Catalogue::builtin()).expect("readable");
        }
    }
}
