//! The page: loads presets, keeps the scenario in the URL, shows the iso-capacity table and chart.
//! No model math here: every number comes from the core's `ComparisonReport`.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use nvmcalc::eval::DelayDefinition;
use nvmcalc::report::{ratio, sig, time_label, ComparisonReport, TechnologyRecord};
use nvmcalc::{Comparison, Library, Scenario};

use crate::{chart, load, url};

#[derive(Clone)]
enum LoadState {
    Loading,
    Failed(Vec<String>),
    Ready(Arc<Library>),
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new(LoadState::Loading);
    leptos::task::spawn_local(async move {
        let loaded = match load::load_library().await {
            Ok(library) => LoadState::Ready(Arc::new(library)),
            Err(lines) => LoadState::Failed(lines),
        };
        state.set(loaded);
    });
    move || match state.get() {
        LoadState::Loading => {
            view! { <p class="status" id="loading">"Loading presets…"</p> }.into_any()
        }
        LoadState::Failed(lines) => view! {
            <div id="load-error" class="error" role="alert">
                <h2>"The presets could not be loaded"</h2>
                <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
        LoadState::Ready(library) => view! { <Calculator library=library /> }.into_any(),
    }
}

/// One numeric column of the results table: JSON key, header, unit, value.
struct Column {
    key: &'static str,
    header: &'static str,
    unit: &'static str,
    value: fn(&TechnologyRecord) -> Option<f64>,
    is_ratio: bool,
}

const COLUMNS: [Column; 15] = [
    Column {
        key: "area_mm2",
        header: "Area",
        unit: "mm²",
        value: |t| Some(t.area_mm2),
        is_ratio: false,
    },
    Column {
        key: "read_latency_ns",
        header: "Read latency",
        unit: "ns",
        value: |t| Some(t.read_latency_ns),
        is_ratio: false,
    },
    Column {
        key: "write_latency_ns",
        header: "Write latency",
        unit: "ns",
        value: |t| Some(t.write_latency_ns),
        is_ratio: false,
    },
    Column {
        key: "read_energy_pj",
        header: "Read energy",
        unit: "pJ",
        value: |t| Some(t.read_energy_pj),
        is_ratio: false,
    },
    Column {
        key: "write_energy_pj",
        header: "Write energy",
        unit: "pJ",
        value: |t| Some(t.write_energy_pj),
        is_ratio: false,
    },
    Column {
        key: "leakage_mw",
        header: "Leakage",
        unit: "mW",
        value: |t| Some(t.leakage_mw),
        is_ratio: false,
    },
    Column {
        key: "energy_j",
        header: "Energy",
        unit: "J",
        value: |t| Some(t.energy_j),
        is_ratio: false,
    },
    Column {
        key: "delay_s",
        header: "Delay",
        unit: "s",
        value: |t| Some(t.delay_s),
        is_ratio: false,
    },
    Column {
        key: "edp_js",
        header: "EDP",
        unit: "J·s",
        value: |t| Some(t.edp_js),
        is_ratio: false,
    },
    Column {
        key: "edap_js_mm2",
        header: "EDAP",
        unit: "J·s·mm²",
        value: |t| Some(t.edap_js_mm2),
        is_ratio: false,
    },
    Column {
        key: "energy_j_vs_baseline",
        header: "Energy",
        unit: "× baseline",
        value: |t| t.energy_j_vs_baseline,
        is_ratio: true,
    },
    Column {
        key: "delay_s_vs_baseline",
        header: "Delay",
        unit: "× baseline",
        value: |t| t.delay_s_vs_baseline,
        is_ratio: true,
    },
    Column {
        key: "edp_js_vs_baseline",
        header: "EDP",
        unit: "× baseline",
        value: |t| t.edp_js_vs_baseline,
        is_ratio: true,
    },
    Column {
        key: "edap_js_mm2_vs_baseline",
        header: "EDAP",
        unit: "× baseline",
        value: |t| t.edap_js_mm2_vs_baseline,
        is_ratio: true,
    },
    Column {
        key: "area_mm2_vs_baseline",
        header: "Area",
        unit: "× baseline",
        value: |t| t.area_mm2_vs_baseline,
        is_ratio: true,
    },
];

#[component]
fn Calculator(library: Arc<Library>) -> impl IntoView {
    let decoded = Scenario::from_query(&url::current_query(), &library);
    let embed = decoded.embed;
    let notices: Vec<String> = decoded.notices.iter().map(ToString::to_string).collect();
    let scenario = RwSignal::new(decoded.scenario);

    let lib = library.clone();
    let report = Memo::new(move |_| {
        scenario.with(|s| {
            Comparison::from_scenario(&lib, s)
                .map(|c| ComparisonReport::new(&c))
                .map_err(|e| e.to_string())
        })
    });

    // Keep the address bar in step with the state, so the link is always shareable.
    Effect::new(move |_| url::replace_query(&scenario.with(|s| s.to_query(embed))));

    let canvas_ref = NodeRef::<Canvas>::new();
    let chart_error = RwSignal::new(None::<String>);
    let draws = RwSignal::new(0u32);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        if let Ok(r) = report.get() {
            match chart::draw(&canvas, &r) {
                Ok(()) => {
                    chart_error.set(None);
                    let n = draws.get_untracked() + 1;
                    draws.set(n);
                    let _ = canvas.set_attribute("data-drawn", &n.to_string());
                    mark_first_result();
                }
                Err(e) => chart_error.set(Some(format!("The chart could not be drawn: {e}"))),
            }
        }
    });

    let controls =
        (!embed).then(|| view! { <Controls library=library.clone() scenario=scenario /> });
    let full_link = move || format!("?{}", scenario.with(|s| s.to_query(false)));

    view! {
        <div class="app" class:embed=embed>
            {(!embed).then(|| view! {
                <header>
                    <h1>"nvmcalc"</h1>
                    <p class="tagline">
                        "SRAM vs non-volatile last-level caches for deep-learning workloads: energy, delay, EDP and area, normalised to a baseline."
                    </p>
                </header>
            })}
            {(!notices.is_empty()).then(|| view! {
                <div id="notices" class="notice" role="status">
                    <strong>"Some link parameters could not be used; defaults were taken instead:"</strong>
                    <ul>{notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </div>
            })}
            <div class="layout">
                {controls}
                <main id="results-view">
                    {move || match report.get() {
                        Err(e) => view! { <div class="error" role="alert" id="compare-error">{e}</div> }.into_any(),
                        Ok(r) => view! { <Results report=r /> }.into_any(),
                    }}
                    <figure class="chart">
                        <canvas
                            id="chart"
                            width="760"
                            height="380"
                            node_ref=canvas_ref
                            role="img"
                            aria-label="Bar chart of energy, delay and EDP of each technology as a ratio to the baseline"
                        ></canvas>
                        <figcaption>
                            "Energy, delay and EDP of each technology divided by the baseline's; the line at 1 is the baseline."
                        </figcaption>
                        {move || chart_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    </figure>
                    {embed.then(|| view! {
                        <p class="open-full">
                            <a href=full_link target="_blank" rel="noopener">"Open in nvmcalc ↗"</a>
                        </p>
                    })}
                </main>
            </div>
            {(!embed).then(|| view! {
                <footer>
                    "Every preset number carries its source (listed under the table). The link in the address bar restores this view; add "
                    <code>"&embed=1"</code>
                    " to show only the result in an iframe."
                </footer>
            })}
        </div>
    }
}

/// Records, once, when the first result was on screen (read by the timing script).
fn mark_first_result() {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    if body.get_attribute("data-first-result-ms").is_none() {
        let _ = body.set_attribute("data-first-result-ms", &format!("{:.1}", url::now_ms()));
    }
}

#[component]
fn Controls(library: Arc<Library>, scenario: RwSignal<Scenario>) -> impl IntoView {
    let tech_boxes = library
        .technologies
        .iter()
        .map(|t| {
            let id = t.id.clone();
            let (id_checked, id_disabled, id_change) = (id.clone(), id.clone(), id.clone());
            let checked = move || scenario.with(|s| s.technologies.contains(&id_checked));
            let last_one = move || scenario.with(|s| s.technologies.len() == 1 && s.technologies.contains(&id_disabled));
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                scenario.update(|s| toggle_technology(s, &id_change, on));
            };
            view! {
                <label class="tech" title=t.source.clone()>
                    <input type="checkbox" data-tech=id prop:checked=checked prop:disabled=last_one on:change=on_change />
                    <span class="tech-name">{t.name.clone()}</span>
                    <span class="tech-meta">{format!("{} · {} · {}-bit access", t.memory.label(), t.capacity, t.access_bits)}</span>
                </label>
            }
        })
        .collect_view();

    let names: Arc<Vec<(String, String)>> = Arc::new(
        library
            .technologies
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect(),
    );
    let baseline_options = move || {
        let names = names.clone();
        scenario.with(|s| {
            s.technologies
                .iter()
                .map(|id| {
                    let name = names
                        .iter()
                        .find(|(i, _)| i == id)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_else(|| id.clone());
                    let selected = *id == s.baseline;
                    view! { <option value=id.clone() selected=selected>{name}</option> }
                })
                .collect_view()
        })
    };

    let workload_options = library
        .workloads
        .iter()
        .map(|w| {
            let id = w.id.clone();
            let selected = {
                let id = id.clone();
                move || scenario.with(|s| s.workload == id)
            };
            view! { <option value=id prop:selected=selected>{w.name.clone()}</option> }
        })
        .collect_view();

    let delay_options = DelayDefinition::WORDS
        .iter()
        .map(|(word, d)| {
            let d = *d;
            let selected = move || scenario.with(|s| s.delay == d);
            view! { <option value=*word prop:selected=selected>{d.label()}</option> }
        })
        .collect_view();

    view! {
        <aside class="controls" aria-label="Scenario">
            <fieldset>
                <legend>"Technologies"</legend>
                {tech_boxes}
            </fieldset>
            <label class="field">
                "Baseline (everything is divided by it)"
                <select
                    id="baseline"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        scenario.update(|s| if s.technologies.contains(&v) { s.baseline = v });
                    }
                >
                    {baseline_options}
                </select>
            </label>
            <label class="field">
                "Workload"
                <select
                    id="workload"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        scenario.update(|s| s.workload = v);
                    }
                >
                    {workload_options}
                </select>
            </label>
            <label class="field">
                "Delay in EDP"
                <select
                    id="delay"
                    on:change=move |ev| {
                        if let Some(d) = DelayDefinition::from_word(&event_target_value(&ev)) {
                            scenario.update(|s| s.delay = d);
                        }
                    }
                >
                    {delay_options}
                </select>
            </label>
        </aside>
    }
}

/// A capacity in KiB shown with binary prefixes, as the core prints capacities.
fn capacity_label(kib: f64) -> String {
    if kib.fract() == 0.0 && kib >= 0.0 {
        if let Some(c) = nvmcalc::units::Capacity::from_kib(kib as u64) {
            return c.to_string();
        }
    }
    format!("{kib} KiB")
}

/// Adds or removes a technology, keeping at least one and a baseline among those compared.
fn toggle_technology(s: &mut Scenario, id: &str, on: bool) {
    if on {
        if !s.technologies.iter().any(|t| t == id) {
            s.technologies.push(id.to_string());
        }
    } else if s.technologies.len() > 1 {
        s.technologies.retain(|t| t != id);
        if s.baseline == id {
            s.baseline = s.technologies[0].clone();
        }
    }
}

#[component]
fn Results(report: ComparisonReport) -> impl IntoView {
    let w = &report.workload;
    let summary = format!(
        "{} — {} reads and {} writes of {} B, {} run. Delay = {}.",
        w.name,
        sig(w.reads),
        sig(w.writes),
        w.access_bytes,
        time_label(w.execution_time_s),
        if report.delay_definition == "access" {
            "summed L2 access time"
        } else {
            "execution time"
        }
    );
    let header = COLUMNS
        .iter()
        .map(|c| {
            view! {
                <th scope="col" class:ratio=c.is_ratio>
                    {c.header}
                    <br />
                    <span class="unit">{c.unit}</span>
                </th>
            }
        })
        .collect_view();
    let rows = report
        .technologies
        .iter()
        .map(|t| {
            let is_base = t.id == report.baseline;
            let cells = COLUMNS
                .iter()
                .map(|c| {
                    let v = (c.value)(t);
                    let raw = v.map(|x| x.to_string()).unwrap_or_default();
                    let shown = if c.is_ratio { ratio(v) } else { v.map(sig).unwrap_or_else(|| "—".into()) };
                    let tip = match v {
                        Some(x) if c.is_ratio => format!("{x} × the baseline's {}", c.header.to_lowercase()),
                        Some(x) => format!("{x} {} — {}", c.unit, t.source),
                        None => "undefined: the baseline's value is zero".into(),
                    };
                    view! {
                        <td data-key=c.key data-value=raw title=tip class:ratio=c.is_ratio>
                            {shown}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr data-tech=t.id.clone() class:baseline=is_base>
                    <th scope="row">
                        <span class="tech-name">{t.name.clone()}</span>
                        <span class="tech-meta">{format!("{} · {}{}", t.memory, capacity_label(t.capacity_kib), if is_base { " · baseline" } else { "" })}</span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let warnings = report.warnings.clone();
    let sources = report
        .technologies
        .iter()
        .map(|t| view! { <li><strong>{t.name.clone()}</strong>": "{t.source.clone()}</li> })
        .collect_view();
    view! {
        <section aria-labelledby="results-title">
            <h2 id="results-title">"Iso-capacity comparison"</h2>
            <p id="workload-summary" class="summary">{summary}</p>
            {(!warnings.is_empty()).then(|| view! {
                <ul class="warning" id="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            })}
            <div class="table-scroll">
                <table id="results">
                    <thead>
                        <tr>
                            <th scope="col">"Technology"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <details class="sources">
                <summary>"Sources"</summary>
                <ul>
                    {sources}
                    <li><strong>{format!("Workload {}", report.workload.name)}</strong>": "{report.workload.source.clone()}</li>
                </ul>
            </details>
        </section>
    }
}
