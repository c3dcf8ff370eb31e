//! A memory technology as the comparison sees it: a cache (or array) of one capacity with its
//! cache-level metrics. Today these come from cache-characterisation presets (numbers taken from a
//! paper, a macro datasheet or an NVSim run); the circuit model will produce the same record from
//! bitcell parameters.

use serde::Serialize;

use crate::units::{Area, Capacity, Energy, Power, Time};

/// The storage device family of a technology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoryKind {
    /// 6T static RAM.
    Sram,
    /// Spin-transfer-torque MRAM (1T-1MTJ).
    SttMram,
    /// Spin-orbit-torque MRAM (2T-1MTJ, separate read and write paths).
    SotMram,
    /// Resistive RAM (metal-oxide, 1T1R).
    Reram,
    /// Phase-change memory.
    Pcm,
    /// Ferroelectric FET.
    Fefet,
}

impl MemoryKind {
    /// Every kind with its file / URL word.
    pub const ALL: [(&'static str, MemoryKind); 6] = [
        ("sram", MemoryKind::Sram),
        ("stt_mram", MemoryKind::SttMram),
        ("sot_mram", MemoryKind::SotMram),
        ("reram", MemoryKind::Reram),
        ("pcm", MemoryKind::Pcm),
        ("fefet", MemoryKind::Fefet),
    ];

    /// The label shown to people (`STT-MRAM`).
    pub fn label(self) -> &'static str {
        match self {
            MemoryKind::Sram => "SRAM",
            MemoryKind::SttMram => "STT-MRAM",
            MemoryKind::SotMram => "SOT-MRAM",
            MemoryKind::Reram => "ReRAM",
            MemoryKind::Pcm => "PCM",
            MemoryKind::Fefet => "FeFET",
        }
    }

    /// Whether the cells hold data without power (so the cell array itself does not leak).
    pub fn is_non_volatile(self) -> bool {
        !matches!(self, MemoryKind::Sram)
    }
}

/// Cache-level figures of merit; the same record at every level of the hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Silicon area of the whole array or cache.
    pub area: Area,
    /// Latency of one read access (cache: hit latency).
    pub read_latency: Time,
    /// Latency of one write access.
    pub write_latency: Time,
    /// Dynamic energy of one read access.
    pub read_energy: Energy,
    /// Dynamic energy of one write access.
    pub write_energy: Energy,
    /// Standby leakage power of the whole array or cache.
    pub leakage: Power,
}

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
