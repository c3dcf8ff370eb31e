//! The inputs a reader changes, all in the scenario column: the baseline, the analysis, the
//! workload (`workload`), how EDP is counted, the technologies compared (`technologies`), the
//! cache cell presets are built into (`cache`), and the user's own cells: imported
//! (`cell_import`), edited (`cell_editor`), and the rules they join the scenario by
//! (`custom_cells`). Each control writes the scenario; the core checks every value.

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::design::eval::{DelayDefinition, EnergyScope, LeakagePeriod};
use nvmcalc::scenario::{resolve_custom, Analysis};
use nvmcalc::{Library, Scenario};

use crate::controls::cache::CacheSettings;
use crate::controls::cell_import::CellImport;
use crate::controls::technologies::{CachePresets, CellPresets};
use crate::controls::workload::WorkloadControls;

mod cache;
pub(crate) mod cell_editor;
pub(crate) mod cell_import;
mod custom_cells;
mod profile;
mod technologies;
mod workload;

/// The scenario column (`<aside class="controls">`), in the order the page shows it.
#[component]
pub(crate) fn Controls(
    library: Arc<Library>,
    scenario: RwSignal<Scenario>,
    custom_cells: Memo<Vec<nvmcalc::scenario::CustomCell>>,
    editing: RwSignal<String>,
    editor_open: RwSignal<bool>,
    import_status: RwSignal<Vec<Result<String, String>>>,
    switch_notes: RwSignal<Vec<String>>,
) -> impl IntoView {
    let switch_lib = library.clone();
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

    // What each group is set to, said by its summary while the group is closed.
    let lib = library.clone();
    let compare_state = move || {
        scenario.with(|s| {
            let n = s.technologies.len();
            format!(
                "{}; {n} technolog{} against {}",
                s.analysis.label(),
                if n == 1 { "y" } else { "ies" },
                s.baseline
            )
        })
    };
    let workload_state = move || scenario.with(|s| workload_words(s, &lib));
    // How many cache-characterisation presets are compared (the rest are cells).
    let lib = library.clone();
    let compared_presets = Memo::new(move |_| {
        scenario.with(|s| {
            s.technologies
                .iter()
                .filter(|t| lib.technology(t).is_some())
                .count()
        })
    });
    let technologies_state = move || {
        let presets = compared_presets.get();
        let cells = scenario.with(|s| s.technologies.len()) - presets;
        format!("{cells} cell(s), {presets} cache preset(s) compared")
    };
    let cache_state = move || {
        scenario.with(|s| {
            format!(
                "{} in {} · {} K",
                nvmcalc::units::Capacity::from_bytes(s.cache.capacity_bytes).map_or_else(
                    || format!("{} B", s.cache.capacity_bytes),
                    |c| c.to_string()
                ),
                match s.cache.layout {
                    nvmcalc::design::config::Layout::Monolithic =>
                        "one monolithic cache".to_string(),
                    nvmcalc::design::config::Layout::Sliced =>
                        format!("{} slice(s)", s.cache.slices),
                },
                s.cache.temperature_k
            )
        })
    };
    let accounting_state = move || {
        scenario.with(|s| {
            format!(
                "delay: {}; energy: {}; leakage over {}",
                s.delay.label(),
                s.energy.label(),
                match s.leakage {
                    LeakagePeriod::Run => "the run",
                    LeakagePeriod::Access => "the summed access time",
                }
            )
        })
    };
    // The cache presets' list opens by itself when the link compares one of them.
    let cache_presets_open = compared_presets.get_untracked() > 0;
    let preset_total = library.technologies.len();
    let cache_presets_state =
        move || format!("{} of {preset_total} ticked", compared_presets.get());

    // Each group's children own their copy of the library.
    let (lib_workload, lib_cells, lib_presets, lib_cache, lib_import) = (
        library.clone(),
        library.clone(),
        library.clone(),
        library.clone(),
        library.clone(),
    );
    view! {
        <aside class="controls" aria-label="Scenario">
            <Group id="group-compare" title="Comparison" open=true state=compare_state>
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
                                // Moved to a setup the analysis runs, with what changed said.
                                let switched = scenario.with_untracked(|s| s.with_analysis(a, &switch_lib));
                                switch_notes.set(switched.changes);
                                scenario.set(switched.scenario);
                            }
                        }
                    >
                        {analysis_options}
                    </select>
                    <span class="hint">"Iso-area and scalability size new caches from cells on a network (the page switches to them and says so); cache details break each cell's cache down."</span>
                </label>
            </Group>
            <Group id="group-workload" title="Workload" open=true state=workload_state>
                <WorkloadControls library=lib_workload scenario=scenario />
            </Group>
            <Group id="group-technologies" title="Technologies compared" open=true state=technologies_state>
                <CellPresets
                    library=lib_cells
                    scenario=scenario
                    custom_cells=custom_cells
                    editing=editing
                    editor_open=editor_open
                    import_status=import_status
                />
                <details id="cache-presets-group" class="subgroup" open=cache_presets_open>
                    <summary>
                        "Cache characterisation presets "
                        <span class="group-count">{cache_presets_state}</span>
                    </summary>
                    <CachePresets library=lib_presets scenario=scenario />
                </details>
            </Group>
            <Group id="group-cache" title="Cache the cells are built into" open=false state=cache_state>
                <CacheSettings library=lib_cache scenario=scenario />
            </Group>
            <Group id="group-accounting" title="How EDP is counted" open=false state=accounting_state>
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
                    <span class="hint">"DeepNVM++ counted the L2 alone: delay = summed L2 access time, L2 energy only, leakage over that time (the switch above the results sets all three)."</span>
                </label>
            </Group>
            <CellImport library=lib_import scenario=scenario status=import_status />
        </aside>
    }
}

/// One collapsible group of the scenario column: its title, and while it is closed a line saying
/// what its inputs are set to.
#[component]
fn Group(
    id: &'static str,
    title: &'static str,
    open: bool,
    state: impl Fn() -> String + Send + Sync + 'static,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="group" id=id open=open>
            <summary>
                {title}
                <span class="group-state">{state}</span>
            </summary>
            {children()}
        </details>
    }
}

/// A GPU preset's name (its id when it is not loaded).
pub(crate) fn gpu_name<'a>(library: &'a Library, id: &'a str) -> &'a str {
    library.gpu(id).map_or(id, |g| g.name.as_str())
}

/// The workload in a few words: the network run (with its phase, batch and GPU), the user's
/// profile, or the count preset.
fn workload_words(s: &Scenario, library: &Library) -> String {
    if let Some(n) = &s.network {
        let network = library
            .network(&n.network)
            .map_or(n.network.as_str(), |x| x.name.as_str());
        let gpu = gpu_name(library, &n.gpu);
        return format!("{network}, {}, batch {}, on {gpu}", n.phase.word(), n.batch);
    }
    if let Some(p) = &s.profile {
        return format!("your profile: {} on {}", p.file, p.gpu);
    }
    library
        .workload(&s.workload)
        .map_or_else(|| s.workload.clone(), |w| w.name.clone())
}

/// What the page changed on its own to keep the scenario computable (choosing an analysis,
/// ticking a cell), said above the results until dismissed. Provided by the calculator as a
/// context.
#[derive(Clone, Copy)]
pub(crate) struct Notes(pub RwSignal<Vec<String>>);

/// The inputs that hold a value not applied (invalid): while any does, the results are the last
/// valid settings' and the page says so above them. Provided by the calculator as a context;
/// each control group marks itself by its label.
#[derive(Clone, Copy)]
pub(crate) struct Invalid(pub RwSignal<Vec<String>>);

impl Invalid {
    /// Marks `what` (a control's label) as holding an unapplied value, or not.
    pub(crate) fn mark(self, what: &str, invalid: bool) {
        let present = self.0.with_untracked(|s| s.iter().any(|x| x == what));
        if invalid && !present {
            self.0.update(|s| s.push(what.to_string()));
        } else if !invalid && present {
            self.0.update(|s| s.retain(|x| x != what));
        }
    }
}
