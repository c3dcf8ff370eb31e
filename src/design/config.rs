//! The cache a cell is built into: capacity, slices, layout, line, sector, associativity, access
//! mode, node, roadmap, temperature and search objective ([`CacheConfig`]), their defaults with
//! the reason for each, their accepted ranges, and the one check of a configuration
//! ([`CacheConfig::validate`]) that the link, the CLI and the analyses share.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::circuit::cache::{AccessMode, CacheSpec};
use crate::circuit::explore::Objective;
use crate::circuit::tech::Roadmap;
use crate::nvsim::runner::ADDRESS_BITS;
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
    /// energy are one slice's. Each slice holds any whole number of sets: GPUs hash the address
    /// onto slices and sets (the H100's 50 MiB in 160 slices of 320 KiB and the H200's 60 MiB in
    /// 96 of 640 KiB hold 160 and 320 sets of 16 × 128 B lines per slice).
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
    /// The cell's own node, through [`node_for`](crate::design::build::node_for) (CACTI's tables first).
    #[default]
    Cell,
    /// A node size in nm, through [`node_for`](crate::design::build::node_for).
    Nm(u32),
    /// One node preset by id (`nvsim_22nm`: stock NVSim's own tables).
    Preset(String),
}

/// The cache a cell is built into. Total capacity need not be a power of two: it is split into
/// `slices` identical slices (a GPU L2) of a whole number of sets each, or (layout `monolithic`)
/// built as one cache of any whole number of sets.
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

/// One setting of a [`CacheConfig`], with its name on every surface: the link's parameter table
/// (`scenario::param`) takes each one's key, option and label from here.
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
    pub const fn key(self) -> &'static str {
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
    pub const fn flag(self) -> &'static str {
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
    pub const fn label(self) -> &'static str {
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
            value: crate::input::shorten(&value.to_string()),
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
                    _ if crate::input::is_id(t) => NodeChoice::Preset(t.to_string()),
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

    /// Checks every field's range and that the capacity splits into slices of whole sets. The
    /// set count need not be a power of two in either layout: the index is a hash or modulo of
    /// the address, as in GPU L2s.
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
