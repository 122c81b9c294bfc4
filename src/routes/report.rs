//! The printable report: cover, summary (blockers counted first), charts, certification
//! blockers, findings, gap list, then every item in detail.
//! "Print → Save as PDF" gives the document; the print stylesheet drops the app's chrome.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::WorkspaceProfile;
use praxis_core::assessment::{Assessment, Finding};
use praxis_core::framework::{Framework, iso20000, iso27001};

use super::assessment::{Editing, use_assessment, with_editing};
use crate::browser;
use crate::components::assessment::blockers::{blocker_count, still_open};
use crate::components::assessment::charts::{GapChart, ProcessHeatmap, RadarChart};
use crate::components::profile_editor::use_profile;
use crate::format;
use crate::state::use_app_state;

#[component]
pub fn Report() -> impl IntoView {
    let (assessment, problem) = use_assessment();
    view! {
        <section class="page page-wide report" aria-labelledby="page-title">
            {with_editing(assessment, problem, |editing| view! { <ReportLoaded editing=editing /> })}
        </section>
    }
}

/// What the cover states, in order: the organisation and the scopes of the standards assessed
/// (from the profile), then the assessment's own settings.
fn cover_facts(assessment: &Assessment, profile: WorkspaceProfile) -> Vec<(&'static str, String)> {
    let covers =
        |framework: &Framework| assessment.frameworks().iter().any(|f| f.id == framework.id);
    let mut facts = vec![("Organisation", or_dash(&profile.organisation))];
    if covers(iso20000()) {
        facts.push(("SMS scope (ISO/IEC 20000-1)", or_dash(&profile.sms_scope)));
    }
    if covers(iso27001()) {
        facts.push(("ISMS scope (ISO/IEC 27001)", or_dash(&profile.isms_scope)));
    }
    facts.extend([
        ("Standard", assessment.frameworks_label()),
        ("Scale", assessment.meta.scale.name().to_owned()),
        ("Date", assessment.meta.date.clone()),
        ("Assessor", or_dash(&assessment.meta.assessor)),
        ("Target level", assessment.meta.target.to_string()),
        ("Scope of this assessment", or_dash(&assessment.meta.scope)),
    ]);
    facts
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}

#[component]
fn ReportLoaded(editing: Editing) -> impl IntoView {
    let state = use_app_state();
    let summary = super::assessment::use_rollup(editing);
    // The cover names the organisation and its scopes as the profile states them.
    let profile = use_profile(state.current.into());
    move || {
        let Some(assessment) = editing.assessment.get() else {
            return view! { <p class="muted">"Loading…"</p> }.into_any();
        };
        let Some(r) = summary.get() else {
            return ().into_any();
        };
        let names = assessment.meta.scale.level_names();
        let level = move |l: Option<u8>| {
            l.map_or_else(
                || "not rated".to_owned(),
                |l| format!("{l} {}", names[usize::from(l)]),
            )
        };
        let blockers = r.blockers.items.iter().filter_map(|b| {
            let s = r.item_of(b)?;
            Some(view! {
                <tr><th scope="row">{r.label(s)}</th><td>{s.title}</td><td>{b.describe()}</td></tr>
            })
        }).collect_view();
        let findings: Vec<_> = r.items.iter().filter(|s| s.finding.is_some_and(|f| f != Finding::Conforms)).map(|s| view! {
            <tr><th scope="row">{r.label(s)}</th><td>{s.title}</td><td>{s.finding.map(Finding::label)}</td><td>{level(s.level)}</td></tr>
        }).collect();
        let finding_counts = Finding::ALL
            .into_iter()
            .map(|f| {
                let n = r.items.iter().filter(|s| s.finding == Some(f)).count();
                format!("{}: {n}", f.label())
            })
            .collect::<Vec<_>>()
            .join(" · ");
        let gaps = r.gaps().into_iter().map(|s| view! {
            <tr><th scope="row">{r.label(s)}</th><td>{s.title}</td><td>{level(s.level)}</td><td>{s.target}</td><td>{s.gap()}</td></tr>
        }).collect_view();
        let details = r.items.iter().map(|s| {
            let answer = assessment.answer(&s.key).cloned().unwrap_or_default();
            let evidence = answer.evidence.iter().map(|e| e.link.as_ref().map_or(e.text.clone(), |l| format!("{} ({l})", e.text))).collect::<Vec<_>>().join("; ");
            let actions = answer.actions.iter().map(|a| format!("{}{}", if a.done { "✓ " } else { "" }, a.text)).collect::<Vec<_>>().join("; ");
            view! {
                <tr>
                    <th scope="row">{r.label(s)}</th>
                    <td>{s.title}</td>
                    <td>{if s.applicable { level(s.level) } else { format!("Not applicable: {}", answer.not_applicable.clone().unwrap_or_default()) }}</td>
                    <td>{s.finding.map_or("not assessed", Finding::label)}</td>
                    <td>{s.target}</td>
                    <td>{answer.owner.clone()}</td>
                    <td>{answer.due.clone().unwrap_or_default()}</td>
                    <td>{answer.notes.clone()}</td>
                    <td>{evidence}</td>
                    <td>{actions}</td>
                </tr>
            }
        }).collect_view();
        view! {
            <div class="report-tools no-print">
                <A href=format!("/assessments/{}", assessment.id)>"Back to the assessment"</A>
                <button type="button" class="primary" on:click=|_| browser::print()>"Print or save as PDF"</button>
            </div>
            <header class="report-cover">
                <p class="muted">"Maturity self-assessment"</p>
                <h1 id="page-title">{assessment.meta.title.clone()}</h1>
                <dl class="facts" data-testid="report-cover">
                    {move || cover_facts(&assessment, profile.get().and_then(Result::ok).unwrap_or_default())
                        .into_iter()
                        .map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> })
                        .collect_view()}
                </dl>
            </header>
            <h2>"Summary"</h2>
            <p class="report-blockers" data-testid="report-blocker-count"><strong>{blocker_count(r.blockers.count())}</strong>{still_open(&r).map(|open| format!(" — {open}"))}</p>
            <p>{format!(
                "{} of {} applicable items rated ({} excluded). Readiness against target: {}. Average level: {}.",
                r.overall.rated, r.overall.items, r.overall.excluded, format::percent(r.overall.readiness),
                r.overall.average.map_or("—".to_owned(), |a| format!("{a:.1}"))
            )}</p>
            <div class="chart-grid">
                <RadarChart rollup=summary />
                <GapChart rollup=summary />
                <ProcessHeatmap rollup=summary />
            </div>
            <h2>"Certification blockers"</h2>
            {if r.blockers.items.is_empty() {
                view! { <p>"Nothing found that would block certification."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <caption class="visually-hidden">"Items that would block certification, with why"</caption>
                        <thead><tr><th scope="col">"Item"</th><th scope="col">"Title"</th><th scope="col">"Why it blocks"</th></tr></thead>
                        <tbody>{blockers}</tbody>
                    </table>
                }.into_any()
            }}
            <h2>"Findings"</h2>
            <p>{finding_counts}</p>
            {if findings.is_empty() {
                view! { <p>"No nonconformity or opportunity for improvement is recorded."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <caption class="visually-hidden">"Nonconformities and opportunities for improvement"</caption>
                        <thead><tr><th scope="col">"Item"</th><th scope="col">"Title"</th><th scope="col">"Finding"</th><th scope="col">"Level"</th></tr></thead>
                        <tbody>{findings}</tbody>
                    </table>
                }.into_any()
            }}
            <h2>"Gap list"</h2>
            <table class="table">
                <caption class="visually-hidden">"Items below target, largest gap first"</caption>
                <thead><tr><th scope="col">"Item"</th><th scope="col">"Title"</th><th scope="col">"Level"</th><th scope="col">"Target"</th><th scope="col">"Gap"</th></tr></thead>
                <tbody>{gaps}</tbody>
            </table>
            <h2>"Every item"</h2>
            <table class="table report-detail">
                <caption class="visually-hidden">"Rating and details of every item"</caption>
                <thead><tr>
                    <th scope="col">"Item"</th><th scope="col">"Title"</th><th scope="col">"Level"</th><th scope="col">"Finding"</th><th scope="col">"Target"</th>
                    <th scope="col">"Owner"</th><th scope="col">"Due"</th><th scope="col">"Notes"</th><th scope="col">"Evidence"</th><th scope="col">"Actions"</th>
                </tr></thead>
                <tbody>{details}</tbody>
            </table>
        }
        .into_any()
    }
}
