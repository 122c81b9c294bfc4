//! Charts as inline SVG, each with the same numbers as a table for screen readers and print.

use crate::format;
use leptos::prelude::*;
use praxis_core::assessment::{Rollup, Summary};

fn summary_table(caption: &'static str, rows: Vec<Summary>) -> impl IntoView {
    view! {
        <details class="as-table">
            <summary>"Show as a table"</summary>
            <table class="table">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">"Group"</th><th scope="col">"Rated"</th><th scope="col">"Average level"</th><th scope="col">"Readiness"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|s| view! {
                        <tr><th scope="row">{s.label}</th><td>{format!("{} of {}", s.rated, s.items)}</td><td>{format::level(s.average)}</td><td>{format::percent(s.readiness)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// A point on the radar for value 0–5 on axis `i` of `n`.
fn radar_point(i: usize, n: usize, value: f64) -> (f64, f64) {
    let angle = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
    let radius = 100.0 * value / 5.0;
    // The browser's sin and cos (Chromium's, like Rust's, are fdlibm's; the points are printed to
    // 0.1 anyway): Rust's own would add 7 kB of libm (argument reduction and its table).
    (
        150.0 + radius * js_sys::Math::cos(angle),
        130.0 + radius * js_sys::Math::sin(angle),
    )
}

fn polygon(values: &[f64]) -> String {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (x, y) = radar_point(i, values.len(), *v);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Average level per clause group against the target, as a radar.
#[component]
pub fn RadarChart(rollup: Memo<Option<Rollup>>) -> impl IntoView {
    move || {
        let Some(r) = rollup.get() else {
            return ().into_any();
        };
        let groups: Vec<Summary> = r
            .by_clause
            .iter()
            .filter(|s| s.items > 0)
            .cloned()
            .collect();
        let integrated = r.by_framework.len() > 1;
        let n = groups.len().max(3);
        let levels: Vec<f64> = groups.iter().map(|s| s.average.unwrap_or(0.0)).collect();
        let target = r.items.first().map_or(3.0, |s| f64::from(s.target));
        let targets = vec![target; groups.len()];
        let rings = (1..=5)
            .map(|l| polygon(&vec![f64::from(l); n]))
            .collect::<Vec<_>>();
        let labels = groups
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (x, y) = radar_point(i, n, 5.9);
                let number = s.label.split_whitespace().next().unwrap_or_default();
                // Clause numbers repeat across the two standards; say which system they belong to.
                let short = match s.id.split('/').next() {
                    Some("iso20000-1:2018") if integrated => format!("SMS {number}"),
                    Some("iso27001:2022") if integrated && !number.starts_with('A') => format!("ISMS {number}"),
                    _ => number.to_owned(),
                };
                view! { <text x=format!("{x:.1}") y=format!("{y:.1}") class="axis-label" text-anchor="middle" dominant-baseline="middle">{short}</text> }
            })
            .collect_view();
        // In the table and the description too, a clause says which standard it belongs to.
        let groups: Vec<Summary> = groups
            .into_iter()
            .map(|s| match s.id.split('/').next() {
                Some(framework) if integrated && !s.label.starts_with('A') => {
                    let standard = if framework == "iso20000-1:2018" {
                        "ISO/IEC 20000-1"
                    } else {
                        "ISO/IEC 27001"
                    };
                    Summary {
                        label: format!("{standard} {}", s.label),
                        ..s
                    }
                }
                _ => s,
            })
            .collect();
        let description = format!(
            "Radar of average level by clause: {}",
            groups
                .iter()
                .map(|s| format!("{} {}", s.label, format::level(s.average)))
                .collect::<Vec<_>>()
                .join("; ")
        );
        view! {
            <figure class="card chart">
                <figcaption>"Average level by clause"</figcaption>
                <svg viewBox="0 0 300 260" role="img" aria-label=description>
                    {rings.into_iter().map(|points| view! { <polygon points=points class="grid" /> }).collect_view()}
                    <polygon points=polygon(&targets) class="target" />
                    <polygon points=polygon(&levels) class="actual" />
                    {labels}
                </svg>
                <p class="legend"><span class="swatch actual"></span>"current" <span class="swatch target"></span>"target"</p>
                {summary_table("Average level and readiness by clause", groups)}
            </figure>
        }
        .into_any()
    }
}

/// The largest gaps as horizontal bars.
#[component]
pub fn GapChart(rollup: Memo<Option<Rollup>>) -> impl IntoView {
    const SHOWN: usize = 12;
    move || {
        let Some(r) = rollup.get() else {
            return ().into_any();
        };
        // (short label for the bars, full label, title, gap): "27001 9.1" where two standards
        // share a number, "ISO/IEC 27001:2022 9.1" where there is room.
        let gaps: Vec<(String, String, String, u8)> = r
            .gaps()
            .into_iter()
            .take(SHOWN)
            .map(|s| (r.short_label(s), r.label(s), s.title.to_owned(), s.gap()))
            .collect();
        let total = r.gaps().len();
        if gaps.is_empty() {
            return view! { <figure class="card chart"><figcaption>"Largest gaps"</figcaption><p>"No gaps: every applicable item is at or above target."</p></figure> }.into_any();
        }
        let height = 22 * gaps.len() + 10;
        let bars = gaps
            .iter()
            .enumerate()
            .map(|(i, (short, _, _, gap))| {
                let y = 5 + 22 * i;
                view! {
                    <text x="74" y=(y + 14).to_string() class="axis-label" text-anchor="end">{short.clone()}</text>
                    <rect x="80" y=y.to_string() width=(f64::from(*gap) * 40.0).to_string() height="16" class="bar" />
                    <text x=(86.0 + f64::from(*gap) * 40.0).to_string() y=(y + 13).to_string() class="bar-label">{gap.to_string()}</text>
                }
            })
            .collect_view();
        let description = format!(
            "Bar chart of the {} largest gaps: {}",
            gaps.len(),
            gaps.iter()
                .map(|(_, label, _, g)| format!("{label} {g}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        view! {
            <figure class="card chart">
                <figcaption>{format!("Largest gaps ({} items below target)", total)}</figcaption>
                <svg viewBox=format!("0 0 300 {height}") role="img" aria-label=description>{bars}</svg>
                <details class="as-table">
                    <summary>"Show as a table"</summary>
                    <table class="table">
                        <caption>"Largest gaps, in levels below target"</caption>
                        <thead><tr><th scope="col">"Item"</th><th scope="col">"Title"</th><th scope="col">"Gap"</th></tr></thead>
                        <tbody>{gaps.into_iter().map(|(_, label, title, gap)| view! { <tr><th scope="row">{label}</th><td>{title}</td><td>{gap}</td></tr> }).collect_view()}</tbody>
                    </table>
                </details>
            </figure>
        }
        .into_any()
    }
}

/// ISO/IEC 20000-1 clause-8 process groups, one row each, one cell per item coloured by level.
#[component]
pub fn ProcessHeatmap(rollup: Memo<Option<Rollup>>) -> impl IntoView {
    move || {
        let Some(r) = rollup.get() else {
            return ().into_any();
        };
        if r.by_process.is_empty() {
            return ().into_any();
        }
        let rows = r
            .by_process
            .iter()
            .enumerate()
            .map(|(row, group)| {
                let prefix = format!("{}.", group.id.rsplit('/').next().unwrap_or_default());
                let cells = r
                    .items
                    .iter()
                    .filter(|s| s.framework == "iso20000-1:2018" && s.item_id.starts_with(&prefix))
                    .enumerate()
                    .map(|(col, s)| {
                        let class = match s.level {
                            None => "heat-none".to_owned(),
                            Some(level) => format!("heat-{level}"),
                        };
                        let tip = format!("{} {}: {}", s.item_id, s.title, s.level.map_or("not rated".to_owned(), |l| format!("level {l}")));
                        view! { <rect x=(146 + col * 30).to_string() y=(4 + row * 26).to_string() width="26" height="22" rx="3" class=class><title>{tip}</title></rect> }
                    })
                    .collect_view();
                let short = group.label.chars().take(28).collect::<String>();
                view! {
                    <text x="140" y=(19 + row * 26).to_string() class="axis-label" text-anchor="end">{short}</text>
                    {cells}
                }
            })
            .collect_view();
        let description = format!(
            "Heatmap of clause 8 processes: {}",
            r.by_process
                .iter()
                .map(|s| format!("{} readiness {}", s.label, format::percent(s.readiness)))
                .collect::<Vec<_>>()
                .join("; ")
        );
        view! {
            <figure class="card chart">
                <figcaption>"Clause 8 processes"</figcaption>
                <svg viewBox=format!("0 0 360 {}", 8 + 26 * r.by_process.len()) role="img" aria-label=description>{rows}</svg>
                <p class="legend">"Darker is a higher level; grey is not rated."</p>
                {summary_table("Readiness of the clause 8 process groups", r.by_process.clone())}
            </figure>
        }
        .into_any()
    }
}
