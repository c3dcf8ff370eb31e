//! Grouped bars of ratios to the baseline: energy, delay and EDP for iso-capacity; capacity,
//! DRAM bytes and EDP for iso-area. The title band on top, the legend outside the plot, the
//! technologies' names under their groups (flat, in two lines or upright, whichever fits), the y
//! axis logarithmic when the ratios span more than a decade, and a bar's value above it where
//! there is room for it.

use nvmcalc::format::sig;
use nvmcalc::report::{ComparisonReport, IsoAreaReport};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::layout::LegendPlace;
use crate::chart::layout::{
    any_overlap, drawn_labels, log_ticks, ratio_axis_is_log, unique_labels, x_labels,
};
use crate::chart::style::{
    band_height, bg, draw_band, draw_legend, draw_x_labels, fg, finish_ratio_chart, font,
    legend_place_for, set_height, short_label, split_for_legend, text_px, Drawn, PALETTE,
    X_LABEL_PX,
};

/// One group of bars: its name, colour and one value per technology.
type BarSeries = (&'static str, RGBColor, Vec<Option<f64>>);

/// Width of the y labels and title, and the margin around the plot, px.
const Y_AREA_PX: u32 = 64;
const MARGIN_PX: u32 = 12;

/// The label of each technology under its group: its short name, with its id when two share one.
fn technology_labels<'a>(techs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let entries: Vec<(&str, String)> = techs.map(|(id, name)| (id, short_label(name))).collect();
    unique_labels(&entries)
}

pub(crate) fn draw_iso_capacity(
    canvas: &HtmlCanvasElement,
    band: &(Vec<String>, Vec<String>),
    plot_px: u32,
    report: &ComparisonReport,
) -> Result<Drawn, String> {
    let techs = &report.technologies;
    let pick = |f: fn(&nvmcalc::report::TechnologyRecord) -> Option<f64>| -> Vec<Option<f64>> {
        techs.iter().map(f).collect()
    };
    let series = [
        ("energy", PALETTE[0], pick(|t| t.energy_j_vs_baseline)),
        ("delay", PALETTE[1], pick(|t| t.delay_s_vs_baseline)),
        ("EDP", PALETTE[2], pick(|t| t.edp_js_vs_baseline)),
    ];
    let labels = technology_labels(techs.iter().map(|t| (t.id.as_str(), t.name.as_str())));
    draw_bars(
        canvas,
        band,
        plot_px,
        "ratio to the baseline",
        &labels,
        &series,
    )
}

pub(crate) fn draw_iso_area(
    canvas: &HtmlCanvasElement,
    band: &(Vec<String>, Vec<String>),
    plot_px: u32,
    report: &IsoAreaReport,
) -> Result<Drawn, String> {
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
    let labels = technology_labels(techs.iter().map(|t| (t.id.as_str(), t.name.as_str())));
    draw_bars(
        canvas,
        band,
        plot_px,
        "ratio to the baseline",
        &labels,
        &series,
    )
}

/// Grouped bars, one group per label, with a line at 1; a legend of the series outside the
/// plot; the canvas as high as the title band, the plot, the x labels and the legend need.
fn draw_bars(
    canvas: &HtmlCanvasElement,
    band: &(Vec<String>, Vec<String>),
    plot_px: u32,
    y_what: &str,
    labels: &[String],
    series: &[BarSeries],
) -> Result<Drawn, String> {
    let width = canvas.width();
    let legend: Vec<(String, RGBColor)> = series
        .iter()
        .map(|(name, colour, _)| (name.to_string(), *colour))
        .collect();
    let place = legend_place_for(&legend, f64::from(width));
    let (legend_w, legend_h) = match &place {
        LegendPlace::Right { width_px } => (*width_px, 0.0),
        LegendPlace::Below { height_px, .. } => (0.0, *height_px),
    };
    let n = labels.len().max(1);
    let plot_w = f64::from(width) - legend_w - f64::from(2 * MARGIN_PX + Y_AREA_PX);
    let measure = |t: &str| text_px(t, X_LABEL_PX);
    let xl = x_labels(labels, plot_w / n as f64, f64::from(X_LABEL_PX), &measure);
    let band_px = band_height(band);
    let height = band_px + plot_px + xl.height_px.ceil() as u32 + 8 + legend_h.ceil() as u32;
    set_height(canvas, height);

    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas 2D context unavailable")?;
    let root = backend.into_drawing_area();
    root.fill(&bg()).map_err(|e| e.to_string())?;
    let (top, rest) = root.split_vertically(band_px);
    draw_band(&top, band)?;
    let (body, legend_area) = split_for_legend(&rest, &place);
    draw_legend(&legend_area, &legend, &place, false)?;

    let values: Vec<f64> = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().flatten().copied())
        .filter(|v| v.is_finite())
        .collect();
    let log_y = ratio_axis_is_log(&values);
    let x_range = -0.5f64..(n as f64 - 0.5);
    let x_area = xl.height_px.ceil() as u32 + 8;
    let mut builder = ChartBuilder::on(&body);
    builder
        .margin(MARGIN_PX)
        .margin_top(8)
        .x_label_area_size(x_area)
        .y_label_area_size(Y_AREA_PX);
    let (centres, axis_px) = if log_y {
        let positive = values.iter().copied().filter(|v| *v > 0.0);
        let (lo, hi) = positive.fold((1.0_f64, 1.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (y_lo, y_hi) = (lo / 1.6, hi * 2.2);
        let mut chart = builder
            .build_cartesian_2d(
                x_range,
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
            .y_desc(format!("{y_what} (×, log scale)"))
            .label_style(font(12))
            .axis_desc_style(font(13))
            .draw()
            .map_err(|e| e.to_string())?;
        draw_groups(&mut chart, labels.len(), series, 1.0, y_hi)?;
        finish_ratio_chart(&mut chart, n)?;
        group_centres(&chart, n, y_lo)
    } else {
        let y_max = values.iter().copied().fold(1.0_f64, f64::max) * 1.18;
        let mut chart = builder
            .build_cartesian_2d(x_range, 0f64..y_max)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .axis_style(fg())
            .bold_line_style(fg().mix(0.2))
            .light_line_style(fg().mix(0.08))
            .disable_x_mesh()
            .x_labels(0)
            .y_max_light_lines(1)
            .y_label_formatter(&|y| format!("{}×", sig(*y)))
            .y_desc(format!("{y_what} (×)"))
            .label_style(font(12))
            .axis_desc_style(font(13))
            .draw()
            .map_err(|e| e.to_string())?;
        draw_groups(&mut chart, labels.len(), series, 0.0, y_max)?;
        finish_ratio_chart(&mut chart, n)?;
        group_centres(&chart, n, 0.0)
    };
    let boxes = draw_x_labels(&root, &xl, &centres, axis_px + 6.0)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(Drawn {
        legend,
        x_labels: drawn_labels(&xl),
        x_labels_overlap: any_overlap(&boxes),
        log_y,
    })
}

type BarChart<'a, 'b, Y> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, Y>>;

/// The canvas x of each group's centre and the canvas y of the x axis.
fn group_centres<Y: Ranged<ValueType = f64>>(
    chart: &BarChart<'_, '_, Y>,
    n: usize,
    y_axis: f64,
) -> (Vec<f64>, f64) {
    let centres = (0..n)
        .map(|i| f64::from(chart.backend_coord(&(i as f64, y_axis)).0))
        .collect();
    let axis = f64::from(chart.backend_coord(&(0.0, y_axis)).1);
    (centres, axis)
}

/// The bars of every series, from `base` (0 on a linear axis, 1 on a logarithmic one) to each
/// value, with the value written above a bar wide enough to hold it.
fn draw_groups<Y: Ranged<ValueType = f64>>(
    chart: &mut BarChart<'_, '_, Y>,
    groups: usize,
    series: &[BarSeries],
    base: f64,
    y_top: f64,
) -> Result<(), String> {
    let width = 0.8 / series.len().max(1) as f64;
    let bar_px = {
        let (a, _) = chart.backend_coord(&(0.0, base));
        let (b, _) = chart.backend_coord(&(width, base));
        f64::from(b - a)
    };
    for (k, (_, colour, values)) in series.iter().enumerate() {
        let shown = |i: usize| {
            values
                .get(i)
                .copied()
                .flatten()
                .filter(|v| v.is_finite() && (base == 0.0 || *v > 0.0))
        };
        let x0 = |i: usize| i as f64 - 0.4 + k as f64 * width;
        let bars = (0..groups).filter_map(|i| {
            let v = shown(i)?;
            Some(Rectangle::new(
                [(x0(i), base), (x0(i) + width * 0.92, v.min(y_top))],
                colour.filled(),
            ))
        });
        chart.draw_series(bars).map_err(|e| e.to_string())?;
        let texts = (0..groups).filter_map(|i| {
            let v = shown(i)?;
            let text = sig(v);
            if text_px(&text, 11) + 2.0 > bar_px {
                return None;
            }
            let below = base > 0.0 && v < base;
            let anchor = if below { VPos::Top } else { VPos::Bottom };
            let style = font(11).pos(Pos::new(HPos::Center, anchor));
            Some(Text::new(text, (x0(i) + width * 0.46, v.min(y_top)), style))
        });
        chart.draw_series(texts).map_err(|e| e.to_string())?;
    }
    Ok(())
}
