//! The charts (plotters-canvas): grouped bars of ratios to the baseline for iso-capacity and
//! iso-area, EDP against capacity on log–log axes for scalability, and for cache details four
//! panels of horizontal bars stacked by circuit component.

use nvmcalc::format::kib_label;
use nvmcalc::format::sig;
use nvmcalc::outcome::Outcome;
use nvmcalc::report::ComparisonReport;
use nvmcalc::report::{IsoAreaReport, ScalingReport};
use nvmcalc::study::details::{DetailsReport, Metric};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

#[path = "chart_workloads.rs"]
pub(crate) mod workloads;

/// Series colours, in order (the bar colours of the iso-capacity chart come first).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
];

thread_local! {
    /// Whether the page is in its dark colour scheme (set by the page before drawing).
    static DARK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Draw the next charts for the dark colour scheme (`prefers-color-scheme: dark`) or the light one.
pub fn set_dark(dark: bool) {
    DARK.with(|d| d.set(dark));
}

/// The chart background: the page's (see `--bg` in style.css).
fn bg() -> RGBColor {
    if DARK.with(|d| d.get()) {
        RGBColor(0x16, 0x1a, 0x22)
    } else {
        WHITE
    }
}

/// Text, axes and reference lines: the page's foreground (`--fg`).
fn fg() -> RGBColor {
    if DARK.with(|d| d.get()) {
        RGBColor(0xe4, 0xe8, 0xef)
    } else {
        BLACK
    }
}

/// A sans-serif font of `size` px in the foreground colour.
fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&fg())
}

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
        Outcome::Details(r) => details_height(r),
        Outcome::Scaling(_) => SCALING_PANEL_PX * SCALING_PANELS.len() as u32,
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
        Outcome::IsoCapacity(r) => draw_iso_capacity(canvas, r),
        Outcome::IsoArea(r) => draw_iso_area(canvas, r),
        Outcome::Scaling(r) => draw_scaling(canvas, r),
        Outcome::Details(r) => draw_details(canvas, r),
        Outcome::Workloads(r) => workloads::draw(canvas, r),
    }
}

/// One group of bars: its name, colour and one value per technology.
type BarSeries = (&'static str, RGBColor, Vec<Option<f64>>);

fn draw_iso_capacity(canvas: &HtmlCanvasElement, report: &ComparisonReport) -> Result<(), String> {
    let techs = &report.technologies;
    let pick = |f: fn(&nvmcalc::report::TechnologyRecord) -> Option<f64>| -> Vec<Option<f64>> {
        techs.iter().map(f).collect()
    };
    let series = [
        ("energy", PALETTE[0], pick(|t| t.energy_j_vs_baseline)),
        ("delay", PALETTE[1], pick(|t| t.delay_s_vs_baseline)),
        ("EDP", PALETTE[2], pick(|t| t.edp_js_vs_baseline)),
    ];
    let baseline_name = techs
        .iter()
        .find(|t| t.id == report.baseline)
        .map(|t| short_label(&t.name))
        .unwrap_or_else(|| report.baseline.clone());
    let labels: Vec<String> = techs.iter().map(|t| short_label(&t.name)).collect();
    draw_bars(
        canvas,
        &format!("Normalised to {baseline_name} (lower is better)"),
        &labels,
        &series,
    )
}

fn draw_iso_area(canvas: &HtmlCanvasElement, report: &IsoAreaReport) -> Result<(), String> {
    let techs = &report.technologies;
    let series = [
        (
            "capacity",
            PALETTE[4],
            techs.iter().map(|t| Some(t.capacity_vs_baseline)).collect(),
        ),
        (
            "DRAM bytes",
            PALETTE[1],
            techs.iter().map(|t| t.dram_bytes_vs_baseline).collect(),
        ),
        (
            "EDP",
            PALETTE[2],
            techs.iter().map(|t| t.edp_vs_baseline).collect(),
        ),
    ];
    let baseline_name = techs
        .iter()
        .find(|t| t.id == report.baseline)
        .map(|t| short_label(&t.name))
        .unwrap_or_else(|| report.baseline.clone());
    let labels: Vec<String> = techs.iter().map(|t| short_label(&t.name)).collect();
    draw_bars(
        canvas,
        &format!(
            "In {baseline_name}'s area ({} mm²), normalised to it",
            sig(report.budget_mm2)
        ),
        &labels,
        &series,
    )
}

/// Grouped bars, one group per label, with the value above each bar and a line at 1.
fn draw_bars(
    canvas: &HtmlCanvasElement,
    caption: &str,
    labels: &[String],
    series: &[BarSeries],
) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&bg()).map_err(|e| e.to_string())?;

    let n = labels.len().max(1);
    let max_ratio = series
        .iter()
        .flat_map(|(_, _, values)| values.iter().flatten().copied())
        .filter(|v| v.is_finite())
        .fold(1.0_f64, f64::max);
    let y_max = max_ratio * 1.18;

    let mut chart = ChartBuilder::on(&root)
        .caption(caption, font(16))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..y_max)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .axis_style(fg())
        .bold_line_style(fg().mix(0.2))
        .light_line_style(fg().mix(0.08))
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_desc("ratio to baseline (×)")
        .y_max_light_lines(1)
        .label_style(font(13))
        .draw()
        .map_err(|e| e.to_string())?;

    let width = 0.8 / series.len().max(1) as f64;
    for (k, (name, colour, values)) in series.iter().enumerate() {
        let finite = |i: usize| values.get(i).copied().flatten().filter(|v| v.is_finite());
        let bars = (0..labels.len()).filter_map(|i| {
            let v = finite(i)?;
            let x0 = i as f64 - 0.4 + k as f64 * width;
            Some(Rectangle::new(
                [(x0, 0.0), (x0 + width * 0.92, v)],
                colour.filled(),
            ))
        });
        let c = *colour;
        chart
            .draw_series(bars)
            .map_err(|e| e.to_string())?
            .label(*name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], c.filled()));
        let texts = (0..labels.len()).filter_map(|i| {
            let v = finite(i)?;
            let x = i as f64 - 0.4 + (k as f64 + 0.46) * width;
            let style = font(11).pos(Pos::new(HPos::Center, VPos::Bottom));
            Some(Text::new(sig(v), (x, v + y_max * 0.005), style))
        });
        chart.draw_series(texts).map_err(|e| e.to_string())?;
    }
    finish_ratio_chart(&root, &mut chart, n)
}

/// The end of a chart of ratios over `n` groups at x = 0 … n − 1: the line at 1 (the
/// baseline), the legend, and the picture shown.
fn finish_ratio_chart<Y: Ranged<ValueType = f64>>(
    root: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    chart: &mut ChartContext<
        '_,
        CanvasBackend,
        Cartesian2d<plotters::coord::types::RangedCoordf64, Y>,
    >,
    n: usize,
) -> Result<(), String> {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, 1.0), (n as f64 - 0.5, 1.0)],
            fg().stroke_width(1),
        )))
        .map_err(|e| e.to_string())?;
    legend(chart, SeriesLabelPosition::UpperRight)?;
    root.present().map_err(|e| e.to_string())
}

/// Picks a panel's value from (EDP, energy, leakage energy).
type Pick = fn(f64, f64, f64) -> f64;

/// The scalability panels: what each plots, its axis title with unit, and its value.
const SCALING_PANELS: [(&str, &str, Pick); 3] = [
    ("EDP", "EDP (J·s)", |edp, _, _| edp),
    ("Energy", "energy (J)", |_, e, _| e),
    ("L2 leakage energy", "leakage energy (J)", |_, _, l| l),
];

/// Height of one scalability panel (px).
const SCALING_PANEL_PX: u32 = 300;

/// EDP, energy and L2 leakage energy against capacity (MiB), both axes logarithmic, one line per
/// technology, in three panels; each cell's iso-area point is ringed.
fn draw_scaling(canvas: &HtmlCanvasElement, report: &ScalingReport) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&bg()).map_err(|e| e.to_string())?;
    let panels = root.split_evenly((SCALING_PANELS.len(), 1));
    for (i, (panel, (title, unit, pick))) in panels.iter().zip(SCALING_PANELS).enumerate() {
        scaling_panel(panel, report, title, unit, pick, i == 0)?;
    }
    root.present().map_err(|e| e.to_string())
}

fn scaling_panel(
    area: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    report: &ScalingReport,
    title: &str,
    unit: &str,
    pick: Pick,
    with_legend: bool,
) -> Result<(), String> {
    let value =
        |edp: f64, e: f64, l: f64| Some(pick(edp, e, l)).filter(|v| v.is_finite() && *v > 0.0);
    let sweep: Vec<(String, f64, f64)> = report
        .points
        .iter()
        .filter_map(|p| {
            let v = value(p.edp_js, p.energy_j, p.leakage_energy_j)?;
            Some((p.id.clone(), p.capacity_kib / 1024.0, v))
        })
        .collect();
    let marks: Vec<(String, f64, f64)> = report
        .iso_area
        .iter()
        .filter_map(|r| {
            let v = value(r.edp_js, r.energy_j, r.leakage_energy_j)?;
            Some((r.id.clone(), r.capacity_kib / 1024.0, v))
        })
        .filter(|(_, c, _)| c.is_finite() && *c > 0.0)
        .collect();
    let all = sweep.iter().chain(&marks);
    let (x_lo, x_hi, y_lo, y_hi) = all.fold(
        (f64::INFINITY, 0.0_f64, f64::INFINITY, 0.0_f64),
        |(xl, xh, yl, yh), (_, x, y)| (xl.min(*x), xh.max(*x), yl.min(*y), yh.max(*y)),
    );
    if !(x_lo.is_finite() && x_hi > 0.0 && y_lo.is_finite() && y_hi > 0.0) {
        return Err(format!(
            "no positive {unit} or capacity to plot on logarithmic axes"
        ));
    }
    let x_range = (x_lo / 1.4)..(x_hi * 1.4);
    // Headroom above the lines for the legend of the first panel.
    let headroom = if with_legend { 30.0 } else { 2.0 };
    let y_range = (y_lo / 1.6)..(y_hi * headroom);

    let mut chart = ChartBuilder::on(area)
        .caption(format!("{title} vs L2 capacity (log–log)"), font(15))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(x_range.log_scale().base(2.0), y_range.clone().log_scale())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("L2 capacity (MiB, log scale)")
        .y_desc(format!("{unit}, log scale"))
        .x_labels(12)
        .y_labels(6)
        .x_max_light_lines(0)
        .y_max_light_lines(1)
        .x_label_formatter(&|x| kib_label(x * 1024.0))
        .y_label_formatter(&|y| sig(*y))
        .label_style(font(12))
        .axis_desc_style(font(13))
        .axis_style(fg())
        .bold_line_style(fg().mix(0.2))
        .light_line_style(fg().mix(0.08))
        .draw()
        .map_err(|e| e.to_string())?;

    for (k, id) in report.technologies.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let points: Vec<(f64, f64)> = sweep
            .iter()
            .filter(|(t, _, _)| t == id)
            .map(|(_, x, y)| (*x, *y))
            .collect();
        let name = short_label(report.name_of(id));
        let label = if *id == report.baseline {
            format!("{name} (baseline)")
        } else {
            name
        };
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
            .map_err(|e| e.to_string())?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
            });
        chart
            .draw_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 3, colour.filled())),
            )
            .map_err(|e| e.to_string())?;
        // The iso-area point: a ring around the value at the capacity that fits the baseline's
        // area (for the baseline, its own capacity).
        let rings = marks
            .iter()
            .filter(|(t, _, _)| t == id)
            .map(|(_, x, y)| Circle::new((*x, *y), 7, colour.stroke_width(2)));
        chart.draw_series(rings).map_err(|e| e.to_string())?;
    }
    if let (true, Some(base)) = (
        with_legend && !marks.is_empty(),
        report.iso_area_baseline_kib,
    ) {
        let ring = fg();
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(|e| e.to_string())?
            .label(format!(
                "ring: iso-area point ({}'s area at {})",
                short_label(report.name_of(&report.baseline)),
                kib_label(base)
            ))
            .legend(move |(x, y)| Circle::new((x + 8, y), 6, ring.stroke_width(2)));
    }
    if let Some(k) = report.baseline_leakage_dominates_from_kib {
        let x = k / 1024.0;
        // A dashed vertical line: short segments from the bottom to the top of the plot.
        let (lo, hi) = (y_range.start.ln(), y_range.end.ln());
        let steps = 40;
        let segments = (0..steps).step_by(2).map(move |i| {
            let a = (lo + (hi - lo) * i as f64 / steps as f64).exp();
            let b = (lo + (hi - lo) * (i + 1) as f64 / steps as f64).exp();
            PathElement::new(vec![(x, a), (x, b)], fg().mix(0.6).stroke_width(1))
        });
        chart.draw_series(segments).map_err(|e| e.to_string())?;
    }
    if with_legend {
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    }
    Ok(())
}

/// The metrics the details chart shows, one panel each.
const DETAIL_PANELS: [Metric; 4] = [
    Metric::ReadLatency,
    Metric::ReadEnergy,
    Metric::Leakage,
    Metric::Area,
];
/// Pixels of a details panel besides its bars: caption, x axis labels and description.
const PANEL_FRAME_PX: u32 = 86;
/// Width kept right of each details panel for its legend.
const LEGEND_PX: u32 = 200;

/// One bar of the details chart per technology and array.
fn detail_bars(report: &DetailsReport) -> usize {
    report.technologies.len() * 2
}

/// Pixels per bar: roomy for a few, tighter for many.
fn bar_px(bars: usize) -> u32 {
    (900 / bars.max(1) as u32).clamp(12, 26)
}

fn details_height(report: &DetailsReport) -> u32 {
    let bars = detail_bars(report);
    DETAIL_PANELS.len() as u32 * (PANEL_FRAME_PX + bars as u32 * bar_px(bars))
}

/// The colour of a model component, the same in every panel: blue for wires (H-tree), green
/// for row decoding, red for bitlines, purple for sensing and the column periphery, olive for
/// the cells themselves, grey for area no component claims.
fn component_colour(component: &str) -> RGBColor {
    match component {
        "htree" => PALETTE[0],
        "predecoder" | "mat_periphery" => PALETTE[1],
        "row_decoder" | "decoders" | "row_periphery" => PALETTE[2],
        "bitline" | "bitline_cell" => PALETTE[3],
        "sense_amp" | "column_periphery" => PALETTE[4],
        "mux" => PALETTE[5],
        "mux_decoder" => PALETTE[6],
        "precharge" => RGBColor(0x17, 0xbe, 0xcf),
        "cells" | "write_pulse" => RGBColor(0xbc, 0xbd, 0x22),
        _ => RGBColor(0xc7, 0xc7, 0xc7),
    }
}

/// Four panels (read latency, read energy, leakage, area), each with one horizontal bar per
/// technology and array stacked by component, its total at the end, and a legend of the
/// components it shows.
fn draw_details(canvas: &HtmlCanvasElement, report: &DetailsReport) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&bg()).map_err(|e| e.to_string())?;
    let bars: Vec<(String, &nvmcalc::study::details::ArrayDetails)> = report
        .technologies
        .iter()
        .flat_map(|t| {
            t.arrays()
                .map(|(array, a)| (format!("{} · {array}", t.id), a))
        })
        .collect();
    if bars.is_empty() {
        return Err("no designed array to draw".into());
    }
    let panels = root.split_evenly((DETAIL_PANELS.len(), 1));
    for (metric, panel) in DETAIL_PANELS.iter().zip(&panels) {
        draw_detail_panel(panel, *metric, &bars)?;
    }
    root.present().map_err(|e| e.to_string())
}

type Panel = DrawingArea<CanvasBackend, plotters::coord::Shift>;

fn draw_detail_panel(
    panel: &Panel,
    metric: Metric,
    bars: &[(String, &nvmcalc::study::details::ArrayDetails)],
) -> Result<(), String> {
    let (w, _) = panel.dim_in_pixel();
    let (plot, key) = panel.split_horizontally(w.saturating_sub(LEGEND_PX));
    let n = bars.len();
    let lists: Vec<_> = bars.iter().map(|(_, a)| a.metric(metric)).collect();
    let x_max = lists
        .iter()
        .map(|l| l.total.max(l.parts_sum))
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let x_max = if x_max > 0.0 { x_max * 1.2 } else { 1.0 };
    let unit = metric.unit();
    let mut chart = ChartBuilder::on(&plot)
        .caption(format!("{} ({unit})", metric.label()), font(15))
        .margin(6)
        .margin_right(14)
        .x_label_area_size(38)
        .y_label_area_size(130)
        .build_cartesian_2d(0f64..x_max, -0.5f64..(n as f64 - 0.5))
        .map_err(|e| e.to_string())?;
    // The first bar on top.
    let row = |i: usize| (n - 1 - i) as f64;
    chart
        .configure_mesh()
        .axis_style(fg())
        .bold_line_style(fg().mix(0.2))
        .light_line_style(fg().mix(0.08))
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                bars[n - 1 - i as usize].0.clone()
            } else {
                String::new()
            }
        })
        .x_labels(6)
        .x_label_formatter(&|x| sig(*x))
        .x_desc(unit)
        .x_max_light_lines(1)
        .label_style(font(12))
        .axis_desc_style(font(12))
        .draw()
        .map_err(|e| e.to_string())?;

    let half = 0.34;
    let drawn = |v: f64| v.is_finite() && v > 0.0;
    for (i, list) in lists.iter().enumerate() {
        let y = row(i);
        let mut x0 = 0.0;
        let segments = list
            .parts
            .iter()
            .map(|p| (p.component.as_str(), p.value))
            .chain(std::iter::once(("unassigned", list.unassigned)));
        for (component, value) in segments {
            if !drawn(value) {
                continue;
            }
            let colour = component_colour(component);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x0, y - half), (x0 + value, y + half)],
                    colour.filled(),
                )))
                .map_err(|e| e.to_string())?;
            x0 += value;
        }
        let style = font(11).pos(Pos::new(HPos::Left, VPos::Center));
        chart
            .draw_series(std::iter::once(Text::new(
                format!(" {} {unit}", sig(list.total)),
                (x0, y),
                style,
            )))
            .map_err(|e| e.to_string())?;
    }

    // The legend: the components drawn in this panel, in the model's order (every array lists
    // the same components of a metric).
    let mut shown: Vec<(&str, &str)> = lists
        .first()
        .map(|l| l.parts.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(k, _)| {
            lists
                .iter()
                .any(|l| l.parts.get(*k).is_some_and(|p| drawn(p.value)))
        })
        .map(|(_, p)| (p.component.as_str(), p.label.as_str()))
        .collect();
    if lists.iter().any(|l| drawn(l.unassigned)) {
        shown.push(("unassigned", "unassigned (corners)"));
    }
    let font = font(12);
    for (k, (component, label)) in shown.iter().enumerate() {
        let y = 30 + k as i32 * 17;
        key.draw(&Rectangle::new(
            [(4, y - 5), (16, y + 5)],
            component_colour(component).filled(),
        ))
        .map_err(|e| e.to_string())?;
        key.draw(&Text::new(
            label.to_string(),
            (22, y),
            font.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The series legend, the same box on every chart, at `position`.
fn legend<'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, CanvasBackend, CT>,
    position: SeriesLabelPosition,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(bg().mix(0.85))
        .border_style(fg())
        .label_font(font(13))
        .draw()
        .map_err(|e| e.to_string())
}

/// A short axis label from a preset name: the part before the first parenthesis, cut at a comma
/// or space when longer than 28 characters.
fn short_label(name: &str) -> String {
    const MAX: usize = 28;
    let s = name.split('(').next().unwrap_or(name).trim();
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let head: String = s.chars().take(MAX).collect();
    let cut = head
        .rfind(',')
        .or_else(|| head.rfind(' '))
        .unwrap_or(head.len());
    head[..cut].trim_end().to_string()
}
