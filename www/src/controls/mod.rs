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
                            // Moved to a setup the analysis runs, with what changed said.
                            let switched = scenario.with_untracked(|s| s.with_analysis(a, &switch_lib));
                            switch_notes.set(switched.changes);
                            scenario.set(switched.scenario);
                        }
                    }
                >
                    {analysis_options}
                </select>
                <span class="hint">"Iso-area and scalability design caches of new sizes: they take a network workload and cells (the page switches to them and says what it changed). Cache details shows each cell's organisation and where its latency, energy, leakage and area go."</span>
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
                <span class="hint">"DeepNVM++ counted the L2 alone: delay = summed L2 access time, L2 energy only, leakage over that time (the switch above the results sets all three)."</span>
            </label>
            <CachePresets library=library.clone() scenario=scenario />
            <CellPresets
                library=library.clone()
                scenario=scenario
                custom_cells=custom_cells
                editing=editing
                editor_open=editor_open
                import_status=import_status
            />
            <CacheSettings library=library.clone() scenario=scenario />
            <CellImport library=library.clone() scenario=scenario status=import_status />
        </aside>
    }
}

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
