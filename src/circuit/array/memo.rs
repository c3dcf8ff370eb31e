//! The pieces of a subarray that one search computes once and shares: [`SubarrayMemo`].
//!
//! Of a subarray's evaluation, the row decoders (with the predecoder) depend only on its rows
//! and columns, and a mux select-line driver only on its columns and the width after that mux
//! level; both also read the technology and the cell, nothing else of the input. The memo keeps
//! them by those integer keys in a sorted vector, and forgets them when handed an input with
//! another cell or technology. A subarray evaluated through it is the same to the bit as one
//! evaluated afresh (`subarray::subarray_part_memo`).

use crate::circuit::array::input::ArrayInput;
use crate::circuit::array::periphery::Block;

/// The row decoders of a subarray: the (read) wordline decoder's predecoder and rows, and for a
/// cell with a separate write wordline (SOT) the rows of that decoder.
#[derive(Clone, Copy)]
pub(super) struct RowDecoders {
    pub(super) predecode: Block,
    pub(super) row: Block,
    pub(super) write_row: Option<Block>,
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

/// Pieces that subarrays of one search share, computed once
/// ([`subarray_part_memo`](super::subarray::subarray_part_memo)): the row decoders, which depend
/// only on the rows and columns, and the mux select-line drivers, which depend only on the
/// columns and the width after the mux level. The 72 searches of the benchmark sweep
/// (`benches/model.rs`) evaluate 97,209 subarrays with 4,794 distinct decoders and 4,020
/// distinct select drivers; the rest of a subarray is cheap beside them.
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
    pub(super) fn serve(&mut self, input: &'a ArrayInput) {
        let same = self.input.is_some_and(|held| {
            std::ptr::eq(held, input) || (held.ctx == input.ctx && held.cell == input.cell)
        });
        if !same {
            self.decoders.clear();
            self.selects.clear();
        }
        self.input = Some(input);
    }

    pub(super) fn row_decoders(
        &mut self,
        rows: u32,
        columns: u32,
        make: impl FnOnce() -> RowDecoders,
    ) -> RowDecoders {
        let key = (u64::from(rows) << 32) | u64::from(columns);
        self.decoders.get_or_insert_with(key, make)
    }

    pub(super) fn select_driver(
        &mut self,
        columns: u32,
        after: u32,
        make: impl FnOnce() -> Block,
    ) -> Block {
        let key = (u64::from(columns) << 32) | u64::from(after);
        self.selects.get_or_insert_with(key, make)
    }
}
