//! The sync of the open workspace: when it runs (the schedule), what the header shows (the
//! status), and sharing, joining and disconnecting. Rounds run in the background and never
//! hold up typing: edits are saved locally first, as always, and a round only reads the
//! outbox and merges what it pulls in batches.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::sync::{CreateWorkspace, DeviceName, Join};
use praxis_core::{Actor, Op, Workspace, WorkspaceId};
use praxis_store::Store;
use praxis_sync::{
    FileMemo, Outcome, Report, Round, Schedule, ServerUrl, SyncStatus, sync_files, sync_round,
    upload_feed,
};

use super::connection::{self, Connection};
use super::http::{self, Link};
use crate::browser;
use crate::state::{AppState, Tone};
use crate::store::live::Touched;

/// Shared, `Copy` handle; provided as context by the app.
#[derive(Debug, Clone, Copy)]
pub struct SyncHub {
    pub status: RwSignal<SyncStatus>,
    /// The open workspace's connection, if it is shared.
    pub connection: RwSignal<Option<Connection>>,
    schedule: StoredValue<Schedule>,
    running: StoredValue<bool>,
    /// The `touched` serial of the hub's own last merge: its own pulls are not edits to send.
    own_touch: StoredValue<u64>,
    /// The evidence files the server is known to hold or refused, for the open workspace.
    files: StoredValue<FileMemo>,
    timer: StoredValue<Option<Timeout>, LocalStorage>,
}

impl SyncHub {
    pub fn new() -> Self {
        Self {
            status: RwSignal::new(SyncStatus::Local),
            connection: RwSignal::new(None),
            schedule: StoredValue::new(Schedule::default()),
            running: StoredValue::new(false),
            own_touch: StoredValue::new(0),
            files: StoredValue::new(FileMemo::default()),
            timer: StoredValue::new_local(None),
        }
    }

    /// Follows the open workspace, edits made here, and the network coming back.
    pub fn start(self, state: AppState) {
        Effect::new(move |_| {
            let ready = state.ready.get();
            let current = state.current.get();
            if ready {
                self.open(state, current);
            }
        });
        Effect::new(move |_| {
            let serial = state.touched.with(|(serial, _)| *serial);
            if serial > self.own_touch.get_value()
                && self.connection.with_untracked(Option::is_some)
            {
                self.schedule.update_value(|s| s.edited(browser::now_ms()));
                self.reschedule(state);
                spawn_local(self.show_waiting(state));
            }
        });
        // Pages offer no edits while this person only views the open workspace.
        Effect::new(move |_| {
            let read_only = self
                .connection
                .with(|c| c.as_ref().is_some_and(Connection::read_only));
            if state.read_only.get_untracked() != read_only {
                state.read_only.set(read_only);
            }
            let role = self
                .connection
                .with(|c| c.as_ref().map_or(praxis_core::Role::Owner, |c| c.role));
            if state.role.get_untracked() != role {
                state.role.set(role);
            }
        });
        let _ = window_event_listener(leptos::ev::online, move |_| self.sync_now(state));
    }

    fn open(self, state: AppState, workspace: Option<WorkspaceId>) {
        let connection = workspace.as_ref().and_then(connection::load);
        self.status.set(if connection.is_some() {
            SyncStatus::Syncing {
                pulled_to: 0,
                latest: 0,
            }
        } else {
            SyncStatus::Local
        });
        self.connection.set(connection);
        self.schedule.set_value(Schedule::default());
        self.files.set_value(FileMemo::default());
        self.reschedule(state);
    }

    /// Between rounds, the header counts the changes made here that wait for the next one.
    async fn show_waiting(self, state: AppState) {
        let Some(workspace) = state.current.get_untracked() else {
            return;
        };
        let waiting = state
            .store()
            .outbox(&workspace, 1_000)
            .await
            .map_or(0, |o| o.len());
        if waiting > 0 && !self.running.get_value() {
            self.status.set(SyncStatus::Waiting(waiting));
        }
    }

    /// Runs a round as soon as possible (the person asked, or the network is back).
    pub fn sync_now(self, state: AppState) {
        self.schedule.update_value(Schedule::asked);
        self.reschedule(state);
    }

    fn reschedule(self, state: AppState) {
        self.timer.set_value(None);
        if self.connection.with_untracked(Option::is_none) || self.running.get_value() {
            return;
        }
        let at = self.schedule.with_value(Schedule::next_round_at);
        let delay = at
            .saturating_sub(browser::now_ms())
            .clamp(0, i64::from(i32::MAX));
        let timer = Timeout::new(delay as u32, move || spawn_local(self.round(state, false)));
        self.timer.set_value(Some(timer));
    }

    /// One round for the open workspace; `upload` sends its whole feed first (new on the server).
    async fn round(self, state: AppState, upload: bool) {
        // One round at a time; the running one reschedules when it ends.
        if self.running.get_value() {
            return;
        }
        let Some(workspace) = state.current.get_untracked() else {
            return;
        };
        // Read afresh: another tab may have moved the cursor on.
        let Some(mut connection) = connection::load(&workspace) else {
            return;
        };
        self.running.set_value(true);
        self.schedule.update_value(|s| s.started(browser::now_ms()));
        let status = self.status;
        status.set(SyncStatus::Syncing {
            pulled_to: connection.cursor,
            latest: connection.cursor,
        });
        let link = Link {
            server: connection.server.clone(),
            workspace: workspace.clone(),
            token: connection.token.clone(),
        };
        let store = state.store();
        let actor = state
            .actor
            .get_untracked()
            .unwrap_or_else(|| Actor::parse("Praxis sync", "").expect("a valid name"));
        let now = browser::now_ms;
        let round = Round {
            store: &*store,
            transport: &link,
            workspace: &workspace,
            actor: &actor,
            now_ms: &now,
        };
        let mut report = Report::from_cursor(connection.cursor);
        let mut saved = connection.clone();
        let mut on_step = |report: &Report| {
            saved.cursor = report.cursor;
            connection::save(&workspace, &saved);
            status.set(SyncStatus::Syncing {
                pulled_to: report.cursor,
                latest: report.latest,
            });
        };
        let mut result = Ok(());
        if upload {
            result = upload_feed(&round, &mut report, &mut on_step).await;
        }
        if result.is_ok() {
            result = sync_round(&round, &mut report, &mut on_step).await;
        }
        // Files follow the records that name them, so they go after the changes.
        if result.is_ok() {
            let role = report.role.unwrap_or(connection.role);
            let mut memo = self.files.get_value();
            result = sync_files(&round, role, &mut memo, &mut report).await;
            self.files.set_value(memo);
        }
        for (name, reason) in &report.files.refused {
            state.notify(
                Tone::Error,
                format!("“{name}” was not shared with the workspace: {reason}"),
            );
        }
        connection.cursor = report.cursor;
        if let Some(role) = report.role {
            // Promoted or demoted since: pages offer edits by this.
            connection.role = role;
        }
        connection.add_refused(&report.refused);
        connection::save(&workspace, &connection);

        if !report.touched_records.is_empty() || !report.touched_workspaces.is_empty() {
            let touched = Touched {
                workspaces: report.touched_workspaces.clone(),
                records: report.touched_records.clone(),
            };
            state.refresh_after_sync(touched).await;
            self.own_touch
                .set_value(state.touched.with_untracked(|(serial, _)| *serial));
        }
        let waiting = store.outbox(&workspace, 1_000).await.map_or(0, |o| o.len());
        let outcome = result.as_ref().err().map_or(Outcome::Done, |e| e.outcome());
        self.schedule
            .update_value(|s| s.finished(browser::now_ms(), outcome));
        self.running.set_value(false);
        if state.current.get_untracked().as_ref() == Some(&workspace) {
            self.status.set(SyncStatus::after(&result, waiting));
            self.connection.set(Some(connection));
            self.reschedule(state);
        }
    }

    /// Creates the open workspace on `server` (this person its owner) and uploads it.
    pub async fn share(
        self,
        state: AppState,
        server: ServerUrl,
        device: DeviceName,
    ) -> Result<(), String> {
        let workspace = state
            .current_workspace()
            .ok_or("Choose a workspace to share first.")?;
        let member = state
            .actor
            .get_untracked()
            .ok_or("First say who you are (Settings → Your name on changes).")?;
        let request = CreateWorkspace {
            workspace: workspace.id.clone(),
            name: workspace.name.clone(),
            member,
            device,
        };
        let session = http::create_workspace(&server, &request)
            .await
            .map_err(|e| e.to_string())?;
        connection::save(&workspace.id, &Connection::new(server, &session));
        self.connection.set(connection::load(&workspace.id));
        self.round(state, true).await;
        Ok(())
    }

    /// Joins a workspace with an invite code: it appears in this browser and fills as it pulls.
    pub async fn join(
        self,
        state: AppState,
        server: ServerUrl,
        code: String,
        device: DeviceName,
    ) -> Result<(), String> {
        let member = state
            .actor
            .get_untracked()
            .ok_or("First say who you are (Settings → Your name on changes).")?;
        let session = http::join(
            &server,
            &Join {
                code,
                member,
                device,
            },
        )
        .await
        .map_err(|e| e.to_string())?;
        let store = state.store();
        if store
            .workspace(&session.workspace)
            .await
            .map_err(|e| e.to_string())?
            .is_some()
        {
            return Err(format!(
                "This browser already holds the workspace “{}”; the invite was used, so ask for another if you need one.",
                session.workspace_name
            ));
        }
        connection::save(&session.workspace, &Connection::new(server, &session));
        let mut batch = state.batch()?;
        batch.push(Op::PutWorkspace(Workspace::new(
            session.workspace.clone(),
            session.workspace_name.clone(),
            browser::now_ms(),
        )));
        if let Err(error) = state.write(batch).await {
            connection::forget(&session.workspace);
            return Err(error.to_string());
        }
        state.select(Some(session.workspace));
        Ok(())
    }

    /// Stops sharing the open workspace from this device; its data stays here.
    pub fn disconnect(self, workspace: &WorkspaceId) {
        connection::forget(workspace);
        self.timer.set_value(None);
        self.connection.set(None);
        self.status.set(SyncStatus::Local);
    }
}

impl Default for SyncHub {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_sync() -> SyncHub {
    expect_context::<SyncHub>()
}
