//! Incidents and service requests (ISO/IEC 20000-1 8.6.1, 8.6.2): every ticket, searchable and
//! filtered, and a form to log one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use praxis_core::itsm::desk::DeskSettings;
use praxis_core::itsm::priority::{Level, PriorityMatrix};
use praxis_core::itsm::service::Service;
use praxis_core::itsm::ticket::{TITLE_MAX_CHARS, Ticket, TicketState, TicketType};
use praxis_core::itsm::workflow::Lifecycle;
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::services::use_service_catalogue;
use crate::actions::tickets::{self as actions, NewTicket};
use crate::browser;
use crate::components::damaged::DamagedRecords;
use crate::components::priority_matrix::PriorityMatrixEditor;
use crate::state::use_app_state;

#[component]
pub fn Tickets() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb"><A href="/workflows">"Workflows"</A></p>
            <h1 id="page-title">"Incidents and requests"</h1>
            <p class="lead">"Every incident and service request: who has it, how urgent it is and where it stands against its service level."</p>
            {move || match state.current.get() {
                None => view! {
                    <div class="card"><p>"Create a workspace first: tickets belong to one organisation."</p><A href="/">"Create a workspace"</A></div>
                }.into_any(),
                Some(workspace) => view! { <TicketList workspace=workspace /> }.into_any(),
            }}
        </section>
    }
}

/// A level as the form's select holds it (medium if it holds nothing known).
pub fn parse_level(text: &str) -> Level {
    Level::parse(text).unwrap_or(Level::Medium)
}

/// What the filters ask for.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filter {
    query: String,
    /// "" any, "open" not closed, or one state's stored name.
    state: String,
    ticket_type: String,
    priority: String,
    service: String,
}

impl Filter {
    fn keeps(&self, ticket: &Ticket, matrix: &PriorityMatrix) -> bool {
        let query = self.query.trim().to_lowercase();
        let text = query.is_empty()
            || ticket.title.to_lowercase().contains(&query)
            || ticket.assignee.to_lowercase().contains(&query)
            || ticket.reporter.to_lowercase().contains(&query);
        let state = match self.state.as_str() {
            "" => true,
            "open" => ticket.state != TicketState::Closed,
            wanted => ticket.state.as_str() == wanted,
        };
        text && state
            && (self.ticket_type.is_empty() || ticket.ticket_type.as_str() == self.ticket_type)
            && (self.priority.is_empty() || ticket.priority(matrix).label() == self.priority)
            && (self.service.is_empty()
                || ticket
                    .service
                    .as_ref()
                    .is_some_and(|s| s.as_str() == self.service))
    }
}

/// The open workspace's tickets with the settings that give their priorities, read again
/// whenever a ticket or the settings change: one resource for both ticket pages.
pub fn use_tickets() -> LocalResource<Result<actions::Listed, String>> {
    let state = use_app_state();
    let revision = state.kind_revision(Some(Ticket::KIND));
    // Priorities follow the workspace's matrix: read again when it changes.
    let settings_revision = state.kind_revision(Some(DeskSettings::KIND));
    LocalResource::new(move || {
        revision.track();
        settings_revision.track();
        let workspace = state.current.get();
        async move {
            match workspace {
                Some(workspace) => actions::list(state, &workspace).await,
                None => Err("Open a workspace first.".to_owned()),
            }
        }
    })
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
    let query = use_query_map();
    let filter = RwSignal::new(Filter {
        state: "open".into(),
        service: query
            .with_untracked(|q| q.get("service"))
            .unwrap_or_default(),
        ..Filter::default()
    });
    let by_priority = RwSignal::new(false);
    let settings = Signal::derive(move || loaded.get().and_then(Result::ok).map(|(_, _, s)| s));
    let matrix = Signal::derive(move || settings.get().unwrap_or_default().priority_matrix);
    let damaged_workspace = workspace.clone();
    let table = move || {
        let Some(read) = loaded.get() else {
            return view! { <p class="muted">"Loading…"</p> }.into_any();
        };
        let matrix = matrix.get();
        let (tickets, damaged, _) = match read {
            Ok(read) => read,
            Err(problem) => {
                return view! { <p class="field-error" role="alert">{problem}</p> }.into_any();
            }
        };
        let total = tickets.len();
        let wanted = filter.get();
        let mut shown: Vec<Ticket> = tickets
            .into_iter()
            .filter(|t| wanted.keeps(t, &matrix))
            .collect();
        if by_priority.get() {
            praxis_core::order::sort_by(&mut shown, |a, b| {
                a.priority(&matrix).cmp(&b.priority(&matrix))
            });
        }
        let services = service_list.get();
        let service_name = move |id: &Option<RecordId>| {
            id.as_ref()
                .and_then(|id| {
                    services
                        .iter()
                        .find(|s| &s.id == id)
                        .map(|s| s.name.clone())
                })
                .unwrap_or_else(|| "—".to_owned())
        };
        let body = if total == 0 {
            view! { <div class="card empty-state"><p><strong>"No tickets yet."</strong>" Log the first one below, or raise one from a service in the catalogue."</p></div> }.into_any()
        } else if shown.is_empty() {
            view! { <p class="muted" role="status" data-testid="ticket-count">{format!("No ticket of {total} matches.")}</p> }.into_any()
        } else {
            view! {
                <p class="muted" role="status" data-testid="ticket-count">{format!("{} of {total} {}", shown.len(), if total == 1 { "ticket" } else { "tickets" })}</p>
                <div class="card table-scroll">
                    <table class="table">
                        <caption class="visually-hidden">"Tickets of this workspace"</caption>
                        <thead><tr>
                            <th scope="col">"Ticket"</th><th scope="col">"Priority"</th><th scope="col">"State"</th>
                            <th scope="col">"Service"</th><th scope="col">"Assignee"</th><th scope="col">"Logged"</th>
                        </tr></thead>
                        <tbody>
                            {shown.into_iter().map(|t| {
                                let priority = t.priority(&matrix);
                                let kind = format!(" {}{}", t.ticket_type.label(), if t.major { " · major" } else { "" });
                                let assignee = if t.assignee.is_empty() { "—".to_owned() } else { t.assignee.clone() };
                                let service = service_name(&t.service);
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <A href=format!("/tickets/{}", t.id)>{t.title}</A>
                                            <span class="hint">{kind}</span>
                                        </th>
                                        <td><span class=format!("badge priority-{}", priority.value())>{priority.label()}</span></td>
                                        <td>{t.state.label()}</td>
                                        <td>{service}</td>
                                        <td>{assignee}</td>
                                        <td>{browser::format_time(t.logged_at)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        };
        view! {
            {body}
            <DamagedRecords workspace=damaged_workspace.clone() kind=Ticket::kind() errors=damaged />
        }
        .into_any()
    };
    let set = move |apply: fn(&mut Filter, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            filter.update(|f| apply(f, value));
        }
    };
    view! {
        <div class="filters" role="search">
            <div class="field">
                <label for="ticket-search">"Search"</label>
                <input id="ticket-search" type="search" placeholder="Title, assignee or reporter" on:input=set(|f, v| f.query = v) />
            </div>
            <div class="field">
                <label for="ticket-state">"State"</label>
                <select id="ticket-state" on:change=set(|f, v| f.state = v)>
                    <option value="open" selected=true>"Open (not closed)"</option>
                    <option value="">"Any"</option>
                    {TicketState::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ticket-type">"Type"</label>
                <select id="ticket-type" on:change=set(|f, v| f.ticket_type = v)>
                    <option value="">"Any"</option>
                    {TicketType::ALL.map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ticket-priority">"Priority"</label>
                <select id="ticket-priority" on:change=set(|f, v| f.priority = v)>
                    <option value="">"Any"</option>
                    {(1..=5).map(|n| view! { <option value=format!("P{n}")>{format!("P{n}")}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ticket-service">"Service"</label>
                <select id="ticket-service" on:change=set(|f, v| f.service = v)>
                    <option value="">"Any"</option>
                    {move || service_list.get().into_iter().map(|s| {
                        let selected = filter.with_untracked(|f| f.service == s.id.as_str());
                        view! { <option value=s.id.to_string() selected=selected>{s.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <label class="check">
                <input type="checkbox" on:change=move |ev| by_priority.set(event_target_checked(&ev)) />
                "Most urgent first"
            </label>
        </div>
        {table}
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

    fn ticket(title: &str, state: TicketState) -> Ticket {
        let mut t = Ticket::new(
            RecordId::parse("t1").unwrap(),
            TicketType::Incident,
            title,
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
    fn the_filter_keeps_what_it_names() {
        let matrix = PriorityMatrix::default();
        let open = Filter {
            state: "open".into(),
            ..Filter::default()
        };
        assert!(open.keeps(&ticket("Mail down", TicketState::New), &matrix));
        assert!(!open.keeps(&ticket("Mail down", TicketState::Closed), &matrix));
        let search = Filter {
            query: "GRACE".into(),
            ..Filter::default()
        };
        assert!(search.keeps(&ticket("Mail down", TicketState::New), &matrix));
        let p1 = Filter {
            priority: "P1".into(),
            ..Filter::default()
        };
        assert!(p1.keeps(&ticket("x", TicketState::New), &matrix));
        let p2 = Filter {
            priority: "P2".into(),
            ..Filter::default()
        };
        assert!(!p2.keeps(&ticket("x", TicketState::New), &matrix));
        let requests = Filter {
            ticket_type: "request".into(),
            ..Filter::default()
        };
        assert!(!requests.keeps(&ticket("x", TicketState::New), &matrix));
        let mail = Filter {
            service: "mail".into(),
            ..Filter::default()
        };
        assert!(!mail.keeps(&ticket("x", TicketState::New), &matrix));
    }
}
