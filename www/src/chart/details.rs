//! The cache-details chart: four panels (read latency, read energy, leakage, area), each a
//! horizontal bar per technology and array stacked by circuit component, with the total at the
//! bar's end and a legend of the components drawn. Its height grows with the number of bars.

use nvmcalc::format::sig;
use nvmcalc::study::details::{DetailsReport, Metric};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::style::{band_height, bg, draw_band, fg, font, set_height, Drawn, PALETTE};

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
pub(crate) fn draw_details(
    canvas: &HtmlCanvasElement,
    band: &(Vec<String>, Vec<String>),
    report: &DetailsReport,
) -> Result<Drawn, String> {
    let band_px = band_height(band);
    set_height(canvas, band_px + details_height(report));
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let whole = backend.into_drawing_area();
    whole.fill(&bg()).map_err(|e| e.to_string())?;
    let (top, root) = whole.split_vertically(band_px);
    draw_band(&top, band)?;
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
    whole.present().map_err(|e| e.to_string())?;
    // Each panel has its own legend of components (its own colours): none for the canvas.
    Ok(Drawn::default())
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
