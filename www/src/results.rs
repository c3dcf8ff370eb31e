//! The result views, one per analysis, and the exports. Every number comes from the core's
//! [`Outcome`] records; each table cell carries the full-precision value in `data-value` (read by
//! the end-to-end tests, which compare it with the CLI's JSON).

use leptos::prelude::*;
use nvmcalc::format::kib_label;
use nvmcalc::format::{ratio, sig, time_label};
use nvmcalc::outcome::Outcome;
use nvmcalc::report::{ComparisonReport, TechnologyRecord};
use nvmcalc::report::{IsoAreaRecord, IsoAreaReport, ScalingReport};

use crate::details::DetailsResults;
use crate::share::Downloads;
use crate::workloads_view::WorkloadsResults;

/// How a number is shown.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// 4 significant digits.
    Sig,
    /// `0.42×`, shaded as a ratio column.
    Ratio,
    /// A capacity in KiB shown with binary prefixes.
    Capacity,
    /// A whole number.
    Whole,
}

/// One numeric column of a table: JSON key, header, unit, value, how it is shown.
struct Column<R> {
    key: &'static str,
    header: &'static str,
    unit: &'static str,
    value: fn(&R) -> Option<f64>,
    shown: Shown,
}

const fn col<R>(
    key: &'static str,
    header: &'static str,
    unit: &'static str,
    value: fn(&R) -> Option<f64>,
    shown: Shown,
) -> Column<R> {
    Column {
        key,
        header,
        unit,
        value,
        shown,
    }
}

/// Iso-capacity: the cache's own figures and the workload totals.
const ABSOLUTE: [Column<TechnologyRecord>; 10] = [
    col("area_mm2", "Area", "mm²", |t| Some(t.area_mm2), Shown::Sig),
    col(
        "read_latency_ns",
        "Read latency",
        "ns",
        |t| Some(t.read_latency_ns),
        Shown::Sig,
    ),
    col(
        "write_latency_ns",
        "Write latency",
        "ns",
        |t| Some(t.write_latency_ns),
        Shown::Sig,
    ),
    col(
        "read_energy_pj",
        "Read energy",
        "pJ",
        |t| Some(t.read_energy_pj),
        Shown::Sig,
    ),
    col(
        "write_energy_pj",
        "Write energy",
        "pJ",
        |t| Some(t.write_energy_pj),
        Shown::Sig,
    ),
    col(
        "leakage_mw",
        "Leakage",
        "mW",
        |t| Some(t.leakage_mw),
        Shown::Sig,
    ),
    col("energy_j", "Energy", "J", |t| Some(t.energy_j), Shown::Sig),
    col("delay_s", "Delay", "s", |t| Some(t.delay_s), Shown::Sig),
    col("edp_js", "EDP", "J·s", |t| Some(t.edp_js), Shown::Sig),
    col(
        "edap_js_mm2",
        "EDAP",
        "J·s·mm²",
        |t| Some(t.edap_js_mm2),
        Shown::Sig,
    ),
];

/// Iso-capacity on a network workload: what the traffic model adds.
const NETWORK: [Column<TechnologyRecord>; 3] = [
    col(
        "dram_bytes",
        "DRAM traffic",
        "B",
        |t| t.dram_bytes,
        Shown::Sig,
    ),
    col(
        "dram_energy_j",
        "DRAM energy",
        "J",
        |t| Some(t.dram_energy_j),
        Shown::Sig,
    ),
    col(
        "write_stall_s",
        "Write stall",
        "s",
        |t| t.write_stall_s,
        Shown::Sig,
    ),
];

/// Iso-capacity: ratios to the baseline.
const RATIOS: [Column<TechnologyRecord>; 5] = [
    col(
        "energy_j_vs_baseline",
        "Energy",
        "× baseline",
        |t| t.energy_j_vs_baseline,
        Shown::Ratio,
    ),
    col(
        "delay_s_vs_baseline",
        "Delay",
        "× baseline",
        |t| t.delay_s_vs_baseline,
        Shown::Ratio,
    ),
    col(
        "edp_js_vs_baseline",
        "EDP",
        "× baseline",
        |t| t.edp_js_vs_baseline,
        Shown::Ratio,
    ),
    col(
        "edap_js_mm2_vs_baseline",
        "EDAP",
        "× baseline",
        |t| t.edap_js_mm2_vs_baseline,
        Shown::Ratio,
    ),
    col(
        "area_mm2_vs_baseline",
        "Area",
        "× baseline",
        |t| t.area_mm2_vs_baseline,
        Shown::Ratio,
    ),
];

/// Iso-area: each cell's L2 in the baseline's area.
const ISO_AREA: [Column<IsoAreaRecord>; 10] = [
    col(
        "slices",
        "Slices",
        "",
        |t| Some(f64::from(t.slices)),
        Shown::Whole,
    ),
    col(
        "capacity_kib",
        "Capacity",
        "",
        |t| Some(t.capacity_kib),
        Shown::Capacity,
    ),
    col(
        "capacity_vs_baseline",
        "Capacity",
        "× baseline",
        |t| Some(t.capacity_vs_baseline),
        Shown::Ratio,
    ),
    col("area_mm2", "Area", "mm²", |t| Some(t.area_mm2), Shown::Sig),
    col(
        "dram_bytes_vs_baseline",
        "DRAM bytes",
        "× baseline",
        |t| t.dram_bytes_vs_baseline,
        Shown::Ratio,
    ),
    col(
        "write_stall_s",
        "Write stall",
        "s",
        |t| Some(t.write_stall_s),
        Shown::Sig,
    ),
    col("energy_j", "Energy", "J", |t| Some(t.energy_j), Shown::Sig),
    col("delay_s", "Delay", "s", |t| Some(t.delay_s), Shown::Sig),
    col("edp_js", "EDP", "J·s", |t| Some(t.edp_js), Shown::Sig),
    col(
        "edp_vs_baseline",
        "EDP",
        "× baseline",
        |t| t.edp_vs_baseline,
        Shown::Ratio,
    ),
];

/// A capacity in KiB shown with binary prefixes, as the core prints capacities.
pub fn capacity_label(kib: f64) -> String {
    if kib.fract() == 0.0 && kib >= 0.0 {
        if let Some(c) = nvmcalc::units::Capacity::from_kib(kib as u64) {
            return c.to_string();
        }
    }
    format!("{kib} KiB")
}

fn header_cells<R>(columns: &[&Column<R>]) -> impl IntoView {
    columns
        .iter()
        .map(|c| {
            let ratio_col = c.shown == Shown::Ratio;
            view! {
                <th scope="col" class:ratio=ratio_col>
                    {c.header}
                    <br />
                    <span class="unit">{c.unit}</span>
                </th>
            }
        })
        .collect_view()
}

/// The cells of one row; `tip` says where an absolute value comes from.
fn value_cells<R>(columns: &[&Column<R>], record: &R, tip: &str) -> impl IntoView {
    columns
        .iter()
        .map(|c| {
            let v = (c.value)(record);
            let raw = v.map(|x| x.to_string()).unwrap_or_default();
            let ratio_col = c.shown == Shown::Ratio;
            let shown = match (c.shown, v) {
                (Shown::Ratio, _) => ratio(v),
                (_, None) => "—".into(),
                (Shown::Sig, Some(x)) => sig(x),
                (Shown::Capacity, Some(x)) => capacity_label(x),
                (Shown::Whole, Some(x)) => format!("{x}"),
            };
            let title = match v {
                Some(x) if ratio_col => {
                    format!("{x} × the baseline's {}", c.header.to_lowercase())
                }
                Some(x) => format!("{x} {} — {tip}", c.unit),
                None => "undefined: the baseline's value is zero".into(),
            };
            view! {
                <td data-key=c.key data-value=raw title=title class:ratio=ratio_col>
                    {shown}
                </td>
            }
        })
        .collect_view()
}

/// The result of any analysis, with its exports.
#[component]
pub fn OutcomeView(outcome: Outcome) -> impl IntoView {
    let exports = view! { <Exports outcome=outcome.clone() /> };
    let body = match outcome {
        Outcome::IsoCapacity(r) => view! { <IsoCapacityResults report=r /> }.into_any(),
        Outcome::IsoArea(r) => view! { <IsoAreaResults report=r /> }.into_any(),
        Outcome::Scaling(r) => view! { <ScalingResults report=r /> }.into_any(),
        Outcome::Details(r) => view! { <DetailsResults report=r /> }.into_any(),
        Outcome::Workloads(r) => view! { <WorkloadsResults report=r /> }.into_any(),
    };
    view! { {body} {exports} }
}

/// Download links for the report as JSON and CSV (the CLI's `--format json|csv`), and the JSON
/// itself in the page for scripts.
#[component]
fn Exports(outcome: Outcome) -> impl IntoView {
    let json = outcome.to_json();
    let csv = outcome.to_csv();
    view! {
        <Downloads id="export" file="nvmcalc" json=json.clone() csv=csv command="nvmcalc compare --format json|csv" />
        <script type="application/json" id="outcome-json">{json}</script>
    }
}

#[component]
fn IsoCapacityResults(report: ComparisonReport) -> impl IntoView {
    let w = &report.workload;
    let summary = format!(
        "{} — {} reads and {} writes of {} B, {} run. {}.",
        w.name,
        sig(w.reads),
        sig(w.writes),
        w.access_bytes,
        time_label(w.execution_time_s),
        report.accounting.text()
    );
    let derivation = w.derivation.clone();
    let network = report
        .technologies
        .iter()
        .any(|t| t.write_stall_s.is_some() || t.dram_bytes.is_some());
    let columns: Vec<&Column<TechnologyRecord>> = ABSOLUTE
        .iter()
        .chain(NETWORK.iter().filter(|_| network))
        .chain(RATIOS.iter())
        .collect();
    let header = header_cells(&columns);
    let rows = report
        .technologies
        .iter()
        .map(|t| {
            let is_base = t.id == report.baseline;
            let cells = value_cells(&columns, t, &t.source);
            let node = t.node_nm.map(|n| format!(" · {n} nm")).unwrap_or_default();
            let traffic = t
                .traffic_l2_kib
                .map(|k| format!(" · traffic of a {} L2", capacity_label(k)))
                .unwrap_or_default();
            view! {
                <tr data-tech=t.id.clone() class:baseline=is_base>
                    <th scope="row" title=t.notes.clone().unwrap_or_default()>
                        <span class="tech-name">{t.name.clone()}</span>
                        <span class="tech-meta">{format!("{} · {}{node}{}", t.memory, capacity_label(t.capacity_kib), if is_base { " · baseline" } else { "" })}</span>
                        {(!traffic.is_empty()).then(|| view! { <span class="tech-meta">{traffic.trim_start_matches(" · ").to_string()}</span> })}
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let warnings = report.warnings.clone();
    let sources = report
        .technologies
        .iter()
        .map(|t| {
            let notes = t.notes.clone().map(|n| view! { <br /><span class="tech-notes">"Conditions: "{n}</span> });
            view! { <li data-source=t.id.clone()><strong>{t.name.clone()}</strong>": "{t.source.clone()}{notes}</li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="results-title">
            <h2 id="results-title">"Iso-capacity comparison"</h2>
            <p id="workload-summary" class="summary">{summary}</p>
            {(!derivation.is_empty()).then(|| view! { <p id="workload-derivation" class="derivation">{derivation}</p> })}
            {(!warnings.is_empty()).then(|| view! {
                <ul class="warning" id="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            })}
            <div class="table-scroll">
                <table id="results">
                    <thead>
                        <tr>
                            <th scope="col">"Technology"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <details class="sources">
                <summary>"Sources"</summary>
                <ul>
                    {sources}
                    <li><strong>{format!("Workload {}", report.workload.name)}</strong>": "{report.workload.source.clone()}</li>
                </ul>
            </details>
        </section>
    }
}

#[component]
fn IsoAreaResults(report: IsoAreaReport) -> impl IntoView {
    let columns: Vec<&Column<IsoAreaRecord>> = ISO_AREA.iter().collect();
    let header = header_cells(&columns);
    let baseline_name = report
        .technologies
        .iter()
        .find(|t| t.id == report.baseline)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| report.baseline.clone());
    let rows = report
        .technologies
        .iter()
        .map(|t| {
            let is_base = t.id == report.baseline;
            let tip = format!("{} L2 of {} slices", t.name, t.slices);
            let cells = value_cells(&columns, t, &tip);
            view! {
                <tr data-tech=t.id.clone() class:baseline=is_base>
                    <th scope="row">
                        <span class="tech-name">{t.name.clone()}</span>
                        <span class="tech-meta">{format!("{}{}", t.memory, if is_base { " · baseline" } else { "" })}</span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="results-title">
            <h2 id="results-title">"Iso-area comparison"</h2>
            <p id="iso-area-budget" class="summary" data-budget-mm2=report.budget_mm2.to_string()>
                "Area budget "<strong>{format!("{} mm²", sig(report.budget_mm2))}</strong>
                ": the baseline "<strong>{baseline_name}</strong>" as "{report.baseline_cache.clone()}
                ". Every other cell gets the largest L2 of the same slices that fits in it."
            </p>
            <p id="workload-summary" class="summary">
                {format!("{} — {}. Each L2 runs the traffic of its own capacity.", report.workload, report.accounting.text())}
            </p>
            <div class="table-scroll">
                <table id="iso-area">
                    <thead>
                        <tr>
                            <th scope="col">"Technology"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="hint">"× = ratio to the baseline (below 1 is better, except capacity)."</p>
        </section>
    }
}

#[component]
fn ScalingResults(report: ScalingReport) -> impl IntoView {
    let techs = report.technologies.clone();
    let header = techs
        .iter()
        .map(|t| {
            let name = report.name_of(t).to_string();
            let title = format!("{name} ({t})");
            // The family part of the name (`STT-MRAM 1T-1MTJ`), the id telling presets apart.
            let family = name.split(',').next().unwrap_or(&name).trim().to_string();
            view! {
                <th scope="col" title=title.clone()>{format!("{family} EDP")}<br /><span class="unit">{format!("{t} · J·s")}</span></th>
                <th scope="col" class="ratio" title=title>{format!("{family} EDP")}<br /><span class="unit">{format!("{t} · × baseline")}</span></th>
            }
        })
        .collect_view();
    let base_name = report.name_of(&report.baseline).to_string();
    let rows = report
        .capacities_kib()
        .into_iter()
        .map(|cap| {
            let at: Vec<_> = report
                .points
                .iter()
                .filter(|p| p.capacity_kib == cap)
                .collect();
            let dram = at.first().map(|p| p.dram_bytes);
            let cells = at
                .iter()
                .map(|p| {
                    let r = p.edp_vs_baseline.map(|x| x.to_string()).unwrap_or_default();
                    view! {
                        <td data-tech=p.id.clone() data-key="edp_js" data-value=p.edp_js.to_string()
                            title=format!("{} J·s EDP of {} at this capacity: {} slices, {} mm² (nvmcalc's circuit model and traffic model; the cell's source is listed under the iso-capacity view)", p.edp_js, p.id, p.slices, sig(p.area_mm2))>
                            {sig(p.edp_js)}
                        </td>
                        <td class="ratio" data-tech=p.id.clone() data-key="edp_vs_baseline" data-value=r
                            title=p.edp_vs_baseline.map(|x| format!("{x} × the baseline's EDP at this capacity")).unwrap_or_else(|| "undefined: the baseline's EDP is zero".into())>
                            {ratio(p.edp_vs_baseline)}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr data-capacity-kib=cap.to_string()>
                    <th scope="row">{kib_label(cap)}</th>
                    <td data-key="dram_bytes" data-value=dram.map(|d| d.to_string()).unwrap_or_default()
                        title=dram.map(|d| format!("{d} bytes of DRAM traffic at this L2 capacity (nvmcalc traffic model)")).unwrap_or_default()>
                        {dram.map(sig).unwrap_or_else(|| "—".into())}
                    </td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let leakage = match report.baseline_leakage_dominates_from_kib {
        Some(k) => format!(
            "The baseline's ({}) leakage energy exceeds its L2 dynamic energy from {} on.",
            short_name(&base_name),
            kib_label(k)
        ),
        None => format!(
            "The baseline's ({}) leakage energy stays below its L2 dynamic energy over the sweep.",
            short_name(&base_name)
        ),
    };
    view! {
        <section aria-labelledby="results-title">
            <h2 id="results-title">"Scalability"</h2>
            <p id="workload-summary" class="summary">
                {format!("{} — {}. {}; baseline {} ({}).", report.workload, report.organisation(), report.accounting.text(), base_name, report.baseline)}
            </p>
            <p id="leakage-note" class="summary"><strong>{leakage}</strong></p>
            <div class="table-scroll">
                <table id="scaling">
                    <thead>
                        <tr>
                            <th scope="col">"Capacity"</th>
                            <th scope="col">"DRAM traffic"<br /><span class="unit">"B"</span></th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A preset name without its parenthesised detail (`SRAM 6T high-density, 0.074 µm² (TSMC 16FF
/// class), 16 nm` → `SRAM 6T high-density, 0.074 µm², 16 nm`), for narrow headers.
fn short_name(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}
