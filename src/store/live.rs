//! Live tabs: every committed write is announced to the app's other tabs in this browser
//! (BroadcastChannel), naming the workspaces and records it touched, so their open pages refresh
//! just those. The data itself never travels here: each tab reads it from IndexedDB.

use std::collections::BTreeSet;

use praxis_core::{RecordKey, WorkspaceId};
use praxis_store::Applied;
use serde::{Deserialize, Serialize};

/// The channel every Praxis tab of this origin listens on.
const CHANNEL: &str = "praxis-writes";

/// What one committed write touched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touched {
    pub workspaces: BTreeSet<WorkspaceId>,
    pub records: BTreeSet<RecordKey>,
}

impl Touched {
    /// Workspaces are those put or deleted (their list or a name changed); edits to records
    /// name only the records, so saving a rating does not re-read the workspace list.
    pub fn of(applied: &Applied) -> Self {
        Self {
            workspaces: applied.workspaces.clone(),
            records: applied.records.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.workspaces.is_empty() && self.records.is_empty()
    }

    /// Whether the list of workspaces (or one's name) may have changed.
    pub fn touches_workspace_list(&self) -> bool {
        !self.workspaces.is_empty()
    }
}

/// The channel to the other tabs; `None` where the browser has none (then tabs refresh on
/// reload only).
#[derive(Debug)]
pub struct Live {
    channel: Option<web_sys::BroadcastChannel>,
    _listener: Option<gloo_events::EventListener>,
}

impl Live {
    /// Opens the channel; `on_remote` runs for every write another tab announces.
    pub fn open(on_remote: impl Fn(Touched) + 'static) -> Self {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
            return Self {
                channel: None,
                _listener: None,
            };
        };
        let listener = gloo_events::EventListener::new(&channel, "message", move |event| {
            let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(event) else {
                return;
            };
            // Anything that is not one of our messages is ignored.
            if let Some(touched) = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Touched>(&text).ok())
            {
                on_remote(touched);
            }
        });
        Self {
            channel: Some(channel),
            _listener: Some(listener),
        }
    }

    /// Tells the other tabs what a committed write touched.
    pub fn announce(&self, touched: &Touched) {
        if let (Some(channel), Ok(text)) = (&self.channel, serde_json::to_string(touched)) {
            // A closed channel only means no tab hears it; the data is safe in IndexedDB.
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&text));
        }
    }
}
