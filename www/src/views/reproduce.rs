//! The DeepNVM++ reproduction: runs `nvmcalc::study::reproduce::deepnvm` (the same function as
//! `nvmcalc reproduce deepnvm`) on a click, or on opening when the link asks for it
//! (`study=deepnvm`: the panel is then shown first, above the calculator), and shows each headline
//! number beside ours with the run it comes from: the best workload of a best-of claim and a link
//! that opens the calculator on the view that shows the number. A link of its own shares it.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use nvmcalc::format::sig;
use nvmcalc::scenario::Study;
use nvmcalc::study::reproduce::{deepnvm, Reproduction};
use nvmcalc::Library;

use crate::platform::clock;
use crate::platform::worker::Client;
use crate::views::downloads::Downloads;
use crate::views::share::absolute_link;

/// Where the reproduction ran, for its summary line.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Page,
    Worker,
}

/// How long a run on opening waits for the Web Worker (which starts once the calculator's first
/// result is on screen) before it runs on the page instead.
const WORKER_WAIT: Duration = Duration::from_secs(20);
/// How often it looks whether the worker is ready.
const WORKER_POLL: Duration = Duration::from_millis(100);

#[component]
pub fn ReproducePanel(
    library: Arc<Library>,
    worker: StoredValue<Client, LocalStorage>,
    /// Run on opening (the link named the study): in the worker once it is ready.
    #[prop(default = false)]
    autorun: bool,
) -> impl IntoView {
    let result = RwSignal::new(None::<(Result<Reproduction, String>, f64, Place)>);
    let running = RwSignal::new(false);
    let library = StoredValue::new_local(library);
    // In the Web Worker when it is ready (the page stays responsive): whether it was sent.
    let in_worker = move || {
        worker.with_value(|c| {
            c.reproduce(move |r, ms| {
                running.set(false);
                result.set(Some((r, ms, Place::Worker)));
            })
        })
    };
    let on_page = move || {
        let start = clock::now_ms();
        // Errors become text here, at the page.
        let r = library.with_value(|l| deepnvm(l).map_err(|e| e.to_string()));
        running.set(false);
        result.set(Some((r, clock::now_ms() - start, Place::Page)));
    };
    let run = move |_| {
        if running.get_untracked() {
            return;
        }
        if in_worker() {
            running.set(true);
        } else {
            on_page();
        }
    };
    if autorun {
        running.set(true);
        let started = clock::now_ms();
        let handle = StoredValue::new_local(None::<IntervalHandle>);
        let poll = move || {
            let waited = clock::now_ms() - started;
            let sent = in_worker();
            if sent || waited >= WORKER_WAIT.as_millis() as f64 {
                if let Some(h) = handle.get_value() {
                    h.clear();
                }
                if !sent {
                    on_page();
                }
            }
        };
        if let Ok(h) = set_interval_with_handle(poll, WORKER_POLL) {
            handle.set_value(Some(h));
        } else {
            on_page();
        }
    }
    let share = absolute_link(&Study::DeepNvm.query());
    view! {
        <section id="reproduce" class="reproduce" class:study-first=autorun>
            <h2>"Reproduce DeepNVM++"</h2>
            <p class="hint">
                "Inci, Isgenc, Marculescu, IEEE TCAD 2022 (arXiv 2012.04559): each headline number of the abstract beside ours, with the same code as "
                <code>"nvmcalc reproduce deepnvm"</code>
                ". Each claim names the run it comes from and opens it in the calculator. "
                <a id="reproduce-share" href=share.clone() title=share>"Share this reproduction"</a>
                "."
            </p>
            <button id="reproduce-run" on:click=run prop:disabled=move || running.get()>"Run the reproduction"</button>
            <p id="reproduce-busy" class="busy-note" role="status" aria-live="polite" class:hidden=move || !running.get()>
                <progress aria-label="Running the reproduction"></progress>
                " Running in a background worker (three caches designed at every capacity of the sweep)…"
            </p>
            {move || result.get().map(|(r, ms, place)| match r {
                Err(e) => view! { <div class="error" role="alert">{e}</div> }.into_any(),
                Ok(r) => {
                    let (json, csv) = (r.to_json(), r.to_csv());
                    let passed = r.claims.iter().filter(|c| c.pass).count();
                    let total = r.claims.len();
                    view! {
                        <p class="hint">{r.setup.clone()}</p>
                        <div class="table-scroll">
                            <table id="reproduce-table">
                                <thead><tr>
                                    <th>"Claim"</th><th>"Paper"</th><th>"Ours"</th><th>"Diff %"</th><th>"Check"</th><th>"Run"</th>
                                </tr></thead>
                                <tbody>
                                    {r.claims.into_iter().map(|c| {
                                        let check = match (c.check.as_str(), c.pass) {
                                            ("at_least", true) => "ok (at least)".to_string(),
                                            ("at_least", false) => "missed (at least)".to_string(),
                                            (_, true) => format!("ok (±{} %)", c.tolerance_pct),
                                            (_, false) => format!("missed (±{} %)", c.tolerance_pct),
                                        };
                                        let run = c.run;
                                        let workload = match &run.workload {
                                            Some(w) => format!("Best: {w}"),
                                            None => "The same on every run".to_string(),
                                        };
                                        view! {
                                            <tr
                                                class:missed=!c.pass
                                                data-ours=c.ours.to_string()
                                                data-analysis=run.analysis.clone()
                                                data-tech=run.technology.clone()
                                                data-key=run.key.clone()
                                                data-capacity-kib=run.capacity_kib.map(|k| k.to_string()).unwrap_or_default()
                                                data-inverse=run.inverse.to_string()
                                            >
                                                <td>{c.claim}</td>
                                                <td class="num">{format!("{}×", sig(c.paper))}</td>
                                                <td class="num">{format!("{}×", sig(c.ours))}</td>
                                                <td class="num">{format!("{:+.1}", c.diff_pct)}</td>
                                                <td>{check}</td>
                                                <td class="run">
                                                    <span class="workload" data-best=run.workload.is_some().to_string()>{workload}</span>
                                                    " · "
                                                    <a class="open-run" href=format!("?{}", run.link) title=format!("Ours = {}", run.reading)>"Open in the calculator"</a>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <p id="reproduce-summary" class="timing">
                            {format!(
                                "{passed} of {total} headline numbers within tolerance; computed in {ms:.0} ms {}.",
                                if place == Place::Worker { "in a background worker of this browser" } else { "in this browser" }
                            )}
                        </p>
                        <Downloads id="reproduce" file="nvmcalc-deepnvm" json=json csv=csv command="nvmcalc reproduce deepnvm --format json|csv" />
                    }.into_any()
                }
            })}
        </section>
    }
}
