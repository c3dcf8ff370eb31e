//! The browser's local storage of the user's custom cells, one link form per line, so that they
//! are there again on the next visit. Where storage is off, nothing is kept and nothing fails.

use nvmcalc::scenario::{resolve_custom, CustomCell, MAX_CUSTOM_CELLS};
use nvmcalc::Library;

/// The local-storage key of the custom cells (one link form per line).
const STORAGE_KEY: &str = "nvmcalc.custom-cells.v1";

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
