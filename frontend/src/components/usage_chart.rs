//! Usage drawn as SVG, with no charting library: a token's requests per day
//! (OK and Fail stacked), and the inventory's spark lines. Each chart says
//! its numbers in words too (`usage::summarize`), for whoever cannot see it.

use leptos::prelude::*;
use tessera_shared::usage::{DayCount, day_names, describe, summarize};
use tessera_shared::words::count;

use crate::components::short_date;

/// The bar chart's drawing area, in SVG units.
const BAR_STEP: f64 = 20.0;
const BAR_WIDTH: f64 = 14.0;
const LEFT: f64 = 36.0;
const TOP: f64 = 8.0;
const PLOT_HEIGHT: f64 = 120.0;
const BOTTOM: f64 = 22.0;

/// Requests per day, oldest first, OK and Fail stacked, with its summary as
/// the image's name and a table of the days that had requests.
#[component]
pub fn UsageChart(first_day: String, days: Vec<DayCount>) -> impl IntoView {
    let names = day_names(&first_day, days.len());
    let summary = summarize(&first_day, &days);
    let most = days
        .iter()
        .map(|day| day.requests())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = move |count: u32| f64::from(count) * PLOT_HEIGHT / f64::from(most);
    let width = LEFT + BAR_STEP * days.len() as f64;
    let baseline = TOP + PLOT_HEIGHT;
    let bars = days
        .iter()
        .zip(&names)
        .enumerate()
        .filter(|(_, (day, _))| day.requests() > 0)
        .map(|(index, (day, name))| {
            let x = LEFT + BAR_STEP * index as f64 + (BAR_STEP - BAR_WIDTH) / 2.0;
            let ok = scale(day.ok);
            let fail = scale(day.fail);
            view! {
                <g>
                    <title>{format!("{name}: {}", describe(*day))}</title>
                    <rect class="bar-ok" x=x y=baseline - ok width=BAR_WIDTH height=ok/>
                    <rect class="bar-fail" x=x y=baseline - ok - fail width=BAR_WIDTH height=fail/>
                </g>
            }
        })
        .collect_view();
    let day_label = |name: Option<&String>| name.map(|name| short_date(name)).unwrap_or_default();
    let rows = days
        .iter()
        .zip(&names)
        .rev()
        .filter(|(day, _)| day.requests() > 0)
        .map(|(day, name)| {
            view! { <tr><th scope="row">{name.clone()}</th><td>{day.ok}</td><td>{day.fail}</td></tr> }
        })
        .collect_view();
    view! {
        <figure class="usage-chart">
            <svg viewBox=format!("0 0 {width} {}", baseline + BOTTOM) role="img" aria-label=summary.clone()>
                <line class="axis" x1=LEFT y1=baseline x2=width y2=baseline/>
                <text class="tick" x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end">{most}</text>
                <text class="tick" x=LEFT - 6.0 y=baseline text-anchor="end">"0"</text>
                <text class="tick" x=LEFT y=baseline + 16.0>{day_label(names.first())}</text>
                <text class="tick" x=width y=baseline + 16.0 text-anchor="end">{day_label(names.last())}</text>
                {bars}
            </svg>
            <figcaption>
                <span class="legend"><span class="swatch bar-ok"></span>"OK"</span>
                <span class="legend"><span class="swatch bar-fail"></span>"Fail"</span>
                <span class="summary">{summary}</span>
            </figcaption>
            <details>
                <summary>"Requests by day"</summary>
                <table class="usage-numbers">
                    <thead><tr><th scope="col">"Day (UTC)"</th><th scope="col">"OK"</th><th scope="col">"Fail"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="hint-text">"Days not listed had no requests."</p>
            </details>
        </figure>
    }
}

/// Requests per day as a small line, named with its numbers.
#[component]
pub fn SparkLine(requests_by_day: Vec<u32>) -> impl IntoView {
    const WIDTH: f64 = 64.0;
    const HEIGHT: f64 = 18.0;
    let total: u32 = requests_by_day.iter().sum();
    let most = requests_by_day.iter().copied().max().unwrap_or(0);
    let label = match total {
        0 => format!(
            "{}: no requests",
            count(requests_by_day.len() as i64, "day")
        ),
        _ => format!(
            "{}: {}, at most {most} a day",
            count(requests_by_day.len() as i64, "day"),
            count(total, "request")
        ),
    };
    let step = WIDTH / (requests_by_day.len().max(2) - 1) as f64;
    let points = requests_by_day
        .iter()
        .enumerate()
        .map(|(index, count)| {
            let y = HEIGHT - 1.0 - f64::from(*count) * (HEIGHT - 2.0) / f64::from(most.max(1));
            format!("{:.1},{y:.1}", step * index as f64)
        })
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <svg class="spark" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label>
            <polyline points=points/>
        </svg>
    }
}
