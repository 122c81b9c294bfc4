//! What the header says about a workspace's sync, in words.

use crate::{SyncError, TransportError};

/// The sync state of one workspace on this device.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SyncStatus {
    /// Not connected to a server: the header says nothing about sync.
    #[default]
    Local,
    /// A round is running; `pulled_to` of `latest` once a pull has begun.
    Syncing { pulled_to: u64, latest: u64 },
    /// As of the last round, the server has everything made here and this device everything
    /// on the server.
    Synced,
    /// Changes made here that no server has taken yet.
    Waiting(usize),
    /// The last round could not reach the server; `waiting` changes wait for it.
    Offline { waiting: usize },
    /// The last round failed for another reason, in words.
    Failed(String),
}

impl SyncStatus {
    /// The status after a round, with `waiting` changes still in the outbox.
    pub fn after(result: &Result<(), SyncError>, waiting: usize) -> Self {
        match result {
            Ok(()) if waiting == 0 => Self::Synced,
            Ok(()) => Self::Waiting(waiting),
            Err(SyncError::Transport(TransportError::Offline(_))) => Self::Offline { waiting },
            Err(error) => Self::Failed(error.to_string()),
        }
    }

    /// The header's words.
    pub fn label(&self) -> String {
        match self {
            Self::Local => String::new(),
            Self::Syncing { pulled_to, latest } if latest > pulled_to && *latest > 1_000 => {
                format!(
                    "Syncing… {} of {}",
                    thousands(*pulled_to),
                    thousands(*latest)
                )
            }
            Self::Syncing { .. } => "Syncing…".into(),
            Self::Synced => "Synced".into(),
            Self::Waiting(n) => waiting(*n),
            Self::Offline { waiting: 0 } => "Server offline".into(),
            Self::Offline { waiting: n } => format!("Server offline · {}", waiting(*n)),
            Self::Failed(reason) => format!("Sync failed: {reason}"),
        }
    }

    /// Whether the header shows it as a warning.
    pub fn is_warning(&self) -> bool {
        matches!(self, Self::Offline { .. } | Self::Failed(_))
    }
}

fn waiting(n: usize) -> String {
    match n {
        1 => "1 change waiting".into(),
        n => format!("{} changes waiting", thousands(n as u64)),
    }
}

/// 12345 → "12,345".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_reads_as_words() {
        assert_eq!(SyncStatus::Synced.label(), "Synced");
        assert_eq!(SyncStatus::Waiting(1).label(), "1 change waiting");
        assert_eq!(
            SyncStatus::Waiting(12_345).label(),
            "12,345 changes waiting"
        );
        assert_eq!(SyncStatus::Offline { waiting: 0 }.label(), "Server offline");
        assert_eq!(
            SyncStatus::Offline { waiting: 3 }.label(),
            "Server offline · 3 changes waiting"
        );
        let long_pull = SyncStatus::Syncing {
            pulled_to: 2_000,
            latest: 12_345,
        };
        assert_eq!(long_pull.label(), "Syncing… 2,000 of 12,345");
        let short = SyncStatus::Syncing {
            pulled_to: 0,
            latest: 40,
        };
        assert_eq!(short.label(), "Syncing…");
        assert_eq!(SyncStatus::Local.label(), "");
        assert!(SyncStatus::Failed("x".into()).is_warning());
        assert!(!SyncStatus::Waiting(2).is_warning());
    }

    #[test]
    fn a_rounds_result_gives_the_status() {
        assert_eq!(SyncStatus::after(&Ok(()), 0), SyncStatus::Synced);
        assert_eq!(SyncStatus::after(&Ok(()), 2), SyncStatus::Waiting(2));
        let offline = Err(SyncError::Transport(TransportError::Offline("down".into())));
        assert_eq!(
            SyncStatus::after(&offline, 4),
            SyncStatus::Offline { waiting: 4 }
        );
        let revoked = Err(SyncError::Transport(TransportError::Failed {
            status: 401,
            message: "This device's access was revoked.".into(),
        }));
        assert_eq!(
            SyncStatus::after(&revoked, 0).label(),
            "Sync failed: This device's access was revoked."
        );
    }
}
