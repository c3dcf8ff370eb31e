//! # nvmcalc — SRAM vs non-volatile last-level caches for deep-learning workloads
//!
//! The pure model core: no files, no clock, no globals, no web dependencies. Callers hand it preset
//! texts ([`preset`]), pick a [`scenario::Scenario`], and get a [`compare::Comparison`] and its
//! [`report::ComparisonReport`]. The `nvmcalc` CLI and the browser page (crate `www`) are thin layers
//! over this library, so both give the same numbers for the same scenario.

pub mod analysis;
pub mod array;
pub mod cache;
pub mod cell;
pub mod celltech;
pub mod compare;
pub mod compat;
pub mod details;
pub mod eval;
pub mod explore;
pub mod gpu;
pub mod kernel;
pub mod network;
pub mod outcome;
pub mod preset;
pub mod report;
pub mod reproduce;
pub mod scenario;
pub mod tech;
pub mod technology;
pub mod traffic;
pub mod units;
pub mod workload;
pub mod workloads;

pub use compare::Comparison;
pub use preset::{Index, Library, PresetErrors};
pub use report::ComparisonReport;
pub use scenario::Scenario;

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
