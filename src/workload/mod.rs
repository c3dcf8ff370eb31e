//! Workloads as the last-level cache sees them: how many reads and writes reach it, of what size, and
//! over how long a run. They come from workload presets with their derivation stated, or from a
//! network's layer table through the traffic model ([`network_workload`]).

mod network;

pub use network::network_workload;

use serde::Serialize;

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
