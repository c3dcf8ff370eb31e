//! The records every level of the circuit model shares: the storage family of a cell
//! ([`MemoryKind`]) and the figures of merit of an array or cache ([`Metrics`]), one record at
//! every level of the hierarchy, as NVSim keeps one.

use serde::Serialize;

use crate::units::{Area, Energy, Power, Time};

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
