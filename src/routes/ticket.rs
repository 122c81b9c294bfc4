//! One ticket: where it stands, the steps it can take next (and why not, where it cannot), its
//! details, its clocks, the steps it took, and its history.

use std::collections::BTreeMap;

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::itsm::agreement::Agreement;
use praxis_core::itsm::duration::format_span_ms;
use praxis_core::itsm::priority::Level;
use praxis_core::itsm::priority::PriorityMatrix;
use praxis_core::itsm::service::Service;
use praxis_core::itsm::service_hours::ServiceHours;
use praxis_core::itsm::sla::{Reading, ticket_sla};
use praxis_core::itsm::sla_clock::SlaClock;
use praxis_core::itsm::ticket::{TEXT_MAX_CHARS, TITLE_MAX_CHARS, Ticket, TicketState, TicketType};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};
use serde_json::Value;

use super::agreements::use_agreements;
use super::services::use_service_catalogue;
use super::tickets::{parse_level, use_tickets};
use crate::actions::tickets as actions;
use crate::browser;
use crate::components::evidence_panel::EvidencePanel;
use crate::components::incident_timeline::IncidentTimeline;
use crate::components::kept_texts::KeptTexts;
use crate::components::next_steps::{next_steps, step_taker};
use crate::components::notifications_panel::NotificationsPanel;
use crate::components::problem_link::ProblemLink;
use crate::components::record_history::RecordHistory;
use crate::components::record_page::{RecordPage, shown_title, use_shown};
use crate::components::security_panel::SecurityPanel;
use crate::components::synced_text::{SyncedText, count_while_unsaved};
use crate::state::{Tone, use_app_state};

/// The ticket shown, with the catalogue (for its service's name and the service choice).
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    workspace: WorkspaceId,
    ticket: Ticket,
    services: Vec<Service>,
    agreements: Vec<Agreement>,
    matrix: PriorityMatrix,
}

#[component]
pub fn TicketPage() -> impl IntoView {
    // Read as the list pages read them (one resource type each, shared with those pages).
    let loaded = use_tickets();
    let catalogue = use_service_catalogue();
    let agreements = use_agreements();
    let (shown, problem, which) = use_shown(
        move || loaded.get(),
        move |(all, _, settings): actions::Listed, id, workspace| {
            let ticket = all.into_iter().find(|t| t.id.as_str() == id)?;
            let services = catalogue
                .get()
                .and_then(Result::ok)
                .map(|(s, _)| s)
                .unwrap_or_default();
            let agreements = agreements
                .get()
                .and_then(Result::ok)
                .map(|(a, _)| a)
                .unwrap_or_default();
            Some(Shown {
                workspace,
                ticket,
                services,
                agreements,
                matrix: settings.priority_matrix,
            })
        },
        |s| (s.workspace.clone(), s.ticket.id.clone()),
        "This ticket does not exist (it may have been deleted).",
    );
    let title = shown_title(shown, "Ticket", |s| s.ticket.title.clone());
    view! {
        <RecordPage crumbs=&[("/workflows", "Workflows"), ("/tickets", "Incidents and requests")]
            title=title problem=problem which=which
            body=move |workspace, id| view! { <TicketView workspace=workspace id=id shown=shown /> }.into_any() />
    }
}

/// A clock against its target: its status, where it stands, the target, and when it is due.
fn reading_view(reading: Reading) -> AnyView {
    let status = reading.status();
    let due = reading
        .due_at
        .map(|at| format!(" · due {}", browser::short_time(at)))
        .unwrap_or_default();
    view! {
        <span class=format!("badge sla-{}", status.as_str())>{status.label()}</span>
        " "{format!("{} (target {}){due}", reading.summary(), reading.target())}
    }
    .into_any()
}

/// A clock with no target: the supported time it has run, and whether it is paused.
fn elapsed_view(clock: &SlaClock, hours: &ServiceHours, now: i64) -> String {
    let elapsed = format_span_ms(clock.elapsed_ms(hours, now));
    if clock.is_paused(now) {
        format!("{elapsed} so far, paused while waiting")
    } else {
        elapsed
    }
}

#[component]
fn TicketView(
    workspace: WorkspaceId,
    id: RecordId,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let state = use_app_state();
    let stored = Signal::derive(move || shown.with(|s| s.as_ref().map(|s| s.ticket.clone())));
    let services = Signal::derive(move || {
        shown.with(|s| s.as_ref().map(|s| s.services.clone()).unwrap_or_default())
    });
    let initial = stored.get_untracked().expect("shown");
    let matrix = Signal::derive(move || {
        shown.with(|s| s.as_ref().map(|s| s.matrix.clone()).unwrap_or_default())
    });
    let form = TicketFields::new(&initial);
    Effect::new(move || {
        if let Some(ticket) = stored.get() {
            form.receive(&ticket);
        }
    });
    count_while_unsaved(state, move || form.is_edited());
    // The ticket as the page shows it: stored, with what the person typed.
    let typed = Memo::new(move |_| stored.get().map(|t| form.apply(&t)));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let key = Ticket::key(&workspace, &id);
    let (save_workspace, step_workspace) = (workspace.clone(), workspace.clone());
    let (timeline_workspace, security_workspace) = (workspace.clone(), workspace.clone());
    let problem_workspace = workspace.clone();
    let is_stored_incident = move || {
        stored.with(|t| {
            t.as_ref()
                .is_some_and(|t| t.ticket_type == TicketType::Incident)
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(before), Some(after)) = (stored.get_untracked(), typed.get_untracked()) else {
            return;
        };
        let started_from = form.started_from();
        let workspace = save_workspace.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::save(state, &workspace, &before, &after, &started_from).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Ticket saved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let take = step_taker(
        step_workspace.clone(),
        id.clone(),
        stored,
        typed,
        busy,
        error,
    );
    let steps = move || match typed.get() {
        Some(record) => next_steps(
            &record,
            &[TicketState::Resolved, TicketState::Closed],
            TicketState::InProgress,
            busy,
            take.clone(),
        ),
        None => ().into_any(),
    };
    // Running clocks move on while the page is open.
    let now = RwSignal::new(());
    let tick = Interval::new(30_000, move || now.set(()));
    let tick = StoredValue::new_local(Some(tick));
    on_cleanup(move || tick.set_value(None));
    let summary = move || {
        let ticket = stored.get()?;
        let service = ticket.service.as_ref().map(|id| {
            let name =
                services.with(|all| all.iter().find(|s| &s.id == id).map(|s| s.name.clone()));
            (
                id.clone(),
                name.unwrap_or_else(|| "a service no longer in the catalogue".to_owned()),
            )
        });
        // Read afresh at each render (a step just taken is later than the last tick); the tick
        // only makes the clocks render again.
        now.track();
        let now = browser::now_ms();
        let matrix = matrix.get();
        let agreements =
            shown.with(|s| s.as_ref().map(|s| s.agreements.clone()).unwrap_or_default());
        let sla = ticket_sla(&agreements, &ticket, &matrix, now);
        let hours = sla
            .as_ref()
            .map_or_else(ServiceHours::always, |s| s.agreement.hours.clone());
        let clock = |reading: Option<Reading>, clock: SlaClock| match reading {
            Some(reading) => reading_view(reading),
            None => elapsed_view(&clock, &hours, now).into_any(),
        };
        let response = clock(
            sla.as_ref().and_then(|s| s.response),
            ticket.response_clock(),
        );
        let resolution = clock(
            sla.as_ref().and_then(|s| s.resolution),
            ticket.resolution_clock(),
        );
        let governing = sla.as_ref().map(|s| {
            (
                format!("/agreements/{}", s.agreement.id),
                s.agreement.title.clone(),
                format!(" · {}", s.agreement.hours.describe()),
            )
        });
        let agreement = match (governing, ticket.service.clone()) {
            (Some((href, title, hours)), _) => view! {
                <A href=href>{title}</A>
                <span class="hint">{hours}</span>
            }
            .into_any(),
            (None, Some(service)) => view! {
                "None covers this service on the day it was logged. "
                <A href=format!("/agreements?service={service}")>"Add an agreement"</A>
            }
            .into_any(),
            (None, None) => "None: the ticket names no service.".into_any(),
        };
        // A security incident's most urgent notification still to make.
        let notice = ticket.security_incident.then(|| {
            let outstanding = ticket.security.outstanding(ticket.logged_at, now);
            let text = match outstanding.first() {
                Some((_, n, status)) => view! {
                    <span class=format!("badge notice-{}", status.as_str())>{status.summary()}</span>
                    {format!(" — {}", n.recipient)}
                }.into_any(),
                None if ticket.security.notifications.is_empty() => "None owed yet".into_any(),
                None => "All made".into_any(),
            };
            view! { <dt>"Notification"</dt><dd data-testid="ticket-notice">{text}</dd> }
        });
        let priority = ticket.priority(&matrix);
        let note = match &sla {
            Some(sla) if sla.response.is_none() && sla.resolution.is_none() => format!(
                "The agreement sets no targets for {}: the clocks count its service hours only.",
                priority.label()
            ),
            Some(_) => "Clocks count the agreement's service hours only, not counting time waiting on the customer.".to_owned(),
            None => "Without an agreement the clocks count every hour since logging, not counting time waiting on the customer.".to_owned(),
        };
        Some(view! {
            <dl class="facts">
                <dt>"Type"</dt><dd data-testid="ticket-type">{ticket.ticket_type.label()}{ticket.major.then_some(" · major incident")}{ticket.security_incident.then_some(" · information security incident")}</dd>
                <dt>"Priority"</dt><dd><span class=format!("badge priority-{}", priority.value())>{priority.label()}</span></dd>
                <dt>"State"</dt><dd data-testid="ticket-state">{ticket.state.label()}</dd>
                <dt>"Service"</dt><dd>{match service {
                    Some((id, name)) => view! { <A href=format!("/services/{id}")>{name}</A> }.into_any(),
                    None => "—".into_any(),
                }}</dd>
                <dt>"Logged"</dt><dd>{browser::short_time(ticket.logged_at)}</dd>
                {(!ticket.reference.is_empty()).then(|| view! { <dt>"Reference"</dt><dd data-testid="ticket-reference">{ticket.reference.clone()}</dd> })}
                <dt>"Agreement"</dt><dd data-testid="ticket-agreement">{agreement}</dd>
                <dt>"Response"</dt><dd data-testid="response-clock">{response}</dd>
                <dt>"Resolution"</dt><dd data-testid="resolution-clock">{resolution}</dd>
                {notice}
            </dl>
            <p class="hint">{note}</p>
        })
    };
    // Major and security incidents show the steps in their timeline section instead.
    let has_timeline =
        move || stored.with(|t| t.as_ref().is_some_and(|t| t.major || t.security_incident));
    let is_security = move || stored.with(|t| t.as_ref().is_some_and(|t| t.security_incident));
    let timeline = move || {
        let ticket = stored.get().filter(|t| !t.major && !t.security_incident)?;
        let steps = ticket.steps.ordered();
        (!steps.is_empty()).then(|| view! {
            <ol class="timeline">
                {steps.into_iter().map(|s| view! { <li>{format!("{} — {}", browser::short_time(s.at), s.to.label())}</li> }).collect_view()}
            </ol>
        })
    };
    let (key_description, key_resolution, key_review) = (key.clone(), key.clone(), key.clone());
    let long = move |key: praxis_core::RecordKey, field: &'static str| {
        Signal::derive(move || Some((key.clone(), field.to_owned())))
    };
    let review_field = long(key_review, "review");
    let is_incident = move || {
        typed.with(|t| {
            t.as_ref()
                .is_some_and(|t| t.ticket_type == TicketType::Incident)
        })
    };
    let is_major = move || form.major.get();
    view! {
        <section class="card" aria-labelledby="ticket-summary-title">
            <h2 id="ticket-summary-title" class="visually-hidden">"Summary"</h2>
            {summary}
            <h3>"Next steps"</h3>
            <ul class="steps">{steps}</ul>
            {timeline}
        </section>
        <form class="card stacked-form" on:submit=save novalidate aria-labelledby="ticket-details-title">
            <h2 id="ticket-details-title">"Details"</h2>
            <fieldset class="plain" disabled=move || state.read_only.get()>
                <div class="field">
                    <label for="ticket-title">"Title"</label>
                    <input id="ticket-title" type="text" maxlength=TITLE_MAX_CHARS bind:value=form.title.value />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="ticket-impact">"Impact"</label>
                        <select id="ticket-impact" bind:value=form.impact.value>
                            {Level::ALL.map(|l| view! { <option value=l.as_str()>{l.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="ticket-urgency">"Urgency"</label>
                        <select id="ticket-urgency" bind:value=form.urgency.value>
                            {Level::ALL.map(|l| view! { <option value=l.as_str()>{l.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="ticket-service-edit">"Service"</label>
                        <select id="ticket-service-edit" bind:value=form.service.value>
                            <option value="">"No service"</option>
                            {move || services.get().into_iter().map(|s| view! { <option value=s.id.to_string() selected=form.service.value.get_untracked() == s.id.as_str()>{s.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="ticket-reporter">"Reported by"</label>
                        <input id="ticket-reporter" type="text" maxlength=TITLE_MAX_CHARS bind:value=form.reporter.value />
                    </div>
                    <div class="field">
                        <label for="ticket-assignee">"Assigned to"</label>
                        <input id="ticket-assignee" type="text" maxlength=TITLE_MAX_CHARS bind:value=form.assignee.value />
                    </div>
                </div>
                <div class="field">
                    <label for="ticket-description">"Description"</label>
                    <textarea id="ticket-description" rows="3" maxlength=TEXT_MAX_CHARS bind:value=form.description.value></textarea>
                    <KeptTexts field=long(key_description, "description") kind=Ticket::KIND text=form.description what="this description" />
                </div>
                <div class="field">
                    <label for="ticket-resolution">"Resolution"</label>
                    <p class="hint" id="ticket-resolution-hint">"How it was resolved or fulfilled: needed before the ticket can be resolved."</p>
                    <textarea id="ticket-resolution" rows="2" maxlength=TEXT_MAX_CHARS aria-describedby="ticket-resolution-hint" bind:value=form.resolution.value></textarea>
                    <KeptTexts field=long(key_resolution, "resolution") kind=Ticket::KIND text=form.resolution what="this resolution" />
                </div>
                <Show when=is_incident>
                    <label class="check">
                        <input type="checkbox" bind:checked=form.major />
                        "Major incident (needs a post-incident review before it closes)"
                    </label>
                </Show>
                <Show when=is_incident>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || form.security.is_ticked()
                            on:change=move |ev| form.security.tick(event_target_checked(&ev)) />
                        "Information security incident (adds its classification, notifications owed, evidence and lessons)"
                    </label>
                </Show>
                <Show when=is_major>
                    <div class="field">
                        <label for="ticket-review">"Post-incident review"</label>
                        <textarea id="ticket-review" rows="3" maxlength=TEXT_MAX_CHARS bind:value=form.review.value></textarea>
                        <KeptTexts field=review_field kind=Ticket::KIND text=form.review what="this review" />
                    </div>
                </Show>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get() || !form.is_edited()>"Save ticket"</button>
            </fieldset>
        </form>
        <Show when=is_stored_incident>
            <ProblemLink workspace=problem_workspace.clone() ticket=stored />
        </Show>
        <Show when=has_timeline>
            <IncidentTimeline workspace=timeline_workspace.clone() ticket=stored />
        </Show>
        <Show when=is_security>
            <SecurityPanel workspace=security_workspace.clone() ticket=stored />
            <NotificationsPanel workspace=security_workspace.clone() ticket=stored />
            <EvidencePanel workspace=security_workspace.clone() ticket=stored />
        </Show>
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Ticket::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Ticket::KIND noun="this ticket" />
    }
}

/// The ticket's editable fields, each following the stored value until typed in.
#[derive(Debug, Clone, Copy)]
struct TicketFields {
    title: SyncedText,
    description: SyncedText,
    impact: SyncedText,
    urgency: SyncedText,
    service: SyncedText,
    reporter: SyncedText,
    assignee: SyncedText,
    resolution: SyncedText,
    review: SyncedText,
    /// The security incident flag ([`SyncedText::flag`]).
    security: SyncedText,
    major: RwSignal<bool>,
    stored_major: RwSignal<bool>,
}

impl TicketFields {
    fn new(t: &Ticket) -> Self {
        Self {
            title: SyncedText::new(t.title.clone()),
            description: SyncedText::new(t.description.clone()),
            impact: SyncedText::new(t.impact.as_str().to_owned()),
            urgency: SyncedText::new(t.urgency.as_str().to_owned()),
            service: SyncedText::new(
                t.service
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            ),
            reporter: SyncedText::new(t.reporter.clone()),
            assignee: SyncedText::new(t.assignee.clone()),
            resolution: SyncedText::new(t.resolution.clone()),
            review: SyncedText::new(t.review.clone()),
            security: SyncedText::new(SyncedText::flag(t.security_incident)),
            major: RwSignal::new(t.major),
            stored_major: RwSignal::new(t.major),
        }
    }

    fn receive(&self, t: &Ticket) {
        self.title.receive(t.title.clone());
        self.description.receive(t.description.clone());
        self.impact.receive(t.impact.as_str().to_owned());
        self.urgency.receive(t.urgency.as_str().to_owned());
        self.service.receive(
            t.service
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
        );
        self.reporter.receive(t.reporter.clone());
        self.assignee.receive(t.assignee.clone());
        self.resolution.receive(t.resolution.clone());
        self.review.receive(t.review.clone());
        self.security.receive(SyncedText::flag(t.security_incident));
        if self.major.get_untracked() == self.stored_major.get_untracked() {
            self.major.set(t.major);
        }
        self.stored_major.set(t.major);
    }

    fn texts(&self) -> [SyncedText; 10] {
        [
            self.title,
            self.description,
            self.impact,
            self.urgency,
            self.service,
            self.reporter,
            self.assignee,
            self.resolution,
            self.review,
            self.security,
        ]
    }

    fn is_edited(&self) -> bool {
        self.texts().iter().any(SyncedText::is_edited)
            || self.major.get() != self.stored_major.get()
    }

    /// `stored` with what was typed.
    fn apply(&self, stored: &Ticket) -> Ticket {
        Ticket {
            title: self.title.value.get().trim().to_owned(),
            description: self.description.value.get(),
            impact: parse_level(&self.impact.value.get()),
            urgency: parse_level(&self.urgency.value.get()),
            service: RecordId::parse(&self.service.value.get()).ok(),
            reporter: self.reporter.value.get().trim().to_owned(),
            assignee: self.assignee.value.get().trim().to_owned(),
            resolution: self.resolution.value.get(),
            review: self.review.value.get(),
            major: self.major.get() && stored.ticket_type == TicketType::Incident,
            security_incident: self.security.is_ticked()
                && stored.ticket_type == TicketType::Incident,
            ..stored.clone()
        }
    }

    /// Long texts begun from a text that has since changed unseen, with that text.
    fn started_from(&self) -> BTreeMap<String, Option<Value>> {
        [
            ("description", self.description),
            ("resolution", self.resolution),
            ("review", self.review),
        ]
        .into_iter()
        .filter_map(|(field, text)| text.started_from_field(field))
        .collect()
    }
}
