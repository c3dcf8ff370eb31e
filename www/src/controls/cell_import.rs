//! Importing a user's cell: an NVSim `.cell` or a cell preset file (`.toml`), picked, pasted or
//! dropped anywhere on the page, read by the core's importers; and the status lines that say
//! what was added or why not.

use std::sync::Arc;

use leptos::prelude::*;
use nvmcalc::design::build::node_sizes;
use nvmcalc::design::import::{import_cell_preset, import_custom_cell};
use nvmcalc::input::MAX_FILE_BYTES;
use nvmcalc::scenario::MAX_CUSTOM_CELLS;
use nvmcalc::{Library, Scenario};
use wasm_bindgen::JsCast;

use crate::controls::custom_cells::{add_cell, taken_ids};

/// Import of a user's cell: an NVSim `.cell` or a cell preset file (`.toml`), picked, pasted or
/// dropped anywhere on the page. It joins the scenario as a custom cell.
#[component]
pub(crate) fn CellImport(
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
            import_files(lib.clone(), scenario, files, status);
        }
        // The same file picked again is a new import.
        input.set_value("");
    };

    let lib = library.clone();
    let import = move |_| {
        let nm = node.with(|n| n.parse::<u32>().ok());
        let line = name.with(|n| text.with(|t| import_text(&lib, scenario, n, t, nm)));
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
        if name.to_ascii_lowercase().ends_with(".csv") {
            status.update(|s| {
                s.push(Err(format!(
                    "{name}: a CSV is read as a GPU profile, not a cell: choose Workload → \
                     \"Your own GPU profile\" and drop it on its box"
                )))
            });
            continue;
        }
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
