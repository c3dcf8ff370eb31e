//! The chart under the results (plotters on the page's canvas), one kind per analysis: bars of
//! ratios for iso-capacity and iso-area (`bars`), log–log lines for scalability (`scaling`),
//! stacked component bars for cache details (`details`), and log-scale bars per network for the
//! across-networks analysis (`networks`). This file picks the kind, sizes the canvas and marks
//! it with what was drawn (`data-legend`, `data-series-colors`, `data-x-labels-overlap`,
//! `data-y-scale`); the shared colours, fonts, title band and legend are in `style`, the pure
//! decisions (palette, labels, places) in `layout`. Drawing only: every value comes from a core
//! report.
//!
//! Every chart starts with a title band ([`caption`]): what it shows, the workload and the
//! accounting, so that its exported PNG says what it is.

use nvmcalc::outcome::Outcome;
use web_sys::HtmlCanvasElement;

mod bars;
mod details;
pub(crate) mod layout;
pub(crate) mod networks;
mod scaling;
mod style;

pub(crate) use style::set_dark;

/// What the chart of an outcome shows, for its caption and its `aria-label`.
pub fn description(outcome: &Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::IsoCapacity(_) => (
            "Bar chart of energy, delay and EDP of each technology as a ratio to the baseline",
            "Energy, delay and EDP of each technology divided by the baseline's; the line at 1 is the baseline.",
        ),
        Outcome::IsoArea(_) => (
            "Bar chart of capacity, DRAM traffic and EDP of each technology's iso-area L2 as a ratio to the baseline",
            "Each technology's L2 in the baseline's area: capacity, DRAM bytes and EDP divided by the baseline's; the line at 1 is the baseline.",
        ),
        Outcome::Scaling(_) => (
            "Three line charts of EDP, energy and L2 leakage energy against L2 capacity, both axes logarithmic, one line per technology, each cell's iso-area point ringed",
            "EDP, energy and L2 leakage energy of the workload against L2 capacity, both axes logarithmic. A ring marks each cell's iso-area point: its largest L2 in the baseline's area (the baseline's own capacity for the baseline). The dashed line marks where the baseline's leakage energy exceeds its L2 dynamic energy.",
        ),
        Outcome::Details(_) => (
            "Four horizontal stacked bar charts: read latency, read energy, leakage and area of each technology's data and tag arrays, by circuit component",
            "Where each technology's data and tag arrays (one slice) spend their read latency (ns), read energy per access (pJ), leakage (mW) and area (mm²), component by component; grey is area inside the bank that no component claims. Write latency and energy are in the tables.",
        ),
        Outcome::Workloads(_) => (
            "Grouped bar chart, one group per network and one bar per technology: the chosen metric (EDP unless another is picked) divided by the baseline's, on a logarithmic axis",
            "Each technology's EDP, energy, delay or area (pick it above the chart) divided by the baseline's on each network, log scale: a bar rises from the line at 1 where the technology is worse than the baseline and hangs below it where it is better.",
        ),
    }
}

/// The title band of an outcome's chart: a title, then the workload and the accounting (words
/// of the same report as the numbers).
pub fn caption(outcome: &Outcome) -> (String, String) {
    use crate::label::short_label;
    match outcome {
        Outcome::IsoCapacity(r) => {
            let base = r.technologies.iter().find(|t| t.id == r.baseline);
            let base = base.map_or(r.baseline.clone(), |t| short_label(&t.name));
            (
                format!("Iso-capacity: energy, delay and EDP ÷ {base}'s (lower is better)"),
                format!("Workload: {}. {}.", r.workload.name, r.accounting.text()),
            )
        }
        Outcome::IsoArea(r) => {
            let base = r.technologies.iter().find(|t| t.id == r.baseline);
            let base = base.map_or(r.baseline.clone(), |t| short_label(&t.name));
            (
                format!(
                    "Iso-area: each cell's L2 in the area of {base} ({} mm²), as a ratio to it",
                    nvmcalc::format::sig(r.budget_mm2)
                ),
                format!("Workload: {}. {}.", r.workload, r.accounting.text()),
            )
        }
        Outcome::Scaling(r) => {
            let rings = match r.iso_area_baseline_kib {
                Some(k) => format!(
                    " Rings: each cell's iso-area point ({}'s area at {}).",
                    crate::label::short_label(r.name_of(&r.baseline)),
                    nvmcalc::format::kib_label(k)
                ),
                None => String::new(),
            };
            let dashed = if r.baseline_leakage_dominates_from_kib.is_some() {
                " Dashed: where the baseline's leakage exceeds its dynamic energy."
            } else {
                ""
            };
            (
                "Scalability: EDP, energy and L2 leakage energy against L2 capacity".into(),
                format!(
                    "Workload: {}; {}. {}.{rings}{dashed}",
                    r.workload,
                    r.organisation(),
                    r.accounting.text()
                ),
            )
        }
        Outcome::Details(r) => (
            "Cache details: where read latency, read energy, leakage and area go".into(),
            format!("{}; organisation optimised for {}.", r.cache, r.objective),
        ),
        Outcome::Workloads(r) => (
            format!(
                "Across networks: {} ÷ {}'s (lower is better)",
                networks::metric().label(),
                crate::label::short_label(&r.technology_name(&r.baseline))
            ),
            format!(
                "Workloads: {} — {}. {}.",
                r.networks
                    .iter()
                    .map(|n| n.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.setup,
                r.accounting.text()
            ),
        ),
    }
}

/// Height of the plot of a chart of ratios (bars), px: the canvas adds the title band, the x
/// labels and a legend below.
const PLOT_HEIGHT: u32 = 280;
/// The widest canvas (the page's `<canvas width>`) and the narrowest one (a phone's column is
/// narrower still: the picture is then scaled down a little).
const CHART_WIDTH: u32 = 760;
const MIN_CHART_WIDTH: u32 = 360;

/// Draws the chart of an outcome; returns a message when drawing failed (the page shows it
/// instead of the chart). The canvas's height follows what the chart needs (its title band, x
/// labels and legend).
pub fn draw(canvas: &HtmlCanvasElement, outcome: &Outcome) -> Result<(), String> {
    // As wide as its column allows, between a phone's and the desktop's 760 px: text keeps its
    // size instead of shrinking with the picture.
    let column = canvas
        .parent_element()
        .map(|p| p.client_width())
        .filter(|w| *w > 0)
        .unwrap_or(CHART_WIDTH as i32);
    let width = (column.max(0) as u32).clamp(MIN_CHART_WIDTH, CHART_WIDTH);
    if canvas.width() != width {
        canvas.set_width(width);
    }
    let (title, detail) = caption(outcome);
    let band = style::band_lines(&title, &detail, f64::from(width));
    let drawn = match outcome {
        Outcome::IsoCapacity(r) => bars::draw_iso_capacity(canvas, &band, PLOT_HEIGHT, r),
        Outcome::IsoArea(r) => bars::draw_iso_area(canvas, &band, PLOT_HEIGHT, r),
        Outcome::Scaling(r) => scaling::draw_scaling(canvas, &band, r),
        Outcome::Details(r) => details::draw_details(canvas, &band, r),
        Outcome::Workloads(r) => networks::draw(canvas, &band, PLOT_HEIGHT, r),
    }?;
    mark(canvas, &drawn);
    let _ = canvas.set_attribute("data-caption", &format!("{title} {detail}"));
    Ok(())
}

/// Marks the canvas with what was drawn, for tests and scripts: the legend names and their
/// colours in order and the x labels of categories (JSON arrays), whether any two x labels overlap (`0` or `1`, from the
/// chart's own label boxes) and the y scale (`log` or `linear`).
fn mark(canvas: &HtmlCanvasElement, drawn: &style::Drawn) {
    let names: Vec<&str> = drawn.legend.iter().map(|(n, _)| n.as_str()).collect();
    let colours: Vec<String> = drawn
        .legend
        .iter()
        .map(|(_, c)| layout::css_hex(*c))
        .collect();
    let _ = canvas.set_attribute("data-legend", &layout::json_strings(&names));
    let _ = canvas.set_attribute("data-series-colors", &layout::json_strings(&colours));
    let _ = canvas.set_attribute("data-x-labels", &layout::json_strings(&drawn.x_labels));
    let overlap = if drawn.x_labels_overlap { "1" } else { "0" };
    let _ = canvas.set_attribute("data-x-labels-overlap", overlap);
    let scale = if drawn.log_y { "log" } else { "linear" };
    let _ = canvas.set_attribute("data-y-scale", scale);
}
