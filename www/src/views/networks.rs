//! The across-networks result: per network, each technology's energy, delay and EDP divided by
//! the baseline's (one table, network rows, a column group per technology), the absolute values
//! (a second table), each technology's area (the same on every network), and the metric the
//! chart shows. Every cell carries the full-precision value in `data-value`, keyed by
//! `data-net`, `data-tech` and `data-key` (the JSON keys of `WorkloadsRecord`).

use leptos::prelude::*;
use nvmcalc::format::{engineering, ratio, sig};
use nvmcalc::study::networks::{NetworkRecord, WorkloadsMetric, WorkloadsRecord, WorkloadsReport};
use wasm_bindgen::JsCast;

use crate::chart::networks as chart;
use crate::label::capacity_label;
use crate::views::table::{failed_list, ScrollBox};

/// The metrics of the tables (area has a table of its own: it does not depend on the network).
const PER_NETWORK: [WorkloadsMetric; 3] = [
    WorkloadsMetric::Energy,
    WorkloadsMetric::Delay,
    WorkloadsMetric::Edp,
];

/// A short name for a column head: the preset name up to its first parenthesis or comma (the
/// whole name is on hover).
fn short_name(name: &str) -> String {
    let s = name.split('(').next().unwrap_or(name);
    s.split(',').next().unwrap_or(s).trim().to_string()
}

/// A square in technology `k`'s chart colour.
fn swatch(report: &WorkloadsReport, k: usize) -> impl IntoView {
    view! { <span class="swatch" aria-hidden="true" style=format!("color: {}", chart::series_css(report, k))>"■ "</span> }
}

/// Separates the column groups of technologies.
const GROUP_EDGE: &str = "border-left: 2px solid var(--line)";

/// The technologies a table shows, with their index (their chart colour): in the normalised
/// table every one but the baseline (whose ratios are all 1).
fn shown(report: &WorkloadsReport, normalised: bool) -> Vec<usize> {
    (0..report.technologies.len())
        .filter(|&k| !normalised || report.technologies[k].id != report.baseline)
        .collect()
}

/// The table header: the network column, then one group per technology.
fn header(
    report: &WorkloadsReport,
    techs: &[usize],
    unit: fn(WorkloadsMetric) -> String,
) -> impl IntoView {
    let groups = techs
        .iter()
        .map(|&k| {
            let t = &report.technologies[k];
            let base = t.id == report.baseline;
            let title = format!("{} — {}", t.name, t.source);
            view! {
                <th scope="colgroup" colspan=PER_NETWORK.len().to_string() title=title style=format!("text-align: center; {GROUP_EDGE}")>
                    <span class="tech-name">{swatch(report, k)}{short_name(&t.name)}</span>
                    <span class="tech-meta">{format!("{} · {}{}", t.memory, capacity_label(t.capacity_kib), if base { " · baseline" } else { "" })}</span>
                </th>
            }
        })
        .collect_view();
    let metrics = techs
        .iter()
        .flat_map(|_| PER_NETWORK.iter().enumerate())
        .map(|(j, m)| {
            let edge = if j == 0 { GROUP_EDGE } else { "" };
            view! { <th scope="col" style=edge>{m.label()}<br /><span class="unit">{unit(*m)}</span></th> }
        })
        .collect_view();
    view! {
        <tr>
            <th scope="col" rowspan="2">"Network"</th>
            {groups}
        </tr>
        <tr>{metrics}</tr>
    }
}

/// What a network ran that is its own: its input, and its note.
fn network_meta(n: &NetworkRecord) -> String {
    match (n.seq_len, n.decode_tokens) {
        (None, _) => "image input".into(),
        (Some(s), None) => format!("sequence {s}"),
        (Some(s), Some(d)) => format!("sequence {s}, {d} decode steps"),
    }
}

/// The row header of a network: its name, its input, and its note; what was run on hover.
fn network_header(n: &NetworkRecord) -> impl IntoView {
    let note = n.note.clone().map(|note| {
        view! { <span class="tech-meta net-note" title=note.clone()>{format!("⚠ {note}")}</span> }
    });
    view! {
        <th scope="row" title=format!("{} — {}", n.workload, n.source)>
            <span class="tech-name">{n.name.clone()}</span>
            <span class="tech-meta">{network_meta(n)}</span>
            {note}
        </th>
    }
}

/// One table cell: the value, full precision in `data-value`, with unit and source on hover.
fn cell(
    n: &NetworkRecord,
    t: &WorkloadsRecord,
    metric: WorkloadsMetric,
    normalised: bool,
    baseline: &str,
    edge: bool,
) -> impl IntoView {
    let absolute = metric.value(t);
    let (key, value, shown) = if normalised {
        let r = metric.ratio(t);
        (metric.ratio_key(), r, ratio(r))
    } else {
        let shown = match metric {
            WorkloadsMetric::Area => format!("{} mm²", sig(absolute)),
            _ => engineering(absolute, metric.unit()),
        };
        (metric.key(), Some(absolute), shown)
    };
    let title = match value {
        Some(x) if normalised => format!(
            "{x} × {baseline}'s {} ({absolute} {} here) — {}. {}",
            metric.label().to_lowercase(),
            metric.unit(),
            n.workload,
            n.source
        ),
        Some(x) => format!("{x} {} — {}. {}", metric.unit(), n.workload, n.source),
        None => "undefined: the baseline's value is zero".into(),
    };
    let raw = value.map(|x| x.to_string()).unwrap_or_default();
    view! {
        <td data-net=n.id.clone() data-tech=t.id.clone() data-key=key data-value=raw title=title class:ratio=normalised style=if edge { GROUP_EDGE } else { "" }>
            {shown}
        </td>
    }
}

/// One table: network rows, a column group per technology; ratios or absolute values.
fn table(report: &WorkloadsReport, id: &'static str, normalised: bool) -> impl IntoView {
    let unit: fn(WorkloadsMetric) -> String = if normalised {
        |_: WorkloadsMetric| "× baseline".to_string()
    } else {
        |m: WorkloadsMetric| m.unit().to_string()
    };
    let techs = shown(report, normalised);
    let rows = report
        .networks
        .iter()
        .map(|n| {
            let cells = techs
                .iter()
                .filter_map(|&k| n.technologies.get(k))
                .flat_map(|t| PER_NETWORK.iter().enumerate().map(move |(j, m)| (t, j, *m)))
                .map(|(t, j, m)| cell(n, t, m, normalised, &report.baseline, j == 0))
                .collect_view();
            view! {
                <tr data-net=n.id.clone()>
                    {network_header(n)}
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let head = header(report, &techs, unit);
    view! {
        <ScrollBox>
            <table id=id class="workloads-table">
                <thead>{head}</thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
    }
}

/// Each technology's area: the same on every network (the caches are designed once).
fn area_table(report: &WorkloadsReport) -> impl IntoView {
    let first = report.networks.first();
    let rows = report
        .technologies
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let r = first.and_then(|n| n.technologies.get(k));
            let area = r.map(|r| r.area_mm2);
            let x = r.and_then(|r| r.area_mm2_vs_baseline);
            let base = t.id == report.baseline;
            view! {
                <tr data-tech=t.id.clone() class:baseline=base>
                    <th scope="row" title=format!("{} — {}", t.name, t.source)>
                        <span class="tech-name">{swatch(report, k)}{crate::label::short_label(&t.name)}</span>
                        <span class="tech-meta">{format!("{} · {}{}", t.memory, capacity_label(t.capacity_kib), if base { " · baseline" } else { "" })}</span>
                    </th>
                    <td data-tech=t.id.clone() data-key="area_mm2" data-value=area.map(|a| a.to_string()).unwrap_or_default()
                        title=area.map(|a| format!("{a} mm² — {}", t.source)).unwrap_or_default()>
                        {area.map(|a| format!("{} mm²", sig(a))).unwrap_or_else(|| "—".into())}
                    </td>
                    <td class="ratio" data-tech=t.id.clone() data-key="area_mm2_vs_baseline" data-value=x.map(|x| x.to_string()).unwrap_or_default()
                        title=x.map(|x| format!("{x} × {}'s area", report.baseline)).unwrap_or_else(|| "undefined: the baseline's value is zero".into())>
                        {ratio(x)}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ScrollBox>
            <table id="workloads-area">
                <thead>
                    <tr>
                        <th scope="col">"Technology"</th>
                        <th scope="col">"Area"</th>
                        <th scope="col" class="ratio">"Area"<br /><span class="unit">"× baseline"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
    }
}

/// Redraws the page's chart (`#chart`) with `report` in the metric chosen.
fn redraw(report: &WorkloadsReport) -> Option<String> {
    let canvas = web_sys::window()?
        .document()?
        .get_element_by_id("chart")?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    // The whole chart again: its title band names the metric too.
    crate::chart::draw(
        &canvas,
        &nvmcalc::outcome::Outcome::Workloads(report.clone()),
    )
    .err()
}

/// The across-networks result.
#[component]
pub fn WorkloadsResults(report: WorkloadsReport) -> impl IntoView {
    let mut setup = report.setup.clone();
    if let Some(first) = setup.get(..1) {
        let upper = first.to_uppercase();
        setup.replace_range(..1, &upper);
    }
    let summary = format!(
        "{setup} — {}; baseline {}. Every cache is designed once; each network runs the traffic of its capacity.",
        report.accounting.text(),
        report.technology_name(&report.baseline)
    );
    let warnings = report.warnings.clone();
    let chart_error = RwSignal::new(None::<String>);
    let for_chart = report.clone();
    let on_metric = move |ev: leptos::ev::Event| {
        if let Some(m) = WorkloadsMetric::from_word(&event_target_value(&ev)) {
            chart::set_metric(m);
            chart_error
                .set(redraw(&for_chart).map(|e| format!("The chart could not be drawn: {e}")));
        }
    };
    let current = chart::metric();
    let metric_options = WorkloadsMetric::ALL
        .iter()
        .map(|(word, m)| {
            let label = format!("{} (× baseline)", m.label());
            view! { <option value=*word selected=*m == current>{label}</option> }
        })
        .collect_view();
    let sources = report
        .networks
        .iter()
        .map(|n| view! { <li data-source=n.id.clone()><strong>{n.name.clone()}</strong>": "{n.source.clone()}</li> })
        .chain(report.technologies.iter().map(|t| {
            view! { <li data-source=t.id.clone()><strong>{t.name.clone()}</strong>": "{t.source.clone()}</li> }
        }))
        .collect_view();
    view! {
        <section aria-labelledby="results-title" id="workloads-view">
            <h2 id="results-title">"Across networks"</h2>
            <p id="workload-summary" class="summary">{summary}</p>
            {crate::views::table::traffic_note(report.traffic_note.clone())}
            {(!warnings.is_empty()).then(|| view! {
                <ul class="warning" id="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            })}
            <p class="summary"><strong>{format!("Each technology divided by {} on each network (below 1× is better)", report.technology_name(&report.baseline))}</strong></p>
            {failed_list(&report.failed, "every network")}
            {(report.technologies.len() < 2).then(|| view! {
                <p class="hint" id="workloads-only-baseline">"Only the baseline is compared: every ratio is 1×. Tick another technology to compare it."</p>
            })}
            {table(&report, "workloads", true)}
            <details class="sources" id="workloads-absolute-details">
                <summary>"Absolute values"</summary>
                {table(&report, "workloads-absolute", false)}
            </details>
            <p class="summary"><strong>"Area (the same on every network: each cache is designed once)"</strong></p>
            {area_table(&report)}
            <details class="sources">
                <summary>"Sources"</summary>
                <ul>{sources}</ul>
            </details>
            <label class="field" style="max-width: 22rem">
                "Chart: metric per network"
                <select id="workloads-metric" on:change=on_metric>{metric_options}</select>
            </label>
            {move || chart_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
