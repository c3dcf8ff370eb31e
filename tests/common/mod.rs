//! Helpers shared by the integration tests: loading the shipped presets from disk.

use std::fs;
use std::path::{Path, PathBuf};

use nvmcalc::Library;

/// The repository's presets folder.
pub fn presets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("presets")
}

/// Loads the shipped preset library, panicking with the full error list if it is invalid.
pub fn shipped_library() -> Library {
    let dir = presets_dir();
    let index = fs::read_to_string(dir.join("index.toml")).expect("presets/index.toml is readable");
    nvmcalc::load_library(&index, |path| fs::read_to_string(dir.join(path)).ok())
        .unwrap_or_else(|e| panic!("{e}"))
}
