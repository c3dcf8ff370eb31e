//! The speed benchmark of `benches/model.rs` as a WebAssembly module: the same three single
//! searches (8 MB SRAM and STT-MRAM caches, a 1 MB SRAM RAM — stock-NVSim reference
//! configurations) and the same capacity sweep (3 technologies × 12 capacities, 256 KB–512 MB),
//! what the page recomputes when a slider moves. The configurations, cells and node tables are
//! compiled in, so the module needs no imports; `tools/bench-wasm.mjs` builds it, loads it in
//! node and times each case with `performance.now()`.
//!
//! Exports (C ABI): `prepare() -> i32` parses everything once (0 on success, else the number of
//! the input that failed); `case_count() -> u32`; `run_case(i) -> f64` runs case `i` once and
//! returns a checksum of its results (the sum of read or hit latencies in ns; NaN on error).

use std::sync::OnceLock;

use nvmcalc::circuit::cell::CellSpec;
use nvmcalc::nvsim::runner::{import_cell, run, Design};
use nvmcalc::nvsim::format::{parse_cfg, NvsimConfig};
use nvmcalc::circuit::tech::{parse_node, Node};
use nvmcalc::units::Capacity;

macro_rules! config {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../../tests/golden/nvsim/configs/", $name)),
        )
    };
}

/// The NVSim configurations: three single searches, then the sweep's three technologies.
const CONFIGS: [(&str, &str); 6] = [
    config!("SRAM_22nm_8MB_ReadEDP.cfg"),
    config!("sample_STTRAM_22nm_8MB_ReadEDP.cfg"),
    config!("p00_SRAM_RAM_32nm_HP_ReadLatency_1024KB.cfg"),
    config!("SRAM_22nm_1MB_ReadEDP.cfg"),
    config!("sample_STTRAM_22nm_1MB_ReadEDP.cfg"),
    config!("sample_STTRAM_aggressive_22nm_1MB_ReadEDP.cfg"),
];
const SINGLE: usize = 3;

const CELLS: [(&str, &str); 3] = [
    config!("SRAM.cell"),
    config!("sample_STTRAM.cell"),
    config!("sample_STTRAM_aggressive.cell"),
];

/// The node tables those configurations use (`compat::node_for` picks `nvsim_<N>nm`).
const NODES: [(&str, &str); 2] = [
    (
        "nodes/nvsim_22nm.toml",
        include_str!("../../../presets/nodes/nvsim_22nm.toml"),
    ),
    (
        "nodes/nvsim_32nm.toml",
        include_str!("../../../presets/nodes/nvsim_32nm.toml"),
    ),
];

/// Capacities of the sweep (KiB): 256 KB … 512 MB.
fn sweep_kib() -> impl Iterator<Item = u64> {
    (0..12).map(|i| 256u64 << i)
}

struct Inputs {
    nodes: Vec<Node>,
    designs: Vec<(NvsimConfig, CellSpec)>,
}

static INPUTS: OnceLock<Result<Inputs, i32>> = OnceLock::new();

fn load() -> Result<Inputs, i32> {
    let mut nodes = Vec::new();
    for (i, (name, text)) in NODES.iter().enumerate() {
        nodes.push(parse_node(name, text).map_err(|_| 100 + i as i32)?);
    }
    let mut designs = Vec::new();
    for (i, (name, text)) in CONFIGS.iter().enumerate() {
        let cfg = parse_cfg(name, text).map_err(|_| 1 + i as i32)?;
        let (cell_name, cell_text) = CELLS
            .iter()
            .find(|(n, _)| *n == cfg.cell_file())
            .ok_or(200 + i as i32)?;
        let cell = import_cell(cell_name, cell_text).map_err(|_| 300 + i as i32)?;
        designs.push((cfg, cell));
    }
    Ok(Inputs { nodes, designs })
}

fn inputs() -> Result<&'static Inputs, i32> {
    INPUTS.get_or_init(load).as_ref().map_err(|e| *e)
}

/// Parses the compiled-in inputs; 0 on success.
#[no_mangle]
pub extern "C" fn prepare() -> i32 {
    inputs().err().unwrap_or(0)
}

/// The single searches, then the sweep.
#[no_mangle]
pub extern "C" fn case_count() -> u32 {
    SINGLE as u32 + 1
}

fn latency_ns(d: &Design) -> f64 {
    match d {
        Design::Ram(r) => r.metrics.read_latency.ns(),
        Design::Cache(c) => c.hit_latency.ns(),
    }
}

fn design(inputs: &Inputs, cfg: &NvsimConfig, cell: &CellSpec) -> f64 {
    run(cfg, cell, &inputs.nodes)
        .map(|d| latency_ns(&d))
        .unwrap_or(f64::NAN)
}

/// Runs case `i` once: a checksum of its results, NaN on error or an unknown case.
#[no_mangle]
pub extern "C" fn run_case(i: u32) -> f64 {
    let Ok(inputs) = inputs() else {
        return f64::NAN;
    };
    let i = i as usize;
    if i < SINGLE {
        let (cfg, cell) = &inputs.designs[i];
        return design(inputs, cfg, cell);
    }
    if i > SINGLE {
        return f64::NAN;
    }
    let mut sum = 0.0;
    for (cfg, cell) in &inputs.designs[SINGLE..] {
        for kib in sweep_kib() {
            let Some(capacity) = Capacity::from_kib(kib) else {
                return f64::NAN;
            };
            let mut c = cfg.clone();
            c.capacity = capacity;
            sum += design(inputs, &c, cell);
        }
    }
    sum
}
