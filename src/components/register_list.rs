//! One list for every register: search, a filter per column that has one, sortable headings,
//! saved views, a count, CSV of what is shown, and a table that draws only the rows in sight
//! once there are many. The page describes its columns and turns its records into
//! [`Row`]s; which rows show, in which order, is `praxis_core::register`'s.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use praxis_core::register::{
    Cell, Column, LANE_MAX_CARDS, Row, SavedViews, VIEW_NAME_MAX_CHARS, View, WINDOW_FROM_ROWS,
    count_text, lanes as board_lanes, shown, to_csv, window,
};

use crate::browser;
use crate::state::{Tone, use_app_state};

/// What a register's list is: names for its ids and texts, and its columns.
#[derive(Debug, Clone, Copy)]
pub struct RegisterSpec {
    /// Prefix of element ids and test ids ("service" gives `service-count`), and the name its
    /// saved views are kept under.
    pub register: &'static str,
    pub singular: &'static str,
    pub plural: &'static str,
    pub caption: &'static str,
    pub search_placeholder: &'static str,
    pub columns: &'static [Column],
    /// Shown in place of the table while the register holds nothing.
    pub empty: &'static str,
    /// For a workflow: its states as a board's lanes (value as rows are tagged under "state",
    /// label), offered beside the table.
    pub board: Option<fn() -> Vec<Lane>>,
}

/// A board's lane: the state's stored value and its label.
pub type Lane = (&'static str, &'static str);

/// A life cycle's states as a board's lanes.
pub fn lanes_of<S: praxis_core::itsm::workflow::Lifecycle>() -> Vec<Lane> {
    S::ALL.iter().map(|s| (s.as_str(), s.label())).collect()
}

/// A filter above the list: its key (as rows are tagged and links name it), label, and
/// choices as (value, label); "" is always the first choice, named `any`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub key: &'static str,
    pub label: &'static str,
    pub any: &'static str,
    pub choices: Vec<(String, String)>,
}

impl Filter {
    /// The Service filter: every service of the catalogue, by name.
    pub fn service(services: &[praxis_core::itsm::service::Service]) -> Self {
        Self {
            key: "service",
            label: "Service",
            any: "Any",
            choices: services
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect(),
        }
    }

    /// A filter over one of a kind's named values (`as_str` the value rows are tagged with).
    pub fn named<T: Copy>(
        key: &'static str,
        label: &'static str,
        all: &[T],
        as_str: fn(T) -> &'static str,
        label_of: fn(T) -> &'static str,
    ) -> Self {
        Self {
            key,
            label,
            any: "Any",
            choices: all
                .iter()
                .map(|v| (as_str(*v).to_owned(), label_of(*v).to_owned()))
                .collect(),
        }
    }

    /// The State filter of a workflow: "Open (not closed)", any `extra` choices, then every
    /// state of its life cycle.
    pub fn states<S: praxis_core::itsm::workflow::Lifecycle>(extra: &[(&str, &str)]) -> Self {
        let first = std::iter::once(&("open", "Open (not closed)")).chain(extra);
        Self {
            key: "state",
            label: "State",
            any: "Any",
            choices: first
                .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
                .chain(
                    S::ALL
                        .iter()
                        .map(|s| (s.as_str().to_owned(), s.label().to_owned())),
                )
                .collect(),
        }
    }

    /// A filter by who owns or handles the records: everyone named, once each by name, then
    /// Nobody (`nobody`: the value of the records naming no one).
    pub fn people<'a>(
        key: &'static str,
        label: &'static str,
        names: impl Iterator<Item = &'a str>,
        nobody: &str,
    ) -> Self {
        Self {
            key,
            label,
            any: "Anyone",
            choices: owners(names, nobody),
        }
    }
}

/// A date cell, sorted by day, marked when overdue.
pub fn date_cell(
    date: Option<praxis_core::date::Date>,
    today: praxis_core::date::Date,
) -> praxis_core::register::Cell {
    use praxis_core::register::Cell;
    match date {
        None => Cell::number("", i64::MAX),
        Some(d) => {
            let cell = Cell::number(d.to_string(), d.days_since_epoch());
            if d < today {
                cell.badge("date-overdue").hint("Overdue")
            } else {
                cell
            }
        }
    }
}

/// The "due" filter: what is overdue, or falls due within 30 days.
pub fn due_filter(label: &'static str) -> Filter {
    Filter {
        key: "due",
        label,
        any: "Any",
        choices: praxis_core::itsm::dues::Timeliness::CHOICES
            .iter()
            .map(|(k, l)| ((*k).to_owned(), (*l).to_owned()))
            .collect(),
    }
}

/// Everyone named in `names`, once each and by name, then `nobody` for the records naming
/// no one: the choices of a filter by owner or assignee.
pub fn owners<'a>(names: impl Iterator<Item = &'a str>, nobody: &str) -> Vec<(String, String)> {
    let mut found: Vec<&str> = names.filter(|n| !n.is_empty()).collect();
    praxis_core::order::sort_by(&mut found, |a, b| {
        a.to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b))
    });
    found.dedup();
    found
        .into_iter()
        .map(|n| (n.to_owned(), n.to_owned()))
        .chain([(nobody.to_owned(), "Nobody".to_owned())])
        .collect()
}

/// Where the list stands with its records.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Loading,
    Failed(String),
    /// Read, and the register holds none.
    Empty,
    Listed,
}

/// The height of a row of a windowed table, as style/main.css sets it.
const ROW_PX: f64 = 42.0;
/// Rows drawn beyond either edge of the visible part.
const OVERSCAN_ROWS: usize = 8;

fn saved_views_key(workspace: &str, register: &str) -> String {
    format!("praxis.views.{workspace}.{register}")
}

#[component]
pub fn RegisterList(
    spec: RegisterSpec,
    /// The register's records as rows, once read (or why they could not be).
    #[prop(into)]
    rows: Signal<Option<Result<Vec<Row>, String>>>,
    #[prop(into)] filters: Signal<Vec<Filter>>,
    /// What the list shows when opened; a link's query (`?service=…&q=…`) changes it.
    default_view: View,
    /// Filters that exist even before their choices are known (so a link can name them).
    filter_keys: &'static [&'static str],
) -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let linked = query.with_untracked(|q| {
        std::iter::once("q")
            .chain(filter_keys.iter().copied())
            .filter_map(|key| Some((key, q.get(key)?)))
            .collect::<Vec<_>>()
    });
    let view = RwSignal::new(
        default_view
            .clone()
            .with_link_choices(linked.iter().map(|(k, v)| (*k, v.as_str())), filter_keys),
    );
    let positions = Memo::new(move |_| {
        rows.with(|rows| match rows {
            Some(Ok(rows)) => view.with(|v| shown(spec.columns, rows, v)),
            _ => Vec::new(),
        })
    });
    // Only whether any row shows rebuilds the table; which rows show only redraws its body.
    let any_shown = Memo::new(move |_| positions.with(|p| !p.is_empty()));
    // Only a change of phase rebuilds the filters and the table: a new read of the records
    // (a save, another tab, sync) must not take the focus from the search box, reset the
    // table's scroll or close the form naming a view.
    let phase = Memo::new(move |_| {
        rows.with(|rows| match rows {
            None => Phase::Loading,
            Some(Err(problem)) => Phase::Failed(problem.clone()),
            Some(Ok(rows)) if rows.is_empty() => Phase::Empty,
            Some(Ok(_)) => Phase::Listed,
        })
    });
    let layout_key = format!("praxis.layout.{}", spec.register);
    // Table or board, remembered on this device per list.
    let board = RwSignal::new(
        spec.board.is_some() && browser::preference(&layout_key).as_deref() == Some("board"),
    );
    let layout = Callback::new(move |on: bool| {
        board.set(on);
        browser::set_preference(&layout_key, on.then_some("board"));
    });
    let layout_toggle = move || {
        spec.board.map(|_| {
            view! {
                <div class="button-row layout-toggle" role="group" aria-label="Layout">
                    <button type="button" aria-pressed=move || (!board.get()).to_string() on:click=move |_| layout.run(false)>"Table"</button>
                    <button type="button" aria-pressed=move || board.get().to_string() on:click=move |_| layout.run(true)>"Board"</button>
                </div>
            }
        })
    };
    let total = move || rows.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(Vec::len));
    let count = move || {
        let total = total().unwrap_or_default();
        count_text(positions.with(Vec::len), total, spec.singular, spec.plural)
    };
    let download = move |_| {
        let text = rows.with(|rows| match rows {
            Some(Ok(rows)) => positions.with(|p| to_csv(spec.columns, rows, p)),
            _ => String::new(),
        });
        let name = format!("praxis-{}.csv", spec.plural.replace(' ', "-"));
        match browser::download(&name, "text/csv;charset=utf-8", &text) {
            Ok(()) => state.notify(Tone::Success, format!("Downloaded {name}.")),
            Err(problem) => state.notify(Tone::Error, problem),
        }
    };
    let filter_bar = move || {
        (phase.get() == Phase::Listed).then(|| {
            view! {
                <div class="filters" role="search">
                    <div class="field">
                        <label for=format!("{}-search", spec.register)>"Search"</label>
                        <input id=format!("{}-search", spec.register) type="search" placeholder=spec.search_placeholder
                            prop:value=move || view.with(|v| v.query.clone())
                            on:input=move |ev| { let text = event_target_value(&ev); view.update(|v| v.query = text); } />
                    </div>
                    {move || filters.get().into_iter().map(|filter| view! { <FilterSelect register=spec.register filter=filter view=view /> }).collect_view()}
                </div>
                <SavedViewsBar register=spec.register view=view default_view=default_view.clone() />
            }
        })
    };
    view! {
        {filter_bar}
        {move || match phase.get() {
            Phase::Loading => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Phase::Failed(problem) => view! { <p class="field-error" role="alert">{problem}</p> }.into_any(),
            Phase::Empty => view! { <div class="card empty-state"><p>{spec.empty}</p></div> }.into_any(),
            Phase::Listed => view! {
                <div class="list-head">
                    <p class="muted" role="status" data-testid=format!("{}-count", spec.register)>{count}</p>
                    <button type="button" class="link-button" on:click=download>"Download CSV"</button>
                </div>
                {layout_toggle}
                {move || any_shown.get().then(|| match (board.get(), spec.board) {
                    (true, Some(lanes)) => view! { <RegisterBoard spec=spec rows=rows positions=positions lanes=lanes() /> }.into_any(),
                    _ => view! { <RegisterTable spec=spec rows=rows positions=positions view=view /> }.into_any(),
                })}
            }.into_any(),
        }}
    }
}

#[component]
fn FilterSelect(register: &'static str, filter: Filter, view: RwSignal<View>) -> impl IntoView {
    let id = format!("{register}-{}", filter.key);
    let key = filter.key;
    view! {
        <div class="field">
            <label for=id.clone()>{filter.label}</label>
            <select id=id on:change=move |ev| { let value = event_target_value(&ev); view.update(|v| v.set_filter(key, &value)); }>
                <option value="" prop:selected=move || view.with(|v| v.filter(key).is_empty())>{filter.any}</option>
                {filter.choices.into_iter().map(|(value, label)| {
                    let chosen = value.clone();
                    view! { <option value=value prop:selected=move || view.with(|v| v.filter(key) == chosen)>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The views saved for this list on this device: pick one, save the current one under a name,
/// delete one after asking.
#[component]
fn SavedViewsBar(
    register: &'static str,
    view: RwSignal<View>,
    default_view: View,
) -> impl IntoView {
    let state = use_app_state();
    let key = move || {
        state
            .current
            .with(|w| saved_views_key(w.as_ref().map_or("", |w| w.as_str()), register))
    };
    let saved = RwSignal::new(SavedViews::parse(
        &browser::preference(&key()).unwrap_or_default(),
    ));
    let store = move |views: SavedViews| {
        browser::set_preference(&key(), Some(&views.to_json()));
        saved.set(views);
    };
    // The saved view the list shows now, if it shows one unchanged.
    let current = Memo::new(move |_| {
        saved.with(|s| view.with(|v| s.iter().find(|sv| &sv.view == v).map(|sv| sv.name.clone())))
    });
    let naming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let pick = move |ev: leptos::ev::Event| {
        let picked = event_target_value(&ev);
        confirming.set(false);
        if picked.is_empty() {
            view.set(default_view.clone());
        } else if let Some(chosen) = saved.with(|s| s.get(&picked).cloned()) {
            view.set(chosen);
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut views = saved.get_untracked();
        match views.save(&name.get_untracked(), view.get_untracked()) {
            Ok(saved_as) => {
                store(views);
                naming.set(false);
                error.set(None);
                state.notify(
                    Tone::Success,
                    format!("View “{saved_as}” saved on this device."),
                );
            }
            Err(problem) => error.set(Some(problem.to_string())),
        }
    };
    let delete = move |_| {
        if let Some(name) = current.get_untracked() {
            let mut views = saved.get_untracked();
            views.remove(&name);
            store(views);
            confirming.set(false);
            state.notify(Tone::Success, format!("View “{name}” deleted."));
        }
    };
    let select_id = format!("{register}-view");
    view! {
        <div class="saved-views">
            <label for=select_id.clone()>"View"</label>
            <select id=select_id on:change=pick>
                <option value="" prop:selected=move || current.with(Option::is_none)>"As opened"</option>
                {move || saved.get().iter().map(|sv| {
                    let name = sv.name.clone();
                    view! { <option value=name.clone() prop:selected=move || current.with(|c| c.as_deref() == Some(name.as_str()))>{sv.name.clone()}</option> }
                }).collect_view()}
            </select>
            <button type="button" class="link-button" on:click=move |_| { name.set(current.get_untracked().unwrap_or_default()); naming.set(true); }>"Save view…"</button>
            {move || (current.with(Option::is_some) && !confirming.get()).then(|| view! {
                <button type="button" class="link-button" on:click=move |_| confirming.set(true)>"Delete view"</button>
            })}
            {move || confirming.get().then(|| view! {
                <span role="group" aria-label="Confirm deleting the view">
                    {move || format!("Delete the view “{}”? ", current.get().unwrap_or_default())}
                    <button type="button" class="danger" on:click=delete>"Delete"</button>
                    <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                </span>
            })}
        </div>
        {move || naming.get().then(|| view! {
            <form class="saved-views" on:submit=save novalidate>
                <label for=format!("{register}-view-name")>"Name this view"</label>
                <input id=format!("{register}-view-name") type="text" maxlength=VIEW_NAME_MAX_CHARS bind:value=name />
                <button type="submit" class="primary">"Save"</button>
                <button type="button" on:click=move |_| { naming.set(false); error.set(None); }>"Cancel"</button>
                <span class="field-error" role="alert">{move || error.get()}</span>
            </form>
        })}
    }
}

/// The rows shown as a board: a lane per state, each card the row's first cell (its link) with
/// the other cells but the state beneath; past [`LANE_MAX_CARDS`] a lane counts the rest.
#[component]
fn RegisterBoard(
    spec: RegisterSpec,
    rows: Signal<Option<Result<Vec<Row>, String>>>,
    positions: Memo<Vec<usize>>,
    lanes: Vec<Lane>,
) -> impl IntoView {
    let values: Vec<&'static str> = lanes.iter().map(|(value, _)| *value).collect();
    let state_column = spec.columns.iter().position(|c| c.key == "state");
    move || {
        rows.with(|rows| {
            let Some(Ok(rows)) = rows else {
                return ().into_any();
            };
            let grouped = positions.with(|p| board_lanes(rows, p, "state", &values));
            let card = |row: &Row| {
                let mut cells = row.cells.iter().enumerate();
                let first = cells.next().map(|(_, c)| c.clone());
                let rest: Vec<String> = cells
                    .filter(|(i, c)| Some(*i) != state_column && !c.text.trim().is_empty())
                    .map(|(_, c)| c.text.clone())
                    .collect();
                let (title, href) = first.map_or_else(Default::default, |c| (c.text, c.href.unwrap_or_default()));
                view! {
                    <li><A href=href>{title}</A><span class="hint">{rest.join(" · ")}</span></li>
                }
            };
            view! {
                <div class="board" data-testid=format!("{}-board", spec.register)>
                    {lanes.iter().zip(grouped).map(|((_, label), lane)| {
                        let more = lane.len().saturating_sub(LANE_MAX_CARDS);
                        view! {
                            <section class="lane" aria-label=*label>
                                <h3>{*label}" "<span class="lane-count">{lane.len()}</span></h3>
                                <ul>{lane.iter().take(LANE_MAX_CARDS).map(|&p| card(&rows[p])).collect_view()}</ul>
                                {(more > 0).then(|| view! { <p class="hint">{format!("and {more} more: narrow the search or the filters")}</p> })}
                            </section>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        })
    }
}

#[component]
fn RegisterTable(
    spec: RegisterSpec,
    rows: Signal<Option<Result<Vec<Row>, String>>>,
    positions: Memo<Vec<usize>>,
    view: RwSignal<View>,
) -> impl IntoView {
    let scroll_top = RwSignal::new(0.0_f64);
    // Until the table is measured: more than 70 % of most screens' height (drawing a few rows
    // too many is cheap; a gap is not).
    let viewport = RwSignal::new(1_000.0_f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        if let Some(element) = scroller.get() {
            viewport.set(visible_height(&element));
        }
    });
    // Another search, filter or sort starts again from the top, as a new list would.
    Effect::new(move |previous: Option<()>| {
        view.track();
        if previous.is_some() {
            if let Some(element) = scroller.get_untracked() {
                element.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });
    let windowed = move || positions.with(Vec::len) > WINDOW_FROM_ROWS;
    let range = move || {
        let total = positions.with(Vec::len);
        if total > WINDOW_FROM_ROWS {
            window(
                total,
                ROW_PX,
                scroll_top.get(),
                viewport.get(),
                OVERSCAN_ROWS,
            )
        } else {
            0..total
        }
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        let target: web_sys::Element = event_target(&ev);
        scroll_top.set(f64::from(target.scroll_top()));
        viewport.set(visible_height(&target));
    };
    let spacer = move |rows_hidden: usize| {
        (rows_hidden > 0).then(|| {
            view! {
                <tr class="spacer" aria-hidden="true" style:height=format!("{}px", rows_hidden as f64 * ROW_PX)>
                    <td colspan=spec.columns.len()></td>
                </tr>
            }
        })
    };
    let body = move || {
        let range = range();
        let total = positions.with(Vec::len);
        let drawn = rows.with(|rows| {
            let Some(Ok(rows)) = rows else {
                return Vec::new();
            };
            positions.with(|p| {
                p[range.clone()]
                    .iter()
                    .zip(range.clone())
                    .map(|(&at, index)| row_view(&rows[at], index))
                    .collect::<Vec<_>>()
            })
        });
        view! { {spacer(range.start)} {drawn} {spacer(total - range.end)} }
    };
    view! {
        <div class="card table-scroll" node_ref=scroller class:windowed=windowed tabindex=move || windowed().then_some("0")
            on:scroll=on_scroll aria-label=spec.caption>
            <table class="table register-table" aria-rowcount=move || positions.with(Vec::len) + 1>
                <caption class="visually-hidden">{spec.caption}</caption>
                <thead><tr aria-rowindex="1">
                    {spec.columns.iter().map(|column| {
                        let key = column.key;
                        let sorted = move || view.with(|v| v.sort.as_ref().filter(|s| s.column == key).map(|s| s.descending));
                        view! {
                            <th scope="col" aria-sort=move || match sorted() { None => "none", Some(false) => "ascending", Some(true) => "descending" }>
                                <button type="button" class="sort" on:click=move |_| view.update(|v| v.toggle_sort(key))>
                                    {column.label}
                                    <span aria-hidden="true">{move || match sorted() { None => "", Some(false) => " ▲", Some(true) => " ▼" }}</span>
                                </button>
                            </th>
                        }
                    }).collect_view()}
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// How much of a table's scroll box can be in sight: its own height, but never more than the
/// window's (a box its style does not limit is as tall as all its rows).
fn visible_height(element: &web_sys::Element) -> f64 {
    let window = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(1_000.0);
    f64::from(element.client_height()).clamp(ROW_PX, window.max(ROW_PX))
}

fn row_view(row: &Row, index: usize) -> impl IntoView + use<> {
    let mut cells = row.cells.iter();
    let first = cells
        .next()
        .map(|cell| view! { <th scope="row">{cell_view(cell)}</th> });
    let rest: Vec<_> = cells
        .map(|cell| view! { <td>{cell_view(cell)}</td> })
        .collect();
    view! { <tr aria-rowindex=index + 2>{first}{rest}</tr> }
}

fn cell_view(cell: &Cell) -> impl IntoView + use<> {
    let text = if cell.text.trim().is_empty() {
        "—".to_owned()
    } else {
        cell.text.clone()
    };
    let shown = match (&cell.href, &cell.badge) {
        (Some(href), _) => view! { <A href=href.clone()>{text}</A> }.into_any(),
        (None, Some(class)) => {
            view! { <span class=format!("badge {class}")>{text}</span> }.into_any()
        }
        (None, None) => text.into_any(),
    };
    let hint = cell
        .hint
        .clone()
        .map(|hint| view! { <span class="hint">{format!(" {hint}")}</span> });
    view! { {shown}{hint} }
}
