//! A memory technology as the comparison sees it: a cache (or array) of one capacity with its
//! cache-level metrics. Today these come from cache-characterisation presets (numbers taken from a
//! paper, a macro datasheet or an NVSim run), or from a cell preset built into a cache by the
//! circuit model ([`crate::design::build`]).

use serde::Serialize;

use crate::circuit::metrics::{MemoryKind, Metrics};
use crate::units::Capacity;

/// A technology ready for comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Technology {
    /// Preset id (snake_case), used in URLs and on the command line.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Device family.
    pub memory: MemoryKind,
    /// Capacity of the cache or array the metrics describe.
    pub capacity: Capacity,
    /// Process node in nm, when known.
    pub node_nm: Option<u32>,
    /// Bits delivered by one access (the word width the energies and latencies are quoted for).
    pub access_bits: u32,
    /// The figures of merit.
    pub metrics: Metrics,
    /// Where the numbers come from.
    pub source: String,
    /// Conditions and caveats.
    pub notes: Option<String>,
}
