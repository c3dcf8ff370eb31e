//! The scalability chart: EDP, energy and L2 leakage energy against L2 capacity, three panels
//! on log–log axes, a line per technology, a ring at each cell's iso-area point and a dashed
//! line where the baseline's leakage overtakes its dynamic energy.

use nvmcalc::format::{kib_label, sig};
use nvmcalc::report::ScalingReport;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::style::{bg, fg, font, legend, short_label, PALETTE};

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

/// The canvas height of the scalability chart: its panels one above the other.
pub(crate) fn scaling_height() -> u32 {
    SCALING_PANEL_PX * SCALING_PANELS.len() as u32
}

/// EDP, energy and L2 leakage energy against capacity (MiB), both axes logarithmic, one line per
/// technology, in three panels; each cell's iso-area point is ringed.
pub(crate) fn draw_scaling(
    canvas: &HtmlCanvasElement,
    report: &ScalingReport,
) -> Result<(), String> {
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
