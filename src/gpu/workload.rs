//! Workloads as the last-level cache sees them: how many reads and writes reach it, of what size, and
//! over how long a run. They come from workload presets with their derivation stated, or from a
//! network's layer table through the traffic model (`crate::study::prepared`). [`DlWorkload`] names
//! a network workload on a GPU: the network-level inputs of every deep-learning analysis.

use serde::Serialize;

use crate::gpu::network::{Phase, WorkloadShape};
use crate::units::{Energy, Time};

/// The L2 traffic of one run of a workload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workload {
    /// Preset id (snake_case).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Read requests reaching the cache.
    pub reads: f64,
    /// Write requests reaching the cache.
    pub writes: f64,
    /// Bytes moved by one request (32 for a GPU L2 sector).
    pub access_bytes: u32,
    /// Wall-clock time of the run (leakage is paid over it).
    pub execution_time: Time,
    /// DRAM access energy of the run (the L2 misses' traffic); zero where the workload does not
    /// model DRAM (the count presets).
    pub dram_energy: Energy,
    /// Where the numbers come from.
    pub source: String,
    /// How the counts and the time were derived, with every assumption.
    pub derivation: String,
}

/// A network workload on a GPU: the network-level inputs of every analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DlWorkload {
    /// Network preset id.
    pub network: String,
    /// Inference or training.
    pub phase: Phase,
    /// Samples per step.
    pub batch: u64,
    /// Tokens per sequence (token networks; `None`: the network's default).
    pub seq_len: Option<u64>,
    /// LLM decode steps after the prompt (`None`: prefill only).
    pub decode_tokens: Option<u64>,
    /// Bytes per element (2 = FP16/BF16, 4 = FP32).
    pub element_bytes: u32,
    /// GPU preset id.
    pub gpu: String,
    /// A measured workload preset the run stands on (its network, shape and GPU are these
    /// fields): its measured traffic and time are used at the GPU's own L2 and carried to other
    /// capacities through the model ([`crate::gpu::measured::Anchor`]).
    pub measured: Option<String>,
}

impl DlWorkload {
    /// The network-independent shape.
    pub fn shape(&self) -> WorkloadShape {
        WorkloadShape {
            phase: self.phase,
            batch: self.batch,
            seq_len: self.seq_len,
            decode_tokens: self.decode_tokens,
            element_bytes: self.element_bytes,
        }
    }
}
