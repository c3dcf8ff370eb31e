//! Cell-level technologies: a bitcell (a cell preset, or a user's NVSim `.cell`) built into a
//! cache of a given configuration by the circuit model, and reported as a [`Technology`] like any
//! cache-characterisation preset.
//!
//! The path: [`CacheConfig`] (capacity, slices, line, associativity, access mode, roadmap,
//! temperature, objective, optional node) is validated; the node preset for the cell's node is
//! picked ([`node_for`]: `cacti_<N>nm`, else `nvsim_<N>nm`, else any preset of that feature
//! size); the technology is resolved at the roadmap and temperature with local-aggressive and
//! global-aggressive wires (NVSim's defaults, as in `compat`); `cache::design` searches the data
//! and tag arrays of one slice for the objective, counting **every written bit**
//! ([`WriteAccounting::PerBit`](crate::array::WriteAccounting::PerBit)); the cache's hit latency and hit energy become the read figures,
//! its write latency and energy the write figures, and area and leakage cover all slices.
//!
//! Deterministic: the same cell, configuration and nodes give the same numbers on every machine
//! (the CLI and the page agree bit for bit).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::array::{ArrayInput, Ctx, CtxError};
use crate::cache::{design, AccessMode, CacheError, CacheResult, CacheSpec};
use crate::cell::CellSpec;
use crate::compat::ADDRESS_BITS;
use crate::explore::{Forced, Objective, SearchOptions};
use crate::tech::{Node, Projection, Roadmap, WireClass, WireLayer};
use crate::technology::{Metrics, Technology};
use crate::units::Capacity;

const MIB: u64 = 1 << 20;

/// Default total capacity: 4 MiB — the capacity of this project's stock-NVSim cache presets
/// (`presets/caches/nvsim_*_4mb_cache.toml`), so a cell-level technology compares with them
/// directly, and of the order of a GPU L2 (GTX 1080 Ti 2.75 MiB, V100 6 MiB; DeepNVM++'s 3 MB SRAM
/// baseline, `shared/reference/published.md`).
pub const DEFAULT_CAPACITY_BYTES: u64 = 4 * MIB;
/// Default line size: 128 B, the L2 line of NVIDIA GPUs as GPGPU-Sim models them
/// (`-gpgpu_cache:dl2 S:64:128:16`, i.e. 64 sets × 128 B × 16 ways per memory sub-partition, in
/// gpgpu-sim/gpgpu-sim_distribution `configs/tested-cfgs/SM6_TITANX/gpgpusim.config`, Pascal GP102).
pub const DEFAULT_LINE_BYTES: u32 = 128;
/// Default associativity: 16 ways (same GPGPU-Sim configuration; also the associativity of the
/// stock-NVSim cache runs in `shared/reference/nvsim`).
pub const DEFAULT_ASSOCIATIVITY: u32 = 16;
/// Default sector: 32 B, the request granularity of NVIDIA L2s since Maxwell (GPGPU-Sim and
/// Accel-Sim model a sectored L2 of 128 B lines and 32 B sectors, `-gpgpu_cache:dl2 S:…`, in the
/// same `SM6_TITANX` configuration; Jia et al., "Dissecting the NVIDIA Volta GPU architecture via
/// microbenchmarking", arXiv 1804.06826, measure 32 B L2 transactions). The traffic model counts
/// L2 accesses in these sectors (`presets/gpus/*.toml`, `sector_bytes`).
pub const DEFAULT_SECTOR_BYTES: u32 = 32;
/// Default slice count: 1 (a monolithic cache, as NVSim designs one). A GPU L2 is many slices;
/// e.g. GPGPU-Sim's GP102 has 24 sub-partitions of 128 KiB (3 MiB).
pub const DEFAULT_SLICES: u32 = 1;
/// Default temperature: 350 K, the operating temperature of NVMExplorer's published runs
/// (`shared/reference/published.md`) and of the stock-NVSim runs in `shared/reference/nvsim`
/// (`-Temperature (K): 350`), the setting DeepNVM++'s NVSim-based study uses too.
pub const DEFAULT_TEMPERATURE_K: u32 = 350;
/// Default periphery roadmap: ITRS high performance, as in the stock-NVSim cache runs of
/// `shared/reference/nvsim` (`-DeviceRoadmap: HP`); also the only roadmap the 16 nm node preset
/// has, so every shipped cell builds at the default.
pub const DEFAULT_ROADMAP: Roadmap = Roadmap::Hp;
/// Default objective of the organisation search: energy × delay × area, DeepNVM++'s target
/// (Inci et al., IEEE TCAD 2022; `shared/reference/model-notes.md`).
pub const DEFAULT_OBJECTIVE: Objective = Objective::Edap;
/// Default access mode: normal (tag and data in parallel), as in the stock-NVSim cache runs
/// (`-CacheAccessMode: Normal`).
pub const DEFAULT_ACCESS_MODE: AccessMode = AccessMode::Normal;

/// Accepted total capacity, bytes: 64 KiB … 1 GiB (an L1-sized array up to beyond an H100's 50 MB
/// L2; larger searches get slow and leave the model's calibrated range).
pub const CAPACITY_RANGE_BYTES: (u64, u64) = (64 << 10, 1 << 30);
/// Accepted slice count.
pub const SLICES_RANGE: (u32, u32) = (1, 1024);
/// Accepted line sizes, bytes (powers of two).
pub const LINE_RANGE_BYTES: (u32, u32) = (16, 512);
/// Accepted sector sizes, bytes (powers of two, at most the line).
pub const SECTOR_RANGE_BYTES: (u32, u32) = (8, 512);
/// Accepted associativity.
pub const ASSOCIATIVITY_RANGE: (u32, u32) = (1, 64);
/// Accepted temperatures, K: the range every shipped node table covers (CACTI's and NVSim's
/// tables run from 300 to 400 K).
pub const TEMPERATURE_RANGE_K: (u32, u32) = (300, 400);

/// The access modes with their words (URL, CLI, page).
pub const ACCESS_MODES: [(&str, AccessMode); 3] = [
    ("normal", AccessMode::Normal),
    ("sequential", AccessMode::Sequential),
    ("fast", AccessMode::Fast),
];

/// How the capacity is built into caches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `slices` identical caches (a GPU L2); an access touches one slice, so its latency and
    /// energy are one slice's. Each slice holds a power-of-two number of sets.
    #[default]
    Sliced,
    /// One cache of the whole capacity, one organisation and one H-tree over all of it, as NVSim
    /// designs a cache (and DeepNVM++ modelled the GPU L2). Any whole number of sets is accepted
    /// (indexed by a modulo or hash of the address). `slices` only sets the step of the iso-area
    /// search (capacity / slices).
    Monolithic,
}

/// The layouts with their words (URL, CLI, page).
pub const LAYOUTS: [(&str, Layout); 2] = [
    ("sliced", Layout::Sliced),
    ("monolithic", Layout::Monolithic),
];

impl Layout {
    /// The word (URL, CLI, page).
    pub fn word(self) -> &'static str {
        match self {
            Layout::Sliced => "sliced",
            Layout::Monolithic => "monolithic",
        }
    }
}

/// The word for an access mode.
pub fn access_mode_word(mode: AccessMode) -> &'static str {
    ACCESS_MODES
        .iter()
        .find(|(_, m)| *m == mode)
        .map(|(w, _)| *w)
        .unwrap_or("normal")
}

/// Which node preset a cell is built at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeChoice {
    /// The cell's own node, through [`node_for`] (CACTI's tables first).
    #[default]
    Cell,
    /// A node size in nm, through [`node_for`].
    Nm(u32),
    /// One node preset by id (`nvsim_22nm`: stock NVSim's own tables).
    Preset(String),
}

/// The cache a cell is built into. Total capacity need not be a power of two: it is split into
/// `slices` identical slices (a GPU L2), each of which must hold a power-of-two number of sets,
/// or (layout `monolithic`) built as one cache of any whole number of sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CacheConfig {
    /// Total capacity of all slices (bytes).
    pub capacity_bytes: u64,
    /// Identical slices; an access touches one.
    pub slices: u32,
    /// Sliced (the GPU way) or one monolithic cache (the NVSim way).
    pub layout: Layout,
    /// Line size (bytes).
    pub line_bytes: u32,
    /// Bytes one access reads or writes (a sector of the line; the line when unsectored).
    pub sector_bytes: u32,
    /// Ways.
    pub associativity: u32,
    /// How tag and data arrays are accessed.
    pub access_mode: AccessMode,
    /// Transistor roadmap of the periphery.
    pub roadmap: Roadmap,
    /// Operating temperature (K).
    pub temperature_k: u32,
    /// What the organisation search minimises.
    pub objective: Objective,
    /// The node every cell is built at (default: each cell's own).
    pub node: NodeChoice,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            capacity_bytes: DEFAULT_CAPACITY_BYTES,
            slices: DEFAULT_SLICES,
            layout: Layout::Sliced,
            line_bytes: DEFAULT_LINE_BYTES,
            sector_bytes: DEFAULT_SECTOR_BYTES,
            associativity: DEFAULT_ASSOCIATIVITY,
            access_mode: DEFAULT_ACCESS_MODE,
            roadmap: DEFAULT_ROADMAP,
            temperature_k: DEFAULT_TEMPERATURE_K,
            objective: DEFAULT_OBJECTIVE,
            node: NodeChoice::Cell,
        }
    }
}

/// One setting of a [`CacheConfig`], with its name on every surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigField {
    Capacity,
    Slices,
    Layout,
    Line,
    Sector,
    Associativity,
    AccessMode,
    Roadmap,
    Temperature,
    Objective,
    Node,
}

impl ConfigField {
    /// Every field, in display order.
    pub const ALL: [ConfigField; 11] = [
        ConfigField::Capacity,
        ConfigField::Slices,
        ConfigField::Layout,
        ConfigField::Associativity,
        ConfigField::Line,
        ConfigField::Sector,
        ConfigField::AccessMode,
        ConfigField::Node,
        ConfigField::Roadmap,
        ConfigField::Temperature,
        ConfigField::Objective,
    ];

    /// The share-link key.
    pub fn key(self) -> &'static str {
        match self {
            ConfigField::Capacity => "cap",
            ConfigField::Slices => "slices",
            ConfigField::Layout => "layout",
            ConfigField::Line => "line",
            ConfigField::Sector => "sector",
            ConfigField::Associativity => "assoc",
            ConfigField::AccessMode => "mode",
            ConfigField::Roadmap => "rm",
            ConfigField::Temperature => "temp",
            ConfigField::Objective => "obj",
            ConfigField::Node => "node",
        }
    }

    /// The field whose share-link key is `key`.
    pub fn from_key(key: &str) -> Option<ConfigField> {
        ConfigField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The command-line option.
    pub fn flag(self) -> &'static str {
        match self {
            ConfigField::Capacity => "--capacity-mib",
            ConfigField::Slices => "--slices",
            ConfigField::Layout => "--layout",
            ConfigField::Line => "--line-bytes",
            ConfigField::Sector => "--sector-bytes",
            ConfigField::Associativity => "--assoc",
            ConfigField::AccessMode => "--access-mode",
            ConfigField::Roadmap => "--roadmap",
            ConfigField::Temperature => "--temperature-k",
            ConfigField::Objective => "--objective",
            ConfigField::Node => "--node-nm",
        }
    }

    /// The label on the page, with its unit.
    pub fn label(self) -> &'static str {
        match self {
            ConfigField::Capacity => "Capacity (MiB, all slices)",
            ConfigField::Slices => "Slices",
            ConfigField::Layout => "Layout",
            ConfigField::Line => "Line size (B)",
            ConfigField::Sector => "Sector, bytes per access (B)",
            ConfigField::Associativity => "Associativity (ways)",
            ConfigField::AccessMode => "Access mode",
            ConfigField::Roadmap => "Periphery transistors (roadmap)",
            ConfigField::Temperature => "Temperature (K)",
            ConfigField::Objective => "Organisation optimised for",
            ConfigField::Node => "Process node (nm)",
        }
    }

    /// What the field accepts, for messages.
    pub fn accepted(self) -> String {
        match self {
            ConfigField::Capacity => format!(
                "a number of MiB from {} to {} (decimals allowed, whole bytes: 2.75 = 2816 KiB)",
                mib_text(CAPACITY_RANGE_BYTES.0),
                mib_text(CAPACITY_RANGE_BYTES.1)
            ),
            ConfigField::Slices => {
                format!(
                    "a whole number from {} to {}",
                    SLICES_RANGE.0, SLICES_RANGE.1
                )
            }
            ConfigField::Layout => words(LAYOUTS.iter().map(|(w, _)| *w)),
            ConfigField::Line => format!(
                "a power of two from {} to {} bytes",
                LINE_RANGE_BYTES.0, LINE_RANGE_BYTES.1
            ),
            ConfigField::Sector => format!(
                "a power of two from {} to {} bytes, at most the line size",
                SECTOR_RANGE_BYTES.0, SECTOR_RANGE_BYTES.1
            ),
            ConfigField::Associativity => format!(
                "a whole number from {} to {}",
                ASSOCIATIVITY_RANGE.0, ASSOCIATIVITY_RANGE.1
            ),
            ConfigField::AccessMode => words(ACCESS_MODES.iter().map(|(w, _)| *w)),
            ConfigField::Roadmap => words(Roadmap::ALL.iter().map(|(w, _)| *w)),
            ConfigField::Temperature => format!(
                "a whole number of kelvin from {} to {}",
                TEMPERATURE_RANGE_K.0, TEMPERATURE_RANGE_K.1
            ),
            ConfigField::Objective => words(Objective::ALL.iter().map(|(w, _)| *w)),
            ConfigField::Node => {
                "`cell` (each cell's own node), a node size in nm (22), or a node \
                 preset id (nvsim_22nm)"
                    .into()
            }
        }
    }
}

fn words<'a>(w: impl Iterator<Item = &'a str>) -> String {
    w.collect::<Vec<_>>().join(", ")
}

/// A capacity in MiB as the share link writes it: the shortest decimal that reads back exactly.
pub fn mib_text(bytes: u64) -> String {
    // bytes / 2^20 is exact in f64 for any byte count below 2^53, and Rust prints the shortest
    // decimal that parses back to the same f64.
    format!("{}", bytes as f64 / MIB as f64)
}

/// A cache setting that cannot be used: which, the value given, and what is accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} = {value}: {problem}", field.label())]
pub struct ConfigError {
    /// The setting.
    pub field: ConfigField,
    /// The value as given.
    pub value: String,
    /// What is wrong and what is accepted.
    pub problem: String,
}

impl ConfigError {
    fn new(field: ConfigField, value: impl fmt::Display, problem: impl Into<String>) -> Self {
        ConfigError {
            field,
            value: crate::preset::shorten(&value.to_string()),
            problem: problem.into(),
        }
    }

    fn out_of_range(field: ConfigField, value: impl fmt::Display) -> Self {
        ConfigError::new(field, value, format!("accepted: {}", field.accepted()))
    }
}

fn parse_whole(field: ConfigField, text: &str, (lo, hi): (u32, u32)) -> Result<u32, ConfigError> {
    match text.trim().parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(ConfigError::out_of_range(field, text)),
    }
}

/// A whole number in the range that is a power of two.
fn parse_power_of_two(
    field: ConfigField,
    text: &str,
    range: (u32, u32),
) -> Result<u32, ConfigError> {
    parse_whole(field, text.trim(), range)
        .ok()
        .filter(|n| n.is_power_of_two())
        .ok_or_else(|| ConfigError::out_of_range(field, text))
}

/// One of the words of a `(word, value)` table.
fn parse_word<T: Copy>(
    field: ConfigField,
    text: &str,
    table: &[(&str, T)],
) -> Result<T, ConfigError> {
    table
        .iter()
        .find(|(w, _)| *w == text.trim())
        .map(|(_, v)| *v)
        .ok_or_else(|| ConfigError::out_of_range(field, text))
}

fn in_range<T: PartialOrd + Copy + fmt::Display>(
    field: ConfigField,
    value: T,
    (lo, hi): (T, T),
) -> Result<(), ConfigError> {
    if value < lo || value > hi {
        Err(ConfigError::out_of_range(field, value))
    } else {
        Ok(())
    }
}

impl CacheConfig {
    /// Sets one field from its text (a share-link value, a page input, a CLI argument). The
    /// other fields are not consulted: call [`CacheConfig::validate`] for the combination.
    pub fn set(&mut self, field: ConfigField, text: &str) -> Result<(), ConfigError> {
        let t = text.trim();
        match field {
            ConfigField::Capacity => {
                let bytes = t
                    .parse::<f64>()
                    .ok()
                    .filter(|m| m.is_finite())
                    .map(|m| m * MIB as f64)
                    .filter(|b| {
                        *b >= CAPACITY_RANGE_BYTES.0 as f64 && *b <= CAPACITY_RANGE_BYTES.1 as f64
                    })
                    .ok_or_else(|| ConfigError::out_of_range(field, text))?;
                if bytes.fract() != 0.0 {
                    return Err(ConfigError::new(
                        field,
                        text,
                        format!(
                            "is {bytes} bytes, not a whole number of bytes; accepted: {}",
                            field.accepted()
                        ),
                    ));
                }
                self.capacity_bytes = bytes as u64;
            }
            ConfigField::Slices => self.slices = parse_whole(field, t, SLICES_RANGE)?,
            ConfigField::Layout => self.layout = parse_word(field, text, &LAYOUTS)?,
            ConfigField::Sector => {
                self.sector_bytes = parse_power_of_two(field, text, SECTOR_RANGE_BYTES)?
            }
            ConfigField::Associativity => {
                self.associativity = parse_whole(field, t, ASSOCIATIVITY_RANGE)?
            }
            ConfigField::Line => {
                self.line_bytes = parse_power_of_two(field, text, LINE_RANGE_BYTES)?
            }
            ConfigField::Temperature => {
                self.temperature_k = parse_whole(field, t, TEMPERATURE_RANGE_K)?
            }
            ConfigField::AccessMode => self.access_mode = parse_word(field, text, &ACCESS_MODES)?,
            ConfigField::Roadmap => self.roadmap = parse_word(field, text, &Roadmap::ALL)?,
            ConfigField::Objective => {
                self.objective =
                    Objective::from_word(t).ok_or_else(|| ConfigError::out_of_range(field, text))?
            }
            ConfigField::Node => {
                self.node = match t {
                    "" | "cell" => NodeChoice::Cell,
                    _ if t.starts_with(|c: char| c.is_ascii_digit()) => NodeChoice::Nm(
                        t.parse::<u32>()
                            .ok()
                            .filter(|n| (1..=1000).contains(n))
                            .ok_or_else(|| ConfigError::out_of_range(field, text))?,
                    ),
                    _ if crate::preset::is_id(t) => NodeChoice::Preset(t.to_string()),
                    _ => return Err(ConfigError::out_of_range(field, text)),
                }
            }
        }
        Ok(())
    }

    /// The text of one field, as [`CacheConfig::set`] reads it back.
    pub fn text(&self, field: ConfigField) -> String {
        match field {
            ConfigField::Capacity => mib_text(self.capacity_bytes),
            ConfigField::Slices => self.slices.to_string(),
            ConfigField::Layout => self.layout.word().into(),
            ConfigField::Line => self.line_bytes.to_string(),
            ConfigField::Sector => self.sector_bytes.to_string(),
            ConfigField::Associativity => self.associativity.to_string(),
            ConfigField::AccessMode => access_mode_word(self.access_mode).into(),
            ConfigField::Roadmap => self.roadmap.word().into(),
            ConfigField::Temperature => self.temperature_k.to_string(),
            ConfigField::Objective => self.objective.word().into(),
            ConfigField::Node => match &self.node {
                NodeChoice::Cell => "cell".into(),
                NodeChoice::Nm(n) => n.to_string(),
                NodeChoice::Preset(id) => id.clone(),
            },
        }
    }

    /// Builds a configuration from field texts over the defaults; returns every problem (each
    /// field's own, then the combination's).
    pub fn from_texts<'a>(
        texts: impl IntoIterator<Item = (ConfigField, &'a str)>,
    ) -> Result<CacheConfig, Vec<ConfigError>> {
        let mut config = CacheConfig::default();
        let mut errors = Vec::new();
        for (field, text) in texts {
            if let Err(e) = config.set(field, text) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            if let Err(e) = config.validate() {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Checks every field's range and that the capacity splits into slices of whole sets, a
    /// power-of-two number of them when the layout is sliced.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use ConfigField as F;
        in_range(F::Capacity, self.capacity_bytes, CAPACITY_RANGE_BYTES)
            .map_err(|_| ConfigError::out_of_range(F::Capacity, mib_text(self.capacity_bytes)))?;
        in_range(F::Slices, self.slices, SLICES_RANGE)?;
        in_range(F::Associativity, self.associativity, ASSOCIATIVITY_RANGE)?;
        in_range(F::Line, self.line_bytes, LINE_RANGE_BYTES)?;
        if !self.line_bytes.is_power_of_two() {
            return Err(ConfigError::out_of_range(F::Line, self.line_bytes));
        }
        in_range(F::Sector, self.sector_bytes, SECTOR_RANGE_BYTES)?;
        if !self.sector_bytes.is_power_of_two() {
            return Err(ConfigError::out_of_range(F::Sector, self.sector_bytes));
        }
        if self.sector_bytes > self.line_bytes {
            return Err(ConfigError::new(
                F::Sector,
                self.sector_bytes,
                format!(
                    "is larger than the {} B line; accepted: {}",
                    self.line_bytes,
                    F::Sector.accepted()
                ),
            ));
        }
        in_range(F::Temperature, self.temperature_k, TEMPERATURE_RANGE_K)?;
        let cap = mib_text(self.capacity_bytes);
        if !self.capacity_bytes.is_multiple_of(u64::from(self.slices)) {
            return Err(ConfigError::new(
                F::Slices,
                self.slices,
                format!(
                    "{cap} MiB ({} bytes) does not split into {} equal slices; pick a slice count \
                     that divides the capacity",
                    self.capacity_bytes, self.slices
                ),
            ));
        }
        let slice = self.capacity_bytes / u64::from(self.slices);
        let set_bytes = u64::from(self.associativity) * u64::from(self.line_bytes);
        if !slice.is_multiple_of(set_bytes) || slice < set_bytes {
            return Err(ConfigError::new(
                F::Associativity,
                self.associativity,
                format!(
                    "a slice of {} does not hold a whole number of {}-way sets of {} B lines \
                     ({set_bytes} B per set); change the capacity, slices, associativity or line size",
                    Capacity::from_bits(slice * 8),
                    self.associativity,
                    self.line_bytes
                ),
            ));
        }
        let sets = slice / set_bytes;
        if self.layout == Layout::Sliced && !sets.is_power_of_two() {
            let below = 1u64 << (63 - sets.leading_zeros());
            return Err(ConfigError::new(
                F::Capacity,
                cap,
                format!(
                    "gives {sets} sets per slice ({} per slice / {set_bytes} B per set); the set \
                     index needs a power of two: e.g. a capacity of {} or {} MiB with {} slice(s), \
                     or layout monolithic (one cache of any whole number of sets)",
                    Capacity::from_bits(slice * 8),
                    mib_text(below * set_bytes * u64::from(self.slices)),
                    mib_text(below * 2 * set_bytes * u64::from(self.slices)),
                    self.slices
                ),
            ));
        }
        Ok(())
    }

    /// The cache of one slice, as `cache::design` takes it. Call after [`CacheConfig::validate`].
    pub fn cache_spec(&self) -> CacheSpec {
        let slices = match self.layout {
            Layout::Sliced => self.slices.max(1),
            Layout::Monolithic => 1,
        };
        CacheSpec {
            slice_capacity_bits: self.capacity_bytes / u64::from(slices) * 8,
            slices,
            line_bytes: self.line_bytes,
            sector_bytes: self.sector_bytes,
            associativity: self.associativity,
            address_bits: ADDRESS_BITS,
            access_mode: self.access_mode,
        }
    }

    /// The organisation in words: `4 MiB, 1 slice, 16-way, 128 B lines of 32 B sectors, 2048
    /// sets per slice, normal access`.
    pub fn describe(&self) -> String {
        let spec = self.cache_spec();
        let slices = match (self.layout, self.slices) {
            (Layout::Monolithic, _) => "one monolithic cache".to_string(),
            (Layout::Sliced, 1) => "1 slice".to_string(),
            (Layout::Sliced, n) => format!(
                "{n} slices of {}",
                Capacity::from_bits(spec.slice_capacity_bits)
            ),
        };
        let sectors = if self.sector_bytes < self.line_bytes {
            format!(" of {} B sectors", self.sector_bytes)
        } else {
            String::new()
        };
        let per = match self.layout {
            Layout::Sliced => " per slice",
            Layout::Monolithic => "",
        };
        format!(
            "{}, {slices}, {}-way, {} B lines{sectors}, {} sets{per}, {} access",
            Capacity::from_bits(self.capacity_bytes * 8),
            self.associativity,
            self.line_bytes,
            spec.sets(),
            access_mode_word(self.access_mode)
        )
    }
}

/// Why a cell could not be built into a cache.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CellTechError {
    /// A cache setting cannot be used.
    #[error("cache configuration: {0}")]
    Config(#[from] ConfigError),
    /// Neither the cell nor the configuration names a process node.
    #[error(
        "cell `{cell}` states no process node (an NVSim .cell usually leaves it to the .cfg); \
         set the process node to a size in nm (22) or a node preset id (nvsim_22nm): URL key \
         `node`, CLI --node-nm, or the page's \"Process node\" field"
    )]
    NodeUnstated {
        /// The cell's id.
        cell: String,
    },
    /// No node preset has the id asked for.
    #[error("no node preset `{id}`; available: {available}")]
    UnknownNode {
        /// The id asked for.
        id: String,
        /// Every node preset.
        available: String,
    },
    /// No node preset has the node asked for.
    #[error(
        "no node preset for {nm} nm (wanted cacti_{nm}nm or nvsim_{nm}nm); nearest: {nearest}; \
         available: {available}. Pick one of those sizes as the process node"
    )]
    NoNode {
        /// The node asked for (nm).
        nm: u32,
        /// The nearest preset(s).
        nearest: String,
        /// Every node preset.
        available: String,
    },
    /// The node's tables cannot answer (roadmap, temperature or wire class missing).
    #[error("node {node}: {source}")]
    Tech {
        /// The node preset id.
        node: String,
        /// What is missing.
        source: CtxError,
    },
    /// No organisation could be found.
    #[error("cell `{cell}` as a {config}: {source}")]
    Design {
        /// The cell's id.
        cell: String,
        /// The organisation asked for, in words.
        config: String,
        /// The search's reason.
        source: CacheError,
    },
}

/// The node preset for `nm`: `cacti_<nm>nm` first (the product path uses CACTI's ITRS tables),
/// then `nvsim_<nm>nm`, then any other preset whose feature size is `nm` (in id order).
pub fn node_for(nodes: &[Node], nm: u32) -> Result<&Node, CellTechError> {
    let size = node_size_nm;
    let rank = |n: &Node| {
        if n.id == format!("cacti_{nm}nm") {
            0
        } else if n.id == format!("nvsim_{nm}nm") {
            1
        } else {
            2
        }
    };
    if let Some(n) = nodes
        .iter()
        .filter(|n| size(n) == nm)
        .min_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id)))
    {
        return Ok(n);
    }
    let best = nodes.iter().map(|n| size(n).abs_diff(nm)).min();
    let nearest: Vec<&str> = nodes
        .iter()
        .filter(|n| Some(size(n).abs_diff(nm)) == best)
        .map(|n| n.id.as_str())
        .collect();
    Err(CellTechError::NoNode {
        nm,
        nearest: if nearest.is_empty() {
            "none (no node presets are loaded)".into()
        } else {
            nearest.join(", ")
        },
        available: nodes
            .iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// A node preset's feature size, nm.
pub fn node_size_nm(node: &Node) -> u32 {
    (node.feature_size.m() * 1e9).round() as u32
}

/// The node sizes (nm) the loaded node presets offer, ascending, without repeats.
pub fn node_sizes(nodes: &[Node]) -> Vec<u32> {
    let mut v: Vec<u32> = nodes.iter().map(node_size_nm).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A wire class of `layer`: aggressive (NVSim's default), or conservative where the node gives
/// only that (the IRDS presets). Returns the class and whether it fell back.
fn wire(node: &Node, layer: WireLayer) -> (WireClass, bool) {
    let aggressive = WireClass::new(layer, Projection::Aggressive);
    let conservative = WireClass::new(layer, Projection::Conservative);
    if node.wire(aggressive).is_none() && node.wire(conservative).is_some() {
        (conservative, true)
    } else {
        (aggressive, false)
    }
}

/// A cache built from a cell, with the design behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellCache {
    /// The technology as the comparison uses it.
    pub technology: Technology,
    /// The designed cache (data and tag arrays, organisations, breakdowns).
    pub cache: CacheResult,
    /// The node preset used.
    pub node: String,
}

/// Builds `cell` into the cache `config` describes and returns it as a [`Technology`].
pub fn cell_technology(
    cell: &CellSpec,
    config: &CacheConfig,
    nodes: &[Node],
) -> Result<Technology, CellTechError> {
    cell_cache(cell, config, nodes).map(|c| c.technology)
}

/// As [`cell_technology`], keeping the designed cache.
pub fn cell_cache(
    cell: &CellSpec,
    config: &CacheConfig,
    nodes: &[Node],
) -> Result<CellCache, CellTechError> {
    config.validate()?;
    let node = match (&config.node, cell.node_nm) {
        (NodeChoice::Preset(id), _) => {
            nodes
                .iter()
                .find(|n| &n.id == id)
                .ok_or_else(|| CellTechError::UnknownNode {
                    id: id.clone(),
                    available: nodes
                        .iter()
                        .map(|n| n.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?
        }
        (NodeChoice::Nm(nm), _) => node_for(nodes, *nm)?,
        (NodeChoice::Cell, Some(nm)) if nm.is_finite() && nm >= 1.0 => {
            node_for(nodes, nm.round() as u32)?
        }
        (NodeChoice::Cell, _) => {
            return Err(CellTechError::NodeUnstated {
                cell: cell.id.clone(),
            })
        }
    };
    let nm = node_size_nm(node);
    let (local, local_fallback) = wire(node, WireLayer::Local);
    let (global, global_fallback) = wire(node, WireLayer::Global);
    let ctx = Ctx::new(
        node,
        config.roadmap,
        f64::from(config.temperature_k),
        local,
        global,
    )
    .map_err(|source| CellTechError::Tech {
        node: node.id.clone(),
        source,
    })?;
    // H-tree, unrepeated, every written bit counted; capacity and widths are set per array by
    // `cache::design`.
    let base = ArrayInput::new(cell.electrical(&ctx), ctx);
    let access_bits = config.sector_bytes * 8;
    let options = SearchOptions {
        objective: config.objective,
        cacti_assumption: true,
        forced: Forced::default(),
    };
    let spec = config.cache_spec();
    let cache = design(&spec, &base, &options).map_err(|source| CellTechError::Design {
        cell: cell.id.clone(),
        config: config.describe(),
        source,
    })?;

    let org = |r: &crate::array::ArrayResult| {
        let o = &r.organization;
        format!(
            "{} × {} mats of {} × {} subarrays of {} × {} cells, mux {}/{}",
            o.bank_rows,
            o.bank_cols,
            o.mat_rows,
            o.mat_cols,
            o.subarray_rows,
            o.subarray_cols,
            o.mux_sense_amp,
            o.mux_output1 * o.mux_output2
        )
    };
    let mut notes = format!(
        "Cache: {}. Built at {} nm with node preset {}, {} periphery, {} K; organisation chosen \
         for {} (data array {}; tag array {}). Wires: {}, {}, H-tree without repeaters. Write \
         energy counts every written bit of a sector and its tag.",
        config.describe(),
        nm,
        node.id,
        config.roadmap.word().to_uppercase(),
        config.temperature_k,
        config.objective.word(),
        org(&cache.data),
        org(&cache.tag),
        local.name(),
        global.name(),
    );
    if local_fallback || global_fallback {
        notes.push_str(&format!(
            " {} has no aggressive wire classes; its conservative ones were used.",
            node.id
        ));
    }
    if cell
        .node_nm
        .is_some_and(|c| (c - f64::from(nm)).abs() > 0.5)
    {
        notes.push_str(&format!(
            " The cell was characterised at {} nm and is placed at {nm} nm (F-relative sizes \
             scale with the node; a footprint in µm² does not).",
            cell.node_nm.unwrap_or_default()
        ));
    }
    if let Some(n) = &cell.notes {
        notes.push_str(" Cell: ");
        notes.push_str(n);
    }
    let technology = Technology {
        id: cell.id.clone(),
        name: cell.name.clone(),
        memory: cell.kind,
        capacity: Capacity::from_bits(config.capacity_bytes * 8),
        node_nm: Some(nm),
        access_bits,
        metrics: Metrics {
            area: cache.area,
            read_latency: cache.hit_latency,
            write_latency: cache.write_latency,
            read_energy: cache.hit_energy,
            write_energy: cache.write_energy,
            leakage: cache.leakage,
        },
        source: format!(
            "{} Cache figures: nvmcalc's circuit model (cell → subarray → mat → bank, data + tag \
             arrays, organisation search) for this cell in a {} cache at {nm} nm ({}, {} K, \
             optimised for {}).",
            cell.source.trim_end(),
            Capacity::from_bits(config.capacity_bytes * 8),
            config.roadmap.word().to_uppercase(),
            config.temperature_k,
            config.objective.word()
        ),
        notes: Some(notes),
    };
    Ok(CellCache {
        technology,
        cache,
        node: node.id.clone(),
    })
}

/// A preset-style id from a file name: the stem (no folders, no extension), lower-cased, every
/// character outside `[a-z0-9_]` replaced by `_`, runs of `_` collapsed, trimmed of `_`, with a
/// leading letter (`custom_` is put in front of a digit or an empty stem), at most 48 characters.
/// `"My STT (v2).cell"` → `my_stt_v2`.
pub fn id_from_file_name(file_name: &str) -> String {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => name,
    };
    let mut id = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '_'
        };
        if c == '_' && (id.is_empty() || id.ends_with('_')) {
            continue;
        }
        id.push(c);
    }
    let mut id = id.trim_end_matches('_').to_string();
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id = format!("custom_{id}").trim_end_matches('_').to_string();
    }
    id.chars()
        .take(48)
        .collect::<String>()
        .trim_end_matches('_')
        .to_string()
}

/// Imports a user's NVSim `.cell` text as a custom cell with the id [`id_from_file_name`] gives;
/// `taken` ids (the library's presets, earlier imports) are refused with a message saying how to
/// rename. The cell keeps its file name as its name and says it is user-supplied. A cell that
/// states no process node (`-ProcessNode`) gets `node_nm_if_unstated`, if given, and a note
/// saying so; otherwise the cache configuration must name a node.
pub fn import_custom_cell(
    file_name: &str,
    text: &str,
    taken: &[&str],
    node_nm_if_unstated: Option<u32>,
) -> Result<CellSpec, String> {
    let id = id_from_file_name(file_name);
    if taken.contains(&id.as_str()) {
        return Err(format!(
            "{file_name}: its id `{id}` (from the file name) is already used by a preset or an \
             earlier import; rename the file"
        ));
    }
    if text.len() > crate::preset::MAX_FILE_BYTES {
        return Err(format!(
            "{file_name}: {} bytes; .cell files are limited to {} bytes",
            text.len(),
            crate::preset::MAX_FILE_BYTES
        ));
    }
    let parsed = crate::preset::nvsim::parse_cell(file_name, text).map_err(|e| {
        let lines: Vec<String> = e.0.iter().map(|p| format!("  {p}")).collect();
        format!(
            "{} problem{} in the .cell text:\n{}",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" },
            lines.join("\n")
        )
    })?;
    let mut cell = crate::cell::cell_from_nvsim(file_name, &parsed).map_err(|e| e.to_string())?;
    cell.id = id;
    cell.source =
        format!("User-supplied NVSim cell file {file_name} (not a shipped, cited preset).");
    if let (None, Some(nm)) = (cell.node_nm, node_nm_if_unstated) {
        cell.node_nm = Some(f64::from(nm));
        let note = format!(
            "The .cell states no process node; it is placed at {nm} nm as chosen on import."
        );
        cell.notes = Some(match cell.notes.take() {
            Some(n) => format!("{note} {n}"),
            None => note,
        });
    }
    Ok(cell)
}

/// Imports a cell preset file (`.toml`, as `presets/cells/` holds and as the page exports) that a
/// user supplies: the `id` inside names the cell whatever the file is called (browsers rename
/// downloads: `my_stt (1).toml`); `taken` ids are refused with a message saying how to rename.
/// Every problem of the file is listed with its line, key, value and what is accepted.
pub fn import_cell_preset(file_name: &str, text: &str, taken: &[&str]) -> Result<CellSpec, String> {
    if text.len() > crate::preset::MAX_FILE_BYTES {
        return Err(format!(
            "{file_name}: {} bytes; cell preset files are limited to {} bytes",
            text.len(),
            crate::preset::MAX_FILE_BYTES
        ));
    }
    // The id inside, if it is a readable id; otherwise the file name's (the reader then names
    // the `id` problem).
    let inner = text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("id").and_then(|v| v.as_str()).map(str::to_string))
        .filter(|id| crate::preset::is_id(id));
    let id = inner.unwrap_or_else(|| id_from_file_name(file_name));
    let cell = crate::cell::parse_cell_preset(&format!("{id}.toml"), text).map_err(|e| {
        let lines: Vec<String> =
            e.0.iter()
                .map(|p| {
                    let mut p = p.clone();
                    p.file = file_name.to_string();
                    format!("  {p}")
                })
                .collect();
        format!(
            "{} problem{} in the cell preset file:\n{}",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" },
            lines.join("\n")
        )
    })?;
    if taken.contains(&cell.id.as_str()) {
        return Err(format!(
            "{file_name}: its id `{}` is already used by a preset or an earlier import; change \
             `id = …` in the file",
            cell.id
        ));
    }
    Ok(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_preset_file_imports_by_the_id_inside_whatever_its_name() {
        let text = include_str!("../presets/cells/sot_16nm.toml");
        let cell = import_cell_preset("sot_16nm (1).toml", text, &[]).unwrap();
        assert_eq!(cell.id, "sot_16nm");
        let e = import_cell_preset("x.toml", text, &["sot_16nm"]).unwrap_err();
        assert!(e.contains("already used"), "{e}");
        let broken = text.replace("pulse_ns = 0.4", "pulse_ns = -1");
        let e = import_cell_preset("mine.toml", &broken, &[]).unwrap_err();
        assert!(
            e.contains("mine.toml") && e.contains("pulse_ns") && e.contains("-1"),
            "{e}"
        );
        let e = import_cell_preset("junk.toml", "\u{0}\u{1}garbage = = =", &[]).unwrap_err();
        assert!(e.contains("junk.toml"), "{e}");
        let big = "#".repeat(crate::preset::MAX_FILE_BYTES + 1);
        assert!(import_cell_preset("big.toml", &big, &[])
            .unwrap_err()
            .contains("limited"));
    }
    use crate::technology::MemoryKind;

    use crate::shipped_library as shipped;

    fn positive(t: &Technology) {
        let m = &t.metrics;
        for (what, x) in [
            ("area", m.area.mm2()),
            ("read latency", m.read_latency.ns()),
            ("write latency", m.write_latency.ns()),
            ("read energy", m.read_energy.pj()),
            ("write energy", m.write_energy.pj()),
            ("leakage", m.leakage.mw()),
        ] {
            assert!(x.is_finite() && x > 0.0, "{}: {what} = {x}", t.id);
        }
    }

    #[test]
    fn every_shipped_cell_gives_finite_positive_metrics_at_the_default_config() {
        let lib = shipped();
        assert!(!lib.cells.is_empty());
        let config = CacheConfig::default();
        for cell in &lib.cells {
            let t = cell_technology(cell, &config, &lib.nodes).unwrap_or_else(|e| panic!("{e}"));
            positive(&t);
            assert_eq!(t.id, cell.id);
            assert_eq!(t.memory, cell.kind);
            assert_eq!(t.capacity, Capacity::from_bytes(4 << 20).unwrap());
            assert_eq!(t.access_bits, 256, "a 32 B sector per access");
            assert!(t.source.starts_with(cell.source.trim_end()), "{}", t.source);
            assert!(t.source.contains("nvmcalc's circuit model"), "{}", t.source);
            let notes = t.notes.as_deref().unwrap_or("");
            assert!(notes.contains("cacti_"), "{notes}");
            assert!(notes.contains("350 K") && notes.contains("edap"), "{notes}");
        }
    }

    #[test]
    fn a_monolithic_layout_takes_any_whole_number_of_sets() {
        let lib = shipped();
        let cell = lib.cell("sram_16nm").unwrap();
        // 3 MiB of 16-way 128 B lines is 1536 sets: no power-of-two index for one slice.
        let mut c = CacheConfig {
            capacity_bytes: 3 << 20,
            ..CacheConfig::default()
        };
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, ConfigField::Capacity);
        assert!(
            e.problem.contains("1536 sets") && e.problem.contains("monolithic"),
            "{e}"
        );
        c.set(ConfigField::Layout, "monolithic").unwrap();
        c.validate().unwrap();
        assert_eq!(c.cache_spec().sets(), 1536);
        assert_eq!(c.cache_spec().index_bits(), 11);
        let t = cell_technology(cell, &c, &lib.nodes).unwrap();
        positive(&t);
        assert!(t
            .notes
            .unwrap()
            .contains("one monolithic cache, 16-way, 128 B lines of 32 B sectors, 1536 sets"));
        // Three slices of 1 MiB: three short H-trees instead of one long one, and three times
        // one slice's periphery.
        c.layout = Layout::Sliced;
        c.slices = 3;
        let sliced = cell_technology(cell, &c, &lib.nodes).unwrap();
        assert!(sliced.metrics.read_latency.ns() < t.metrics.read_latency.ns());
        assert!(c.set(ConfigField::Layout, "banked").is_err());
    }

    #[test]
    fn a_sector_narrows_every_access_and_adds_status_bits() {
        let lib = shipped();
        let cell = lib.cell("stt_16nm").unwrap();
        let mut c = CacheConfig::default();
        let sectored = cell_technology(cell, &c, &lib.nodes).unwrap();
        let tag_sectored = c.cache_spec().tag_bits();
        c.set(ConfigField::Sector, "128").unwrap();
        c.validate().unwrap();
        let whole = cell_technology(cell, &c, &lib.nodes).unwrap();
        assert_eq!((sectored.access_bits, whole.access_bits), (256, 1024));
        // A 32 B sector of each of 16 ways is sensed instead of a 128 B line of each.
        assert!(sectored.metrics.read_energy.pj() < whole.metrics.read_energy.pj());
        assert!(sectored.metrics.write_energy.pj() < whole.metrics.write_energy.pj());
        // A valid and a dirty bit per sector: 4 sectors add 6 bits to the tag.
        assert_eq!(tag_sectored, c.cache_spec().tag_bits() + 6);
        // A sector larger than the line, or not a power of two, is refused by name.
        c.set(ConfigField::Line, "64").unwrap();
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, ConfigField::Sector);
        assert!(
            e.to_string().contains("Sector") && e.problem.contains("64 B line"),
            "{e}"
        );
        let e = c.set(ConfigField::Sector, "48").unwrap_err();
        assert!(
            e.to_string()
                .contains("= 48: accepted: a power of two from 8"),
            "{e}"
        );
    }

    #[test]
    fn the_result_is_deterministic() {
        let lib = shipped();
        let cell = lib.cell("stt_22nm").unwrap();
        let a = cell_technology(cell, &CacheConfig::default(), &lib.nodes).unwrap();
        let b = cell_technology(cell, &CacheConfig::default(), &lib.nodes).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn nvm_cells_leak_less_and_are_smaller_than_sram_in_the_same_cache() {
        let lib = shipped();
        let c = CacheConfig::default();
        let t = |id: &str| cell_technology(lib.cell(id).unwrap(), &c, &lib.nodes).unwrap();
        let (sram, stt, sot) = (t("sram_22nm"), t("stt_22nm"), t("sot_22nm"));
        for nvm in [&stt, &sot] {
            assert!(
                nvm.metrics.leakage.w() < sram.metrics.leakage.w(),
                "{}",
                nvm.id
            );
            assert!(nvm.metrics.area.m2() < sram.metrics.area.m2(), "{}", nvm.id);
        }
        assert_eq!(stt.memory, MemoryKind::SttMram);
        assert_eq!(sot.memory, MemoryKind::SotMram);
    }

    #[test]
    fn a_gpu_l2_of_non_power_of_two_capacity_works_through_slices() {
        let lib = shipped();
        // GTX 1080 Ti-like: 2816 KiB = 11 slices of 256 KiB, 16-way, 128 B lines (128 sets each).
        let mut c = CacheConfig::default();
        c.set(ConfigField::Capacity, "2.75").unwrap();
        c.set(ConfigField::Slices, "11").unwrap();
        assert_eq!(c.capacity_bytes, 2816 * 1024);
        c.validate().unwrap();
        assert_eq!(c.cache_spec().sets(), 128);
        let cell = lib.cell("stt_22nm").unwrap();
        let sliced = cell_technology(cell, &c, &lib.nodes).unwrap();
        positive(&sliced);
        assert_eq!(sliced.capacity.to_string(), "2816 KiB");
        // Eleven slices: area and leakage are eleven times one slice's; per-access figures are a
        // slice's.
        let mut one = c.clone();
        one.capacity_bytes = 256 * 1024;
        one.slices = 1;
        let slice = cell_technology(cell, &one, &lib.nodes).unwrap();
        let ratio = sliced.metrics.area.m2() / slice.metrics.area.m2();
        assert!((ratio - 11.0).abs() < 1e-9, "{ratio}");
        assert_eq!(sliced.metrics.read_latency, slice.metrics.read_latency);
        assert!(sliced.notes.unwrap().contains("11 slices of 256 KiB"));
    }

    #[test]
    fn bad_configs_name_the_field_the_value_and_what_is_accepted() {
        let mut c = CacheConfig::default();
        let e = c.set(ConfigField::Capacity, "-1").unwrap_err();
        assert_eq!(e.field, ConfigField::Capacity);
        assert_eq!(
            e.to_string(),
            "Capacity (MiB, all slices) = -1: accepted: a number of MiB from 0.0625 to 1024 \
             (decimals allowed, whole bytes: 2.75 = 2816 KiB)"
        );
        let e = c.set(ConfigField::Capacity, "0.1").unwrap_err();
        assert!(e.to_string().contains("not a whole number of bytes"), "{e}");
        for (field, bad) in [
            (ConfigField::Capacity, "NaN"),
            (ConfigField::Capacity, "inf"),
            (ConfigField::Capacity, "4096"),
            (ConfigField::Slices, "0"),
            (ConfigField::Slices, "1.5"),
            (ConfigField::Line, "96"),
            (ConfigField::Line, "8"),
            (ConfigField::Associativity, "0"),
            (ConfigField::Associativity, "-16"),
            (ConfigField::Temperature, "200"),
            (ConfigField::Temperature, "350.5"),
            (ConfigField::AccessMode, "parallel"),
            (ConfigField::Roadmap, "lp"),
            (ConfigField::Objective, "speed"),
            (ConfigField::Node, "-22"),
            (ConfigField::Node, "22nm"),
            (ConfigField::Node, "Cacti 22"),
        ] {
            let mut c = CacheConfig::default();
            let e = c
                .set(field, bad)
                .expect_err(&format!("{field:?} = {bad} is refused"));
            assert_eq!(e.field, field);
            let text = e.to_string();
            assert!(text.contains(field.label()) && text.contains(bad), "{text}");
            assert!(text.contains("accepted"), "{text}");
            assert_eq!(c, CacheConfig::default(), "a refused value changes nothing");
        }

        // Combinations.
        let mut c = CacheConfig::default();
        c.set(ConfigField::Capacity, "3").unwrap();
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, ConfigField::Capacity);
        assert!(
            e.to_string().contains("1536 sets per slice")
                && e.to_string().contains("capacity of 2 or 4 MiB"),
            "{e}"
        );
        c.slices = 3;
        c.validate().unwrap();
        c.slices = 5;
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, ConfigField::Slices);
        assert!(
            e.to_string().contains("does not split into 5 equal slices"),
            "{e}"
        );
        let lib = shipped();
        let err = cell_technology(lib.cell("sram_22nm").unwrap(), &c, &lib.nodes).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cache configuration: Slices = 5:"),
            "{err}"
        );
    }

    #[test]
    fn texts_round_trip_and_collect_every_error() {
        let mut c = CacheConfig::default();
        for (f, t) in [
            (ConfigField::Capacity, "0.75"),
            (ConfigField::Slices, "3"),
            (ConfigField::Line, "64"),
            (ConfigField::Associativity, "8"),
            (ConfigField::AccessMode, "sequential"),
            (ConfigField::Roadmap, "lop"),
            (ConfigField::Temperature, "330"),
            (ConfigField::Objective, "read_edp"),
            (ConfigField::Node, "32"),
        ] {
            c.set(f, t).unwrap();
            assert_eq!(c.text(f), t);
        }
        c.validate().unwrap();
        let texts: Vec<(ConfigField, String)> =
            ConfigField::ALL.iter().map(|&f| (f, c.text(f))).collect();
        let back = CacheConfig::from_texts(texts.iter().map(|(f, t)| (*f, t.as_str()))).unwrap();
        assert_eq!(back, c);
        let errs = CacheConfig::from_texts([
            (ConfigField::Slices, "x"),
            (ConfigField::Temperature, "1000"),
        ])
        .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(ConfigField::from_key("rm"), Some(ConfigField::Roadmap));
        assert_eq!(ConfigField::from_key("zz"), None);
    }

    #[test]
    fn node_choice_prefers_cacti_then_nvsim_and_names_the_nearest() {
        let lib = shipped();
        assert_eq!(node_for(&lib.nodes, 22).unwrap().id, "cacti_22nm");
        assert_eq!(node_for(&lib.nodes, 14).unwrap().id, "irds_14nm");
        let e = node_for(&lib.nodes, 20).unwrap_err().to_string();
        assert!(
            e.contains("no node preset for 20 nm") && e.contains("nearest: cacti_22nm"),
            "{e}"
        );
        assert!(node_sizes(&lib.nodes).starts_with(&[7, 14, 16, 22]));

        // A node override places the cell elsewhere, and says so.
        let mut c = CacheConfig {
            node: NodeChoice::Nm(32),
            ..CacheConfig::default()
        };
        let t = cell_technology(lib.cell("stt_22nm").unwrap(), &c, &lib.nodes).unwrap();
        assert_eq!(t.node_nm, Some(32));
        assert!(t.notes.unwrap().contains("placed at 32 nm"));
        c.node = NodeChoice::Nm(20);
        let e = cell_technology(lib.cell("stt_22nm").unwrap(), &c, &lib.nodes).unwrap_err();
        assert!(matches!(e, CellTechError::NoNode { nm: 20, .. }), "{e}");
        // A node preset by id: stock NVSim's own 22 nm tables.
        c.set(ConfigField::Node, "nvsim_22nm").unwrap();
        let t = cell_technology(lib.cell("sram_22nm").unwrap(), &c, &lib.nodes).unwrap();
        assert!(t.notes.unwrap().contains("node preset nvsim_22nm"));
        c.set(ConfigField::Node, "nvsim_23nm").unwrap();
        let e = cell_technology(lib.cell("sram_22nm").unwrap(), &c, &lib.nodes).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("no node preset `nvsim_23nm`; available: cacti_16nm"),
            "{e}"
        );
        // The 16 nm node has only HP devices: another roadmap is a named error.
        c.node = NodeChoice::Cell;
        c.roadmap = Roadmap::Lstp;
        let e = cell_technology(lib.cell("stt_16nm").unwrap(), &c, &lib.nodes)
            .unwrap_err()
            .to_string();
        assert!(e.contains("cacti_16nm") && e.contains("lstp"), "{e}");
    }

    #[test]
    fn imported_nvsim_cells_get_a_sanitised_id_and_need_a_node() {
        assert_eq!(id_from_file_name("My STT (v2).cell"), "my_stt_v2");
        assert_eq!(
            id_from_file_name("/x/y/sample_STTRAM.cell"),
            "sample_sttram"
        );
        assert_eq!(id_from_file_name("22nm.cell"), "custom_22nm");
        assert_eq!(id_from_file_name("…"), "custom");
        assert_eq!(id_from_file_name(".cell"), "cell");
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/golden/nvsim/configs/sample_STTRAM.cell"),
        )
        .unwrap();
        let lib = shipped();
        let cell = import_custom_cell("sample_STTRAM.cell", &text, &["stt_22nm"], None).unwrap();
        assert_eq!(cell.id, "sample_sttram");
        assert!(cell.source.contains("User-supplied"));
        let e =
            import_custom_cell("sample_STTRAM.cell", &text, &["sample_sttram"], None).unwrap_err();
        assert!(e.contains("already used"), "{e}");
        let e = import_custom_cell("x.cell", "-MemCellType: banana\n", &[], None).unwrap_err();
        assert!(
            e.contains("in the .cell text:\n  x.cell:1: -MemCellType"),
            "{e}"
        );
        let mut c = CacheConfig::default();
        if cell.node_nm.is_none() {
            let e = cell_technology(&cell, &c, &lib.nodes).unwrap_err();
            assert!(matches!(e, CellTechError::NodeUnstated { .. }), "{e}");
        }
        c.node = NodeChoice::Nm(22);
        positive(&cell_technology(&cell, &c, &lib.nodes).unwrap());
        // A node chosen on import places a cell that states none.
        let placed = import_custom_cell("s.cell", &text, &[], Some(32)).unwrap();
        if cell.node_nm.is_none() {
            assert_eq!(placed.node_nm, Some(32.0));
            assert!(placed.notes.as_deref().unwrap().contains("placed at 32 nm"));
        }
        let t = cell_technology(&placed, &CacheConfig::default(), &lib.nodes).unwrap();
        assert_eq!(t.node_nm, Some(32));
    }
}
