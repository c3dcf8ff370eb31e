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
//! publish (see `docs/model.md` for the list with sources); the constants that are calibrated
//! rather than derived are the `pub const`s below, each with its provenance.
//!
//! Units: SI `f64` inside (s, J, A, m, F, Ω); typed quantities at the boundary.

pub mod periphery;

use serde::Serialize;

use crate::circuit::cell::{CellElectrical, ReadMode};
use crate::circuit::metrics::Metrics;
use crate::circuit::tech::Ctx;
use crate::units::{Area, Energy, Power, Time};
use periphery::{
    buffer_chain, decoder, global_driver, repeated_wire, stage, voltage_sense_amp, Block, Load,
};

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

/// Largest subarray dimensions the search considers (rows, columns); NVSim's search uses the
/// same power-of-two range.
pub const MAX_SUBARRAY_ROWS: u32 = 4096;
/// See [`MAX_SUBARRAY_ROWS`].
pub const MAX_SUBARRAY_COLS: u32 = 16384;
/// Smallest subarray rows/columns.
pub const MIN_SUBARRAY_DIM: u32 = 16;
/// Cross-point arrays (no access device): sneak currents through half-selected cells limit the
/// array to this many rows and columns (a common practical bound; Xu et al., HPCA 2015, use 512).
pub const MAX_CROSSPOINT_DIM: u32 = 512;

/// How mats are connected to the bank's port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    /// Balanced H-tree: every mat at the same wire distance.
    HTree,
    /// A shared bus along the bank.
    Bus,
}

/// Repeaters on the global (H-tree) wires.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeaters {
    /// Unrepeated: one driver at the root.
    None,
    /// Repeated for minimum delay, or with the given delay penalty (0.05 = 5 %) to save energy.
    Optimal {
        /// Allowed delay penalty over the fastest repeated wire.
        penalty: f64,
    },
}

/// Everything fixed for a search: what the array stores, delivers and is made of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArrayInput {
    /// Bits stored.
    pub capacity_bits: u64,
    /// Bits the subarrays must sense per read (a cache data array in normal mode: the whole set).
    pub sensed_bits: u32,
    /// Bits that leave the bank per read (a cache: one line; in fast mode every way).
    pub output_bits: u32,
    /// Bits stored by one write (a cache: one line of one way; a tag array: one way's tag).
    pub written_bits: u32,
    /// Address bits sent down the H-tree.
    pub address_bits: u32,
    /// The cell.
    pub cell: CellElectrical,
    /// The technology.
    pub ctx: Ctx,
    /// Mat interconnect.
    pub routing: Routing,
    /// Global-wire repeaters.
    pub repeaters: Repeaters,
    /// Largest write-driver current allowed per bit (A), if limited.
    pub max_driver_current_a: Option<f64>,
    /// Count write energy as stock NVSim 2018 does (see [`WriteAccounting`]).
    pub write_accounting: WriteAccounting,
}

impl ArrayInput {
    /// An array of `cell` in `ctx` with the calculator's defaults (H-tree, unrepeated global
    /// wires, no driver-current limit, every written bit counted); capacity and widths are zero
    /// until set ([`ArrayInput::ram`], `cache::array_inputs`).
    pub fn new(cell: CellElectrical, ctx: Ctx) -> ArrayInput {
        ArrayInput {
            capacity_bits: 0,
            sensed_bits: 0,
            output_bits: 0,
            written_bits: 0,
            address_bits: 0,
            cell,
            ctx,
            routing: Routing::HTree,
            repeaters: Repeaters::None,
            max_driver_current_a: None,
            write_accounting: WriteAccounting::PerBit,
        }
    }

    /// This array as a RAM of `capacity_bits` reading and writing `width`-bit words; the address
    /// carries log2(capacity / width) bits.
    pub fn ram(&self, capacity_bits: u64, width: u32) -> ArrayInput {
        let rows_bits = 64 - capacity_bits.max(1).leading_zeros();
        ArrayInput {
            capacity_bits,
            sensed_bits: width,
            output_bits: width,
            written_bits: width,
            address_bits: rows_bits.saturating_sub(32 - width.max(1).leading_zeros()),
            ..*self
        }
    }
}

/// How write energy counts the cells written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteAccounting {
    /// Every bit of the written word gets its pulse (physical; the calculator's default).
    PerBit,
    /// One cell pulse and one bitline charge per active subarray — what stock NVSim (2018)
    /// reports; used only by `nvmcalc nvsim` to reproduce NVSim's numbers.
    NvsimLegacy,
}

/// One organisation of the array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Organization {
    /// Mats per bank column.
    pub bank_rows: u32,
    /// Mats per bank row.
    pub bank_cols: u32,
    /// Mats active per access (one row of mats, possibly part of it).
    pub active_mats: u32,
    /// Subarrays per mat (rows × cols, 2 × 2 or 1 × 1 …).
    pub mat_rows: u32,
    /// Subarrays per mat row.
    pub mat_cols: u32,
    /// Subarrays active per active mat.
    pub active_subarrays: u32,
    /// Cell rows per subarray.
    pub subarray_rows: u32,
    /// Cell columns per subarray.
    pub subarray_cols: u32,
    /// Column mux before the sense amplifiers.
    pub mux_sense_amp: u32,
    /// First output mux level.
    pub mux_output1: u32,
    /// Second output mux level.
    pub mux_output2: u32,
}

impl Organization {
    /// Sense amplifiers per subarray.
    pub fn sense_amps(&self) -> u32 {
        self.subarray_cols / self.mux_sense_amp
    }

    /// Bits one subarray delivers per access.
    pub fn bits_out_per_subarray(&self) -> u32 {
        self.subarray_cols / (self.mux_sense_amp * self.mux_output1 * self.mux_output2)
    }

    /// Bits stored.
    pub fn capacity_bits(&self) -> u64 {
        u64::from(self.bank_rows)
            * u64::from(self.bank_cols)
            * u64::from(self.mat_rows * self.mat_cols)
            * u64::from(self.subarray_rows)
            * u64::from(self.subarray_cols)
    }
}

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

/// Why an organisation cannot be built; the search counts these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// Mats × subarrays × rows × columns ≠ capacity.
    CapacityMismatch,
    /// The active subarrays cannot deliver the access width with these mux degrees.
    WidthMismatch,
    /// Subarray rows or columns outside the supported range.
    SubarraySize,
    /// A cross-point array larger than sneak currents allow.
    CrossPointSize,
    /// The write current per bit exceeds the allowed driver current.
    DriverCurrent,
    /// The user forced another organisation.
    Forced,
    /// Outside the pruning slack of the best design on another metric.
    Pruned,
}

impl Constraint {
    /// Human-readable description.
    pub fn describe(self) -> &'static str {
        match self {
            Constraint::CapacityMismatch => "mats × subarrays × rows × columns ≠ capacity",
            Constraint::WidthMismatch => {
                "active subarrays and mux degrees cannot deliver the access width"
            }
            Constraint::SubarraySize => "subarray rows/columns outside 16…4096 × 16…16384",
            Constraint::CrossPointSize => "cross-point subarray above 512 × 512 (sneak currents)",
            Constraint::DriverCurrent => "write current per bit above the allowed driver current",
            Constraint::Forced => "excluded by a forced organisation",
            Constraint::Pruned => "outside the pruning slack on another metric",
        }
    }
}

/// The figures of the parts of a subarray that do not depend on the bank.
struct SubarrayEval {
    width: f64,
    height: f64,
    read: LatencyParts,
    write: LatencyParts,
    read_e: EnergyParts,
    write_e: EnergyParts,
    set_e: f64,
    reset_e: f64,
    leak_cells: f64,
    leak_dec: f64,
    leak_col: f64,
    area_cells: f64,
    area_row: f64,
    area_col: f64,
    predecode: Block,
}

/// Checks an organisation against the input without evaluating it.
pub fn check(input: &ArrayInput, org: &Organization) -> Result<(), Constraint> {
    if org.capacity_bits() != input.capacity_bits {
        return Err(Constraint::CapacityMismatch);
    }
    let (r, c) = (org.subarray_rows, org.subarray_cols);
    if !(MIN_SUBARRAY_DIM..=MAX_SUBARRAY_ROWS).contains(&r)
        || !(MIN_SUBARRAY_DIM..=MAX_SUBARRAY_COLS).contains(&c)
    {
        return Err(Constraint::SubarraySize);
    }
    if !input.cell.has_access_device && (r > MAX_CROSSPOINT_DIM || c > MAX_CROSSPOINT_DIM) {
        return Err(Constraint::CrossPointSize);
    }
    let m = org.mux_sense_amp * org.mux_output1 * org.mux_output2;
    if m == 0 || c % m != 0 {
        return Err(Constraint::WidthMismatch);
    }
    let delivered = u64::from(org.active_mats) * u64::from(org.active_subarrays) * u64::from(c / m);
    if delivered != u64::from(input.sensed_bits) {
        return Err(Constraint::WidthMismatch);
    }
    if let Some(max) = input.max_driver_current_a {
        if input.cell.write_current_a > max {
            return Err(Constraint::DriverCurrent);
        }
    }
    Ok(())
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
pub struct SubarrayPart(SubarrayEval);

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

/// The row decoders of a subarray: the (read) wordline decoder's predecoder and rows, and for a
/// cell with a separate write wordline (SOT) the rows of that decoder.
#[derive(Clone, Copy)]
struct RowDecoders {
    predecode: Block,
    row: Block,
    write_row: Option<Block>,
}

/// Values by `u64` key: keys sorted, found by binary search. The search's memo holds a few
/// dozen to a few hundred entries, built in roughly key order; this beats a hash map there.
struct SortedMap<V> {
    keys: Vec<u64>,
    values: Vec<V>,
}

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<V: Copy> SortedMap<V> {
    fn get_or_insert_with(&mut self, key: u64, make: impl FnOnce() -> V) -> V {
        match self.keys.binary_search(&key) {
            Ok(i) => self.values[i],
            Err(i) => {
                let v = make();
                self.keys.insert(i, key);
                self.values.insert(i, v);
                v
            }
        }
    }

    fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
    }
}

/// Pieces that subarrays of one search share, computed once ([`subarray_part_memo`]): the row
/// decoders, which depend only on the rows and columns, and the mux select-line drivers, which
/// depend only on the columns and the width after the mux level. The 72 searches of the
/// benchmark sweep (`benches/model.rs`) evaluate 97,209 subarrays with 4,794 distinct decoders
/// and 4,020 distinct select drivers; the rest of a subarray is cheap beside them.
#[derive(Default)]
pub struct SubarrayMemo<'a> {
    /// The input the pieces were computed for (borrowed, so it cannot change meanwhile).
    input: Option<&'a ArrayInput>,
    /// By `rows << 32 | columns`.
    decoders: SortedMap<RowDecoders>,
    /// By `columns << 32 | columns after the mux level`.
    selects: SortedMap<Block>,
}

impl<'a> SubarrayMemo<'a> {
    /// Makes the memo one for `input`: keeps the pieces if they were computed for the same
    /// technology and cell (all they read of the input), else forgets them. The search hands
    /// the same input every time, which the address alone tells.
    fn serve(&mut self, input: &'a ArrayInput) {
        let same = self.input.is_some_and(|held| {
            std::ptr::eq(held, input) || (held.ctx == input.ctx && held.cell == input.cell)
        });
        if !same {
            self.decoders.clear();
            self.selects.clear();
        }
        self.input = Some(input);
    }

    fn row_decoders(
        &mut self,
        rows: u32,
        columns: u32,
        make: impl FnOnce() -> RowDecoders,
    ) -> RowDecoders {
        let key = (u64::from(rows) << 32) | u64::from(columns);
        self.decoders.get_or_insert_with(key, make)
    }

    fn select_driver(&mut self, columns: u32, after: u32, make: impl FnOnce() -> Block) -> Block {
        let key = (u64::from(columns) << 32) | u64::from(after);
        self.selects.get_or_insert_with(key, make)
    }
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

/// Evaluates one organisation. Call [`check`] first; `evaluate` assumes it passed.
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
    // Mat: subarrays tiled, the predecoder block in a strip between them.
    let mat_h = f64::from(org.mat_rows) * s.height;
    let pre_w = s.predecode.area / mat_h.max(1e-9);
    let mat_w = f64::from(org.mat_cols) * s.width + pre_w;

    // Bank: mats tiled.
    let width = f64::from(org.bank_cols) * mat_w;
    let height = f64::from(org.bank_rows) * mat_h;

    // Interconnect from the bank port to the farthest active mat and back.
    let wire_length = match input.routing {
        Routing::HTree => (width + height) / 2.0,
        Routing::Bus => height + width / 2.0,
    };
    Bank {
        width,
        height,
        wire_length,
    }
}

/// What the driver of one unrepeated H-tree wire of `length` drives: the wire, and a mat's
/// input at the far end.
fn htree_load(ctx: &Ctx, length: f64) -> Load {
    Load {
        r: ctx.global.0 * length,
        c_line: ctx.global.1 * length,
        c_end: ctx.inv_in(ctx.w_min) * 4.0,
    }
}

/// The breakdown of `org` whose H-tree wires (one per address and output bit) are each `wire`
/// (driver and line, one way).
fn breakdown(
    input: &ArrayInput,
    org: &Organization,
    part: &SubarrayPart,
    wire: &Block,
) -> Breakdown {
    let vdd = input.ctx.vdd;
    let s = &part.0;
    let subs_per_mat = f64::from(org.mat_rows * org.mat_cols);
    let mats = f64::from(org.bank_rows) * f64::from(org.bank_cols);
    let active_mats = f64::from(org.active_mats);

    // Address bits travel in and data bits in (write) or out (read): one wire each.
    let wires = f64::from(input.address_bits + input.output_bits);
    let htree_one_way = wire.delay;
    let htree_energy = wires * wire.energy;
    let htree_leak = wires * wire.leak;
    let htree_area = wires * wire.area;

    // The subarray's terms, then the bank's.
    let mut b = subarray_breakdown(org, part, vdd);
    b.read_latency.htree_ns = 2.0 * htree_one_way * 1e9;
    b.write_latency.htree_ns = htree_one_way * 1e9;
    for e in [&mut b.read_energy, &mut b.write_energy] {
        e.predecoder_pj = active_mats * s.predecode.energy * 1e12;
        e.htree_pj = htree_energy * 1e12;
    }
    let n_subs = mats * subs_per_mat;
    b.leakage.decoders_mw = (n_subs * s.leak_dec + mats * s.predecode.leak) * vdd * 1e3;
    b.leakage.htree_mw = htree_leak * vdd * 1e3;
    b.area.mat_periphery_mm2 = mats * s.predecode.area * 1e6;
    b.area.htree_mm2 = htree_area * 1e6;
    b
}

/// A lower bound on every term of the [`Breakdown`] [`evaluate_with`] gives `org`, found without
/// sizing the H-tree: the subarray and bank terms exact, the H-tree's from
/// [`periphery::global_driver_floor`] or [`circuit::repeated_wire_floor`] (its leakage and area
/// zero). Each term is at most the evaluated one up to rounding (a few units in the 16th
/// digit); the metrics are the sums of the evaluated terms, the area at least the cells, row
/// and column periphery and H-tree. The search bounds a candidate with it before evaluating
/// it; `tests/search.rs` checks the bound for every candidate of its cases.
pub fn breakdown_floor(input: &ArrayInput, org: &Organization, part: &SubarrayPart) -> Breakdown {
    let ctx = &input.ctx;
    let length = bank(input, org, &part.0).wire_length;
    let wire = match input.repeaters {
        Repeaters::None => periphery::global_driver_floor(ctx, htree_load(ctx, length)),
        Repeaters::Optimal { penalty } => {
            periphery::repeated_wire_floor(ctx, ctx.global, length, penalty)
        }
    };
    breakdown(input, org, part, &wire)
}

/// Evaluates one organisation whose subarray part was computed by [`subarray_part`] (or
/// [`subarray_part_memo`]) for the same rows, columns and mux degrees.
pub fn evaluate_with(input: &ArrayInput, org: &Organization, part: &SubarrayPart) -> ArrayResult {
    let ctx = &input.ctx;
    let s = &part.0;
    let mats = f64::from(org.bank_rows) * f64::from(org.bank_cols);
    let n_subs = mats * f64::from(org.mat_rows * org.mat_cols);
    let active_subs = f64::from(org.active_mats) * f64::from(org.active_subarrays);
    let Bank {
        width: bank_w,
        height: bank_h,
        wire_length: length,
    } = bank(input, org, s);
    let wire = match input.repeaters {
        Repeaters::None => global_driver(ctx, htree_load(ctx, length), 0.0),
        Repeaters::Optimal { penalty } => repeated_wire(ctx, ctx.global, length, penalty, 0.0),
    };
    let htree_area = f64::from(input.address_bits + input.output_bits) * wire.area;
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
