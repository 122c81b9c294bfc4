//! A security incident's evidence (ISO/IEC 27001 A.5.28) with its chain of custody: what each
//! item is, who collected it when, where it is kept, its SHA-256, and every handover since, so
//! anyone can say who held it at any time. Items and handovers are added, never edited or
//! removed: the chain is only worth something whole.

use leptos::prelude::*;
use praxis_core::itsm::security::{Evidence, Handover, ITEM_MAX_CHARS, NAME_MAX_CHARS};
use praxis_core::itsm::ticket::Ticket;
use praxis_core::{RecordId, WorkspaceId};

use crate::browser;
use crate::components::ticket_amend::Amender;
use crate::state::use_app_state;

fn actor_name() -> String {
    use_app_state()
        .actor
        .get_untracked()
        .map(|a| a.name().to_owned())
        .unwrap_or_default()
}

#[component]
pub fn EvidencePanel(workspace: WorkspaceId, ticket: Signal<Option<Ticket>>) -> impl IntoView {
    let state = use_app_state();
    let amender = Amender::new(workspace, ticket);
    let (error, busy) = (amender.error, amender.busy);
    let item = RwSignal::new(String::new());
    let collected_by = RwSignal::new(actor_name());
    let collected_at = RwSignal::new(browser::local_input_time(browser::now_ms()));
    let location = RwSignal::new(String::new());
    let sha256 = RwSignal::new(String::new());
    let add = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(at) = browser::parse_local_input_time(&collected_at.get_untracked()) else {
                return error.set(Some(
                    "Nothing was saved: give the date and time it was collected.".into(),
                ));
            };
            let evidence = Evidence::new(
                &item.get_untracked(),
                &collected_by.get_untracked(),
                at,
                &location.get_untracked(),
                &sha256.get_untracked(),
            );
            amender.add_entry(
                evidence,
                |t, id, evidence| {
                    t.security.evidence.insert(id, evidence);
                    Ok(())
                },
                "Evidence added.",
                move || {
                    item.set(String::new());
                    location.set(String::new());
                    sha256.set(String::new());
                },
            );
        }
    };
    let items = {
        move || {
            let ticket = ticket.get()?;
            let details = &ticket.security;
            if details.evidence.is_empty() {
                return Some(view! { <p class="empty">"No evidence recorded yet. Note each log export, disk image or device as it is collected, with who holds it."</p> }.into_any());
            }
            let mut listed: Vec<(&RecordId, &Evidence)> = details.evidence.iter().collect();
            listed.sort_by(|a, b| {
                a.1.collected_at
                    .cmp(&b.1.collected_at)
                    .then_with(|| a.0.cmp(b.0))
            });
            Some(view! {
                <ul class="evidence-list" data-testid="evidence">
                    {listed.into_iter().map(|(id, e)| {
                        let holder = details.holder(id).unwrap_or_default().to_owned();
                        let chain: Vec<Handover> = details.chain(id).into_iter().map(|(_, h)| h.clone()).collect();
                        view! {
                            <li>
                                <h3>{e.item.clone()}</h3>
                                <dl class="facts">
                                    <dt>"Collected"</dt><dd>{format!("{} by {}", browser::short_time(e.collected_at), e.collected_by)}</dd>
                                    <dt>"Kept"</dt><dd>{if e.location.is_empty() { "—".to_owned() } else { e.location.clone() }}</dd>
                                    <dt>"SHA-256"</dt><dd>{if e.sha256.is_empty() { view! { "—" }.into_any() } else { view! { <code class="hash">{e.sha256.clone()}</code> }.into_any() }}</dd>
                                    <dt>"Held by"</dt><dd data-testid="evidence-holder">{holder.clone()}</dd>
                                </dl>
                                {(!chain.is_empty()).then(|| view! {
                                    <ol class="custody" aria-label=format!("Chain of custody of {}", e.item)>
                                        {chain.into_iter().map(|h| {
                                            let purpose = if h.purpose.is_empty() { String::new() } else { format!(": {}", h.purpose) };
                                            view! { <li>{format!("{} — {} to {}{purpose}", browser::short_time(h.at), h.from, h.to)}</li> }
                                        }).collect_view()}
                                    </ol>
                                })}
                                <HandoverForm evidence=id.clone() item=e.item.clone() holder=holder amender=amender />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any())
        }
    };
    view! {
        <section class="card" aria-labelledby="evidence-title">
            <h2 id="evidence-title">"Evidence and chain of custody"</h2>
            <p class="hint">"Evidence and its handovers are added, never changed or removed, so the chain of custody stays whole."</p>
            {items}
            <p class="field-error" role="alert">{move || error.get()}</p>
            <form class="stacked-form no-print" on:submit=add novalidate aria-labelledby="evidence-add-title">
                <h3 id="evidence-add-title">"Add evidence"</h3>
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <div class="field">
                        <label for="evidence-item">"What it is"</label>
                        <input id="evidence-item" type="text" maxlength=ITEM_MAX_CHARS placeholder="Firewall log export, disk image of the laptop…" bind:value=item />
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="evidence-by">"Collected by"</label>
                            <input id="evidence-by" type="text" maxlength=NAME_MAX_CHARS bind:value=collected_by />
                        </div>
                        <div class="field">
                            <label for="evidence-at">"Collected"</label>
                            <input id="evidence-at" type="datetime-local" bind:value=collected_at />
                        </div>
                        <div class="field">
                            <label for="evidence-location">"Where it is kept"</label>
                            <input id="evidence-location" type="text" maxlength=NAME_MAX_CHARS bind:value=location />
                        </div>
                    </div>
                    <div class="field">
                        <label for="evidence-sha256">"SHA-256 (optional)"</label>
                        <input id="evidence-sha256" type="text" class="hash" spellcheck="false" autocomplete="off" bind:value=sha256 />
                    </div>
                    <button type="submit" disabled=move || busy.get()>"Add evidence"</button>
                </fieldset>
            </form>
        </section>
    }
}

/// Passing one item on: from its present holder, to whom, when and why.
#[component]
fn HandoverForm(
    evidence: RecordId,
    item: String,
    holder: String,
    amender: Amender,
) -> impl IntoView {
    let (error, busy) = (amender.error, amender.busy);
    let state = use_app_state();
    let to = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let at = RwSignal::new(browser::local_input_time(browser::now_ms()));
    let from = holder.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(when) = browser::parse_local_input_time(&at.get_untracked()) else {
            return error.set(Some(
                "Nothing was saved: give the date and time of the handover.".into(),
            ));
        };
        let handover = Handover::new(
            evidence.clone(),
            when,
            &from,
            &to.get_untracked(),
            &purpose.get_untracked(),
        );
        amender.add_entry(
            Ok(handover),
            |t, id, handover| t.security.hand_over(id, handover),
            "Handover recorded.",
            move || {
                to.set(String::new());
                purpose.set(String::new());
            },
        );
    };
    view! {
        <details class="no-print">
            <summary>{format!("Hand “{item}” over")}</summary>
            <form class="stacked-form" on:submit=submit novalidate aria-label=format!("Hand {item} over")>
                <fieldset class="plain" disabled=move || state.read_only.get()>
                    <p class="hint">{format!("From {holder}, who holds it now.")}</p>
                    <div class="field-row">
                        <div class="field">
                            <label>"To"<input type="text" maxlength=NAME_MAX_CHARS bind:value=to /></label>
                        </div>
                        <div class="field">
                            <label>"When"<input type="datetime-local" bind:value=at /></label>
                        </div>
                        <div class="field">
                            <label>"Purpose"<input type="text" maxlength=ITEM_MAX_CHARS placeholder="Analysis, safe keeping…" bind:value=purpose /></label>
                        </div>
                    </div>
                    <button type="submit" disabled=move || busy.get()>"Record handover"</button>
                </fieldset>
            </form>
        </details>
    }
}
