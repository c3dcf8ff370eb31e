//! Comparisons of technologies normalised to a baseline.

mod iso_area;
mod iso_capacity;

pub use iso_area::{iso_area, IsoArea, IsoAreaError};
pub use iso_capacity::{compare_iso_capacity, Comparison, ComparisonError, Ratios, Row};
