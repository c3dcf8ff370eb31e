//! Comparisons of technologies normalised to a baseline.

mod iso_area;
mod iso_capacity;

pub use iso_area::{iso_area, IsoArea, IsoAreaError};
pub(crate) use iso_capacity::{compare_evaluated, ratio};
pub use iso_capacity::{
    compare_iso_capacity, resolve_technologies, Comparison, ComparisonError, Ratios, Row,
    RowTraffic,
};
