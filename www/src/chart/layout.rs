//! What a chart decides before it draws, as pure functions of names, colours and pixel sizes (no
//! canvas, so they are tested natively): the series colours, legend names that tell every series
//! apart, where the legend goes, how the x labels fit their slots, whether a ratio axis is
//! logarithmic, which capacity ticks are labelled, and whether any two label boxes overlap.
//!
//! Text widths come from a `measure` function (pixels of a text in the label font): the page
//! measures with the browser, the tests estimate with [`estimate_text_px`].

use plotters::style::RGBColor;

/// The baseline's colour in every chart: a neutral grey, apart from every series colour and
/// readable on the light and the dark background.
pub(crate) const BASELINE_COLOUR: RGBColor = RGBColor(0x8c, 0x8c, 0x8c);

/// Series colours in order: no two alike (CIE76 ΔE ≥ 25 between any two and from
/// [`BASELINE_COLOUR`]), each with a contrast of at least 2 : 1 on the white and on the dark page
/// background. The first nine are the familiar "category 10" hues without their grey.
pub(crate) const SERIES_COLOURS: [RGBColor; 16] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
    RGBColor(0x63, 0x79, 0x39),
    RGBColor(0xa6, 0x76, 0x1d),
    RGBColor(0xff, 0x98, 0x96),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xe7, 0x29, 0x8a),
    RGBColor(0xe6, 0xab, 0x02),
    RGBColor(0x9e, 0x9a, 0xc8),
];

/// The colour of each technology of a chart, in order: the baseline grey, the others the series
/// colours in turn (a run holds at most 16 technologies, so none repeats; past 16 they would
/// cycle).
pub(crate) fn technology_colours(ids: &[&str], baseline: &str) -> Vec<RGBColor> {
    let mut next = 0;
    ids.iter()
        .map(|id| {
            if *id == baseline {
                BASELINE_COLOUR
            } else {
                let c = SERIES_COLOURS[next % SERIES_COLOURS.len()];
                next += 1;
                c
            }
        })
        .collect()
}

/// `#rrggbb` of a colour (for CSS and the canvas's `data-series-colors`).
pub(crate) fn css_hex(c: RGBColor) -> String {
    let RGBColor(r, g, b) = c;
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Separates a label's name from what tells it apart (`STT-MRAM 1T-1MTJ · stt_16nm`); the x
/// labels break there first.
pub(crate) const DETAIL_SEPARATOR: &str = " · ";

/// Labels that tell every series apart: each `(id, short label)` keeps its short label unless
/// another has the same one; then it gets its id after [`DETAIL_SEPARATOR`] (and, should two
/// ids be alike too, its position).
pub(crate) fn unique_labels(entries: &[(&str, String)]) -> Vec<String> {
    let count = |label: &str| entries.iter().filter(|(_, l)| l == label).count();
    let first: Vec<String> = entries
        .iter()
        .map(|(id, label)| {
            if count(label) > 1 {
                format!("{label}{DETAIL_SEPARATOR}{id}")
            } else {
                label.clone()
            }
        })
        .collect();
    first
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if first.iter().filter(|m| *m == l).count() > 1 {
                format!("{l} #{}", i + 1)
            } else {
                l.clone()
            }
        })
        .collect()
}

/// `text` in lines no wider than `max_px` (a word wider than that is a line of its own).
pub(crate) fn wrap_words(text: &str, max_px: f64, measure: &dyn Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if measure(&format!("{line} {word}")) <= max_px => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A JSON array of strings (for a data attribute that tests parse).
pub(crate) fn json_strings<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| {
            let mut out = String::from('"');
            for c in s.as_ref().chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        })
        .collect();
    format!("[{}]", quoted.join(","))
}

/// A conservative width of `text` in a sans-serif font of `font_px` pixels (wider than most
/// fonts draw it), for layout without a browser.
pub(crate) fn estimate_text_px(text: &str, font_px: f64) -> f64 {
    text.chars().count() as f64 * font_px * 0.62
}

/// A rectangle of text on the canvas, pixels, `x0 < x1`, `y0 < y1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LabelBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl LabelBox {
    fn overlaps(&self, other: &LabelBox) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

/// Whether any two of `boxes` overlap (touching edges do not).
pub(crate) fn any_overlap(boxes: &[LabelBox]) -> bool {
    boxes
        .iter()
        .enumerate()
        .any(|(i, a)| boxes[i + 1..].iter().any(|b| a.overlaps(b)))
}

/// Pixels kept free between two neighbouring labels.
const LABEL_GAP_PX: f64 = 6.0;
/// Height of a line of label text, as a multiple of the font size.
const LINE_HEIGHT: f64 = 1.25;
/// The longest a vertical x label may be (longer ones are cut with an ellipsis), pixels.
const MAX_VERTICAL_PX: f64 = 180.0;

/// How the x labels of a chart of categories are written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum XLabelMode {
    /// One horizontal line each.
    Flat,
    /// Up to two horizontal lines each.
    Wrapped,
    /// Turned to read upwards, in one line or two side by side (then every `step`-th one only,
    /// when even one line is too wide for a slot).
    Vertical { step: usize },
}

/// The x labels as drawn: the mode, each label's lines (empty for a label left out), the font
/// size and the height they need under the axis.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct XLabels {
    pub mode: XLabelMode,
    pub lines: Vec<Vec<String>>,
    pub font_px: f64,
    pub height_px: f64,
}

/// `label` in at most two lines: at [`DETAIL_SEPARATOR`] when it has one, else at the space
/// nearest its middle; one line when it has neither.
pub(crate) fn two_lines(label: &str) -> Vec<String> {
    if let Some((a, b)) = label.split_once(DETAIL_SEPARATOR) {
        return vec![a.to_string(), b.to_string()];
    }
    let middle = label.len() / 2;
    let cut = label
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle));
    match cut {
        Some(i) => vec![
            label[..i].trim_end_matches(',').to_string(),
            label[i + 1..].to_string(),
        ],
        None => vec![label.to_string()],
    }
}

/// `text` cut with an ellipsis to at most `max_px` wide.
fn fit(text: &str, max_px: f64, measure: &dyn Fn(&str) -> f64) -> String {
    if measure(text) <= max_px {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len())
        .rev()
        .map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end()))
        .find(|t| measure(t) <= max_px)
        .unwrap_or_else(|| "…".to_string())
}

/// How `labels`, one per slot of `slot_px` pixels, fit under the axis: flat if every one fits
/// its slot, else in two lines if those fit, else turned upright (one in `step` when the slots
/// are narrower than a line).
pub(crate) fn x_labels(
    labels: &[String],
    slot_px: f64,
    font_px: f64,
    measure: &dyn Fn(&str) -> f64,
) -> XLabels {
    let line_px = font_px * LINE_HEIGHT;
    let fits = |lines: &[String]| lines.iter().all(|l| measure(l) + LABEL_GAP_PX <= slot_px);
    if labels.iter().all(|l| fits(std::slice::from_ref(l))) {
        return XLabels {
            mode: XLabelMode::Flat,
            lines: labels.iter().map(|l| vec![l.clone()]).collect(),
            font_px,
            height_px: line_px + 8.0,
        };
    }
    let wrapped: Vec<Vec<String>> = labels.iter().map(|l| two_lines(l)).collect();
    if wrapped.iter().all(|l| fits(l)) {
        return XLabels {
            mode: XLabelMode::Wrapped,
            lines: wrapped,
            font_px,
            height_px: 2.0 * line_px + 8.0,
        };
    }
    // Upright: two lines side by side where a slot holds them and one would be cut (a cut label
    // may lose what tells it apart), else one line, in every `step`-th slot.
    let two_fit = 2.0 * line_px + LABEL_GAP_PX <= slot_px;
    let step = ((line_px + LABEL_GAP_PX) / slot_px.max(1.0))
        .ceil()
        .max(1.0) as usize;
    let lines: Vec<Vec<String>> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i % step != 0 {
                Vec::new()
            } else if two_fit && measure(l) > MAX_VERTICAL_PX {
                two_lines(l)
                    .iter()
                    .map(|part| fit(part, MAX_VERTICAL_PX, measure))
                    .collect()
            } else {
                vec![fit(l, MAX_VERTICAL_PX, measure)]
            }
        })
        .collect();
    let longest = lines
        .iter()
        .flatten()
        .map(|l| measure(l))
        .fold(0.0, f64::max);
    XLabels {
        mode: XLabelMode::Vertical { step },
        lines,
        font_px,
        height_px: longest + 10.0,
    }
}

/// The x labels as drawn, each one's lines joined by a space; those left out are not listed.
pub(crate) fn drawn_labels(layout: &XLabels) -> Vec<String> {
    layout
        .lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.join(" "))
        .collect()
}

/// The boxes of x labels laid out as `layout` says, centred on `centres_px`, their top at
/// `top_px` (pixels of the canvas).
pub(crate) fn x_label_boxes(
    layout: &XLabels,
    centres_px: &[f64],
    top_px: f64,
    measure: &dyn Fn(&str) -> f64,
) -> Vec<LabelBox> {
    let line_px = layout.font_px * LINE_HEIGHT;
    layout
        .lines
        .iter()
        .zip(centres_px)
        .filter(|(lines, _)| !lines.is_empty())
        .map(|(lines, &x)| {
            let widest = lines.iter().map(|l| measure(l)).fold(0.0, f64::max);
            let across = lines.len() as f64 * line_px;
            match layout.mode {
                XLabelMode::Vertical { .. } => LabelBox {
                    x0: x - across / 2.0,
                    y0: top_px,
                    x1: x + across / 2.0,
                    y1: top_px + widest,
                },
                _ => LabelBox {
                    x0: x - widest / 2.0,
                    y0: top_px,
                    x1: x + widest / 2.0,
                    y1: top_px + lines.len() as f64 * line_px,
                },
            }
        })
        .collect()
}

/// Where the legend goes: in a column right of the plot, or in rows under it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum LegendPlace {
    /// A column `width_px` wide right of the plot.
    Right { width_px: f64 },
    /// Rows under the plot: the entries of each row (indices), `height_px` in all.
    Below {
        rows: Vec<Vec<usize>>,
        height_px: f64,
    },
}

/// Pixels of a legend entry besides its text: the swatch, the space after it and before the
/// next entry.
const LEGEND_ENTRY_EXTRA_PX: f64 = 34.0;
/// Height of a legend row, pixels.
pub(crate) const LEGEND_ROW_PX: f64 = 18.0;
/// The narrowest canvas that keeps its legend beside the plot, pixels.
const LEGEND_BESIDE_MIN_CANVAS_PX: f64 = 600.0;

/// Where a legend of entries with text widths `text_px` goes on a canvas `canvas_px` wide:
/// beside the plot when the canvas is wide, there are more than four entries (a few fit in one
/// row below) and the widest takes at most 30 % of the width; else in as many rows under the
/// plot as the entries need.
pub(crate) fn legend_place(text_px: &[f64], canvas_px: f64) -> LegendPlace {
    let entry = |w: f64| w + LEGEND_ENTRY_EXTRA_PX;
    let widest = text_px.iter().map(|w| entry(*w)).fold(0.0, f64::max);
    if canvas_px >= LEGEND_BESIDE_MIN_CANVAS_PX && text_px.len() > 4 && widest <= 0.3 * canvas_px {
        return LegendPlace::Right {
            width_px: widest + 8.0,
        };
    }
    let room = (canvas_px - 24.0).max(1.0);
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = f64::INFINITY;
    for (i, w) in text_px.iter().enumerate() {
        let w = entry(*w);
        if used + w > room {
            rows.push(Vec::new());
            used = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(i);
        }
        used += w;
    }
    let height_px = rows.len() as f64 * LEGEND_ROW_PX + 8.0;
    LegendPlace::Below { rows, height_px }
}

/// Whether a ratio axis should be logarithmic: when its positive values, with the line at 1,
/// span more than a decade.
pub(crate) fn ratio_axis_is_log(values: &[f64]) -> bool {
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite() && **v > 0.0)
        .fold((1.0_f64, 1.0_f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    hi / lo > 10.0
}

/// Ticks of a logarithmic ratio axis: 1–2–5 steps (0.5×, 1×, 2×, 5×, 10×…), or only the powers
/// of ten when those would be too many, finer steps when the range is narrow.
pub(crate) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
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
        ticks(&[1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0])
    } else if steps.len() <= 9 {
        steps
    } else {
        ticks(&[1.0])
    }
}

/// The capacity ticks (MiB, powers of two) of a log-2 axis from `lo_mib` to `hi_mib` that
/// `plot_px` pixels can label without overlap: every `step`-th power of two, the step the
/// smallest that leaves each label (`label_px` of a tick) its width and a gap.
pub(crate) fn capacity_ticks(
    lo_mib: f64,
    hi_mib: f64,
    plot_px: f64,
    label_px: &dyn Fn(f64) -> f64,
) -> Vec<f64> {
    if !(lo_mib > 0.0 && hi_mib > lo_mib && plot_px > 0.0) {
        return Vec::new();
    }
    let (from, to) = (lo_mib.log2().ceil() as i32, hi_mib.log2().floor() as i32);
    let all: Vec<f64> = (from..=to).map(|e| 2f64.powi(e)).collect();
    // Pixels between neighbouring powers of two on the log-2 axis.
    let octave_px = plot_px / (hi_mib / lo_mib).log2();
    let widest = all.iter().map(|c| label_px(*c)).fold(0.0, f64::max);
    let step = ((widest + LABEL_GAP_PX) / octave_px).ceil().max(1.0) as usize;
    // Keep 1 MiB when it is on the axis, so the labelled ticks are the same for every range.
    let anchor = (-from).rem_euclid(step as i32) as usize;
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| i % step == anchor % step)
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure12(t: &str) -> f64 {
        estimate_text_px(t, 12.0)
    }

    /// CIE76 colour difference of two sRGB colours.
    fn delta_e(a: RGBColor, b: RGBColor) -> f64 {
        fn lab(c: RGBColor) -> [f64; 3] {
            let lin = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            let (r, g, b) = (lin(c.0), lin(c.1), lin(c.2));
            let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
            let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
            let f = |t: f64| {
                if t > 0.008856 {
                    t.cbrt()
                } else {
                    7.787 * t + 16.0 / 116.0
                }
            };
            [
                116.0 * f(y) - 16.0,
                500.0 * (f(x) - f(y)),
                200.0 * (f(y) - f(z)),
            ]
        }
        let (p, q) = (lab(a), lab(b));
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    }

    #[test]
    fn series_colours_are_far_apart_and_from_the_baseline_grey() {
        for (i, a) in SERIES_COLOURS.iter().enumerate() {
            assert!(
                delta_e(*a, BASELINE_COLOUR) >= 25.0,
                "{} is near the baseline grey",
                css_hex(*a)
            );
            for b in &SERIES_COLOURS[i + 1..] {
                let d = delta_e(*a, *b);
                assert!(d >= 25.0, "{} and {}: ΔE {d:.1}", css_hex(*a), css_hex(*b));
            }
        }
    }

    #[test]
    fn sixteen_technologies_never_share_a_colour_and_the_baseline_is_grey() {
        let ids: Vec<String> = (0..16).map(|i| format!("t{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for baseline in ["t0", "t7", "t15", "none"] {
            let colours = technology_colours(&refs, baseline);
            let hex: Vec<String> = colours.iter().map(|c| css_hex(*c)).collect();
            let mut unique = hex.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 16, "baseline {baseline}: {hex:?}");
            if let Some(k) = refs.iter().position(|id| *id == baseline) {
                assert_eq!(colours[k], BASELINE_COLOUR);
            }
        }
        // The baseline's colour does not depend on where it is.
        assert_eq!(technology_colours(&["a", "b"], "b")[1], BASELINE_COLOUR);
    }

    #[test]
    fn colliding_short_labels_get_their_ids() {
        let labels = unique_labels(&[
            ("stt_16nm", "STT-MRAM 1T-1MTJ".into()),
            ("sram_16nm", "SRAM 6T".into()),
            ("stt_16nm_deepnvm", "STT-MRAM 1T-1MTJ".into()),
        ]);
        assert_eq!(
            labels,
            [
                "STT-MRAM 1T-1MTJ · stt_16nm",
                "SRAM 6T",
                "STT-MRAM 1T-1MTJ · stt_16nm_deepnvm"
            ]
        );
        let same = unique_labels(&[("a", "X".into()), ("a", "X".into())]);
        assert_ne!(same[0], same[1]);
    }

    #[test]
    fn two_lines_breaks_at_the_id_then_near_the_middle() {
        assert_eq!(
            two_lines("STT-MRAM 1T-1MTJ · stt_16nm"),
            ["STT-MRAM 1T-1MTJ", "stt_16nm"]
        );
        assert_eq!(
            two_lines("SRAM 6T, 146 F²"),
            ["SRAM 6T", "146 F²"].map(String::from)
        );
        assert_eq!(two_lines("ResNet-50"), ["ResNet-50"]);
    }

    fn names(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("STT-MRAM 1T-1MTJ, {i}00 F²"))
            .collect()
    }

    /// Lays out `labels` on slots of `slot` px and returns whether any boxes overlap.
    fn overlap_at(labels: &[String], slot: f64) -> (XLabels, bool) {
        let layout = x_labels(labels, slot, 12.0, &measure12);
        let centres: Vec<f64> = (0..labels.len()).map(|i| (i as f64 + 0.5) * slot).collect();
        let boxes = x_label_boxes(&layout, &centres, 300.0, &measure12);
        (layout, any_overlap(&boxes))
    }

    #[test]
    fn x_labels_go_flat_wrapped_or_upright_as_the_slot_allows() {
        let few = vec!["SRAM".to_string(), "STT".to_string()];
        assert_eq!(overlap_at(&few, 200.0).0.mode, XLabelMode::Flat);
        let long = names(3);
        assert_eq!(overlap_at(&long, 130.0).0.mode, XLabelMode::Wrapped);
        let (layout, _) = overlap_at(&names(11), 60.0);
        assert_eq!(layout.mode, XLabelMode::Vertical { step: 1 });
        let (layout, _) = overlap_at(&names(40), 8.0);
        assert!(matches!(layout.mode, XLabelMode::Vertical { step } if step >= 3));
    }

    #[test]
    fn x_labels_never_overlap_at_any_slot_width() {
        for n in [1, 2, 4, 7, 11, 16, 33] {
            for slot in [4.0, 9.0, 15.0, 22.0, 35.0, 60.0, 90.0, 140.0, 250.0] {
                let (layout, overlap) = overlap_at(&names(n), slot);
                assert!(!overlap, "{n} labels on {slot} px slots: {layout:?}");
            }
        }
    }

    #[test]
    fn overlap_is_found_where_boxes_share_area() {
        let b = |x0, x1| LabelBox {
            x0,
            y0: 0.0,
            x1,
            y1: 10.0,
        };
        assert!(any_overlap(&[b(0.0, 10.0), b(20.0, 30.0), b(25.0, 40.0)]));
        assert!(!any_overlap(&[b(0.0, 10.0), b(10.0, 20.0)]));
    }

    #[test]
    fn long_upright_labels_take_two_lines_where_the_slot_holds_them() {
        let long =
            vec!["STT-MRAM 1T-1MTJ, DeepNVM++-calibrated · stt_16nm_deepnvm".to_string(); 4];
        let layout = x_labels(&long, 60.0, 12.0, &measure12);
        assert_eq!(layout.mode, XLabelMode::Vertical { step: 1 });
        assert_eq!(layout.lines[0].len(), 2);
        assert_eq!(layout.lines[0][1], "stt_16nm_deepnvm");
        let narrow = x_labels(&long, 25.0, 12.0, &measure12);
        assert_eq!(narrow.lines[0].len(), 1);
    }

    #[test]
    fn vertical_labels_are_cut_to_their_longest() {
        let long = vec!["x".repeat(80); 30];
        let layout = x_labels(&long, 10.0, 12.0, &measure12);
        let widest = layout.lines.iter().flatten().map(|l| measure12(l));
        assert!(widest.fold(0.0, f64::max) <= MAX_VERTICAL_PX);
        assert!(layout.lines[0][0].ends_with('…'));
    }

    #[test]
    fn legend_goes_beside_on_a_wide_canvas_and_below_on_a_narrow_one() {
        let eleven = vec![120.0; 11];
        assert!(matches!(
            legend_place(&eleven, 760.0),
            LegendPlace::Right { .. }
        ));
        match legend_place(&eleven, 360.0) {
            LegendPlace::Below { rows, height_px } => {
                assert_eq!(rows.iter().map(Vec::len).sum::<usize>(), 11);
                assert!(rows.len() >= 6, "{rows:?}");
                assert_eq!(height_px, rows.len() as f64 * LEGEND_ROW_PX + 8.0);
                for row in rows {
                    let w: f64 = row.iter().map(|_| 120.0 + LEGEND_ENTRY_EXTRA_PX).sum();
                    assert!(row.len() == 1 || w <= 360.0 - 24.0);
                }
            }
            other => panic!("{other:?}"),
        }
        // Three entries: one row under the plot even on a desktop.
        assert!(matches!(
            legend_place(&[40.0, 40.0, 30.0], 760.0),
            LegendPlace::Below { ref rows, .. } if rows.len() == 1
        ));
    }

    #[test]
    fn words_wrap_to_the_width() {
        let text = "ResNet-50 inference, batch 32 on GTX 1080 Ti. Delay = execution time";
        let lines = wrap_words(text, 160.0, &measure12);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines
            .iter()
            .all(|l| measure12(l) <= 160.0 || !l.contains(' ')));
        assert_eq!(lines.join(" "), text);
        assert!(wrap_words("", 100.0, &measure12).is_empty());
    }

    #[test]
    fn json_strings_escapes_quotes() {
        assert_eq!(
            json_strings(&["SRAM 6T, 146 F²", "a \"b\" \\"]),
            r#"["SRAM 6T, 146 F²","a \"b\" \\"]"#
        );
        assert_eq!(json_strings::<&str>(&[]), "[]");
    }

    #[test]
    fn a_ratio_axis_is_logarithmic_past_a_decade() {
        assert!(!ratio_axis_is_log(&[0.5, 1.3, 4.0]));
        assert!(ratio_axis_is_log(&[0.5, 1.3, 100.0]));
        assert!(ratio_axis_is_log(&[0.05, 1.0]));
        assert!(!ratio_axis_is_log(&[f64::NAN, 0.0, 2.0]));
    }

    #[test]
    fn log_ticks_cover_the_range() {
        assert_eq!(log_ticks(0.4, 12.0), [0.5, 1.0, 2.0, 5.0, 10.0]);
        assert_eq!(
            log_ticks(1e-3, 1e3),
            [1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1000.0]
        );
    }

    #[test]
    fn capacity_ticks_thin_out_on_a_phone() {
        let label = |mib: f64| {
            let text = if mib >= 1.0 {
                format!("{mib} MiB")
            } else {
                format!("{} KiB", mib * 1024.0)
            };
            measure12(&text)
        };
        // 256 KiB to 256 MiB.
        let desktop = capacity_ticks(0.2, 300.0, 560.0, &label);
        let phone = capacity_ticks(0.2, 300.0, 250.0, &label);
        assert!(phone.len() < desktop.len(), "{phone:?} vs {desktop:?}");
        assert!(phone.contains(&1.0) && desktop.contains(&1.0));
        // The labelled ticks leave every label its room.
        let octave_px = 250.0 / (300.0f64 / 0.2).log2();
        for pair in phone.windows(2) {
            let apart_px = (pair[1] / pair[0]).log2() * octave_px;
            assert!(
                apart_px >= (label(pair[0]) + label(pair[1])) / 2.0,
                "{pair:?}"
            );
        }
    }
}
