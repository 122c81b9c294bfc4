//! Sync with a Praxis server for workspaces shared on one: the connection each keeps on this
//! device, the server's API over HTTP, and the hub that runs rounds for the open workspace.

pub mod connection;
pub mod http;
pub mod hub;
