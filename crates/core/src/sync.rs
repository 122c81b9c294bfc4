//! Sync with a Praxis server: the wire types both sides use (`api`) and the rules a server
//! applies to the changes a device pushes (`push`): every change checked with the same typed
//! record rules the app applies, so a malformed value never reaches another device.

pub mod api;
pub mod push;

#[cfg(test)]
mod push_tests;

pub use api::*;
pub use push::{PushCheck, Refused, check_push, same_change};
