//! Measured workload presets (`presets/workloads/measured/<id>.toml`): the L2 and DRAM traffic
//! and the step time of one deep-learning step, measured on a real GPU with a profiler. They are
//! the ground truth of the traffic model (`nvmcalc validate-traffic`) and, chosen as a workload,
//! are used as measured on their own GPU and L2 (`crate::study::measured`).
//!
//! # Format
//!
//! One flat table; every number is one step's (units in the key names; sectors are the GPU's L2
//! sectors, 32 bytes on every NVIDIA GPU since Volta).
//!
//! | key | | |
//! |---|---|---|
//! | `id` | required | equal to the file name without `.toml` |
//! | `name`, `source` | required | shown to people; `source` cites the measurement (who, where, when) |
//! | `software` | required | the software stack (framework, libraries, profiler, with versions) |
//! | `measured_on` | required | the date of the measurement, `YYYY-MM-DD` |
//! | `method` | required | how it was measured (profiler command, replay mode, timing) |
//! | `network`, `phase`, `batch`, `seq_len`, `element_bytes` | required (`seq_len` for token networks only) | the network preset and shape that were run |
//! | `gpu` | required | the GPU preset it was measured on |
//! | the eight metrics of [`METRICS`] | required | the profiler's counters for the step |
//! | `step_time_ms`, `step_time_ms_min`, `step_time_ms_max` | required | the step's wall time without the profiler: median, min, max |
//! | `peak_memory_gib` | optional | the framework's peak allocated memory |

use serde::Serialize;

use crate::gpu::network::{Phase, WorkloadShape};
use crate::gpu::traffic::{ArrayTime, Traffic};
use crate::input::{all_or_errors, parse_toml, FieldReader, PresetError, PresetErrors};
use crate::units::{Capacity, Energy, Time};

/// The profiler counters a measured preset carries: (key, Nsight Compute metric, meaning).
pub const METRICS: [(&str, &str, &str); 8] = [
    (
        "l2_read_sectors",
        "lts__t_sectors_srcunit_tex_op_read.sum",
        "L2 sectors read by the SMs",
    ),
    (
        "l2_write_sectors",
        "lts__t_sectors_srcunit_tex_op_write.sum",
        "L2 sectors written by the SMs",
    ),
    (
        "l2_read_hit_sectors",
        "lts__t_sectors_srcunit_tex_op_read_lookup_hit.sum",
        "of the reads, sectors that hit in the L2",
    ),
    (
        "l2_atomic_sectors",
        "lts__t_sectors_srcunit_tex_op_atom.sum",
        "atomic sectors at the L2",
    ),
    (
        "l2_reduction_sectors",
        "lts__t_sectors_srcunit_tex_op_red.sum",
        "reduction sectors at the L2",
    ),
    (
        "dram_read_bytes",
        "dram__bytes_read.sum",
        "bytes read from DRAM",
    ),
    (
        "dram_write_bytes",
        "dram__bytes_write.sum",
        "bytes written to DRAM",
    ),
    (
        "step_time_ms",
        "CUDA events around the step (median)",
        "wall time of one step without the profiler",
    ),
];

/// The measured traffic and time of one step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MeasuredTraffic {
    /// L2 sectors read by the SMs.
    pub l2_read_sectors: f64,
    /// L2 sectors written by the SMs.
    pub l2_write_sectors: f64,
    /// Of the reads, sectors that hit.
    pub l2_read_hit_sectors: f64,
    /// Atomic sectors at the L2.
    pub l2_atomic_sectors: f64,
    /// Reduction sectors at the L2.
    pub l2_reduction_sectors: f64,
    /// Bytes read from DRAM.
    pub dram_read_bytes: f64,
    /// Bytes written to DRAM.
    pub dram_write_bytes: f64,
    /// Step time (median).
    pub step_time: Time,
    /// Fastest step.
    pub step_time_min: Time,
    /// Slowest step.
    pub step_time_max: Time,
}

impl MeasuredTraffic {
    /// L2 reads as the L2's array sees them: the SMs' reads plus one read of every atomic and
    /// reduction sector. An atomic or a reduction is a read-modify-write done in the slice (the
    /// ROP/atomic unit beside the data array reads the sector, combines, writes it back), so the
    /// array is read once and written once per sector.
    pub fn array_read_sectors(&self) -> f64 {
        self.l2_read_sectors + self.l2_atomic_sectors + self.l2_reduction_sectors
    }

    /// L2 writes as the L2's array sees them: the SMs' writes plus the write-back of every
    /// atomic and reduction sector ([`MeasuredTraffic::array_read_sectors`]).
    pub fn array_write_sectors(&self) -> f64 {
        self.l2_write_sectors + self.l2_atomic_sectors + self.l2_reduction_sectors
    }
}

/// A measured workload preset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasuredWorkload {
    /// Preset id (snake_case).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// The measurement, cited.
    pub source: String,
    /// The software stack, with versions.
    pub software: String,
    /// The date of the measurement (`YYYY-MM-DD`).
    pub measured_on: String,
    /// How it was measured.
    pub method: String,
    /// Network preset id.
    pub network: String,
    /// Inference or training.
    pub phase: Phase,
    /// Samples per step.
    pub batch: u64,
    /// Tokens per sequence (token networks).
    pub seq_len: Option<u64>,
    /// Bytes per element.
    pub element_bytes: u32,
    /// GPU preset id.
    pub gpu: String,
    /// The counters and times.
    pub measured: MeasuredTraffic,
    /// Peak allocated memory (GiB), when recorded.
    pub peak_memory_gib: Option<f64>,
}

impl MeasuredWorkload {
    /// The shape that was run (prefill only: the measured decoders ran without decode steps).
    pub fn shape(&self) -> WorkloadShape {
        WorkloadShape {
            phase: self.phase,
            batch: self.batch,
            seq_len: self.seq_len,
            decode_tokens: None,
            element_bytes: self.element_bytes,
        }
    }
}

/// Parses and validates one measured workload preset; `file` names it in messages. Every
/// problem is returned.
pub fn parse_measured_preset(file: &str, text: &str) -> Result<MeasuredWorkload, PresetErrors> {
    let mut errors = Vec::new();
    let m = read(file, text, &mut errors);
    all_or_errors(m, errors)
}

/// The largest counter accepted (sectors or bytes of one step): 10¹⁸.
const MAX_COUNT: f64 = 1e18;

fn read(file: &str, text: &str, errors: &mut Vec<PresetError>) -> Option<MeasuredWorkload> {
    let table = parse_toml(file, text, errors)?;
    let mut r = FieldReader::new(file, text, table, errors);
    let id = r.file_id();
    let name = r.non_empty_string("name");
    let source = r.non_empty_string("source");
    let software = r.non_empty_string("software");
    let measured_on = r.non_empty_string("measured_on");
    if let Some(d) = &measured_on {
        if !is_date(d) {
            r.error_text(
                "measured_on",
                d,
                "must be a date written YYYY-MM-DD (2026-12-04)",
            );
        }
    }
    let method = r.non_empty_string("method");
    let network = r.id("network");
    let phase = r.choice("phase", &Phase::WORDS);
    let batch = r.integer("batch", 1, 1 << 20);
    let seq_len = r.opt_integer("seq_len", 1, 1 << 20);
    let element_bytes = r.integer("element_bytes", 1, 8);
    let gpu = r.id("gpu");
    let count = |r: &mut FieldReader<'_>, key: &'static str| r.number_in(key, 0.0, MAX_COUNT);
    let l2_read_sectors = count(&mut r, "l2_read_sectors");
    let l2_write_sectors = count(&mut r, "l2_write_sectors");
    let l2_read_hit_sectors = count(&mut r, "l2_read_hit_sectors");
    let l2_atomic_sectors = count(&mut r, "l2_atomic_sectors");
    let l2_reduction_sectors = count(&mut r, "l2_reduction_sectors");
    let dram_read_bytes = count(&mut r, "dram_read_bytes");
    let dram_write_bytes = count(&mut r, "dram_write_bytes");
    let step = r.number_in("step_time_ms", 1e-6, 1e9);
    let step_min = r.number_in("step_time_ms_min", 1e-6, 1e9);
    let step_max = r.number_in("step_time_ms_max", 1e-6, 1e9);
    if let (Some(lo), Some(mid), Some(hi)) = (step_min, step, step_max) {
        if !(lo <= mid && mid <= hi) {
            r.error_text(
                "step_time_ms",
                &mid.to_string(),
                &format!("must lie between step_time_ms_min ({lo}) and step_time_ms_max ({hi})"),
            );
        }
    }
    if let (Some(hits), Some(reads)) = (l2_read_hit_sectors, l2_read_sectors) {
        if hits > reads {
            r.error_text(
                "l2_read_hit_sectors",
                &hits.to_string(),
                &format!("must not exceed l2_read_sectors ({reads})"),
            );
        }
    }
    let peak_memory_gib = r.opt_number_in("peak_memory_gib", 0.0, 1e6);
    r.finish();
    Some(MeasuredWorkload {
        id: id?,
        name: name?,
        source: source?,
        software: software?,
        measured_on: measured_on?,
        method: method?,
        network: network?,
        phase: phase?,
        batch: batch? as u64,
        seq_len: seq_len.map(|s| s as u64),
        element_bytes: element_bytes? as u32,
        gpu: gpu?,
        measured: MeasuredTraffic {
            l2_read_sectors: l2_read_sectors?,
            l2_write_sectors: l2_write_sectors?,
            l2_read_hit_sectors: l2_read_hit_sectors?,
            l2_atomic_sectors: l2_atomic_sectors?,
            l2_reduction_sectors: l2_reduction_sectors?,
            dram_read_bytes: dram_read_bytes?,
            dram_write_bytes: dram_write_bytes?,
            step_time: Time::from_s(step? * 1e-3),
            step_time_min: Time::from_s(step_min? * 1e-3),
            step_time_max: Time::from_s(step_max? * 1e-3),
        },
        peak_memory_gib,
    })
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())
    };
    matches!(
        (parts.as_slice(), parts.len()),
        ([y, m, d], 3) if num(y, 4).flatten().is_some()
            && num(m, 2).flatten().is_some_and(|m| (1..=12).contains(&m))
            && num(d, 2).flatten().is_some_and(|d| (1..=31).contains(&d))
    )
}

/// A measured workload used as a workload: its measured traffic and time at the GPU's own L2,
/// carried to any other L2 through the model.
///
/// For each quantity `q` (L2 reads, L2 writes, atomics and reductions, DRAM reads, DRAM writes,
/// time), the value at capacity `C` on an array `A` is
/// `q(C, A) = q_measured · q_model(C, A) / q_model(C₀, SRAM)`, with `C₀` the GPU's own L2: at the
/// GPU's own L2 and SRAM array it is the measurement itself, and elsewhere the measurement moved
/// by the model's capacity and array dependence (more DRAM reads in a smaller L2, write stalls on
/// a slow-write array). Where the model gives 0 for a quantity the measurement stays as is. The
/// atomics and reductions count as one read and one write each
/// ([`MeasuredTraffic::array_read_sectors`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anchor {
    /// The measured preset's id.
    pub id: String,
    /// The GPU's own L2 (bytes), where the measurement holds as it is.
    pub own_l2_bytes: u64,
    /// measured ÷ model at the own L2: L2 reads, L2 writes, DRAM reads, DRAM writes, time.
    pub factors: [f64; 5],
    /// The measured atomic and reduction sectors.
    pub rmw_sectors: f64,
    /// The model's reduction sectors at the own L2.
    model_rmw_sectors: f64,
}

impl Anchor {
    /// The anchor of `m` given the model's traffic `model_own` of the same network, shape and
    /// GPU at the GPU's own L2.
    pub fn new(m: &MeasuredWorkload, model_own: &Traffic) -> Anchor {
        let t = &m.measured;
        let ratio = |measured: f64, model: f64| {
            if model > 0.0 && model.is_finite() && measured.is_finite() {
                measured / model
            } else {
                1.0
            }
        };
        Anchor {
            id: m.id.clone(),
            own_l2_bytes: model_own.l2_bytes,
            factors: [
                ratio(t.l2_read_sectors, model_own.l2_read_sectors as f64),
                ratio(t.l2_write_sectors, model_own.l2_write_sectors as f64),
                ratio(t.dram_read_bytes, model_own.dram_read_bytes),
                ratio(t.dram_write_bytes, model_own.dram_write_bytes),
                ratio(t.step_time.s(), model_own.time.s()),
            ],
            rmw_sectors: t.l2_atomic_sectors + t.l2_reduction_sectors,
            model_rmw_sectors: model_own.l2_reduction_sectors as f64,
        }
    }

    /// The model's traffic `model` (at any capacity) moved onto the measurement: totals and time
    /// scaled, the per-kernel rows left as the model's.
    pub fn apply(&self, model: &Traffic) -> Traffic {
        let [r, w, dr, dw, time] = self.factors;
        let rmw = if self.model_rmw_sectors > 0.0 {
            self.rmw_sectors * model.l2_reduction_sectors as f64 / self.model_rmw_sectors
        } else {
            self.rmw_sectors
        };
        let dram_model = model.dram_read_bytes + model.dram_write_bytes;
        let dram_read_bytes = model.dram_read_bytes * dr;
        let dram_write_bytes = model.dram_write_bytes * dw;
        let energy_scale = if dram_model > 0.0 {
            (dram_read_bytes + dram_write_bytes) / dram_model
        } else {
            1.0
        };
        Traffic {
            l2_read_sectors: (model.l2_read_sectors as f64 * r).round() as u64,
            l2_write_sectors: (model.l2_write_sectors as f64 * w).round() as u64,
            l2_reduction_sectors: rmw.round() as u64,
            dram_read_bytes,
            dram_write_bytes,
            gpu_busy: Time::from_s(model.gpu_busy.s() * time),
            time: Time::from_s(model.time.s() * time),
            dram_energy: Energy::from_pj(model.dram_energy.pj() * energy_scale),
            ..model.clone()
        }
    }

    /// The run's time on an array, from the model's ([`Traffic::time_on`] of the unanchored
    /// traffic), moved by the time factor.
    pub fn time_on(&self, model_time: ArrayTime) -> ArrayTime {
        let f = self.factors[4];
        ArrayTime {
            time: Time::from_s(model_time.time.s() * f),
            write_stall: Time::from_s(model_time.write_stall.s() * f),
            ..model_time
        }
    }

    /// How the measurement is used at `l2_bytes` (`None`: at each of several capacities), in
    /// words.
    pub fn describe(&self, l2_bytes: Option<u64>) -> String {
        let [r, w, dr, dw, t] = self.factors;
        let own = Capacity::from_bits(self.own_l2_bytes.saturating_mul(8));
        let at = match l2_bytes {
            Some(c) if c == self.own_l2_bytes => {
                format!("used as measured at the GPU's own {own} L2")
            }
            Some(c) => format!(
                "measured at the GPU's own {own} L2 and carried to this {} L2 by the model: each \
                 quantity = measured × model here ÷ model at {own}",
                Capacity::from_bits(c.saturating_mul(8))
            ),
            None => format!(
                "used as measured at the GPU's own {own} L2 and carried to every other \
                 capacity by the model: each quantity = measured × model there ÷ model at \
                 {own}"
            ),
        };
        format!(
            "Measured workload `{}`: {at}. Measured ÷ model at the own L2: L2 reads {r:.2}, \
             L2 writes {w:.2}, DRAM reads {dr:.2}, DRAM writes {dw:.2}, time {t:.2}; \
             atomics and reductions ({:.4e} sectors) count as a read and a write.",
            self.id, self.rmw_sectors
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        include_str!("../../presets/workloads/measured/h200_resnet50_inference_b32.toml");
    const FILE: &str = "workloads/measured/h200_resnet50_inference_b32.toml";

    #[test]
    fn the_shipped_sample_parses() {
        let m = parse_measured_preset(FILE, SAMPLE).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (m.network.as_str(), m.batch, m.gpu.as_str()),
            ("resnet50", 32, "h200")
        );
        assert_eq!(m.measured.l2_read_sectors, 176_435_317.0);
        assert!((m.measured.step_time.ms() - 5.2862).abs() < 1e-9);
        assert_eq!(
            m.measured.array_read_sectors(),
            176_435_317.0 + 2047.0,
            "atomics are read once in the slice"
        );
    }

    #[test]
    fn errors_name_field_value_and_what_is_accepted() {
        let bad = SAMPLE.replace("measured_on = \"2026-12-04\"", "measured_on = \"4 Dec\"");
        let e = parse_measured_preset(FILE, &bad).unwrap_err().to_string();
        assert!(
            e.contains("measured_on = 4 Dec: must be a date written YYYY-MM-DD"),
            "{e}"
        );
        let bad = SAMPLE.replace("l2_read_sectors = 176435317", "l2_read_sectors = -1");
        let e = parse_measured_preset(FILE, &bad).unwrap_err().to_string();
        assert!(
            e.contains("l2_read_sectors = -1: must be a finite number from 0"),
            "{e}"
        );
        let bad = SAMPLE.replace("step_time_ms = 5.2862", "step_time_ms = 9");
        let e = parse_measured_preset(FILE, &bad).unwrap_err().to_string();
        assert!(e.contains("must lie between step_time_ms_min"), "{e}");
        let bad = SAMPLE.replace("dram_write_bytes", "dram_writes_bytes");
        let e = parse_measured_preset(FILE, &bad).unwrap_err().to_string();
        assert!(e.contains("dram_write_bytes: missing"), "{e}");
        assert!(e.contains("dram_writes_bytes = "), "{e}");
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-12-04"));
        for bad in [
            "2026-13-04",
            "2026-12-4",
            "26-12-04",
            "2026/12/04",
            "",
            "2026-12-04-1",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
