//! The cell editor: every parameter of one cell with its unit, accepted range and source.
//! Editing a preset makes a custom cell beside it; editing a custom cell changes it. A value
//! the core refuses is shown with the reader's message and not applied. The cell can be
//! downloaded as a preset file the CLI reads.
//! The rows are the cell's raw keys; their unit, accepted values and meaning come from the core's
//! table of cell keys, and a refused value gets the one cell check's message.

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::circuit::cell::{cell_key, Accepts, CellSpec, RawCell, Value};
use nvmcalc::design::build::cell_technology;
use nvmcalc::format::sig;
use nvmcalc::scenario::{resolve_custom, MAX_TECHNOLOGIES};
use nvmcalc::scenario::{to_preset_toml, CustomCell, MAX_CUSTOM_CELLS};
use nvmcalc::{Library, Scenario};

use crate::controls::custom_cells::{free_id, taken_ids};
use crate::platform::download::data_href;

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
