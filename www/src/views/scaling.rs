//! The scalability view: a row per L2 capacity of the sweep, with its DRAM traffic and each
//! technology's EDP and ratio to the baseline, and the capacity from which the baseline's
//! leakage outweighs its dynamic energy.

use leptos::prelude::*;
use nvmcalc::format::{engineering, kib_label, ratio, sig};
use nvmcalc::report::ScalingReport;

use crate::views::table::{failed_list, ScrollBox};

#[component]
pub(crate) fn ScalingResults(report: ScalingReport) -> impl IntoView {
    let techs = report.technologies.clone();
    // The family part of a name (`STT-MRAM 1T-1MTJ`), the id telling presets apart, the whole
    // name on hover.
    let head = |t: &String, ratio_col: bool| {
        let name = report.name_of(t).to_string();
        let title = format!("{name} ({t})");
        let family = name.split(',').next().unwrap_or(&name).trim().to_string();
        let unit = if ratio_col { "× baseline" } else { "J·s" };
        view! {
            <th scope="col" class:ratio=ratio_col title=title>{format!("{family} EDP")}<br /><span class="unit">{format!("{t} · {unit}")}</span></th>
        }
    };
    // The ratios to the baseline first (the answer), then the absolute EDPs.
    let header = techs
        .iter()
        .map(|t| head(t, true))
        .chain(techs.iter().map(|t| head(t, false)))
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
            let ratios = at
                .iter()
                .map(|p| {
                    let r = p.edp_vs_baseline.map(|x| x.to_string()).unwrap_or_default();
                    view! {
                        <td class="ratio" data-tech=p.id.clone() data-key="edp_vs_baseline" data-value=r
                            title=p.edp_vs_baseline.map(|x| format!("{x} × the baseline's EDP at this capacity")).unwrap_or_else(|| "undefined: the baseline's EDP is zero".into())>
                            {ratio(p.edp_vs_baseline)}
                        </td>
                    }
                })
                .collect_view();
            let absolute = at
                .iter()
                .map(|p| {
                    view! {
                        <td data-tech=p.id.clone() data-key="edp_js" data-value=p.edp_js.to_string()
                            title=format!("{} J·s EDP of {} at this capacity: {} slices, {} mm² (nvmcalc's circuit model and traffic model; the cell's source is listed under the iso-capacity view)", p.edp_js, p.id, p.slices, sig(p.area_mm2))>
                            {engineering(p.edp_js, "J·s")}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr data-capacity-kib=cap.to_string()>
                    <th scope="row">{kib_label(cap)}</th>
                    {ratios}
                    {absolute}
                    <td data-key="dram_bytes" data-value=dram.map(|d| d.to_string()).unwrap_or_default()
                        title=dram.map(|d| format!("{d} bytes of DRAM traffic at this L2 capacity (nvmcalc traffic model)")).unwrap_or_default()>
                        {dram.map(|d| engineering(d, "B")).unwrap_or_else(|| "—".into())}
                    </td>
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
            {crate::views::table::traffic_note(report.traffic_note.clone())}
            {crate::views::table::warnings(report.warnings.clone())}
            {failed_list(&report.failed, "the sweep")}
            <ScrollBox>
                <table id="scaling">
                    <thead>
                        <tr>
                            <th scope="col">"Capacity"</th>
                            {header}
                            <th scope="col">"DRAM traffic"<br /><span class="unit">"B"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </ScrollBox>
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
