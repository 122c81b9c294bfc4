//! App-wide state: the open store, the workspace list and selection, and user notices.
//! Every write goes through [`AppState::write`], so persistence requests and refreshes happen in
//! one place.

use std::rc::Rc;

use leptos::prelude::*;
use praxis_core::{Actor, Role, Workspace, WorkspaceId, WriteBatch};
use praxis_store::{Applied, Store, StoreError};

use crate::browser;
use crate::store::AppStore;
use crate::store::live::{Live, Touched};
use crate::sync::connection;

const CURRENT_WORKSPACE_KEY: &str = "praxis.current-workspace";
/// The person at this device (name and e-mail, as JSON): asked once, named on every change.
const ACTOR_KEY: &str = "praxis.actor";

/// How a notice looks and how assistive technology announces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Error,
}

/// A message shown to the user until dismissed (errors) or for a few seconds (successes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: u64,
    pub tone: Tone,
    pub text: String,
}

/// Picks the workspace to show: the preferred one if it still exists, else the first.
pub fn choose_current(list: &[Workspace], preferred: Option<&str>) -> Option<WorkspaceId> {
    preferred
        .and_then(|want| list.iter().find(|w| w.id.as_str() == want))
        .or_else(|| list.first())
        .map(|w| w.id.clone())
}

/// Why a write was not applied.
#[derive(Debug)]
pub enum WriteError {
    /// The batch changes a workspace this person may only read (named).
    ReadOnly(String),
    /// The batch records an approval this person's role does not allow (why).
    NotAllowed(String),
    Store(StoreError),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::ReadOnly(name) => write!(
                f,
                "you are a viewer in “{name}”, so this device shows its records but does not change them. An owner can make you an editor (Settings → Sync)."
            ),
            WriteError::NotAllowed(why) => f.write_str(why),
            WriteError::Store(error) => error.fmt(f),
        }
    }
}

/// Why a batch may not be written by this person: it records an approval in a shared workspace
/// where their role does not allow one (the server would refuse it too, and other devices would
/// never see it).
fn approval_refusal(batch: &WriteBatch) -> Option<String> {
    batch.ops().iter().find_map(|op| {
        let praxis_core::Op::Edit(edit) = op else {
            return None;
        };
        let role = connection::load(&edit.key.workspace)?.role;
        praxis_core::roles::edit_refusal(
            role,
            edit.key.kind.as_str(),
            &edit.field,
            edit.value.as_ref(),
        )
    })
}

/// Whether the person may record approvals in the open workspace (tracked).
pub fn can_approve(state: AppState) -> bool {
    state.role.get().can_approve()
}

/// What pages say where an edit is not offered because the person is a viewer.
pub const VIEWER_CANNOT_EDIT: &str =
    "You are a viewer in this workspace: you can read and export it, but not change it.";

/// Shared, `Copy` handle to the app's state; provided as context by [`crate::app::App`].
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    store: StoredValue<Option<Rc<AppStore>>, LocalStorage>,
    /// True once the store is open and the workspace list loaded.
    pub ready: RwSignal<bool>,
    /// Set when data is only kept in memory, with the reason.
    pub memory_only: RwSignal<Option<String>>,
    /// What other tabs' upgrades mean for this one (waiting, closed, too old).
    pub upgrade: RwSignal<crate::store::UpgradeStatus>,
    pub workspaces: RwSignal<Vec<Workspace>>,
    pub current: RwSignal<Option<WorkspaceId>>,
    /// What the latest committed write touched (here or in another tab), numbered; views
    /// derive per-kind and per-record revisions from it and re-read only what changed.
    pub touched: RwSignal<(u64, Touched)>,
    /// Why the last save failed, while its changes wait to be saved again.
    pub save_failure: RwSignal<Option<String>>,
    save_failure_notice: StoredValue<Option<u64>>,
    /// The open workspace is shared with this person as a viewer: pages show its records and
    /// offer no edits. Kept by the sync hub from the connection's role.
    pub read_only: RwSignal<bool>,
    /// This person's role in the open workspace (an owner where it is not shared): pages offer
    /// approvals only to approvers and owners. Kept by the sync hub like `read_only`.
    pub role: RwSignal<Role>,
    /// Forms with typed but unsaved text; leaving the page asks first while any is open.
    pub unsaved_forms: RwSignal<u32>,
    pub notices: RwSignal<Vec<Notice>>,
    /// Who is making changes on this device; `None` until they say.
    pub actor: RwSignal<Option<Actor>>,
    /// Background saves still running; pages that read what they write wait for zero.
    pub pending_saves: RwSignal<u32>,
    next_notice: StoredValue<u64>,
    persistence_requested: StoredValue<bool>,
    live: StoredValue<Option<Rc<Live>>, LocalStorage>,
}

/// One write in progress, counted in [`AppState::pending_saves`] until dropped (on every exit
/// of the write, refused or not).
struct PendingSave(RwSignal<u32>);

impl PendingSave {
    fn start(count: RwSignal<u32>) -> Self {
        count.update(|n| *n += 1);
        Self(count)
    }
}

impl Drop for PendingSave {
    fn drop(&mut self) {
        self.0.try_update(|n| *n = n.saturating_sub(1));
    }
}

impl AppState {
    pub fn new() -> Self {
        Self {
            store: StoredValue::new_local(None),
            ready: RwSignal::new(false),
            memory_only: RwSignal::new(None),
            upgrade: RwSignal::new(Default::default()),
            workspaces: RwSignal::new(Vec::new()),
            current: RwSignal::new(None),
            touched: RwSignal::new((0, Touched::default())),
            save_failure: RwSignal::new(None),
            save_failure_notice: StoredValue::new(None),
            read_only: RwSignal::new(false),
            role: RwSignal::new(Role::Owner),
            unsaved_forms: RwSignal::new(0),
            notices: RwSignal::new(Vec::new()),
            actor: RwSignal::new(
                browser::preference(ACTOR_KEY).and_then(|text| serde_json::from_str(&text).ok()),
            ),
            pending_saves: RwSignal::new(0),
            next_notice: StoredValue::new(0),
            persistence_requested: StoredValue::new(false),
            live: StoredValue::new_local(None),
        }
    }

    /// Opens the store and loads the workspace list; call once at start-up.
    pub async fn open(self) {
        let upgrade = self.upgrade;
        // Data from a newer build, or upgraded by another tab meanwhile, is not this page's to
        // read or write: it stays on the loading screen, which says why.
        let Ok(store) = AppStore::open(move |status| upgrade.set(status)).await else {
            return;
        };
        self.memory_only
            .set(store.memory_only_reason().map(str::to_owned));
        self.store.set_value(Some(Rc::new(store)));
        let live = Live::open(move |touched| {
            leptos::task::spawn_local(self.note_touched(touched));
        });
        self.live.set_value(Some(Rc::new(live)));
        self.reload_workspaces().await;
        self.ready.set(true);
    }

    /// Takes in what a write (here or in another tab) touched: the workspace list is re-read
    /// when it may have changed, and views showing the touched kinds and records refresh.
    async fn note_touched(self, touched: Touched) {
        // Once another tab has upgraded the database, every read here fails: re-reading on each
        // of its writes would only repeat that error while the page already asks for a reload.
        if touched.is_empty() || self.upgrade.get_untracked().needs_reload() {
            return;
        }
        if touched.touches_workspace_list() {
            self.reload_workspaces().await;
        }
        self.touched.update(|(serial, last)| {
            *serial += 1;
            *last = touched;
        });
    }

    /// A number that grows whenever a write touches records of `kind` in the open workspace
    /// (any kind with `None`). Reading it in a view or resource re-runs that only then.
    pub fn kind_revision(&self, kind: Option<&'static str>) -> Memo<u64> {
        let (touched, current) = (self.touched, self.current);
        Memo::new(move |previous: Option<&u64>| {
            let previous = previous.copied().unwrap_or(0);
            let hit = touched.with(|(_, t)| {
                let current = current.get_untracked();
                t.records.iter().any(|key| {
                    Some(&key.workspace) == current.as_ref()
                        && kind.is_none_or(|kind| key.kind.as_str() == kind)
                })
            });
            if hit { previous + 1 } else { previous }
        })
    }

    /// The open store. Only call after [`Self::ready`] is true.
    pub fn store(&self) -> Rc<AppStore> {
        self.store
            .with_value(|store| store.clone())
            .expect("the store is open before pages render")
    }

    /// Re-reads the workspace list and keeps the selection valid.
    pub async fn reload_workspaces(self) {
        match self.store().workspaces().await {
            Ok(list) => {
                let preferred = self
                    .current
                    .get_untracked()
                    .map(|id| id.to_string())
                    .or_else(|| browser::preference(CURRENT_WORKSPACE_KEY));
                let current = choose_current(&list, preferred.as_deref());
                // Most writes do not touch the list; leave subscribers alone then.
                if self.workspaces.with_untracked(|current| *current != list) {
                    self.workspaces.set(list);
                }
                self.select(current);
            }
            Err(error) => self.notify(Tone::Error, format!("Could not read workspaces: {error}")),
        }
    }

    /// Makes `id` the workspace every page shows, and remembers it for the next visit.
    pub fn select(&self, id: Option<WorkspaceId>) {
        browser::set_preference(CURRENT_WORKSPACE_KEY, id.as_ref().map(WorkspaceId::as_str));
        if self.current.get_untracked() != id {
            self.current.set(id);
        }
    }

    /// The selected workspace, tracked.
    pub fn current_workspace(&self) -> Option<Workspace> {
        let id = self.current.get()?;
        self.workspaces
            .with(|list| list.iter().find(|w| w.id == id).cloned())
    }

    /// Remembers who is making changes on this device.
    pub fn set_actor(&self, actor: Actor) {
        let text = serde_json::to_string(&actor).expect("plain data");
        browser::set_preference(ACTOR_KEY, Some(&text));
        self.actor.set(Some(actor));
    }

    /// The name of the person at this device, for a decision made in their own name (an
    /// approval, an acceptance: `what`).
    pub fn signer(&self, what: &str) -> Result<String, String> {
        self.actor
            .get_untracked()
            .map(|actor| actor.name().to_owned())
            .ok_or_else(|| {
                format!("Nothing was saved: first say who you are (above), so your {what} carries your name.")
            })
    }

    /// An empty batch of edits by the person at this device, now.
    pub fn batch(&self) -> Result<WriteBatch, String> {
        let actor = self.actor.get_untracked().ok_or(
            "Nothing was saved: first say who you are (above), so your changes carry your name.",
        )?;
        Ok(WriteBatch::new(actor, browser::now_ms()))
    }

    /// Applies a batch (all or nothing), then refreshes what depends on it. After the first
    /// successful save, asks the browser to keep the data persistently. A batch that changes a
    /// workspace this person only views is refused whole, whatever page built it: the server
    /// would refuse it too, and other devices would never see it.
    pub async fn write(self, batch: WriteBatch) -> Result<Applied, WriteError> {
        // Counted while it runs, so the header says "Saving…" and leaving the page asks first.
        let _pending = PendingSave::start(self.pending_saves);
        if let Some(viewed) = batch
            .edited_workspaces()
            .into_iter()
            .find(|w| connection::is_read_only(w))
        {
            let name = self
                .workspaces
                .with_untracked(|list| {
                    list.iter()
                        .find(|w| &w.id == viewed)
                        .map(|w| w.name.to_string())
                })
                .unwrap_or_else(|| viewed.to_string());
            return Err(WriteError::ReadOnly(name));
        }
        if let Some(why) = approval_refusal(&batch) {
            return Err(WriteError::NotAllowed(why));
        }
        let applied = self
            .store()
            .apply(&batch)
            .await
            .map_err(WriteError::Store)?;
        let touched = Touched::of(&applied);
        if let Some(live) = self.live.get_value() {
            live.announce(&touched);
        }
        self.note_touched(touched).await;
        if !self.persistence_requested.get_value() {
            self.persistence_requested.set_value(true);
            // In the background: the answer must never hold up a save.
            leptos::task::spawn_local(async {
                browser::request_persistent_storage().await;
            });
        }
        Ok(applied)
    }

    /// Refreshes what a sync round merged, here and in the other tabs.
    pub async fn refresh_after_sync(self, touched: Touched) {
        if let Some(live) = self.live.get_value() {
            live.announce(&touched);
        }
        self.note_touched(touched).await;
    }

    /// Shows a notice; successes disappear by themselves after a few seconds.
    pub fn notify(&self, tone: Tone, text: impl Into<String>) {
        self.notice(tone, text);
    }

    /// Shows a notice and returns its id, to dismiss it later.
    fn notice(&self, tone: Tone, text: impl Into<String>) -> u64 {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        self.notices.update(|list| {
            list.push(Notice {
                id,
                tone,
                text: text.into(),
            });
            // Keep the stack short; the oldest go first.
            let excess = list.len().saturating_sub(4);
            list.drain(..excess);
        });
        if tone == Tone::Success {
            let notices = self.notices;
            set_timeout(
                move || notices.update(|list| list.retain(|n| n.id != id)),
                std::time::Duration::from_secs(6),
            );
        }
        id
    }

    /// A save failed and will be tried again: the header says "Not saved" with the reason, and
    /// a message says so once, wherever the page is scrolled.
    pub fn report_save_failure(&self, problem: String) {
        if self.save_failure.with_untracked(Option::is_none) {
            let notice = self.notice(
                Tone::Error,
                format!("Not saved: {problem} Praxis keeps your changes and tries again."),
            );
            self.save_failure_notice.set_value(Some(notice));
        }
        self.save_failure.set(Some(problem));
    }

    /// A save succeeded: whatever failed before is saved now.
    pub fn clear_save_failure(&self) {
        if self.save_failure.with_untracked(Option::is_some) {
            self.save_failure.set(None);
            if let Some(notice) = self.save_failure_notice.get_value() {
                self.dismiss(notice);
            }
            self.notify(Tone::Success, "Your changes are saved now.");
        }
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|list| list.retain(|n| n.id != id));
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// The state provided by [`crate::app::App`].
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use praxis_core::WorkspaceName;

    fn ws(id: &str) -> Workspace {
        Workspace::new(
            WorkspaceId::parse(id).unwrap(),
            WorkspaceName::parse(id).unwrap(),
            0,
        )
    }

    #[test]
    fn choose_current_prefers_the_remembered_workspace() {
        let list = [ws("a"), ws("b")];
        assert_eq!(choose_current(&list, Some("b")), Some(list[1].id.clone()));
    }

    #[test]
    fn choose_current_falls_back_to_the_first_when_the_remembered_one_is_gone() {
        let list = [ws("a"), ws("b")];
        assert_eq!(
            choose_current(&list, Some("deleted")),
            Some(list[0].id.clone())
        );
        assert_eq!(choose_current(&list, None), Some(list[0].id.clone()));
        assert_eq!(choose_current(&[], Some("a")), None);
    }
}
