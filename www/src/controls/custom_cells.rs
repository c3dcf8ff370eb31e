//! How a user's cell joins the scenario: the ids already taken and a free one for a new cell, and
//! the checks before it is added (the model builds it into the current cache, its link form stays
//! short, the lists have room). Each custom cell is kept as its changes from the nearest preset.

use leptos::prelude::*;
use nvmcalc::circuit::cell::CellSpec;
use nvmcalc::design::build::cell_technology;
use nvmcalc::scenario::{resolve_custom, CustomCell, MAX_CUSTOM_CELLS, MAX_TECHNOLOGIES};
use nvmcalc::{Library, Scenario};

/// Longest link form of one custom cell: a cell further than this from every preset would make
/// share links too long.
pub const MAX_CELL_LINK_BYTES: usize = 1500;

/// Every id in use: presets and the scenario's custom cells.
pub(crate) fn taken_ids(library: &Library, s: &Scenario) -> Vec<String> {
    library
        .technology_ids()
        .chain(s.cells.iter().map(|c| c.id.as_str()))
        .map(str::to_string)
        .collect()
}

/// A free id `stem`, `stem2`, … (at most 64 characters).
pub(crate) fn free_id(stem: &str, taken: &[String]) -> String {
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
    let resolved = resolve_custom(&custom, library).map_err(|e| e.to_string())?;
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
