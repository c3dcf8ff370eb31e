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

use crate::chart::style::{bg, fg, finish_ratio_chart, font, short_label, PALETTE};

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

/// The CSS colour of technology `k`'s bars (for the tables' column groups).
pub(crate) fn series_css(k: usize) -> String {
    let RGBColor(r, g, b) = PALETTE[k % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Ticks of a logarithmic ratio axis: 1–2–5 steps (0.5×, 1×, 2×, 5×, 10×…), or only the powers
/// of ten when those would be too many.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (from, to) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let within = |v: &f64| (lo..=hi).contains(v);
    let ticks = |mantissas: &[f64]| -> Vec<f64> {
        (from..=to)
            .flat_map(|e| mantissas.iter().map(move |m| m * 10f64.powi(e)))
            .filter(within)
            .collect()
    };
    let steps = ticks(&[1.0, 2.0, 5.0]);
    if steps.len() < 3 {
        // A narrow range (every ratio near 1): finer steps.
        ticks(&[1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0])
    } else if steps.len() <= 9 {
        steps
    } else {
        ticks(&[1.0])
    }
}

/// Most bars that get their value written above them (more would overlap).
const MAX_LABELLED_BARS: usize = 16;

/// Draws the chart of `report` in the chosen metric; marks the canvas with `data-metric`.
pub(crate) fn draw(canvas: &HtmlCanvasElement, report: &WorkloadsReport) -> Result<(), String> {
    let m = metric();
    draw_metric(canvas, report, m)?;
    let _ = canvas.set_attribute("data-metric", m.word());
    Ok(())
}

fn draw_metric(
    canvas: &HtmlCanvasElement,
    report: &WorkloadsReport,
    m: WorkloadsMetric,
) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&bg()).map_err(|e| e.to_string())?;

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
    // Room below the lowest bar, and above the highest for its value and the legend.
    let span = (hi / lo).ln().max(2.0_f64.ln());
    let y_lo = lo / (span * 0.08).exp();
    let y_hi = hi * (span * 0.45).exp();

    let n = nets.len();
    let baseline_name = techs
        .iter()
        .find(|t| t.id == report.baseline)
        .map(|t| short_label(&t.name))
        .unwrap_or_else(|| report.baseline.clone());
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "{} per network, normalised to {baseline_name} (log scale, lower is better)",
                m.label()
            ),
            font(16),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
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

    // Network names under their groups, every other one a line lower so that long names fit.
    let label_font = font(12).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, net) in nets.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64, y_lo));
        let drop = if n > 6 && i % 2 == 1 { 18 } else { 4 };
        root.draw(&Text::new(
            short_label(&net.name),
            (x, y + drop),
            label_font.clone(),
        ))
        .map_err(|e| e.to_string())?;
    }

    let width = 0.8 / techs.len() as f64;
    let labelled = n * techs.len() <= MAX_LABELLED_BARS;
    for (k, t) in techs.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let base = t.id == report.baseline;
        let x0 = |i: usize| i as f64 - 0.4 + k as f64 * width;
        let label = if base {
            format!("{} (baseline)", short_label(&t.name))
        } else {
            short_label(&t.name)
        };
        let bar = |i: usize| -> Option<[(f64, f64); 2]> {
            let v = values[k][i]?;
            Some([(x0(i), v.max(1.0)), (x0(i) + width * 0.9, v.min(1.0))])
        };
        let drawn = if base {
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
        };
        drawn
            .map_err(|e| e.to_string())?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        if labelled && !base {
            let texts = (0..n).filter_map(|i| {
                let v = values[k][i]?;
                let above = v >= 1.0;
                let style = font(11).pos(Pos::new(
                    HPos::Center,
                    if above { VPos::Bottom } else { VPos::Top },
                ));
                let x = x0(i) + width * 0.45;
                Some(Text::new(format!("{}×", sig(v)), (x, v), style))
            });
            chart.draw_series(texts).map_err(|e| e.to_string())?;
        }
    }
    finish_ratio_chart(&root, &mut chart, n)
}
