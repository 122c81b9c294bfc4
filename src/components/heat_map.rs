//! The risk heat maps, before and after treatment: a table each (likelihood down, highest
//! first; impact across), every cell counting the risks there and coloured by where its score
//! stands against the threshold. Being tables with headers, they read as well without colour.

use leptos::prelude::*;
use leptos_router::components::A;
use praxis_core::isms::risk::Risk;
use praxis_core::isms::risk_method::{Band, RiskMethod};

#[component]
pub fn HeatMaps(method: Signal<RiskMethod>, risks: Signal<Vec<Risk>>) -> impl IntoView {
    let map = move |residual: bool| {
        let method = method.get();
        let (grid, unplaced) = risks.with(|all| {
            let cell = if residual {
                Risk::residual_cell
            } else {
                Risk::inherent_cell
            };
            let cells: Vec<(u8, u8)> = all.iter().filter_map(cell).collect();
            let grid = method.heat_map(cells.iter().copied());
            let placed: usize = grid.iter().flatten().sum();
            (grid, all.len() - placed)
        });
        let (title, filter) = if residual {
            ("Residual risk (after treatment)", "residual")
        } else {
            ("Before treatment", "inherent")
        };
        heat_table(&method, grid, unplaced, title, filter)
    };
    let legend = move || {
        let method = method.get();
        let threshold = method.threshold;
        view! {
            <p class="hint heat-legend">
                {format!("Score = likelihood × impact (the worst of confidentiality, integrity and availability). Acceptance threshold: {threshold}. ")}
                {[Band::Within, Band::Above, Band::High].map(|band| view! {
                    <span class=format!("heat-key band-{}", band.as_str())>{band.label()}</span>" "
                }).collect_view()}
            </p>
        }
    };
    view! {
        <section class="card" aria-labelledby="heat-title">
            <h2 id="heat-title">"Heat maps"</h2>
            {legend}
            <div class="heat-maps">
                {move || map(false)}
                {move || map(true)}
            </div>
        </section>
    }
}

fn heat_table(
    method: &RiskMethod,
    grid: Vec<Vec<usize>>,
    unplaced: usize,
    title: &'static str,
    filter: &'static str,
) -> impl IntoView + use<> {
    let impact_names: Vec<String> = method.impact.names().to_vec();
    let rows: Vec<_> = grid
        .into_iter()
        .enumerate()
        .rev()
        .map(|(l, counts)| {
            let likelihood = l as u8 + 1;
            let name = method.likelihood.name(likelihood).unwrap_or("").to_owned();
            let cells: Vec<_> = counts
                .into_iter()
                .enumerate()
                .map(|(i, count)| {
                    let score = likelihood * (i as u8 + 1);
                    let band = method.band(score);
                    let label = match count {
                        0 => format!("No risks, score {score}"),
                        1 => format!("1 risk, score {score}"),
                        n => format!("{n} risks, score {score}"),
                    };
                    view! {
                        <td class=format!("heat-cell band-{}", band.as_str()) title=label.clone() aria-label=label>
                            {(count > 0).then(|| count.to_string())}
                        </td>
                    }
                })
                .collect();
            view! { <tr><th scope="row">{format!("{likelihood} {name}")}</th>{cells}</tr> }
        })
        .collect();
    let unassessed = (unplaced > 0).then(|| {
        view! {
            <p class="hint">
                <A href=format!("/risks?{filter}=unassessed&state=")>{match unplaced {
                    1 => "1 risk".to_owned(),
                    n => format!("{n} risks"),
                }}</A>
                " not on this map (not assessed yet, or on a level the method no longer has)."
            </p>
        }
    });
    let above = format!("/risks?{filter}=above&state=");
    let high = format!("/risks?{filter}=high&state=");
    view! {
        <figure class="heat-map">
            <table data-testid=format!("heat-{filter}")>
                <caption>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Likelihood \\ impact"</th>
                        {impact_names.into_iter().enumerate().map(|(i, n)| view! { <th scope="col">{format!("{} {n}", i + 1)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <figcaption class="hint">
                <A href=above>"Above the threshold"</A>" · "<A href=high>"High"</A>
            </figcaption>
            {unassessed}
        </figure>
    }
}
