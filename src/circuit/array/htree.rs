//! The bank's interconnect: the wires from the bank port to the mats, a balanced **H-tree** (every
//! mat at the same distance) or a **bus** along the bank ([`Routing`]), as in NVSim and CACTI.
//!
//! - **Length**, port to the farthest active mat, for a bank `W` wide and `H` tall: `(W + H) / 2`
//!   for the H-tree, `H + W / 2` for the bus.
//! - **One wire per bit**: every address bit and every output bit has its own global wire.
//! - **Drivers** ([`Repeaters`]): unrepeated, one buffer chain at the root drives the wire's RC
//!   and a mat's input at the far end
//!   ([`periphery::global_driver`](super::periphery::global_driver)); repeated, repeaters sized
//!   and spaced for minimum delay (Bakoglu's optimum), or shrunk to save energy at a given delay
//!   penalty ([`periphery::repeated_wire`](super::periphery::repeated_wire)).
//! - **Terms**: a read crosses the tree twice (address in, data out), a write once; energy,
//!   leakage and repeater area are those of one wire times the number of wires.

use crate::circuit::array::input::{ArrayInput, Repeaters, Routing};
use crate::circuit::array::periphery::{
    global_driver, global_driver_floor, repeated_wire, repeated_wire_floor, Block, Load,
};
use crate::circuit::array::result::Breakdown;
use crate::circuit::tech::Ctx;

/// The wire length from the port of a bank `width` wide and `height` tall to its farthest
/// active mat (m).
pub(super) fn wire_length(routing: Routing, width: f64, height: f64) -> f64 {
    match routing {
        Routing::HTree => (width + height) / 2.0,
        Routing::Bus => height + width / 2.0,
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

/// One H-tree wire of `length` with its driver or repeaters (one way).
pub(super) fn wire(input: &ArrayInput, length: f64) -> Block {
    let ctx = &input.ctx;
    match input.repeaters {
        Repeaters::None => global_driver(ctx, htree_load(ctx, length), 0.0),
        Repeaters::Optimal { penalty } => repeated_wire(ctx, ctx.global, length, penalty, 0.0),
    }
}

/// A lower bound on [`wire`] found without sizing it: delay and energy at most the sized wire's,
/// leakage and area zero.
pub(super) fn wire_floor(input: &ArrayInput, length: f64) -> Block {
    let ctx = &input.ctx;
    match input.repeaters {
        Repeaters::None => global_driver_floor(ctx, htree_load(ctx, length)),
        Repeaters::Optimal { penalty } => repeated_wire_floor(ctx, ctx.global, length, penalty),
    }
}

/// How many H-tree wires the array has: address bits travel in and data bits in (write) or out
/// (read), one wire each.
pub(super) fn wires(input: &ArrayInput) -> f64 {
    f64::from(input.address_bits + input.output_bits)
}

/// Sets the H-tree's terms of `b` for H-tree wires that are each `wire` (driver and line, one
/// way).
pub(super) fn add_htree(b: &mut Breakdown, input: &ArrayInput, wire: &Block) {
    let vdd = input.ctx.vdd;
    let wires = wires(input);
    let htree_one_way = wire.delay;
    let htree_energy = wires * wire.energy;
    let htree_leak = wires * wire.leak;
    let htree_area = wires * wire.area;

    b.read_latency.htree_ns = 2.0 * htree_one_way * 1e9;
    b.write_latency.htree_ns = htree_one_way * 1e9;
    for e in [&mut b.read_energy, &mut b.write_energy] {
        e.htree_pj = htree_energy * 1e12;
    }
    b.leakage.htree_mw = htree_leak * vdd * 1e3;
    b.area.htree_mm2 = htree_area * 1e6;
}
