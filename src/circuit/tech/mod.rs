//! Process technology: transistor roadmaps and wire classes of one node, loaded as data from
//! `presets/nodes/*.toml`, and the device and wire primitives the circuit model builds on.
//!
//! A [`Node`] holds up to three device roadmaps ([`Roadmap::Hp`], [`Roadmap::Lstp`],
//! [`Roadmap::Lop`]), each a [`DeviceParams`] table whose currents are given over a range of
//! temperatures, and up to six wire classes ([`WireClass`]: local / semi-global / global ×
//! aggressive / conservative). Nothing about a particular node lives in code: the numbers, their
//! sources and the arithmetic behind any inferred value are in the preset files, and
//! [`parse_node`] refuses a file with unknown keys, missing sources or out-of-range values, naming
//! the line of every problem.
//!
//! # The formulas, and where they come from
//!
//! Widths `W` and lengths are [`Length`](crate::units::Length)s; per-µm technology values are
//! multiplied by the width in µm.
//!
//! * **Gate capacitance** (CACTI 6.0 tech. report HPL-2009-85 §"Technology modelling"; NVSim,
//!   Dong et al., IEEE TCAD 31(7), 2012, §III): the input capacitance of a transistor is its
//!   intrinsic channel capacitance plus the gate–drain/source overlap plus fringe fields at three
//!   edges, `C_g(W) = (C_ideal + C_overlap + 3·C_fringe)·W`. Both models also carry a
//!   `L_phys·C_poly` term for the poly wire and set `C_poly = 0`; it is left out here. Where a node
//!   gives no overlap capacitance, the rule `C_overlap = 0.2·C_ideal` (CACTI, NVSim) is written in
//!   the file as `c_overlap_to_ideal_ratio = 0.2`.
//! * **Drain capacitance** of an unfolded transistor with drain diffusion length `L_d` (same
//!   sources): bottom junction over the diffusion area, junction sidewall along its perimeter
//!   (the edge facing the gate excluded), and a gate-edge term,
//!   `C_d = C_j·W·L_d + C_sw·(W + 2·L_d) + C_edge·W`. CACTI takes `C_edge = C_fringe + C_overlap`;
//!   NVSim and the BSIM-based tables give a drain-to-channel capacitance, written in the file as
//!   `c_drain_to_channel_ff_per_um`, which then replaces that sum. CACTI and NVSim both lay out
//!   `L_d` as one contact plus two contact-to-poly gaps, 2.5 F ([`Node::drain_length`]).
//! * **On-resistance** (CACTI, NVSim): the effective switching resistance of a device of width `W`
//!   is `R_on(W) = k·V_dd / (I_on·W)`, where `I_on` is the saturation current per µm of the channel
//!   type at the temperature asked for and `k` the roadmap's effective-resistance multiplier
//!   (1.45–2.1 in the MASTAR-derived tables: the ratio of the saturation current to the average
//!   current over a switching transition).
//! * **Gate delay with a slow input** (M. Horowitz, "Timing models for MOS circuits", Stanford
//!   PhD thesis, 1983, as used by CACTI and NVSim): a stage with time constant `τ = R·C` switched
//!   at the normalised threshold `v_s = 0.5` by an input of transition time `t_in` has delay
//!   `t = τ·sqrt(ln(v_s)² + 2·α·β·(1 − v_s))` with `α = t_in/τ`; `β` is the stage's normalised
//!   input sensitivity (`1/(g_m·R)`; CACTI uses 0.5 for a rising output). A step input gives
//!   `t = τ·ln 2`. The output transition handed to the next stage is `t / (1 − v_s)`
//!   ([`horowitz`]).
//! * **Sub-threshold leakage** (NVSim §III-D, CACTI): a transistor that is off leaks `I_off·W`,
//!   `I_off` per µm at the temperature asked for. An inverter leaks through whichever device is
//!   off; the model takes the larger of `W_n·I_off,n` and `W_p·I_off,p` (NVSim's worst-case state).
//!   An `n`-input NAND leaks through its `n` parallel PMOS devices and an `n`-input NOR through its
//!   `n` parallel NMOS devices, reduced by the average stack factor of the series devices over all
//!   input states: 0.48 / 0.31 for NAND2 / NAND3, 0.95 / 0.62 for NOR2 / NOR3 (NVSim constants).
//!   Leakage power is `I_leak·V_dd`.
//! * **Temperature**: leakage currents (and on-currents where the source tabulates them) are
//!   given at a list of temperatures; between two entries the value is interpolated linearly, as
//!   NVSim fills its 1 K table from 10 K entries. A temperature outside the table is an error, not
//!   an extrapolation ([`DeviceParams::at`]).
//! * **Wire resistance** (CACTI tech. report §"Wire modelling"; NVSim §III-F): for pitch `p` the
//!   wire is `w = p/2` wide and `t = AR·w` thick, and a barrier `b` lines its bottom and both
//!   sides; dishing removes a fraction of the thickness; `R/µm = α_s·ρ / ((t − b − t_dish)·(w − 2b))`
//!   with `α_s` the scattering factor.
//! * **Resistivity and temperature**: copper's resistivity rises by 0.39 %/K,
//!   `ρ(T) = ρ_293·(1 + 0.0039·(T − 293 K))` (NVSim's copper constants; the resistivities in the
//!   files are taken as 293 K values). A wire class given directly as R and C per µm is not scaled.
//! * **Wire capacitance** (same sources): parallel plates to the layers above and below, two
//!   Miller-weighted sidewalls, and a fixed fringe,
//!   `C/µm = 2·ε₀·k_v·w/h_ILD + 2·ε₀·M·k_h·t/s + C_fringe` with spacing `s = p − w`.
//! * **Distributed RC**: a wire of length `L` has `R = r·L`, `C = c·L` and the Elmore time
//!   constant `R·C/2` of a distributed line, so its delay grows with `L²` ([`Wire::elmore_delay`]).

mod ctx;
mod device;
mod node;
mod wire;

pub use ctx::{Ctx, CtxError};
pub use device::{
    horowitz, Channel, DeviceAt, DeviceParams, FinGeometry, GateKind, Horowitz,
    HOROWITZ_SWITCHING_POINT,
};
pub use node::{parse_node, Node, Roadmap, Roadmaps};
pub use wire::{
    copper_resistivity_uohm_cm, Projection, Wire, WireClass, WireGeometry, WireLayer, WireModel,
    COPPER_TCR_PER_K, RESISTIVITY_REFERENCE_K,
};

/// A request the technology data cannot answer.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TechError {
    /// The temperature lies outside the range the node's table covers.
    #[error(
        "{temperature_k} K is outside the {roadmap} table of this node ({min_k}–{max_k} K); \
         pick a temperature in that range or add table entries to the node file"
    )]
    TemperatureOutOfRange {
        /// The temperature asked for.
        temperature_k: f64,
        /// The roadmap (`hp`, `lstp`, `lop`) or `wire`.
        roadmap: &'static str,
        /// Lowest temperature in the table.
        min_k: f64,
        /// Highest temperature in the table.
        max_k: f64,
    },
    /// A temperature that is not a finite number above 0 K.
    #[error("temperature {temperature_k} K must be a finite number above 0 K")]
    InvalidTemperature {
        /// The temperature asked for.
        temperature_k: f64,
    },
    /// The node file has no table for the roadmap asked for.
    #[error("node {node} has no {roadmap} roadmap; it gives: {available}")]
    MissingRoadmap {
        /// The node's id.
        node: String,
        /// The roadmap asked for.
        roadmap: &'static str,
        /// The roadmaps the node does give.
        available: String,
    },
    /// A gate with a fan-in the leakage model has no stack factor for.
    #[error(
        "no leakage stack factor for a {inputs}-input {gate}; the model covers 2- and 3-input \
         NAND and NOR gates (build wider gates from those)"
    )]
    UnsupportedFanIn {
        /// `NAND` or `NOR`.
        gate: &'static str,
        /// The fan-in asked for.
        inputs: u8,
    },
}
