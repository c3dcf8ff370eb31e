//! The DeepNVM++ reproduction, one click: runs `nvmcalc::study::reproduce::deepnvm` (the same function as
//! `nvmcalc reproduce deepnvm`) and shows each headline number beside ours.

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::format::sig;
use nvmcalc::study::reproduce::{deepnvm, Reproduction};
use nvmcalc::Library;

use crate::platform::clock;
use crate::platform::worker::Client;
use crate::views::downloads::Downloads;

/// Where the reproduction ran, for its summary line.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Page,
    Worker,
}

#[component]
pub fn ReproducePanel(
    library: Arc<Library>,
    worker: StoredValue<Option<Client>, LocalStorage>,
) -> impl IntoView {
    let result = RwSignal::new(None::<(Result<Reproduction, String>, f64, Place)>);
    let running = RwSignal::new(false);
    let run = move |_| {
        if running.get_untracked() {
            return;
        }
        // In the Web Worker (the page stays responsive), waiting for it while it starts; here
        // only where no worker can run.
        let sent = worker.with_value(|w| {
            w.as_ref().is_some_and(|c| {
                c.reproduce(move |r, ms| {
                    running.set(false);
                    result.set(Some((r, ms, Place::Worker)));
                })
            })
        });
        if sent {
            running.set(true);
        } else {
            let start = clock::now_ms();
            // Errors become text here, at the page.
            let r = deepnvm(&library).map_err(|e| e.to_string());
            result.set(Some((r, clock::now_ms() - start, Place::Page)));
        }
    };
    view! {
        <section id="reproduce" class="reproduce">
            <h2>"Reproduce DeepNVM++"</h2>
            <p class="hint">
                "Inci, Isgenc, Marculescu, IEEE TCAD 2022 (arXiv 2012.04559): each headline number of the abstract beside ours, with the same code as "
                <code>"nvmcalc reproduce deepnvm"</code>"."
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
                                    <th>"Claim"</th><th>"Paper"</th><th>"Ours"</th><th>"Diff %"</th><th>"Check"</th>
                                </tr></thead>
                                <tbody>
                                    {r.claims.into_iter().map(|c| {
                                        let check = match (c.check.as_str(), c.pass) {
                                            ("at_least", true) => "ok (at least)".to_string(),
                                            ("at_least", false) => "missed (at least)".to_string(),
                                            (_, true) => format!("ok (±{} %)", c.tolerance_pct),
                                            (_, false) => format!("missed (±{} %)", c.tolerance_pct),
                                        };
                                        view! {
                                            <tr class:missed=!c.pass data-ours=c.ours.to_string()>
                                                <td>{c.claim}</td>
                                                <td class="num">{format!("{}×", sig(c.paper))}</td>
                                                <td class="num">{format!("{}×", sig(c.ours))}</td>
                                                <td class="num">{format!("{:+.1}", c.diff_pct)}</td>
                                                <td>{check}</td>
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
