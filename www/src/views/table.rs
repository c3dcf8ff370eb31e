//! The numeric tables of iso-capacity and iso-area: a column is a JSON key, a header, a unit and
//! how its value is written; a cell shows the value rounded, keeps it whole in `data-value` and
//! says on hover where it comes from.

use leptos::prelude::*;
use nvmcalc::format::{ratio, sig};
use nvmcalc::report::FailedRecord;

use crate::label::capacity_label;

/// How a number is shown.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Shown {
    /// 4 significant digits.
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

pub(crate) fn header_cells<R>(columns: &[&Column<R>]) -> impl IntoView {
    columns
        .iter()
        .map(|c| {
            let ratio_col = c.shown == Shown::Ratio;
            view! {
                <th scope="col" class:ratio=ratio_col>
                    {c.header}
                    <br />
                    <span class="unit">{c.unit}</span>
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
                (Shown::Sig, Some(x)) => sig(x),
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
