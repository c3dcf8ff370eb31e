//! A cache: a data array and a tag array, each with its own organisation search, combined by the
//! access mode; and a GPU L2 as a set of identical slices.
//!
//! * **Tag bits** per way: `address_bits − log2(sets) − log2(line bytes)` plus two status bits
//!   (valid, dirty).
//! * **Normal** mode: tag and data arrays are read in parallel; the data array senses all ways of
//!   the set and the way selected by the tag compare leaves on the H-tree.
//!   Hit latency = max(tag, data), miss latency = tag, hit and miss energy = tag + data.
//! * **Sequential**: the tag is read first, then only the hit way of the data array.
//!   Hit latency = tag + data, miss = tag; hit energy = tag + one-way data, miss energy = tag.
//! * **Fast**: like normal, but every way leaves the data array (the way is picked at the port).
//! * Writes update one way of the data array and its tag: write latency = max(tag, data) write,
//!   write energy = tag write + data write.
//! * A **sliced** cache (GPU L2) is `slices` identical caches; an access touches one slice, so
//!   latency and energy per access are a slice's, area and leakage are `slices ×` a slice's.

use serde::Serialize;

use crate::array::{ArrayInput, ArrayResult};
use crate::explore::{search, SearchError, SearchOptions};
use crate::units::{Area, Energy, Power, Time};

/// How tag and data arrays are accessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessMode {
    /// Tag and data in parallel, one way out.
    Normal,
    /// Tag first, then one way of data.
    Sequential,
    /// Tag and data in parallel, all ways out.
    Fast,
}

/// A cache to design.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CacheSpec {
    /// Capacity of one slice (bits).
    pub slice_capacity_bits: u64,
    /// Number of slices (1 for a monolithic cache).
    pub slices: u32,
    /// Line size (bytes).
    pub line_bytes: u32,
    /// Ways.
    pub associativity: u32,
    /// Physical address width (bits).
    pub address_bits: u32,
    /// Access mode.
    pub access_mode: AccessMode,
}

/// Why a cache could not be designed.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
pub enum CacheError {
    /// The geometry does not make sense.
    #[error("{0}")]
    Geometry(String),
    /// The data array search failed.
    #[error("data array: {0}")]
    Data(SearchError),
    /// The tag array search failed.
    #[error("tag array: {0}")]
    Tag(SearchError),
}

/// A designed cache.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CacheResult {
    /// Total area (all slices).
    pub area: Area,
    /// Hit latency.
    pub hit_latency: Time,
    /// Miss latency (time to know it is a miss).
    pub miss_latency: Time,
    /// Write latency.
    pub write_latency: Time,
    /// Hit energy per access.
    pub hit_energy: Energy,
    /// Miss energy per access.
    pub miss_energy: Energy,
    /// Write energy per access.
    pub write_energy: Energy,
    /// Leakage of all slices.
    pub leakage: Power,
    /// Slices.
    pub slices: u32,
    /// Data array of one slice.
    pub data: ArrayResult,
    /// Tag array of one slice.
    pub tag: ArrayResult,
    /// Candidates evaluated (data + tag).
    pub evaluated: u64,
}

impl CacheSpec {
    /// Sets per slice.
    pub fn sets(&self) -> u64 {
        self.slice_capacity_bits / (u64::from(self.line_bytes) * 8 * u64::from(self.associativity))
    }

    /// Tag bits per way (with valid and dirty bits).
    pub fn tag_bits(&self) -> u32 {
        let sets = self.sets().max(1);
        let index = 63 - sets.leading_zeros();
        let offset = 31 - self.line_bytes.max(1).leading_zeros();
        self.address_bits.saturating_sub(index + offset).max(1) + 2
    }

    fn validate(&self) -> Result<(), CacheError> {
        let line_bits = u64::from(self.line_bytes) * 8;
        if self.slices == 0 || self.associativity == 0 || self.line_bytes == 0 {
            return Err(CacheError::Geometry(
                "slices, associativity and line size must be at least 1".into(),
            ));
        }
        if !self.line_bytes.is_power_of_two() {
            return Err(CacheError::Geometry(format!(
                "line size {} B is not a power of two",
                self.line_bytes
            )));
        }
        let set_bits = line_bits * u64::from(self.associativity);
        if self.slice_capacity_bits == 0 || !self.slice_capacity_bits.is_multiple_of(set_bits) {
            return Err(CacheError::Geometry(format!(
                "slice capacity {} B is not a whole number of {}-way sets of {} B lines",
                self.slice_capacity_bits / 8,
                self.associativity,
                self.line_bytes
            )));
        }
        if !self.sets().is_power_of_two() {
            return Err(CacheError::Geometry(format!(
                "{} sets per slice is not a power of two (indexing needs one); change the capacity, \
                 associativity or slice count",
                self.sets()
            )));
        }
        Ok(())
    }
}

/// The data and tag array inputs of a cache (`[data, tag]`): `base` supplies the cell,
/// technology and interconnect; capacity and widths are set here for each array. Assumes
/// `spec` is valid (it passed `CacheSpec`'s validation).
pub fn array_inputs(spec: &CacheSpec, base: &ArrayInput) -> [ArrayInput; 2] {
    let line_bits = spec.line_bytes * 8;
    let sets = spec.sets();
    let index_bits = 63 - sets.leading_zeros();
    let way_bits = 31 - spec.associativity.next_power_of_two().leading_zeros();
    let data_sensed = match spec.access_mode {
        AccessMode::Normal | AccessMode::Fast => line_bits * spec.associativity,
        AccessMode::Sequential => line_bits,
    };
    let data_out = match spec.access_mode {
        AccessMode::Fast => line_bits * spec.associativity,
        _ => line_bits,
    };
    let tag_bits = spec.tag_bits();
    [
        ArrayInput {
            capacity_bits: spec.slice_capacity_bits,
            sensed_bits: data_sensed,
            output_bits: data_out,
            written_bits: line_bits,
            address_bits: index_bits + way_bits,
            ..*base
        },
        ArrayInput {
            capacity_bits: u64::from(tag_bits) * sets * u64::from(spec.associativity),
            sensed_bits: tag_bits * spec.associativity,
            // The comparators sit at the tag array's mats: the tag travels in, a hit vector out.
            output_bits: spec.associativity,
            written_bits: tag_bits,
            address_bits: index_bits + tag_bits,
            ..*base
        },
    ]
}

/// Designs a cache: `base` supplies the cell, technology and interconnect ([`array_inputs`]
/// sets capacity and widths for each array). Both arrays use `options`.
pub fn design(
    spec: &CacheSpec,
    base: &ArrayInput,
    options: &SearchOptions,
) -> Result<CacheResult, CacheError> {
    spec.validate()?;
    let [data_in, tag_in] = array_inputs(spec, base);
    let data = search(&data_in, options).map_err(CacheError::Data)?;
    let tag = search(&tag_in, options).map_err(CacheError::Tag)?;
    let (d, t) = (&data.best.metrics, &tag.best.metrics);
    let (hit_latency, miss_latency, hit_energy, miss_energy) = match spec.access_mode {
        AccessMode::Normal | AccessMode::Fast => (
            d.read_latency.max(t.read_latency),
            t.read_latency,
            d.read_energy + t.read_energy,
            d.read_energy + t.read_energy,
        ),
        AccessMode::Sequential => (
            d.read_latency + t.read_latency,
            t.read_latency,
            d.read_energy + t.read_energy,
            t.read_energy,
        ),
    };
    let n = f64::from(spec.slices);
    Ok(CacheResult {
        area: Area::from_m2((d.area.m2() + t.area.m2()) * n),
        hit_latency,
        miss_latency,
        write_latency: d.write_latency.max(t.write_latency),
        hit_energy,
        miss_energy,
        write_energy: d.write_energy + t.write_energy,
        leakage: Power::from_w((d.leakage.w() + t.leakage.w()) * n),
        slices: spec.slices,
        data: data.best,
        tag: tag.best,
        evaluated: data.evaluated + tag.evaluated,
    })
}
