//! The whole input state ([`Scenario`]) and its share link.
//!
//! A link holds every parameter under a short readable key, versioned by `v`. The keys are listed
//! once, in the parameter table [`param::PARAMS`] (key, `nvmcalc compare` option, label, unit,
//! default, accepted values, example); the link codec (`link.rs`), the unknown-key notice, the
//! CLI's messages and the README's parameter table all come from it.
//!
//! `tech` names cache-characterisation presets (`presets/caches/`), cell presets
//! (`presets/cells/`) or the link's own custom cells (`cell`); a cell is built by the circuit model
//! into the cache the cache keys describe ([`crate::design::config::CacheConfig`]; they do not
//! change cache-characterisation presets). A network workload (`net`) replaces the count preset
//! `wl`: the network runs on a GPU through the traffic model, and the analysis may then be
//! iso-area, scalability or across networks as well as iso-capacity.
//!
//! [`Scenario::to_query`] leaves out what a link need not say: `energy`, `leak`, `an` and each cache
//! key at their defaults, the network keys without `net` (`seq` and `decode` when unset), and
//! `nets` except with `an=workloads` and a set other than the default (every network preset). The
//! defaults are part of link version 1 and change only with a new version, so links made before a
//! key existed decode exactly as before.
//!
//! Decoding never fails: each bad parameter becomes a [`Notice`] naming the key, the value and what is
//! accepted, and that part of the state falls back to the default. The CLI treats notices as errors.

mod custom;
mod defaults;
mod link;
pub mod param;
pub mod profile;
mod switch;

pub use custom::{
    entries, key_unit, to_preset_toml, Change, CustomCell, CustomCellError, Entry, Literal, Value,
    MAX_CHANGES, MAX_CUSTOM_CELLS, MAX_TEXT_CHARS,
};
pub use param::{Param, ParamId, PARAMS};
pub use switch::Switched;

use std::fmt;

use serde::Serialize;

use crate::circuit::cell::CellSpec;
use crate::design::config::CacheConfig;
use crate::design::eval::{Accounting, DelayDefinition, EnergyScope, LeakagePeriod};
use crate::gpu::network::Phase;
use crate::gpu::workload::DlWorkload;
use crate::library::Library;

/// The codec version written by [`Scenario::to_query`].
pub const URL_VERSION: u32 = 1;
/// Longest query accepted; longer ones are refused whole.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most technologies in one comparison.
pub const MAX_TECHNOLOGIES: usize = 16;
/// Most networks in one across-networks analysis (`nets`).
pub const MAX_NETWORKS: usize = 12;

/// Everything that determines a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Technology preset ids, in display order.
    pub technologies: Vec<String>,
    /// The technology every other one is normalised to.
    pub baseline: String,
    /// Workload preset id.
    pub workload: String,
    /// Which time is the delay in EDP.
    pub delay: DelayDefinition,
    /// Which energies count (the L2's, or the L2's and DRAM's).
    pub energy: EnergyScope,
    /// The time the L2's leakage is paid over.
    pub leakage: LeakagePeriod,
    /// The cache every cell-preset technology is built into (the baseline's, for iso-area and
    /// the slice template for scalability).
    pub cache: CacheConfig,
    /// A network run on a GPU; when set it replaces the count preset `workload`.
    pub network: Option<DlWorkload>,
    /// Which analysis to run.
    pub analysis: Analysis,
    /// The user's cells, written as changes from cell presets; `technologies` may name them.
    pub cells: Vec<CustomCell>,
    /// The networks of the across-networks analysis ([`Analysis::Workloads`]), network preset
    /// ids in display order; empty: every loaded network preset.
    pub networks: Vec<String>,
    /// The user's own profile: when set (and no `network`), it is the workload.
    pub profile: Option<crate::gpu::profile::ProfileRun>,
}

/// The analyses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Analysis {
    /// Every technology at the scenario's capacity.
    #[default]
    IsoCapacity,
    /// Each cell's largest L2 in the baseline's area (needs a network workload and cells).
    IsoArea,
    /// A sweep of capacities, 1 MiB to 512 MiB (needs a network workload and cells).
    Scaling,
    /// Each cell's designed cache: the organisation of its data and tag arrays and their
    /// breakdown by component (needs cells, no workload).
    Details,
    /// Iso-capacity on several networks at once (`nets`), each with the main network's phase,
    /// batch, element size and GPU ([`crate::workloads`]).
    Workloads,
}

impl Analysis {
    /// Every analysis with its URL / command-line word.
    pub const ALL: [(&'static str, Analysis); 5] = [
        ("iso_capacity", Analysis::IsoCapacity),
        ("iso_area", Analysis::IsoArea),
        ("scaling", Analysis::Scaling),
        ("details", Analysis::Details),
        ("workloads", Analysis::Workloads),
    ];

    /// The word for URLs and the command line.
    pub fn word(self) -> &'static str {
        match self {
            Analysis::IsoCapacity => "iso_capacity",
            Analysis::IsoArea => "iso_area",
            Analysis::Scaling => "scaling",
            Analysis::Details => "details",
            Analysis::Workloads => "workloads",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Analysis::IsoCapacity => "iso-capacity",
            Analysis::IsoArea => "iso-area",
            Analysis::Scaling => "scalability",
            Analysis::Details => "cache details",
            Analysis::Workloads => "across networks",
        }
    }

    /// Parses a word.
    pub fn from_word(word: &str) -> Option<Analysis> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, a)| *a)
    }
}

/// Default batch of a network workload.
pub const DEFAULT_BATCH: u64 = 32;
/// Default bytes per element (FP16).
pub const DEFAULT_ELEMENT_BYTES: u32 = 2;
/// Element sizes accepted (INT8/FP8, FP16/BF16, FP32).
pub const ELEMENT_BYTES: [u32; 3] = [1, 2, 4];
/// The GPU a network workload runs on when none is named (DeepNVM++'s GPU class), or the first
/// loaded GPU when it is not loaded.
pub const DEFAULT_GPU: &str = "gtx_1080_ti";

/// A network workload with every key at its default.
pub fn default_network(library: &Library, network: &str) -> DlWorkload {
    DlWorkload {
        network: network.to_string(),
        phase: Phase::Inference,
        batch: DEFAULT_BATCH,
        seq_len: None,
        decode_tokens: None,
        element_bytes: DEFAULT_ELEMENT_BYTES,
        gpu: default_gpu(library),
        measured: None,
    }
}

/// [`DEFAULT_GPU`] when loaded, else the first loaded GPU.
pub fn default_gpu(library: &Library) -> String {
    if library.gpu(DEFAULT_GPU).is_some() || library.gpus.is_empty() {
        DEFAULT_GPU.to_string()
    } else {
        library.gpus[0].id.clone()
    }
}

/// Why a scenario has no share link.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareLinkError {
    /// Longer than a link may be.
    #[error(
        "the link would be {bytes} bytes, over the {MAX_QUERY_BYTES} a link may carry \
         (long custom-cell texts make it so: shorten them, or share the cell files)"
    )]
    TooLong {
        /// The query's length.
        bytes: usize,
    },
    /// It would not read back as this scenario.
    #[error("the link would not read back as this scenario: {notice}")]
    ReadsDifferently {
        /// What the reader says.
        notice: String,
    },
}

/// A published study the page can show first, above the calculator (link key `study`; a page
/// view like `embed`: the CLI runs it as `nvmcalc reproduce`). `study::reproduce` reproduces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Study {
    /// DeepNVM++ (Inci, Isgenc, Marculescu, IEEE TCAD 2022): `study::reproduce::deepnvm`.
    DeepNvm,
}

impl Study {
    /// Every study with its URL word.
    pub const ALL: [(&'static str, Study); 1] = [("deepnvm", Study::DeepNvm)];

    /// The word for URLs (and `nvmcalc reproduce WORD`).
    pub fn word(self) -> &'static str {
        match self {
            Study::DeepNvm => "deepnvm",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Study::DeepNvm => "the DeepNVM++ reproduction",
        }
    }

    /// Parses a word.
    pub fn from_word(word: &str) -> Option<Study> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, s)| *s)
    }

    /// The shortest link that opens this study's view (`v=1&study=deepnvm`): the page's opening
    /// calculator under the study.
    pub fn query(self) -> String {
        link::encode_study(self)
    }
}

/// A problem with one URL parameter, and what was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The URL key (`tech`, `wl`, …).
    pub key: String,
    /// The value as given (shortened).
    pub value: String,
    /// What is wrong, what is accepted, what was used instead.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "URL parameter `{}` = `{}`: {}",
            self.key, self.value, self.message
        )
    }
}

/// A decoded link.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub scenario: Scenario,
    /// Show only the result (for `<iframe>` embedding).
    pub embed: bool,
    /// A study shown first, above the calculator (`study`).
    pub study: Option<Study>,
    /// One entry per parameter that could not be used; empty for a clean link.
    pub notices: Vec<Notice>,
}

impl Scenario {
    /// How this scenario counts energy and delay.
    pub fn accounting(&self) -> Accounting {
        Accounting {
            delay: self.delay,
            energy: self.energy,
            leakage: self.leakage,
        }
    }

    /// The query string for this scenario (without `?`): the keys in the parameter table's
    /// order ([`PARAMS`]), each left out at its default.
    pub fn to_query(&self, embed: bool) -> String {
        link::encode(self, embed, None)
    }

    /// As [`Scenario::to_query`], for the page's address bar while it shows `study` above the
    /// calculator: the link then opens the same view.
    pub fn to_page_query(&self, embed: bool, study: Option<Study>) -> String {
        link::encode(self, embed, study)
    }

    /// The query of [`Scenario::shareable`], checked the way a reader of the link will read it:
    /// within [`MAX_QUERY_BYTES`], and decoding without a notice to the same scenario. A link
    /// that would not read back is refused with the reason rather than handed out.
    pub fn share_query(&self, library: &Library) -> Result<String, ShareLinkError> {
        let shared = self.shareable(library);
        let query = shared.to_query(false);
        if query.len() > MAX_QUERY_BYTES {
            return Err(ShareLinkError::TooLong { bytes: query.len() });
        }
        let back = Scenario::from_query(&query, library);
        if let Some(n) = back.notices.first() {
            return Err(ShareLinkError::ReadsDifferently {
                notice: n.to_string(),
            });
        }
        if back.scenario != shared {
            return Err(ShareLinkError::ReadsDifferently {
                notice: "the link reads back as another scenario".into(),
            });
        }
        Ok(query)
    }

    /// This scenario as a link carries it: only the technologies `library` or the scenario's own
    /// custom cells define (a CLI run may add cells from `--cell` files it cannot share), and
    /// only the custom cells compared; the baseline moves to the first one left. When none is
    /// left, the library's default technologies and baseline are used.
    pub fn shareable(&self, library: &Library) -> Scenario {
        let known =
            |id: &String| library.has_technology_id(id) || self.cells.iter().any(|c| &c.id == id);
        let technologies: Vec<String> = self
            .technologies
            .iter()
            .filter(|id| known(id))
            .cloned()
            .collect();
        let mut s = self.clone();
        if technologies.is_empty() {
            s.technologies = library.defaults.technologies.clone();
            s.baseline = library.defaults.baseline.clone();
        } else {
            if !technologies.contains(&s.baseline) {
                s.baseline = technologies[0].clone();
            }
            s.technologies = technologies;
        }
        s.cells.retain(|c| s.technologies.contains(&c.id));
        s
    }

    /// The scenario's custom cells, each resolved against its base preset in `library`.
    pub fn custom_cells(&self, library: &Library) -> Result<Vec<CellSpec>, CustomCellError> {
        self.cells
            .iter()
            .map(|c| resolve_custom(c, library))
            .collect()
    }

    /// Decodes a query string (with or without the leading `?`) against the loaded presets. Never
    /// fails: bad parameters become notices and fall back to the library's default scenario.
    pub fn from_query(query: &str, library: &Library) -> Decoded {
        Self::decode(query, library, MAX_QUERY_BYTES)
    }

    /// As [`Scenario::from_query`] for a query the page wrote itself (to its Web Worker): the
    /// length is bounded by what a scenario can hold (its custom cells' texts), not by what a
    /// link may carry.
    pub fn from_page_query(query: &str, library: &Library) -> Decoded {
        Self::decode(query, library, 256 * 1024)
    }

    fn decode(query: &str, library: &Library, max_bytes: usize) -> Decoded {
        link::decode(query, library, max_bytes)
    }
}

/// The cells among `technologies`, in order: cell presets, and the custom cells of `cells` that
/// resolve (a cache-characterisation preset or an unresolvable custom cell is not a cell).
pub fn compared_cells(
    technologies: &[String],
    cells: &[CustomCell],
    library: &Library,
) -> Vec<CellSpec> {
    technologies
        .iter()
        .filter_map(|id| {
            library.cell(id).cloned().or_else(|| {
                cells
                    .iter()
                    .find(|c| &c.id == id)
                    .and_then(|c| resolve_custom(c, library).ok())
            })
        })
        .collect()
}

/// Resolves one custom cell against the library: its base must be a cell preset and its id must
/// not be a preset's.
pub fn resolve_custom(c: &CustomCell, library: &Library) -> Result<CellSpec, CustomCellError> {
    if library.has_technology_id(&c.id) {
        return Err(CustomCellError::PresetId { id: c.id.clone() });
    }
    let Some(base) = library.cell(&c.base) else {
        let cells: Vec<&str> = library.cells.iter().map(|c| c.id.as_str()).collect();
        return Err(CustomCellError::UnknownBase {
            id: c.id.clone(),
            base: c.base.clone(),
            accepted: cells.join(", "),
        });
    };
    c.resolve(base)
}

/// The ids `tech` accepts, for messages: cache presets, then cell presets.
pub fn accepted_technologies(library: &Library) -> String {
    let caches: Vec<&str> = library.technologies.iter().map(|t| t.id.as_str()).collect();
    let cells: Vec<&str> = library.cells.iter().map(|c| c.id.as_str()).collect();
    if cells.is_empty() {
        caches.join(", ")
    } else {
        format!(
            "{} (cache presets); {} (cell presets)",
            caches.join(", "),
            cells.join(", ")
        )
    }
}
