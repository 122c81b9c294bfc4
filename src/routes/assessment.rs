//! One assessment: summary, charts, gap list, and every item to rate.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use praxis_core::assessment::{Assessment, AssessmentError, Rollup, rollup_with_documents, to_csv};
use praxis_core::isms::document::document_gaps;
use praxis_core::{RecordId, RecordType, WorkspaceId, field_changes};
use serde_json::Value;

use crate::actions::assessments::{self as actions, answer_field};
use crate::actions::frameworks;
use crate::browser;
use crate::components::assessment::blockers::CertificationBlockers;
use crate::components::assessment::charts::{GapChart, ProcessHeatmap, RadarChart};
use crate::components::assessment::items::ItemList;
use crate::components::record_history::RecordHistory;
use crate::format;
use crate::state::{AppState, Tone, VIEWER_CANNOT_EDIT, use_app_state};
use crate::sync::connection;

/// The assessment being edited, shared with the components that rate items.
#[derive(Debug, Clone, Copy)]
pub struct Editing {
    pub assessment: RwSignal<Option<Assessment>>,
    /// Requirement text the user imported under their own licence, keyed `framework/item`.
    pub licensed: RwSignal<HashMap<String, String>>,
    workspace: StoredValue<WorkspaceId>,
    pub state: AppState,
    queue: StoredValue<Rc<RefCell<SaveQueue>>, LocalStorage>,
}

/// Saves run one at a time. Each saves the fields that differ between what was last saved (or
/// loaded) and the newest state on the page, so only what this page changed is written, and a
/// slow save can never overwrite a newer one; changes made while a save runs go into the next.
/// A failed save keeps its changes and is tried again.
#[derive(Debug, Default)]
struct SaveQueue {
    /// The assessment as last saved or loaded, when changes are waiting.
    base: Option<Assessment>,
    latest: Option<Assessment>,
    /// The change being saved right now (from, to).
    in_flight: Option<(Assessment, Assessment)>,
    /// Long-text fields whose text the person began typing from something other than `base`'s
    /// (the stored text changed under them unseen), with that text.
    started_from: BTreeMap<String, Option<Value>>,
    running: bool,
}

/// `onto` with the fields that differ between `from` and `to` set as in `to`.
fn replay(onto: &Assessment, from: &Assessment, to: &Assessment) -> Option<Assessment> {
    let mut body = onto.to_body();
    let (from, to) = (Value::Object(from.to_body()), Value::Object(to.to_body()));
    for (field, value) in field_changes(Some(&from), Some(&to)) {
        match value {
            Some(value) => body.insert(field, value),
            None => body.remove(&field),
        };
    }
    Assessment::from_body(&onto.id, &body, &onto.catalogue()).ok()
}

/// The notes this page changed from `base` to `latest` that are stored now as another text:
/// each with the text the page started from, so saving keeps the stored one beside it.
fn notes_changed_under(
    base: &Assessment,
    latest: &Assessment,
    stored: &Assessment,
) -> Vec<(String, Option<Value>)> {
    let base = Value::Object(base.to_body());
    let stored = stored.to_body();
    field_changes(Some(&base), Some(&Value::Object(latest.to_body())))
        .into_iter()
        .filter(|(field, _)| Assessment::keeps_versions(field))
        .filter(|(field, _)| stored.get(field) != base.get(field))
        .map(|(field, _)| {
            let started = base.get(&field).cloned();
            (field, started)
        })
        .collect()
}

/// How long to wait before trying a failed save again.
const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

impl Editing {
    /// Applies a change; if the domain accepts it, shows it at once and saves it.
    pub fn change(
        &self,
        f: impl FnOnce(&mut Assessment) -> Result<(), AssessmentError>,
    ) -> Result<(), String> {
        self.change_from(BTreeMap::new(), f)
    }

    /// [`Self::change`] to a long text of an item (`part`: "notes", "not_applicable") that the
    /// person began typing from `started`, when that is no longer the stored text: the newer
    /// stored text, which they have not seen, is then kept beside theirs rather than replaced.
    pub fn change_text_from(
        &self,
        item_key: &str,
        part: &str,
        started: Option<String>,
        f: impl FnOnce(&mut Assessment) -> Result<(), AssessmentError>,
    ) -> Result<(), String> {
        let started_from = started
            .and_then(|text| {
                let field = self.assessment.with_untracked(|a| {
                    a.as_ref()
                        .map(|a| answer_field(&a.answer_key(item_key), part))
                })?;
                Some((field, (!text.is_empty()).then_some(Value::String(text))))
            })
            .into_iter()
            .collect();
        self.change_from(started_from, f)
    }

    /// [`Self::change`] where the person wrote the long-text fields named in `started_from` from
    /// that text, not from the one stored now.
    fn change_from(
        &self,
        started_from: BTreeMap<String, Option<Value>>,
        f: impl FnOnce(&mut Assessment) -> Result<(), AssessmentError>,
    ) -> Result<(), String> {
        let Some(before) = self.assessment.get_untracked() else {
            return Err("The assessment is not loaded.".into());
        };
        // Not even shown: a viewer's page must not look changed when nothing will be saved.
        if connection::is_read_only(&self.workspace.get_value()) {
            return Err(VIEWER_CANNOT_EDIT.into());
        }
        let mut next = before.clone();
        f(&mut next).map_err(|e| e.to_string())?;
        self.assessment.set(Some(next.clone()));
        let queue = self.queue.get_value();
        {
            let mut q = queue.borrow_mut();
            q.base.get_or_insert(before);
            q.latest = Some(next);
            for (field, text) in started_from {
                q.started_from.entry(field).or_insert(text);
            }
        }
        start_saving(self.state, self.workspace.get_value(), queue);
        Ok(())
    }
}

impl Editing {
    /// The workspace the assessment belongs to.
    pub fn workspace(&self) -> WorkspaceId {
        self.workspace.get_value()
    }

    /// The assessment's id once it is loaded (untracked).
    pub fn id(&self) -> Option<RecordId> {
        self.assessment
            .with_untracked(|a| a.as_ref().map(|a| a.id.clone()))
    }

    /// Shows the assessment as stored now (after a save here or an edit in another tab), with
    /// this page's changes that are not stored yet kept on top.
    pub fn rebase(&self, stored: Assessment) {
        let queue = self.queue.get_value();
        let shown = {
            let mut q = queue.borrow_mut();
            let mut shown = stored.clone();
            if let Some((from, to)) = &q.in_flight {
                shown = replay(&shown, from, to).unwrap_or(shown);
            }
            let unseen = match (&q.base, &q.latest) {
                (Some(base), Some(latest)) => notes_changed_under(base, latest, &stored),
                _ => Vec::new(),
            };
            for (field, text) in unseen {
                q.started_from.entry(field).or_insert(text);
            }
            if let (Some(base), Some(latest)) = (&q.base, &q.latest) {
                let rebased = replay(&shown, base, latest).unwrap_or_else(|| latest.clone());
                q.base = Some(shown.clone());
                q.latest = Some(rebased.clone());
                shown = rebased;
            }
            shown
        };
        if self
            .assessment
            .with_untracked(|a| a.as_ref() != Some(&shown))
        {
            self.assessment.set(Some(shown));
        }
    }
}

/// Runs the save loop unless it is running already. The loop owns plain values only: it
/// outlives the page if the user navigates away.
fn start_saving(state: AppState, workspace: WorkspaceId, queue: Rc<RefCell<SaveQueue>>) {
    if std::mem::replace(&mut queue.borrow_mut().running, true) {
        return;
    }
    state.pending_saves.update(|n| *n += 1);
    spawn_local(async move {
        let mut failed = false;
        loop {
            let (base, latest, started_from) = {
                let mut q = queue.borrow_mut();
                match (q.base.take(), q.latest.take()) {
                    (Some(base), Some(latest)) => {
                        q.in_flight = Some((base.clone(), latest.clone()));
                        (base, latest, std::mem::take(&mut q.started_from))
                    }
                    _ => break,
                }
            };
            let saved = actions::save(state, &workspace, Some(&base), &latest, &started_from).await;
            queue.borrow_mut().in_flight = None;
            if let Err(problem) = saved {
                state.report_save_failure(problem);
                // Put the unsaved changes back in front of anything newer.
                let mut q = queue.borrow_mut();
                q.base = Some(base);
                q.latest = Some(q.latest.take().unwrap_or(latest));
                for (field, text) in started_from {
                    q.started_from.entry(field).or_insert(text);
                }
                failed = true;
                break;
            }
            state.clear_save_failure();
        }
        queue.borrow_mut().running = false;
        state.pending_saves.update(|n| *n -= 1);
        // After another tab upgraded the database, only a reload helps: the notice says so, and
        // the changes stay on this page until then.
        if failed && !state.upgrade.get_untracked().needs_reload() {
            set_timeout(move || start_saving(state, workspace, queue), RETRY_AFTER);
        }
    });
}

/// Loads the assessment named in the address into an [`Editing`] handle; `problem` is set when
/// it cannot be loaded. Shared by the assessment, workshop and report pages.
pub fn use_assessment() -> (RwSignal<Option<Assessment>>, RwSignal<Option<String>>) {
    let state = use_app_state();
    let params = use_params_map();
    let assessment = RwSignal::new(None::<Assessment>);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        let Some(workspace) = state.current.get() else {
            return;
        };
        // Read only once every save from a previous page has landed, and only once per id.
        let loaded = assessment.with_untracked(|a| a.as_ref().is_some_and(|a| a.id.as_str() == id));
        if state.pending_saves.get() > 0 || loaded {
            return;
        }
        spawn_local(async move {
            let loaded = match RecordId::parse(&id) {
                Ok(id) => actions::load(state, &workspace, &id).await,
                Err(_) => Err("This address does not name an assessment.".into()),
            };
            match loaded {
                Ok(a) => {
                    assessment.set(Some(a));
                    problem.set(None);
                }
                Err(p) => problem.set(Some(p)),
            }
        });
    });
    (assessment, problem)
}

/// Renders `loaded` with an [`Editing`] in context once a workspace is open and nothing failed.
pub fn with_editing<V: IntoView + 'static>(
    assessment: RwSignal<Option<Assessment>>,
    problem: RwSignal<Option<String>>,
    loaded: impl Fn(Editing) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_app_state();
    move || {
        match (problem.get(), state.current.get()) {
        (Some(p), _) => view! {
            <h1 id="page-title">"Assessment"</h1>
            <div class="card"><p role="alert">{p}</p><A href="/assessments">"All assessments"</A></div>
        }
        .into_any(),
        (None, None) => view! { <h1 id="page-title">"Assessment"</h1><p>"No workspace is open."</p> }.into_any(),
        (None, Some(workspace)) => {
            let licensed = RwSignal::new(HashMap::new());
            let texts_for = workspace.clone();
            spawn_local(async move {
                match frameworks::licensed_texts(state, &texts_for).await {
                    Ok(texts) => licensed.set(texts),
                    Err(problem) => state.notify(Tone::Error, problem),
                }
            });
            let queue = StoredValue::new_local(Rc::default());
            let editing = Editing { assessment, licensed, workspace: StoredValue::new(workspace.clone()), state, queue };
            follow_stored(editing, workspace);
            provide_context(editing);
            loaded(editing).into_any()
        }
    }
    }
}

/// Re-reads the assessment whenever a write touches it (a save here, or an edit in another
/// tab) and shows it with this page's unsaved changes on top.
fn follow_stored(editing: Editing, workspace: WorkspaceId) {
    let state = editing.state;
    Effect::new(move |seen: Option<u64>| {
        let key = editing
            .assessment
            .with_untracked(|a| a.as_ref().map(|a| Assessment::key(&workspace, &a.id)));
        let (serial, hit) = state.touched.with(|(serial, touched)| {
            (
                *serial,
                key.as_ref().is_some_and(|k| touched.records.contains(k)),
            )
        });
        if let (Some(_), true, Some(key)) = (seen, hit, key) {
            spawn_local(async move {
                match actions::load(state, &key.workspace, &key.id).await {
                    Ok(stored) => editing.rebase(stored),
                    Err(problem) => state.notify(Tone::Error, problem),
                }
            });
        }
        serial
    });
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let (assessment, problem) = use_assessment();
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            {with_editing(assessment, problem, |editing| view! { <Loaded editing=editing /> })}
        </section>
    }
}

fn export_csv(editing: Editing) {
    let Some(assessment) = editing.assessment.get_untracked() else {
        return;
    };
    let name = format!(
        "praxis-assessment-{}-{}.csv",
        assessment.meta.date, assessment.id
    );
    let state = editing.state;
    match browser::download(&name, "text/csv;charset=utf-8", &to_csv(&assessment)) {
        Ok(()) => state.notify(Tone::Success, format!("Ratings exported as {name}.")),
        Err(problem) => state.notify(Tone::Error, format!("Export failed: {problem}")),
    }
}

/// The assessment's rollup, with the register's required documents that are missing or not
/// approved among its certification blockers.
pub fn use_rollup(editing: Editing) -> Memo<Option<Rollup>> {
    let documents = super::changes::read_or_empty(super::documents::use_documents());
    let gaps = Memo::new(move |_| documents.with(|all| document_gaps(all)));
    Memo::new(move |_| {
        gaps.with(|gaps| {
            editing
                .assessment
                .with(|a| a.as_ref().map(|a| rollup_with_documents(a, gaps)))
        })
    })
}

#[component]
fn Loaded(editing: Editing) -> impl IntoView {
    let summary = use_rollup(editing);
    // Only a change of settings re-renders the page; ratings update the parts that show them.
    let meta = Memo::new(move |_| {
        editing
            .assessment
            .with(|a| a.as_ref().map(|a| (a.meta.clone(), a.frameworks_label())))
    });
    move || {
        let Some((meta, frameworks_label)) = meta.get() else {
            return view! { <p class="muted">"Loading…"</p> }.into_any();
        };
        view! {
            <p class="breadcrumb"><A href="/assessments">"Assessments"</A></p>
            <h1 id="page-title">{meta.title.clone()}</h1>
            <p class="lead">
                {format!("{} · {} · {} · target level {}", frameworks_label, meta.scale.name(), meta.date, meta.target)}
                {(!meta.assessor.is_empty()).then(|| format!(" · assessor: {}", meta.assessor))}
            </p>
            {(!meta.scope.is_empty()).then(|| view! { <p><strong>"Scope: "</strong>{meta.scope.clone()}</p> })}
            <div class="button-row toolbar">
                <A href="workshop" attr:class="button primary">"Workshop mode"</A>
                <A href="report" attr:class="button">"Report"</A>
                <button type="button" on:click=move |_| export_csv(editing)>"Export CSV"</button>
            </div>
            <div class="stats" role="group" aria-label="Summary">
                <div class="stat" class:stat-alert=move || summary.with(|s| s.as_ref().is_some_and(|r| r.blockers.count() > 0))>
                    <span class="stat-value" data-testid="blockers">{move || summary.with(|s| s.as_ref().map(|r| r.blockers.count().to_string()).unwrap_or_default())}</span>
                    <span class="stat-label">"certification blockers"</span>
                </div>
                <div class="stat">
                    <span class="stat-value" data-testid="progress">{move || summary.with(|s| s.as_ref().map(|r| format!("{} / {}", r.overall.rated, r.overall.items)).unwrap_or_default())}</span>
                    <span class="stat-label">"items rated"</span>
                </div>
                <div class="stat">
                    <span class="stat-value" data-testid="readiness">{move || summary.with(|s| format::percent(s.as_ref().and_then(|r| r.overall.readiness)))}</span>
                    <span class="stat-label">"readiness against target"</span>
                </div>
                <div class="stat">
                    <span class="stat-value">{move || summary.with(|s| s.as_ref().and_then(|r| r.overall.average).map_or("—".to_owned(), |v| format!("{v:.1}")))}</span>
                    <span class="stat-label">"average level"</span>
                </div>
            </div>
            <CertificationBlockers editing=editing rollup=summary />
            <div class="chart-grid">
                <RadarChart rollup=summary />
                <GapChart rollup=summary />
                <ProcessHeatmap rollup=summary />
            </div>
            <ItemList />
            {editing.assessment.with_untracked(|a| a.as_ref().map(|a| a.id.clone())).map(|id| view! {
                <RecordHistory key=Assessment::key(&editing.workspace.get_value(), &id) kind=Assessment::KIND noun="this assessment" />
            })}
        }
        .into_any()
    }
}
