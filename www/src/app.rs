//! The page shell: loads the presets, holds the scenario and keeps it in the address bar, computes
//! its result (the first on the page, every later one in the Web Worker), and lays the page out: the controls,
//! the result's view, the chart and the panels under it. In embed mode only the result is shown.
//! No model math here: every number comes from the core's [`nvmcalc::outcome::run`], the function
//! the CLI calls too.

use std::sync::Arc;
use std::time::Duration;

use leptos::html::Canvas;
use leptos::prelude::*;
use nvmcalc::design::eval::Accounting;
use nvmcalc::outcome::{run, Outcome};
use nvmcalc::scenario::Analysis;
use nvmcalc::{Library, Scenario};
use wasm_bindgen::JsCast;

use crate::chart;
use crate::controls::cell_editor::CellEditor;
use crate::controls::cell_import::import_files;
use crate::controls::Controls;
use crate::platform::{clock, download, embed, load, screen, storage, url, worker};
use crate::views::answer::Answer;
use crate::views::reproduce::ReproducePanel;
use crate::views::share::SharePanel;
use crate::views::OutcomeView;

#[derive(Clone)]
enum LoadState {
    Loading,
    Failed(Vec<String>),
    Ready(Arc<Library>),
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    clock::mark("nvmcalc:wasm-started");
    let state = RwSignal::new(LoadState::Loading);
    // The worker is started once the first result is drawn (see `Calculator`) and gets the
    // presets the page loaded; changes made before it is ready wait for it. Started with the
    // page instead, it slowed the first result (tools/measure-interaction.mjs, 2 cores: median
    // 650–683 ms against 620–629 ms started after it).
    let started = worker::Client::new();
    let for_worker = started.clone();
    let client = StoredValue::new_local(started);
    leptos::task::spawn_local(async move {
        let loaded = load::load_library().await;
        clock::mark("nvmcalc:library");
        let loaded = match loaded {
            Ok((library, bundle)) => {
                for_worker.set_presets(bundle);
                LoadState::Ready(Arc::new(library))
            }
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
        LoadState::Ready(library) => {
            view! { <Calculator library=library worker=client.get_value() /> }.into_any()
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
fn Calculator(library: Arc<Library>, worker: worker::Client) -> impl IntoView {
    let decoded = Scenario::from_query(&url::current_query(), &library);
    let embed = decoded.embed;
    // A study the link opens first, above the calculator (not in embed mode).
    let study = decoded.study.filter(|_| !embed);
    // What the link could not set (each problem once: the core says a repeated one once).
    let notices = RwSignal::new(
        decoded
            .notices
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
    );
    let scenario = RwSignal::new(with_stored_cells(decoded.scenario, &library));
    if embed {
        embed::report_height_to_parent();
    }
    let custom_cells = Memo::new(move |_| scenario.with(|s| s.cells.clone()));
    Effect::new(move |_| custom_cells.with(|c| storage::store_cells(c)));
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
    // Web Worker: a change made before it is ready waits for it. Only where the worker cannot run
    // (no module workers, a load error) does the page compute a change itself.
    let lib = library.clone();
    let page_runs = StoredValue::new(0u32);
    let compute_here = move |s: &Scenario| {
        let start = clock::now_ms();
        // Errors become text here, at the page.
        let outcome = run(&lib, s, &[]).map_err(|e| e.to_string());
        let ms = clock::now_ms() - start;
        // For the tests and the measurement script: how many results the page computed itself.
        page_runs.update_value(|n| *n += 1);
        worker::set_body("data-page-runs", &page_runs.get_value().to_string());
        Computed::new(&lib, s, outcome, ms, false)
    };
    clock::mark("nvmcalc:first-run-start");
    let computed = RwSignal::new(scenario.with_untracked(|s| compute_here(s)));
    clock::mark("nvmcalc:first-run-end");
    let busy = RwSignal::new(false);
    let lib = library.clone();
    worker.listen(
        move |answer: worker::Answer| {
            let c = scenario.with_untracked(|s| {
                Computed::new(&lib, s, answer.outcome, answer.ms, answer.in_worker)
            });
            computed.set(c);
        },
        move |b| busy.set(b),
        // The worker stopped with a change unanswered: compute it here.
        {
            let here = compute_here.clone();
            move || computed.set(scenario.with_untracked(|s| here(s)))
        },
    );
    let client = StoredValue::new_local(worker.clone());
    Effect::new(move |previous: Option<()>| {
        scenario.track();
        if previous.is_none() {
            return; // computed above
        }
        let query = scenario.with_untracked(|s| s.to_query(false));
        let sent = client.with_value(|c| c.submit(query));
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
    // Keep the address bar in step with the state, so the link is always shareable. Choosing
    // another analysis makes a new history entry, so that Back returns to the previous one.
    let shown_analysis = StoredValue::new(scenario.with_untracked(|s| s.analysis));
    let restoring = StoredValue::new(false);
    Effect::new(move |_| {
        let query = shared.with(|s| s.to_page_query(embed, study));
        let analysis = scenario.with(|s| s.analysis);
        let new_entry = analysis != shown_analysis.get_value() && !restoring.get_value();
        shown_analysis.set_value(analysis);
        restoring.set_value(false);
        if new_entry {
            url::push_query(&query);
        } else {
            url::replace_query(&query);
        }
    });

    // The one-click accounting switch of the answer.
    let switch_accounting = Callback::new(move |a: Accounting| {
        scenario.update(|s| {
            s.delay = a.delay;
            s.energy = a.energy;
            s.leakage = a.leakage;
        })
    });
    // Why the page opens as it does, while it shows its opening view.
    let opening = Scenario::opening(&library).shareable(&library);
    let reason = Scenario::opening_reason(&library).map(str::to_string);
    let opening_reason = move || {
        shared
            .with(|s| *s == opening)
            .then(|| reason.clone())
            .flatten()
    };

    // The charts follow the page's colour scheme, also when it changes while the page is open.
    let dark = screen::dark_scheme();

    // The chart is drawn at the width of its column (a phone gets a narrower canvas with text
    // of the same size, not a shrunken one): redraw when the window is resized.
    let viewport_width = screen::viewport_width();

    let canvas_ref = NodeRef::<Canvas>::new();
    let chart_error = RwSignal::new(None::<String>);
    let draws = RwSignal::new(0u32);
    // The controls and the panels under the chart are built in the task after the first result
    // is drawn (so that it reaches the screen sooner); `<body data-complete>` says they are in.
    let rest_ready = RwSignal::new(false);
    let rest_scheduled = StoredValue::new(false);
    let draw = move || {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        chart::set_dark(dark.get_untracked());
        clock::mark("nvmcalc:draw-start");
        let drawn =
            computed.with_untracked(|c| c.outcome.as_ref().ok().map(|o| chart::draw(&canvas, o)));
        clock::mark("nvmcalc:draw-end");
        if let Some(result) = drawn {
            match result {
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
        // The first result is on screen (or its message is): now the worker may use the
        // processor. Later draws find it started.
        client.with_value(worker::Client::spawn);
        if !rest_scheduled.get_value() {
            rest_scheduled.set_value(true);
            set_timeout(
                move || {
                    rest_ready.set(true);
                    set_timeout(|| worker::set_body("data-complete", "1"), Duration::ZERO);
                },
                Duration::ZERO,
            );
        }
    };
    // The chart is drawn in a task of its own, after the one that put the new numbers in the
    // page: the browser lays the page out between them, and neither task runs long (drawn in
    // the same task, the two made one task of over 50 ms with eleven technologies). Changes
    // that come before it is drawn are drawn once.
    let draw_waiting = StoredValue::new(false);
    Effect::new(move |_| {
        if canvas_ref.get().is_none() {
            return;
        }
        computed.track();
        dark.track();
        viewport_width.track();
        if !draw_waiting.get_value() {
            draw_waiting.set_value(true);
            set_timeout(
                move || {
                    draw_waiting.set_value(false);
                    draw();
                },
                Duration::ZERO,
            );
        }
    });

    // The inputs holding a value not applied: the results are then the last valid settings'.
    let invalid = crate::controls::Invalid(RwSignal::new(Vec::new()));
    provide_context(invalid);
    // What choosing an analysis changed to make it run (shown until dismissed).
    let switch_notes = RwSignal::new(Vec::<String>::new());
    provide_context(crate::controls::Notes(switch_notes));
    // Back and Forward between the page's own entries restore that entry's state.
    let lib = library.clone();
    url::on_history_move(move || {
        let decoded = Scenario::from_query(&url::current_query(), &lib);
        let restored = with_stored_cells(decoded.scenario, &lib);
        if scenario.with_untracked(|s| *s != restored) {
            restoring.set_value(true);
            switch_notes.set(Vec::new());
            scenario.set(restored);
        }
    });
    let lib = library.clone();
    let controls = move || {
        (!embed && rest_ready.get()).then(|| {
            view! {
                <Controls
                    library=lib.clone()
                    scenario=scenario
                    custom_cells=custom_cells
                    editing=editing
                    editor_open=editor_open
                    import_status=import_status
                    switch_notes=switch_notes
                />
            }
        })
    };
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
        match download::png_href(&canvas) {
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
            import_files(lib.clone(), scenario, files, import_status);
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
                <a class="skip-link" href="#results-view">"Skip to the results"</a>
                <header>
                    <h1>"nvmcalc"</h1>
                    <p class="tagline">
                        "SRAM vs non-volatile last-level caches for deep-learning workloads: energy, delay, EDP and area, normalised to a baseline."
                    </p>
                </header>
            })}
            <Notes id="notices" heading="Some link parameters could not be used; defaults were taken instead:" lines=notices />
            {study.map(|_| view! { <ReproducePanel library=library.clone() worker=client autorun=true /> })}
            <div class="layout">
                {(!embed).then(|| view! { <div class="controls-slot">{controls}</div> })}
                <main id="results-view" tabindex="-1" aria-busy=move || if busy.get() { "true" } else { "false" } class:busy=move || busy.get() class:stale=move || invalid.0.with(|v| !v.is_empty())>
                    <p id="busy" class="busy-note toast" role="status" aria-live="polite" class:hidden=move || !busy.get()>
                        <progress aria-label="Computing"></progress>
                        " Computing in a background worker; the page stays usable. The numbers below are the previous ones."
                    </p>
                    <Notes id="switch-notes" heading="Changed so that this runs:" lines=switch_notes />
                    {move || {
                        let bad = invalid.0.get();
                        (!bad.is_empty()).then(|| view! {
                            <p id="stale" class="notice stale-note" role="status">
                                {format!("Not up to date: {} {} a value that is not applied (see the field). The results below are for the last valid settings.", bad.join(", "), if bad.len() == 1 { "holds" } else { "hold" })}
                            </p>
                        })
                    }}
                    {move || match computed.with(|c| c.outcome.clone()) {
                        Err(e) => view! { <div class="error" role="alert" id="compare-error">{e}</div> }.into_any(),
                        Ok(o) => {
                            let answer = match &o {
                                Outcome::IsoCapacity(r) => Some(view! {
                                    <Answer
                                        report=r.clone()
                                        switch=switch_accounting
                                        opening_reason=opening_reason()
                                    />
                                }),
                                _ => None,
                            };
                            view! { {answer} <OutcomeView outcome=o /> }.into_any()
                        }
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
                    {
                        let library = library.clone();
                        move || (!embed && rest_ready.get()).then(|| view! {
                            <CellEditor library=library.clone() scenario=scenario selected=editing open=editor_open />
                            <SharePanel query=share_query embed_query=embed_query title=share_title redrawn=draws.read_only() />
                            {study.is_none().then(|| view! { <ReproducePanel library=library.clone() worker=client /> })}
                        })
                    }
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

/// A list of notes under a heading, shown while there are any, with a button that dismisses them
/// (`#{id}`, `#{id}-close`): what a link could not set, what the page changed on its own.
#[component]
fn Notes(id: &'static str, heading: &'static str, lines: RwSignal<Vec<String>>) -> impl IntoView {
    move || {
        let shown = lines.get();
        (!shown.is_empty()).then(|| view! {
            <div id=id class="notice" role="status">
                <strong>{heading}</strong>
                <ul>{shown.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                <button type="button" id=format!("{id}-close") on:click=move |_| lines.set(Vec::new())>"OK, hide this"</button>
            </div>
        })
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
        clock::mark("nvmcalc:first-result");
        let _ = body.set_attribute("data-first-result-ms", &format!("{:.1}", clock::now_ms()));
    }
}

/// A scenario read from a link, joined by the custom cells this browser kept (unticked; the
/// link's win on ids).
fn with_stored_cells(mut scenario: Scenario, library: &Library) -> Scenario {
    for c in storage::stored_cells(library) {
        let taken = scenario.cells.iter().any(|x| x.id == c.id);
        if !taken && scenario.cells.len() < nvmcalc::scenario::MAX_CUSTOM_CELLS {
            scenario.cells.push(c);
        }
    }
    scenario
}
