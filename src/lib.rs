//! # nvmcalc — SRAM vs non-volatile last-level caches for deep-learning workloads
//!
//! The pure model core: no files, no clock, no globals, no web dependencies. Callers hand it preset
//! texts ([`preset`]), pick a [`scenario::Scenario`], and get a [`compare::Comparison`] and its
//! [`report::ComparisonReport`]. The `nvmcalc` CLI and the browser page (crate `www`) are thin layers
//! over this library, so both give the same numbers for the same scenario.

// The layers, bottom to top; a module imports only from layers below its own (checked by
// `tests/layers.rs`, which holds the same list):
pub mod circuit; //                        2  node, cell, array, search, cache (NVSim's vocabulary)
pub mod design; //                         4  a cell built into a cache; technology record; evaluation
pub mod format; //                         1  numbers and tables as text
pub mod gpu; //                            2  GPU, kernels, networks, traffic model, workload record
pub mod input; //                          1  field reader, preset errors, query decoding
pub mod library; //                        5  every preset, loaded and checked
pub mod nvsim; //                          3  NVSim's .cfg/.cell formats, import, compatible runner
pub mod outcome;
pub mod report; //                         8  tables for people and machines
pub mod scenario; //                       6  the whole input state and its link codec
pub mod study; //                          7  one file per analysis
pub mod units; //                          0  quantities with their units //                        9  the one entry point every surface calls

pub use input::PresetErrors;
pub use library::{Index, Library};
pub use report::ComparisonReport;
pub use scenario::Scenario;
pub use study::iso_capacity::Comparison;

/// The shipped preset library, read from the repository's `presets/` folder (unit tests only;
/// the integration tests have `tests/common::shipped_library`).
#[cfg(test)]
pub(crate) fn shipped_library() -> Library {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let index = std::fs::read_to_string(dir.join("index.toml")).expect("presets/index.toml");
    load_library(&index, |p| std::fs::read_to_string(dir.join(p)).ok())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Loads a library from an index text and a function that returns a named file's text (or `None`
/// when it cannot be read). Convenience for callers that can read files synchronously.
pub fn load_library(
    index_text: &str,
    mut read: impl FnMut(&str) -> Option<String>,
) -> Result<Library, PresetErrors> {
    let index = Index::parse(index_text)?;
    let files: Vec<(String, String)> = index
        .files()
        .filter_map(|path| read(path).map(|text| (path.to_string(), text)))
        .collect();
    Library::load(&index, &files)
}
