//! The scalability chart: EDP, energy and L2 leakage energy against L2 capacity, three panels
//! on log–log axes, a line per technology, a ring at each cell's iso-area point and a dashed
//! line where the baseline's leakage overtakes its dynamic energy.

use nvmcalc::format::{kib_label, sig};
use nvmcalc::report::ScalingReport;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::layout::{
    any_overlap, capacity_ticks, technology_colours, unique_labels, x_label_boxes, LegendPlace,
    XLabelMode, XLabels, BASELINE_COLOUR,
};
use crate::chart::style::{
    band_height, bg, draw_band, draw_legend, fg, font, legend_place_for, set_height, short_label,
    split_for_legend, text_px, Area, Drawn,
};

/// Font of the capacity and value ticks, px.
const TICK_PX: u32 = 12;

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
/// Width of a panel's y labels and title, and its margin, px.
const Y_AREA_PX: u32 = 72;
const MARGIN_PX: u32 = 10;

/// EDP, energy and L2 leakage energy against capacity (MiB), both axes logarithmic, one line per
/// technology, in three panels under the title band; each cell's iso-area point is ringed; one
/// legend for the three, beside them on a wide canvas and under them on a narrow one.
pub(crate) fn draw_scaling(
    canvas: &HtmlCanvasElement,
    band: &(Vec<String>, Vec<String>),
    report: &ScalingReport,
) -> Result<Drawn, String> {
    let ids: Vec<&str> = report.technologies.iter().map(String::as_str).collect();
    let colours = technology_colours(&ids, &report.baseline);
    let names = unique_labels(
        &ids.iter()
            .map(|id| (*id, short_label(report.name_of(id))))
            .collect::<Vec<_>>(),
    );
    let legend: Vec<(String, RGBColor)> = ids
        .iter()
        .zip(names)
        .zip(&colours)
        .map(|((id, name), c)| {
            let name = if *id == report.baseline {
                format!("{name} (baseline)")
            } else {
                name
            };
            (name, *c)
        })
        .collect();
    let width = canvas.width();
    let place = legend_place_for(&legend, f64::from(width));
    let (legend_w, legend_h) = match &place {
        LegendPlace::Right { width_px } => (*width_px, 0.0),
        LegendPlace::Below { height_px, .. } => (0.0, *height_px),
    };
    let band_px = band_height(band);
    let panels_px = SCALING_PANEL_PX * SCALING_PANELS.len() as u32;
    set_height(canvas, band_px + panels_px + legend_h.ceil() as u32);

    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&bg()).map_err(|e| e.to_string())?;
    let (top, rest) = root.split_vertically(band_px);
    draw_band(&top, band)?;
    let (body, legend_area) = split_for_legend(&rest, &place);
    draw_legend(&legend_area, &legend, &place, true)?;
    let plot_px = f64::from(width) - legend_w - f64::from(2 * MARGIN_PX + Y_AREA_PX);
    let panels = body.split_evenly((SCALING_PANELS.len(), 1));
    let mut overlap = false;
    let mut ticks = Vec::new();
    for (panel, (title, unit, pick)) in panels.iter().zip(SCALING_PANELS) {
        let (o, t) = scaling_panel(panel, report, &colours, title, unit, pick, plot_px)?;
        overlap |= o;
        ticks = t;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(Drawn {
        legend,
        x_labels: ticks,
        x_labels_overlap: overlap,
        log_y: true,
    })
}

/// One panel; returns whether two of its capacity labels overlap, and those labels.
fn scaling_panel(
    area: &Area,
    report: &ScalingReport,
    colours: &[RGBColor],
    title: &str,
    unit: &str,
    pick: Pick,
    plot_px: f64,
) -> Result<(bool, Vec<String>), String> {
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
    let y_range = (y_lo / 1.6)..(y_hi * 2.0);
    // Capacity ticks a label apart, however narrow the canvas.
    let tick_label = |mib: f64| kib_label(mib * 1024.0);
    let ticks = capacity_ticks(x_range.start, x_range.end, plot_px, &|mib| {
        text_px(&tick_label(mib), TICK_PX)
    });
    let labels: Vec<String> = ticks.iter().map(|t| tick_label(*t)).collect();

    let mut chart = ChartBuilder::on(area)
        .caption(format!("{title} vs L2 capacity (log–log)"), font(15))
        .margin(MARGIN_PX)
        .x_label_area_size(40)
        .y_label_area_size(Y_AREA_PX)
        .build_cartesian_2d(
            x_range
                .clone()
                .log_scale()
                .base(2.0)
                .with_key_points(ticks.clone()),
            y_range.clone().log_scale(),
        )
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("L2 capacity (MiB, log scale)")
        .y_desc(format!("{unit}, log scale"))
        .x_labels(ticks.len().max(1))
        .y_labels(6)
        .x_max_light_lines(0)
        .y_max_light_lines(1)
        .x_label_formatter(&|x| kib_label(x * 1024.0))
        .y_label_formatter(&|y| sig(*y))
        .label_style(font(TICK_PX))
        .axis_desc_style(font(13))
        .axis_style(fg())
        .bold_line_style(fg().mix(0.2))
        .light_line_style(fg().mix(0.08))
        .draw()
        .map_err(|e| e.to_string())?;

    for (k, id) in report.technologies.iter().enumerate() {
        let colour = colours.get(k).copied().unwrap_or(BASELINE_COLOUR);
        let points: Vec<(f64, f64)> = sweep
            .iter()
            .filter(|(t, _, _)| t == id)
            .map(|(_, x, y)| (*x, *y))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
            .map_err(|e| e.to_string())?;
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
    // The capacity labels as plotters centres them under their ticks.
    let centres: Vec<f64> = ticks
        .iter()
        .map(|t| f64::from(chart.backend_coord(&(*t, y_range.start)).0))
        .collect();
    let layout = XLabels {
        mode: XLabelMode::Flat,
        lines: labels.iter().map(|l| vec![l.clone()]).collect(),
        font_px: f64::from(TICK_PX),
        height_px: 0.0,
    };
    let boxes = x_label_boxes(&layout, &centres, 0.0, &|t| text_px(t, TICK_PX));
    Ok((any_overlap(&boxes), labels))
}
