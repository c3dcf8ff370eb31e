//! Workloads as the last-level cache sees them: how many reads and writes reach it, of what size, and
//! over how long a run. Today these come from workload presets with their derivation stated; the
//! network-level traffic model will produce the same record from layer tables.

use serde::Serialize;

use crate::units::Time;

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
    /// Where the numbers come from.
    pub source: String,
    /// How the counts and the time were derived, with every assumption.
    pub derivation: String,
}
