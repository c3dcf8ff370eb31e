//! Grouped bars of ratios to the baseline: energy, delay and EDP for iso-capacity; capacity,
//! DRAM bytes and EDP for iso-area. Each bar has its value above it.

use nvmcalc::format::sig;
use nvmcalc::report::{ComparisonReport, IsoAreaReport};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::style::{bg, fg, finish_ratio_chart, font, short_label, PALETTE};

/// One group of bars: its name, colour and one value per technology.
type BarSeries = (&'static str, RGBColor, Vec<Option<f64>>);

pub(crate) fn draw_iso_capacity(
    canvas: &HtmlCanvasElement,
    report: &ComparisonReport,
) -> Result<(), String> {
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

pub(crate) fn draw_iso_area(
    canvas: &HtmlCanvasElement,
    report: &IsoAreaReport,
) -> Result<(), String> {
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
