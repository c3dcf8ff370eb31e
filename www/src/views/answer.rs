//! The answer first: above the tables, the "× baseline" figures of an iso-capacity result as a
//! headline, the sentence the core draws from them, how energy and delay were counted in words,
//! how that relates to DeepNVM++'s accounting, with a one-click switch between the two, and, on
//! the opening view, why the page opens with it. Every word comes from the report, so a result
//! computed in the Web Worker is described as it was computed.

use leptos::prelude::*;
use nvmcalc::design::eval::Accounting;
use nvmcalc::report::{times, ComparisonReport};
use nvmcalc::study::reproduce::PAPER_ISO_CAPACITY_EDP_GAIN;

/// The headline of an iso-capacity report. `switch` sets an accounting (the one-click switch);
/// `opening_reason` is shown when the page shows its opening view.
#[component]
pub(crate) fn Answer(
    report: ComparisonReport,
    switch: Callback<Accounting>,
    opening_reason: Option<String>,
) -> impl IntoView {
    let rows = report.headline();
    let takeaway = report.takeaway();
    let accounting = report.accounting.accounting();
    let cache_level = accounting == Some(Accounting::CACHE_LEVEL);
    let base = report
        .technologies
        .iter()
        .find(|t| t.id == report.baseline)
        .map(nvmcalc::report::short_label)
        .unwrap_or_else(|| report.baseline.clone());
    // How much longer the serial sum of the accesses is than the run (the baseline's).
    let serial_over_run = report
        .technologies
        .iter()
        .find(|t| t.id == report.baseline)
        .filter(|t| t.execution_time_s > 0.0 && t.access_time_s > 0.0)
        .map(|t| t.access_time_s / t.execution_time_s);
    let cell = |r: Option<f64>, what: &str| {
        let title = format!("{what} ÷ the baseline's (a ratio; below 1× is better)");
        let text = r.map_or_else(|| "—".to_string(), times);
        let class = match r {
            Some(x) if x < 0.995 => "better",
            Some(x) if x > 1.005 => "worse",
            _ => "same",
        };
        view! { <td class=class title=title data-value=r.map(|x| x.to_string()).unwrap_or_default()>{text}</td> }
    };
    let alone = rows.is_empty();
    let body = rows
        .iter()
        .map(|r| {
            view! {
                <tr data-headline=r.id.clone()>
                    <th scope="row" title=r.label.clone()>
                        <span class="headline-memory">{r.memory.clone()}</span>
                        " "
                        <span class="headline-id">{r.id.clone()}</span>
                    </th>
                    {cell(r.edp_vs_baseline, "EDP")}
                    {cell(r.energy_vs_baseline, "Energy")}
                    {cell(r.delay_vs_baseline, "Delay")}
                    {cell(r.area_vs_baseline, "Area")}
                </tr>
            }
        })
        .collect_view();
    let words = report.accounting.text();
    let paper = format!(
        "DeepNVM++ reports up to {}× (STT-MRAM) and {}× (SOT-MRAM) lower EDP than SRAM on a 3 MiB GTX 1080 Ti-class L2, counted that way (the reproduction below re-runs its setup).",
        PAPER_ISO_CAPACITY_EDP_GAIN[0],
        PAPER_ISO_CAPACITY_EDP_GAIN[1]
    );
    let relation = if cache_level {
        let serial = serial_over_run
            .map(|k| {
                format!(
                    " Here the summed access time is {} the run's time: the GPU's L2 slices serve accesses in parallel, so this counts the arrays, not the run.",
                    times(k)
                )
            })
            .unwrap_or_default();
        format!("This is DeepNVM++'s cache-level accounting: the L2 alone, its accesses' latencies summed one after another as the delay, and its leakage paid over that time. {paper}{serial}")
    } else {
        format!("DeepNVM++ counted the cache alone instead: the summed L2 access time as the delay, leakage over that time, no DRAM. {paper}")
    };
    let (button_text, target) = if cache_level {
        (
            "Count the GPU's run instead",
            Accounting {
                delay: nvmcalc::design::eval::DelayDefinition::ExecutionTime,
                ..Accounting::default()
            },
        )
    } else {
        ("Use DeepNVM++'s accounting", Accounting::CACHE_LEVEL)
    };
    view! {
        <section id="answer" class="answer" aria-labelledby="answer-title">
            <h2 id="answer-title">{format!("Compared with {base}")}</h2>
            {takeaway.map(|t| view! { <p id="takeaway" class="takeaway">{t}</p> })}
            {alone.then(|| view! {
                <p id="takeaway-alone" class="takeaway">
                    {format!("Only the baseline, {base}, is compared: tick another technology under \"Technologies compared\" to see it as a ratio to this one.")}
                </p>
            })}
            <div class="headline-scroll" class:hidden=alone>
                <table id="headline" class="headline">
                    <thead>
                        <tr>
                            <th scope="col">"× baseline"</th>
                            <th scope="col">"EDP"</th>
                            <th scope="col">"Energy"</th>
                            <th scope="col">"Delay"</th>
                            <th scope="col">"Area"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <p id="accounting" class="accounting">
                <strong>"Counted: "</strong>
                <span id="accounting-words">{words}</span>
                ". "
                {relation}
                " "
                <button
                    id="accounting-switch"
                    type="button"
                    on:click=move |_| switch.run(target)
                >
                    {button_text}
                </button>
            </p>
            {opening_reason.map(|r| view! { <p id="opening-reason" class="opening-reason"><strong>"Why this view: "</strong>{r}</p> })}
        </section>
    }
}
