//! Cache details (issue #5): for each cell technology, the organisation the search chose for its
//! data and tag arrays, and where each array's read and write latency, read and write energy,
//! leakage and area go, component by component.
//!
//! Nothing is computed here that the circuit model does not report: the components are the
//! fields of [`LatencyParts`], [`EnergyParts`], [`LeakageParts`] and [`AreaParts`] (the
//! model's names without their unit suffix: `htree_ns` → `htree`), the totals are the array's
//! [`Metrics`](crate::circuit::metrics::Metrics). Which total each part list is of:
//!
//! * latency, energy and leakage: the array's own figure, which the model computes as the sum of
//!   these parts (latency: stages in sequence along the access path), so the parts add up to it;
//! * area: the array's area is its bank's bounding box (plus the H-tree drivers). The parts are
//!   the components' own areas; the box also holds, beside every subarray, the empty corner where
//!   its row-decoder strip and its column-periphery strip meet. That corner belongs to no part and
//!   is reported as `unassigned` (it equals row periphery × column periphery / cells).
//!
//! Every figure is one array of one slice. The cache the other analyses compare combines them
//! (see `cache`): hit latency from both arrays' read latencies by the access mode, energies
//! data + tag, area and leakage (data + tag) × slices.
//!
//! Cache-characterisation presets have no design (they are published figures at one capacity);
//! they are listed in `not_designed`, and only when nothing else is chosen is it an error.

use serde::{Deserialize, Serialize};

use crate::circuit::array::{AreaParts, ArrayResult, EnergyParts, LatencyParts, LeakageParts};
use crate::circuit::cache::{AccessMode, CacheResult};
use crate::circuit::cell::CellSpec;
use crate::design::build::{cell_cache, node_size_nm};
use crate::design::config::{CacheConfig, Layout};
use crate::format::{aligned_table, csv_quote, sig};
use crate::library::Library;
use crate::units::Capacity;

/// A part list's residual below this fraction of its total is rounding, not a missing part.
const ROUNDING: f64 = 1e-9;

/// Why the details of a scenario cannot be shown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DetailsError {
    /// No technology was chosen.
    #[error("no technology chosen; the cache-details analysis takes cell presets: {accepted}")]
    Empty {
        /// Every cell preset.
        accepted: String,
    },
    /// Every chosen technology is a cache-characterisation preset.
    #[error(
        "{presets}: cache-characterisation preset(s) (published figures at one capacity, no \
         organisation). The cache-details analysis shows what the circuit model designs: choose \
         at least one cell preset ({accepted}) or import an NVSim .cell file"
    )]
    NoCell {
        /// The chosen presets.
        presets: String,
        /// Every cell preset.
        accepted: String,
    },
    /// An id that is neither a preset nor an imported cell.
    #[error("technology `{id}` is not a loaded preset or imported cell; accepted: {accepted}")]
    Unknown {
        /// The id.
        id: String,
        /// Every cell preset.
        accepted: String,
    },
    /// A cell could not be built into the cache.
    #[error("technology `{id}`: {reason}")]
    Cell {
        /// The cell's id.
        id: String,
        /// The model's reason.
        reason: String,
    },
}

/// One metric of an array, with its unit: the key of its part list in [`ArrayDetails`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    ReadLatency,
    WriteLatency,
    ReadEnergy,
    WriteEnergy,
    Leakage,
    Area,
}

impl Metric {
    /// Every metric, in display order.
    pub const ALL: [Metric; 6] = [
        Metric::ReadLatency,
        Metric::WriteLatency,
        Metric::ReadEnergy,
        Metric::WriteEnergy,
        Metric::Leakage,
        Metric::Area,
    ];

    /// The JSON key, with the unit: `read_latency_ns`.
    pub fn key(self) -> &'static str {
        match self {
            Metric::ReadLatency => "read_latency_ns",
            Metric::WriteLatency => "write_latency_ns",
            Metric::ReadEnergy => "read_energy_pj",
            Metric::WriteEnergy => "write_energy_pj",
            Metric::Leakage => "leakage_mw",
            Metric::Area => "area_mm2",
        }
    }

    /// The unit as people write it.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::ReadLatency | Metric::WriteLatency => "ns",
            Metric::ReadEnergy | Metric::WriteEnergy => "pJ",
            Metric::Leakage => "mW",
            Metric::Area => "mm²",
        }
    }

    /// The unit as the CSV header writes it (`value_pj`).
    fn unit_key(self) -> &'static str {
        match self {
            Metric::ReadLatency | Metric::WriteLatency => "ns",
            Metric::ReadEnergy | Metric::WriteEnergy => "pj",
            Metric::Leakage => "mw",
            Metric::Area => "mm2",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Metric::ReadLatency => "Read latency",
            Metric::WriteLatency => "Write latency",
            Metric::ReadEnergy => "Read energy per access",
            Metric::WriteEnergy => "Write energy per access",
            Metric::Leakage => "Leakage",
            Metric::Area => "Area",
        }
    }
}

/// One component's share of a metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The model's name for it (its `…Parts` field without the unit).
    pub component: String,
    /// What it is, for people.
    pub label: String,
    /// In the unit of the metric (the key this list sits under).
    pub value: f64,
    /// `value / total` (0 when the total is 0).
    pub share_of_total: f64,
}

/// A metric of one array, split into the model's components. Values in the unit of the key it
/// sits under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartList {
    /// The array's figure as the model reports it.
    pub total: f64,
    /// The sum of `parts`.
    pub parts_sum: f64,
    /// `total − parts_sum` where it is more than rounding (area: the corners no component
    /// claims), else 0.
    pub unassigned: f64,
    /// Every component the model has for this metric, in the model's order (zeros included).
    pub parts: Vec<Part>,
}

impl PartList {
    fn new(total: f64, parts: &[(&str, &str, f64)]) -> PartList {
        let parts_sum = parts.iter().map(|p| p.2).sum::<f64>();
        let rest = total - parts_sum;
        let unassigned = if rest.abs() <= ROUNDING * total.abs() {
            0.0
        } else {
            rest
        };
        let share = |v: f64| if total > 0.0 { v / total } else { 0.0 };
        PartList {
            total,
            parts_sum,
            unassigned,
            parts: parts
                .iter()
                .map(|&(component, label, value)| Part {
                    component: component.into(),
                    label: label.into(),
                    value,
                    share_of_total: share(value),
                })
                .collect(),
        }
    }

    /// `unassigned / total` (0 when the total is 0).
    pub fn unassigned_share(&self) -> f64 {
        if self.total > 0.0 {
            self.unassigned / self.total
        } else {
            0.0
        }
    }
}

/// The organisation of one array (one bank of mats of subarrays), as the search chose it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRecord {
    /// Mats per bank column.
    pub bank_rows: u32,
    /// Mats per bank row.
    pub bank_cols: u32,
    /// All mats of the bank.
    pub mats: u32,
    /// Mats active per access.
    pub active_mats: u32,
    /// Subarrays per mat column.
    pub mat_rows: u32,
    /// Subarrays per mat row.
    pub mat_cols: u32,
    /// Subarrays per mat.
    pub subarrays_per_mat: u32,
    /// Subarrays active per active mat.
    pub active_subarrays: u32,
    /// Cell rows per subarray.
    pub subarray_rows: u32,
    /// Cell columns per subarray.
    pub subarray_cols: u32,
    /// Column mux degree before the sense amplifiers.
    pub mux_sense_amp: u32,
    /// First output mux level.
    pub mux_output1: u32,
    /// Second output mux level.
    pub mux_output2: u32,
    /// Sense amplifiers per subarray.
    pub sense_amps_per_subarray: u32,
    /// Bits the organisation holds (mats × subarrays × rows × columns).
    pub capacity_bits: u64,
}

impl OrganisationRecord {
    fn new(r: &ArrayResult) -> OrganisationRecord {
        let o = &r.organization;
        OrganisationRecord {
            bank_rows: o.bank_rows,
            bank_cols: o.bank_cols,
            mats: o.bank_rows * o.bank_cols,
            active_mats: o.active_mats,
            mat_rows: o.mat_rows,
            mat_cols: o.mat_cols,
            subarrays_per_mat: o.mat_rows * o.mat_cols,
            active_subarrays: o.active_subarrays,
            subarray_rows: o.subarray_rows,
            subarray_cols: o.subarray_cols,
            mux_sense_amp: o.mux_sense_amp,
            mux_output1: o.mux_output1,
            mux_output2: o.mux_output2,
            sense_amps_per_subarray: o.sense_amps(),
            capacity_bits: o.capacity_bits(),
        }
    }

    /// The organisation in words: `one bank of 2 × 4 mats (2 active per access), each 2 × 2
    /// subarrays (all 4 active); a subarray is 512 rows × 1024 columns, read through an 8:1
    /// sense-amp mux into 128 sense amps, then a 2:1 output mux`.
    pub fn describe(&self) -> String {
        let plural = |n: u32, one: &str, many: &str| {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let active = |active: u32, all: u32, what: &str| {
            if active == all && all > 1 {
                format!("all {all} active{what}")
            } else {
                format!("{active} active{what}")
            }
        };
        let mats = if self.mats == 1 {
            "one bank of 1 mat".to_string()
        } else {
            format!(
                "one bank of {} × {} mats ({})",
                self.bank_rows,
                self.bank_cols,
                active(self.active_mats, self.mats, " per access")
            )
        };
        let subs = if self.subarrays_per_mat == 1 {
            "1 subarray".to_string()
        } else {
            format!(
                "{} × {} subarrays ({})",
                self.mat_rows,
                self.mat_cols,
                active(self.active_subarrays, self.subarrays_per_mat, "")
            )
        };
        let sense = if self.mux_sense_amp > 1 {
            format!(
                "read through {} {}:1 sense-amp mux into {}",
                article(self.mux_sense_amp),
                self.mux_sense_amp,
                plural(self.sense_amps_per_subarray, "sense amp", "sense amps")
            )
        } else {
            format!(
                "read by {} (no sense-amp mux)",
                plural(self.sense_amps_per_subarray, "sense amp", "sense amps")
            )
        };
        let out = match (self.mux_output1, self.mux_output2) {
            (1, 1) => String::new(),
            (a, 1) | (1, a) => format!(", then {} {a}:1 output mux", article(a)),
            (a, b) => format!(", then {a}:1 and {b}:1 output muxes"),
        };
        format!(
            "{mats}, each {subs}; a subarray is {} rows × {} columns, {sense}{out}",
            self.subarray_rows, self.subarray_cols
        )
    }
}

/// "a" or "an" before a number read aloud ("an 8:1 mux", "a 16:1 mux").
fn article(n: u32) -> &'static str {
    if n.to_string().starts_with('8') || n == 11 || n == 18 {
        "an"
    } else {
        "a"
    }
}

/// One designed array (data or tag) of one slice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArrayDetails {
    /// Bits the array stores (one slice).
    pub stored_bits: u64,
    /// The organisation in words.
    pub description: String,
    /// The organisation.
    pub organization: OrganisationRecord,
    /// Bank footprint.
    pub bank_width_mm: f64,
    /// See `bank_width_mm`.
    pub bank_height_mm: f64,
    /// Cell area / total area.
    pub area_efficiency: f64,
    pub read_latency_ns: PartList,
    pub write_latency_ns: PartList,
    pub read_energy_pj: PartList,
    pub write_energy_pj: PartList,
    pub leakage_mw: PartList,
    pub area_mm2: PartList,
}

impl ArrayDetails {
    /// Reads the organisation and breakdown of a designed array.
    pub fn new(r: &ArrayResult) -> ArrayDetails {
        let organization = OrganisationRecord::new(r);
        let b = &r.breakdown;
        let m = &r.metrics;
        ArrayDetails {
            stored_bits: organization.capacity_bits,
            description: organization.describe(),
            organization,
            bank_width_mm: r.bank_width_mm,
            bank_height_mm: r.bank_height_mm,
            area_efficiency: r.area_efficiency,
            read_latency_ns: PartList::new(m.read_latency.ns(), &latency_parts(&b.read_latency)),
            write_latency_ns: PartList::new(m.write_latency.ns(), &latency_parts(&b.write_latency)),
            read_energy_pj: PartList::new(m.read_energy.pj(), &energy_parts(&b.read_energy)),
            write_energy_pj: PartList::new(m.write_energy.pj(), &energy_parts(&b.write_energy)),
            leakage_mw: PartList::new(m.leakage.mw(), &leakage_parts(&b.leakage)),
            area_mm2: PartList::new(m.area.mm2(), &area_parts(&b.area)),
        }
    }

    /// The part list of `metric`.
    pub fn metric(&self, metric: Metric) -> &PartList {
        match metric {
            Metric::ReadLatency => &self.read_latency_ns,
            Metric::WriteLatency => &self.write_latency_ns,
            Metric::ReadEnergy => &self.read_energy_pj,
            Metric::WriteEnergy => &self.write_energy_pj,
            Metric::Leakage => &self.leakage_mw,
            Metric::Area => &self.area_mm2,
        }
    }
}

// The destructuring below names every field: a component added to the model fails to compile
// here until it is listed.

fn latency_parts(p: &LatencyParts) -> [(&'static str, &'static str, f64); 7] {
    let LatencyParts {
        htree_ns,
        predecoder_ns,
        row_decoder_ns,
        bitline_ns,
        sense_amp_ns,
        mux_ns,
        write_pulse_ns,
    } = *p;
    [
        ("htree", "H-tree", htree_ns),
        ("predecoder", "mat predecoder", predecoder_ns),
        ("row_decoder", "row decoder + wordline", row_decoder_ns),
        ("bitline", "bitline", bitline_ns),
        ("sense_amp", "sense amp", sense_amp_ns),
        ("mux", "column + output muxes", mux_ns),
        ("write_pulse", "cell write pulse", write_pulse_ns),
    ]
}

fn energy_parts(p: &EnergyParts) -> [(&'static str, &'static str, f64); 8] {
    let EnergyParts {
        htree_pj,
        predecoder_pj,
        row_decoder_pj,
        mux_decoder_pj,
        bitline_cell_pj,
        sense_amp_pj,
        mux_pj,
        precharge_pj,
    } = *p;
    [
        ("htree", "H-tree", htree_pj),
        ("predecoder", "mat predecoders", predecoder_pj),
        ("row_decoder", "row decoders + wordlines", row_decoder_pj),
        ("mux_decoder", "mux select decoders", mux_decoder_pj),
        ("bitline_cell", "bitlines + cells", bitline_cell_pj),
        ("sense_amp", "sense amps", sense_amp_pj),
        ("mux", "column + output muxes", mux_pj),
        ("precharge", "bitline precharge", precharge_pj),
    ]
}

fn leakage_parts(p: &LeakageParts) -> [(&'static str, &'static str, f64); 4] {
    let LeakageParts {
        cells_mw,
        decoders_mw,
        column_periphery_mw,
        htree_mw,
    } = *p;
    [
        ("cells", "cells", cells_mw),
        ("decoders", "decoders + wordline drivers", decoders_mw),
        ("column_periphery", "column periphery", column_periphery_mw),
        ("htree", "H-tree drivers", htree_mw),
    ]
}

fn area_parts(p: &AreaParts) -> [(&'static str, &'static str, f64); 5] {
    let AreaParts {
        cells_mm2,
        row_periphery_mm2,
        column_periphery_mm2,
        mat_periphery_mm2,
        htree_mm2,
    } = *p;
    [
        ("cells", "cell arrays", cells_mm2),
        ("row_periphery", "row decoders + drivers", row_periphery_mm2),
        ("column_periphery", "column periphery", column_periphery_mm2),
        ("mat_periphery", "mat predecoders", mat_periphery_mm2),
        ("htree", "H-tree drivers", htree_mm2),
    ]
}

/// The cache as the other analyses see it (all slices), for reference beside the arrays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheFigures {
    pub area_mm2: f64,
    /// Hit latency.
    pub read_latency_ns: f64,
    pub write_latency_ns: f64,
    /// Hit energy.
    pub read_energy_pj: f64,
    pub write_energy_pj: f64,
    pub leakage_mw: f64,
}

impl CacheFigures {
    fn new(c: &CacheResult) -> CacheFigures {
        CacheFigures {
            area_mm2: c.area.mm2(),
            read_latency_ns: c.hit_latency.ns(),
            write_latency_ns: c.write_latency.ns(),
            read_energy_pj: c.hit_energy.pj(),
            write_energy_pj: c.write_energy.pj(),
            leakage_mw: c.leakage.mw(),
        }
    }
}

/// One cell technology's designed cache.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailsRecord {
    pub id: String,
    pub name: String,
    pub memory: String,
    /// The node preset the cell was built at.
    pub node: String,
    pub node_nm: u32,
    /// The whole cache (all slices), as iso-capacity compares it.
    pub cache: CacheFigures,
    /// The data array of one slice.
    pub data: ArrayDetails,
    /// The tag array of one slice.
    pub tag: ArrayDetails,
}

impl DetailsRecord {
    /// The data (`"data"`) or tag (`"tag"`) array.
    pub fn arrays(&self) -> [(&'static str, &ArrayDetails); 2] {
        [("data", &self.data), ("tag", &self.tag)]
    }
}

/// A chosen technology the model did not design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotDesigned {
    pub id: String,
    pub name: String,
    /// Why there is no design.
    pub reason: String,
}

/// The cache-details analysis as exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailsReport {
    /// `details`.
    pub analysis: String,
    /// The cache every cell was built into, in words.
    pub cache: String,
    /// What the organisation search minimised.
    pub objective: String,
    /// Slices the arrays' figures are one of.
    pub slices: u32,
    /// How the arrays' figures make the cache's.
    pub combination: String,
    /// Which total each part list is of.
    pub notes: Vec<String>,
    /// One per chosen cell, in the order chosen.
    pub technologies: Vec<DetailsRecord>,
    /// Chosen cache-characterisation presets (no design).
    pub not_designed: Vec<NotDesigned>,
}

/// Designs every chosen cell (library cell presets, then `custom` cells, by id) into the cache
/// `config` describes and reports its arrays. Cache-characterisation presets are listed as not
/// designed; an error only when no cell is chosen, an id is unknown, or a cell cannot be built.
pub fn details(
    library: &Library,
    technologies: &[String],
    custom: &[CellSpec],
    config: &CacheConfig,
) -> Result<DetailsReport, DetailsError> {
    let accepted = || {
        library
            .cells
            .iter()
            .map(|c| c.id.as_str())
            .chain(custom.iter().map(|c| c.id.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if technologies.is_empty() {
        return Err(DetailsError::Empty {
            accepted: accepted(),
        });
    }
    let mut records = Vec::new();
    let mut not_designed = Vec::new();
    for id in technologies {
        let cell = library
            .cell(id)
            .or_else(|| custom.iter().find(|c| &c.id == id));
        let Some(cell) = cell else {
            match library.technology(id) {
                Some(t) => not_designed.push(NotDesigned {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    reason: format!(
                        "a cache-characterisation preset: published figures of a {} {} at one \
                         capacity, with no organisation to show",
                        t.capacity,
                        t.memory.label()
                    ),
                }),
                None => {
                    return Err(DetailsError::Unknown {
                        id: id.clone(),
                        accepted: accepted(),
                    })
                }
            }
            continue;
        };
        let built = cell_cache(cell, config, &library.nodes).map_err(|e| DetailsError::Cell {
            id: id.clone(),
            reason: e.to_string(),
        })?;
        let nm = library
            .node(&built.node)
            .map(node_size_nm)
            .or(built.technology.node_nm)
            .unwrap_or_default();
        records.push(DetailsRecord {
            id: cell.id.clone(),
            name: cell.name.clone(),
            memory: cell.kind.label().to_string(),
            node: built.node.clone(),
            node_nm: nm,
            cache: CacheFigures::new(&built.cache),
            data: ArrayDetails::new(&built.cache.data),
            tag: ArrayDetails::new(&built.cache.tag),
        });
    }
    if records.is_empty() {
        return Err(DetailsError::NoCell {
            presets: not_designed
                .iter()
                .map(|n| format!("`{}`", n.id))
                .collect::<Vec<_>>()
                .join(", "),
            accepted: accepted(),
        });
    }
    let slices = config.cache_spec().slices;
    Ok(DetailsReport {
        analysis: "details".into(),
        cache: config.describe(),
        objective: config.objective.word().into(),
        slices,
        combination: combination(config.access_mode, slices, config.layout),
        notes: notes(),
        technologies: records,
        not_designed,
    })
}

/// How the data and tag arrays make the cache's figures (`cache::design`).
fn combination(mode: AccessMode, slices: u32, layout: Layout) -> String {
    let read = match mode {
        AccessMode::Normal => {
            "normal access: tag and data arrays are read in parallel, so the cache's read (hit) \
             latency is the slower array's; read energy = data + tag"
        }
        AccessMode::Fast => {
            "fast access: tag and data arrays are read in parallel and every way leaves the data \
             array, so the cache's read (hit) latency is the slower array's; read energy = data \
             + tag"
        }
        AccessMode::Sequential => {
            "sequential access: the tag array is read first, then one way of the data array, so \
             the cache's read (hit) latency is tag + data; read energy = data + tag"
        }
    };
    let slices = match (layout, slices) {
        (Layout::Monolithic, _) | (Layout::Sliced, 1) => {
            "the cache's area and leakage are data + tag".to_string()
        }
        (Layout::Sliced, n) => format!(
            "every figure below is one of {n} identical slices: the cache's area and leakage are \
             (data + tag) × {n}, an access sees one slice"
        ),
    };
    format!(
        "{}; write latency is the slower array's write, write energy data + tag; {}.",
        upper_first(read),
        slices
    )
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Which total each part list is of.
fn notes() -> Vec<String> {
    vec![
        "Latency, energy and leakage: each part list adds up to the array's figure as the model \
         reports it (latency: the stages in sequence along the access path; the read path crosses \
         the H-tree twice, the write path once)."
            .into(),
        "Area: the array's area is its bank's bounding box plus the H-tree drivers. The parts are \
         the components' own areas; the box also holds, beside every subarray, the empty corner \
         where its row-decoder strip and its column-periphery strip meet, which no component \
         claims: listed as unassigned (= row periphery × column periphery / cells)."
            .into(),
        "Components are the circuit model's own (src/array: H-tree, mat predecoder, row decoder, \
         bitline, sense amp, muxes, precharge, write pulse, cells); a zero means the model \
         charges nothing there for this array (e.g. no sense amp on a write)."
            .into(),
    ]
}

/// `1 MiB` from bits.
fn bits_label(bits: u64) -> String {
    Capacity::from_bits(bits).to_string()
}

impl DetailsReport {
    /// CSV, one row per technology × array × metric × component; the value sits in the column
    /// of its unit (`value_ns`, `value_pj`, `value_mw`, `value_mm2`). Each array and metric
    /// ends with a `total` row (the model's figure) and, where the parts do not add up to it
    /// (area), an `unassigned` row.
    pub fn to_csv(&self) -> String {
        let units = ["ns", "pj", "mw", "mm2"];
        let mut out = String::from(
            "id,array,metric,component,label,value_ns,value_pj,value_mw,value_mm2,share_of_total\n",
        );
        let mut row = |id: &str,
                       array: &str,
                       metric: Metric,
                       component: &str,
                       label: &str,
                       value: f64,
                       share: f64| {
            let cells: Vec<String> = units
                .iter()
                .map(|u| {
                    if *u == metric.unit_key() {
                        value.to_string()
                    } else {
                        String::new()
                    }
                })
                .collect();
            out.push_str(&format!(
                "{},{array},{},{component},{},{},{share}\n",
                csv_quote(id),
                metric.key(),
                csv_quote(label),
                cells.join(",")
            ));
        };
        for t in &self.technologies {
            for (array, a) in t.arrays() {
                for metric in Metric::ALL {
                    let list = a.metric(metric);
                    for p in &list.parts {
                        row(
                            &t.id,
                            array,
                            metric,
                            &p.component,
                            &p.label,
                            p.value,
                            p.share_of_total,
                        );
                    }
                    if list.unassigned != 0.0 {
                        row(
                            &t.id,
                            array,
                            metric,
                            "unassigned",
                            "no component (layout corners)",
                            list.unassigned,
                            list.unassigned_share(),
                        );
                    }
                    let whole = if list.total > 0.0 { 1.0 } else { 0.0 };
                    row(
                        &t.id,
                        array,
                        metric,
                        "total",
                        "the array's figure",
                        list.total,
                        whole,
                    );
                }
            }
        }
        out
    }

    /// Aligned text: per technology the two organisations, then one table of every metric's
    /// parts for the data and the tag array.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Cache details — {}, organisation optimised for {}\n{}\n",
            self.cache, self.objective, self.combination
        );
        for t in &self.technologies {
            out.push_str(&format!(
                "\n{} — {} ({}), node {} ({} nm)\n",
                t.id, t.name, t.memory, t.node, t.node_nm
            ));
            out.push_str(&format!(
                "  cache: {} mm², read {} ns, write {} ns, read {} pJ, write {} pJ, leakage {} mW\n",
                sig(t.cache.area_mm2),
                sig(t.cache.read_latency_ns),
                sig(t.cache.write_latency_ns),
                sig(t.cache.read_energy_pj),
                sig(t.cache.write_energy_pj),
                sig(t.cache.leakage_mw),
            ));
            for (array, a) in t.arrays() {
                out.push_str(&format!(
                    "  {array} array ({}): {}\n",
                    bits_label(a.stored_bits),
                    a.description
                ));
            }
            out.push('\n');
            let header = ["component", "data", "data %", "tag", "tag %"];
            let mut rows = Vec::new();
            for metric in Metric::ALL {
                let (d, g) = (t.data.metric(metric), t.tag.metric(metric));
                rows.push(vec![format!("{} ({})", metric.label(), metric.unit())]);
                for (pd, pg) in d.parts.iter().zip(&g.parts) {
                    if pd.value == 0.0 && pg.value == 0.0 {
                        continue;
                    }
                    rows.push(vec![
                        format!("  {}", pd.label),
                        sig(pd.value),
                        percent(pd.share_of_total),
                        sig(pg.value),
                        percent(pg.share_of_total),
                    ]);
                }
                if d.unassigned != 0.0 || g.unassigned != 0.0 {
                    rows.push(vec![
                        "  (unassigned: layout corners)".into(),
                        sig(d.unassigned),
                        percent(d.unassigned_share()),
                        sig(g.unassigned),
                        percent(g.unassigned_share()),
                    ]);
                }
                rows.push(vec![
                    "  total".into(),
                    sig(d.total),
                    String::new(),
                    sig(g.total),
                    String::new(),
                ]);
            }
            out.push_str(&aligned_table(&header, rows));
        }
        for n in &self.not_designed {
            out.push_str(&format!(
                "\nNot designed by the model: {} — {}.\n",
                n.id, n.reason
            ));
        }
        out.push_str(
            "\nComponents at 0 in both arrays are left out (the JSON and CSV list every one).\n",
        );
        for n in &self.notes {
            out.push_str(&format!("Note: {n}\n"));
        }
        out
    }
}

/// `12.3 %`.
pub fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1} %", share * 100.0)
    } else {
        "—".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::config::ConfigField;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn library() -> &'static Library {
        static LIB: OnceLock<Library> = OnceLock::new();
        LIB.get_or_init(crate::shipped_library)
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn config(texts: &[(ConfigField, &str)]) -> CacheConfig {
        CacheConfig::from_texts(texts.iter().map(|(f, t)| (*f, *t))).expect("valid config")
    }

    /// Every property the report promises, for one report built from `config`.
    fn check_report(r: &DetailsReport, config: &CacheConfig) {
        let spec = config.cache_spec();
        for t in &r.technologies {
            for (array, a) in t.arrays() {
                for metric in Metric::ALL {
                    let l = a.metric(metric);
                    let at = format!("{} {array} {}", t.id, metric.key());
                    assert!(
                        l.total.is_finite() && l.total >= 0.0,
                        "{at}: total {}",
                        l.total
                    );
                    for p in &l.parts {
                        assert!(
                            p.value.is_finite() && p.value >= 0.0,
                            "{at}.{}: {}",
                            p.component,
                            p.value
                        );
                        assert!((0.0..=1.0 + 1e-12).contains(&p.share_of_total), "{at}");
                    }
                    let sum: f64 = l.parts.iter().map(|p| p.value).sum();
                    assert_eq!(sum, l.parts_sum, "{at}");
                    if metric == Metric::Area {
                        // The parts are the components; the rest is the corners.
                        assert!(l.parts_sum <= l.total * (1.0 + 1e-12), "{at}");
                        let part =
                            |c: &str| l.parts.iter().find(|p| p.component == c).unwrap().value;
                        let corners =
                            part("row_periphery") * part("column_periphery") / part("cells");
                        assert!(
                            (l.unassigned - corners).abs() <= 1e-9 * l.total,
                            "{at}: unassigned {} vs corners {corners}",
                            l.unassigned
                        );
                    } else {
                        assert!(
                            (sum - l.total).abs() <= 1e-9 * l.total.abs(),
                            "{at}: parts {sum} vs total {}",
                            l.total
                        );
                        assert_eq!(l.unassigned, 0.0, "{at}");
                    }
                }
            }
            // The organisations hold what the cache stores.
            assert_eq!(
                t.data.organization.capacity_bits * u64::from(spec.slices),
                config.capacity_bytes * 8,
                "{}: data array capacity",
                t.id
            );
            assert_eq!(t.data.stored_bits, spec.slice_capacity_bits);
            assert_eq!(
                t.tag.organization.capacity_bits,
                u64::from(spec.tag_bits()) * spec.sets() * u64::from(spec.associativity),
                "{}: tag array capacity",
                t.id
            );
            // The cache's figures are the arrays' combined as documented.
            let n = f64::from(spec.slices);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1e-300);
            assert!(close(
                t.cache.area_mm2,
                (t.data.area_mm2.total + t.tag.area_mm2.total) * n
            ));
            assert!(close(
                t.cache.leakage_mw,
                (t.data.leakage_mw.total + t.tag.leakage_mw.total) * n
            ));
            assert!(close(
                t.cache.write_energy_pj,
                t.data.write_energy_pj.total + t.tag.write_energy_pj.total
            ));
        }
        // JSON is stable through a round trip: the same report, the same text (serde_json's
        // `float_roundtrip` reads every number back bit for bit).
        let json = serde_json::to_string_pretty(r).unwrap();
        let back: DetailsReport = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, r);
        assert_eq!(serde_json::to_string_pretty(&back).unwrap(), json);
    }

    #[test]
    fn default_cache_of_two_cells_is_consistent() {
        let config = CacheConfig::default();
        let r = details(library(), &ids(&["sram_16nm", "stt_16nm"]), &[], &config).unwrap();
        assert_eq!(r.technologies.len(), 2);
        assert!(r.not_designed.is_empty());
        check_report(&r, &config);
        // SRAM cells leak, MRAM cells do not.
        let cells_leak = |t: &DetailsRecord| t.data.leakage_mw.parts[0].value;
        assert!(cells_leak(&r.technologies[0]) > 0.0);
        assert_eq!(cells_leak(&r.technologies[1]), 0.0);
        // STT writes take a pulse; SRAM writes none.
        let pulse = |t: &DetailsRecord| {
            t.data
                .write_latency_ns
                .parts
                .iter()
                .find(|p| p.component == "write_pulse")
                .unwrap()
                .value
        };
        assert_eq!(pulse(&r.technologies[0]), 0.0);
        assert!(pulse(&r.technologies[1]) > 1.0);
    }

    #[test]
    fn cache_presets_are_listed_not_designed_and_alone_are_an_error() {
        let lib = library();
        let preset = lib.technologies[0].id.clone();
        let config = CacheConfig::default();
        let r = details(lib, &[preset.clone(), "sram_22nm".into()], &[], &config).unwrap();
        assert_eq!(r.technologies.len(), 1);
        assert_eq!(r.not_designed.len(), 1);
        assert_eq!(r.not_designed[0].id, preset);
        assert!(r.to_text().contains("Not designed by the model"));

        let e = details(lib, std::slice::from_ref(&preset), &[], &config).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(&preset) && msg.contains("sram_22nm"), "{msg}");
        assert!(msg.contains("choose at least one cell preset"), "{msg}");

        let e = details(lib, &ids(&["nope"]), &[], &config).unwrap_err();
        assert!(e.to_string().contains("`nope`"), "{e}");
    }

    #[test]
    fn organisation_sentence_reads_like_the_record() {
        let config = CacheConfig::default();
        let r = details(library(), &ids(&["sram_22nm"]), &[], &config).unwrap();
        let o = &r.technologies[0].data.organization;
        let s = &r.technologies[0].data.description;
        assert!(
            s.contains(&format!(
                "{} rows × {} columns",
                o.subarray_rows, o.subarray_cols
            )),
            "{s}"
        );
        assert!(s.contains("sense amp"), "{s}");
        assert_eq!(o.sense_amps_per_subarray * o.mux_sense_amp, o.subarray_cols);
    }

    #[test]
    fn csv_has_one_row_per_component_plus_totals() {
        let config = CacheConfig::default();
        let r = details(library(), &ids(&["sram_22nm", "stt_22nm"]), &[], &config).unwrap();
        let csv = r.to_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].contains("value_ns") && lines[0].contains("value_mm2"));
        // Components per array: 7 + 7 + 8 + 8 + 4 + 5 = 39, plus 6 totals, plus unassigned area.
        let per_array = 39 + 6 + 1;
        assert_eq!(lines.len(), 1 + 2 * 2 * per_array, "{csv}");
        for l in &lines[1..] {
            assert_eq!(l.split(',').count(), 10, "{l}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        #[test]
        fn parts_are_finite_non_negative_and_add_up(
            cell in prop::sample::select(vec!["sram_22nm", "stt_22nm", "sot_16nm", "reram_22nm", "pcm_22nm", "fefet_22nm"]),
            kib in prop::sample::select(vec!["0.25", "0.5", "1", "2"]),
            slices in prop::sample::select(vec!["1", "2"]),
            assoc in prop::sample::select(vec!["4", "8", "16"]),
            mode in prop::sample::select(vec!["normal", "sequential", "fast"]),
            obj in prop::sample::select(vec!["edap", "read_latency", "area", "leakage"]),
        ) {
            let config = config(&[
                (ConfigField::Capacity, kib),
                (ConfigField::Slices, slices),
                (ConfigField::Associativity, assoc),
                (ConfigField::AccessMode, mode),
                (ConfigField::Objective, obj),
            ]);
            let r = details(library(), &ids(&[cell]), &[], &config).unwrap();
            check_report(&r, &config);
        }
    }
}
