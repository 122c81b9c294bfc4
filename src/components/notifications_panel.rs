//! The notifications a security incident owes (a regulator, customers): each with its deadline
//! counted from detection, where it stands, and when it was made. Each is a field of its own,
//! so notifications added or recorded on two devices apart are all kept.

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use praxis_core::RecordId;
use praxis_core::WorkspaceId;
use praxis_core::itsm::duration::parse_minutes;
use praxis_core::itsm::security::{NAME_MAX_CHARS, Notification, Party};
use praxis_core::itsm::ticket::Ticket;

use crate::browser;
use crate::components::ticket_amend::Amender;
use crate::state::use_app_state;

/// Common obligations, to fill the form with (the person can change any part before adding).
const PRESETS: &[(Party, &str, &str)] = &[
    (
        Party::Regulator,
        "Data protection authority (personal data breach)",
        "72 h",
    ),
    (Party::Regulator, "National CSIRT (early warning)", "24 h"),
    (Party::Customers, "Affected customers", "24 h"),
];

#[component]
pub fn NotificationsPanel(workspace: WorkspaceId, ticket: Signal<Option<Ticket>>) -> impl IntoView {
    let state = use_app_state();
    let amender = Amender::new(workspace, ticket);
    let (error, busy) = (amender.error, amender.busy);
    // Deadlines come closer while the page is open.
    let tick = RwSignal::new(());
    let timer = StoredValue::new_local(Some(Interval::new(30_000, move || tick.set(()))));
    on_cleanup(move || timer.set_value(None));

    let party = RwSignal::new(Party::Regulator.as_str().to_owned());
    let recipient = RwSignal::new(String::new());
    let within = RwSignal::new(String::new());
    let add = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let minutes = match parse_minutes(&within.get_untracked()) {
                Ok(Some(minutes)) => minutes,
                Ok(None) => return error.set(Some(
                    "Nothing was saved: say within how long of detection it is due, such as 72 h."
                        .into(),
                )),
                Err(e) => return error.set(Some(format!("Nothing was saved: the deadline {e}"))),
            };
            let party = Party::parse(&party.get_untracked()).unwrap_or(Party::Other);
            amender.add_entry(
                Notification::new(party, &recipient.get_untracked(), minutes),
                |t, id, notification| {
                    t.security.notifications.insert(id, notification);
                    Ok(())
                },
                "Notification added.",
                move || {
                    recipient.set(String::new());
                    within.set(String::new());
                },
            );
        }
    };
    let made_which = RwSignal::new(String::new());
    let made_at = RwSignal::new(browser::local_input_time(browser::now_ms()));
    let reference = RwSignal::new(String::new());
    let record = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(id) = RecordId::parse(&made_which.get_untracked()) else {
                return error.set(Some(
                    "Nothing was saved: choose which notification was made.".into(),
                ));
            };
            let Some(at) = browser::parse_local_input_time(&made_at.get_untracked()) else {
                return error.set(Some(
                    "Nothing was saved: give the date and time it was made.".into(),
                ));
            };
            let typed_reference = reference.get_untracked();
            amender.run(
                Box::new(move |t| {
                    let logged = t.logged_at;
                    t.security.record_made(&id, at, &typed_reference, logged)
                }),
                "Notification recorded as made.",
                move || {
                    made_which.set(String::new());
                    reference.set(String::new());
                },
            );
        }
    };
    let rows = {
        move || {
            tick.track();
            let ticket = ticket.get()?;
            let now = browser::now_ms();
            let detected = ticket.security.detected(ticket.logged_at);
            let mut all: Vec<(RecordId, Notification)> =
                ticket.security.notifications.clone().into_iter().collect();
            all.sort_by_key(|(id, n)| (n.deadline(detected), id.clone()));
            if all.is_empty() {
                return Some(view! { <p class="empty">"No notification is owed yet. Add one for each party that must hear of this incident by a deadline: a regulator, affected customers."</p> }.into_any());
            }
            Some(view! {
                <div class="table-scroll"><table class="table compact" data-testid="notifications">
                    <caption class="visually-hidden">"Notifications owed"</caption>
                    <thead><tr><th scope="col">"To"</th><th scope="col">"Due by"</th><th scope="col">"Status"</th><th scope="col">"Made"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>
                        {all.into_iter().map(|(id, n)| {
                            let status = n.status(detected, now);
                            let made = n.notified_at.map(|at| {
                                let reference = if n.reference.is_empty() { String::new() } else { format!(" · {}", n.reference) };
                                format!("{}{reference}", browser::short_time(at))
                            });
                            let remove = made.is_none().then(|| {
                                let name = n.recipient.clone();
                                view! {
                                    <button type="button" class="link-button" disabled=move || busy.get() || state.read_only.get()
                                        on:click=move |_| {
                                            if !browser::confirm(&format!("Remove the notification to {name}? Only do so if it is not owed after all.")) {
                                                return;
                                            }
                                            let id = id.clone();
                                            amender.run(Box::new(move |t| {
                                                t.security.notifications.remove(&id).map(drop).ok_or_else(|| "This notification was already removed.".to_owned())
                                            }), "Notification removed.", || ());
                                        }>"Remove"</button>
                                }
                            });
                            view! {
                                <tr>
                                    <td>{n.recipient.clone()}<span class="hint">{format!(" · {}", n.party.label())}</span></td>
                                    <td>{browser::short_time(n.deadline(detected))}</td>
                                    <td><span class=format!("badge notice-{}", status.as_str())>{status.summary()}</span></td>
                                    <td>{made.unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{remove}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any())
        }
    };
    let outstanding = move || {
        ticket.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.security
                        .notifications
                        .iter()
                        .filter(|(_, n)| n.notified_at.is_none())
                        .map(|(id, n)| (id.to_string(), n.recipient.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let detected = move || {
        ticket.with(|t| {
            t.as_ref()
                .map(|t| browser::short_time(t.security.detected(t.logged_at)))
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card" aria-labelledby="notifications-title">
            <h2 id="notifications-title">"Notifications"</h2>
            <p class="hint">{move || format!("Deadlines count clock hours from detection ({}), not service hours. The incident cannot close until each notification is made.", detected())}</p>
            {rows}
            <p class="field-error" role="alert">{move || error.get()}</p>
            <fieldset class="plain no-print" disabled=move || state.read_only.get()>
                <Show when=move || !outstanding().is_empty()>
                    <form class="stacked-form" on:submit=record novalidate aria-labelledby="notification-made-title">
                        <h3 id="notification-made-title">"Record a notification made"</h3>
                        <div class="field-row">
                            <div class="field">
                                <label for="notification-made-which">"Notification"</label>
                                <select id="notification-made-which" bind:value=made_which>
                                    <option value="">"Choose…"</option>
                                    {move || outstanding().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="notification-made-at">"Made"</label>
                                <input id="notification-made-at" type="datetime-local" bind:value=made_at />
                            </div>
                            <div class="field">
                                <label for="notification-reference">"Reference"</label>
                                <input id="notification-reference" type="text" maxlength=NAME_MAX_CHARS placeholder="Case number, message sent…" bind:value=reference />
                            </div>
                        </div>
                        <button type="submit" disabled=move || busy.get()>"Record as made"</button>
                    </form>
                </Show>
                <form class="stacked-form" on:submit=add novalidate aria-labelledby="notification-add-title">
                    <h3 id="notification-add-title">"Add a notification owed"</h3>
                    <p class="hint">"Common ones, to fill the form with (check the deadlines your law and contracts set):"</p>
                    <div class="button-row">
                        {PRESETS.iter().map(|&(p, name, window)| view! {
                            <button type="button" on:click=move |_| {
                                party.set(p.as_str().to_owned());
                                recipient.set(name.to_owned());
                                within.set(window.to_owned());
                            }>{format!("{name}, {window}")}</button>
                        }).collect_view()}
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="notification-party">"Party"</label>
                            <select id="notification-party" bind:value=party>
                                {Party::ALL.map(|p| view! { <option value=p.as_str()>{p.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="notification-recipient">"To"</label>
                            <input id="notification-recipient" type="text" maxlength=NAME_MAX_CHARS bind:value=recipient />
                        </div>
                        <div class="field">
                            <label for="notification-within">"Due within"</label>
                            <input id="notification-within" type="text" placeholder="72 h" bind:value=within />
                        </div>
                    </div>
                    <button type="submit" disabled=move || busy.get()>"Add notification"</button>
                </form>
            </fieldset>
        </section>
    }
}
