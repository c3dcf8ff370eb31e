//! The chart under the results (plotters on the page's canvas), one kind per analysis: bars of
//! ratios for iso-capacity and iso-area (`bars`), log–log lines for scalability (`scaling`),
//! stacked component bars for cache details (`details`), and log-scale bars per network for the
//! across-networks analysis (`networks`). This file picks the kind and sizes the canvas; the
//! shared colours and fonts are in `style`. Drawing only: every value comes from a core report.

use nvmcalc::outcome::Outcome;
use web_sys::HtmlCanvasElement;

mod bars;
mod details;
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

/// The canvas height of the other charts (the page's `<canvas height>`).
const CHART_HEIGHT: u32 = 380;
/// The widest canvas (the page's `<canvas width>`) and the narrowest one (a phone's column is
/// narrower still: the picture is then scaled down a little).
const CHART_WIDTH: u32 = 760;
const MIN_CHART_WIDTH: u32 = 360;

/// Draws the chart of an outcome; returns a message when drawing failed (the page shows it
/// instead of the chart).
pub fn draw(canvas: &HtmlCanvasElement, outcome: &Outcome) -> Result<(), String> {
    // The details chart grows with its bars; every other chart has the page's height.
    let height = match outcome {
        Outcome::Details(r) => details::details_height(r),
        Outcome::Scaling(_) => scaling::scaling_height(),
        _ => CHART_HEIGHT,
    };
    if canvas.height() != height {
        canvas.set_height(height);
    }
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
    match outcome {
        Outcome::IsoCapacity(r) => bars::draw_iso_capacity(canvas, r),
        Outcome::IsoArea(r) => bars::draw_iso_area(canvas, r),
        Outcome::Scaling(r) => scaling::draw_scaling(canvas, r),
        Outcome::Details(r) => details::draw_details(canvas, r),
        Outcome::Workloads(r) => networks::draw(canvas, r),
    }
}
