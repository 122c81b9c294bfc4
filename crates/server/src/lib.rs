//! Praxis server.
