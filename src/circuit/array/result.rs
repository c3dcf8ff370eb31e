//! What an evaluation reports: the cache-level [`Metrics`] of an organisation with its SET and
//! RESET figures and bank footprint ([`ArrayResult`]), and where each figure goes
//! ([`Breakdown`]): latency by stage ([`LatencyParts`], ns), dynamic energy per access
//! ([`EnergyParts`], pJ), leakage ([`LeakageParts`], mW) and area ([`AreaParts`], mm²). The same
//! records serve every level: the subarray fills the terms it fixes, the mat adds its
//! predecoders, the bank its H-tree.

use serde::Serialize;

use crate::circuit::array::organization::Organization;
use crate::circuit::metrics::Metrics;
use crate::units::{Energy, Time};

/// Latency by component (ns); read and write paths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LatencyParts {
    /// H-tree (address in, data out for reads).
    pub htree_ns: f64,
    /// Mat predecoder.
    pub predecoder_ns: f64,
    /// Row decoder and wordline.
    pub row_decoder_ns: f64,
    /// Bitline development (read) or charge (write).
    pub bitline_ns: f64,
    /// Sense amplifier.
    pub sense_amp_ns: f64,
    /// Column and output muxes.
    pub mux_ns: f64,
    /// Write pulse (the longer of SET and RESET).
    pub write_pulse_ns: f64,
}

/// Dynamic energy per access by component (pJ, whole access).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct EnergyParts {
    /// H-tree wires and drivers.
    pub htree_pj: f64,
    /// Mat predecoders.
    pub predecoder_pj: f64,
    /// Row decoders and wordlines.
    pub row_decoder_pj: f64,
    /// Mux select decoders.
    pub mux_decoder_pj: f64,
    /// Bitlines and cells (read current, or write pulses).
    pub bitline_cell_pj: f64,
    /// Sense amplifiers.
    pub sense_amp_pj: f64,
    /// Column and output muxes.
    pub mux_pj: f64,
    /// Bitline precharge.
    pub precharge_pj: f64,
}

/// Leakage by component (mW, whole array).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LeakageParts {
    /// Cells (SRAM only; non-volatile cells hold data without power).
    pub cells_mw: f64,
    /// Row and predecoders, wordline drivers.
    pub decoders_mw: f64,
    /// Sense amplifiers, precharge, write drivers, muxes.
    pub column_periphery_mw: f64,
    /// H-tree drivers and repeaters.
    pub htree_mw: f64,
}

/// Area by component (mm²).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AreaParts {
    /// Cell arrays.
    pub cells_mm2: f64,
    /// Row decoders and drivers.
    pub row_periphery_mm2: f64,
    /// Column periphery (precharge, muxes, sense amps, write drivers).
    pub column_periphery_mm2: f64,
    /// Predecoders and mat-level wiring.
    pub mat_periphery_mm2: f64,
    /// H-tree repeaters.
    pub htree_mm2: f64,
}

/// Where latency, energy, leakage and area go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Breakdown {
    /// Read path latency.
    pub read_latency: LatencyParts,
    /// Write path latency.
    pub write_latency: LatencyParts,
    /// Read energy.
    pub read_energy: EnergyParts,
    /// Write energy.
    pub write_energy: EnergyParts,
    /// Leakage.
    pub leakage: LeakageParts,
    /// Area.
    pub area: AreaParts,
}

/// The evaluation of one organisation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ArrayResult {
    /// Cache-level figures of merit of the array.
    pub metrics: Metrics,
    /// SET latency and energy (resistive cells report both; the larger is the write).
    pub set_latency: Time,
    /// RESET latency.
    pub reset_latency: Time,
    /// SET energy per access.
    pub set_energy: Energy,
    /// RESET energy per access.
    pub reset_energy: Energy,
    /// The organisation.
    pub organization: Organization,
    /// Bank width (mm) and height (mm).
    pub bank_width_mm: f64,
    /// See `bank_width_mm`.
    pub bank_height_mm: f64,
    /// Cell area / total area.
    pub area_efficiency: f64,
    /// By component.
    pub breakdown: Breakdown,
}
