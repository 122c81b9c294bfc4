//! An agreement's response and resolution targets per priority as a form. Each target is a
//! field of its own, so saving writes only the targets changed here and keeps any set meanwhile
//! on another device.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::WorkspaceId;
use praxis_core::itsm::agreement::{Agreement, Targets};
use praxis_core::itsm::duration::{format_minutes, parse_minutes};
use praxis_core::itsm::priority::Priority;

use crate::actions::agreements as actions;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

/// P1 to P5.
fn priorities() -> [Priority; 5] {
    std::array::from_fn(|i| Priority::new(i as u8 + 1).expect("P1 to P5"))
}

fn text(minutes: Option<u32>) -> String {
    minutes.map(format_minutes).unwrap_or_default()
}

/// The targets typed, or the first that cannot be read (naming its priority and clock).
fn read(fields: &[(SyncedText, SyncedText); 5]) -> Result<BTreeMap<Priority, Targets>, String> {
    let mut targets = BTreeMap::new();
    for (priority, (response, resolution)) in priorities().into_iter().zip(fields) {
        let parse = |field: &SyncedText, clock: &str| {
            parse_minutes(&field.typed()).map_err(|e| format!("{} {clock}: {e}", priority.label()))
        };
        let t = Targets {
            response_minutes: parse(response, "response")?,
            resolution_minutes: parse(resolution, "resolution")?,
        };
        if t != Targets::default() {
            targets.insert(priority, t);
        }
    }
    Ok(targets)
}

#[component]
pub fn TargetsEditor(
    workspace: WorkspaceId,
    agreement: Signal<Option<Agreement>>,
) -> impl IntoView {
    let state = use_app_state();
    let of = move |a: &Option<Agreement>, p: Priority| {
        a.as_ref().map(|a| a.targets_for(p)).unwrap_or_default()
    };
    let fields: [(SyncedText, SyncedText); 5] = agreement.with_untracked(|a| {
        priorities().map(|p| {
            let t = of(a, p);
            (
                SyncedText::new(text(t.response_minutes)),
                SyncedText::new(text(t.resolution_minutes)),
            )
        })
    });
    Effect::new(move || {
        agreement.with(|a| {
            if a.is_none() {
                return;
            }
            for (p, (response, resolution)) in priorities().into_iter().zip(fields) {
                let t = of(a, p);
                response.receive(text(t.response_minutes));
                resolution.receive(text(t.resolution_minutes));
            }
        });
    });
    let edited = move || fields.iter().any(|(a, b)| a.is_edited() || b.is_edited());
    count_while_unsaved(state, edited);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stored) = agreement.get_untracked() else {
            return;
        };
        let targets = match read(&fields) {
            Ok(targets) => targets,
            Err(problem) => {
                error.set(Some(format!("Nothing was saved: {problem}")));
                return;
            }
        };
        let after = Agreement {
            targets,
            ..stored.clone()
        };
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &stored, &after, &Default::default()).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Targets saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let rows = priorities()
        .into_iter()
        .zip(fields)
        .map(|(p, (response, resolution))| {
            let label = p.label();
            view! {
                <tr>
                    <th scope="row"><span class=format!("badge priority-{}", p.value())>{label.clone()}</span></th>
                    <td><input type="text" inputmode="text" placeholder="—" aria-label=format!("{label} response target") bind:value=response.value /></td>
                    <td><input type="text" inputmode="text" placeholder="—" aria-label=format!("{label} resolution target") bind:value=resolution.value /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="targets-title">
            <h2 id="targets-title">"Targets per priority"</h2>
            <p class="hint" id="targets-hint">"In service time, such as 30 min, 4 h or 1 h 30 min. Leave a target empty where the agreement sets none. Response ends when someone first takes the ticket up; resolution when it is resolved; both pause while waiting on the customer."</p>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="table-scroll"><table class="table compact targets" aria-describedby="targets-hint">
                    <caption class="visually-hidden">"Response and resolution targets"</caption>
                    <thead><tr><th scope="col">"Priority"</th><th scope="col">"Respond within"</th><th scope="col">"Resolve within"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !edited()>"Save targets"</button>
            </fieldset>
        </form>
    }
}
