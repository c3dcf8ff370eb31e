//! Peripheral circuits: buffer chains, decoders, wires with their drivers, sense amplifiers.
//!
//! Every block returns a [`Block`]: delay, output transition, dynamic energy per operation,
//! leakage current and layout area, in SI units. Delays use the Horowitz form with the input
//! transition of the previous stage (see `crate::circuit::tech`); energies are `C·V²` of every node that
//! switches; leakage is the off-current of the devices that are off in standby.

use crate::circuit::tech::horowitz;
use crate::circuit::tech::Ctx;
use crate::units::Time;

/// Stage effort a latency-optimised buffer chain aims for (the classic optimum near e–4 for
/// logical-effort sizing; Sutherland, Sproull, Harris, "Logical Effort", 1999).
pub const FANOUT: f64 = 4.0;

/// The measured figures of one block of circuitry (SI units).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Block {
    /// 50 % delay (s).
    pub delay: f64,
    /// Output transition handed to the next block (s).
    pub ramp: f64,
    /// Dynamic energy per operation (J).
    pub energy: f64,
    /// Standby leakage current (A).
    pub leak: f64,
    /// Layout area (m²).
    pub area: f64,
}

/// Horowitz delay of one stage of time constant `tau` with input transition `ramp_in`:
/// `(delay, output transition)`.
#[inline]
pub fn stage(tau: f64, ramp_in: f64) -> (f64, f64) {
    let h = horowitz(Time::from_s(tau), Time::from_s(ramp_in), 0.5);
    (h.delay.s(), h.output_transition.s())
}

/// Widest NMOS a driver's last stage may have, in multiples of F: NVSim's default device-size
/// limit (`MAX_NMOS_SIZE` = 100 F in NVSim's constants, Dong et al., IEEE TCAD 2012). A driver
/// laid out in one row pitch cannot grow without bound; a load beyond what this width drives at
/// the optimum stage effort is driven more slowly instead.
pub const MAX_DRIVER_NMOS_F: f64 = 100.0;

/// What a driver drives: a line of resistance `r` whose capacitance `c_line` (wire plus any
/// gates hanging along it — a wordline's cells, a predecoded line's NAND inputs) is spread over
/// its length, ending in a lumped `c_end`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Load {
    /// Line resistance (Ω).
    pub r: f64,
    /// Capacitance distributed along the line (F).
    pub c_line: f64,
    /// Capacitance at the far end (F).
    pub c_end: f64,
}

impl Load {
    /// A lumped load with no line.
    pub fn lumped(c: f64) -> Load {
        Load {
            r: 0.0,
            c_line: 0.0,
            c_end: c,
        }
    }

    /// Total capacitance the driver charges.
    pub fn c_total(&self) -> f64 {
        self.c_line + self.c_end
    }
}

/// A chain of inverters in the array periphery (wordline, predecode and select-line drivers,
/// laid out in the row or column pitch) from a minimum-size first stage driving `load`, sized for
/// latency with stage effort [`FANOUT`] and the last stage capped at [`MAX_DRIVER_NMOS_F`]. The
/// last stage sees the Elmore delay of a distributed line: `R_drv·(C_self + C_line + C_end) +
/// R_line·(C_line/2 + C_end)`.
pub fn buffer_chain(ctx: &Ctx, load: Load, ramp_in: f64) -> Block {
    chain(ctx, load, ramp_in, MAX_DRIVER_NMOS_F * ctx.f)
}

/// A bank-level driver (the H-tree's): as [`buffer_chain`], but not pitch-limited, so its last
/// stage grows to whatever the optimum stage effort asks.
pub fn global_driver(ctx: &Ctx, load: Load, ramp_in: f64) -> Block {
    chain(ctx, load, ramp_in, f64::INFINITY)
}

fn chain(ctx: &Ctx, load: Load, ramp_in: f64, w_cap: f64) -> Block {
    let w0 = ctx.w_min;
    let c_in0 = ctx.inv_in(w0);
    let total = load.c_total();
    let ratio = (total / c_in0).max(1.0);
    let mut n = ((libm::log(ratio) / libm::log(FANOUT)).round() as i32).clamp(1, 12);
    let mut f = libm::pow(ratio, 1.0 / f64::from(n));
    let w_cap = w_cap.max(w0);
    // The last stage's width at the optimum effort; beyond the cap, re-size the chain to drive
    // a capped last stage.
    let w_last_opt = w0 * f.powi(n - 1);
    if n > 1 && w_last_opt > w_cap {
        let r = w_cap / w0;
        let stages_before = ((libm::log(r) / libm::log(FANOUT)).round() as i32).max(1);
        n = stages_before + 1;
        f = libm::pow(r, 1.0 / f64::from(stages_before));
    }
    let mut w = w0;
    let mut b = Block {
        ramp: ramp_in,
        ..Block::default()
    };
    for i in 0..n {
        let last = i == n - 1;
        let w_next = if i + 1 == n - 1 {
            (w * f).min(w_cap)
        } else {
            w * f
        };
        let c_load = if last { 0.0 } else { ctx.inv_in(w_next) };
        let c_self = ctx.inv_out(w);
        let r = ctx.rn(w).max(ctx.rp(w * ctx.pn));
        let tau = if last {
            r * (c_self + total) + load.r * (load.c_line / 2.0 + load.c_end)
        } else {
            r * (c_self + c_load)
        };
        let (d, ramp) = stage(tau, b.ramp);
        b.delay += d;
        b.ramp = ramp;
        b.energy += (c_self + c_load) * ctx.vdd * ctx.vdd;
        // Each stage leaks through its larger off device (the worst standby state, the same
        // convention as every other block here, `Ctx::inv_leak`).
        b.leak += ctx.inv_leak(w);
        b.area += ctx.tr_area(w) + ctx.tr_area(w * ctx.pn);
        w = w_next;
    }
    b.energy += total * ctx.vdd * ctx.vdd;
    b
}

/// A decoder of `outputs` outputs (wordlines or select lines, any count ≥ 1), each driving
/// `load`, from ⌈log2 outputs⌉ address bits: predecoding in groups of 2–3 bits, a NAND per
/// output and a buffer chain per output. Only the outputs that exist are built: a subarray of
/// 384 rows has 384 row drivers behind a 9-bit predecoder. Energy is per decode (one output
/// switches); leakage and area are of all outputs. The predecoded lines run `line_length`
/// metres (local wire) past the NAND gates.
pub fn decoder(
    ctx: &Ctx,
    outputs: u32,
    load: Load,
    line_length: f64,
    ramp_in: f64,
) -> (Block, Block) {
    let bits = outputs.max(1).next_power_of_two().trailing_zeros();
    let outputs = f64::from(outputs.max(1));
    if bits == 0 {
        let drv = buffer_chain(ctx, load, ramp_in);
        return (Block::default(), drv);
    }
    // Predecode groups of ≤ 3 bits; the final NAND has one input per group.
    let groups = bits.div_ceil(3).max(1);
    let fan_in = groups.min(3) as f64;
    let lines_per_group = 2f64.powi((bits as f64 / groups as f64).ceil() as i32);
    // Each predecoded line feeds outputs / lines_per_group NAND inputs.
    let w_nand = ctx.w_min * fan_in;
    let nand_in = ctx.gate(w_nand) + ctx.gate(ctx.w_min * ctx.pn);
    let fanout = outputs / lines_per_group;
    // Predecoded lines run the height of the subarray on the upper (global) metal, as the mat's
    // other long lines do.
    let line_c = fanout * nand_in + ctx.global.1 * line_length;
    let line_r = ctx.global.0 * line_length;
    let pre_nand = if bits > 1 {
        // Predecode NAND of the group's bits, then a chain onto the predecoded line.
        let c_first = ctx.inv_in(ctx.w_min);
        let tau = ctx.rn(ctx.w_min * 2.0) * 2.0 * (ctx.inv_out(ctx.w_min) + c_first);
        let (d, r) = stage(tau, ramp_in);
        Block {
            delay: d,
            ramp: r,
            energy: c_first * ctx.vdd * ctx.vdd,
            leak: ctx.i_off_p * ctx.w_min * ctx.pn * 2.0 * 0.48,
            area: 4.0 * ctx.tr_area(ctx.w_min),
        }
    } else {
        Block {
            ramp: ramp_in,
            ..Block::default()
        }
    };
    // The NAND inputs hang along the predecoded line.
    let line = buffer_chain(
        ctx,
        Load {
            r: line_r,
            c_line: line_c,
            c_end: 0.0,
        },
        pre_nand.ramp,
    );
    let n_lines = lines_per_group * f64::from(groups);
    let predecode = Block {
        delay: pre_nand.delay + line.delay,
        ramp: line.ramp,
        // One line per group switches (and one falls) per access.
        energy: f64::from(groups) * (pre_nand.energy + line.energy),
        leak: n_lines * (pre_nand.leak + line.leak),
        area: n_lines * (pre_nand.area + line.area),
    };
    // Row NAND: `fan_in` series NMOS of width w_nand.
    let first_in = ctx.inv_in(ctx.w_min);
    let tau = ctx.rn(w_nand)
        * fan_in
        * (ctx.drain(w_nand) + fan_in * ctx.drain(ctx.w_min * ctx.pn) + first_in);
    let (d_nand, r_nand) = stage(tau, predecode.ramp);
    let drv = buffer_chain(ctx, load, r_nand);
    let nand_leak = ctx.i_off_p * ctx.w_min * ctx.pn * fan_in * stack_factor(fan_in);
    let row = Block {
        delay: d_nand + drv.delay,
        ramp: drv.ramp,
        energy: (ctx.drain(w_nand) + first_in) * ctx.vdd * ctx.vdd + drv.energy,
        leak: outputs * (nand_leak + drv.leak),
        area: outputs
            * (fan_in * (ctx.tr_area(w_nand) + ctx.tr_area(ctx.w_min * ctx.pn)) + drv.area),
    };
    (predecode, row)
}

/// Average stack factor of an `n`-input NAND's leakage (NVSim's constants as given in `crate::circuit::tech`).
fn stack_factor(fan_in: f64) -> f64 {
    if fan_in >= 3.0 {
        0.31
    } else if fan_in >= 2.0 {
        0.48
    } else {
        1.0
    }
}

/// A repeated wire of `length` m with repeaters sized and spaced for minimum delay
/// (Bakoglu's optimum, as used by CACTI and NVSim): delay per metre `≈ 2·sqrt(r·c·R₀·C₀)` with
/// `R₀`, `C₀` a minimum inverter's output resistance and input capacitance. `penalty` > 0 trades
/// delay for energy by shrinking repeaters (delay × (1+penalty), energy scaled by the size).
pub fn repeated_wire(
    ctx: &Ctx,
    wire: (f64, f64),
    length: f64,
    penalty: f64,
    ramp_in: f64,
) -> Block {
    let (r, c) = wire;
    let (w, spacing) = repeater(ctx, wire, penalty);
    let n = (length / spacing).ceil().max(1.0);
    let seg = length / n;
    let tau = ctx.rn(w) * (ctx.inv_out(w) + c * seg + ctx.inv_in(w))
        + r * seg * (c * seg / 2.0 + ctx.inv_in(w));
    let mut ramp = ramp_in;
    let mut delay = 0.0;
    // Identical stages: evaluate the first and then the steady state.
    let (d0, r0_) = stage(tau, ramp);
    delay += d0;
    ramp = r0_;
    if n > 1.0 {
        let (d1, r1) = stage(tau, ramp);
        delay += d1 * (n - 1.0);
        ramp = r1;
    }
    Block {
        delay,
        ramp,
        energy: n * (ctx.inv_in(w) + ctx.inv_out(w) + c * seg) * ctx.vdd * ctx.vdd,
        leak: n * ctx.inv_leak(w),
        area: n * (ctx.tr_area(w) + ctx.tr_area(w * ctx.pn)),
    }
}

/// The repeaters of [`repeated_wire`]: NMOS width (m) and spacing (m).
fn repeater(ctx: &Ctx, wire: (f64, f64), penalty: f64) -> (f64, f64) {
    let (r, c) = wire;
    let r0 = ctx.rn(ctx.w_min);
    let c0 = ctx.inv_in(ctx.w_min) + ctx.inv_out(ctx.w_min);
    let size_opt = (r0 * c / (r * c0)).sqrt();
    let spacing = (2.0 * r0 * c0 / (r * c)).sqrt();
    // Shrinking repeaters by s and spacing them by 1/s (first order) raises the delay by about
    // (s + 1/s)/2; pick s for the allowed penalty.
    let s = if penalty > 0.0 {
        let k = 1.0 + penalty;
        k - (k * k - 1.0).sqrt()
    } else {
        1.0
    };
    let size = size_opt * s;
    (ctx.w_min * size, spacing / s.sqrt())
}

/// A lower bound on the delay and energy of [`global_driver`] for `load`, without sizing the
/// chain (the organisation search bounds designs with it; leakage and area are left at zero).
/// The last stage alone charges the line through its own resistance, and a Horowitz stage takes
/// at least ln 2 of its time constant: delay ≥ ln 2 · R·(C_line/2 + C_end). The load's charge
/// is part of the energy: energy ≥ (C_line + C_end)·V_dd². Either may exceed the driver's
/// figure by rounding (a few units in the 16th digit), no more. A change to the drivers or to the
/// Horowitz form must keep this true; `tests/search.rs` checks it.
pub fn global_driver_floor(ctx: &Ctx, load: Load) -> Block {
    Block {
        delay: std::f64::consts::LN_2 * load.r * (load.c_line / 2.0 + load.c_end),
        ramp: 0.0,
        energy: load.c_total() * ctx.vdd * ctx.vdd,
        leak: 0.0,
        area: 0.0,
    }
}

/// A lower bound on the delay and energy of [`repeated_wire`] without placing the repeaters
/// (leakage and area zero), as [`global_driver_floor`] is for a driver: each of the `n` segments
/// of length `l/n` has a time constant of at least `R_rep·c·l/n + r·l/n·C_in` (the repeater
/// driving the segment's wire, the wire driving the next repeater), so the delay is at least
/// ln 2 · l · (R_rep·c + r·C_in); the wire's own charge is part of the energy: ≥ c·l·V_dd².
/// Up to rounding, as there; checked by `tests/search.rs` as well.
pub fn repeated_wire_floor(ctx: &Ctx, wire: (f64, f64), length: f64, penalty: f64) -> Block {
    let (r, c) = wire;
    let (w, _) = repeater(ctx, wire, penalty);
    Block {
        delay: std::f64::consts::LN_2 * length * (ctx.rn(w) * c + r * ctx.inv_in(w)),
        ramp: 0.0,
        energy: c * length * ctx.vdd * ctx.vdd,
        leak: 0.0,
        area: 0.0,
    }
}

/// A latch-type voltage sense amplifier resolving `v_sense` (V): `τ = C/g_m`,
/// `t = τ·ln(V_dd/ΔV)` (model-notes; NVSim §III), with `g_m = 2·I_on·W/(V_dd − V_th)` of its
/// input pair; six devices of 4 × minimum width. Returns delay, energy (`C·V_dd²`), leakage, area.
pub fn voltage_sense_amp(ctx: &Ctx, v_sense: f64) -> Block {
    let vdd = ctx.vdd;
    let w = 4.0 * ctx.w_min;
    let c = 2.0 * ctx.inv_out(w) + ctx.inv_in(w);
    let gm = 2.0 * ctx.i_on_n * w / (vdd - ctx.vth).max(0.1);
    Block {
        delay: c / gm * libm::log(vdd / v_sense),
        ramp: 0.0,
        energy: c * vdd * vdd,
        leak: ctx.inv_leak(w),
        area: 6.0 * ctx.tr_area(w),
    }
}
