//! The whole input state, and its URL codec.
//!
//! A link holds every parameter in short readable keys, versioned by `v`:
//!
//! | key | value | example |
//! |---|---|---|
//! | `v` | codec version (1) | `v=1` |
//! | `tech` | technology preset ids, comma-separated | `tech=sram_a,stt_b` |
//! | `base` | baseline technology id (one of `tech`) | `base=sram_a` |
//! | `wl` | workload preset id | `wl=resnet50_inference` |
//! | `delay` | `access` or `execution` | `delay=access` |
//! | `energy` | energy scope: `l2_dram` (default) or `l2` (the L2's own energy only) | `energy=l2` |
//! | `leak` | leakage paid over the `run` (default) or the summed `access` time | `leak=access` |
//! | `embed` | `1` shows only the result (for iframes) | `embed=1` |
//! | `cell` | a custom cell (repeatable, at most 8): `id~base~key:number~key:'text~-key`, the keys of a cell preset file that differ from the cell preset `base` ([`crate::scenario::CustomCell`]); `tech` may then name `id` | `cell=my_stt~stt_16nm~mtj.r_parallel_ohm:3000` |
//!
//! `tech` names cache-characterisation presets (`presets/caches/`) or cell presets
//! (`presets/cells/`); a cell is built by the circuit model into the cache these keys describe
//! (see [`crate::celltech`]; they do not change cache-characterisation presets):
//!
//! | key | value | default | example |
//! |---|---|---|---|
//! | `cap` | total capacity, MiB (decimals allowed, whole bytes) | `4` | `cap=2.75` |
//! | `slices` | identical slices (GPU L2); sets per slice must be a power of two | `1` | `slices=11` |
//! | `layout` | `sliced` (separate slices) or `monolithic` (one cache of any whole number of sets; `slices` then sets the iso-area step) | `sliced` | `layout=monolithic` |
//! | `assoc` | ways | `16` | `assoc=8` |
//! | `line` | line size, bytes (power of two) | `128` | `line=64` |
//! | `sector` | bytes one access moves (power of two, at most the line) | `32` | `sector=128` |
//! | `mode` | `normal`, `sequential` or `fast` | `normal` | `mode=sequential` |
//! | `node` | process node: `cell` (each cell's own), a size in nm, or a node preset id | `cell` | `node=16`, `node=nvsim_22nm` |
//! | `rm` | periphery roadmap: `hp`, `lstp`, `lop` | `hp` | `rm=lop` |
//! | `temp` | temperature, K (300–400) | `350` | `temp=330` |
//! | `obj` | organisation objective ([`crate::circuit::explore::Objective::ALL`] words) | `edap` | `obj=read_edp` |
//!
//! A **network workload** replaces the count preset `wl` when `net` is given: the network runs on
//! a GPU through the traffic model ([`crate::analysis`]), and the analysis may then be iso-area or
//! scalability as well as iso-capacity (those design caches of new sizes, so they take cell
//! presets):
//!
//! | key | value | default | example |
//! |---|---|---|---|
//! | `net` | network preset id | (none: use `wl`) | `net=resnet50` |
//! | `phase` | `inference` or `training` | `inference` | `phase=training` |
//! | `batch` | samples per step, 1–65 536 | `32` | `batch=64` |
//! | `seq` | tokens per sequence (token networks), 1–1 048 576 | the network's | `seq=512` |
//! | `decode` | LLM decode steps after the prompt, 1–4096 | (none) | `decode=128` |
//! | `elem` | bytes per element: 1, 2 or 4 | `2` | `elem=4` |
//! | `gpu` | GPU preset id | `gtx_1080_ti` | `gpu=tesla_v100` |
//! | `an` | `iso_capacity`, `iso_area`, `scaling`, `details` (each cell's organisation and component breakdown; needs no workload) or `workloads` (iso-capacity across several networks, [`crate::workloads`]) | `iso_capacity` | `an=iso_area` |
//! | `nets` | with `an=workloads`: the networks compared, network preset ids, comma-separated, at most [`MAX_NETWORKS`]; each runs `net`'s phase, batch, element size and GPU | every network preset | `nets=resnet50,bert_base` |
//!
//! The network keys are written only with `net`, `an` only when it is not `iso_capacity`, `nets`
//! only with `an=workloads` and a set other than the default (every network preset).
//!
//! `energy` and `leak` ([`crate::design::eval::Accounting`]) are written only when they are not the
//! default.
//!
//! [`Scenario::to_query`] writes a cache key only when its value differs from the default, so a
//! link without them means the defaults above: they are part of link version 1 and change only
//! with a new version. Old links (without cache keys) decode exactly as before.
//!
//! Decoding never fails: each bad parameter becomes a [`Notice`] naming the key, the value and what is
//! accepted, and that part of the state falls back to the default. The CLI treats notices as errors.

mod custom;
mod defaults;

pub use custom::{
    entries, key_unit, to_preset_toml, Change, CustomCell, CustomCellError, Entry, Literal, Value,
    MAX_CHANGES, MAX_CUSTOM_CELLS, MAX_TEXT_CHARS,
};

use std::fmt;

use serde::Serialize;

use crate::circuit::cell::CellSpec;
use crate::design::build::{node_for, node_sizes};
use crate::design::config::{CacheConfig, ConfigField, NodeChoice};
use crate::design::eval::{Accounting, DelayDefinition, EnergyScope, LeakagePeriod};
use crate::gpu::network::{Phase, MAX_BATCH, MAX_DECODE_TOKENS, MAX_SEQ_LEN};
use crate::gpu::workload::DlWorkload;
use crate::input::percent_decode;
use crate::input::{is_id, shorten};
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub scenario: Scenario,
    /// Show only the result (for `<iframe>` embedding).
    pub embed: bool,
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

    /// The query string for this scenario (without `?`), keys in a fixed order.
    pub fn to_query(&self, embed: bool) -> String {
        let mut q = format!(
            "v={URL_VERSION}&tech={}&base={}&wl={}&delay={}",
            self.technologies.join(","),
            self.baseline,
            self.workload,
            self.delay.word()
        );
        for c in self
            .cells
            .iter()
            .filter(|c| self.technologies.contains(&c.id))
        {
            q.push_str(&format!("&cell={}", c.to_link()));
        }
        if self.energy != EnergyScope::default() {
            q.push_str(&format!("&energy={}", self.energy.word()));
        }
        if self.leakage != LeakagePeriod::default() {
            q.push_str(&format!("&leak={}", self.leakage.word()));
        }
        let default = CacheConfig::default();
        for field in ConfigField::ALL {
            let value = self.cache.text(field);
            if value != default.text(field) {
                q.push_str(&format!("&{}={value}", field.key()));
            }
        }
        if let Some(n) = &self.network {
            q.push_str(&format!(
                "&net={}&phase={}&batch={}&elem={}&gpu={}",
                n.network,
                n.phase.word(),
                n.batch,
                n.element_bytes,
                n.gpu
            ));
            if let Some(seq) = n.seq_len {
                q.push_str(&format!("&seq={seq}"));
            }
            if let Some(d) = n.decode_tokens {
                q.push_str(&format!("&decode={d}"));
            }
        }
        if self.analysis != Analysis::IsoCapacity {
            q.push_str(&format!("&an={}", self.analysis.word()));
        }
        if self.analysis == Analysis::Workloads && !self.networks.is_empty() {
            q.push_str(&format!("&nets={}", self.networks.join(",")));
        }
        if embed {
            q.push_str("&embed=1");
        }
        q
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
    pub fn custom_cells(&self, library: &Library) -> Result<Vec<CellSpec>, String> {
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
        let default = Scenario::default_for(library);
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut notices = Vec::new();
        if query.len() > max_bytes {
            notices.push(Notice {
                key: "(whole link)".into(),
                value: format!("{} bytes", query.len()),
                message: format!("longer than {max_bytes} bytes; using the default scenario"),
            });
            return Decoded {
                scenario: default,
                embed: false,
                notices,
            };
        }

        let mut techs: Option<Vec<String>> = None;
        let mut base: Option<String> = None;
        let mut workload: Option<String> = None;
        let mut delay: Option<DelayDefinition> = None;
        let mut energy = default.energy;
        let mut leakage = default.leakage;
        let mut embed = false;
        let mut net: Option<String> = None;
        let mut phase: Option<Phase> = None;
        let mut batch: Option<u64> = None;
        let mut seq: Option<u64> = None;
        let mut decode: Option<u64> = None;
        let mut elem: Option<u32> = None;
        let mut gpu: Option<String> = None;
        let mut analysis = default.analysis;
        let mut networks: Option<(String, Vec<String>)> = None;
        let mut cache = default.cache.clone();
        let mut cache_keys: Vec<(&'static str, String)> = Vec::new();
        let mut notice = |key: &str, value: &str, message: String| {
            notices.push(Notice {
                key: shorten(key),
                value: shorten(value),
                message,
            });
        };
        let tech_ids = || accepted_technologies(library);

        // Custom cells first, so that `tech` may name them wherever they stand in the link.
        let mut cells: Vec<CustomCell> = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            if percent_decode(raw_key) != "cell" {
                continue;
            }
            let read = CustomCell::from_link(raw)
                .map_err(|e| e.to_string())
                .and_then(|c| {
                    if cells.iter().any(|x| x.id == c.id) {
                        Err(format!(
                            "custom cell `{}`: defined twice; the second is skipped",
                            c.id
                        ))
                    } else if cells.len() == MAX_CUSTOM_CELLS {
                        Err(format!(
                            "at most {MAX_CUSTOM_CELLS} custom cells; `{}` is skipped",
                            c.id
                        ))
                    } else {
                        resolve_custom(&c, library).map(|_| c)
                    }
                });
            match read {
                Ok(c) => cells.push(c),
                Err(e) => notice("cell", &percent_decode(raw), format!("{e}; skipped")),
            }
        }
        let is_custom = |id: &str| cells.iter().any(|c| c.id == id);

        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(raw_key);
            let value = percent_decode(raw_value);
            match key.as_str() {
                "v" => {
                    if value != URL_VERSION.to_string() {
                        notice("v", &value, format!("this page reads link version {URL_VERSION}; the rest of the link is read as version {URL_VERSION}"));
                    }
                }
                "tech" => {
                    let known = |id: &str| library.has_technology_id(id) || is_custom(id);
                    let ids = id_list(
                        &value,
                        MAX_TECHNOLOGIES,
                        "technologies",
                        known,
                        || format!("not a loaded technology preset; accepted: {}", tech_ids()),
                        &mut |id, message| notice("tech", id, message),
                    );
                    if ids.is_empty() {
                        notice(
                            "tech",
                            &value,
                            "names no loaded technology; using the default technologies".into(),
                        );
                    } else {
                        techs = Some(ids);
                    }
                }
                "base" => base = Some(value),
                "cell" => {} // read above
                "wl" => {
                    if is_id(&value) && library.workload(&value).is_some() {
                        workload = Some(value);
                    } else {
                        let ids: Vec<&str> =
                            library.workloads.iter().map(|w| w.id.as_str()).collect();
                        notice(
                            "wl",
                            &value,
                            format!(
                                "not a loaded workload preset; accepted: {}; using `{}`",
                                ids.join(", "),
                                default.workload
                            ),
                        );
                    }
                }
                "delay" => match DelayDefinition::from_word(&value) {
                    Some(d) => delay = Some(d),
                    None => notice(
                        "delay",
                        &value,
                        format!(
                            "accepted: access, execution; using `{}`",
                            default.delay.word()
                        ),
                    ),
                },
                "energy" => match EnergyScope::from_word(&value) {
                    Some(e) => energy = e,
                    None => notice(
                        "energy",
                        &value,
                        format!(
                            "energy scope; accepted: l2_dram (L2 and DRAM), l2 (the L2 only); using `{}`",
                            default.energy.word()
                        ),
                    ),
                },
                "leak" => match LeakagePeriod::from_word(&value) {
                    Some(p) => leakage = p,
                    None => notice(
                        "leak",
                        &value,
                        format!(
                            "leakage period; accepted: run (the execution time), access (the summed access time); using `{}`",
                            default.leakage.word()
                        ),
                    ),
                },
                "net" => {
                    if is_id(&value) && library.network(&value).is_some() {
                        net = Some(value);
                    } else {
                        notice(
                            "net",
                            &value,
                            format!(
                                "not a loaded network preset; accepted: {}; using the workload `wl`",
                                library
                                    .networks
                                    .iter()
                                    .map(|n| n.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                }
                "phase" => match Phase::from_word(&value) {
                    Some(p) => phase = Some(p),
                    None => notice(
                        "phase",
                        &value,
                        "accepted: inference, training; using `inference`".into(),
                    ),
                },
                "batch" => match whole(&value, 1, MAX_BATCH) {
                    Some(b) => batch = Some(b),
                    None => notice(
                        "batch",
                        &value,
                        format!("batch size: a whole number from 1 to {MAX_BATCH}; using {DEFAULT_BATCH}"),
                    ),
                },
                "seq" => match whole(&value, 1, MAX_SEQ_LEN) {
                    Some(v) => seq = Some(v),
                    None => notice(
                        "seq",
                        &value,
                        format!("sequence length: a whole number from 1 to {MAX_SEQ_LEN}; using the network's default"),
                    ),
                },
                "decode" => match whole(&value, 1, MAX_DECODE_TOKENS) {
                    Some(v) => decode = Some(v),
                    None => notice(
                        "decode",
                        &value,
                        format!("decode steps: a whole number from 1 to {MAX_DECODE_TOKENS}; using none (prefill only)"),
                    ),
                },
                "elem" => match value.parse::<u32>().ok().filter(|e| ELEMENT_BYTES.contains(e)) {
                    Some(e) => elem = Some(e),
                    None => notice(
                        "elem",
                        &value,
                        format!("bytes per element: 1, 2 or 4; using {DEFAULT_ELEMENT_BYTES}"),
                    ),
                },
                "gpu" => {
                    if is_id(&value) && library.gpu(&value).is_some() {
                        gpu = Some(value);
                    } else {
                        notice(
                            "gpu",
                            &value,
                            format!(
                                "not a loaded GPU preset; accepted: {}; using `{}`",
                                library
                                    .gpus
                                    .iter()
                                    .map(|g| g.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                default_gpu(library)
                            ),
                        );
                    }
                }
                "nets" => {
                    let accepted = || {
                        library
                            .networks
                            .iter()
                            .map(|n| n.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let ids = id_list(
                        &value,
                        MAX_NETWORKS,
                        "networks",
                        |id| library.network(id).is_some(),
                        || format!("not a loaded network preset; accepted: {}", accepted()),
                        &mut |id, message| notice("nets", id, message),
                    );
                    if ids.is_empty() {
                        notice(
                            "nets",
                            &value,
                            format!(
                                "names no loaded network; using every network preset ({})",
                                accepted()
                            ),
                        );
                    }
                    networks = Some((value.clone(), ids));
                }
                "an" => match Analysis::from_word(&value) {
                    Some(a) => analysis = a,
                    None => notice(
                        "an",
                        &value,
                        format!(
                            "accepted: {}; using `iso_capacity`",
                            Analysis::ALL.map(|(w, _)| w).join(", ")
                        ),
                    ),
                },
                "embed" => match value.as_str() {
                    "1" | "true" => embed = true,
                    "0" | "false" | "" => embed = false,
                    _ => notice(
                        "embed",
                        &value,
                        "accepted: 1 or 0; showing the full page".into(),
                    ),
                },
                k => match ConfigField::from_key(k) {
                    Some(field) => match cache.set(field, &value) {
                        Ok(()) if !node_is_loaded(&cache.node, library) => {
                            cache.node = default.cache.node.clone();
                            notice(
                                k,
                                &value,
                                format!(
                                    "{}: no loaded node preset has it; accepted: `cell`, {} \
                                     (nm), or {}; using `{}`",
                                    field.label(),
                                    node_sizes(&library.nodes)
                                        .iter()
                                        .map(u32::to_string)
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                    library
                                        .nodes
                                        .iter()
                                        .map(|n| n.id.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                    default.cache.text(field)
                                ),
                            );
                        }
                        Ok(()) => cache_keys.push((field.key(), value.clone())),
                        Err(e) => notice(
                            k,
                            &value,
                            format!(
                                "{}: {}; using `{}`",
                                field.label(),
                                e.problem,
                                default.cache.text(field)
                            ),
                        ),
                    },
                    None => notice(
                        &key,
                        &value,
                        format!(
                            "unknown parameter; ignored (known: v, tech, base, cell, wl, delay, energy, leak, embed, net, phase, batch, seq, decode, elem, gpu, an, nets, {})",
                            ConfigField::ALL.map(|f| f.key()).join(", ")
                        ),
                    ),
                },
            }
        }

        if let Err(e) = cache.validate() {
            let given: Vec<String> = cache_keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
            notice(
                e.field.key(),
                &e.value,
                format!(
                    "{}: {}; the cache settings {} are replaced by the defaults",
                    e.field.label(),
                    e.problem,
                    if given.is_empty() {
                        "(none given)".to_string()
                    } else {
                        given.join(", ")
                    }
                ),
            );
            cache = default.cache.clone();
        }
        let technologies = techs.unwrap_or(default.technologies.clone());
        let baseline = match base {
            Some(b) if technologies.contains(&b) => b,
            other => {
                let fallback = if technologies.contains(&default.baseline) {
                    default.baseline.clone()
                } else {
                    technologies[0].clone()
                };
                if let Some(b) = other {
                    notice(
                        "base",
                        &b,
                        format!(
                            "must be one of the compared technologies ({}); using `{fallback}`",
                            technologies.join(", ")
                        ),
                    );
                }
                fallback
            }
        };
        let network = match net {
            Some(id) => {
                let d = default_network(library, &id);
                Some(DlWorkload {
                    phase: phase.unwrap_or(d.phase),
                    batch: batch.unwrap_or(d.batch),
                    seq_len: seq,
                    decode_tokens: decode,
                    element_bytes: elem.unwrap_or(d.element_bytes),
                    gpu: gpu.unwrap_or(d.gpu),
                    network: id,
                })
            }
            None => {
                let given: Vec<&str> = [
                    ("phase", phase.is_some()),
                    ("batch", batch.is_some()),
                    ("seq", seq.is_some()),
                    ("decode", decode.is_some()),
                    ("elem", elem.is_some()),
                    ("gpu", gpu.is_some()),
                ]
                .iter()
                .filter(|(_, g)| *g)
                .map(|(k, _)| *k)
                .collect();
                if !given.is_empty() {
                    notice(
                        given[0],
                        &given.join(","),
                        "network settings without `net` (a network preset id); ignored".into(),
                    );
                }
                None
            }
        };
        let networks = match networks {
            Some((_, ids)) if analysis == Analysis::Workloads => ids,
            Some((value, _)) => {
                notice(
                    "nets",
                    &value,
                    format!(
                        "only the {} analysis (`an=workloads`) compares several networks; \
                         ignored",
                        Analysis::Workloads.label()
                    ),
                );
                Vec::new()
            }
            None => Vec::new(),
        };
        let scenario = Scenario {
            technologies,
            baseline,
            workload: workload.unwrap_or(default.workload),
            delay: delay.unwrap_or(default.delay),
            energy,
            leakage,
            cache,
            network,
            analysis,
            cells,
            networks,
        };
        Decoded {
            scenario,
            embed,
            notices,
        }
    }
}

/// The ids of a comma-separated list that are well-formed and `known`, each once, at most `max`
/// (`what` names them in messages); every other entry gets a message through `refuse`, which
/// `unknown` words for ids that are not loaded.
fn id_list(
    value: &str,
    max: usize,
    what: &str,
    known: impl Fn(&str) -> bool,
    unknown: impl Fn() -> String,
    refuse: &mut dyn FnMut(&str, String),
) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in value.split(',').filter(|s| !s.is_empty()) {
        if !is_id(id) || !known(id) {
            refuse(id, format!("{}; skipped", unknown()));
        } else if ids.iter().any(|x| x == id) {
            refuse(id, "listed twice; the second is skipped".into());
        } else if ids.len() == max {
            refuse(id, format!("at most {max} {what}; skipped"));
        } else {
            ids.push(id.to_string());
        }
    }
    ids
}

/// A whole number in `lo..=hi`.
fn whole(text: &str, lo: u64, hi: u64) -> Option<u64> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|v| (lo..=hi).contains(v))
}

/// Whether the node choice names a loaded node preset (by id or by size).
fn node_is_loaded(node: &NodeChoice, library: &Library) -> bool {
    match node {
        NodeChoice::Cell => true,
        NodeChoice::Nm(nm) => node_for(&library.nodes, *nm).is_ok(),
        NodeChoice::Preset(id) => library.node(id).is_some(),
    }
}

/// Resolves one custom cell against the library: its base must be a cell preset and its id must
/// not be a preset's.
pub fn resolve_custom(c: &CustomCell, library: &Library) -> Result<CellSpec, String> {
    if library.has_technology_id(&c.id) {
        return Err(format!(
            "custom cell `{}`: the id is a preset's; give the custom cell its own id",
            c.id
        ));
    }
    let Some(base) = library.cell(&c.base) else {
        let cells: Vec<&str> = library.cells.iter().map(|c| c.id.as_str()).collect();
        return Err(crate::scenario::CustomCellError::UnknownBase {
            id: c.id.clone(),
            base: c.base.clone(),
            accepted: cells.join(", "),
        }
        .to_string());
    };
    c.resolve(base).map_err(|e| e.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Cb"), "a,b");
        assert_eq!(percent_decode("a+b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(percent_decode("%3Cscript%3E"), "<script>");
    }
}
