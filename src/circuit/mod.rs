//! The circuit level, in NVSim's vocabulary: process nodes and wires ([`tech`], with the
//! evaluation context [`tech::Ctx`]), bitcells ([`cell`]), arrays from subarray to bank
//! ([`array`](mod@array)), the organisation search ([`explore`]) and caches of data and tag arrays
//! ([`cache`]). One record of figures of merit serves every level ([`metrics`]).

pub mod array;
pub mod cache;
pub mod cell;
pub mod explore;
pub mod metrics;
pub mod tech;
