//! A cache: a data array and a tag array, each with its own organisation search, combined by the
//! access mode; and a GPU L2 as a set of identical slices.
//!
//! * **Sectors**: an access reads or writes one sector of a line (`sector_bytes`; a GPU L2 moves
//!   32 B sectors of 128 B lines, and an unsectored cache has `sector_bytes = line_bytes`). The
//!   data array's access width is the sector: normal mode senses the sector of every way, a
//!   write updates one sector.
//! * **Tag bits** per way: `address_bits − ⌈log2(sets)⌉ − log2(line bytes)` plus a valid and a
//!   dirty bit per sector. The set count need not be a power of two (NVSim designs any whole
//!   number of sets; hardware indexes such a cache by a modulo or hash of the address).
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

use crate::circuit::array::{ArrayInput, ArrayResult};
use crate::circuit::explore::{search, SearchError, SearchOptions};
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
    /// Bytes one access reads or writes: a sector of the line (`line_bytes` when unsectored).
    pub sector_bytes: u32,
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

    /// Set-index bits: ⌈log2(sets)⌉.
    pub fn index_bits(&self) -> u32 {
        let sets = self.sets().max(1);
        64 - (sets - 1).leading_zeros()
    }

    /// Sectors per line.
    pub fn sectors(&self) -> u32 {
        (self.line_bytes / self.sector_bytes.max(1)).max(1)
    }

    /// Tag bits per way (with a valid and a dirty bit per sector).
    pub fn tag_bits(&self) -> u32 {
        let offset = 31 - self.line_bytes.max(1).leading_zeros();
        self.address_bits
            .saturating_sub(self.index_bits() + offset)
            .max(1)
            + 2 * self.sectors()
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
        if !self.sector_bytes.is_power_of_two() || self.sector_bytes > self.line_bytes {
            return Err(CacheError::Geometry(format!(
                "sector size {} B is not a power of two of at most the {} B line",
                self.sector_bytes, self.line_bytes
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
        Ok(())
    }
}

/// The data and tag array inputs of a cache (`[data, tag]`): `base` supplies the cell,
/// technology and interconnect; capacity and widths are set here for each array. Assumes
/// `spec` is valid (it passed `CacheSpec`'s validation).
pub fn array_inputs(spec: &CacheSpec, base: &ArrayInput) -> [ArrayInput; 2] {
    let sector_bits = spec.sector_bytes * 8;
    let sets = spec.sets();
    // The data array is addressed by set, way and sector.
    let index_bits = spec.index_bits();
    let way_bits = 31 - spec.associativity.next_power_of_two().leading_zeros();
    let sector_index_bits = 31 - spec.sectors().leading_zeros();
    let data_sensed = match spec.access_mode {
        AccessMode::Normal | AccessMode::Fast => sector_bits * spec.associativity,
        AccessMode::Sequential => sector_bits,
    };
    let data_out = match spec.access_mode {
        AccessMode::Fast => sector_bits * spec.associativity,
        _ => sector_bits,
    };
    let tag_bits = spec.tag_bits();
    [
        ArrayInput {
            capacity_bits: spec.slice_capacity_bits,
            sensed_bits: data_sensed,
            output_bits: data_out,
            written_bits: sector_bits,
            address_bits: index_bits + way_bits + sector_index_bits,
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
