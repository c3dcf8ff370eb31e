//! What an array is asked to be: [`ArrayInput`], everything a search holds fixed (capacity, the
//! widths sensed, delivered and written, the address width, the cell, the technology), and the
//! choices that shape the bank's interconnect and its write accounting: [`Routing`] of the mats
//! to the bank port (a balanced H-tree or a bus), [`Repeaters`] on the global wires, and
//! [`WriteAccounting`] (every written bit, or one pulse per active subarray as stock NVSim 2018
//! counts it).

use serde::Serialize;

use crate::circuit::cell::CellElectrical;
use crate::circuit::tech::Ctx;

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
