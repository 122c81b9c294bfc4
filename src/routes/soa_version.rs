//! One version of the Statement of Applicability: where it stands (draft, or approved by whom
//! and when), what it was filled from, approval (approvers and owners only, once every
//! applicable control says why and how far), its exports (spreadsheet, CSV, print), what
//! changed against another version, its rows, and its history.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use praxis_core::isms::soa::{Implementation, Reason, Soa, diff};
use praxis_core::isms::soa_export::{file_name, to_csv, to_xlsx};
use praxis_core::{RecordId, RecordType, WorkspaceId};

use super::changes::read_or_empty;
use super::risks::use_risks;
use super::soa::{standing, use_soa_versions};
use crate::actions::soa as actions;
use crate::browser;
use crate::components::delete_button::{DeleteButton, deleting_record};
use crate::components::due_list::dated;
use crate::components::field_form::{review_today, save_edit};
use crate::components::record_history::RecordHistory;
use crate::components::record_page::ListedRecordPage;
use crate::components::soa_rows::SoaRows;
use crate::state::{Tone, can_approve, use_app_state};

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[component]
pub fn SoaVersionPage() -> impl IntoView {
    view! {
        <ListedRecordPage loaded=use_soa_versions() id_of=|s: &Soa| &s.id
            title_of=|s| format!("Statement of Applicability — {}", s.title)
            fallback="Statement of Applicability" missing="This version does not exist (it may have been deleted)."
            crumbs=&[("/registers", "Registers"), ("/soa", "Statement of Applicability")]
            body=|workspace, id, stored| view! { <SoaView workspace=workspace id=id stored=stored /> }.into_any() />
    }
}

#[component]
fn SoaView(workspace: WorkspaceId, id: RecordId, stored: Signal<Option<Soa>>) -> impl IntoView {
    let state = use_app_state();
    let versions = read_or_empty(use_soa_versions());
    let risks = read_or_empty(use_risks());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let approve_in = workspace.clone();
    let approve = move |_| {
        let Some(soa) = stored.get_untracked() else {
            return;
        };
        let workspace = approve_in.clone();
        busy.set(true);
        spawn_local(async move {
            match actions::approve(state, &workspace, &soa).await {
                Ok(()) => {
                    error.set(None);
                    state.notify(Tone::Success, "Version approved.");
                }
                Err(problem) => error.set(Some(problem)),
            }
            busy.set(false);
        });
    };
    let blocked = Memo::new(move |_| {
        let soa = stored.get()?;
        if soa.is_approved() {
            return Some("Approved and frozen: start a new version to change it.".to_owned());
        }
        if !can_approve(state) {
            return Some(format!(
                "Only approvers and owners approve the Statement of Applicability; you are {}.",
                state.role.get().with_article()
            ));
        }
        soa.why_not_approve()
    });
    let export = move |spreadsheet: bool| {
        let Some(soa) = stored.get_untracked() else {
            return;
        };
        let risks = risks.get_untracked();
        let done = if spreadsheet {
            browser::download_bytes(&file_name(&soa, "xlsx"), XLSX_MIME, &to_xlsx(&soa, &risks))
        } else {
            browser::download(&file_name(&soa, "csv"), "text/csv", &to_csv(&soa, &risks))
        };
        if let Err(problem) = done {
            state.notify(Tone::Error, format!("Nothing was downloaded: {problem}"));
        }
    };
    let summary = move || {
        let soa = stored.get()?;
        let excluded = soa.rows.values().filter(|r| !r.applicable).count();
        let based_on = soa.based_on.as_ref().map(|b| {
            let title =
                versions.with(|all| all.iter().find(|v| &v.id == b).map(|v| v.title.clone()));
            match title {
                Some(title) => view! { <A href=format!("/soa/{b}")>{title}</A> }.into_any(),
                None => "a version no longer here".into_any(),
            }
        });
        let assessment = soa
            .assessment
            .as_ref()
            .map(|a| view! { <A href=format!("/assessments/{a}")>"the assessment"</A> });
        Some(view! {
            <dl class="facts">
                <dt>"Standing"</dt><dd data-testid="soa-standing">{standing(&soa)}</dd>
                <dt>"Controls"</dt><dd>{format!("{} applicable, {excluded} excluded", soa.rows.len() - excluded)}</dd>
                <dt>"Started from"</dt><dd>{based_on.unwrap_or_else(|| "Nothing: the first version".into_any())}</dd>
                <dt>"Filled from"</dt><dd>{assessment.map_or_else(|| "No assessment".into_any(), IntoAny::into_any)}</dd>
                {soa.is_approved().then(|| view! {
                    <dt>"Last reviewed"</dt>
                    <dd>{soa.last_review.map_or_else(|| "Not recorded".to_owned(), |d| d.to_string())}</dd>
                    <dt>"Next review"</dt>
                    <dd data-testid="soa-next-review">{format!(
                        "{}, every {} months",
                        dated(soa.next_review, browser::today_date(), "None set"),
                        soa.review_months
                    )}</dd>
                })}
            </dl>
        })
    };
    let review_in = workspace.clone();
    let review = move |_| {
        review_today(
            state,
            review_in.clone(),
            stored,
            |r| &r.id,
            Soa::reviewed,
            error,
        );
    };
    let key = Soa::key(&workspace, &id);
    let gaps_in = workspace.clone();
    let interval_in = workspace.clone();
    let delete = deleting_record(state, &workspace, &id, |state, workspace, id| async move {
        actions::delete(state, &workspace, &id).await
    });
    view! {
        <section class="card" aria-labelledby="soa-summary-title">
            <h2 id="soa-summary-title" class="visually-hidden">"Summary"</h2>
            {summary}
            <div class="button-row no-print">
                <Show when=move || stored.with(|s| s.as_ref().is_some_and(|s| !s.is_approved()))>
                    <button type="button" class="primary" data-testid="approve-soa"
                        disabled=move || blocked.get().is_some() || busy.get() || state.read_only.get()
                        on:click=approve.clone()>"Approve this version"</button>
                </Show>
                <Show when=move || stored.with(|s| s.as_ref().is_some_and(Soa::is_approved))>
                    <button type="button" data-testid="soa-reviewed" disabled=move || state.read_only.get()
                        on:click=review.clone()>"Reviewed today"</button>
                </Show>
                <button type="button" on:click=move |_| export(true)>"Download spreadsheet (.xlsx)"</button>
                <button type="button" on:click=move |_| export(false)>"Download CSV"</button>
                <button type="button" on:click=|_| browser::print()>"Print"</button>
            </div>
            {move || blocked.get().map(|why| view! { <p class="hint" data-testid="approve-blocked">{why}</p> })}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
        <Show when=move || stored.with(|s| s.as_ref().is_some_and(Soa::is_approved))>
            <ReviewInterval workspace=interval_in.clone() stored=stored />
        </Show>
        <Show when=move || stored.with(|s| s.as_ref().is_some_and(|s| !s.is_approved())) && !state.read_only.get()>
            <FillGaps workspace=gaps_in.clone() stored=stored />
        </Show>
        <SoaDiff stored=stored versions=versions />
        <SoaRows workspace=workspace.clone() stored=stored risks=risks />
        <DeleteButton label="Delete this draft" done="Draft deleted." back="/soa" delete=delete
            question=Signal::derive(move || stored.get().map(|s| format!("Delete the draft “{}”?", s.title))) />
        <crate::components::evidence_files::EvidenceFiles workspace=workspace.clone()
            of=praxis_core::isms::action::Serves { kind: Soa::kind(), id: id.clone() } />
        <RecordHistory key=key kind=Soa::KIND noun="this version" />
    }
}

/// Fills what the applicable controls still lack — a reason for inclusion, how far they are
/// implemented — with one choice for all of them, in one write; what a row already says stays.
#[component]
fn FillGaps(workspace: WorkspaceId, stored: Signal<Option<Soa>>) -> impl IntoView {
    let state = use_app_state();
    let reason = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let gaps = move || {
        stored.with(|s| {
            s.as_ref().map_or(0, |s| {
                s.rows
                    .values()
                    .filter(|r| r.applicable && (r.reasons.is_empty() || r.status.is_none()))
                    .count()
            })
        })
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (reason, status) = (
            Reason::parse(&reason.get_untracked()),
            Implementation::parse(&status.get_untracked()),
        );
        if reason.is_none() && status.is_none() {
            error.set(Some(
                "Choose a reason, an implementation, or both.".to_owned(),
            ));
            return;
        }
        let workspace = workspace.clone();
        save_edit(
            state,
            workspace,
            stored,
            |s: &Soa| &s.id,
            move |soa: &mut Soa| {
                for row in soa.rows.values_mut().filter(|r| r.applicable) {
                    if let (Some(reason), true) = (reason, row.reasons.is_empty()) {
                        row.reasons.insert(reason);
                    }
                    row.status = row.status.or(status);
                }
            },
            Some("Gaps filled."),
            Some(error),
        );
    };
    view! {
        <form class="card inline-form no-print" on:submit=apply novalidate aria-labelledby="soa-gaps-title">
            <h2 id="soa-gaps-title" class="visually-hidden">"Fill the gaps"</h2>
            <p class="hint" data-testid="soa-gaps">{move || match gaps() {
                0 => "Every applicable control says why it is included and how far it is implemented.".to_owned(),
                1 => "1 applicable control still lacks a reason or its implementation: fill it below, or choose for every such control at once.".to_owned(),
                n => format!("{n} applicable controls still lack a reason or their implementation: fill them below, or choose for every such control at once."),
            }}</p>
            <div class="field">
                <label for="soa-gap-reason">"Reason for those without one"</label>
                <select id="soa-gap-reason" bind:value=reason>
                    <option value="">"Leave as it is"</option>
                    {Reason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="soa-gap-status">"Implementation for those without one"</label>
                <select id="soa-gap-status" bind:value=status>
                    <option value="">"Leave as it is"</option>
                    {Implementation::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit">"Fill the gaps"</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </form>
    }
}

/// What changed against another version (the one it was started from, at first).
#[component]
fn SoaDiff(stored: Signal<Option<Soa>>, versions: Signal<Vec<Soa>>) -> impl IntoView {
    let chosen = RwSignal::new(
        stored
            .get_untracked()
            .and_then(|s| s.based_on.map(|b| b.to_string()))
            .unwrap_or_default(),
    );
    let others = move || {
        let own = stored.with(|s| s.as_ref().map(|s| s.id.clone()));
        versions.with(|all| {
            all.iter()
                .filter(|v| Some(&v.id) != own.as_ref())
                .map(|v| (v.id.to_string(), v.title.clone()))
                .collect::<Vec<_>>()
        })
    };
    let table = move || {
        let soa = stored.get()?;
        let chosen = chosen.get();
        let other = versions.with(|all| all.iter().find(|v| v.id.as_str() == chosen).cloned())?;
        let found = diff(&other, &soa);
        if found.is_empty() {
            return Some(
                view! { <p class="muted">{format!("No differences from {}.", other.title)}</p> }
                    .into_any(),
            );
        }
        Some(view! {
            <p class="muted" data-testid="soa-diff-count">{match found.len() { 1 => format!("1 difference from {}", other.title), n => format!("{n} differences from {}", other.title) }}</p>
            <div class="table-scroll">
                <table class="table" data-testid="soa-diff">
                    <thead><tr><th scope="col">"Control"</th><th scope="col">"What"</th><th scope="col">{other.title.clone()}</th><th scope="col">{soa.title.clone()}</th></tr></thead>
                    <tbody>
                        {found.into_iter().map(|d| view! {
                            <tr><td>{d.control}</td><td>{d.part.replace('_', " ")}</td><td>{d.before}</td><td>{d.after}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any())
    };
    view! {
        <Show when=move || !others().is_empty()>
            <section class="card no-print" aria-labelledby="soa-diff-title">
                <h2 id="soa-diff-title">"Changes between versions"</h2>
                <div class="field">
                    <label for="soa-compare">"Compare with"</label>
                    <select id="soa-compare" bind:value=chosen>
                        <option value="">"Choose a version"</option>
                        {move || others().into_iter().map(|(id, title)| {
                            let selected = chosen.get_untracked() == id;
                            view! { <option value=id selected=selected>{title}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {table}
            </section>
        </Show>
    }
}

/// How often the approved version is reviewed: choosing another interval moves the next review
/// to one new interval after the last, saved at once.
#[component]
fn ReviewInterval(workspace: WorkspaceId, stored: Signal<Option<Soa>>) -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<String>);
    let months = move || stored.with(|s| s.as_ref().map_or(0, |s| s.review_months));
    let on_change = move |ev: leptos::ev::Event| {
        let Ok(chosen) = event_target_value(&ev).parse::<u16>() else {
            return;
        };
        save_edit(
            state,
            workspace.clone(),
            stored,
            |s| &s.id,
            move |s: &mut Soa| s.set_review_months(chosen),
            Some("Review interval saved."),
            Some(error),
        );
    };
    let choices = [0u16, 3, 6, 12, 24, 36].map(|n| {
        let label = match n {
            0 => "No recurring review".to_owned(),
            n => format!("Every {n} months"),
        };
        view! { <option value=n.to_string() selected=move || months() == n>{label}</option> }
    });
    view! {
        <section class="card no-print" aria-labelledby="soa-interval-title">
            <h2 id="soa-interval-title">"Reviews"</h2>
            <div class="field">
                <label for="soa-review-months">"Review interval"</label>
                <p class="hint">"The next review falls one interval after the last (the approval is the first)."</p>
                <select id="soa-review-months" on:change=on_change disabled=move || state.read_only.get()>
                    {choices}
                </select>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}
