//! Incidents and service requests: list, log, save, take a step. Each ticket is one record;
//! saving writes only the fields the page changed, and a step writes the state and one new
//! step field, so steps taken on two devices apart are both kept.

use std::collections::BTreeMap;

use praxis_core::itsm::desk::{DeskSettings, desk_settings_id};
use praxis_core::itsm::priority::Level;
use praxis_core::itsm::ticket::{Ticket, TicketType};
use praxis_core::{RecordId, Unreadable, WorkspaceId};
use serde_json::Value;

use crate::browser;
use crate::state::AppState;

/// The tickets that read, newest first, the damaged ones, and the settings giving priorities.
pub type Listed = (Vec<Ticket>, Vec<Unreadable>, DeskSettings);

/// Every ticket of the workspace, newest first, and the service-desk settings that give their
/// priorities (read together: one read for every ticket page).
pub async fn list(state: AppState, workspace: &WorkspaceId) -> Result<Listed, String> {
    let settings = settings(state, workspace).await?;
    let (mut tickets, damaged) = super::list_typed::<Ticket>(state, workspace).await?;
    praxis_core::order::sort_by(&mut tickets, |a, b| {
        b.logged_at.cmp(&a.logged_at).then_with(|| a.id.cmp(&b.id))
    });
    Ok((tickets, damaged, settings))
}

/// The workspace's service-desk settings (the defaults until someone changes them).
async fn settings(state: AppState, workspace: &WorkspaceId) -> Result<DeskSettings, String> {
    super::singleton(state, workspace, &desk_settings_id()).await
}

/// Saves the priority matrix (checked: more impact or urgency never gives a lower priority).
pub async fn save_settings(
    state: AppState,
    workspace: &WorkspaceId,
    before: &DeskSettings,
    after: &DeskSettings,
) -> Result<(), String> {
    super::save_checked(
        state,
        workspace,
        &desk_settings_id(),
        before,
        after,
        &BTreeMap::new(),
    )
    .await
}

/// What the person fills in to log a ticket.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub ticket_type: TicketType,
    pub title: String,
    pub service: Option<RecordId>,
    pub impact: Level,
    pub urgency: Level,
    pub reporter: String,
    pub description: String,
}

/// Logs a ticket now; returns its id.
pub async fn create(
    state: AppState,
    workspace: &WorkspaceId,
    new: NewTicket,
) -> Result<RecordId, String> {
    let id = super::new_record_id()?;
    let mut ticket = Ticket::new(
        id.clone(),
        new.ticket_type,
        &new.title,
        new.impact,
        new.urgency,
        browser::now_ms(),
    )
    .map_err(|(_, problem)| problem)?;
    ticket.service = new.service;
    ticket.reporter = new.reporter.trim().to_owned();
    ticket.description = new.description;
    ticket.check().map_err(|(_, problem)| problem)?;
    super::save_new(state, workspace, &id, &ticket).await?;
    Ok(id)
}

/// Saves what changed from `before` (what the page last read) to `after`; `started_from` names
/// long texts the person began typing from another text than `before`'s.
pub async fn save(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Ticket,
    after: &Ticket,
    started_from: &BTreeMap<String, Option<Value>>,
) -> Result<(), String> {
    super::save_checked(state, workspace, &after.id, before, after, started_from).await
}

/// Changes `before` (the ticket as the page last read it) by `change` — an entry added to its
/// timeline, a notification recorded, evidence handed over — and saves the fields that changed,
/// after checking the whole ticket by its kind's rules. Nothing is saved when either refuses.
pub async fn amend(
    state: AppState,
    workspace: &WorkspaceId,
    before: &Ticket,
    change: impl FnOnce(&mut Ticket) -> Result<(), String>,
) -> Result<(), String> {
    let mut after = before.clone();
    change(&mut after).map_err(|problem| format!("Nothing was saved: {problem}"))?;
    super::save_checked(
        state,
        workspace,
        &after.id,
        before,
        &after,
        &BTreeMap::new(),
    )
    .await
}

/// A fresh id for an entry of a ticket (a timeline note, a notification, evidence, a handover).
pub fn new_entry_id() -> Result<RecordId, String> {
    super::new_record_id()
}

/// Adds the planned tickets in one write: all of them, or (when the write fails) none. Each
/// ticket is checked by its kind's rules again first; returns how many were added.
pub async fn import(
    state: AppState,
    workspace: &WorkspaceId,
    tickets: &[Ticket],
) -> Result<usize, String> {
    use praxis_core::RecordType;
    let mut batch = state.batch()?;
    for ticket in tickets {
        let body = ticket.to_body();
        Ticket::from_body(&ticket.id, &body, &())
            .map_err(|(_, problem)| format!("Nothing was imported: {}: {problem}", ticket.title))?;
        batch.edit_fields_from(
            &Ticket::key(workspace, &ticket.id),
            None,
            &Value::Object(body),
            &BTreeMap::new(),
        );
    }
    state
        .write(batch)
        .await
        .map_err(|e| format!("Nothing was imported: {e}"))?;
    Ok(tickets.len())
}
