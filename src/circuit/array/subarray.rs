//! The subarray, NVSim's lowest level above the cell: `rows × cols` cells, a row decoder with
//! wordline drivers on one side, and below the cells the bitline precharge, a column
//! ("sense-amp") mux of degree `mux_sense_amp`, the sense amplifiers, two output mux levels and
//! the write drivers (Dong et al., IEEE TCAD 2012; CACTI 6, HPL-2009-85).
//!
//! - **Wordline**: the cells' gates plus the local wire across the subarray, a distributed RC
//!   load on the row decoder ([`periphery::decoder`](super::periphery::decoder)); a cell with a
//!   separate write wordline (SOT) gets a second decoder.
//! - **Bitline**: one access-device drain per two cells (they share a contact) plus the local
//!   wire down the subarray.
//! - **Muxes**: NMOS pass gates of 4 W_min; every select line is a buffer chain driving its pass
//!   gates along the subarray, and every mux level adds one pass-gate stage to the read path.
//! - **Sensing**, by cell: a differential (SRAM) cell discharges one of a precharged pair until
//!   the minimum sense voltage, `τ · ln(V_dd / (V_dd − V_sense/2))`, into a voltage sense
//!   amplifier; a current-mode read clamps the bitline at the read voltage, settles with the
//!   bitline's own RC and senses with the current-mode amplifier of [`CURRENT_SA_DELAY_NS`],
//!   [`CURRENT_SA_ENERGY_J`] and [`CURRENT_SA_AREA_F2`]; a voltage-mode read forces a current and
//!   waits for the sense voltage across `R_on`. A cell may bring its own sense delay and energy.
//! - **Write**: drivers sized to carry the write current with half the supply across them charge
//!   the bitline, then (non-volatile cells) the longer of the SET and RESET pulses; each written
//!   bit costs the mean of its SET and RESET energies plus `C_bl · V_dd²`, over the bits
//!   [`WriteAccounting`] counts.
//!
//! Every stage is a Horowitz delay ([`periphery::stage`](super::periphery::stage)). The result
//! ([`SubarrayPart`]) depends only on the rows, columns and mux degrees; [`subarray_breakdown`]
//! scales it to every subarray of the bank, and [`SubarrayMemo`] shares its costliest pieces
//! across a search.

use crate::circuit::array::input::{ArrayInput, WriteAccounting};
use crate::circuit::array::memo::{RowDecoders, SubarrayMemo};
use crate::circuit::array::organization::Organization;
use crate::circuit::array::periphery::{
    buffer_chain, decoder, stage, voltage_sense_amp, Block, Load,
};
use crate::circuit::array::result::{
    AreaParts, Breakdown, EnergyParts, LatencyParts, LeakageParts,
};
use crate::circuit::cell::ReadMode;

/// Current-mode sense amplifier (I–V converter plus latch) delay by node, ns (NVSim's published
/// values, Dong et al. 2012, as listed in `shared/reference/model-notes.md`: 0.49 / 0.53 / 0.62 /
/// 0.80 / 1.07 / 1.45 ns at 120 / 90 / 65 / 45 / 32 / ≤ 22 nm). Interpolated in node size;
/// nodes below 22 nm keep the 22 nm value (no published figure).
pub const CURRENT_SA_DELAY_NS: [(f64, f64); 6] = [
    (22.0, 1.45),
    (32.0, 1.07),
    (45.0, 0.80),
    (65.0, 0.62),
    (90.0, 0.53),
    (120.0, 0.49),
];

/// Energy of one current-mode sense operation at V_dd = 0.9 V (J), scaled with V_dd². Calibrated:
/// the stock-NVSim 22 and 32 nm sample STT-MRAM runs in `tests/golden/nvsim` show 31–38 fJ per
/// sense amplifier per read at 0.9 V; 35 fJ is their middle.
pub const CURRENT_SA_ENERGY_J: f64 = 35e-15;

/// Layout area of the column periphery that goes with one current-mode sense amplifier (F²):
/// the I–V converter, reference branch, latch, and the column's write driver. Calibrated: the
/// 22 and 32 nm stock-NVSim STT-MRAM runs give 14,300 F² per sense amplifier in both nodes.
pub const CURRENT_SA_AREA_F2: f64 = 14_300.0;

/// The figures of the parts of a subarray that do not depend on the bank.
pub(super) struct SubarrayEval {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) read: LatencyParts,
    pub(super) write: LatencyParts,
    pub(super) read_e: EnergyParts,
    pub(super) write_e: EnergyParts,
    pub(super) set_e: f64,
    pub(super) reset_e: f64,
    pub(super) leak_cells: f64,
    pub(super) leak_dec: f64,
    pub(super) leak_col: f64,
    pub(super) area_cells: f64,
    pub(super) area_row: f64,
    pub(super) area_col: f64,
    pub(super) predecode: Block,
}

fn current_sa_delay(f_nm: f64) -> f64 {
    let t = &CURRENT_SA_DELAY_NS;
    if f_nm <= t[0].0 {
        return t[0].1 * 1e-9;
    }
    for w in t.windows(2) {
        let ((f0, d0), (f1, d1)) = (w[0], w[1]);
        if f_nm <= f1 {
            return (d0 + (d1 - d0) * (f_nm - f0) / (f1 - f0)) * 1e-9;
        }
    }
    t[t.len() - 1].1 * 1e-9
}

fn subarray(input: &ArrayInput, org: &Organization, memo: &mut SubarrayMemo) -> SubarrayEval {
    let ctx = &input.ctx;
    let cell = &input.cell;
    let f = ctx.f;
    let vdd = ctx.vdd;
    let rows = f64::from(org.subarray_rows);
    let cols = f64::from(org.subarray_cols);
    let core_w = cols * cell.width_m;
    let core_h = rows * cell.height_m;

    // Wordline: the cell gates plus the local wire across the subarray.
    let wl_gates = cols * ctx.gate(cell.wordline_gate_width_m.max(0.0));
    let (wl_r, wl_c) = (ctx.local.0 * core_w, ctx.local.1 * core_w);
    // Bitline: every cell's access drain (two cells share a contact) plus the wire.
    let c_bl_cells = rows * ctx.drain(cell.bitline_drain_width_m) / 2.0;
    let c_bl = c_bl_cells + ctx.local.1 * core_h;
    let r_bl = ctx.local.0 * core_h;

    // Column mux: NMOS pass gates, wide enough to pass the cell signal without adding much.
    let w_mux = 4.0 * ctx.w_min;
    let m_sa = f64::from(org.mux_sense_amp);
    let c_mux = if org.mux_sense_amp > 1 {
        m_sa * ctx.drain(w_mux)
    } else {
        0.0
    };
    let n_sa = cols / m_sa;
    let bits_out = f64::from(org.bits_out_per_subarray());

    // Row decoder (and, for SOT, the separate write-wordline decoder): they depend on the rows
    // and columns only, so the subarrays of one search that share both share them.
    let RowDecoders {
        predecode,
        row,
        write_row,
    } = memo.row_decoders(org.subarray_rows, org.subarray_cols, || {
        let rows = org.subarray_rows;
        // The cells' gates hang along the wordline: a distributed load.
        let wordline = |gates: f64| Load {
            r: wl_r,
            c_line: wl_c + gates,
            c_end: 0.0,
        };
        let (predecode, row) = decoder(ctx, rows, wordline(wl_gates), core_h, 0.0);
        let write_row = cell
            .write_wordline_gate_width_m
            .map(|w| decoder(ctx, rows, wordline(cols * ctx.gate(w)), core_h, 0.0).1);
        RowDecoders {
            predecode,
            row,
            write_row,
        }
    });

    // Mux select lines: one line per mux input drives cols/m pass gates along the subarray.
    let mux_levels = [org.mux_sense_amp, org.mux_output1, org.mux_output2];
    let mut mux_dec = Block::default();
    let mut mux_lat = 0.0;
    let mut mux_energy = 0.0;
    let mut mux_area = 0.0;
    let mut width_here = cols;
    // The same width in integers: `check` makes every level's degree divide it exactly.
    let mut columns_here = org.subarray_cols;
    for &m in &mux_levels {
        if m > 1 {
            columns_here /= m;
            let m = f64::from(m);
            // A select driver depends on the subarray's width and the pass gates it drives.
            let sel = memo.select_driver(org.subarray_cols, columns_here, || {
                let gates = width_here / m * ctx.gate(w_mux);
                buffer_chain(
                    ctx,
                    Load {
                        r: ctx.local.0 * core_w,
                        c_line: ctx.local.1 * core_w + gates,
                        c_end: 0.0,
                    },
                    0.0,
                )
            });
            mux_dec.delay = mux_dec.delay.max(sel.delay);
            mux_dec.energy += sel.energy;
            mux_dec.leak += m * sel.leak;
            mux_dec.area += m * sel.area;
            let out = width_here / m;
            // Pass gate into the next stage: m drains on the output node.
            let tau = ctx.rn(w_mux) * (m * ctx.drain(w_mux) + ctx.gate(2.0 * ctx.w_min));
            mux_lat += stage(tau, 0.0).0;
            mux_energy += out * (m * ctx.drain(w_mux)) * vdd * vdd * 0.5;
            mux_area += width_here * ctx.tr_area(w_mux);
            width_here = out;
        }
    }

    // Bitline development and sensing.
    let wl_ramp = row.ramp;
    let (
        bitline_t,
        sa_t,
        sa_energy,
        sa_area_each,
        sa_leak_each,
        cell_read_energy,
        precharge_energy,
    );
    match (cell.differential, cell.read_mode) {
        (true, _) => {
            // SRAM: the cell discharges one of a precharged bitline pair through the pass gate
            // and pull-down; the sense amp fires at the minimum sense voltage.
            let r_cell = ctx.rn(cell.read_access_width_m) + cell.r_low_ohm;
            let tau = r_cell * (c_bl + c_mux) + r_bl * (c_mux + c_bl / 2.0);
            let v_sense = cell.min_sense_v.max(0.005);
            let tau = tau * libm::log(vdd / (vdd - v_sense / 2.0));
            bitline_t = stage(tau, wl_ramp).0;
            let sa = voltage_sense_amp(ctx, v_sense);
            (sa_t, sa_energy, sa_area_each, sa_leak_each) = (sa.delay, sa.energy, sa.area, sa.leak);
            cell_read_energy = 0.0;
            // Both bitlines swing by about the sense voltage and are restored.
            precharge_energy = cols * 2.0 * c_bl * vdd * v_sense;
        }
        (false, ReadMode::Current) => {
            // A read voltage is held on the bitline; the cell current is converted and compared.
            let r_off = cell.r_high_ohm + ctx.rn(cell.read_access_width_m.max(ctx.w_min));
            let tau = r_bl * c_bl / 2.0 * (r_off + r_bl / 3.0) / (r_off + r_bl);
            // The sense amp's clamp holds the bitline near the read voltage, so the bitline
            // does not swing: after the access device turns on (the wordline's 50 % point,
            // counted in the row-decoder delay) the sense current settles with the bitline's
            // own RC, and the wordline's slope does not stretch it as it stretches a swinging
            // node (no Horowitz input-ramp term).
            bitline_t = stage(tau, 0.0).0;
            sa_t = current_sa_delay(f * 1e9);
            sa_energy = CURRENT_SA_ENERGY_J * (vdd / 0.9).powi(2);
            sa_area_each = CURRENT_SA_AREA_F2 * f * f;
            sa_leak_each = ctx.inv_leak(10.0 * ctx.w_min);
            let v_read = cell.read_voltage_v.unwrap_or(0.25);
            let p_cell = cell
                .read_power_w
                .unwrap_or(v_read * v_read / cell.r_low_ohm.max(1.0));
            // The cell (and a reference cell) conduct while the bitline develops; the I–V
            // converter then latches (model-notes: read power × sensing time, × 2 with a
            // reference cell), plus charging the bitline to the read voltage.
            cell_read_energy =
                cell.read_energy_j.unwrap_or(2.0 * p_cell * bitline_t) + c_bl * v_read * v_read;
            precharge_energy = 0.0;
        }
        (false, ReadMode::Voltage) => {
            // A read current is forced; the bitline voltage develops across R_on/R_off.
            let r_on = cell.r_low_ohm + ctx.rn(cell.read_access_width_m.max(ctx.w_min));
            let i_read = cell.read_current_a.unwrap_or(vdd / (2.0 * r_on));
            let v_cell = (i_read * r_on).min(vdd * 0.9);
            let v_sense = cell.min_sense_v.max(0.005);
            let tau = r_on * (c_bl + c_mux) + r_bl * (c_mux + c_bl / 2.0);
            let ratio = ((vdd - v_cell) / (vdd - v_cell - v_sense).max(1e-3)).max(1.0 + 1e-6);
            bitline_t = stage(tau * libm::log(ratio), wl_ramp).0;
            let sa = voltage_sense_amp(ctx, v_sense);
            (sa_t, sa_energy, sa_area_each, sa_leak_each) = (sa.delay, sa.energy, sa.area, sa.leak);
            cell_read_energy = cell.read_energy_j.unwrap_or(i_read * v_cell * bitline_t)
                + c_bl * v_cell * v_sense.min(v_cell);
            precharge_energy = 0.0;
        }
    }
    // A cell may carry its sense amplifier's delay and energy from a circuit simulation of its
    // sense path (DeepNVM-style bitcell characterisation); they replace the model's own.
    let sa_t = cell.sense_delay_s.unwrap_or(sa_t);
    let sa_energy = cell.sense_energy_j.unwrap_or(sa_energy);

    // Precharge devices (voltage sensing) and write drivers, one per column / written bit.
    let w_pre = 2.0 * ctx.w_min;
    let write_i = cell.write_current_a.max(1e-9);
    // A write driver sized to deliver the write current from V_dd with half the supply left
    // across the device (saturation), at least a minimum device.
    let w_wd = (write_i / (0.5 * ctx.i_on_n)).max(2.0 * ctx.w_min);
    let n_wd = n_sa; // one write driver per sense-amp column
    let col_area_each = if cell.differential || cell.read_mode == ReadMode::Voltage {
        sa_area_each + m_sa * (3.0 * ctx.tr_area(w_pre)) + 2.0 * ctx.tr_area(w_wd) * (1.0 + ctx.pn)
    } else {
        sa_area_each
    };
    let area_col = n_sa * col_area_each + mux_area + mux_dec.area;
    let leak_col = n_sa * sa_leak_each
        + n_wd * ctx.inv_leak(w_wd)
        + if cell.differential {
            cols * ctx.i_off_p * w_pre
        } else {
            0.0
        }
        + mux_dec.leak;

    // Write: drivers charge the bitline to the write level; then the pulse (non-volatile).
    let r_wd = ctx.rn(w_wd);
    let charge_tau = r_wd * (c_bl + ctx.drain(w_wd)) + r_bl * c_bl / 2.0;
    let charge_t = stage(
        charge_tau
            * if cell.differential {
                core::f64::consts::LN_2 * 1.5
            } else {
                1.0
            },
        0.0,
    )
    .0;
    let pulse = cell.set_pulse_s.max(cell.reset_pulse_s);
    let v_write = vdd;
    let bl_write_e = c_bl * v_write * v_write;
    let (set_e_bit, reset_e_bit) = (cell.set_energy_j, cell.reset_energy_j);
    let written = match input.write_accounting {
        // A write stores the written word (a cache: one line of one way, not the whole sensed
        // set), spread over the active subarrays.
        WriteAccounting::PerBit => {
            let active = f64::from(org.active_mats) * f64::from(org.active_subarrays);
            (f64::from(input.written_bits) / active.max(1.0)).min(bits_out)
        }
        WriteAccounting::NvsimLegacy => 1.0,
    };
    // Without a value-aware write, half the bits go each way on average.
    let cell_write_e = written * (0.5 * (set_e_bit + reset_e_bit) + bl_write_e);

    let row_dec_read = row.delay;
    let row_dec_write = write_row.map(|w| w.delay).unwrap_or(row.delay);
    let row_e_write = write_row.map(|w| w.energy).unwrap_or(row.energy);

    let read = LatencyParts {
        htree_ns: 0.0,
        predecoder_ns: predecode.delay * 1e9,
        row_decoder_ns: row_dec_read.max(mux_dec.delay) * 1e9,
        bitline_ns: bitline_t * 1e9,
        sense_amp_ns: sa_t * 1e9,
        mux_ns: mux_lat * 1e9,
        write_pulse_ns: 0.0,
    };
    let write = LatencyParts {
        htree_ns: 0.0,
        predecoder_ns: predecode.delay * 1e9,
        row_decoder_ns: row_dec_write.max(mux_dec.delay) * 1e9,
        bitline_ns: charge_t * 1e9,
        sense_amp_ns: 0.0,
        mux_ns: 0.0,
        write_pulse_ns: if cell.differential { 0.0 } else { pulse * 1e9 },
    };
    let read_e = EnergyParts {
        htree_pj: 0.0,
        predecoder_pj: 0.0,
        row_decoder_pj: row.energy * 1e12,
        mux_decoder_pj: mux_dec.energy * 1e12,
        bitline_cell_pj: n_sa * cell_read_energy * 1e12,
        sense_amp_pj: n_sa * sa_energy * 1e12,
        mux_pj: mux_energy * 1e12,
        precharge_pj: precharge_energy * 1e12,
    };
    let write_e = EnergyParts {
        htree_pj: 0.0,
        predecoder_pj: 0.0,
        row_decoder_pj: row_e_write * 1e12,
        mux_decoder_pj: mux_dec.energy * 1e12,
        bitline_cell_pj: cell_write_e * 1e12,
        sense_amp_pj: 0.0,
        mux_pj: mux_energy * 1e12,
        precharge_pj: 0.0,
    };

    // Geometry: row periphery beside the cells, column periphery below, spread over the width.
    let row_area = row.area + write_row.map(|w| w.area).unwrap_or(0.0);
    let row_w = row_area / core_h;
    let col_h = area_col / core_w;
    let leak_cells = rows * cols * cell.leakage_current_a;
    let leak_dec = row.leak + write_row.map(|w| w.leak).unwrap_or(0.0);
    SubarrayEval {
        width: core_w + row_w,
        height: core_h + col_h,
        read,
        write,
        read_e,
        write_e,
        set_e: written * (set_e_bit + bl_write_e),
        reset_e: written * (reset_e_bit + bl_write_e),
        leak_cells,
        leak_dec,
        leak_col,
        area_cells: core_w * core_h,
        area_row: row_area,
        area_col,
        predecode,
    }
}

/// The subarray-level part of an evaluation, shared by every bank shape with the same subarray
/// and mux degrees (the search computes it once for them all).
pub struct SubarrayPart(pub(super) SubarrayEval);

/// Evaluates the subarray of `org` (its rows, columns and mux degrees).
pub fn subarray_part(input: &ArrayInput, org: &Organization) -> SubarrayPart {
    subarray_part_memo(input, org, &mut SubarrayMemo::default())
}

/// Evaluates the subarray of `org` as [`subarray_part`] does, to the same bits, taking the
/// pieces it shares with subarrays evaluated before from `memo` (and leaving its own there).
/// A memo serves one input: handed another cell or technology, it forgets what it held.
pub fn subarray_part_memo<'a>(
    input: &'a ArrayInput,
    org: &Organization,
    memo: &mut SubarrayMemo<'a>,
) -> SubarrayPart {
    memo.serve(input);
    SubarrayPart(subarray(input, org, memo))
}

/// The terms of the [`Breakdown`] of `org` that its subarray fixes, whatever the bank: every
/// organisation with this subarray has the same number of subarrays (capacity over subarray
/// size) and of active subarrays (sensed width over the bits each delivers), so these terms are
/// the same for all of them. Latency without the H-tree; energy without the H-tree and the mat
/// predecoders; leakage of cells and column periphery; area of cells, row and column periphery.
/// The terms that depend on the bank (H-tree, predecoder energy, decoder leakage, mat
/// periphery) are zero. No wire is sized: this is what the search bounds a group by before
/// evaluating any of it. `vdd` is the input's supply (`input.ctx.vdd`).
pub fn subarray_breakdown(org: &Organization, part: &SubarrayPart, vdd: f64) -> Breakdown {
    let s = &part.0;
    let subs_per_mat = f64::from(org.mat_rows * org.mat_cols);
    let mats = f64::from(org.bank_rows) * f64::from(org.bank_cols);
    let active_subs = f64::from(org.active_mats) * f64::from(org.active_subarrays);
    let mut read_energy = s.read_e;
    let mut write_energy = s.write_e;
    for e in [&mut read_energy, &mut write_energy] {
        e.row_decoder_pj *= active_subs;
        e.mux_decoder_pj *= active_subs;
        e.bitline_cell_pj *= active_subs;
        e.sense_amp_pj *= active_subs;
        e.mux_pj *= active_subs;
        e.precharge_pj *= active_subs;
        e.predecoder_pj = 0.0;
        e.htree_pj = 0.0;
    }
    let n_subs = mats * subs_per_mat;
    Breakdown {
        read_latency: s.read,
        write_latency: s.write,
        read_energy,
        write_energy,
        leakage: LeakageParts {
            cells_mw: n_subs * s.leak_cells * vdd * 1e3,
            decoders_mw: 0.0,
            column_periphery_mw: n_subs * s.leak_col * vdd * 1e3,
            htree_mw: 0.0,
        },
        area: AreaParts {
            cells_mm2: n_subs * s.area_cells * 1e6,
            row_periphery_mm2: n_subs * s.area_row * 1e6,
            column_periphery_mm2: n_subs * s.area_col * 1e6,
            mat_periphery_mm2: 0.0,
            htree_mm2: 0.0,
        },
    }
}
