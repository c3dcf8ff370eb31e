//! The iso-area view: the baseline's L2 area as the budget, and for every cell the largest L2 of
//! the same slices that fits in it, with its traffic, energy, delay and EDP beside the
//! baseline's.

use leptos::prelude::*;
use nvmcalc::format::sig;
use nvmcalc::report::{IsoAreaRecord, IsoAreaReport};

use crate::views::table::{
    col, failed_rows, header_cells, ratios_first, si, tech_header, value_cells, Column, ScrollBox,
    Shown,
};

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
        si(1.0, "s"),
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
        "edp_vs_baseline",
        "EDP",
        "× baseline",
        |t| t.edp_vs_baseline,
        Shown::Ratio,
    ),
];

#[component]
pub(crate) fn IsoAreaResults(report: IsoAreaReport) -> impl IntoView {
    let columns: Vec<&Column<IsoAreaRecord>> = ratios_first(ISO_AREA.iter().collect());
    let header = header_cells(&columns);
    let failed = failed_rows(&report.failed, columns.len());
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
                    {tech_header(&t.name, format!("{}{}", t.memory, if is_base { " · baseline" } else { "" }), &t.id, None)}
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
            {crate::views::table::traffic_note(report.traffic_note.clone())}
            {crate::views::table::warnings(report.warnings.clone())}
            <ScrollBox>
                <table id="iso-area">
                    <thead>
                        <tr>
                            <th scope="col">"Technology"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}{failed}</tbody>
                </table>
            </ScrollBox>
            <p class="hint">"× = ratio to the baseline (below 1 is better, except capacity)."</p>
        </section>
    }
}
