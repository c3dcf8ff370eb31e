//! # nvmcalc — SRAM vs non-volatile last-level caches for deep-learning workloads
//!
//! The pure model core: no files, no clock, no globals, no web dependencies. A caller hands it the
//! preset texts ([`load_library`], or [`Index::parse`] and [`Library::load`]), decodes a
//! [`Scenario`] (a share link's query, [`Scenario::from_query`]) and calls [`outcome::run`], the one
//! entry point: it runs the scenario's analysis and returns its report (an
//! [`outcome::Outcome`]), which renders as a table, JSON or CSV. The `nvmcalc` CLI and the
//! browser page (crate `www`) are thin layers over this call, so both give the same numbers for
//! the same scenario.

// The layers, bottom to top. A module imports only from its own module and from layers below it
// (`tests/layers.rs` checks this against the same list; the README's repository map draws it).

// 0: quantities with their units
pub mod units;
// 1: numbers and tables as text; the field reader, preset errors and query decoding
pub mod format;
pub mod input;
// 2: the circuit model in NVSim's vocabulary; the GPU, its kernels, networks and traffic model
pub mod circuit;
pub mod gpu;
// 3: NVSim's .cfg/.cell formats, their import and the NVSim-compatible runner
pub mod nvsim;
// 4: a cell built into a cache; the technology record; energy, delay, EDP of a workload on it
pub mod design;
// 5: every preset, loaded and checked
pub mod library;
// 6: the whole input state and its link codec
pub mod scenario;
// 7: the analyses, one file each
pub mod study;
// 8: tables for people and machines
pub mod report;
// 9: the one entry point every surface calls
pub mod outcome;

pub use input::PresetErrors;
pub use library::{Index, Library};
pub use report::ComparisonReport;
pub use scenario::Scenario;
pub use study::comparison::Comparison;

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
