//! Component agreement with stock NVSim (issue #19, point 2): on the forced organisations of
//! `tests/golden/nvsim-broad` (`f…` runs: bank, mat and mux fixed, so both sides build the same
//! array), each component of ours (the [`Breakdown`] of the designed array) beside the same
//! component in NVSim's text output (`raw/<run>.txt`, read by `nvsim_golden::raw`).
//!
//! NVSim prints the mat's energies per mat and the subarray's per active subarray, its mat
//! leakage per mat; these are scaled to the whole access (active mats × active subarrays per
//! mat) and the whole array (every mat) before they are compared with ours, which are totals.
//! A PCM prints SET and RESET blocks: its write is the longer (latency) or larger (energy) of
//! the two, as NVSim's own write figures are. NVSim's `Charge Latency` is ours' write
//! `bitline_ns` (the write drivers charging the bitline). NVSim's `Non-H-Tree` figures (a bus)
//! are compared with ours' `htree_*` terms, which hold the bus too.
//!
//! Printed (`cargo test --release --test golden_nvsim_components -- --nocapture`): one table per
//! component group, a row per component: pairs, the median of ours / NVSim, its 10th and 90th
//! percentiles, the median |error|, how many of NVSim's figures were printed too coarsely to
//! trust (NVSim prints three decimals: a subarray's 0.006 pJ has one significant digit) and the
//! median without them, and the median ratio per cell; three runs side by side; any
//! organisation that differs. This is a report, not an accuracy gate (that is
//! `golden_nvsim_broad.rs`): it asserts only that NVSim's parsed totals are `results.csv`'s, that
//! ours are finite and non-negative, and that both sides have the same organisation.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use nvmcalc::circuit::array::{ArrayResult, Breakdown};
use nvmcalc::nvsim::format::parse_cfg;
use nvmcalc::nvsim::runner::{import_cell, run, Design};

mod common;
// This test uses the reader of NVSim's text and `median`, not the pairs of the other two.
#[allow(dead_code)]
mod nvsim_golden;

use nvsim_golden::median;
use nvsim_golden::raw::{self, parse, parse_arrays, quantity, Kind, RawArray};

/// The cells of the broad set, in the order the tables show them.
const CELLS: [&str; 5] = [
    "SRAM",
    "sample_STTRAM",
    "sample_STTRAM_aggressive",
    "sample_PCRAM",
    "sample_RRAM",
];

/// The runs shown side by side: one SRAM, one STT-MRAM, one PCM forced run (H-tree routing).
const SHOWN: [&str; 3] = [
    "f303_147_SRAM_RAM_65nm_HP_forced_16x4_mux8_1024KB",
    "f301_028_sample_STTRAM_RAM_32nm_LOP_forced_4x8_mux8_2048KB",
    "f301_007_sample_PCRAM_RAM_32nm_HP_forced_2x2_mux32_2048KB",
];

/// Largest relative difference allowed between a total parsed from NVSim's text and the same
/// total in `results.csv` (rounding of the printed digits).
const TOTAL_TOLERANCE: f64 = 0.005;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/nvsim-broad")
}

fn csv_f64(row: &BTreeMap<String, String>, key: &str) -> Option<f64> {
    row.get(key).and_then(|v| v.parse().ok())
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-12
}

/// `A x B` as printed in `results.csv` and by NVSim.
fn dims(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once(" x ")?;
    let first = |t: &str| t.split_whitespace().next()?.parse().ok();
    Some((first(a)?, first(b)?))
}

/// Checks that an array's totals parsed from NVSim's text are those of `results.csv` (columns
/// `prefix` + metric); returns the problems.
fn check_totals(
    run: &str,
    a: &RawArray,
    row: &BTreeMap<String, String>,
    prefix: &str,
) -> Vec<String> {
    let parsed = [
        ("area_mm2", a.area.total.area_mm2),
        ("read_latency_ns", a.read_latency.total_ns),
        ("write_latency_ns", a.write().and_then(|w| w.total_ns)),
        ("read_energy_pj", a.read_energy.total_pj),
        ("write_energy_pj", a.write_energy().and_then(|e| e.total_pj)),
        ("leakage_mw", a.leakage.total_mw),
    ];
    let mut problems = Vec::new();
    for (metric, got) in parsed {
        let key = format!("{prefix}{metric}");
        match (csv_f64(row, &key), got) {
            (Some(want), Some(got)) if close(want, got, TOTAL_TOLERANCE) => {}
            (want, got) => problems.push(format!("{run} {key}: csv {want:?}, parsed {got:?}")),
        }
    }
    let org = &a.organization;
    let shapes = [
        ("bank_org", org.bank),
        ("mat_org", org.mat),
        ("subarray", org.subarray),
    ];
    for (col, got) in shapes {
        let key = format!("{prefix}{col}");
        let want = row.get(&key).and_then(|s| dims(s));
        if want.is_none() || want != got {
            problems.push(format!("{run} {key}: csv {want:?}, parsed {got:?}"));
        }
    }
    problems
}

/// One compared component: NVSim's figure (whole access or array; `None` where NVSim does not
/// print it) and ours.
struct Component {
    group: &'static str,
    name: &'static str,
    unit: &'static str,
    /// What NVSim printed the figure for (before [`Component::nvsim`] scaled it).
    per: Per,
    nvsim: fn(&RawArray) -> Option<f64>,
    ours: fn(&ArrayResult) -> f64,
}

/// What NVSim prints a figure for.
#[derive(Clone, Copy)]
enum Per {
    /// The access (or the array).
    Access,
    /// One mat (the figure is scaled by the active mats).
    Mat,
    /// One active subarray (scaled by the active mats × active subarrays per mat).
    Subarray,
}

impl Component {
    fn new(
        group: &'static str,
        name: &'static str,
        unit: &'static str,
        per: Per,
        nvsim: fn(&RawArray) -> Option<f64>,
        ours: fn(&ArrayResult) -> f64,
    ) -> Self {
        Component {
            group,
            name,
            unit,
            per,
            nvsim,
            ours,
        }
    }

    /// Whether NVSim printed `value` (this component of `a`, scaled) with fewer than two
    /// significant digits: below 0.1 of its smallest unit (ps, pJ, pW, um²), which it prints with
    /// three decimals, so that rounding alone is above 0.5 %.
    fn coarse(&self, a: &RawArray, value: f64) -> bool {
        let smallest = match self.unit {
            "ns" => 1e-3,
            "pJ" => 1.0,
            "mW" => 1e-9,
            "mm2" => 1e-6,
            _ => return false,
        };
        let org = &a.organization;
        let count = match self.per {
            Per::Access => Some(1),
            Per::Mat => org.active_mats(),
            Per::Subarray => org
                .active_mats()
                .zip(org.active_subarrays())
                .map(|(m, s)| m * s),
        };
        count.is_some_and(|n| value / f64::from(n) / smallest < 0.1)
    }
}

fn b(r: &ArrayResult) -> &Breakdown {
    &r.breakdown
}

/// Ours' subarray area: its cells, row and column periphery (mm²) over the subarrays.
fn ours_subarray_mm2(r: &ArrayResult) -> f64 {
    let o = &r.organization;
    let subs = f64::from(o.bank_rows * o.bank_cols * o.mat_rows * o.mat_cols);
    let a = &r.breakdown.area;
    (a.cells_mm2 + a.row_periphery_mm2 + a.column_periphery_mm2) / subs
}

/// Ours' mat footprint: the bank rectangle over its mats (mm²).
fn ours_mat_mm2(r: &ArrayResult) -> f64 {
    let o = &r.organization;
    r.bank_width_mm * r.bank_height_mm / f64::from(o.bank_rows * o.bank_cols)
}

fn components() -> Vec<Component> {
    use Per::{Access, Mat, Subarray};
    let (rl, wl, re, we) = (
        "read latency",
        "write latency",
        "read energy",
        "write energy",
    );
    let (lk, ar) = ("leakage", "area");
    let c = Component::new;
    vec![
        c(
            rl,
            "total",
            "ns",
            Access,
            |a| a.read_latency.total_ns,
            |r| r.metrics.read_latency.ns(),
        ),
        c(
            rl,
            "H-tree",
            "ns",
            Access,
            |a| a.read_latency.htree_ns,
            |r| b(r).read_latency.htree_ns,
        ),
        c(
            rl,
            "predecoder",
            "ns",
            Access,
            |a| a.read_latency.predecoder_ns,
            |r| b(r).read_latency.predecoder_ns,
        ),
        c(
            rl,
            "row decoder",
            "ns",
            Access,
            |a| a.read_latency.row_decoder_ns,
            |r| b(r).read_latency.row_decoder_ns,
        ),
        c(
            rl,
            "bitline",
            "ns",
            Access,
            |a| a.read_latency.bitline_ns,
            |r| b(r).read_latency.bitline_ns,
        ),
        c(
            rl,
            "sense amp",
            "ns",
            Access,
            |a| a.read_latency.sense_amp_ns,
            |r| b(r).read_latency.sense_amp_ns,
        ),
        c(
            rl,
            "mux",
            "ns",
            Access,
            |a| a.read_latency.mux_ns,
            |r| b(r).read_latency.mux_ns,
        ),
        c(
            wl,
            "total",
            "ns",
            Access,
            |a| a.write()?.total_ns,
            |r| r.metrics.write_latency.ns(),
        ),
        c(
            wl,
            "H-tree",
            "ns",
            Access,
            |a| a.write()?.htree_ns,
            |r| b(r).write_latency.htree_ns,
        ),
        c(
            wl,
            "predecoder",
            "ns",
            Access,
            |a| a.write()?.predecoder_ns,
            |r| b(r).write_latency.predecoder_ns,
        ),
        c(
            wl,
            "row decoder",
            "ns",
            Access,
            |a| a.write()?.row_decoder_ns,
            |r| b(r).write_latency.row_decoder_ns,
        ),
        c(
            wl,
            "write pulse",
            "ns",
            Access,
            |a| a.write()?.write_pulse_ns,
            |r| b(r).write_latency.write_pulse_ns,
        ),
        c(
            wl,
            "charge (ours: bitline)",
            "ns",
            Access,
            |a| a.write()?.charge_ns,
            |r| b(r).write_latency.bitline_ns,
        ),
        c(
            re,
            "total",
            "pJ",
            Access,
            |a| a.read_energy.total_pj,
            |r| r.metrics.read_energy.pj(),
        ),
        c(
            re,
            "H-tree",
            "pJ",
            Access,
            |a| a.read_energy_total().htree_pj,
            |r| b(r).read_energy.htree_pj,
        ),
        c(
            re,
            "predecoder",
            "pJ",
            Mat,
            |a| a.read_energy_total().predecoder_pj,
            |r| b(r).read_energy.predecoder_pj,
        ),
        c(
            re,
            "row decoder",
            "pJ",
            Subarray,
            |a| a.read_energy_total().row_decoder_pj,
            |r| b(r).read_energy.row_decoder_pj,
        ),
        c(
            re,
            "mux decoder",
            "pJ",
            Subarray,
            |a| a.read_energy_total().mux_decoder_pj,
            |r| b(r).read_energy.mux_decoder_pj,
        ),
        c(
            re,
            "bitline + cell",
            "pJ",
            Subarray,
            |a| a.read_energy_total().bitline_cell_pj,
            |r| b(r).read_energy.bitline_cell_pj,
        ),
        c(
            re,
            "sense amp",
            "pJ",
            Subarray,
            |a| a.read_energy_total().sense_amp_pj,
            |r| b(r).read_energy.sense_amp_pj,
        ),
        c(
            re,
            "mux",
            "pJ",
            Subarray,
            |a| a.read_energy_total().mux_pj,
            |r| b(r).read_energy.mux_pj,
        ),
        c(
            re,
            "precharge",
            "pJ",
            Subarray,
            |a| a.read_energy_total().precharge_pj,
            |r| b(r).read_energy.precharge_pj,
        ),
        c(
            we,
            "total",
            "pJ",
            Access,
            |a| a.write_energy()?.total_pj,
            |r| r.metrics.write_energy.pj(),
        ),
        c(
            we,
            "H-tree",
            "pJ",
            Access,
            |a| a.write_energy_total()?.htree_pj,
            |r| b(r).write_energy.htree_pj,
        ),
        c(
            we,
            "bitline + cell",
            "pJ",
            Subarray,
            |a| a.write_energy_total()?.bitline_cell_pj,
            |r| b(r).write_energy.bitline_cell_pj,
        ),
        c(
            lk,
            "total",
            "mW",
            Access,
            |a| a.leakage.total_mw,
            |r| r.metrics.leakage.mw(),
        ),
        c(
            lk,
            "H-tree",
            "mW",
            Access,
            |a| a.leakage.htree_mw,
            |r| b(r).leakage.htree_mw,
        ),
        c(
            ar,
            "total",
            "mm2",
            Access,
            |a| a.area.total.area_mm2,
            |r| r.metrics.area.mm2(),
        ),
        c(
            ar,
            "mat",
            "mm2",
            Access,
            |a| a.area.mat.area_mm2,
            ours_mat_mm2,
        ),
        c(
            ar,
            "subarray",
            "mm2",
            Access,
            |a| a.area.subarray.area_mm2,
            ours_subarray_mm2,
        ),
        c(
            ar,
            "efficiency",
            "",
            Access,
            |a| a.area.efficiency,
            |r| r.area_efficiency,
        ),
    ]
}

/// One component of one run: NVSim's figure, ours, and whether NVSim printed its figure
/// coarsely ([`Component::coarse`]).
#[derive(Clone, Copy)]
struct Value {
    nvsim: Option<f64>,
    ours: f64,
    coarse: bool,
}

/// One forced run both sides designed: NVSim's figures and ours, per component.
struct Compared {
    run: String,
    cell: String,
    values: Vec<Value>,
}

/// The `q`-quantile of `v` (sorted), linear between neighbours.
fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

/// Three significant digits (a ratio from 0.001 to 1000 stays readable).
fn sig(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let decimals = (2 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.decimals$}")
}

/// Ours / NVSim where NVSim printed a non-zero figure.
fn ratio(nvsim: Option<f64>, ours: f64) -> Option<f64> {
    nvsim.filter(|n| *n > 0.0).map(|n| ours / n)
}

fn print_summary(components: &[Component], compared: &[Compared]) {
    let mut group = "";
    for (i, c) in components.iter().enumerate() {
        if c.group != group {
            group = c.group;
            println!();
            println!("== {group}: ours / NVSim ==");
            print!(
                "{:<24} {:>4} {:>7} {:>7} {:>7} {:>9}",
                "component", "n", "median", "p10", "p90", "med|err|%"
            );
            print!(" {:>6} {:>8}", "coarse", "med fine");
            for cell in CELLS {
                print!(" {:>13}", cell.trim_start_matches("sample_"));
            }
            println!(" {:>7} {:>7}", "nv=0", "nv none");
        }
        let mut ratios = Vec::new();
        let mut per_cell: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        let mut fine = Vec::new();
        let (mut zero, mut absent) = (0, 0);
        for row in compared {
            let v = row.values[i];
            match (v.nvsim, ratio(v.nvsim, v.ours)) {
                (None, _) => absent += 1,
                (Some(_), None) => zero += 1,
                (Some(_), Some(r)) => {
                    ratios.push(r);
                    if !v.coarse {
                        fine.push(r);
                    }
                    per_cell.entry(row.cell.as_str()).or_default().push(r);
                }
            }
        }
        ratios.sort_by(|a, b| a.total_cmp(b));
        let errs: Vec<f64> = ratios.iter().map(|r| (r - 1.0).abs() * 100.0).collect();
        print!(
            "{:<24} {:>4} {:>7} {:>7} {:>7} {:>9}",
            c.name,
            ratios.len(),
            sig(median(ratios.clone())),
            sig(quantile(&ratios, 0.1)),
            sig(quantile(&ratios, 0.9)),
            sig(median(errs)),
        );
        print!(" {:>6} {:>8}", ratios.len() - fine.len(), sig(median(fine)));
        for cell in CELLS {
            let cell_ratios = per_cell.remove(cell).unwrap_or_default();
            let shown = if cell_ratios.is_empty() {
                "-".to_string()
            } else {
                format!(
                    "{} ({})",
                    sig(median(cell_ratios.clone())),
                    cell_ratios.len()
                )
            };
            print!(" {shown:>13}");
        }
        println!(" {zero:>7} {absent:>7}");
    }
    println!();
    println!(
        "(ratio = ours / NVSim; coarse: pairs whose NVSim figure was printed with under two \
         significant digits (rounding alone above 0.5 %); med fine: the median ratio without them; \
         per cell: median ratio (pairs); nv=0: NVSim printed 0, no ratio; nv none: NVSim prints \
         no such figure for that cell)"
    );
}

fn print_side_by_side(components: &[Component], row: &Compared) {
    println!();
    println!("== {} ==", row.run);
    println!(
        "{:<40} {:>12} {:>12} {:>8}",
        "component", "NVSim", "ours", "ratio"
    );
    for (c, v) in components.iter().zip(&row.values) {
        let label = if c.unit.is_empty() {
            format!("{}: {}", c.group, c.name)
        } else {
            format!("{}: {} ({})", c.group, c.name, c.unit)
        };
        let nv_shown = match v.nvsim {
            Some(n) if v.coarse => format!("~{}", sig(n)),
            Some(n) => sig(n),
            None => "-".into(),
        };
        let r = ratio(v.nvsim, v.ours)
            .map(sig)
            .unwrap_or_else(|| "-".into());
        println!("{label:<40} {nv_shown:>12} {:>12} {r:>8}", sig(v.ours));
    }
}

/// Differences between NVSim's organisation and ours (empty when they are the same).
fn organisation_mismatches(run: &str, a: &RawArray, r: &ArrayResult) -> Vec<String> {
    let n = &a.organization;
    let o = &r.organization;
    let pairs = [
        ("bank", n.bank, Some((o.bank_rows, o.bank_cols))),
        ("mat", n.mat, Some((o.mat_rows, o.mat_cols))),
        (
            "subarray",
            n.subarray,
            Some((o.subarray_rows, o.subarray_cols)),
        ),
    ];
    let counts = [
        ("active mats", n.active_mats(), o.active_mats),
        ("active subarrays", n.active_subarrays(), o.active_subarrays),
        ("sense-amp mux", n.mux_sense_amp, o.mux_sense_amp),
        ("output mux 1", n.mux_output1, o.mux_output1),
        ("output mux 2", n.mux_output2, o.mux_output2),
    ];
    let mut out = Vec::new();
    for (what, nv, ours) in pairs {
        if nv != ours {
            out.push(format!("{run}: {what}: NVSim {nv:?}, ours {ours:?}"));
        }
    }
    for (what, nv, ours) in counts {
        if nv != Some(ours) {
            out.push(format!("{run}: {what}: NVSim {nv:?}, ours {ours}"));
        }
    }
    out
}

#[test]
fn components_against_stock_nvsim_on_forced_organisations() {
    let dir = dir();
    let nodes = common::shipped_library().nodes;
    let components = components();
    let mut compared = Vec::new();
    let mut total_problems = Vec::new();
    let mut org_mismatches = Vec::new();
    let mut not_designed = Vec::new();
    for row in nvsim_golden::parse_csv(&dir.join("results.csv")) {
        let name = row["run"].clone();
        if !name.starts_with('f') || row["status"] != "ok" {
            continue;
        }
        let text = fs::read_to_string(dir.join("raw").join(format!("{name}.txt"))).unwrap();
        let nvsim = parse(&text);
        total_problems.extend(check_totals(&name, &nvsim, &row, ""));

        let cfg_text = fs::read_to_string(dir.join("configs").join(format!("{name}.cfg"))).unwrap();
        let cfg = parse_cfg(&format!("{name}.cfg"), &cfg_text).unwrap();
        let cell_text = fs::read_to_string(dir.join("configs").join(cfg.cell_file())).unwrap();
        let cell = import_cell(cfg.cell_file(), &cell_text).unwrap();
        let ours = match run(&cfg, &cell, &nodes) {
            Ok(Design::Ram(r)) => r,
            Ok(Design::Cache(_)) => panic!("{name}: a forced RAM run designed as a cache"),
            Err(e) => {
                not_designed.push(format!("{name}: {e}"));
                continue;
            }
        };
        org_mismatches.extend(organisation_mismatches(&name, &nvsim, &ours));
        let values: Vec<Value> = components
            .iter()
            .map(|c| {
                let nv = (c.nvsim)(&nvsim);
                Value {
                    nvsim: nv,
                    ours: (c.ours)(&ours),
                    coarse: nv.is_some_and(|n| n > 0.0 && c.coarse(&nvsim, n)),
                }
            })
            .collect();
        for (c, v) in components.iter().zip(&values) {
            assert!(
                v.ours.is_finite() && v.ours >= 0.0,
                "{name}: ours' {} {} is {}",
                c.group,
                c.name,
                v.ours
            );
        }
        compared.push(Compared {
            run: name,
            cell: cfg.cell_file().trim_end_matches(".cell").to_string(),
            values,
        });
    }

    println!(
        "forced organisations compared: {} (NVSim designed, ours did not: {})",
        compared.len(),
        not_designed.len()
    );
    for n in &not_designed {
        println!("  not designed here: {n}");
    }
    print_summary(&components, &compared);
    for shown in SHOWN {
        match compared.iter().find(|c| c.run == shown) {
            Some(row) => print_side_by_side(&components, row),
            None => println!("\n== {shown}: not designed by ours =="),
        }
    }
    println!("(~: NVSim printed the figure with under two significant digits)");
    println!();
    println!(
        "organisation differences (ours vs NVSim): {}",
        org_mismatches.len()
    );
    for m in &org_mismatches {
        println!("  {m}");
    }

    assert!(!compared.is_empty());
    assert!(
        total_problems.is_empty(),
        "NVSim's parsed totals differ from results.csv:\n{}",
        total_problems.join("\n")
    );
    assert!(
        org_mismatches.is_empty(),
        "forced organisations built differently:\n{}",
        org_mismatches.join("\n")
    );
}

/// The reader on every output of the folder: each RAM's totals and organisation are
/// `results.csv`'s, each cache's data and tag arrays are its `data_…` and `tag_…` columns, and
/// NVSim's own sums hold (total = H-tree + mats; mat = predecoder + subarrays; leakage = H-tree
/// + every mat), which checks the active counts the energies are scaled by.
#[test]
fn raw_reader_matches_results_csv_on_every_run() {
    let dir = dir();
    let mut problems = Vec::new();
    let mut read = 0;
    let mut worst_sum: f64 = 0.0;
    for row in nvsim_golden::parse_csv(&dir.join("results.csv")) {
        let name = &row["run"];
        let text = fs::read_to_string(dir.join("raw").join(format!("{name}.txt"))).unwrap();
        let arrays = parse_arrays(&text);
        if row["status"] != "ok" {
            continue;
        }
        read += 1;
        match row["design"].as_str() {
            "RAM" => {
                assert_eq!(arrays.len(), 1, "{name}");
                problems.extend(check_totals(name, &arrays[0], &row, ""));
            }
            "cache" => {
                assert_eq!(arrays.len(), 2, "{name}");
                problems.extend(check_totals(name, &arrays[0], &row, "data_"));
                problems.extend(check_totals(name, &arrays[1], &row, "tag_"));
            }
            other => panic!("{name}: design {other}"),
        }
        for a in &arrays {
            let org = &a.organization;
            let mats = f64::from(org.active_mats().unwrap());
            let subs = f64::from(org.active_subarrays().unwrap());
            let mut energies = vec![a.read_energy];
            energies.extend(a.write_energy);
            energies.extend(a.set_energy);
            energies.extend(a.reset_energy);
            for e in energies {
                let (total, htree, mat) = (e.total_pj.unwrap(), e.htree_pj.unwrap(), e.mat_pj);
                let (pre, sub) = (e.predecoder_pj.unwrap(), e.subarray_pj.unwrap());
                let mat = mat.unwrap();
                // Relative to the total: the printed per-mat figures have three decimals.
                worst_sum = worst_sum.max((htree + mat * mats - total).abs() / total);
                worst_sum = worst_sum.max((pre + sub * subs - mat).abs() * mats / total);
            }
            let total = a.leakage.total_mw.unwrap();
            let sum = a.leakage.htree_mw.unwrap() + a.mats_leakage_mw().unwrap();
            worst_sum = worst_sum.max((sum - total).abs() / total);
        }
    }
    println!(
        "outputs read: {read}; NVSim's own sums hold within {:.3} %",
        worst_sum * 100.0
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        worst_sum < 0.01,
        "NVSim's sums off by {:.3} %",
        worst_sum * 100.0
    );
}

/// Known numbers of three outputs: an STT-MRAM (H-tree), a PCM (SET and RESET blocks) and an
/// SRAM (a bus, no cell energy).
#[test]
fn raw_reader_reads_known_numbers() {
    let raw_dir = dir().join("raw");
    let read = |run: &str| parse(&fs::read_to_string(raw_dir.join(format!("{run}.txt"))).unwrap());
    let eq = |got: Option<f64>, want: f64| {
        let got = got.unwrap_or_else(|| panic!("missing, want {want}"));
        assert!(close(got, want, 1e-9), "got {got}, want {want}");
    };

    let stt = read("f301_000_sample_STTRAM_aggressive_RAM_65nm_LSTP_forced_2x8_mux16_1024KB");
    let o = &stt.organization;
    assert_eq!(o.bank, Some((2, 8)));
    assert_eq!(o.bank_active, (Some(1), Some(8)));
    assert_eq!(o.mat, Some((2, 2)));
    assert_eq!(o.mat_active, (Some(2), Some(2)));
    assert_eq!(o.subarray, Some((2048, 64)));
    assert_eq!(
        (o.mux_sense_amp, o.mux_output1, o.mux_output2),
        (Some(16), Some(1), Some(1))
    );
    assert_eq!(stt.htree_routing, Some(true));
    eq(stt.area.total.area_mm2, 1.434);
    eq(stt.area.total.width_um, 3308.0);
    eq(stt.area.total.height_um, 433.592);
    eq(stt.area.mat.area_mm2, 89654.647e-6);
    eq(stt.area.subarray.width_um, 805.822);
    eq(stt.area.subarray.area_mm2, 21837.366e-6);
    eq(stt.area.efficiency, 0.85240);
    let r = &stt.read_latency;
    eq(r.total_ns, 2.858);
    eq(r.htree_ns, 0.075143);
    eq(r.mat_ns, 2.783);
    eq(r.predecoder_ns, 0.638977);
    eq(r.row_decoder_ns, 1.317);
    eq(r.bitline_ns, 0.152554);
    eq(r.sense_amp_ns, 0.635414);
    eq(r.mux_ns, 0.038890);
    eq(r.precharge_ns, 7.219);
    assert_eq!(r.write_pulse_ns, None);
    let w = stt.write().unwrap();
    eq(w.total_ns, 6.994);
    eq(w.htree_ns, 0.037571);
    eq(w.write_pulse_ns, 5.0);
    eq(w.charge_ns, 0.482234);
    assert_eq!(w.bitline_ns, None);
    let e = &stt.read_energy;
    eq(e.total_pj, 112.5);
    eq(e.htree_pj, 80.019);
    eq(e.mat_pj, 4.060);
    eq(e.subarray_pj, 0.821);
    eq(e.bitline_cell_pj, 0.119);
    eq(e.precharge_pj, 0.186);
    // Whole access: 8 active mats, 4 active subarrays in each.
    let t = stt.read_energy_total();
    eq(t.predecoder_pj, 0.775 * 8.0);
    eq(t.sense_amp_pj, 0.370 * 32.0);
    let we = stt.write_energy_total().unwrap();
    eq(we.total_pj, 183.566);
    eq(we.bitline_cell_pj, 2.904 * 32.0);
    assert_eq!(we.sense_amp_pj, None);
    eq(stt.leakage.total_mw, 29.585e-3);
    eq(stt.leakage.htree_mw, 0.0);
    eq(stt.leakage.mat_mw, 1.849e-3);
    eq(stt.mats_leakage_mw(), 1.849e-3 * 16.0);

    let pcm = read("f303_029_sample_PCRAM_RAM_65nm_HP_forced_1x1_mux32_256KB");
    assert_eq!(pcm.write_latency, None);
    eq(pcm.set_latency.unwrap().total_ns, 152.356);
    eq(pcm.set_latency.unwrap().charge_ns, 0.029442);
    eq(pcm.reset_latency.unwrap().write_pulse_ns, 40.0);
    // NVSim's write: the longer latency (SET), the larger energy (RESET).
    eq(pcm.write().unwrap().write_pulse_ns, 150.0);
    eq(pcm.write_energy().unwrap().total_pj, 7978.0);
    eq(pcm.write_energy().unwrap().bitline_cell_pj, 1067.0);
    eq(pcm.set_energy.unwrap().bitline_cell_pj, 1991.0);
    eq(pcm.area.total.width_um, 441.398);
    eq(pcm.area.total.area_mm2, 91878.364e-6);
    eq(pcm.leakage.total_mw, 3.797);
    eq(pcm.leakage.htree_mw, 0.0);

    let sram = read("f301_022_SRAM_RAM_22nm_LOP_forced_1x8_mux32_2048KB");
    assert_eq!(sram.htree_routing, Some(false));
    eq(sram.read_latency.htree_ns, 4.814);
    eq(sram.read_latency.bitline_ns, 6.770);
    eq(sram.read_latency.sense_amp_ns, 0.002558);
    assert_eq!(sram.read_energy.bitline_cell_pj, None);
    assert_eq!(sram.write().unwrap().write_pulse_ns, None);
    eq(sram.write().unwrap().charge_ns, 17.815);
    eq(sram.write_energy().unwrap().htree_pj, 51.511);
    eq(sram.leakage.total_mw, 57.022);
    eq(sram.leakage.mat_mw, 7.128);

    let cache = parse_arrays(
        &fs::read_to_string(
            raw_dir.join("c301_000_sample_STTRAM_cache_32nm_LOP_WriteLatency_2048KB.txt"),
        )
        .unwrap(),
    );
    assert_eq!(cache.len(), 2);
    assert_eq!(cache[0].organization.bank, Some((4, 512)));
    assert_eq!(cache[0].organization.bank_active, (Some(4), Some(128)));
    eq(cache[0].leakage.mat_mw, 9.764e-3);
    assert_eq!(cache[1].organization.subarray, Some((64, 96)));

    // Nothing from text that is no output.
    assert_eq!(parse(""), RawArray::default());
    assert_eq!(parse("Finished!\n = 3ns\n"), RawArray::default());
    assert_eq!(raw::parse_arrays("CONFIGURATION\n").len(), 1);
}

#[test]
fn quantities_in_fixed_units() {
    let q = |s: &str| quantity(s).unwrap();
    assert_eq!(q("2.858ns"), (2.858, Kind::Time));
    assert_eq!(q("75.143ps").1, Kind::Time);
    assert!(close(q("75.143ps").0, 0.075143, 1e-12));
    assert!(close(q("1.5us").0, 1500.0, 1e-12));
    assert!(close(q("7.978nJ per mat").0, 7978.0, 1e-12));
    assert!(close(q("29.585uW").0, 0.029585, 1e-12));
    assert!(close(q("0.000pW").0, 0.0, 1e-12));
    assert!(close(q("1.2W").0, 1200.0, 1e-12));
    assert!(close(q("3.308mm").0, 3308.0, 1e-12));
    assert_eq!(q("1.434mm^2"), (1.434, Kind::Area));
    assert!(close(q("89654.647um^2   (85.240%)").0, 0.089654647, 1e-12));
    assert!(close(q("85.240%").0, 0.8524, 1e-12));
    assert!(close(q("1e-3ns").0, 0.001, 1e-12));
    assert_eq!(quantity("1.989GB/s"), None);
    assert_eq!(quantity("Yes"), None);
    assert_eq!(quantity(""), None);
    assert_eq!(quantity("12"), None);
}

/// A bookkeeping choice matched in `nvmcalc nvsim` only: stock NVSim reads no `-ReadEnergy`
/// line from a `.cell` file, so its read energy never changes NVSim's results, nor ours in the
/// compatibility runner, while the calculator's own cell keeps it.
#[test]
fn nvsim_compatibility_ignores_a_cell_files_read_energy_as_nvsim_does() {
    use nvmcalc::nvsim::format::parse_cfg;
    use nvmcalc::nvsim::runner::{import_cell, run, Design};
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/nvsim-broad/configs");
    let name = "f301_007_sample_PCRAM_RAM_32nm_HP_forced_2x2_mux32_2048KB.cfg";
    let cfg = parse_cfg(name, &std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
    let text = std::fs::read_to_string(dir.join("sample_PCRAM.cell")).unwrap();
    assert!(
        text.contains("-ReadEnergy (pJ): 2"),
        "the sample states a read energy"
    );
    let with = import_cell("sample_PCRAM.cell", &text).unwrap();
    let without_text = text.replace("-ReadEnergy (pJ): 2", "");
    let without = import_cell("sample_PCRAM.cell", &without_text).unwrap();
    let nodes = common::shipped_library().nodes;
    let read_energy = |c| match run(&cfg, c, &nodes).unwrap() {
        Design::Ram(r) => r.metrics.read_energy.pj(),
        Design::Cache(c) => c.hit_energy.pj(),
    };
    assert_eq!(read_energy(&with), read_energy(&without));
    // The calculator's path: the cell carries its stated read energy.
    use nvmcalc::circuit::tech::{Ctx, Projection, Roadmap, WireClass, WireLayer};
    let node = nodes
        .iter()
        .find(|n| (n.feature_size.nm() - 32.0).abs() < 0.5)
        .unwrap();
    let ctx = Ctx::new(
        node,
        Roadmap::Hp,
        350.0,
        WireClass::new(WireLayer::Local, Projection::Aggressive),
        WireClass::new(WireLayer::Global, Projection::Aggressive),
    )
    .unwrap();
    assert_eq!(with.electrical(&ctx).read_energy_j, Some(2e-12));
    assert_eq!(without.electrical(&ctx).read_energy_j, None);
}
