//! The cache-details view: for each cell technology, the organisation of its data and tag arrays
//! in words, and one table per metric (read/write latency, read/write energy, leakage, area) of
//! the model's components with each one's value and share of the array's total. Every number is
//! the core's [`DetailsReport`]; each value cell carries its full-precision value in
//! `data-value` (the end-to-end test compares it with the CLI's JSON).

use leptos::prelude::*;
use nvmcalc::format::sig;
use nvmcalc::study::details::{percent, ArrayDetails, DetailsRecord, DetailsReport, Metric};
use nvmcalc::units::Capacity;

// Layout and table styles: `.details-*` in www/style.css.

#[component]
pub fn DetailsResults(report: DetailsReport) -> impl IntoView {
    let not_designed = (!report.not_designed.is_empty()).then(|| {
        let items = report
            .not_designed
            .iter()
            .map(|n| {
                view! {
                    <li data-tech=n.id.clone()>
                        <strong>{n.name.clone()}</strong>
                        {format!(" ({}): not designed by the model — {}.", n.id, n.reason)}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="warning" id="not-designed">{items}</ul> }
    });
    let techs = report
        .technologies
        .iter()
        .map(|t| view! { <TechnologyDetails record=t.clone() /> })
        .collect_view();
    let notes = report
        .notes
        .iter()
        .map(|n| view! { <li>{n.clone()}</li> })
        .collect_view();
    view! {
        <section aria-labelledby="results-title" id="details">
            <h2 id="results-title">"Cache details"</h2>
            <p id="details-cache" class="summary">
                {format!("{}; organisation optimised for {}.", report.cache, report.objective)}
            </p>
            <p id="details-combination" class="summary">{report.combination.clone()}</p>
            {not_designed}
            {techs}
            <details class="sources" id="details-notes">
                <summary>"Which total each breakdown is of"</summary>
                <ul>
                    {notes}
                    <li>"Components at 0 in both arrays are left out of the tables (the JSON and CSV downloads list every one)."</li>
                </ul>
            </details>
        </section>
    }
}

/// One technology: its cache, its two organisations and the six metric tables.
#[component]
fn TechnologyDetails(record: DetailsRecord) -> impl IntoView {
    let t = record;
    let c = &t.cache;
    let cache_line = format!(
        "{} · node {} ({} nm) · the whole cache: {} mm², read {} ns, write {} ns, read {} pJ, \
         write {} pJ, leakage {} mW",
        t.memory,
        t.node,
        t.node_nm,
        sig(c.area_mm2),
        sig(c.read_latency_ns),
        sig(c.write_latency_ns),
        sig(c.read_energy_pj),
        sig(c.write_energy_pj),
        sig(c.leakage_mw),
    );
    let organisations = t
        .arrays()
        .into_iter()
        .map(|(array, a)| {
            let heading = format!(
                "{} array ({})",
                if array == "data" { "Data" } else { "Tag" },
                Capacity::from_bits(a.stored_bits)
            );
            let efficiency = format!(
                " Bank {} × {} mm, {} of it cells.",
                sig(a.bank_width_mm),
                sig(a.bank_height_mm),
                percent(a.area_efficiency)
            );
            view! {
                <li>
                    <strong>{heading}": "</strong>
                    <span class="organisation" data-array=array>{a.description.clone()}</span>
                    <span class="tech-meta details-inline">{efficiency}</span>
                </li>
            }
        })
        .collect_view();
    let tables = Metric::ALL
        .into_iter()
        .map(|m| metric_table(&t.id, m, &t.data, &t.tag))
        .collect_view();
    view! {
        <article class="details-tech" data-tech=t.id.clone()>
            <h3>{t.name.clone()}</h3>
            <p class="tech-meta details-cache">{cache_line}</p>
            <ul class="details-organisation">{organisations}</ul>
            <div class="details-grid">{tables}</div>
        </article>
    }
}

/// The value and share cells of one array's part, each with a tooltip naming the value's unit
/// and where it comes from.
fn part_cells(
    array: &'static str,
    value: f64,
    share: f64,
    unit: &str,
    what: &str,
) -> impl IntoView {
    let value_tip = format!("{value} {unit}: {what}, {array} array (nvmcalc's circuit model)");
    let share_tip = format!("{} % of the {array} array's total", share * 100.0);
    view! {
        <td data-array=array data-key="value" data-value=value.to_string() title=value_tip>{sig(value)}</td>
        <td data-array=array data-key="share" data-value=share.to_string() class="ratio" title=share_tip>{percent(share)}</td>
    }
}

/// One metric of a technology: a row per component (left out when 0 in both arrays), the
/// corners no component claims (area), and the total.
fn metric_table(
    id: &str,
    metric: Metric,
    data: &ArrayDetails,
    tag: &ArrayDetails,
) -> impl IntoView {
    let (d, g) = (data.metric(metric), tag.metric(metric));
    let unit = metric.unit();
    let rows = d
        .parts
        .iter()
        .zip(&g.parts)
        .filter(|(pd, pg)| pd.value != 0.0 || pg.value != 0.0)
        .map(|(pd, pg)| {
            view! {
                <tr data-component=pd.component.clone()>
                    <th scope="row" class="details-component">{pd.label.clone()}</th>
                    {part_cells("data", pd.value, pd.share_of_total, unit, &pd.label)}
                    {part_cells("tag", pg.value, pg.share_of_total, unit, &pg.label)}
                </tr>
            }
        })
        .collect_view();
    let unassigned = (d.unassigned != 0.0 || g.unassigned != 0.0).then(|| {
        view! {
            <tr data-component="unassigned" title="Inside the bank's bounding box but in no component: the corner beside each subarray where its row-decoder and column-periphery strips meet">
                <th scope="row" class="details-component">"unassigned (layout corners)"</th>
                {part_cells("data", d.unassigned, d.unassigned_share(), unit, "unassigned layout corners")}
                {part_cells("tag", g.unassigned, g.unassigned_share(), unit, "unassigned layout corners")}
            </tr>
        }
    });
    view! {
        <div class="table-scroll">
            <table class="details-table" data-tech=id.to_string() data-metric=metric.key()>
                <caption>{format!("{} ({unit})", metric.label())}</caption>
                <thead>
                    <tr>
                        <th scope="col" rowspan="2" class="details-component">"Component"</th>
                        <th scope="colgroup" colspan="2" class="details-group">"Data array"</th>
                        <th scope="colgroup" colspan="2" class="details-group">"Tag array"</th>
                    </tr>
                    <tr>
                        // Not the stylesheet's wide, left-aligned first header cell.
                        <th scope="col" class="details-unit"><span class="unit">{unit}</span></th>
                        <th scope="col" class="ratio"><span class="unit">"share"</span></th>
                        <th scope="col"><span class="unit">{unit}</span></th>
                        <th scope="col" class="ratio"><span class="unit">"share"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    {unassigned}
                </tbody>
                <tfoot>
                    <tr data-component="total" class="details-total">
                        <th scope="row" class="details-component">"total"</th>
                        <td data-array="data" data-key="value" data-value=d.total.to_string() title=format!("{} {unit}: total, data array", d.total)>{sig(d.total)}</td>
                        <td class="ratio"></td>
                        <td data-array="tag" data-key="value" data-value=g.total.to_string() title=format!("{} {unit}: total, tag array", g.total)>{sig(g.total)}</td>
                        <td class="ratio"></td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}
