//! The across-networks chart: grouped bars, one group per network and one bar per technology
//! (the series colours and legend of the other charts), of one metric divided by the baseline's
//! on a logarithmic axis. Each bar starts at the line at 1 (the baseline): up is worse than the
//! baseline, down is better; the baseline itself is a tick on the line.
//!
//! The metric (EDP unless the user picks another beside the tables) is a view setting, not part
//! of the scenario or the link: it lives as long as the page, so a new result keeps it.

use std::cell::Cell;

use nvmcalc::format::sig;
use nvmcalc::study::networks::{WorkloadsMetric, WorkloadsReport};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::layout::{
    self, any_overlap, css_hex, drawn_labels, log_ticks, unique_labels, x_labels, LegendPlace,
};
use crate::chart::style::{
    band_height, bg, draw_band, draw_legend, draw_x_labels, fg, finish_ratio_chart, font,
    legend_place_for, set_height, short_label, split_for_legend, text_px, Drawn, X_LABEL_PX,
};

thread_local! {
    static METRIC: Cell<WorkloadsMetric> = const { Cell::new(WorkloadsMetric::Edp) };
}

/// The metric the chart shows.
pub(crate) fn metric() -> WorkloadsMetric {
    METRIC.with(Cell::get)
}

/// Chooses the metric the chart shows (from the next drawing on).
pub(crate) fn set_metric(m: WorkloadsMetric) {
    METRIC.with(|c| c.set(m));
}

/// The CSS colour of technology `k`'s bars (for the tables' column groups): the baseline's
/// grey or its own series colour, as in the chart.
pub(crate) fn series_css(report: &WorkloadsReport, k: usize) -> String {
    technology_colours(report)
        .get(k)
        .map(|c| css_hex(*c))
        .unwrap_or_default()
}

/// The colour of each technology, in the report's order.
fn technology_colours(report: &WorkloadsReport) -> Vec<RGBColor> {
    let ids: Vec<&str> = report.technologies.iter().map(|t| t.id.as_str()).collect();
    layout::technology_colours(&ids, &report.baseline)
}

/// Most bars that get their value written above them (more would overlap).
const MAX_LABELLED_BARS: usize = 16;
/// Width of the y labels and title, and the margin around the plot, px.
const Y_AREA_PX: u32 = 64;
const MARGIN_PX: u32 = 12;

/// Draws the chart of `report` in the chosen metric under the title band `band`; marks the
/// canvas with `data-metric`.
pub(crate) fn draw(
    canvas: &HtmlCanvasElement,
    band: &(Vec<String>, Vec<String>),
    plot_px: u32,
    report: &WorkloadsReport,
) -> Result<Drawn, String> {
    let m = metric();
    let drawn = draw_metric(canvas, band, plot_px, report, m)?;
    let _ = canvas.set_attribute("data-metric", m.word());
    Ok(drawn)
}

fn draw_metric(
    canvas: &HtmlCanvasElement,
    band: &(Vec<String>, Vec<String>),
    plot_px: u32,
    report: &WorkloadsReport,
    m: WorkloadsMetric,
) -> Result<Drawn, String> {
    let nets = &report.networks;
    let techs = &report.technologies;
    if nets.is_empty() || techs.is_empty() {
        return Err("no network or no technology to draw".into());
    }
    // values[k][i]: technology k on network i.
    let values: Vec<Vec<Option<f64>>> = (0..techs.len())
        .map(|k| {
            nets.iter()
                .map(|n| {
                    n.technologies
                        .get(k)
                        .and_then(|r| m.ratio(r))
                        .filter(|v| v.is_finite() && *v > 0.0)
                })
                .collect()
        })
        .collect();
    let (lo, hi) = values
        .iter()
        .flatten()
        .flatten()
        .fold((1.0_f64, 1.0_f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    // Room below the lowest bar, and above the highest for its value.
    let span = (hi / lo).ln().max(2.0_f64.ln());
    let y_lo = lo / (span * 0.08).exp();
    let y_hi = hi * (span * 0.2).exp();

    let n = nets.len();
    let colours = technology_colours(report);
    let names = unique_labels(
        &techs
            .iter()
            .map(|t| (t.id.as_str(), short_label(&t.name)))
            .collect::<Vec<_>>(),
    );
    let legend: Vec<(String, RGBColor)> = techs
        .iter()
        .zip(names)
        .zip(&colours)
        .map(|((t, name), c)| {
            let name = if t.id == report.baseline {
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
    let plot_w = f64::from(width) - legend_w - f64::from(2 * MARGIN_PX + Y_AREA_PX);
    let net_labels: Vec<String> = nets.iter().map(|n| short_label(&n.name)).collect();
    let measure = |t: &str| text_px(t, X_LABEL_PX);
    let xl = x_labels(
        &net_labels,
        plot_w / n as f64,
        f64::from(X_LABEL_PX),
        &measure,
    );
    let band_px = band_height(band);
    let x_area = xl.height_px.ceil() as u32 + 8;
    set_height(canvas, band_px + plot_px + x_area + legend_h.ceil() as u32);

    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&bg()).map_err(|e| e.to_string())?;
    let (top, rest) = root.split_vertically(band_px);
    draw_band(&top, band)?;
    let (body, legend_area) = split_for_legend(&rest, &place);
    draw_legend(&legend_area, &legend, &place, false)?;

    let baseline_name = techs
        .iter()
        .find(|t| t.id == report.baseline)
        .map(|t| short_label(&t.name))
        .unwrap_or_else(|| report.baseline.clone());
    let mut chart = ChartBuilder::on(&body)
        .margin(MARGIN_PX)
        .margin_top(8)
        .x_label_area_size(x_area)
        .y_label_area_size(Y_AREA_PX)
        .build_cartesian_2d(
            -0.5f64..(n as f64 - 0.5),
            (y_lo..y_hi)
                .log_scale()
                .with_key_points(log_ticks(y_lo, y_hi)),
        )
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .axis_style(fg())
        .bold_line_style(fg().mix(0.2))
        .light_line_style(fg().mix(0.08))
        .disable_x_mesh()
        .x_labels(0)
        .y_max_light_lines(0)
        .y_label_formatter(&|y| format!("{}×", sig(*y)))
        .y_desc(format!("{} ÷ {baseline_name}'s (log scale)", m.label()))
        .label_style(font(12))
        .axis_desc_style(font(13))
        .draw()
        .map_err(|e| e.to_string())?;

    let width = 0.8 / techs.len() as f64;
    let bar_px = {
        let (a, _) = chart.backend_coord(&(0.0, 1.0));
        let (b, _) = chart.backend_coord(&(width, 1.0));
        f64::from(b - a)
    };
    let labelled = n * techs.len() <= MAX_LABELLED_BARS;
    for (k, t) in techs.iter().enumerate() {
        let colour = colours[k];
        let base = t.id == report.baseline;
        let x0 = |i: usize| i as f64 - 0.4 + k as f64 * width;
        let bar = |i: usize| -> Option<[(f64, f64); 2]> {
            let v = values[k][i]?;
            Some([(x0(i), v.max(1.0)), (x0(i) + width * 0.9, v.min(1.0))])
        };
        if base {
            // The baseline is 1 on every network: a thick tick on the line.
            chart.draw_series((0..n).filter_map(|i| {
                let [(a, _), (b, _)] = bar(i)?;
                Some(PathElement::new(
                    vec![(a, 1.0), (b, 1.0)],
                    colour.stroke_width(4),
                ))
            }))
        } else {
            chart.draw_series((0..n).filter_map(|i| Some(Rectangle::new(bar(i)?, colour.filled()))))
        }
        .map_err(|e| e.to_string())?;
        if labelled && !base {
            let texts = (0..n).filter_map(|i| {
                let v = values[k][i]?;
                let text = format!("{}×", sig(v));
                if text_px(&text, 11) + 2.0 > bar_px {
                    return None;
                }
                let above = v >= 1.0;
                let style = font(11).pos(Pos::new(
                    HPos::Center,
                    if above { VPos::Bottom } else { VPos::Top },
                ));
                let x = x0(i) + width * 0.45;
                Some(Text::new(text, (x, v), style))
            });
            chart.draw_series(texts).map_err(|e| e.to_string())?;
        }
    }
    finish_ratio_chart(&mut chart, n)?;
    let centres: Vec<f64> = (0..n)
        .map(|i| f64::from(chart.backend_coord(&(i as f64, y_lo)).0))
        .collect();
    let axis_px = f64::from(chart.backend_coord(&(0.0, y_lo)).1);
    let boxes = draw_x_labels(&root, &xl, &centres, axis_px + 6.0)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(Drawn {
        legend,
        x_labels: drawn_labels(&xl),
        x_labels_overlap: any_overlap(&boxes),
        log_y: true,
    })
}
