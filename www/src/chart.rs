//! The grouped bar chart of energy, delay and EDP normalised to the baseline (plotters-canvas).

use nvmcalc::report::{sig, ComparisonReport};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The bars drawn per technology: (label, colour, value picker).
const SERIES: [(
    &str,
    RGBColor,
    fn(&nvmcalc::report::TechnologyRecord) -> Option<f64>,
); 3] = [
    ("energy", RGBColor(0x1f, 0x77, 0xb4), |t| {
        t.energy_j_vs_baseline
    }),
    ("delay", RGBColor(0xff, 0x7f, 0x0e), |t| {
        t.delay_s_vs_baseline
    }),
    ("EDP", RGBColor(0x2c, 0xa0, 0x2c), |t| t.edp_js_vs_baseline),
];

/// Draws the chart; returns a message when drawing failed (the page shows it instead of the chart).
pub fn draw(canvas: &HtmlCanvasElement, report: &ComparisonReport) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;

    let techs = &report.technologies;
    let n = techs.len().max(1);
    let max_ratio = techs
        .iter()
        .flat_map(|t| SERIES.iter().filter_map(move |(_, _, pick)| pick(t)))
        .fold(1.0_f64, f64::max);
    let y_max = max_ratio * 1.18;

    let baseline_name = techs
        .iter()
        .find(|t| t.id == report.baseline)
        .map(|t| short_label(&t.name))
        .unwrap_or_else(|| report.baseline.clone());
    let labels: Vec<String> = techs.iter().map(|t| short_label(&t.name)).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Normalised to {baseline_name} (lower is better)"),
            ("sans-serif", 16),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..y_max)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
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
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(|e| e.to_string())?;

    let width = 0.8 / SERIES.len() as f64;
    for (k, (name, colour, pick)) in SERIES.iter().enumerate() {
        let bars = techs.iter().enumerate().filter_map(|(i, t)| {
            let v = pick(t)?;
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
        let values = techs.iter().enumerate().filter_map(|(i, t)| {
            let v = pick(t)?;
            let x = i as f64 - 0.4 + (k as f64 + 0.46) * width;
            let style = ("sans-serif", 11)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            Some(Text::new(sig(v), (x, v + y_max * 0.005), style))
        });
        chart.draw_series(values).map_err(|e| e.to_string())?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, 1.0), (n as f64 - 0.5, 1.0)],
            BLACK.stroke_width(1),
        )))
        .map_err(|e| e.to_string())?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

/// A short axis label from a preset name: the part before the first parenthesis.
fn short_label(name: &str) -> String {
    let s = name.split('(').next().unwrap_or(name).trim();
    let s: String = s.chars().take(28).collect();
    s
}
