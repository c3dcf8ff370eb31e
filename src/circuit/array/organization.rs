//! One organisation of an array and whether it can be built. An [`Organization`] names every
//! level's shape: mats in the bank, subarrays in a mat (and how many of each are active), cells
//! in a subarray, and the three mux degrees between the bitlines and the mat's output.
//! [`check`] tests it against an [`ArrayInput`] before anything is evaluated: the shapes must
//! multiply to the capacity, the active subarrays must deliver exactly the sensed width, the
//! subarray must lie within the search's power-of-two range (NVSim's), a cross-point array
//! within the bound sneak currents set, and the write current within the driver limit. A
//! failure is a [`Constraint`], which the search counts.

use serde::Serialize;

use crate::circuit::array::input::ArrayInput;

/// Largest subarray dimensions the search considers (rows, columns); NVSim's search uses the
/// same power-of-two range.
pub const MAX_SUBARRAY_ROWS: u32 = 4096;
/// See [`MAX_SUBARRAY_ROWS`].
pub const MAX_SUBARRAY_COLS: u32 = 16384;
/// Smallest subarray columns.
pub const MIN_SUBARRAY_COLS: u32 = 16;
/// Smallest subarray rows: 4, a row decoder of two address bits (one predecode group). Nothing
/// in the physics stops a short subarray — its bitline is short and fast, its decoder and sense
/// amplifiers are a large share of its area — and stock NVSim builds subarrays of 4 rows
/// (`tests/golden/nvsim-broad`, forced organisations). Below 4 the row address would need no
/// decoder at all, which the model does not describe.
pub const MIN_SUBARRAY_ROWS: u32 = 4;
/// Cross-point arrays (no access device): sneak currents through half-selected cells limit the
/// array to this many rows and columns (a common practical bound; Xu et al., HPCA 2015, use 512).
pub const MAX_CROSSPOINT_DIM: u32 = 512;

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
            Constraint::SubarraySize => "subarray rows/columns outside 4…4096 × 16…16384",
            Constraint::CrossPointSize => "cross-point subarray above 512 × 512 (sneak currents)",
            Constraint::DriverCurrent => "write current per bit above the allowed driver current",
            Constraint::Forced => "excluded by a forced organisation",
            Constraint::Pruned => "outside the pruning slack on another metric",
        }
    }
}

/// Checks an organisation against the input without evaluating it.
pub fn check(input: &ArrayInput, org: &Organization) -> Result<(), Constraint> {
    if org.capacity_bits() != input.capacity_bits {
        return Err(Constraint::CapacityMismatch);
    }
    let (r, c) = (org.subarray_rows, org.subarray_cols);
    if !(MIN_SUBARRAY_ROWS..=MAX_SUBARRAY_ROWS).contains(&r)
        || !(MIN_SUBARRAY_COLS..=MAX_SUBARRAY_COLS).contains(&c)
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
