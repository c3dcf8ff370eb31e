//! The bank, NVSim's top level: `bank_rows × bank_cols` mats, of which one row (`active_mats`)
//! works on an access, reached from the bank port through the H-tree or bus of [`htree`].
//!
//! - **Footprint**: the mats tiled, `bank_cols · w_mat` by `bank_rows · h_mat`; the array's area
//!   is that rectangle plus the H-tree's repeaters.
//! - **Breakdown**: the mats' terms ([`mat`](super::mat), which holds the subarrays') plus the
//!   H-tree's, its wire sized for the bank's footprint.
//! - **Figures of merit**: read and write latency and energy are the sums of their parts, leakage
//!   the sum of its parts; the SET and RESET figures replace the write pulse and the cells' write
//!   energy by each one's own.
//!
//! [`evaluate`] does all of it for one [`Organization`]; [`evaluate_with`] reuses a subarray
//! already evaluated, and [`breakdown_floor`] bounds every term without sizing the H-tree, for
//! the search.

use crate::circuit::array::htree::{self, add_htree, wire_floor, wire_length};
use crate::circuit::array::input::ArrayInput;
use crate::circuit::array::mat::{mat, mat_breakdown, Mat};
use crate::circuit::array::organization::Organization;
use crate::circuit::array::periphery::Block;
use crate::circuit::array::result::{ArrayResult, Breakdown, EnergyParts, LatencyParts};
use crate::circuit::array::subarray::{subarray_part, SubarrayEval, SubarrayPart};
use crate::circuit::metrics::Metrics;
use crate::units::{Area, Energy, Power, Time};

/// Evaluates one organisation. Call [`check`](super::organization::check) first; `evaluate`
/// assumes it passed.
pub fn evaluate(input: &ArrayInput, org: &Organization) -> ArrayResult {
    evaluate_with(input, org, &subarray_part(input, org))
}

/// The bank around a subarray: its footprint and the wire from its port to the farthest active
/// mat.
struct Bank {
    width: f64,
    height: f64,
    wire_length: f64,
}

fn bank(input: &ArrayInput, org: &Organization, s: &SubarrayEval) -> Bank {
    let Mat {
        width: mat_w,
        height: mat_h,
    } = mat(org, s);

    // Bank: mats tiled.
    let width = f64::from(org.bank_cols) * mat_w;
    let height = f64::from(org.bank_rows) * mat_h;

    // Interconnect from the bank port to the farthest active mat and back.
    let wire_length = wire_length(input.routing, width, height);
    Bank {
        width,
        height,
        wire_length,
    }
}

/// The breakdown of `org` whose H-tree wires (one per address and output bit) are each `wire`
/// (driver and line, one way): the mats' terms, then the H-tree's.
fn breakdown(
    input: &ArrayInput,
    org: &Organization,
    part: &SubarrayPart,
    wire: &Block,
) -> Breakdown {
    let mut b = mat_breakdown(org, part, input.ctx.vdd);
    add_htree(&mut b, input, wire);
    b
}

/// A lower bound on every term of the [`Breakdown`] [`evaluate_with`] gives `org`, found without
/// sizing the H-tree: the subarray and bank terms exact, the H-tree's from
/// [`periphery::global_driver_floor`](super::periphery::global_driver_floor) or
/// [`periphery::repeated_wire_floor`](super::periphery::repeated_wire_floor) (its leakage and area
/// zero). Each term is at most the evaluated one up to rounding (a few units in the 16th
/// digit); the metrics are the sums of the evaluated terms, the area at least the cells, row
/// and column periphery and H-tree. The search bounds a candidate with it before evaluating
/// it; `tests/search.rs` checks the bound for every candidate of its cases.
pub fn breakdown_floor(input: &ArrayInput, org: &Organization, part: &SubarrayPart) -> Breakdown {
    let length = bank(input, org, &part.0).wire_length;
    let wire = wire_floor(input, length);
    breakdown(input, org, part, &wire)
}

/// Evaluates one organisation whose subarray part was computed by [`subarray_part`] (or
/// [`subarray_part_memo`](super::subarray::subarray_part_memo)) for the same rows, columns and
/// mux degrees.
pub fn evaluate_with(input: &ArrayInput, org: &Organization, part: &SubarrayPart) -> ArrayResult {
    let s = &part.0;
    let mats = f64::from(org.bank_rows) * f64::from(org.bank_cols);
    let n_subs = mats * f64::from(org.mat_rows * org.mat_cols);
    let active_subs = f64::from(org.active_mats) * f64::from(org.active_subarrays);
    let Bank {
        width: bank_w,
        height: bank_h,
        wire_length: length,
    } = bank(input, org, s);
    let wire = htree::wire(input, length);
    let htree_area = htree::wires(input) * wire.area;
    let breakdown = breakdown(input, org, part, &wire);
    let Breakdown {
        read_latency: read,
        write_latency: write,
        read_energy: read_e,
        write_energy: write_e,
        leakage,
        ..
    } = breakdown;
    let sum_lat = |l: &LatencyParts| {
        l.htree_ns
            + l.predecoder_ns
            + l.row_decoder_ns
            + l.bitline_ns
            + l.sense_amp_ns
            + l.mux_ns
            + l.write_pulse_ns
    };
    let sum_e = |e: &EnergyParts| {
        e.htree_pj
            + e.predecoder_pj
            + e.row_decoder_pj
            + e.mux_decoder_pj
            + e.bitline_cell_pj
            + e.sense_amp_pj
            + e.mux_pj
            + e.precharge_pj
    };
    let area_total = bank_w * bank_h + htree_area;
    let read_ns = sum_lat(&read);
    let write_ns = sum_lat(&write);
    let read_pj = sum_e(&read_e);
    let write_pj = sum_e(&write_e);
    let leak_mw =
        leakage.cells_mw + leakage.decoders_mw + leakage.column_periphery_mw + leakage.htree_mw;
    let common_write_pj = write_pj - write_e.bitline_cell_pj;
    ArrayResult {
        metrics: Metrics {
            area: Area::from_m2(area_total),
            read_latency: Time::from_ns(read_ns),
            write_latency: Time::from_ns(write_ns),
            read_energy: Energy::from_pj(read_pj),
            write_energy: Energy::from_pj(write_pj),
            leakage: Power::from_mw(leak_mw),
        },
        set_latency: Time::from_ns(write_ns - write.write_pulse_ns + input.cell.set_pulse_s * 1e9),
        reset_latency: Time::from_ns(
            write_ns - write.write_pulse_ns + input.cell.reset_pulse_s * 1e9,
        ),
        set_energy: Energy::from_pj(common_write_pj + active_subs * s.set_e * 1e12),
        reset_energy: Energy::from_pj(common_write_pj + active_subs * s.reset_e * 1e12),
        organization: *org,
        bank_width_mm: bank_w * 1e3,
        bank_height_mm: bank_h * 1e3,
        area_efficiency: n_subs * s.area_cells / area_total,
        breakdown,
    }
}
