//! The controls that treat a risk: every control of the workspace's frameworks (ISO/IEC 27001
//! Annex A first) to name, each change saved at once as one field.

use leptos::prelude::*;
use praxis_core::framework::{Framework, ItemKind, builtin_frameworks};
use praxis_core::isms::risk::Risk;
use praxis_core::{RecordType, WorkspaceId};

use crate::components::field_form::save_edit;
use crate::components::item_links::{ItemLinks, item_groups};
use crate::state::use_app_state;

#[component]
pub fn RiskControls(workspace: WorkspaceId, stored: Signal<Option<Risk>>) -> impl IntoView {
    let state = use_app_state();
    let catalogue =
        crate::routes::use_register(&[Framework::KIND], |state, workspace| async move {
            crate::actions::frameworks::catalogue(state, &workspace).await
        });
    let groups = Signal::derive(move || {
        catalogue
            .get()
            .and_then(Result::ok)
            .map(|c| {
                let frameworks = builtin_frameworks()
                    .into_iter()
                    .chain(c.imported().iter().copied());
                item_groups(frameworks, &[ItemKind::Control])
            })
            .unwrap_or_default()
    });
    let linked = Signal::derive(move || {
        stored.with(|r| {
            r.as_ref()
                .map(|r| r.controls.iter().cloned().collect())
                .unwrap_or_default()
        })
    });
    let error = RwSignal::new(None::<String>);
    let toggle = Callback::new(move |(key, on): (String, bool)| {
        save_edit(
            state,
            workspace.clone(),
            stored,
            |r: &Risk| &r.id,
            move |risk: &mut Risk| {
                if on {
                    risk.controls.insert(key);
                } else {
                    risk.controls.remove(&key);
                }
            },
            Some(if on {
                "Control added."
            } else {
                "Control taken off."
            }),
            Some(error),
        );
    });
    view! {
        <ItemLinks prefix="risk-controls" heading="Controls that treat it" label="Control"
            groups=groups linked=linked toggle=toggle error=error />
    }
}
