//! How a ticket's sections (timeline, notifications, evidence) change it: each change is applied
//! to the ticket as last read and saved field by field, with one busy flag and one error line
//! per section.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::itsm::ticket::Ticket;
use praxis_core::{RecordId, WorkspaceId};

use crate::actions::tickets as actions;
use crate::state::{AppState, Tone, use_app_state};

/// A change to a ticket; refused with the reason in words.
pub type TicketChange = Box<dyn FnOnce(&mut Ticket) -> Result<(), String>>;

/// One section's way to change its ticket.
#[derive(Debug, Clone, Copy)]
pub struct Amender {
    state: AppState,
    workspace: StoredValue<WorkspaceId>,
    ticket: Signal<Option<Ticket>>,
    /// Why the last change was not saved.
    pub error: RwSignal<Option<String>>,
    /// A change is being saved.
    pub busy: RwSignal<bool>,
}

impl Amender {
    pub fn new(workspace: WorkspaceId, ticket: Signal<Option<Ticket>>) -> Self {
        Self {
            state: use_app_state(),
            workspace: StoredValue::new(workspace),
            ticket,
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Shows why what was typed cannot be saved.
    pub fn refuse(&self, problem: impl std::fmt::Display) {
        self.error
            .set(Some(format!("Nothing was saved: {problem}")));
    }

    /// Adds an entry as typed (`typed`: the entry, or why it cannot be one) under a fresh id,
    /// put in its place by `put`; then as [`Amender::run`].
    pub fn add_entry<T: 'static>(
        &self,
        typed: Result<T, String>,
        put: fn(&mut Ticket, RecordId, T) -> Result<(), String>,
        done: &'static str,
        saved: impl FnOnce() + 'static,
    ) {
        let entry = match typed {
            Ok(entry) => entry,
            Err(problem) => return self.refuse(problem),
        };
        match actions::new_entry_id() {
            Ok(id) => self.run(Box::new(move |t| put(t, id, entry)), done, saved),
            Err(problem) => self.error.set(Some(problem)),
        }
    }

    /// Applies `change` and saves it; once saved, runs `saved` (to clear the form) and says
    /// `done`.
    pub fn run(&self, change: TicketChange, done: &'static str, saved: impl FnOnce() + 'static) {
        let Some(before) = self.ticket.get_untracked() else {
            return;
        };
        let (state, this) = (self.state, *self);
        let workspace = self.workspace.get_value();
        self.busy.set(true);
        spawn_local(async move {
            match actions::amend(state, &workspace, &before, change).await {
                Ok(()) => {
                    this.error.set(None);
                    saved();
                    state.notify(Tone::Success, done);
                }
                Err(problem) => this.error.set(Some(problem)),
            }
            this.busy.set(false);
        });
    }
}
