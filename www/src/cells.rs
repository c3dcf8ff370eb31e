//! The user's own cells: a preset with values edited inline, an imported NVSim `.cell`, or a cell
//! preset file (`.toml`, e.g. one exported here). Each lives in the scenario as its changes from a
//! cell preset ([`CustomCell`]), so the share link carries it; the browser's local storage keeps
//! them between visits; each can be downloaded as a preset file the CLI reads.
//! Every check is the core's: the rows are the cell's raw keys, their unit, accepted values and
//! meaning come from the table of cell keys, and a rejected value gets the one cell check's
//! message (key, value and what is accepted).

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::circuit::cell::{cell_key, Accepts, CellSpec, RawCell, Value};
use nvmcalc::design::build::cell_technology;
use nvmcalc::design::import::{import_cell_preset, import_custom_cell};
use nvmcalc::format::sig;
use nvmcalc::input::MAX_FILE_BYTES;
use nvmcalc::scenario::{resolve_custom, MAX_TECHNOLOGIES};
use nvmcalc::scenario::{to_preset_toml, CustomCell, MAX_CUSTOM_CELLS};
use nvmcalc::{Library, Scenario};

use crate::share::data_href;

/// The local-storage key of the custom cells (one link form per line).
const STORAGE_KEY: &str = "nvmcalc.custom-cells.v1";
/// Longest link form of one custom cell: a cell further than this from every preset would make
/// share links too long.
pub const MAX_CELL_LINK_BYTES: usize = 1500;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The custom cells this browser kept, each still valid against `library` (others are dropped).
pub fn stored_cells(library: &Library) -> Vec<CustomCell> {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Vec::new();
    };
    text.lines()
        .take(MAX_CUSTOM_CELLS)
        .filter_map(|l| CustomCell::from_link(l).ok())
        .filter(|c| resolve_custom(c, library).is_ok())
        .collect()
}

/// Keeps `cells` in this browser (quietly does nothing where storage is off).
pub fn store_cells(cells: &[CustomCell]) {
    if let Some(s) = storage() {
        let text: Vec<String> = cells.iter().map(CustomCell::to_link).collect();
        let _ = if text.is_empty() {
            s.remove_item(STORAGE_KEY)
        } else {
            s.set_item(STORAGE_KEY, &text.join("\n"))
        };
    }
}

/// Every id in use: presets and the scenario's custom cells.
fn taken_ids(library: &Library, s: &Scenario) -> Vec<String> {
    library
        .technology_ids()
        .chain(s.cells.iter().map(|c| c.id.as_str()))
        .map(str::to_string)
        .collect()
}

/// A free id `stem`, `stem2`, … (at most 64 characters).
fn free_id(stem: &str, taken: &[String]) -> String {
    let stem: String = stem.chars().take(56).collect();
    (1..)
        .map(|n| {
            if n == 1 {
                stem.clone()
            } else {
                format!("{stem}{n}")
            }
        })
        .find(|id| !taken.contains(id))
        .unwrap_or(stem)
}

/// Adds a checked cell `spec` to the scenario as a custom cell written against its nearest
/// preset, and compares it. Refused (with the reason) when the model cannot build it into the
/// current cache, when it is too far from every preset for a link, or when the lists are full.
pub fn add_cell(
    library: &Library,
    scenario: RwSignal<Scenario>,
    spec: &CellSpec,
) -> Result<String, String> {
    let custom = CustomCell::nearest(spec, &library.cells)
        .ok_or_else(|| "no cell preset is loaded to write the cell against".to_string())?;
    if custom.to_link().len() > MAX_CELL_LINK_BYTES {
        return Err(format!(
            "{}: its changes from the nearest cell preset take {} bytes, more than the \
             {MAX_CELL_LINK_BYTES} a share link allows per cell",
            spec.id,
            custom.to_link().len()
        ));
    }
    let resolved = resolve_custom(&custom, library)?;
    scenario.with_untracked(|s| {
        if s.cells.len() >= MAX_CUSTOM_CELLS {
            return Err(format!(
                "at most {MAX_CUSTOM_CELLS} custom cells; remove one first"
            ));
        }
        if s.technologies.len() >= MAX_TECHNOLOGIES {
            return Err(format!(
                "at most {MAX_TECHNOLOGIES} technologies are compared; untick one first"
            ));
        }
        cell_technology(&resolved, &s.cache, &library.nodes)
            .map(|_| ())
            .map_err(|e| format!("{}: {e}", spec.id))
    })?;
    let id = custom.id.clone();
    let message = format!(
        "Added `{id}` ({}), written as {} change{} from preset `{}`.",
        spec.kind.label(),
        custom.changes.len(),
        if custom.changes.len() == 1 { "" } else { "s" },
        custom.base
    );
    scenario.update(|s| {
        s.cells.push(custom);
        if !s.technologies.contains(&id) {
            s.technologies.push(id);
        }
    });
    Ok(message)
}

/// Imports a file's text by its extension: `.toml` is a cell preset file, anything else an NVSim
/// `.cell` (placed at `node_nm` if it states no node).
pub fn import_text(
    library: &Library,
    scenario: RwSignal<Scenario>,
    file_name: &str,
    text: &str,
    node_nm: Option<u32>,
) -> Result<String, String> {
    let taken = scenario.with_untracked(|s| taken_ids(library, s));
    let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
    let spec = if file_name.to_ascii_lowercase().ends_with(".toml") {
        import_cell_preset(file_name, text, &taken)?
    } else {
        import_custom_cell(file_name, text, &taken, node_nm)?
    };
    add_cell(library, scenario, &spec)
}

/// Reads dropped or picked files (at most [`MAX_CUSTOM_CELLS`], each at most
/// [`MAX_FILE_BYTES`]) and imports each; `status` gets one line per file.
pub fn import_files(
    library: Arc<Library>,
    scenario: RwSignal<Scenario>,
    files: web_sys::FileList,
    status: RwSignal<Vec<Result<String, String>>>,
) {
    let n = files.length();
    let mut list = Vec::new();
    for i in 0..n.min(MAX_CUSTOM_CELLS as u32) {
        if let Some(f) = files.get(i) {
            list.push(f);
        }
    }
    let mut lines = Vec::new();
    if n as usize > MAX_CUSTOM_CELLS {
        lines.push(Err(format!(
            "{n} files dropped; the first {MAX_CUSTOM_CELLS} are read"
        )));
    }
    status.set(lines);
    for file in list {
        let name = file.name();
        if file.size() > MAX_FILE_BYTES as f64 {
            status.update(|s| {
                s.push(Err(format!(
                    "{name}: {} bytes; cell files are limited to {MAX_FILE_BYTES} bytes",
                    file.size()
                )))
            });
            continue;
        }
        let library = library.clone();
        leptos::task::spawn_local(async move {
            let line = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(v) => import_text(
                    &library,
                    scenario,
                    &name,
                    &v.as_string().unwrap_or_default(),
                    Some(22),
                ),
                Err(_) => Err(format!("{name}: the file could not be read")),
            };
            status.update(|s| s.push(line));
        });
    }
}

/// The status lines of an import (`#import-status`).
#[component]
pub fn ImportStatus(status: RwSignal<Vec<Result<String, String>>>) -> impl IntoView {
    view! {
        <div id="import-status" role="status">
            {move || {
                // The first message of each kind also has an id (`#import-added`, `#import-error`).
                let (mut ok_seen, mut err_seen) = (false, false);
                status.get().into_iter().map(|line| match line {
                    Ok(m) => {
                        let id = (!ok_seen).then_some("import-added");
                        ok_seen = true;
                        view! { <p class="hint import-added" id=id>{m}</p> }.into_any()
                    }
                    Err(e) => {
                        let id = (!err_seen).then_some("import-error");
                        err_seen = true;
                        view! { <p class="field-error import-error" role="alert" id=id>{e}</p> }.into_any()
                    }
                }).collect_view()
            }}
        </div>
    }
}

/// A custom cell's base preset and resolved spec (`None` when it no longer resolves).
fn resolved(library: &Library, s: &Scenario, id: &str) -> Option<(CustomCell, CellSpec)> {
    let c = s.cells.iter().find(|c| c.id == id)?;
    resolve_custom(c, library)
        .ok()
        .map(|spec| (c.clone(), spec))
}

/// The cell the editor shows: a preset (`None` custom part) or a custom cell.
fn cell_for(library: &Library, s: &Scenario, id: &str) -> Option<(Option<CustomCell>, CellSpec)> {
    if let Some(p) = library.cell(id) {
        return Some((None, p.clone()));
    }
    resolved(library, s, id).map(|(c, spec)| (Some(c), spec))
}

fn accepted_text(path: &str) -> String {
    match cell_key(path).map(|k| k.accepts) {
        Some(Accepts::Range(lo, hi)) => format!("{} – {}", sig(lo), sig(hi)),
        Some(Accepts::Words(words)) => words.list().join(", "),
        Some(Accepts::Text(Some(n))) => format!("text, at most {n} characters"),
        _ => "text".into(),
    }
}

/// Edits one cell's parameters with units, accepted ranges and sources. Editing a preset makes a
/// custom cell beside it (`<preset>_custom`); editing a custom cell changes it. A value the core
/// refuses is shown with its reason and not applied.
#[component]
pub fn CellEditor(
    library: Arc<Library>,
    scenario: RwSignal<Scenario>,
    selected: RwSignal<String>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let lib = library.clone();
    let current = Memo::new(move |_| scenario.with(|s| selected.with(|id| cell_for(&lib, s, id))));

    let lib = library.clone();
    let apply = Callback::new(move |(path, typed): (String, String)| {
        let Some((custom, spec)) = current.get_untracked() else {
            return;
        };
        let (custom, base) = match custom {
            Some(c) => {
                let Some(base) = lib.cell(&c.base) else {
                    return;
                };
                (c, base.clone())
            }
            None => {
                let taken = scenario.with_untracked(|s| taken_ids(&lib, s));
                let id = free_id(&format!("{}_custom", spec.id), &taken);
                let fresh = CustomCell {
                    id,
                    base: spec.id.clone(),
                    changes: Vec::new(),
                }
                .with_value(&spec, "name", &format!("{} (custom)", spec.name));
                (fresh, spec.clone())
            }
        };
        let next = custom.with_value(&base, &path, &typed);
        let checked = next
            .resolve(&base)
            .map_err(|e| e.to_string())
            .and_then(|cell| {
                scenario.with_untracked(|s| {
                    cell_technology(&cell, &s.cache, &lib.nodes)
                        .map(|_| ())
                        .map_err(|e| format!("{}: {e}", cell.id))
                })
            });
        if let Err(e) = checked {
            error.set(Some(e));
            return;
        }
        let new_cell = scenario.with_untracked(|s| !s.cells.iter().any(|c| c.id == next.id));
        if new_cell && scenario.with_untracked(|s| s.cells.len()) >= MAX_CUSTOM_CELLS {
            error.set(Some(format!(
                "at most {MAX_CUSTOM_CELLS} custom cells; remove one first"
            )));
            return;
        }
        error.set(None);
        let id = next.id.clone();
        scenario.update(|s| {
            match s.cells.iter_mut().find(|c| c.id == next.id) {
                Some(c) => *c = next,
                None => s.cells.push(next),
            }
            if new_cell && !s.technologies.contains(&id) && s.technologies.len() < MAX_TECHNOLOGIES
            {
                s.technologies.push(id.clone());
            }
        });
        selected.set(id);
    });

    let lib = library.clone();
    let options = move || {
        let presets: Vec<(String, String)> = lib
            .cells
            .iter()
            .map(|c| (c.id.clone(), format!("{} (preset)", c.name)))
            .collect();
        let customs: Vec<(String, String)> = scenario.with(|s| {
            s.cells
                .iter()
                .map(|c| (c.id.clone(), format!("{} (custom)", c.id)))
                .collect()
        });
        customs
            .into_iter()
            .chain(presets)
            .map(|(id, label)| {
                let id2 = id.clone();
                let is = move || selected.with(|s| *s == id2);
                view! { <option value=id prop:selected=is>{label}</option> }
            })
            .collect_view()
    };

    let rows = move || {
        let Some((custom, spec)) = current.get() else {
            return view! { <p class="hint">"Choose a cell."</p> }.into_any();
        };
        let changed: Vec<String> = custom
            .as_ref()
            .map(|c| c.changed_paths().map(str::to_string).collect())
            .unwrap_or_default();
        let source = spec.source.clone();
        let body = RawCell::of(&spec)
            .into_entries()
            .into_iter()
            .filter(|e| !matches!(e.path.as_str(), "id" | "notes" | "kind"))
            .map(|e| {
                let path = e.path.clone();
                let key = cell_key(&path);
                let unit = key.map_or("", |k| k.unit);
                let about = key.map_or(String::new(), |k| format!(": {}", k.about));
                let is_changed = changed.contains(&path);
                let from = if is_changed {
                    "set in this page".to_string()
                } else {
                    format!("source: {source}")
                };
                let value = e.value.display();
                let input_id = format!("param-{}", path.replace('.', "-"));
                let title = match (&e.value, unit) {
                    (Value::Number(_), "") => format!("{path}{about} (a ratio); {from}"),
                    (Value::Number(_), u) => format!("{path}{about}, in {u}; {from}"),
                    _ => format!("{path}{about}; {from}"),
                };
                let accepted = accepted_text(&path);
                let p = path.clone();
                let wide = matches!(path.as_str(), "name" | "source");
                view! {
                    <tr class:changed=is_changed>
                        <th scope="row"><label for=input_id.clone()>{path.clone()}</label></th>
                        <td>
                            <input
                                type="text"
                                id=input_id
                                class:wide=wide
                                data-param=path.clone()
                                inputmode=if matches!(e.value, Value::Number(_)) { "decimal" } else { "text" }
                                prop:value=value
                                title=title
                                on:change=move |ev| apply.run((p.clone(), event_target_value(&ev)))
                            />
                        </td>
                        <td class="unit">{unit}</td>
                        <td class="accepted">{accepted}</td>
                    </tr>
                }
            })
            .collect_view();
        let about = match &custom {
            Some(c) => format!(
                "Custom cell `{}` from preset `{}`: {} changed value{} (marked). Values not changed keep the preset's source.",
                c.id,
                c.base,
                c.changes.len(),
                if c.changes.len() == 1 { "" } else { "s" }
            ),
            None => format!(
                "Preset `{}`. Changing a value makes a custom cell beside it; the preset stays as it is.",
                spec.id
            ),
        };
        let file = format!("{}.toml", spec.id);
        let href = data_href("application/toml", &to_preset_toml(&spec));
        view! {
            <p class="hint" id="edit-about">{about}</p>
            <div class="table-scroll">
                <table id="edit-params" class="params">
                    <thead><tr><th>"Key"</th><th>"Value"</th><th>"Unit"</th><th>"Accepted"</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <p class="hint" id="edit-source">"Source: "{source}</p>
            <p class="exports">
                <a id="edit-export" href=href download=file>"Download as a preset file (.toml)"</a>
                " — the CLI reads it from presets/cells/; this page imports it back."
            </p>
        }
        .into_any()
    };

    view! {
        <details id="cell-editor" class="cell-editor" prop:open=move || open.get()
            on:toggle=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    open.set(d.open());
                }
            }>
            <summary><h2>"Cell parameters: view and edit"</h2></summary>
            <label class="field">
                "Cell"
                <select id="edit-cell" on:change=move |ev| {
                    error.set(None);
                    selected.set(event_target_value(&ev));
                }>{options}</select>
            </label>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" id="edit-error">{e}</p> })}
            {rows}
        </details>
    }
}

/// The line under a custom cell's checkbox: its family, its base preset and how many values it
/// changes (or that it no longer resolves).
pub fn custom_meta(c: &CustomCell, spec: Option<&CellSpec>) -> String {
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
