//! The rules a server applies to a pushed batch before it stores a single change: each change
//! names this workspace, a valid field and a value of bounded size, carries a stamp no further
//! ahead than the drift limit, and is allowed to the member's role; and every record the batch
//! touches still reads as its kind after merging (the same typed check the app applies, with the
//! workspace's frameworks). One failure refuses the batch, with every reason found.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::change::Change;
use crate::clock::MAX_DRIFT_MS;
use crate::framework::{Catalogue, Framework};
use crate::ids::WorkspaceId;
use crate::record::{DELETED_FIELD, Record, RecordKey, check_field_name, find_oversized_string};
use crate::roles::{Role, refusal};
use crate::typed::{RecordType, validate_record};

/// One refused change and why, in words for the person who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Refused {
    pub change_id: String,
    pub reason: String,
}

/// Who pushes, where, and when by the server's clock.
#[derive(Debug, Clone, Copy)]
pub struct PushCheck<'a> {
    pub workspace: &'a WorkspaceId,
    pub role: Role,
    pub now_ms: i64,
}

/// Whether a change received again under an id the server holds is the same change (a retry),
/// rather than a different one claiming its id.
pub fn same_change(held: &Change, received: &Change) -> bool {
    held == received
}

/// Checks `changes` (those of a batch the server does not hold yet, in the order pushed)
/// against the records they touch as stored (`stored`; absent ones are new) and the
/// workspace's framework records as stored (`frameworks`). Returns the touched records merged,
/// to be written with the changes, or every refusal found.
pub fn check_push(
    check: PushCheck<'_>,
    changes: &[Change],
    mut stored: BTreeMap<RecordKey, Record>,
    frameworks: &[Record],
) -> Result<Vec<Record>, Vec<Refused>> {
    let mut refused: Vec<Refused> = changes
        .iter()
        .filter_map(|change| {
            change_refusal(check, change).map(|reason| Refused {
                change_id: change.id(),
                reason,
            })
        })
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }

    // Changes that lose to a later stamp leave the record as it is, yet they are stored and
    // sent on; each must still hold a value its field may hold.
    let mut losing: Vec<&Change> = Vec::new();
    let mut touched: BTreeMap<RecordKey, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        let key = change.key();
        let record = stored
            .entry(key.clone())
            .or_insert_with(|| Record::empty(key.clone()));
        // A change that lost, or was kept as a conflict, is not in the body that is checked.
        record.merge(change);
        if record.clocks.get(&change.field) != Some(&change.clock) {
            losing.push(change);
        }
        touched.entry(key).or_default().push(change);
    }

    let catalogue = catalogue(&stored, frameworks);
    for (key, batch) in &touched {
        let record = &stored[key];
        if let Err(error) = validate_record(record, &catalogue) {
            refused.extend(batch.iter().map(|change| Refused {
                change_id: change.id(),
                reason: error.to_string(),
            }));
        }
    }
    for change in losing {
        let mut as_if_latest = stored[&change.key()].clone();
        force(&mut as_if_latest, change);
        if let Err(error) = validate_record(&as_if_latest, &catalogue) {
            refused.push(Refused {
                change_id: change.id(),
                reason: error.to_string(),
            });
        }
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    Ok(touched
        .into_keys()
        .map(|key| stored.remove(&key).expect("every touched record is held"))
        .collect())
}

/// Why one change is refused on its own, before any record is read.
fn change_refusal(check: PushCheck<'_>, change: &Change) -> Option<String> {
    if &change.workspace != check.workspace {
        return Some(format!(
            "This change belongs to workspace {}, not to this one.",
            change.workspace
        ));
    }
    if let Err(problem) = check_field_name(&change.field) {
        return Some(format!(
            "The field {:?} cannot be written: {problem}.",
            change.field
        ));
    }
    if let Some((path, chars)) = change
        .value
        .as_ref()
        .and_then(|v| find_oversized_string(v, ""))
    {
        let at = if path.is_empty() {
            String::new()
        } else {
            format!(" at {path}")
        };
        return Some(format!(
            "The value{at} is {chars} characters long; at most {} are accepted.",
            crate::record::MAX_STRING_CHARS
        ));
    }
    if let Some(problem) = crate::versions::replaces_problem(change) {
        return Some(problem);
    }
    if change.field == DELETED_FIELD && !matches!(change.value, Some(Value::Bool(_))) {
        return Some("Deleting or restoring a record takes true or false.".to_owned());
    }
    let ahead_ms = change.clock.wall_ms() - check.now_ms;
    if ahead_ms > MAX_DRIFT_MS {
        return Some(format!(
            "This change is stamped {} s ahead of the server's clock (at most {} s are accepted): check the clock of the device that made it.",
            ahead_ms / 1000,
            MAX_DRIFT_MS / 1000
        ));
    }
    if change.kind == crate::batch::workspace_kind()
        && change.record_id.as_str() != check.workspace.as_str()
    {
        return Some("A workspace's own fields live in its own record only.".to_owned());
    }
    refusal(check.role, change)
}

/// The workspace's frameworks as they will be after the batch: stored ones, with the batch's
/// versions in their place. Only readable, live frameworks count.
fn catalogue(merged: &BTreeMap<RecordKey, Record>, stored: &[Record]) -> Catalogue {
    let mut frameworks: BTreeMap<RecordKey, &Record> = stored
        .iter()
        .filter(|record| record.kind.as_str() == Framework::KIND)
        .map(|record| (record.key(), record))
        .collect();
    for (key, record) in merged {
        if record.kind.as_str() == Framework::KIND {
            frameworks.insert(key.clone(), record);
        }
    }
    Catalogue::with_imported(
        frameworks
            .values()
            .filter(|record| !record.deleted)
            .filter_map(|record| Framework::read(record, &()).ok()),
    )
}

/// Sets the change's value whatever its stamp, to check it as though it had won.
fn force(record: &mut Record, change: &Change) {
    record.conflicts.clear();
    if change.field == DELETED_FIELD {
        record.deleted = change.value.as_ref().and_then(Value::as_bool) == Some(true);
        return;
    }
    if let Some(fields) = record.body.as_object_mut() {
        match &change.value {
            Some(value) => fields.insert(change.field.clone(), value.clone()),
            None => fields.remove(&change.field),
        };
    }
}
