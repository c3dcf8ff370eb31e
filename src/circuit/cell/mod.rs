//! Memory cells: what one bit of each technology looks like to the array around it.
//!
//! A [`CellSpec`] is the bitcell as a user or a paper describes it — footprint, the access
//! device(s), how it is read and how it is written. The array model (`crate::circuit::array`) never looks at
//! the technology family directly: it asks the cell for the handful of electrical facts it needs
//! ([`CellSpec::electrical`]): the load a cell puts on its wordline and bitline, the resistances
//! the sense path sees, the write pulse and energy per bit, and the leakage per bit.
//!
//! Families and what makes them differ (the physics lives in `electrical`):
//! * **SRAM 6T** — two cross-coupled inverters and two access transistors; differential
//!   bitlines, voltage sensing, every cell leaks through its off devices.
//! * **STT-MRAM 1T-1MTJ** — an MTJ in series with one access transistor; read and write share that
//!   transistor and the MTJ, so the access device must carry the switching current.
//! * **SOT-MRAM 2T-1MTJ** — a read transistor in series with the MTJ and a *separate* write
//!   transistor driving a heavy-metal line under the free layer: the write current never crosses
//!   the tunnel barrier, the two devices are sized separately, writes are sub-ns.
//! * **Resistive (ReRAM 1T1R, PCM 1T1R, or cross-point without access device)** — SET and RESET are
//!   distinct operations with their own pulses; the slower one sets the write latency.
//! * **FeFET** — a transistor whose threshold the ferroelectric gate stack shifts: it is read
//!   as a channel resistance (low/high V_th) and written by a gate-voltage pulse, with almost no
//!   static write current.
//!
//! A cell in any form passes one check: a preset file, a custom cell (a preset with changes) and
//! an imported NVSim `.cell` are each a [`RawCell`] (flat keys and values), and [`check_cell`]
//! reads it against the one table of cell keys ([`CELL_KEYS`]: unit, range or words, kinds,
//! presence) to build the [`CellSpec`]. [`RawCell::of`] writes a `CellSpec` back as keys.
//!
//! All electrical values are in SI units inside this module (ohm, ampere, volt, second, joule,
//! metre); field names carry the unit they are written in.

mod check;
mod electrical;
mod keys;
mod preset;
mod raw;

pub use check::{check_cell, IdRule};
pub use electrical::DEFAULT_MIN_SENSE_V;
pub use keys::{
    accepted_range, accepted_words, cell_key, key_unit, Accepts, CellKey, Presence, Words,
    ACCESS_TYPES, CELL_KEYS, MAX_TEXT_CHARS, READ_MODES,
};
pub use preset::parse_cell_preset;
pub use raw::{entries, number_text, Entry, RawCell, Value};

use serde::Serialize;

use crate::circuit::metrics::MemoryKind;

/// A cell footprint, either in units of F² (scales with the node) or as a drawn area (fixed).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum CellArea {
    /// Area in F² of the node the array is built in.
    F2(f64),
    /// Drawn area in µm² (preferred below 22 nm, where F² rules stop meaning much).
    Um2(f64),
}

/// How the sense amplifier reads a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadMode {
    /// A voltage is applied and the cell current is sensed (current-mode sense amplifier).
    Current,
    /// A current is forced (or the precharged bitline discharges) and a voltage is sensed.
    Voltage,
}

/// How a write pulse is driven.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Drive {
    /// A write driver forcing this current through the cell (µA).
    Current {
        /// Write current (µA).
        current_ua: f64,
    },
    /// A write driver applying this voltage across the cell (V).
    Voltage {
        /// Write voltage (V).
        voltage_v: f64,
    },
}

/// One write operation (SET, RESET, or the symmetric MTJ switch).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Pulse {
    /// How the pulse is driven.
    pub drive: Drive,
    /// Pulse width (ns).
    pub pulse_ns: f64,
    /// Energy per bit of the pulse, where the source gives it (pJ); otherwise derived.
    pub energy_pj: Option<f64>,
}

/// How a cell is read.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Read {
    /// Sensing mode.
    pub mode: ReadMode,
    /// Read voltage across the cell (V), current-mode sensing.
    pub voltage_v: Option<f64>,
    /// Read current through the cell (µA), voltage-mode sensing.
    pub current_ua: Option<f64>,
    /// Read power of one cell while sensed (µW), where the source gives it.
    pub power_uw: Option<f64>,
    /// Read energy of one cell (pJ), where the source gives it.
    pub energy_pj: Option<f64>,
    /// Smallest voltage difference the sense amplifier resolves (mV).
    pub min_sense_mv: f64,
    /// Sense-amplifier delay (ns), where a circuit simulation of the cell's sense path gives it;
    /// otherwise the array model's own (for current sensing, NVSim's tabulated I–V converter
    /// delay by node).
    pub sense_latency_ns: Option<f64>,
    /// Sense-amplifier energy per sensed bit (fJ), where a circuit simulation gives it; otherwise
    /// the array model's own.
    pub sense_energy_fj: Option<f64>,
}

/// The access device in series with a resistive or magnetic storage element.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Access {
    /// An NMOS transistor of this width (in F of the node).
    Cmos {
        /// Width in F.
        width_f: f64,
    },
    /// A two-terminal selector (diode or threshold switch) with this forward drop.
    Diode {
        /// Voltage lost across the selector when on (V).
        voltage_drop_v: f64,
    },
    /// No access device: a cross-point array (half-selected cells leak, arrays stay small).
    None,
}

/// The magnetic tunnel junction of an MRAM cell.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Mtj {
    /// Resistance in the parallel (low, "on") state (Ω).
    pub r_parallel_ohm: f64,
    /// Resistance in the antiparallel (high, "off") state (Ω).
    pub r_antiparallel_ohm: f64,
}

/// The device-specific part of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum CellDevice {
    /// 6T SRAM: access, pull-down (NMOS) and pull-up (PMOS) widths in F.
    Sram {
        /// Access (pass-gate) transistor width (F).
        access_width_f: f64,
        /// Pull-down NMOS width (F).
        nmos_width_f: f64,
        /// Pull-up PMOS width (F).
        pmos_width_f: f64,
    },
    /// STT-MRAM 1T-1MTJ: read and write through the same access transistor and MTJ.
    Stt {
        /// The MTJ.
        mtj: Mtj,
        /// Access transistor width (F).
        access_width_f: f64,
        /// Voltage lost across the access transistor while writing (V).
        access_voltage_drop_v: f64,
        /// How the cell is read.
        read: Read,
        /// The switching pulse (same for both directions).
        write: Pulse,
    },
    /// SOT-MRAM 2T-1MTJ: a read transistor in series with the MTJ; a write transistor driving the
    /// heavy-metal line under it.
    Sot {
        /// The MTJ (read path).
        mtj: Mtj,
        /// Read access transistor width (F).
        read_access_width_f: f64,
        /// Write access transistor width (F).
        write_access_width_f: f64,
        /// Resistance of the heavy-metal (SOT) line under the MTJ (Ω).
        heavy_metal_ohm: f64,
        /// How the cell is read.
        read: Read,
        /// The SOT switching pulse through the heavy-metal line.
        write: Pulse,
    },
    /// A resistive cell (ReRAM or PCM): separate SET and RESET.
    Resistive {
        /// Low-resistance state (Ω) at the read bias.
        r_on_ohm: f64,
        /// High-resistance state (Ω) at the read bias.
        r_off_ohm: f64,
        /// Access device.
        access: Access,
        /// Voltage lost across the access transistor while writing (V), CMOS access.
        access_voltage_drop_v: f64,
        /// How the cell is read.
        read: Read,
        /// SET (to low resistance).
        set: Pulse,
        /// RESET (to high resistance).
        reset: Pulse,
    },
    /// FeFET 1T: read as a channel resistance, written by a gate pulse.
    Fefet {
        /// Channel resistance at the read bias, low-V_th state (Ω).
        r_on_ohm: f64,
        /// Channel resistance at the read bias, high-V_th state (Ω).
        r_off_ohm: f64,
        /// FeFET width (F).
        width_f: f64,
        /// How the cell is read.
        read: Read,
        /// The gate write pulse (voltage mode).
        write: Pulse,
    },
}

/// A bitcell with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellSpec {
    /// Preset id (file name without `.toml`), or the NVSim file name for imported cells.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Technology family (shown in tables, picks the colour in charts).
    pub kind: MemoryKind,
    /// Where the numbers come from.
    pub source: String,
    /// Caveats and assumptions.
    pub notes: Option<String>,
    /// The node the cell was characterised at (nm), if stated.
    pub node_nm: Option<f64>,
    /// Footprint.
    pub area: CellArea,
    /// Height / width of the cell footprint.
    pub aspect_ratio: f64,
    /// The device-specific part.
    pub device: CellDevice,
}

/// What the array model needs from a cell, resolved at one node (SI units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellElectrical {
    /// Cell width along the wordline (m).
    pub width_m: f64,
    /// Cell height along the bitline (m).
    pub height_m: f64,
    /// Whether reads use differential bitlines with precharge and a voltage sense amp (SRAM).
    pub differential: bool,
    /// Sensing mode for non-SRAM cells.
    pub read_mode: ReadMode,
    /// Gate width hanging on the read wordline per cell (m).
    pub wordline_gate_width_m: f64,
    /// Gate width hanging on a separate write wordline per cell (m), SOT only.
    pub write_wordline_gate_width_m: Option<f64>,
    /// Access-device width whose drain loads the bitline per cell (m).
    pub bitline_drain_width_m: f64,
    /// Access-device width in the read path (m), for its on-resistance.
    pub read_access_width_m: f64,
    /// Low / high resistance of the storage element on the read path (Ω); 0 for SRAM.
    pub r_low_ohm: f64,
    /// High resistance (Ω).
    pub r_high_ohm: f64,
    /// Read voltage applied to the cell in current sensing (V).
    pub read_voltage_v: Option<f64>,
    /// Read current forced in voltage sensing (A).
    pub read_current_a: Option<f64>,
    /// Read power of a sensed cell, where given (W).
    pub read_power_w: Option<f64>,
    /// Read energy of a sensed cell, where given (J).
    pub read_energy_j: Option<f64>,
    /// Smallest resolvable sense voltage (V).
    pub min_sense_v: f64,
    /// Sense-amplifier delay, where the cell gives it (s).
    pub sense_delay_s: Option<f64>,
    /// Sense-amplifier energy per sensed bit, where the cell gives it (J).
    pub sense_energy_j: Option<f64>,
    /// Write pulse to the low-resistance / '0' state (s).
    pub set_pulse_s: f64,
    /// Write pulse to the high-resistance / '1' state (s).
    pub reset_pulse_s: f64,
    /// Energy delivered to one cell by the SET pulse (J).
    pub set_energy_j: f64,
    /// Energy delivered to one cell by the RESET pulse (J).
    pub reset_energy_j: f64,
    /// Largest current a write driver must deliver per written bit (A).
    pub write_current_a: f64,
    /// Standby leakage per cell (A) at the array's supply; zero for non-volatile cells.
    pub leakage_current_a: f64,
    /// Whether there is an access device (false: cross-point).
    pub has_access_device: bool,
}

impl CellSpec {
    /// Technology family word (`stt_mram`).
    pub fn kind_word(&self) -> &'static str {
        MemoryKind::ALL
            .iter()
            .find(|(_, k)| *k == self.kind)
            .map(|(w, _)| *w)
            .unwrap_or("sram")
    }

    /// Cell area in m² at feature size `f_m`.
    pub fn area_m2(&self, f_m: f64) -> f64 {
        match self.area {
            CellArea::F2(f2) => f2 * f_m * f_m,
            CellArea::Um2(um2) => um2 * 1e-12,
        }
    }
}
