//! What a round needs from the server, whatever carries it.

use praxis_core::Change;
use praxis_core::sync::{Pull, PushRefused, Pushed};

/// The two calls a round makes, for one workspace with one device's token.
pub trait Transport {
    /// Sends one batch (at most [`praxis_core::sync::MAX_PUSH_CHANGES`]).
    async fn push(&self, changes: &[Change]) -> Result<Pushed, TransportError>;
    /// Fetches up to `limit` changes after the server cursor `after`.
    async fn pull(&self, after: u64, limit: usize) -> Result<Pull, TransportError>;
}

/// Why a call failed, in words the app can show as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer: the network is down, the server is not running, or the answer was lost on
    /// the way. Whatever the server did is safe to repeat.
    #[error("the server cannot be reached ({0})")]
    Offline(String),
    /// The server refused some changes of a push (the member's role, or a value its rules
    /// refuse), each with its reason; it stored nothing of the batch.
    #[error("{}", .0.error)]
    Refused(PushRefused),
    /// Any other answer that is not a success: the HTTP status and the server's sentence.
    #[error("{message}")]
    Failed { status: u16, message: String },
}

impl TransportError {
    /// Whether trying again later may succeed without anyone doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Offline(_) => true,
            Self::Refused(_) => false,
            // Too many requests, timeouts and a busy or failing server pass by themselves.
            Self::Failed { status, .. } => matches!(status, 408 | 429 | 500..=599),
        }
    }
}
