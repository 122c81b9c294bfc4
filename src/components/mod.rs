//! Reusable pieces of the UI. They wire signals; logic lives in `praxis_core` and `state`.

pub mod actor_form;
pub mod assessment;
pub mod backup_panel;
pub mod confirm_delete;
pub mod create_workspace;
pub mod damaged;
pub mod empty_state;
pub mod framework_library;
pub mod guidance;
pub mod kept_texts;
pub mod layout;
pub mod notices;
pub mod priority_matrix;
pub mod profile_editor;
pub mod recent_changes;
pub mod record_history;
pub mod record_page;
pub mod register_list;
pub mod status;
pub mod storage_panel;
pub mod sync_panel;
pub mod synced_text;
pub mod theme;
pub mod upgrade;
pub mod workspace_list;
pub mod workspace_picker;
