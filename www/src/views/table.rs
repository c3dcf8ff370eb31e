//! The numeric tables of iso-capacity and iso-area: a column is a JSON key, a header, a unit and
//! how its value is written; a cell shows the value rounded with its unit (an engineering prefix
//! where the unit is an SI one: `174.8 µJ`), keeps it whole in `data-value` in the column's unit
//! and says on hover where it comes from. Every table sits in a [`ScrollBox`]: its first column
//! stays in view and a cue says when more columns are to the right.

use leptos::html::Div;
use leptos::prelude::*;
use nvmcalc::format::{engineering, ratio, sig};
use nvmcalc::report::FailedRecord;

use crate::label::capacity_label;

/// How a number is shown.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Shown {
    /// With the engineering prefix that suits it: the column's value times `to_si` is in the SI
    /// unit `si_unit` (a column in mW: `to_si` 1e-3, `si_unit` "W", shown as `8.695 W`).
    Si { to_si: f64, si_unit: &'static str },
    /// 4 significant digits and the column's unit (a unit a prefix does not suit, like mm²).
    Sig,
    /// `0.42×`, shaded as a ratio column.
    Ratio,
    /// A capacity in KiB shown with binary prefixes.
    Capacity,
    /// A whole number.
    Whole,
}

/// One numeric column of a table: JSON key, header, unit, value, how it is shown.
pub(crate) struct Column<R> {
    key: &'static str,
    header: &'static str,
    unit: &'static str,
    value: fn(&R) -> Option<f64>,
    shown: Shown,
}

pub(crate) const fn col<R>(
    key: &'static str,
    header: &'static str,
    unit: &'static str,
    value: fn(&R) -> Option<f64>,
    shown: Shown,
) -> Column<R> {
    Column {
        key,
        header,
        unit,
        value,
        shown,
    }
}

/// A column of an SI unit given in seconds, joules, watts… (`to_si` 1) or in one of their
/// multiples (`ns`: 1e-9), shown with the prefix that suits each value.
pub(crate) const fn si(to_si: f64, si_unit: &'static str) -> Shown {
    Shown::Si { to_si, si_unit }
}

/// The columns of a table in reading order: the ratios to the baseline first (the answer), then
/// the absolute values, each group in its given order.
pub(crate) fn ratios_first<R>(columns: Vec<&Column<R>>) -> Vec<&Column<R>> {
    let (ratios, rest): (Vec<_>, Vec<_>) =
        columns.into_iter().partition(|c| c.shown == Shown::Ratio);
    ratios.into_iter().chain(rest).collect()
}

/// The header cells: the quantity, with `× baseline` under a ratio's (the other cells carry
/// their unit), the JSON key and unit on hover.
pub(crate) fn header_cells<R>(columns: &[&Column<R>]) -> impl IntoView {
    columns
        .iter()
        .map(|c| {
            let ratio_col = c.shown == Shown::Ratio;
            let title = if c.unit.is_empty() {
                c.key.to_string()
            } else {
                format!("{} ({}); data-value in {}", c.header, c.key, c.unit)
            };
            view! {
                <th scope="col" class:ratio=ratio_col title=title data-key=c.key>
                    {c.header}
                    {ratio_col.then(|| view! { <br /><span class="unit">{c.unit}</span> })}
                </th>
            }
        })
        .collect_view()
}

/// The cells of one row; `tip` says where an absolute value comes from.
pub(crate) fn value_cells<R>(columns: &[&Column<R>], record: &R, tip: &str) -> impl IntoView {
    columns
        .iter()
        .map(|c| {
            let v = (c.value)(record);
            let raw = v.map(|x| x.to_string()).unwrap_or_default();
            let ratio_col = c.shown == Shown::Ratio;
            let shown = match (c.shown, v) {
                (Shown::Ratio, _) => ratio(v),
                (_, None) => "—".into(),
                (Shown::Si { to_si, si_unit }, Some(x)) => engineering(x * to_si, si_unit),
                (Shown::Sig, Some(x)) if c.unit.is_empty() => sig(x),
                (Shown::Sig, Some(x)) => format!("{} {}", sig(x), c.unit),
                (Shown::Capacity, Some(x)) => capacity_label(x),
                (Shown::Whole, Some(x)) => format!("{x}"),
            };
            let title = match v {
                Some(x) if ratio_col => {
                    format!("{x} × the baseline's {}", c.header.to_lowercase())
                }
                Some(x) => format!("{x} {} — {tip}", c.unit),
                None => "undefined: the baseline's value is zero".into(),
            };
            view! {
                <td data-key=c.key data-value=raw title=title class:ratio=ratio_col>
                    {shown}
                </td>
            }
        })
        .collect_view()
}

/// The row header of a technology: its short name and one line of facts, each on one line (cut
/// with an ellipsis when narrow); on hover the whole name, the facts, `more` (the id, what the
/// line leaves out) and `notes`.
pub(crate) fn tech_header(
    name: &str,
    meta: String,
    more: &str,
    notes: Option<&str>,
) -> impl IntoView {
    let mut title = format!("{name}\n{meta}\n{more}");
    if let Some(n) = notes.filter(|n| !n.is_empty()) {
        title.push_str(&format!("\nConditions: {n}"));
    }
    view! {
        <th scope="row" title=title>
            <span class="tech-name">{crate::label::short_label(name)}</span>
            <span class="tech-meta">{meta}</span>
        </th>
    }
}

/// A table's scroll box: the table scrolls sideways inside it, its first column stays (CSS
/// `position: sticky`), and while columns are hidden to the right the box carries
/// `data-more-right`, a shadow at its right edge and a line above it that says so (style.css,
/// "Wide tables").
#[component]
pub(crate) fn ScrollBox(children: Children) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let more_right = RwSignal::new(false);
    let measure = move || {
        if let Some(el) = node.get_untracked() {
            let hidden_px = el.scroll_width() - el.client_width() - el.scroll_left();
            more_right.set(hidden_px > 2);
        }
    };
    Effect::new(move |_| {
        if node.get().is_some() {
            measure();
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || on_resize.remove());
    view! {
        <div class="table-box" data-more-right=move || more_right.get().then_some("1")>
            <p class="scroll-cue" class:hidden=move || !more_right.get()>"More columns to the right: scroll sideways →"</p>
            <div class="table-scroll" node_ref=node on:scroll=move |_| measure()>
                {children()}
            </div>
        </div>
    }
}

/// The rows of technologies that could not be built: the name, then the reason across the number
/// columns (the others are still compared; issue #16).
pub(crate) fn failed_rows(failed: &[FailedRecord], columns: usize) -> impl IntoView {
    failed
        .iter()
        .map(|f| {
            view! {
                <tr data-tech=f.id.clone() class="failed">
                    <th scope="row">
                        <span class="tech-name">{f.name.clone()}</span>
                        <span class="tech-meta">{format!("{} · not built", f.id)}</span>
                    </th>
                    // The reason stays in view while the table scrolls sideways (a phone shows
                    // only the first columns): it is held at the left edge, as wide as the screen.
                    <td class="row-error" colspan=columns.to_string()><div class="row-error-text">{f.error.clone()}</div></td>
                </tr>
            }
        })
        .collect_view()
}

/// The technologies an analysis went on without (a sweep or an across-networks table has a
/// column per technology, so they are listed under it rather than as rows): each with its name,
/// id and reason.
pub(crate) fn failed_list(failed: &[FailedRecord], what: &'static str) -> impl IntoView {
    (!failed.is_empty()).then(|| {
        let items = failed
            .iter()
            .map(|f| {
                view! {
                    <li data-tech=f.id.clone() class="failed">
                        <strong>{f.name.clone()}</strong>
                        {format!(" ({}) ", f.id)}
                        <span class="row-error">{format!("not built: {}", f.error)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="warning failed-list" id="failed" role="status">
                <p>{format!("Left out of {what} (the others are compared without them):")}</p>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// Where a deep-learning result's traffic and time come from, and the traffic model's measured
/// accuracy (`#traffic-note`), next to the numbers.
pub(crate) fn traffic_note(note: Option<String>) -> impl IntoView {
    note.map(|n| view! { <p class="summary traffic-note" id="traffic-note">{n}</p> })
}

/// The report's warnings (what the reader of the numbers must know), if any.
pub(crate) fn warnings(list: Vec<String>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        view! {
            <ul class="warning" id="warnings">{list.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
        }
    })
}
