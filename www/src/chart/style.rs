//! What every chart shares: the series palette, the light or dark colours of the page, the
//! fonts, the legend box, the short labels of preset names, and the line at 1 that ends each
//! chart of ratios.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// Series colours, in order (the bar colours of the iso-capacity chart come first).
pub(crate) const PALETTE: [RGBColor; 8] = [
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
pub(crate) fn bg() -> RGBColor {
    if DARK.with(|d| d.get()) {
        RGBColor(0x16, 0x1a, 0x22)
    } else {
        WHITE
    }
}

/// Text, axes and reference lines: the page's foreground (`--fg`).
pub(crate) fn fg() -> RGBColor {
    if DARK.with(|d| d.get()) {
        RGBColor(0xe4, 0xe8, 0xef)
    } else {
        BLACK
    }
}

/// A sans-serif font of `size` px in the foreground colour.
pub(crate) fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&fg())
}

/// The end of a chart of ratios over `n` groups at x = 0 … n − 1: the line at 1 (the
/// baseline), the legend, and the picture shown.
pub(crate) fn finish_ratio_chart<Y: Ranged<ValueType = f64>>(
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

/// The series legend, the same box on every chart, at `position`.
pub(crate) fn legend<'a, CT: CoordTranslate>(
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

pub(crate) use crate::label::short_label;
