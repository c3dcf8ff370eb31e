//! What the two NVSim golden tests share: a reference folder (`configs/`, `results.csv`) run
//! through `nvmcalc::nvsim::runner::run`, one [`Pair`] per configuration and headline metric,
//! and the summaries (median |error|, share within ±25 %) they print and assert.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use nvmcalc::circuit::tech::Node;
use nvmcalc::nvsim::format::parse_cfg;
use nvmcalc::nvsim::runner::{import_cell, run, Design};
pub mod raw;

/// One configuration's metric: NVSim's value and ours.
pub struct Pair {
    pub run: String,
    /// The `.cell` file the configuration names (`sample_STTRAM.cell`).
    pub cell: String,
    pub metric: &'static str,
    pub expected: f64,
    pub ours: f64,
}

impl Pair {
    pub fn err_pct(&self) -> f64 {
        (self.ours - self.expected) / self.expected * 100.0
    }
}

/// The rows of a `results.csv` (no quoted fields in these files), keyed by column.
pub fn parse_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
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

pub fn median(mut v: Vec<f64>) -> f64 {
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

/// Prints and returns (median |error| in %, share of pairs within ±25 %).
pub fn summary(label: &str, pairs: &[&Pair]) -> (f64, f64) {
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

/// Prints every pair: run, metric, NVSim, ours, error.
pub fn print_pairs(pairs: &[Pair]) {
    println!(
        "{:<72} {:<18} {:>12} {:>12} {:>8}",
        "run", "metric", "nvsim", "ours", "err %"
    );
    for p in pairs {
        println!(
            "{:<72} {:<18} {:>12.4} {:>12.4} {:>+8.1}",
            p.run,
            p.metric,
            p.expected,
            p.ours,
            p.err_pct()
        );
    }
}

/// Runs every configuration of `results.csv` in `dir`; returns the pairs, and one line per
/// configuration where NVSim or ours found no design (`no_solution` rows are NVSim's own).
pub fn all_pairs(dir: &Path, nodes: &[Node]) -> (Vec<Pair>, Vec<String>) {
    let rows = parse_csv(&dir.join("results.csv"));
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
        let result = run(&cfg, &cell, nodes);
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
                            cell: cfg.cell_file().to_string(),
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

/// Groups pairs by a key and prints each group's summary; returns (key, median, within).
pub fn by<'a>(
    title: &str,
    pairs: &'a [Pair],
    key: impl Fn(&'a Pair) -> String,
) -> Vec<(String, f64, f64)> {
    let mut groups: BTreeMap<String, Vec<&Pair>> = BTreeMap::new();
    for p in pairs {
        groups.entry(key(p)).or_default().push(p);
    }
    println!("by {title}:");
    groups
        .iter()
        .map(|(k, ps)| {
            let (m, w) = summary(&format!("  {k}"), ps);
            (k.clone(), m, w)
        })
        .collect()
}

/// Asserts what both golden tests pin: every figure finite and non-negative, the median |error|
/// at most `max_median_pct` and the share within ±25 % at least `min_within`.
pub fn assert_reached(
    pairs: &[Pair],
    (med, within): (f64, f64),
    max_median_pct: f64,
    min_within: f64,
) {
    assert!(pairs.iter().all(|p| p.ours.is_finite() && p.ours >= 0.0));
    assert!(med <= max_median_pct, "median |error| {med:.1} %");
    assert!(within >= min_within, "within ±25 %: {within:.3}");
}
