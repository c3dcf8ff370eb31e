//! Speed of the circuit model (`cargo bench --bench model`): one full organisation search for an
//! 8 MB cache and for a 1 MB RAM (stock-NVSim reference configurations, so the NVSim wall time of
//! the same `.cfg` on this kind of machine can be set beside it), and a capacity sweep of three
//! technologies × 12 capacities — what the page recomputes when a slider moves.
//!
//! Plain `main` (no bench framework): each case is run repeatedly and the median and fastest
//! times are printed. Then the steps of the page's first result, natively: loading the whole
//! preset library (the page's `Library::load`), lowering the network of every measured workload
//! (the load checks each), and the opening scenario's run. Targets (issue #3): ≤ 20 ms for the 8 MB cache search, ≤ 100 ms for the sweep.
//! The same cases in WebAssembly, as the page runs them: `node tools/bench-wasm.mjs`
//! (tools/wasm-bench compiles them in).

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use nvmcalc::circuit::tech::{parse_node, Node};
use nvmcalc::nvsim::format::{parse_cfg, NvsimConfig};
use nvmcalc::nvsim::runner::{import_cell, run};
use nvmcalc::units::Capacity;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn nodes() -> Vec<Node> {
    let mut out = Vec::new();
    for e in fs::read_dir(root().join("presets/nodes")).expect("presets/nodes") {
        let p = e.expect("dir entry").path();
        let name = format!(
            "nodes/{}",
            p.file_name().unwrap_or_default().to_string_lossy()
        );
        out.push(parse_node(&name, &fs::read_to_string(&p).expect("node file")).expect("node"));
    }
    out
}

fn config(name: &str) -> (NvsimConfig, nvmcalc::circuit::cell::CellSpec) {
    let dir = root().join("tests/golden/nvsim/configs");
    let cfg =
        parse_cfg(name, &fs::read_to_string(dir.join(name)).expect("cfg")).expect("cfg parses");
    let text = fs::read_to_string(dir.join(cfg.cell_file())).expect("cell");
    let cell = import_cell(cfg.cell_file(), &text).expect("cell imports");
    (cfg, cell)
}

fn nvsim_seconds(run_name: &str) -> Option<f64> {
    let text = fs::read_to_string(root().join("tests/golden/nvsim/nvsim-times.tsv")).ok()?;
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .find(|(r, _)| *r == run_name)
        .and_then(|(_, s)| s.trim().parse().ok())
}

fn time(label: &str, reps: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{label:<58} median {:>9.3} ms   fastest {:>9.3} ms   ({reps} runs)",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
    median
}

fn main() {
    let nodes = nodes();
    for (label, name) in [
        (
            "cache search, SRAM 22 nm 8 MB (SRAM_22nm_8MB_ReadEDP)",
            "SRAM_22nm_8MB_ReadEDP",
        ),
        (
            "cache search, STT 22 nm 8 MB (sample_STTRAM_22nm_8MB)",
            "sample_STTRAM_22nm_8MB_ReadEDP",
        ),
        (
            "RAM search, SRAM 32 nm 1 MB (p00)",
            "p00_SRAM_RAM_32nm_HP_ReadLatency_1024KB",
        ),
    ] {
        let (cfg, cell) = config(&format!("{name}.cfg"));
        let t = time(label, 21, || {
            std::hint::black_box(run(&cfg, &cell, &nodes).expect("design"));
        });
        if let Some(s) = nvsim_seconds(name) {
            println!(
                "{:<58} stock NVSim {:.2} s on the reference machine → {:.0}× faster",
                "",
                s,
                s / t.as_secs_f64()
            );
        }
    }

    // Sweep: SRAM, STT-MRAM, aggressive STT-MRAM caches at 12 capacities (256 KB … 512 MB).
    let techs: Vec<_> = [
        "SRAM_22nm_1MB_ReadEDP.cfg",
        "sample_STTRAM_22nm_1MB_ReadEDP.cfg",
        "sample_STTRAM_aggressive_22nm_1MB_ReadEDP.cfg",
    ]
    .iter()
    .map(|n| config(n))
    .collect();
    let caps: Vec<u64> = (0..12).map(|i| 256u64 << i).collect();
    time(
        "sweep: 3 technologies × 12 capacities (256 KB–512 MB)",
        5,
        || {
            for (cfg, cell) in &techs {
                for &kib in &caps {
                    let mut c = cfg.clone();
                    c.capacity = Capacity::from_kib(kib).expect("capacity");
                    std::hint::black_box(run(&c, cell, &nodes).expect("design"));
                }
            }
        },
    );

    // The page's first result, step by step (the wasm's figures: tools/measure-interaction.mjs).
    let dir = root().join("presets");
    let index = fs::read_to_string(dir.join("index.toml")).expect("presets/index.toml");
    let load = || {
        nvmcalc::load_library(&index, |path| fs::read_to_string(dir.join(path)).ok())
            .expect("the shipped presets load")
    };
    time("preset library: read and check every preset", 21, || {
        std::hint::black_box(load());
    });
    let library = load();
    time(
        "network lowering: every measured workload's network",
        21,
        || {
            for m in &library.measured {
                let net = library.network(&m.network).expect("its network");
                std::hint::black_box(net.kernels(&m.shape()).expect("lowers"));
            }
        },
    );
    let opening = nvmcalc::Scenario::from_query("", &library).scenario;
    time("the opening scenario (the page's default view)", 21, || {
        std::hint::black_box(nvmcalc::outcome::run(&library, &opening, &[]).expect("runs"));
    });
}
