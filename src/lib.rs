//! Praxis, the browser app: an ISO/IEC 20000-1 SMS and ISO/IEC 27001 ISMS workspace that keeps
//! every record in IndexedDB and works with no network.
//!
//! Data flows one way: `praxis_core` (domain) ← `store` (persistence) ← `sync` ← UI. Components only wire
//! signals to those layers.

pub mod actions;
pub mod app;
pub mod browser;
pub mod components;
pub mod format;
pub mod routes;
pub mod state;
pub mod store;
pub mod sync;

/// Mounts the app on the page; the binary's entry point.
pub fn start() {
    console_error_panic_hook::set_once();
    browser::register_service_worker();
    leptos::mount::mount_to_body(app::App);
}
