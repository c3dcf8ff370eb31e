//! Agreement with stock NVSim: every configuration in `tests/golden/nvsim/configs` (a copy of
//! `shared/reference/nvsim/configs`) runs through `nvmcalc::nvsim::runner::run`, and each headline metric
//! is compared with NVSim's own run (`tests/golden/nvsim/results.csv`).
//!
//! Printed (with `cargo test --test golden_nvsim -- --nocapture`): per configuration and metric,
//! expected / ours / % error; then the median |error| and the share of pairs within ±25 %, for
//! all pairs and for the held-out configurations (never looked at while building the model:
//! the 32 nm SRAM cache sweep and p01, p02, p05, p10). The assertions pin the accuracy reached so
//! far; they may only be tightened.
//!
//! Metrics compared — RAM: area, read/write latency, read/write energy, leakage; cache: area,
//! hit/miss/write latency, hit/write energy, leakage (NVSim's miss energy equals its hit energy
//! in normal mode, and ours too, so it is not counted twice).

use std::path::PathBuf;

mod common;
mod nvsim_golden;

use nvmcalc::circuit::tech::Node;
use nvsim_golden::{all_pairs, assert_reached, by, print_pairs, summary, Pair};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn nodes() -> Vec<Node> {
    common::shipped_library().nodes
}

/// Held out from every calibration step.
fn held_out(run: &str) -> bool {
    run.starts_with("SRAM_32nm_")
        || ["p01_", "p02_", "p05_", "p10_"]
            .iter()
            .any(|p| run.starts_with(p))
}

/// Accuracy reached (see the closing notes of issue #3); tighten, never loosen.
const MAX_MEDIAN_ABS_ERR_PCT: f64 = 10.2;
const MIN_SHARE_WITHIN_25_PCT: f64 = 0.83;
const MAX_HELD_OUT_MEDIAN_ABS_ERR_PCT: f64 = 11.8;

#[test]
fn agreement_with_stock_nvsim() {
    let (pairs, status) = all_pairs(&root().join("tests/golden/nvsim"), &nodes());
    print_pairs(&pairs);
    for s in &status {
        println!("{s}");
    }
    let all: Vec<&Pair> = pairs.iter().collect();
    let (med, within) = summary("all configurations", &all);
    let tuned: Vec<&Pair> = pairs.iter().filter(|p| !held_out(&p.run)).collect();
    summary("calibration set", &tuned);
    let held: Vec<&Pair> = pairs.iter().filter(|p| held_out(&p.run)).collect();
    let (held_med, _) = summary("held out", &held);
    by("metric", &pairs, |p| p.metric.to_string());
    by("cell", &pairs, |p| p.cell.clone());
    assert_reached(
        &pairs,
        (med, within),
        MAX_MEDIAN_ABS_ERR_PCT,
        MIN_SHARE_WITHIN_25_PCT,
    );
    assert!(
        held_med <= MAX_HELD_OUT_MEDIAN_ABS_ERR_PCT,
        "held-out median {held_med:.1} %"
    );
    assert!(
        status.iter().all(|s| !s.contains("ours failed")),
        "a configuration NVSim solves failed here: {status:?}"
    );
}
