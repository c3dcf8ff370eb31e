//! The page: loads presets, keeps the scenario in the URL, shows the result of its analysis
//! (iso-capacity, iso-area or scalability) as a table and a chart.
//! No model math here: every number comes from the core's [`nvmcalc::outcome::run`], the function
//! the CLI calls too.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use nvmcalc::circuit::explore::Objective;
use nvmcalc::circuit::tech::Roadmap;
use nvmcalc::design::build::node_sizes;
use nvmcalc::design::config::{
    CacheConfig, ConfigError, ConfigField, Layout, ACCESS_MODES, LAYOUTS,
};
use nvmcalc::design::eval::{DelayDefinition, EnergyScope, LeakagePeriod};
use nvmcalc::outcome::{run, Outcome};
use nvmcalc::scenario::{resolve_custom, Analysis};
use nvmcalc::{Library, Scenario};
use wasm_bindgen::JsCast;

use crate::cells::{self, CellEditor, ImportStatus};
use crate::reproduce::ReproducePanel;
use crate::results::OutcomeView;
use crate::share::{self, SharePanel};
use crate::workload::WorkloadControls;
use crate::{chart, load, url, worker};

#[derive(Clone)]
enum LoadState {
    Loading,
    Failed(Vec<String>),
    Ready(Arc<Library>, Arc<load::PresetTexts>),
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new(LoadState::Loading);
    leptos::task::spawn_local(async move {
        let loaded = match load::load_library().await {
            Ok((library, texts)) => LoadState::Ready(Arc::new(library), Arc::new(texts)),
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
        LoadState::Ready(library, texts) => {
            view! { <Calculator library=library presets=texts /> }.into_any()
        }
    }
}

/// A result as the page shows it: the outcome (or why there is none) and the time the model
/// took in this browser.
#[derive(Clone, PartialEq)]
struct Computed {
    outcome: Result<Outcome, String>,
    analysis: Analysis,
    ms: f64,
    cell_technologies: usize,
    in_worker: bool,
}

impl Computed {
    fn new(
        library: &Library,
        s: &Scenario,
        outcome: Result<Outcome, String>,
        ms: f64,
        in_worker: bool,
    ) -> Computed {
        Computed {
            outcome,
            analysis: s.analysis,
            ms,
            cell_technologies: s
                .technologies
                .iter()
                .filter(|id| library.technology(id).is_none())
                .count(),
            in_worker,
        }
    }
}

#[component]
fn Calculator(library: Arc<Library>, presets: Arc<load::PresetTexts>) -> impl IntoView {
    let decoded = Scenario::from_query(&url::current_query(), &library);
    let embed = decoded.embed;
    let notices: Vec<String> = decoded.notices.iter().map(ToString::to_string).collect();
    let mut first = decoded.scenario;
    // Custom cells this browser kept join those of the link (unticked; the link's win on ids).
    for c in cells::stored_cells(&library) {
        let taken = first.cells.iter().any(|x| x.id == c.id);
        if !taken && first.cells.len() < nvmcalc::scenario::MAX_CUSTOM_CELLS {
            first.cells.push(c);
        }
    }
    let scenario = RwSignal::new(first);
    let custom_cells = Memo::new(move |_| scenario.with(|s| s.cells.clone()));
    Effect::new(move |_| custom_cells.with(|c| cells::store_cells(c)));
    // The cell the parameter editor shows, and whether it is open.
    let editing = RwSignal::new(
        library
            .cells
            .first()
            .map(|c| c.id.clone())
            .unwrap_or_default(),
    );
    let editor_open = RwSignal::new(false);
    let import_status = RwSignal::new(Vec::<Result<String, String>>::new());

    // The first result is computed here (the worker is still starting); every later one in the
    // Web Worker when it is ready, here otherwise.
    let lib = library.clone();
    let compute_here = move |s: &Scenario| {
        let start = url::now_ms();
        // Errors become text here, at the page.
        let outcome = run(&lib, s, &[]).map_err(|e| e.to_string());
        Computed::new(&lib, s, outcome, url::now_ms() - start, false)
    };
    let computed = RwSignal::new(scenario.with_untracked(|s| compute_here(s)));
    let busy = RwSignal::new(false);
    // The worker starts once the first result is on screen, so that it does not compete with
    // it for the processor; until it is ready the page computes itself.
    let client = StoredValue::new_local(None::<worker::Client>);
    let lib = library.clone();
    let start_worker = move || {
        if client.with_value(Option::is_some) {
            return;
        }
        let lib = lib.clone();
        let started = worker::Client::start(
            &presets,
            move |answer: worker::Answer| {
                let c = scenario.with_untracked(|s| {
                    Computed::new(&lib, s, answer.outcome, answer.ms, answer.in_worker)
                });
                computed.set(c);
            },
            move |b| busy.set(b),
        );
        client.set_value(Some(started));
    };
    Effect::new(move |previous: Option<()>| {
        scenario.track();
        if previous.is_none() {
            return; // computed above
        }
        let query = scenario.with_untracked(|s| s.to_query(false));
        let sent = client.with_value(|c| c.as_ref().is_some_and(|c| c.submit(query)));
        if sent {
            busy.set(true);
        } else {
            computed.set(scenario.with_untracked(|s| compute_here(s)));
        }
    });

    // The state as a link carries it (only the custom cells compared), made once per change for the address bar, the share panel and the embed's back link.
    let lib = library.clone();
    let shared = Memo::new(move |_| scenario.with(|s| s.shareable(&lib)));
    let share_query = Signal::derive(move || shared.with(|s| s.to_query(false)));
    let embed_query = Signal::derive(move || shared.with(|s| s.to_query(true)));
    // Keep the address bar in step with the state, so the link is always shareable.
    Effect::new(move |_| url::replace_query(&shared.with(|s| s.to_query(embed))));

    // The charts follow the page's colour scheme, also when it changes while the page is open.
    let dark = RwSignal::new(false);
    if let Some(query) =
        web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
    {
        dark.set(query.matches());
        let q = query.clone();
        let on_change =
            wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || dark.set(q.matches()));
        let _ =
            query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }

    // The chart is drawn at the width of its column (a phone gets a narrower canvas with text
    // of the same size, not a shrunken one): redraw when the window is resized.
    let viewport_width = RwSignal::new(0.0_f64);
    if let Some(w) = web_sys::window() {
        viewport_width.set(w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(0.0));
        let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let width = w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
                if (width - viewport_width.get_untracked()).abs() >= 1.0 {
                    viewport_width.set(width);
                }
            }
        });
        let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        on_resize.forget();
    }

    let canvas_ref = NodeRef::<Canvas>::new();
    let chart_error = RwSignal::new(None::<String>);
    let draws = RwSignal::new(0u32);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        chart::set_dark(dark.get());
        viewport_width.track();
        let drawn = computed.with(|c| c.outcome.as_ref().ok().map(|o| chart::draw(&canvas, o)));
        if let Some(result) = drawn {
            match result {
                Ok(()) => {
                    chart_error.set(None);
                    let n = draws.get_untracked() + 1;
                    draws.set(n);
                    let _ = canvas.set_attribute("data-drawn", &n.to_string());
                    mark_first_result();
                    start_worker();
                }
                Err(e) => chart_error.set(Some(format!("The chart could not be drawn: {e}"))),
            }
        }
    });

    let controls = (!embed).then(|| {
        view! {
            <Controls
                library=library.clone()
                scenario=scenario
                custom_cells=custom_cells
                editing=editing
                editor_open=editor_open
                import_status=import_status
            />
        }
    });
    let full_link = move || format!("?{}", share_query.get());
    let timing = move || {
        computed.with(|c| {
            let cells = match c.cell_technologies {
                1 => "1 cell technology".to_string(),
                n => format!("{n} cell technologies"),
            };
            let what = match (c.analysis, c.cell_technologies) {
                (Analysis::IsoCapacity, 0) => {
                    "evaluation only: every technology is a cache-characterisation preset"
                        .to_string()
                }
                (Analysis::IsoCapacity, _) => {
                    format!("{cells} designed by the circuit model, then evaluated")
                }
                (Analysis::IsoArea, _) => {
                    format!("{cells} designed, sized to the baseline's area, then evaluated")
                }
                (Analysis::Scaling, _) => {
                    format!("{cells} designed at every capacity of the sweep, then evaluated")
                }
                (Analysis::Details, _) => format!("{cells} designed by the circuit model"),
                (Analysis::Workloads, _) => {
                    format!("{cells} designed once, then evaluated on every network")
                }
            };
            let place = if c.in_worker {
                "in a background worker of this browser"
            } else {
                "in this browser"
            };
            (
                format!("{:.1}", c.ms),
                format!("Computed in {:.1} ms {place} ({what}).", c.ms),
            )
        })
    };

    // The chart as PNG: the link's target is made from the canvas when it is clicked, before
    // the browser follows it.
    let save_png = move |ev: leptos::ev::MouseEvent| {
        let (Some(canvas), Some(target)) = (canvas_ref.get(), ev.current_target()) else {
            return;
        };
        match share::png_href(&canvas) {
            Some(href) => {
                let _ = target
                    .unchecked_into::<web_sys::Element>()
                    .set_attribute("href", &href);
            }
            None => {
                ev.prevent_default();
                chart_error.set(Some("The chart could not be saved as PNG.".into()));
            }
        }
    };

    let chart_text = move || {
        computed.with(|c| match &c.outcome {
            Ok(o) => chart::description(o),
            Err(_) => ("", ""),
        })
    };

    let share_title = Signal::derive(move || format!("nvmcalc: {}", chart_text().0));

    // Cell files dropped anywhere on the page are imported (not in embed mode).
    let dragging = RwSignal::new(false);
    let lib = library.clone();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if embed {
            return;
        }
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            cells::import_files(lib.clone(), scenario, files, import_status);
        }
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if !embed {
            dragging.set(true);
        }
    };

    view! {
        <div
            class="app"
            class:embed=embed
            class:dragging=move || dragging.get()
            on:dragover=on_dragover
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
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
                <main id="results-view" aria-busy=move || if busy.get() { "true" } else { "false" } class:busy=move || busy.get()>
                    <p id="busy" class="busy-note" role="status" aria-live="polite" class:hidden=move || !busy.get()>
                        <progress aria-label="Computing"></progress>
                        " Computing in a background worker; the page stays usable. The numbers below are the previous ones."
                    </p>
                    {move || match computed.with(|c| c.outcome.clone()) {
                        Err(e) => view! { <div class="error" role="alert" id="compare-error">{e}</div> }.into_any(),
                        Ok(o) => view! { <OutcomeView outcome=o /> }.into_any(),
                    }}
                    <p id="compute-time" class="timing" data-ms=move || timing().0>{move || timing().1}</p>
                    <figure class="chart" class:hidden=move || computed.with(|c| c.outcome.is_err())>
                        <canvas
                            id="chart"
                            width="760"
                            height="380"
                            node_ref=canvas_ref
                            role="img"
                            aria-label=move || chart_text().0
                        ></canvas>
                        <figcaption>
                            {move || chart_text().1}
                            " "
                            <a
                                id="export-png"
                                href="#"
                                download=move || format!("nvmcalc-{}.png", scenario.with(|s| s.analysis.word()))
                                on:click=save_png
                            >"Download PNG"</a>
                        </figcaption>
                        {move || chart_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    </figure>
                    {(!embed).then(|| view! {
                        <CellEditor library=library.clone() scenario=scenario selected=editing open=editor_open />
                    })}
                    {(!embed).then(|| view! {
                        <SharePanel query=share_query embed_query=embed_query title=share_title />
                    })}
                    {(!embed).then(|| view! { <ReproducePanel library=library.clone() worker=client /> })}
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

/// One technology checkbox: checked when compared; the last compared one cannot be unticked.
pub(crate) fn tech_checkbox(
    scenario: RwSignal<Scenario>,
    id: String,
    name: String,
    meta: String,
    title: String,
) -> impl IntoView {
    let (id_checked, id_disabled, id_change) = (id.clone(), id.clone(), id.clone());
    let checked = move || scenario.with(|s| s.technologies.contains(&id_checked));
    let last_one = move || {
        scenario.with(|s| s.technologies.len() == 1 && s.technologies.contains(&id_disabled))
    };
    let on_change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        scenario.update(|s| toggle_technology(s, &id_change, on));
    };
    view! {
        <label class="tech" title=title>
            <input type="checkbox" data-tech=id prop:checked=checked prop:disabled=last_one on:change=on_change />
            <span class="tech-name">{name}</span>
            <span class="tech-meta">{meta}</span>
        </label>
    }
}

#[component]
fn Controls(
    library: Arc<Library>,
    scenario: RwSignal<Scenario>,
    custom_cells: Memo<Vec<nvmcalc::scenario::CustomCell>>,
    editing: RwSignal<String>,
    editor_open: RwSignal<bool>,
    import_status: RwSignal<Vec<Result<String, String>>>,
) -> impl IntoView {
    let tech_boxes = library
        .technologies
        .iter()
        .map(|t| {
            tech_checkbox(
                scenario,
                t.id.clone(),
                t.name.clone(),
                format!(
                    "{} · {} · {}-bit access",
                    t.memory.label(),
                    t.capacity,
                    t.access_bits
                ),
                t.source.clone(),
            )
        })
        .collect_view();
    let cell_boxes = library
        .cells
        .iter()
        .map(|c| {
            tech_checkbox(
                scenario,
                c.id.clone(),
                c.name.clone(),
                format!(
                    "{} cell{} · built into the cache below",
                    c.kind.label(),
                    c.node_nm.map(|n| format!(" · {n} nm")).unwrap_or_default()
                ),
                format!("Source: {}", c.source),
            )
        })
        .collect_view();
    let library_for_custom = library.clone();
    // Rebuilt when the custom cells change, not on every change of the scenario.
    let custom_boxes = move || {
        let library = library_for_custom.clone();
        custom_cells
            .get()
            .into_iter()
            .map(|c| {
                let spec = resolve_custom(&c, &library).ok();
                let id = c.id.clone();
                let defaults = (
                    library.defaults.technologies.clone(),
                    library.defaults.baseline.clone(),
                );
                let remove_id = id.clone();
                let remove = move |_| {
                    let id = remove_id.clone();
                    scenario.update(|s| {
                        s.cells.retain(|x| x.id != id);
                        s.technologies.retain(|t| *t != id);
                        if s.technologies.is_empty() {
                            (s.technologies, s.baseline) = defaults.clone();
                        } else if s.baseline == id {
                            s.baseline = s.technologies[0].clone();
                        }
                    });
                };
                let edit_id = id.clone();
                let edit = move |_| {
                    editing.set(edit_id.clone());
                    editor_open.set(true);
                    if let Some(e) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("cell-editor"))
                    {
                        e.scroll_into_view();
                    }
                };
                let (name, title) = match &spec {
                    Some(s) => (s.name.clone(), s.notes.clone().unwrap_or_default()),
                    None => (c.id.clone(), String::new()),
                };
                let href = spec
                    .as_ref()
                    .map(|s| share::data_href("application/toml", &nvmcalc::scenario::to_preset_toml(s)))
                    .unwrap_or_default();
                view! {
                    <div class="custom-cell" data-custom=id.clone()>
                        {tech_checkbox(scenario, id.clone(), name, cells::custom_meta(&c, spec.as_ref()), title)}
                        <span class="cell-actions">
                            <button type="button" class="edit" data-edit=id.clone() on:click=edit title="Edit this cell's parameters">"Edit"</button>
                            <a class="download" data-download=id.clone() href=href download=format!("{id}.toml") title="Download as a cell preset file (.toml)">".toml"</a>
                            <button type="button" class="remove" data-remove=id.clone() on:click=remove title="Remove this custom cell (from this browser too)" aria-label=format!("Remove {id}")>"✕"</button>
                        </span>
                    </div>
                }
            })
            .collect_view()
    };

    let lib = library.clone();
    let baseline_options = move || {
        scenario.with(|s| {
            s.technologies
                .iter()
                .map(|id| {
                    let name = lib
                        .technology(id)
                        .map(|t| t.name.clone())
                        .or_else(|| lib.cell(id).map(|c| c.name.clone()))
                        .or_else(|| {
                            s.cells
                                .iter()
                                .find(|c| &c.id == id)
                                .and_then(|c| resolve_custom(c, &lib).ok())
                                .map(|c| c.name)
                        })
                        .unwrap_or_else(|| id.clone());
                    let selected = *id == s.baseline;
                    view! { <option value=id.clone() selected=selected>{name}</option> }
                })
                .collect_view()
        })
    };

    let analysis_options = Analysis::ALL
        .iter()
        .map(|(word, a)| {
            let a = *a;
            let selected = move || scenario.with(|s| s.analysis == a);
            view! { <option value=*word prop:selected=selected>{a.label()}</option> }
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

    let energy_options = EnergyScope::WORDS
        .iter()
        .map(|(word, e)| {
            let e = *e;
            let selected = move || scenario.with(|s| s.energy == e);
            view! { <option value=*word prop:selected=selected>{e.label()}</option> }
        })
        .collect_view();

    let leak_options = LeakagePeriod::WORDS
        .iter()
        .map(|(word, p)| {
            let p = *p;
            let selected = move || scenario.with(|s| s.leakage == p);
            let label = match p {
                LeakagePeriod::Run => "the run (execution time)",
                LeakagePeriod::Access => "the summed access time",
            };
            view! { <option value=*word prop:selected=selected>{label}</option> }
        })
        .collect_view();

    view! {
        <aside class="controls" aria-label="Scenario">
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
                "Analysis"
                <select
                    id="analysis"
                    on:change=move |ev| {
                        if let Some(a) = Analysis::from_word(&event_target_value(&ev)) {
                            scenario.update(|s| s.analysis = a);
                        }
                    }
                >
                    {analysis_options}
                </select>
                <span class="hint">"Iso-area and scalability design caches of new sizes: they take a network workload and cell presets. Cache details shows each cell's organisation and where its latency, energy, leakage and area go."</span>
            </label>
            <WorkloadControls library=library.clone() scenario=scenario />
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
            <label class="field">
                "Energy in EDP"
                <select
                    id="energy"
                    on:change=move |ev| {
                        if let Some(e) = EnergyScope::from_word(&event_target_value(&ev)) {
                            scenario.update(|s| s.energy = e);
                        }
                    }
                >
                    {energy_options}
                </select>
            </label>
            <label class="field">
                "L2 leakage paid over"
                <select
                    id="leak"
                    on:change=move |ev| {
                        if let Some(p) = LeakagePeriod::from_word(&event_target_value(&ev)) {
                            scenario.update(|s| s.leakage = p);
                        }
                    }
                >
                    {leak_options}
                </select>
                <span class="hint">"DeepNVM-style cache-level accounting: L2 only, leakage over the summed access time."</span>
            </label>
            <fieldset>
                <legend>"Technologies: cache presets"</legend>
                <p class="hint">"Published or NVSim-run cache figures, each at its own capacity and access width."</p>
                {tech_boxes}
            </fieldset>
            <fieldset id="cell-presets">
                <legend>"Technologies: cell presets"</legend>
                <p class="hint">"Bitcells built by nvmcalc's circuit model into the cache set below (hover for the source). Your own cells (edited, imported or dropped .cell / .toml files) are listed first, travel in the share link and stay in this browser."</p>
                {custom_boxes}
                {cell_boxes}
                <ImportStatus status=import_status />
            </fieldset>
            <CacheSettings library=library.clone() scenario=scenario />
            <CellImport library=library.clone() scenario=scenario status=import_status />
        </aside>
    }
}

/// The choices of a select field as (value, label); `None` for a free-text field.
fn choices(field: ConfigField, library: &Library) -> Option<Vec<(String, String)>> {
    let own = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect::<Vec<_>>()
    };
    match field {
        ConfigField::AccessMode => Some(
            ACCESS_MODES
                .iter()
                .map(|(w, _)| {
                    let label = match *w {
                        "normal" => "normal (tag and data in parallel)",
                        "sequential" => "sequential (tag, then one way)",
                        _ => "fast (all ways read out)",
                    };
                    (w.to_string(), label.to_string())
                })
                .collect(),
        ),
        ConfigField::Roadmap => Some(
            Roadmap::ALL
                .iter()
                .map(|(w, r)| {
                    let label = match r {
                        Roadmap::Hp => "HP (high performance)",
                        Roadmap::Lstp => "LSTP (low standby power)",
                        Roadmap::Lop => "LOP (low operating power)",
                    };
                    (w.to_string(), label.to_string())
                })
                .collect(),
        ),
        ConfigField::Objective => Some(
            Objective::ALL
                .iter()
                .map(|(w, o)| {
                    let label = match o {
                        Objective::Edap => "EDAP (energy × delay × area)".to_string(),
                        Objective::ReadEdp => "read EDP".to_string(),
                        Objective::WriteEdp => "write EDP".to_string(),
                        _ => w.replace('_', " "),
                    };
                    (w.to_string(), label)
                })
                .collect(),
        ),
        ConfigField::Layout => Some(
            LAYOUTS
                .iter()
                .map(|(w, l)| {
                    let label = match l {
                        Layout::Sliced => "sliced (separate slices, a GPU L2)",
                        Layout::Monolithic => "monolithic (one cache, as NVSim)",
                    };
                    (w.to_string(), label.to_string())
                })
                .collect(),
        ),
        ConfigField::Node => {
            let mut v = own(&[("cell", "each cell's own node")]);
            v.extend(
                node_sizes(&library.nodes)
                    .into_iter()
                    .map(|n| (n.to_string(), format!("{n} nm"))),
            );
            v.extend(
                library
                    .nodes
                    .iter()
                    .map(|n| (n.id.clone(), format!("{} ({})", n.id, n.name))),
            );
            Some(v)
        }
        _ => None,
    }
}

/// The cache every cell preset is built into: each field is checked by the core as it is
/// committed; settings that do not fit together are shown and not applied.
#[component]
fn CacheSettings(library: Arc<Library>, scenario: RwSignal<Scenario>) -> impl IntoView {
    let texts = RwSignal::new(
        scenario.with_untracked(|s| ConfigField::ALL.map(|f| s.cache.text(f)).to_vec()),
    );
    let errors = RwSignal::new(Vec::<ConfigError>::new());
    let commit = move |i: usize, value: String| {
        texts.update(|t| t[i] = value);
        let result = texts.with(|t| {
            CacheConfig::from_texts(
                ConfigField::ALL
                    .iter()
                    .copied()
                    .zip(t.iter().map(String::as_str)),
            )
        });
        match result {
            Ok(config) => {
                errors.set(Vec::new());
                scenario.update(|s| s.cache = config);
            }
            Err(e) => errors.set(e),
        }
    };
    let fields = ConfigField::ALL
        .iter()
        .enumerate()
        .map(|(i, &field)| {
            let id = format!("cache-{}", field.key());
            let error = move || {
                errors.with(|es| {
                    es.iter()
                        .find(|e| e.field == field)
                        .map(|e| e.to_string())
                })
            };
            let value = move || texts.with(|t| t[i].clone());
            let input = match choices(field, &library) {
                Some(options) => {
                    let options = options
                        .into_iter()
                        .map(|(v, label)| {
                            let v2 = v.clone();
                            let selected = move || texts.with(|t| t[i] == v2);
                            view! { <option value=v prop:selected=selected>{label}</option> }
                        })
                        .collect_view();
                    view! {
                        <select id=id.clone() on:change=move |ev| commit(i, event_target_value(&ev))>
                            {options}
                        </select>
                    }
                    .into_any()
                }
                None => view! {
                    <input
                        type="text"
                        inputmode="decimal"
                        id=id.clone()
                        prop:value=value
                        aria-invalid=move || if error().is_some() { "true" } else { "false" }
                        title=field.accepted()
                        on:change=move |ev| commit(i, event_target_value(&ev))
                    />
                }
                .into_any(),
            };
            view! {
                <label class="field cache-field">
                    {field.label()}
                    {input}
                    {move || error().map(|e| view! {
                        <span class="field-error" role="alert" id=format!("{id}-error")>{e}</span>
                    })}
                </label>
            }
        })
        .collect_view();
    let described = move || scenario.with(|s| s.cache.describe());
    view! {
        <fieldset id="cache-settings">
            <legend>"Cache for cell presets"</legend>
            <p class="hint">"A GPU L2 is many identical slices, each of a power-of-two number of sets; a monolithic layout builds one cache of any whole number of sets, as NVSim does. Cache presets keep their own figures."</p>
            {fields}
            {move || (!errors.with(Vec::is_empty)).then(|| view! {
                <p class="field-error" id="cache-not-applied">"Not applied: the results use the last valid settings ("{described}")."</p>
            })}
        </fieldset>
    }
}

/// Import of a user's cell: an NVSim `.cell` or a cell preset file (`.toml`), picked, pasted or
/// dropped anywhere on the page. It joins the scenario as a custom cell.
#[component]
fn CellImport(
    library: Arc<Library>,
    scenario: RwSignal<Scenario>,
    status: RwSignal<Vec<Result<String, String>>>,
) -> impl IntoView {
    let name = RwSignal::new(String::from("my_cell.cell"));
    let text = RwSignal::new(String::new());
    let node = RwSignal::new(String::from("22"));

    let lib = library.clone();
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(files) = input.files() {
            cells::import_files(lib.clone(), scenario, files, status);
        }
        // The same file picked again is a new import.
        input.set_value("");
    };

    let lib = library.clone();
    let import = move |_| {
        let nm = node.with(|n| n.parse::<u32>().ok());
        let line = name.with(|n| text.with(|t| cells::import_text(&lib, scenario, n, t, nm)));
        status.set(vec![line]);
    };

    let node_options = node_sizes(&library.nodes)
        .into_iter()
        .map(|n| {
            let v = n.to_string();
            let selected = n == 22;
            view! { <option value=v selected=selected>{format!("{n} nm")}</option> }
        })
        .collect_view();

    view! {
        <details class="import" id="cell-import">
            <summary>"Import a cell (.cell or .toml)"</summary>
            <p class="hint">"An NVSim .cell file or a cell preset file (.toml, as this page exports). You can also drop files anywhere on the page. Imported cells travel in the share link as their changes from the nearest cell preset."</p>
            <label class="field">
                "Files"
                <input type="file" id="cell-file" multiple accept=".cell,.toml,text/plain" on:change=on_file />
            </label>
            <label class="field">
                "File name (.cell or .toml; gives the id of a .cell)"
                <input type="text" id="cell-name" prop:value=move || name.get() on:change=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                "…or paste the file's text"
                <textarea id="cell-text" rows="6" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <label class="field">
                "Process node if a .cell states none"
                <select id="cell-node" on:change=move |ev| node.set(event_target_value(&ev))>{node_options}</select>
            </label>
            <button type="button" id="cell-import-button" on:click=import>"Add as a technology"</button>
        </details>
    }
}

/// Adds or removes a technology, keeping at least one and a baseline among those compared.
pub(crate) fn toggle_technology(s: &mut Scenario, id: &str, on: bool) {
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
