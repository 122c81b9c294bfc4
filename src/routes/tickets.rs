//! Incidents and service requests (ISO/IEC 20000-1 8.6.1, 8.6.2): every ticket, searchable and
//! filtered, and a form to log one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use praxis_core::itsm::agreement::Agreement;
use praxis_core::itsm::desk::DeskSettings;
use praxis_core::itsm::priority::{Level, PriorityMatrix};
use praxis_core::itsm::service::Service;
use praxis_core::itsm::sla::{SlaStatus, ticket_sla};
use praxis_core::itsm::ticket::{TITLE_MAX_CHARS, Ticket, TicketState, TicketType};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::register::{Cell, Column, Row, View};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::agreements::use_agreements;
use super::services::use_service_catalogue;
use crate::actions::tickets::{self as actions, NewTicket};
use crate::browser;
use crate::components::damaged::DamagedRecords;
use crate::components::priority_matrix::PriorityMatrixEditor;
use crate::components::register_list::{Filter, RegisterList, RegisterSpec, lanes_of};
use crate::components::register_page::RegisterPage;
use crate::state::use_app_state;

#[component]
pub fn Tickets() -> impl IntoView {
    view! {
        <RegisterPage crumb=("/workflows", "Workflows") title="Incidents and requests" plural="tickets"
            list=|workspace| view! { <TicketList workspace=workspace /> }.into_any()>
            "Every incident and service request: who has it, how urgent it is and where it stands against its service level. Tickets kept in another tool can be "<A href="/tickets/import">"imported from its CSV export"</A>"."
        </RegisterPage>
    }
}

/// A level as the form's select holds it (medium if it holds nothing known).
pub fn parse_level(text: &str) -> Level {
    Level::parse(text).unwrap_or(Level::Medium)
}

const COLUMNS: &[Column] = &[
    Column {
        key: "title",
        label: "Ticket",
    },
    Column {
        key: "priority",
        label: "Priority",
    },
    Column {
        key: "state",
        label: "State",
    },
    Column {
        key: "service",
        label: "Service",
    },
    Column {
        key: "sla",
        label: "SLA",
    },
    Column {
        key: "assignee",
        label: "Assignee",
    },
    Column {
        key: "logged",
        label: "Logged",
    },
];

/// The tickets' list, as the page and the list benchmark show it.
pub const TICKET_LIST: RegisterSpec = RegisterSpec {
    register: "ticket",
    singular: "ticket",
    plural: "tickets",
    caption: "Tickets of this workspace",
    search_placeholder: "Title, assignee, reporter or reference",
    columns: COLUMNS,
    empty: "No tickets yet. Log the first one below, or raise one from a service in the catalogue.",
    board: Some(lanes_of::<TicketState>),
};

pub const TICKET_FILTER_KEYS: &[&str] =
    &["state", "type", "priority", "service", "sla", "assignee"];

/// The `assignee` filter's value for a ticket no one is assigned to.
const UNASSIGNED: &str = "none";

/// The `type` filter's values for major and for information security incidents.
const MAJOR: &str = "major";
const SECURITY: &str = "security";

/// The `sla` filter's value for a ticket no agreement sets a target for.
const NO_TARGET: &str = "none";

/// What ticket rows are built with besides the tickets.
#[derive(Debug)]
pub struct RowContext<'a> {
    pub matrix: &'a PriorityMatrix,
    pub services: &'a [Service],
    pub agreements: &'a [Agreement],
    /// The instant the clocks are read at.
    pub now: i64,
    pub time: fn(i64) -> String,
}

/// The SLA cell: the most urgent clock against the governing agreement, sorted most urgent
/// first; with the filter value it matches.
fn sla_cell(ticket: &Ticket, context: &RowContext) -> (Cell, &'static str) {
    let sla = ticket_sla(context.agreements, ticket, context.matrix, context.now);
    match sla.as_ref().and_then(|s| s.most_urgent()) {
        Some((which, reading)) => {
            let status = reading.status();
            let cell = Cell::number(status.label(), reading.urgency_key())
                .badge(format!("sla-{}", status.as_str()))
                .hint(format!("{}: {}", which.label(), reading.summary()));
            (cell, status.as_str())
        }
        None => (Cell::text(""), NO_TARGET),
    }
}

/// Tickets as rows: found by title, assignee and reporter; filtered by state ("open" is every
/// state but closed), type, priority, service and SLA status; the priority as the workspace's
/// matrix gives it.
pub fn ticket_rows(tickets: &[Ticket], context: &RowContext) -> Vec<Row> {
    let (matrix, time) = (context.matrix, context.time);
    let service_name = |id: &RecordId| {
        context
            .services
            .iter()
            .find(|s| &s.id == id)
            .map_or("", |s| s.name.as_str())
    };
    tickets
        .iter()
        .map(|t| {
            let priority = t.priority(matrix);
            let kind = format!(
                "{}{}{}",
                t.ticket_type.label(),
                if t.major { " · major" } else { "" },
                if t.security_incident {
                    " · security"
                } else {
                    ""
                }
            );
            let service = t.service.as_ref().map(service_name).unwrap_or_default();
            let (sla, sla_status) = sla_cell(t, context);
            let mut row = Row::new(
                t.id.as_str(),
                vec![
                    Cell::text(&t.title)
                        .link(format!("/tickets/{}", t.id))
                        .hint(kind),
                    Cell::number(priority.label(), i64::from(priority.value()))
                        .badge(format!("priority-{}", priority.value())),
                    Cell::text(t.state.label()),
                    Cell::text(service),
                    sla,
                    Cell::text(&t.assignee),
                    Cell::number(time(t.logged_at), t.logged_at),
                ],
            )
            .searched_by(&t.title)
            .searched_by(&t.assignee)
            .searched_by(&t.reporter)
            .searched_by(&t.reference)
            .tagged("state", t.state.as_str())
            .tagged("type", t.ticket_type.as_str())
            .tagged("priority", priority.label())
            .tagged("sla", sla_status)
            .tagged(
                "assignee",
                if t.assignee.is_empty() {
                    UNASSIGNED
                } else {
                    t.assignee.as_str()
                },
            );
            if t.state != TicketState::Closed {
                row = row.tagged("state", "open");
            }
            if let Some(service) = &t.service {
                row = row.tagged("service", service.as_str());
            }
            if t.major {
                row = row.tagged("type", MAJOR);
            }
            if t.security_incident {
                row = row.tagged("type", SECURITY);
            }
            row
        })
        .collect()
}

pub fn ticket_filters(services: &[Service], tickets: &[Ticket]) -> Vec<Filter> {
    vec![
        Filter::states::<TicketState>(&[]),
        Filter {
            key: "type",
            label: "Type",
            any: "Any",
            choices: TicketType::ALL
                .map(|t| (t.as_str().to_owned(), t.label().to_owned()))
                .into_iter()
                .chain([
                    (MAJOR.to_owned(), "Major incident".to_owned()),
                    (SECURITY.to_owned(), "Security incident".to_owned()),
                ])
                .collect(),
        },
        Filter {
            key: "priority",
            label: "Priority",
            any: "Any",
            choices: (1..=5)
                .map(|n| (format!("P{n}"), format!("P{n}")))
                .collect(),
        },
        Filter::service(services),
        Filter {
            key: "sla",
            label: "SLA",
            any: "Any",
            choices: SlaStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
                .chain([(NO_TARGET.to_owned(), "No target".to_owned())])
                .collect(),
        },
        Filter::people(
            "assignee",
            "Assigned to",
            tickets.iter().map(|t| t.assignee.as_str()),
            UNASSIGNED,
        ),
    ]
}

/// The open workspace's tickets with the settings that give their priorities, read again
/// whenever a ticket or the settings change: one resource for both ticket pages.
pub fn use_tickets() -> LocalResource<Result<actions::Listed, String>> {
    // Priorities follow the workspace's matrix: read again when it changes too.
    super::use_register(
        &[Ticket::KIND, DeskSettings::KIND],
        |state, workspace| async move { actions::list(state, &workspace).await },
    )
}

#[component]
fn TicketList(workspace: WorkspaceId) -> impl IntoView {
    let state = use_app_state();
    let loaded = use_tickets();
    let catalogue = use_service_catalogue();
    let service_list = Signal::derive(move || {
        catalogue
            .get()
            .and_then(Result::ok)
            .map(|(s, _)| s)
            .unwrap_or_default()
    });
    let agreements = use_agreements();
    let settings = Signal::derive(move || loaded.get().and_then(Result::ok).map(|(_, _, s)| s));
    let matrix = Signal::derive(move || settings.get().unwrap_or_default().priority_matrix);
    // Clocks move on: the rows are read again each minute.
    let minute = RwSignal::new(());
    let tick = gloo_timers::callback::Interval::new(60_000, move || minute.set(()));
    let tick = StoredValue::new_local(Some(tick));
    on_cleanup(move || tick.set_value(None));
    // Built once per read: the list reads its rows many times per keystroke.
    let rows = Memo::new(move |_| {
        minute.track();
        let services = service_list.get();
        let agreements = agreements
            .get()
            .and_then(Result::ok)
            .map(|(a, _)| a)
            .unwrap_or_default();
        loaded.get().map(|read| {
            read.map(|(tickets, _, settings)| {
                let context = RowContext {
                    matrix: &settings.priority_matrix,
                    services: &services,
                    agreements: &agreements,
                    now: browser::now_ms(),
                    time: browser::short_time,
                };
                ticket_rows(&tickets, &context)
            })
        })
    });
    // A memo: the selects are drawn again only when their choices change (a new assignee),
    // not on every read of the tickets.
    let filters = Memo::new(move |_| {
        let tickets = loaded
            .get()
            .and_then(Result::ok)
            .map(|(t, _, _)| t)
            .unwrap_or_default();
        ticket_filters(&service_list.get(), &tickets)
    });
    let damaged = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|(_, damaged, _)| damaged)
            .unwrap_or_default()
    };
    let mut open = View::default();
    open.set_filter("state", "open");
    let damaged_workspace = workspace.clone();
    view! {
        <RegisterList spec=TICKET_LIST rows=rows filters=filters default_view=open filter_keys=TICKET_FILTER_KEYS />
        {move || view! { <DamagedRecords workspace=damaged_workspace.clone() kind=Ticket::kind() errors=damaged() /> }}
        <Show when=move || !state.read_only.get()>
            <NewTicketForm workspace=workspace.clone() services=service_list matrix=matrix />
            <PriorityMatrixEditor workspace=workspace.clone() settings=settings />
        </Show>
    }
}

#[component]
fn NewTicketForm(
    workspace: WorkspaceId,
    services: Signal<Vec<Service>>,
    matrix: Signal<PriorityMatrix>,
) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let query = use_query_map();
    let ticket_type = RwSignal::new(TicketType::Incident.as_str().to_owned());
    let title = RwSignal::new(String::new());
    let service = RwSignal::new(
        query
            .with_untracked(|q| q.get("service"))
            .unwrap_or_default(),
    );
    let impact = RwSignal::new("medium".to_owned());
    let urgency = RwSignal::new("medium".to_owned());
    let reporter = RwSignal::new(
        state
            .actor
            .get_untracked()
            .map(|a| a.name().to_owned())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let priority = move || {
        matrix
            .get()
            .priority(parse_level(&impact.get()), parse_level(&urgency.get()))
            .label()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewTicket {
            ticket_type: TicketType::parse(&ticket_type.get_untracked())
                .unwrap_or(TicketType::Incident),
            title: title.get_untracked(),
            service: RecordId::parse(&service.get_untracked()).ok(),
            impact: parse_level(&impact.get_untracked()),
            urgency: parse_level(&urgency.get_untracked()),
            reporter: reporter.get_untracked(),
            description: description.get_untracked(),
        };
        let (workspace, navigate) = (workspace.clone(), navigate.clone());
        busy.set(true);
        spawn_local(async move {
            match actions::create(state, &workspace, new).await {
                Ok(id) => navigate(&format!("/tickets/{id}"), Default::default()),
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let level_options = |selected: &'static str| {
        Level::ALL.map(|l| view! { <option value=l.as_str() selected=l.as_str() == selected>{l.label()}</option> }).collect_view()
    };
    view! {
        <form class="card stacked-form" on:submit=submit novalidate aria-labelledby="new-ticket-title">
            <h2 id="new-ticket-title">"Log a ticket"</h2>
            <div class="field-row">
                <div class="field">
                    <label for="new-ticket-type">"Type"</label>
                    <select id="new-ticket-type" bind:value=ticket_type>
                        {TicketType::ALL.map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="new-ticket-service">"Service"</label>
                    <select id="new-ticket-service" bind:value=service>
                        <option value="">"No service"</option>
                        {move || services.get().into_iter().map(|s| {
                            let selected = service.with_untracked(|v| v == s.id.as_str());
                            view! { <option value=s.id.to_string() selected=selected>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="new-ticket-title-input">"Title"</label>
                <input id="new-ticket-title-input" type="text" maxlength=TITLE_MAX_CHARS bind:value=title />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="new-ticket-impact">"Impact"</label>
                    <select id="new-ticket-impact" bind:value=impact>{level_options("medium")}</select>
                </div>
                <div class="field">
                    <label for="new-ticket-urgency">"Urgency"</label>
                    <select id="new-ticket-urgency" bind:value=urgency>{level_options("medium")}</select>
                </div>
                <p class="field" data-testid="new-ticket-priority">"Priority: "<strong>{priority}</strong></p>
            </div>
            <div class="field">
                <label for="new-ticket-reporter">"Reported by"</label>
                <input id="new-ticket-reporter" type="text" maxlength=TITLE_MAX_CHARS bind:value=reporter />
            </div>
            <div class="field">
                <label for="new-ticket-description">"Description"</label>
                <textarea id="new-ticket-description" rows="3" bind:value=description></textarea>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>"Log ticket"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::register_list::owners;
    use praxis_core::register::shown;

    fn ticket(id: &str, state: TicketState) -> Ticket {
        let mut t = Ticket::new(
            RecordId::parse(id).unwrap(),
            TicketType::Incident,
            "Mail down",
            Level::High,
            Level::High,
            0,
        )
        .unwrap();
        t.state = state;
        t.assignee = "Grace".into();
        t.resolution = "Done".into();
        t
    }

    #[test]
    fn rows_carry_what_the_filters_name() {
        let matrix = PriorityMatrix::default();
        let mut sla = Agreement::new(
            RecordId::parse("sla").unwrap(),
            "Mail",
            praxis_core::itsm::agreement::AgreementKind::Sla,
            RecordId::parse("mail").unwrap(),
        )
        .unwrap();
        sla.targets.insert(
            praxis_core::itsm::priority::Priority::new(1).unwrap(),
            praxis_core::itsm::agreement::Targets {
                response_minutes: Some(15),
                resolution_minutes: None,
            },
        );
        let mut late = ticket("t3", TicketState::New);
        late.service = Some(RecordId::parse("mail").unwrap());
        let context = RowContext {
            matrix: &matrix,
            services: &[],
            agreements: &[sla],
            now: 20 * 60_000,
            time: |ms| ms.to_string(),
        };
        let rows = ticket_rows(
            &[
                ticket("t1", TicketState::New),
                ticket("t2", TicketState::Closed),
                late,
            ],
            &context,
        );
        let found = |query: &str, filters: &[(&str, &str)]| {
            let mut view = View {
                query: query.into(),
                ..View::default()
            };
            for (filter, value) in filters {
                view.set_filter(filter, value);
            }
            shown(COLUMNS, &rows, &view)
        };
        assert_eq!(found("", &[("state", "open")]), vec![0, 2]);
        assert_eq!(found("", &[("state", "closed")]), vec![1]);
        assert_eq!(found("GRACE", &[]), vec![0, 1, 2]);
        assert_eq!(found("", &[("priority", "P1")]), vec![0, 1, 2]);
        assert!(found("", &[("priority", "P2")]).is_empty());
        assert!(found("", &[("type", "request")]).is_empty());
        assert_eq!(found("", &[("service", "mail")]), vec![2]);
        assert_eq!(rows[0].cells[1].text, "P1");
        // Logged at 0 and not taken up by minute 20: 5 minutes past its 15-minute response.
        assert_eq!(found("", &[("sla", "breached")]), vec![2]);
        assert_eq!(found("", &[("sla", "none")]), vec![0, 1]);
        assert_eq!(rows[2].cells[4].text, "Breached");
        assert_eq!(found("", &[("assignee", "Grace")]), vec![0, 1, 2]);
        assert!(found("", &[("assignee", "none")]).is_empty());
        let choices = owners(["Grace", "", "ada", "Grace"].into_iter(), "none");
        let names: Vec<&str> = choices.iter().map(|(_, label)| label.as_str()).collect();
        assert_eq!(
            names,
            ["ada", "Grace", "Nobody"],
            "once each, by name, nobody last"
        );
        assert_eq!(
            rows[2].cells[4].hint.as_deref(),
            Some("Response: Breached by 5 min")
        );
    }
}
