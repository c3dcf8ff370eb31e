//! GPU presets (`presets/gpus/<id>.toml`): the numbers of one GPU that the traffic model
//! ([`crate::gpu::traffic`]) needs — its L2 (size, slices, line and sector), its DRAM (kind, bandwidth,
//! energy per bit), its L2 bandwidth and its peak arithmetic rates. Every number is cited in the
//! file; [`parse_gpu_preset`] collects every problem (unknown keys included) with its line, the
//! field, the value and what is accepted.
//!
//! # Format
//!
//! | key | | |
//! |---|---|---|
//! | `id` | required | equal to the file name without `.toml` |
//! | `name`, `source` | required | shown to people; the documents every number comes from |
//! | `notes` | optional | caveats, inferred numbers |
//! | `node_nm` | required | process node as marketed, 1–1000 |
//! | `l2_kib` | required | L2 capacity in KiB, 1–1 048 576 |
//! | `l2_slices` | required | L2 slices (banks) working in parallel, 1–1024 |
//! | `line_bytes` | required | L2 line, a power of two from 32 to 1024 |
//! | `sector_bytes` | required | L2 sector (request granularity), a power of two from 8 to `line_bytes` |
//! | `sm_count` | required | streaming multiprocessors, 1–1024 |
//! | `core_clock_mhz` | required | boost clock, 100–5000 |
//! | `memory` | required | `gddr5`, `gddr5x`, `gddr6`, `gddr6x`, `hbm2`, `hbm2e`, `hbm3`, `hbm3e` |
//! | `dram_bandwidth_gb_s` | required | peak DRAM bandwidth, 1–100 000 GB/s |
//! | `dram_energy_pj_per_bit` | required | DRAM access energy, 0.1–100 pJ/bit |
//! | `l2_bandwidth_gb_s` | required | L2 read bandwidth, 1–1 000 000 GB/s |
//! | `l2_bandwidth_basis` | required | `published` or `derived` (say how in `notes`) |
//! | `peak_fp32_tflops` | required | 0.01–10 000 |
//! | `peak_fp16_tensor_tflops` | optional | dense FP16 tensor-core peak; absent before Volta |
//! | `l2_partitions` | optional | partitions of the L2 that each cache the data touched by the SMs attached to them (the L2 then holds capacity / partitions distinct bytes), 1–8; default 1 (one shared L2) |
//! | `gemm_tile` | optional | the edge (elements) of the output block whose A and B panels one L2 read serves in the GPU's library GEMMs, 16–1024; default 128 (one 128 × 128 thread block) |

use serde::Serialize;

use crate::input::{all_or_errors, parse_toml, FieldReader, PresetError, PresetErrors};

/// The DRAM technology behind a GPU's memory controllers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DramKind {
    /// GDDR5.
    Gddr5,
    /// GDDR5X.
    Gddr5x,
    /// GDDR6.
    Gddr6,
    /// GDDR6X.
    Gddr6x,
    /// HBM2.
    Hbm2,
    /// HBM2E.
    Hbm2e,
    /// HBM3.
    Hbm3,
    /// HBM3E.
    Hbm3e,
}

impl DramKind {
    /// The words used in preset files.
    pub const ALL: [(&'static str, DramKind); 8] = [
        ("gddr5", DramKind::Gddr5),
        ("gddr5x", DramKind::Gddr5x),
        ("gddr6", DramKind::Gddr6),
        ("gddr6x", DramKind::Gddr6x),
        ("hbm2", DramKind::Hbm2),
        ("hbm2e", DramKind::Hbm2e),
        ("hbm3", DramKind::Hbm3),
        ("hbm3e", DramKind::Hbm3e),
    ];

    /// A label for people (`HBM2`).
    pub fn label(self) -> &'static str {
        match self {
            DramKind::Gddr5 => "GDDR5",
            DramKind::Gddr5x => "GDDR5X",
            DramKind::Gddr6 => "GDDR6",
            DramKind::Gddr6x => "GDDR6X",
            DramKind::Hbm2 => "HBM2",
            DramKind::Hbm2e => "HBM2E",
            DramKind::Hbm3 => "HBM3",
            DramKind::Hbm3e => "HBM3E",
        }
    }
}

/// Whether an L2 bandwidth is the vendor's number or derived from other published numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Published by the vendor.
    Published,
    /// Derived (the preset's `notes` say how).
    Derived,
}

/// One GPU as the traffic model sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gpu {
    /// Preset id (snake_case).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Where the numbers come from.
    pub source: String,
    /// Caveats and inferred numbers.
    pub notes: Option<String>,
    /// Process node as marketed (nm).
    pub node_nm: f64,
    /// L2 capacity in bytes.
    pub l2_bytes: u64,
    /// L2 slices (banks) working in parallel.
    pub l2_slices: u32,
    /// L2 line in bytes.
    pub line_bytes: u32,
    /// L2 sector in bytes: the granularity of one L2 request.
    pub sector_bytes: u32,
    /// Streaming multiprocessors.
    pub sm_count: u32,
    /// Boost clock (MHz).
    pub core_clock_mhz: f64,
    /// DRAM technology.
    pub memory: DramKind,
    /// Peak DRAM bandwidth (GB/s, 10⁹ B/s).
    pub dram_bandwidth_gb_s: f64,
    /// DRAM access energy (pJ per bit moved).
    pub dram_energy_pj_per_bit: f64,
    /// L2 read bandwidth (GB/s).
    pub l2_bandwidth_gb_s: f64,
    /// Whether `l2_bandwidth_gb_s` is published or derived.
    pub l2_bandwidth_basis: Basis,
    /// Peak FP32 rate (TFLOP/s).
    pub peak_fp32_tflops: f64,
    /// Dense FP16 tensor-core peak (TFLOP/s); `None` without tensor cores (Pascal).
    pub peak_fp16_tensor_tflops: Option<f64>,
    /// Edge of the GEMM output block one L2 read of an operand panel serves (elements): 128 for
    /// one 128 × 128 thread block; larger where the library's kernels share panels across a
    /// cluster of thread blocks (Hopper's multicast).
    pub gemm_tile: u32,
    /// Partitions of the L2 that each cache the data their own SMs touch (1: one shared L2).
    /// Kernels spread their tensors over all SMs, so a line is held in every partition and the
    /// L2 holds `capacity / l2_partitions` distinct bytes (see [`crate::gpu::traffic`]).
    pub l2_partitions: u32,
    /// Device memory (GiB) for the step's tensors: a network whose weights, gradients, optimiser
    /// state and live activations need more is reported as not fitting.
    pub memory_gib: f64,
}

/// The GEMM tile edge when a preset does not state one: CUTLASS's and cuBLAS's default
/// 128 × 128 thread-block tile for FP16 tensor-core GEMMs.
pub const DEFAULT_GEMM_TILE: u32 = 128;

const BASES: [(&str, Basis); 2] = [("published", Basis::Published), ("derived", Basis::Derived)];

/// Parses and validates one GPU preset. `file` names it in messages (`gpus/tesla_v100.toml`); the
/// `id` inside must equal the file name without `.toml`. Every problem is returned.
pub fn parse_gpu_preset(file: &str, text: &str) -> Result<Gpu, PresetErrors> {
    let mut errors = Vec::new();
    let gpu = read_gpu(file, text, &mut errors);
    all_or_errors(gpu, errors)
}

fn read_gpu(file: &str, text: &str, errors: &mut Vec<PresetError>) -> Option<Gpu> {
    let table = parse_toml(file, text, errors)?;
    let mut r = FieldReader::new(file, text, table, errors);
    let id = r.file_id();
    let name = r.non_empty_string("name");
    let source = r.non_empty_string("source");
    let notes = r.opt_string("notes");
    let node_nm = r.number_in("node_nm", 1.0, 1000.0);
    let l2_kib = r.integer("l2_kib", 1, 1 << 20);
    let l2_slices = r.integer("l2_slices", 1, 1024);
    let line_bytes = power_of_two(&mut r, "line_bytes", 32, 1024);
    let sector_bytes = power_of_two(&mut r, "sector_bytes", 8, 1024);
    if let (Some(line), Some(sector)) = (line_bytes, sector_bytes) {
        if sector > line {
            r.error_text(
                "sector_bytes",
                &sector.to_string(),
                &format!("must not exceed line_bytes ({line})"),
            );
        }
    }
    let sm_count = r.integer("sm_count", 1, 1024);
    let core_clock_mhz = r.number_in("core_clock_mhz", 100.0, 5000.0);
    let memory = r.choice("memory", &DramKind::ALL);
    let memory_gib = r.number_in("memory_gib", 0.25, 1e5);
    let dram_bandwidth_gb_s = r.number_in("dram_bandwidth_gb_s", 1.0, 1e5);
    let dram_energy_pj_per_bit = r.number_in("dram_energy_pj_per_bit", 0.1, 100.0);
    let l2_bandwidth_gb_s = r.number_in("l2_bandwidth_gb_s", 1.0, 1e6);
    let l2_bandwidth_basis = r.choice("l2_bandwidth_basis", &BASES);
    let peak_fp32_tflops = r.number_in("peak_fp32_tflops", 0.01, 1e4);
    let peak_fp16_tensor_tflops = r.opt_number_in("peak_fp16_tensor_tflops", 0.01, 1e5);
    let gemm_tile = r
        .opt_integer("gemm_tile", 16, 1024)
        .map(|t| t as u32)
        .unwrap_or(DEFAULT_GEMM_TILE);
    let l2_partitions = r
        .opt_integer("l2_partitions", 1, 8)
        .map(|p| p as u32)
        .unwrap_or(1);
    r.finish();
    Some(Gpu {
        id: id?,
        name: name?,
        source: source?,
        notes,
        node_nm: node_nm?,
        l2_bytes: l2_kib? as u64 * 1024,
        l2_slices: l2_slices? as u32,
        line_bytes: line_bytes?,
        sector_bytes: sector_bytes?,
        sm_count: sm_count? as u32,
        core_clock_mhz: core_clock_mhz?,
        memory: memory?,
        dram_bandwidth_gb_s: dram_bandwidth_gb_s?,
        dram_energy_pj_per_bit: dram_energy_pj_per_bit?,
        l2_bandwidth_gb_s: l2_bandwidth_gb_s?,
        l2_bandwidth_basis: l2_bandwidth_basis?,
        peak_fp32_tflops: peak_fp32_tflops?,
        peak_fp16_tensor_tflops,
        gemm_tile,
        l2_partitions,
        memory_gib: memory_gib?,
    })
}

/// A required whole number that is a power of two in `min..=max`.
fn power_of_two(r: &mut FieldReader<'_>, key: &'static str, min: i64, max: i64) -> Option<u32> {
    let v = r.integer(key, min, max)?;
    if (v as u64).is_power_of_two() {
        Some(v as u32)
    } else {
        r.error_text(
            key,
            &v.to_string(),
            &format!("must be a power of two from {min} to {max}"),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V100: &str = include_str!("../../presets/gpus/tesla_v100.toml");

    fn errors(text: &str) -> String {
        match parse_gpu_preset("gpus/tesla_v100.toml", text) {
            Ok(g) => panic!("expected errors, got {g:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn shipped_presets_parse() {
        for (file, text) in [
            (
                "gpus/gtx_1080_ti.toml",
                include_str!("../../presets/gpus/gtx_1080_ti.toml"),
            ),
            ("gpus/tesla_v100.toml", V100),
            (
                "gpus/a100_40gb.toml",
                include_str!("../../presets/gpus/a100_40gb.toml"),
            ),
            (
                "gpus/h100_sxm.toml",
                include_str!("../../presets/gpus/h100_sxm.toml"),
            ),
        ] {
            let g = parse_gpu_preset(file, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(g.l2_bytes % u64::from(g.l2_slices), 0, "{file}");
            assert_eq!(g.sector_bytes, 32, "{file}");
        }
        let v = parse_gpu_preset("gpus/tesla_v100.toml", V100).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.l2_bytes, 6144 * 1024);
        assert_eq!(v.memory, DramKind::Hbm2);
        assert_eq!(v.peak_fp16_tensor_tflops, Some(125.0));
        let p = parse_gpu_preset(
            "gpus/gtx_1080_ti.toml",
            include_str!("../../presets/gpus/gtx_1080_ti.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.l2_bytes, p.peak_fp16_tensor_tflops), (2816 * 1024, None));
    }

    #[test]
    fn errors_name_field_value_and_what_is_accepted() {
        let e = errors(&V100.replace("memory = \"hbm2\"", "memory = \"hbm\""));
        assert!(
            e.contains("memory = \"hbm\": must be one of: gddr5, gddr5x, gddr6, gddr6x, hbm2, hbm2e, hbm3, hbm3e"),
            "{e}"
        );
        let e = errors(&V100.replace("line_bytes = 128", "line_bytes = 100"));
        assert!(
            e.contains("line_bytes = 100: must be a power of two from 32 to 1024"),
            "{e}"
        );
        let e = errors(&V100.replace("sector_bytes = 32", "sector_bytes = 256"));
        assert!(
            e.contains("sector_bytes = 256: must not exceed line_bytes (128)"),
            "{e}"
        );
        let e = errors(&V100.replace("dram_bandwidth_gb_s = 900", "dram_bandwidth_gb_s = -900"));
        assert!(
            e.contains("dram_bandwidth_gb_s = -900: must be a finite number from 1 to 100000"),
            "{e}"
        );
        let e = errors(&V100.replace("l2_kib = 6144", "l2_mib = 6"));
        assert!(e.contains("l2_kib: missing; add `l2_kib = …`"), "{e}");
        assert!(e.contains("l2_mib = 6: unknown key (misspelt?)"), "{e}");
        let e = errors(&V100.replace(
            "l2_bandwidth_basis = \"published\"",
            "l2_bandwidth_basis = \"guess\"",
        ));
        assert!(e.contains("must be one of: published, derived"), "{e}");
    }
}
