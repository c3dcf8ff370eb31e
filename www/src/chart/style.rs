//! What every chart shares: the light or dark colours of the page, the fonts and text
//! measure, the title band that makes an exported picture say what it shows, the legend drawn
//! outside the plot, the x labels of categories, and the line at 1 that ends each chart of
//! ratios. The decisions (colours, places, fits) are the pure functions of `layout`.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;
use plotters_canvas::CanvasBackend;

use crate::chart::layout::{
    estimate_text_px, x_label_boxes, LabelBox, LegendPlace, XLabelMode, XLabels, LEGEND_ROW_PX,
};

/// Series colours, in order (the bar colours of the iso-capacity chart come first).
pub(crate) use crate::chart::layout::SERIES_COLOURS as PALETTE;

/// A drawing area of the page's canvas.
pub(crate) type Area = DrawingArea<CanvasBackend, plotters::coord::Shift>;

/// What a chart drew, for the canvas's data attributes (what tests read instead of pixels):
/// its legend (names and colours, in order), its x labels of categories, whether two x labels
/// overlap, and whether the y axis is logarithmic.
#[derive(Clone, Debug, Default)]
pub(crate) struct Drawn {
    pub legend: Vec<(String, RGBColor)>,
    pub x_labels: Vec<String>,
    pub x_labels_overlap: bool,
    pub log_y: bool,
}

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

/// Sets the canvas's height to `height` px when it differs (a change clears the canvas).
pub(crate) fn set_height(canvas: &web_sys::HtmlCanvasElement, height: u32) {
    if canvas.height() != height {
        canvas.set_height(height);
    }
}

/// A bold sans-serif font of `size` px in the foreground colour.
pub(crate) fn bold(size: u32) -> TextStyle<'static> {
    ("sans-serif", size, FontStyle::Bold)
        .into_font()
        .color(&fg())
}

/// The width in pixels of `text` in a sans-serif font of `size` px: the browser's measure, or a
/// conservative estimate where there is none.
///
/// Measured with a detached canvas's `measureText`, which lays out nothing: plotters' own
/// measure (a `<span>` in the page, read back with `offsetWidth`) forced the browser to lay out
/// the whole page once per label, most of a redraw's time with eleven technologies. Widths are
/// rounded to whole pixels as `offsetWidth` rounds them, and remembered: a redraw measures the
/// labels of the previous one again.
pub(crate) fn text_px(text: &str, size: u32) -> f64 {
    thread_local! {
        static MEASURE: std::cell::RefCell<Option<TextMeasure>> = const { std::cell::RefCell::new(None) };
    }
    MEASURE.with(|m| {
        let mut m = m.borrow_mut();
        if m.is_none() {
            *m = TextMeasure::new();
        }
        m.as_mut()
            .and_then(|m| m.width(text, size))
            .unwrap_or_else(|| estimate_text_px(text, f64::from(size)))
    })
}

/// A 2D context of a canvas that is never shown, and the widths it measured.
struct TextMeasure {
    context: web_sys::CanvasRenderingContext2d,
    font_px: u32,
    widths: std::collections::HashMap<(u32, String), f64>,
}

impl TextMeasure {
    /// Labels kept at most (a redraw has a few hundred).
    const KEEP: usize = 4096;

    fn new() -> Option<TextMeasure> {
        use wasm_bindgen::JsCast;
        let canvas = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into::<web_sys::HtmlCanvasElement>()
            .ok()?;
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(TextMeasure {
            context,
            font_px: 0,
            widths: std::collections::HashMap::new(),
        })
    }

    fn width(&mut self, text: &str, size: u32) -> Option<f64> {
        let key = (size, text.to_string());
        if let Some(w) = self.widths.get(&key) {
            return Some(*w);
        }
        if self.font_px != size {
            // The font plotters' canvas backend draws with.
            self.context.set_font(&format!("{size}px sans-serif"));
            self.font_px = size;
        }
        let w = self.context.measure_text(text).ok()?.width().round();
        if self.widths.len() >= Self::KEEP {
            self.widths.clear();
        }
        self.widths.insert(key, w);
        Some(w)
    }
}

/// The title band's lines: the title (bold), then `detail` wrapped to `width_px`.
pub(crate) fn band_lines(title: &str, detail: &str, width_px: f64) -> (Vec<String>, Vec<String>) {
    let room = width_px - 2.0 * BAND_MARGIN_PX;
    let title = crate::chart::layout::wrap_words(title, room, &|t| text_px(t, TITLE_PX));
    let detail = crate::chart::layout::wrap_words(detail, room, &|t| text_px(t, DETAIL_PX));
    (title, detail)
}

/// Fonts of the title band, px.
const TITLE_PX: u32 = 15;
const DETAIL_PX: u32 = 12;
/// Left and right margin of the title band, px.
const BAND_MARGIN_PX: f64 = 10.0;

/// The height of a title band of those lines, px.
pub(crate) fn band_height(lines: &(Vec<String>, Vec<String>)) -> u32 {
    (8 + lines.0.len() as u32 * 19 + lines.1.len() as u32 * 15 + 6).max(30)
}

/// Draws the title band (`band_lines`) at the top of `area`: what the chart shows, then the
/// workload and the accounting, so an exported picture says what it is.
pub(crate) fn draw_band(area: &Area, lines: &(Vec<String>, Vec<String>)) -> Result<(), String> {
    let mut y = 8;
    let at = Pos::new(HPos::Left, VPos::Top);
    for l in &lines.0 {
        area.draw(&Text::new(
            l.clone(),
            (BAND_MARGIN_PX as i32, y),
            bold(TITLE_PX).pos(at),
        ))
        .map_err(|e| e.to_string())?;
        y += 19;
    }
    let muted_colour = fg().mix(0.75);
    let muted = font(DETAIL_PX).color(&muted_colour);
    for l in &lines.1 {
        area.draw(&Text::new(
            l.clone(),
            (BAND_MARGIN_PX as i32, y),
            muted.clone().pos(at),
        ))
        .map_err(|e| e.to_string())?;
        y += 15;
    }
    Ok(())
}

/// Font of legend entries, px.
pub(crate) const LEGEND_PX: u32 = 12;

/// The legend's place for `entries` on a canvas `width_px` wide.
pub(crate) fn legend_place_for(entries: &[(String, RGBColor)], width_px: f64) -> LegendPlace {
    let widths: Vec<f64> = entries.iter().map(|(n, _)| text_px(n, LEGEND_PX)).collect();
    crate::chart::layout::legend_place(&widths, width_px)
}

/// Draws the legend into `area` (the column beside the plot, or the rows under it), a swatch
/// of each series' colour before its name; a line swatch when `lines`.
pub(crate) fn draw_legend(
    area: &Area,
    entries: &[(String, RGBColor)],
    place: &LegendPlace,
    lines: bool,
) -> Result<(), String> {
    let text_style = font(LEGEND_PX).pos(Pos::new(HPos::Left, VPos::Center));
    let entry = |x: i32, y: i32, (name, colour): &(String, RGBColor)| -> Result<(), String> {
        if lines {
            area.draw(&PathElement::new(
                vec![(x, y), (x + 14, y)],
                colour.stroke_width(3),
            ))
        } else {
            area.draw(&Rectangle::new(
                [(x, y - 5), (x + 12, y + 5)],
                colour.filled(),
            ))
        }
        .map_err(|e| e.to_string())?;
        area.draw(&Text::new(name.clone(), (x + 20, y), text_style.clone()))
            .map_err(|e| e.to_string())
    };
    match place {
        LegendPlace::Right { .. } => {
            for (k, e) in entries.iter().enumerate() {
                entry(6, 14 + (k as f64 * LEGEND_ROW_PX) as i32, e)?;
            }
        }
        LegendPlace::Below { rows, .. } => {
            for (r, row) in rows.iter().enumerate() {
                let y = 10 + (r as f64 * LEGEND_ROW_PX) as i32;
                let mut x = 12.0;
                for &k in row {
                    let Some(e) = entries.get(k) else { continue };
                    entry(x as i32, y, e)?;
                    x += text_px(&e.0, LEGEND_PX) + 34.0;
                }
            }
        }
    }
    Ok(())
}

/// Splits `area` for a legend: (the rest, the legend's area).
pub(crate) fn split_for_legend(area: &Area, place: &LegendPlace) -> (Area, Area) {
    let (w, h) = area.dim_in_pixel();
    match place {
        LegendPlace::Right { width_px } => {
            area.split_horizontally(w.saturating_sub(*width_px as u32))
        }
        LegendPlace::Below { height_px, .. } => {
            area.split_vertically(h.saturating_sub(*height_px as u32))
        }
    }
}

/// Font of the x labels of categories, px.
pub(crate) const X_LABEL_PX: u32 = 12;

/// Draws x labels laid out as `layout` says under the axis, centred on `centres_px` (canvas
/// pixels of `root`), their top at `top_px`; returns their boxes.
pub(crate) fn draw_x_labels(
    root: &Area,
    layout: &XLabels,
    centres_px: &[f64],
    top_px: f64,
) -> Result<Vec<LabelBox>, String> {
    let measure = |t: &str| text_px(t, X_LABEL_PX);
    let line_px = f64::from(X_LABEL_PX) * 1.25;
    for (lines, &x) in layout.lines.iter().zip(centres_px) {
        for (j, l) in lines.iter().enumerate() {
            let (pos, style) = match layout.mode {
                XLabelMode::Vertical { .. } => (
                    {
                        // Lines side by side, centred on the group together.
                        let offset = (j as f64 - (lines.len() as f64 - 1.0) / 2.0) * line_px;
                        ((x + offset) as i32, top_px as i32)
                    },
                    font(X_LABEL_PX)
                        .transform(FontTransform::Rotate270)
                        .pos(Pos::new(HPos::Right, VPos::Center)),
                ),
                _ => (
                    (x as i32, (top_px + j as f64 * line_px) as i32),
                    font(X_LABEL_PX).pos(Pos::new(HPos::Center, VPos::Top)),
                ),
            };
            root.draw(&Text::new(l.clone(), pos, style))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(x_label_boxes(layout, centres_px, top_px, &measure))
}

/// The end of a chart of ratios over `n` groups at x = 0 … n − 1: the line at 1 (the
/// baseline).
pub(crate) fn finish_ratio_chart<Y: Ranged<ValueType = f64>>(
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
    Ok(())
}

pub(crate) use crate::label::short_label;
