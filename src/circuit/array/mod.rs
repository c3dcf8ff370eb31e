//! The memory array: subarray → mat → bank, for one organisation.
//!
//! Vocabulary (NVSim / CACTI, Dong et al. IEEE TCAD 2012; CACTI 6 tech. report HPL-2009-85):
//! a **bank** is `bank_rows × bank_cols` mats; per access one row of mats is active. A **mat** is
//! `2 × 2` subarrays sharing a predecoder (the "CACTI assumption"), of which 1, 2 or 4 are
//! active. A **subarray** is `rows × cols` cells with a row decoder and wordline drivers on one
//! side, and at the bottom precharge, a column ("sense-amp") mux of degree `mux_sense_amp`,
//! sense amplifiers, two output mux levels and write drivers. Mats are reached through an
//! **H-tree** (or a plain bus).
//!
//! [`evaluate`] computes area, read/write latency, read/write energy and leakage for one
//! [`Organization`], with a [`Breakdown`] by component. The formulas are those the field's models
//! publish (each level's file gives its equations and their sources); the constants that are calibrated
//! rather than derived are `pub const`s of the level that uses them ([`subarray`],
//! [`organization`]), each with its provenance.
//!
//! Units: SI `f64` inside (s, J, A, m, F, Ω); typed quantities at the boundary.
//!
//! One file per level, each with its own equations, and imports only downward (bank → mat →
//! subarray → periphery):
//! - [`input`]: what the array is asked to be ([`ArrayInput`]) and the interconnect and write
//!   accounting choices;
//! - [`organization`]: the shape of every level ([`Organization`]) and [`check`];
//! - [`result`]: what every level reports ([`ArrayResult`], [`Breakdown`] and its parts);
//! - [`periphery`]: buffer chains, decoders, sense amplifiers, wires with their drivers;
//! - [`memo`]: the subarray pieces a search computes once ([`SubarrayMemo`]);
//! - [`subarray`], [`mat`], [`bank`]: the levels; [`htree`]: the bank's interconnect.
//!
//! Everything the rest of the crate uses is re-exported here.

pub mod bank;
pub mod htree;
pub mod input;
pub mod mat;
pub mod memo;
pub mod organization;
pub mod periphery;
pub mod result;
pub mod subarray;

pub use bank::{breakdown_floor, evaluate, evaluate_with};
pub use input::{ArrayInput, Repeaters, Routing, WriteAccounting};
pub use memo::SubarrayMemo;
pub use organization::{
    check, Constraint, Organization, MAX_CROSSPOINT_DIM, MAX_SUBARRAY_COLS, MAX_SUBARRAY_ROWS,
    MIN_SUBARRAY_COLS,
};
pub use result::{AreaParts, ArrayResult, Breakdown, EnergyParts, LatencyParts, LeakageParts};
pub use subarray::{
    subarray_breakdown, subarray_part, subarray_part_memo, SubarrayPart, CURRENT_SA_AREA_F2,
    CURRENT_SA_DELAY_NS, CURRENT_SA_ENERGY_J,
};
