//! Agreement with stock NVSim away from the configurations the circuit model was built on:
//! `tests/golden/nvsim-broad` (a copy of `shared/reference/nvsim-broad`, see its README) holds
//! forced organisations (bank, mat and mux fixed, so each component model is compared on its
//! own), unforced RAM designs over every optimisation target, node and roadmap, and a few caches,
//! for NVSim's SRAM, STT-MRAM (two cells), PCM and crossbar ReRAM sample cells. None of it was
//! used to build or tune the model.
//!
//! Printed (with `cargo test --release --test golden_nvsim_broad -- --nocapture`): per
//! configuration and metric, expected / ours / % error; the configurations where NVSim or ours
//! found no design; then the median |error| and the share within ±25 %, for all pairs, per
//! metric, per cell and per design kind. The assertions pin the accuracy reached so far (issue
//! #19); they may only be tightened.

use std::path::PathBuf;

mod common;
mod nvsim_golden;

use nvsim_golden::{all_pairs, assert_reached, by, print_pairs, summary, Pair};

/// The design kind, from the run's name: `f…` forced organisation, `r…` RAM, `c…` cache.
fn kind(run: &str) -> String {
    match run.as_bytes().first() {
        Some(b'f') => "forced organisation",
        Some(b'r') => "RAM (searched)",
        Some(b'c') => "cache (searched)",
        _ => "other",
    }
    .to_string()
}

/// Accuracy reached (session 16: 39.0 % / 39.4 % over 1,035 pairs before any change for #19;
/// 38.5 % / 39.6 % once `nvmcalc nvsim` ignores a `.cell` file's read energy as NVSim does;
/// 38.3 % / 39.47 % over 1,059 pairs once subarrays of 4–8 rows are built, the 24 new pairs
/// being the 4 designs NVSim builds and ours had refused); tighten, never loosen.
const MAX_MEDIAN_ABS_ERR_PCT: f64 = 38.4;
const MIN_SHARE_WITHIN_25_PCT: f64 = 0.394;
/// Configurations NVSim designs and ours cannot (reasons printed): 7 cross-point subarrays
/// above 512 × 512 (11 before subarrays of 4–8 rows were allowed).
const MAX_OURS_FAILED: usize = 7;

#[test]
fn agreement_with_stock_nvsim_on_the_broad_set() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/nvsim-broad");
    let (pairs, status) = all_pairs(&dir, &common::shipped_library().nodes);
    print_pairs(&pairs);
    for s in &status {
        println!("{s}");
    }
    let all: Vec<&Pair> = pairs.iter().collect();
    let (med, within) = summary("all configurations", &all);
    by("metric", &pairs, |p| p.metric.to_string());
    by("cell", &pairs, |p| p.cell.clone());
    by("design kind", &pairs, |p| kind(&p.run));
    let failed = status.iter().filter(|s| s.contains("ours failed")).count();
    let extra = status
        .iter()
        .filter(|s| s.contains("ours found one"))
        .count();
    println!("NVSim designs ours could not build: {failed}; NVSim found none, ours did: {extra}");
    assert_reached(
        &pairs,
        (med, within),
        MAX_MEDIAN_ABS_ERR_PCT,
        MIN_SHARE_WITHIN_25_PCT,
    );
    assert!(
        failed <= MAX_OURS_FAILED,
        "{failed} NVSim designs not built here (was {MAX_OURS_FAILED})"
    );
}
