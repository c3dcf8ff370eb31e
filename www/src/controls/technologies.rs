//! The technologies compared, a checkbox each (`data-tech`): the cache presets at their own
//! figures, then the cell presets built into the cache below, with the user's own cells first
//! (each with its edit, download and remove buttons). At least one stays ticked, and the
//! baseline is always among those ticked.

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::circuit::cell::CellSpec;
use nvmcalc::scenario::{resolve_custom, CustomCell};
use nvmcalc::{Library, Scenario};

use crate::controls::cell_import::ImportStatus;
use crate::platform::download::data_href;

/// The cache presets (published or NVSim-run figures), one checkbox each.
#[component]
pub(crate) fn CachePresets(library: Arc<Library>, scenario: RwSignal<Scenario>) -> impl IntoView {
    let tech_boxes = library
        .technologies
        .iter()
        .map(|t| {
            tech_checkbox(
                library.clone(),
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
    view! {
        <fieldset>
            <legend class="visually-hidden">"Cache characterisation presets"</legend>
            <p class="hint">"Published or NVSim-run cache figures, each at its own capacity and access width."</p>
            {tech_boxes}
        </fieldset>
    }
}

/// The cell presets and the user's own cells (listed first), with the status of the last
/// import under them.
#[component]
pub(crate) fn CellPresets(
    library: Arc<Library>,
    scenario: RwSignal<Scenario>,
    custom_cells: Memo<Vec<CustomCell>>,
    editing: RwSignal<String>,
    editor_open: RwSignal<bool>,
    import_status: RwSignal<Vec<Result<String, String>>>,
) -> impl IntoView {
    let cell_boxes = library
        .cells
        .iter()
        .map(|c| {
            tech_checkbox(
                library.clone(),
                scenario,
                c.id.clone(),
                c.name.clone(),
                c.id.clone(),
                format!(
                    "{} cell{}, built into the cache set below. Source: {}",
                    c.kind.label(),
                    c.node_nm.map(|n| format!(" at {n} nm")).unwrap_or_default(),
                    c.source
                ),
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
                    .map(|s| data_href("application/toml", &nvmcalc::scenario::to_preset_toml(s)))
                    .unwrap_or_default();
                view! {
                    <div class="custom-cell" data-custom=id.clone()>
                        {tech_checkbox(library.clone(), scenario, id.clone(), name, custom_meta(&c, spec.as_ref()), title)}
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
    view! {
        <fieldset id="cell-presets">
            <legend>"Cell presets, built into the cache"</legend>
            <p class="hint">"Built into the cache set below by the circuit model; hover a name for its source. Your own cells come first."</p>
            {custom_boxes}
            {cell_boxes}
            <ImportStatus status=import_status />
        </fieldset>
    }
}

/// One technology checkbox: checked when compared; the last compared one cannot be unticked.
fn tech_checkbox(
    library: Arc<Library>,
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
    let notes = use_context::<crate::controls::Notes>();
    let on_change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        // The core ticks it and settles what the new cells need (a roadmap their node lacks).
        let switched = scenario.with_untracked(|s| s.with_technology(&id_change, on, &library));
        if let Some(notes) = notes {
            notes.0.set(switched.changes);
        }
        scenario.set(switched.scenario);
    };
    view! {
        <label class="tech" title=title>
            <input type="checkbox" data-tech=id prop:checked=checked prop:disabled=last_one on:change=on_change />
            <span class="tech-name">{name}</span>
            <span class="tech-meta">{meta}</span>
        </label>
    }
}

/// The line under a custom cell's checkbox: its family, its base preset and how many values it
/// changes (or that it no longer resolves).
fn custom_meta(c: &CustomCell, spec: Option<&CellSpec>) -> String {
    match spec {
        Some(s) => format!(
            "{} · custom, from preset {} · {} change{}",
            s.kind.label(),
            c.base,
            c.changes.len(),
            if c.changes.len() == 1 { "" } else { "s" }
        ),
        None => format!("custom, from preset {} · no longer valid", c.base),
    }
}
