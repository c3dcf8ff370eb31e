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

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use nvmcalc::circuit::tech::Node;
use nvmcalc::nvsim::format::parse_cfg;
use nvmcalc::nvsim::runner::{import_cell, run, Design};

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

fn parse_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

struct Pair {
    run: String,
    metric: &'static str,
    expected: f64,
    ours: f64,
}

impl Pair {
    fn err_pct(&self) -> f64 {
        (self.ours - self.expected) / self.expected * 100.0
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn summary(label: &str, pairs: &[&Pair]) -> (f64, f64) {
    let errs: Vec<f64> = pairs.iter().map(|p| p.err_pct().abs()).collect();
    let within = errs.iter().filter(|e| **e <= 25.0).count() as f64 / errs.len().max(1) as f64;
    let med = median(errs);
    println!(
        "{label}: {} pairs, median |error| {:.1} %, within ±25 %: {:.1} %",
        pairs.len(),
        med,
        within * 100.0
    );
    (med, within)
}

fn all_pairs() -> (Vec<Pair>, Vec<String>) {
    let dir = root().join("tests/golden/nvsim");
    let rows = parse_csv(&dir.join("results.csv"));
    let nodes = nodes();
    let mut pairs = Vec::new();
    let mut status = Vec::new();
    for row in rows {
        let name = row["run"].clone();
        let cfg_path = dir.join("configs").join(format!("{name}.cfg"));
        let cfg_text = fs::read_to_string(&cfg_path).unwrap();
        let cfg = parse_cfg(&format!("{name}.cfg"), &cfg_text).unwrap();
        let cell_path = dir.join("configs").join(cfg.cell_file());
        let cell_text = fs::read_to_string(&cell_path).unwrap();
        let cell = import_cell(cfg.cell_file(), &cell_text).unwrap();
        let result = run(&cfg, &cell, &nodes);
        let get = |k: &str| row.get(k).and_then(|v| v.parse::<f64>().ok());
        match (row["status"].as_str(), result) {
            ("no_solution", Ok(_)) => {
                status.push(format!("{name}: NVSim found no solution; ours found one"))
            }
            ("no_solution", Err(e)) => status.push(format!("{name}: no solution in both ({e})")),
            (_, Err(e)) => status.push(format!("{name}: NVSim found a design; ours failed: {e}")),
            (_, Ok(design)) => {
                let ours: Vec<(&'static str, f64)> = match design {
                    Design::Ram(r) => {
                        let m = r.metrics;
                        vec![
                            ("area_mm2", m.area.mm2()),
                            ("read_latency_ns", m.read_latency.ns()),
                            ("write_latency_ns", m.write_latency.ns()),
                            ("read_energy_pj", m.read_energy.pj()),
                            ("write_energy_pj", m.write_energy.pj()),
                            ("leakage_mw", m.leakage.mw()),
                        ]
                    }
                    Design::Cache(c) => vec![
                        ("area_mm2", c.area.mm2()),
                        ("hit_latency_ns", c.hit_latency.ns()),
                        ("miss_latency_ns", c.miss_latency.ns()),
                        ("write_latency_ns", c.write_latency.ns()),
                        ("hit_energy_pj", c.hit_energy.pj()),
                        ("write_energy_pj", c.write_energy.pj()),
                        ("leakage_mw", c.leakage.mw()),
                    ],
                };
                for (metric, ours) in ours {
                    if let Some(expected) = get(metric) {
                        pairs.push(Pair {
                            run: name.clone(),
                            metric,
                            expected,
                            ours,
                        });
                    }
                }
            }
        }
    }
    (pairs, status)
}

/// Accuracy reached (see the closing notes of issue #3); tighten, never loosen.
const MAX_MEDIAN_ABS_ERR_PCT: f64 = 10.2;
const MIN_SHARE_WITHIN_25_PCT: f64 = 0.83;
const MAX_HELD_OUT_MEDIAN_ABS_ERR_PCT: f64 = 11.8;

#[test]
fn agreement_with_stock_nvsim() {
    let (pairs, status) = all_pairs();
    println!(
        "{:<62} {:<18} {:>12} {:>12} {:>8}",
        "run", "metric", "nvsim", "ours", "err %"
    );
    for p in &pairs {
        println!(
            "{:<62} {:<18} {:>12.4} {:>12.4} {:>+8.1}",
            p.run,
            p.metric,
            p.expected,
            p.ours,
            p.err_pct()
        );
    }
    for s in &status {
        println!("{s}");
    }
    let all: Vec<&Pair> = pairs.iter().collect();
    let (med, within) = summary("all configurations", &all);
    let tuned: Vec<&Pair> = pairs.iter().filter(|p| !held_out(&p.run)).collect();
    summary("calibration set", &tuned);
    let held: Vec<&Pair> = pairs.iter().filter(|p| held_out(&p.run)).collect();
    let (held_med, _) = summary("held out", &held);
    let mut by_metric: BTreeMap<&str, Vec<&Pair>> = BTreeMap::new();
    for p in &pairs {
        by_metric.entry(p.metric).or_default().push(p);
    }
    for (metric, ps) in &by_metric {
        summary(&format!("  {metric}"), ps);
    }
    assert!(pairs.iter().all(|p| p.ours.is_finite() && p.ours >= 0.0));
    assert!(med <= MAX_MEDIAN_ABS_ERR_PCT, "median |error| {med:.1} %");
    assert!(
        within >= MIN_SHARE_WITHIN_25_PCT,
        "within ±25 %: {within:.3}"
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
