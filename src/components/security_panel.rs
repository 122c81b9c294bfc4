//! A security incident's classification (ISO/IEC 27001 A.5.25), when it was detected, and the
//! lessons learned (A.5.27), as one form. Each is a field of its own, so saving writes only
//! what changed here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::itsm::security::{Category, SecurityDetails};
use praxis_core::itsm::ticket::{TEXT_MAX_CHARS, Ticket};
use praxis_core::{RecordType, WorkspaceId};

use crate::actions::tickets as actions;
use crate::browser;
use crate::components::kept_texts::KeptTexts;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

/// The form's fields, each following the stored value until typed in.
#[derive(Debug, Clone, Copy)]
struct Fields {
    category: SyncedText,
    /// Checkboxes, as [`SyncedText::flag`] keeps them.
    confidentiality: SyncedText,
    integrity: SyncedText,
    availability: SyncedText,
    personal_data: SyncedText,
    detected: SyncedText,
    lessons: SyncedText,
}

fn stored_texts(d: &SecurityDetails) -> [String; 7] {
    [
        d.category
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        SyncedText::flag(d.confidentiality),
        SyncedText::flag(d.integrity),
        SyncedText::flag(d.availability),
        SyncedText::flag(d.personal_data),
        d.detected_at
            .map(browser::local_input_time)
            .unwrap_or_default(),
        d.lessons.clone(),
    ]
}

impl Fields {
    fn all(&self) -> [SyncedText; 7] {
        [
            self.category,
            self.confidentiality,
            self.integrity,
            self.availability,
            self.personal_data,
            self.detected,
            self.lessons,
        ]
    }

    fn receive(&self, d: &SecurityDetails) {
        for (field, text) in self.all().into_iter().zip(stored_texts(d)) {
            field.receive(text);
        }
    }

    /// `stored` with what was typed, or why it cannot be read.
    fn apply(&self, stored: &Ticket) -> Result<Ticket, String> {
        let on = |f: SyncedText| untrack(|| f.is_ticked());
        let detected_at = if self.detected.is_edited_untracked() {
            let typed = self.detected.value.get_untracked();
            match typed.trim() {
                "" => None,
                text => Some(browser::parse_local_input_time(text).ok_or(
                    "give the date and time it was detected, or leave it empty for when it was logged.",
                )?),
            }
        } else {
            stored.security.detected_at
        };
        let security = SecurityDetails {
            category: Category::parse(&self.category.value.get_untracked()),
            confidentiality: on(self.confidentiality),
            integrity: on(self.integrity),
            availability: on(self.availability),
            personal_data: on(self.personal_data),
            detected_at,
            lessons: self.lessons.value.get_untracked(),
            ..stored.security.clone()
        };
        Ok(Ticket {
            security,
            ..stored.clone()
        })
    }
}

#[component]
pub fn SecurityPanel(workspace: WorkspaceId, ticket: Signal<Option<Ticket>>) -> impl IntoView {
    let state = use_app_state();
    let initial = ticket.with_untracked(|t| t.as_ref().map(|t| stored_texts(&t.security)));
    let [
        category,
        confidentiality,
        integrity,
        availability,
        personal_data,
        detected,
        lessons,
    ] = initial.unwrap_or_default().map(SyncedText::new);
    let fields = Fields {
        category,
        confidentiality,
        integrity,
        availability,
        personal_data,
        detected,
        lessons,
    };
    Effect::new(move || {
        ticket.with(|t| {
            if let Some(t) = t {
                fields.receive(&t.security);
            }
        });
    });
    let edited = move || fields.all().iter().any(SyncedText::is_edited);
    count_while_unsaved(state, edited);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let key = ticket.with_untracked(|t| t.as_ref().map(|t| Ticket::key(&workspace, &t.id)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stored) = ticket.get_untracked() else {
            return;
        };
        let after = match fields.apply(&stored) {
            Ok(after) => after,
            Err(problem) => return error.set(Some(format!("Nothing was saved: {problem}"))),
        };
        let started_from = fields
            .lessons
            .started_from_field("lessons")
            .into_iter()
            .collect();
        let workspace = workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &stored, &after, &started_from).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Security details saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let check = move |field: SyncedText, id: &'static str, label: &'static str| {
        view! {
            <label class="check">
                <input type="checkbox" id=id prop:checked=move || field.is_ticked()
                    on:change=move |ev| field.tick(event_target_checked(&ev)) />
                {label}
            </label>
        }
    };
    let logged = move || {
        ticket.with(|t| {
            t.as_ref()
                .map(|t| browser::short_time(t.logged_at))
                .unwrap_or_default()
        })
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="security-title">
            <h2 id="security-title">"Information security incident"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="field-row">
                    <div class="field">
                        <label for="security-category">"Classification"</label>
                        <select id="security-category" bind:value=fields.category.value>
                            <option value="">"Not classified yet"</option>
                            {Category::ALL.map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="security-detected">"Detected"</label>
                        <input id="security-detected" type="datetime-local" aria-describedby="security-detected-hint" bind:value=fields.detected.value />
                        <p class="hint" id="security-detected-hint">{move || format!("Notification deadlines count from here. Empty: when it was logged ({}).", logged())}</p>
                    </div>
                </div>
                <fieldset class="field">
                    <legend>"What it affected"</legend>
                    {check(fields.confidentiality, "security-confidentiality", "Confidentiality")}
                    {check(fields.integrity, "security-integrity", "Integrity")}
                    {check(fields.availability, "security-availability", "Availability")}
                    {check(fields.personal_data, "security-personal-data", "Personal data was involved")}
                </fieldset>
                <div class="field">
                    <label for="security-lessons">"Lessons learned"</label>
                    <p class="hint" id="security-lessons-hint">"What will change so that it does not happen again, or is caught sooner: needed before the incident can close."</p>
                    <textarea id="security-lessons" rows="3" maxlength=TEXT_MAX_CHARS aria-describedby="security-lessons-hint" bind:value=fields.lessons.value></textarea>
                    <KeptTexts field=Signal::derive(move || key.clone().map(|k| (k, "lessons".to_owned()))) kind=Ticket::KIND text=fields.lessons what="these lessons" />
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !edited()>"Save security details"</button>
            </fieldset>
        </form>
    }
}
