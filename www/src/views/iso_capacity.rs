//! The iso-capacity view: every technology at its own capacity on the workload, as a table of its
//! cache figures, the workload's totals (with DRAM traffic and write stall on a network
//! workload) and the ratios to the baseline, then the sources.

use leptos::prelude::*;
use nvmcalc::format::{count, time_label};
use nvmcalc::report::{ComparisonReport, TechnologyRecord};

use crate::label::capacity_label;
use crate::views::table::{
    col, failed_rows, header_cells, ratios_first, si, tech_header, value_cells, Column, ScrollBox,
    Shown,
};

/// Iso-capacity: the cache's own figures and the workload totals.
const ABSOLUTE: [Column<TechnologyRecord>; 10] = [
    col("area_mm2", "Area", "mm²", |t| Some(t.area_mm2), Shown::Sig),
    col(
        "read_latency_ns",
        "Read latency",
        "ns",
        |t| Some(t.read_latency_ns),
        si(1e-9, "s"),
    ),
    col(
        "write_latency_ns",
        "Write latency",
        "ns",
        |t| Some(t.write_latency_ns),
        si(1e-9, "s"),
    ),
    col(
        "read_energy_pj",
        "Read energy",
        "pJ",
        |t| Some(t.read_energy_pj),
        si(1e-12, "J"),
    ),
    col(
        "write_energy_pj",
        "Write energy",
        "pJ",
        |t| Some(t.write_energy_pj),
        si(1e-12, "J"),
    ),
    col(
        "leakage_mw",
        "Leakage",
        "mW",
        |t| Some(t.leakage_mw),
        si(1e-3, "W"),
    ),
    col(
        "energy_j",
        "Energy",
        "J",
        |t| Some(t.energy_j),
        si(1.0, "J"),
    ),
    col("delay_s", "Delay", "s", |t| Some(t.delay_s), si(1.0, "s")),
    col("edp_js", "EDP", "J·s", |t| Some(t.edp_js), si(1.0, "J·s")),
    col(
        "edap_js_mm2",
        "EDAP",
        "J·s·mm²",
        |t| Some(t.edap_js_mm2),
        si(1.0, "J·s·mm²"),
    ),
];

/// Iso-capacity on a network workload: what the traffic model adds.
const NETWORK: [Column<TechnologyRecord>; 3] = [
    col(
        "dram_bytes",
        "DRAM traffic",
        "B",
        |t| t.dram_bytes,
        si(1.0, "B"),
    ),
    col(
        "dram_energy_j",
        "DRAM energy",
        "J",
        |t| Some(t.dram_energy_j),
        si(1.0, "J"),
    ),
    col(
        "write_stall_s",
        "Write stall",
        "s",
        |t| t.write_stall_s,
        si(1.0, "s"),
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

#[component]
pub(crate) fn IsoCapacityResults(report: ComparisonReport) -> impl IntoView {
    let w = &report.workload;
    let summary = format!(
        "{} — {} reads and {} writes of {} B, {} run. {}.",
        w.name,
        count(w.reads),
        count(w.writes),
        w.access_bytes,
        time_label(w.execution_time_s),
        report.accounting.text()
    );
    // The derivation without the sentences the traffic note already shows.
    let derivation = match &report.traffic_note {
        Some(note) => without_shared_sentences(&w.derivation, note),
        None => w.derivation.clone(),
    };
    let network = report
        .technologies
        .iter()
        .any(|t| t.write_stall_s.is_some() || t.dram_bytes.is_some());
    let columns: Vec<&Column<TechnologyRecord>> = ratios_first(
        ABSOLUTE
            .iter()
            .chain(NETWORK.iter().filter(|_| network))
            .chain(RATIOS.iter())
            .collect(),
    );
    let header = header_cells(&columns);
    let failed = failed_rows(&report.failed, columns.len());
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
            let meta = format!(
                "{} · {}{node}{}",
                t.memory,
                capacity_label(t.capacity_kib),
                if is_base { " · baseline" } else { "" }
            );
            let more = format!("{}{traffic}", t.id).replace(" · ", "; ");
            view! {
                <tr data-tech=t.id.clone() class:baseline=is_base>
                    {tech_header(&t.name, meta, &more, t.notes.as_deref())}
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
            {crate::views::table::traffic_note(report.traffic_note.clone())}
            {(!derivation.is_empty()).then(|| view! { <p id="workload-derivation" class="derivation">{derivation}</p> })}
            {(!warnings.is_empty()).then(|| view! {
                <ul class="warning" id="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            })}
            <ScrollBox>
                <table id="results">
                    <thead>
                        <tr>
                            <th scope="col">"Technology"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}{failed}</tbody>
                </table>
            </ScrollBox>
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

/// `text` without the whole sentences it begins with that `shown` also begins with.
fn without_shared_sentences(text: &str, shown: &str) -> String {
    let common = text
        .char_indices()
        .zip(shown.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8());
    match text[..common].rfind(". ") {
        Some(end) => text[end + 2..].to_string(),
        None => text.to_string(),
    }
}
