//! The share-link codec: a query string read into a [`Scenario`] and a scenario written back as
//! one. The keys come from the parameter table ([`super::param::PARAMS`]); here each
//! [`ParamId`] has its one arm that reads a value (checking it against the loaded presets, with a
//! [`Notice`] and the default when it cannot be used) and its one arm that writes it (leaving
//! defaults out). What involves several keys (the cache as a whole, the baseline among the
//! technologies, the network keys without `net`, `nets` without `an=workloads`) is settled after
//! every key is read.

use crate::design::build::{node_for, node_sizes};
use crate::design::config::{CacheConfig, ConfigField, NodeChoice};
use crate::design::eval::{DelayDefinition, EnergyScope, LeakagePeriod};
use crate::gpu::network::{Input, Phase, MAX_BATCH, MAX_DECODE_TOKENS, MAX_SEQ_LEN};
use crate::gpu::workload::DlWorkload;
use crate::input::{is_id, percent_decode, shorten};
use crate::library::Library;

use super::param::{self, ParamId, PARAMS};
use super::{
    accepted_technologies, default_gpu, default_network, resolve_custom, Analysis, CustomCell,
    Decoded, Notice, Scenario, Study, DEFAULT_BATCH, DEFAULT_ELEMENT_BYTES, ELEMENT_BYTES,
    MAX_CUSTOM_CELLS, MAX_NETWORKS, MAX_TECHNOLOGIES, URL_VERSION,
};

/// The query for `scenario` (without `?`): the parameters in [`PARAMS`] order, each written by
/// [`write`].
pub(super) fn encode(scenario: &Scenario, embed: bool, study: Option<Study>) -> String {
    let mut q = String::new();
    for p in &PARAMS {
        for value in write(p.id, scenario, embed, study) {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(p.key);
            q.push('=');
            q.push_str(&value);
        }
    }
    q
}

/// The values one parameter writes for `scenario`: none when it is left at its default (or does
/// not apply), several for a repeatable key.
fn write(id: ParamId, s: &Scenario, embed: bool, study: Option<Study>) -> Vec<String> {
    let network = s.network.as_ref();
    let modelled = network.filter(|n| n.measured.is_none());
    let one = |v: Option<String>| v.into_iter().collect();
    match id {
        ParamId::Version => vec![URL_VERSION.to_string()],
        ParamId::Technologies => vec![s.technologies.join(",")],
        ParamId::Baseline => vec![s.baseline.clone()],
        ParamId::Workload => vec![s.workload.clone()],
        ParamId::Delay => vec![s.delay.word().to_string()],
        ParamId::Cell => s
            .cells
            .iter()
            .filter(|c| s.technologies.contains(&c.id))
            .map(|c| c.to_link())
            .collect(),
        ParamId::Energy => {
            one((s.energy != EnergyScope::default()).then(|| s.energy.word().to_string()))
        }
        ParamId::Leakage => {
            one((s.leakage != LeakagePeriod::default()).then(|| s.leakage.word().to_string()))
        }
        ParamId::Cache(field) => {
            let value = s.cache.text(field);
            one((value != CacheConfig::default().text(field)).then_some(value))
        }
        // A measured workload is its id alone: its network, shape and GPU are its own.
        ParamId::Network => one(network.map(|n| n.measured.clone().unwrap_or(n.network.clone()))),
        ParamId::Phase => one(modelled.map(|n| n.phase.word().to_string())),
        ParamId::Batch => one(modelled.map(|n| n.batch.to_string())),
        ParamId::ElementBytes => one(modelled.map(|n| n.element_bytes.to_string())),
        ParamId::Gpu => one(modelled.map(|n| n.gpu.clone())),
        ParamId::SeqLen => one(modelled.and_then(|n| n.seq_len).map(|v| v.to_string())),
        ParamId::DecodeTokens => one(modelled
            .and_then(|n| n.decode_tokens)
            .map(|v| v.to_string())),
        ParamId::Analysis => {
            one((s.analysis != Analysis::IsoCapacity).then(|| s.analysis.word().to_string()))
        }
        ParamId::Networks => one(
            (s.analysis == Analysis::Workloads && !s.networks.is_empty())
                .then(|| s.networks.join(",")),
        ),
        ParamId::Embed => one(embed.then(|| "1".to_string())),
        ParamId::Study => one(study.map(|t| t.word().to_string())),
        // Kept while a network is chosen, as `wl` is: switching back finds it.
        ParamId::Profile => one(s.profile.as_ref().map(super::profile::to_link)),
    }
}

/// The shortest query that opens `study`'s view: the version and the study, nothing else (the
/// calculator under it then shows the opening view).
pub(super) fn encode_study(study: Study) -> String {
    [ParamId::Version, ParamId::Study]
        .iter()
        .map(|&id| {
            let p = param::by_id(id);
            let value = match id {
                ParamId::Version => URL_VERSION.to_string(),
                _ => study.word().to_string(),
            };
            format!("{}={value}", p.key)
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Decodes a query (with or without the leading `?`) of at most `max_bytes`; see
/// [`Scenario::from_query`].
pub(super) fn decode(query: &str, library: &Library, max_bytes: usize) -> Decoded {
    let default = Scenario::default_for(library);
    let query = query.strip_prefix('?').unwrap_or(query);
    if query.len() > max_bytes {
        return Decoded {
            scenario: default,
            embed: false,
            study: None,
            notices: vec![Notice {
                key: "(whole link)".into(),
                value: format!("{} bytes", query.len()),
                message: format!("longer than {max_bytes} bytes; using the default scenario"),
            }],
        };
    }
    // A link that sets nothing (empty, or only `v`, `embed` and `study`) is the opening view.
    let opening_query;
    let query = match &library.defaults.opening {
        Some(opening) if sets_nothing(query) => {
            let extra: Vec<&str> = query
                .split('&')
                .filter(|p| {
                    let key = percent_decode(p.split_once('=').map_or(p, |(k, _)| k));
                    PAGE_ONLY.iter().any(|&id| param::by_id(id).key == key)
                })
                .collect();
            opening_query = std::iter::once(opening.link.as_str())
                .chain(extra)
                .collect::<Vec<_>>()
                .join("&");
            opening_query.as_str()
        }
        _ => query,
    };
    let mut reader = Reader::new(library, default);
    let cell_key = param::by_id(ParamId::Cell).key;
    // Custom cells first, so that `tech` may name them wherever they stand in the link.
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        if percent_decode(raw_key) == cell_key && !percent_decode(raw).trim().is_empty() {
            reader.read_cell(raw);
        }
    }
    // How often each key is given: a key that is not repeatable is read once, the last time.
    let mut given: Vec<(String, usize)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let key = percent_decode(pair.split_once('=').map_or(pair, |(k, _)| k));
        match given.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => given.push((key, 1)),
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(raw_key);
        let value = percent_decode(raw_value);
        let times = given.iter().find(|(k, _)| *k == key).map_or(1, |(_, n)| *n);
        if key != cell_key && times > 1 {
            seen.push(key.clone());
            let nth = seen.iter().filter(|k| **k == key).count();
            if nth < times {
                reader.notice(
                    &key,
                    &value,
                    format!("given {times} times; only the last one is read"),
                );
                continue;
            }
        }
        if value.trim().is_empty() {
            let what = match param::by_key(&key) {
                Some(_) => "an empty value; ignored (the default is used)".to_string(),
                None => format!(
                    "unknown parameter with an empty value; ignored (known: {})",
                    param::known_keys()
                ),
            };
            reader.notice(&key, &value, what);
            continue;
        }
        match param::by_key(&key) {
            Some(p) => reader.read(p.id, value),
            None => reader.notice(
                &key,
                &value,
                format!(
                    "unknown parameter; ignored (known: {})",
                    param::known_keys()
                ),
            ),
        }
    }
    reader.finish()
}

/// The keys that set how the page shows a scenario, not the scenario.
const PAGE_ONLY: [ParamId; 2] = [ParamId::Embed, ParamId::Study];

/// Whether a query sets no scenario parameter: each pair is `v`, `embed` or `study`, with a
/// value, at most once, `v` this version (anything else, an empty value, a repeat or another
/// version included, is read as a link and reported).
fn sets_nothing(query: &str) -> bool {
    let quiet = [
        param::by_id(ParamId::Version).key,
        param::by_id(ParamId::Embed).key,
        param::by_id(ParamId::Study).key,
    ];
    let mut seen: Vec<String> = Vec::new();
    query.split('&').filter(|p| !p.is_empty()).all(|p| {
        let (key, value) = p.split_once('=').unwrap_or((p, ""));
        let key = percent_decode(key);
        let value = percent_decode(value);
        let fine = quiet.contains(&key.as_str())
            && !value.trim().is_empty()
            && (key != quiet[0] || value == URL_VERSION.to_string())
            && !seen.contains(&key);
        seen.push(key);
        fine
    })
}

/// The state of a link being read: what each key gave so far (`None`: not given, or not usable)
/// and the notices.
struct Reader<'a> {
    library: &'a Library,
    default: Scenario,
    notices: Vec<Notice>,
    cells: Vec<CustomCell>,
    techs: Option<Vec<String>>,
    base: Option<String>,
    workload: Option<String>,
    delay: Option<DelayDefinition>,
    energy: EnergyScope,
    leakage: LeakagePeriod,
    embed: bool,
    study: Option<Study>,
    net: Option<String>,
    phase: Option<Phase>,
    batch: Option<u64>,
    seq: Option<u64>,
    decode: Option<u64>,
    elem: Option<u32>,
    gpu: Option<String>,
    analysis: Analysis,
    profile: Option<crate::gpu::profile::ProfileRun>,
    /// `nets` as given, and the ids of it that can be used.
    networks: Option<(String, Vec<String>)>,
    cache: CacheConfig,
    /// The cache keys read without a problem of their own, as given (for the combined check).
    cache_keys: Vec<(&'static str, String)>,
}

impl<'a> Reader<'a> {
    fn new(library: &'a Library, default: Scenario) -> Self {
        Reader {
            library,
            notices: Vec::new(),
            cells: Vec::new(),
            techs: None,
            base: None,
            workload: None,
            delay: None,
            energy: default.energy,
            leakage: default.leakage,
            embed: false,
            study: None,
            net: None,
            phase: None,
            batch: None,
            seq: None,
            decode: None,
            elem: None,
            gpu: None,
            analysis: default.analysis,
            profile: None,
            networks: None,
            cache: default.cache.clone(),
            cache_keys: Vec::new(),
            default,
        }
    }

    fn notice(&mut self, key: &str, value: &str, message: String) {
        push_notice(&mut self.notices, key, value, message);
    }

    /// One `cell` value (still percent-encoded): a custom cell, kept when it resolves against
    /// the library and is neither a repeat nor one too many.
    fn read_cell(&mut self, raw: &str) {
        let read = CustomCell::from_link(raw)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                if self.cells.iter().any(|x| x.id == c.id) {
                    Err(format!(
                        "custom cell `{}`: defined twice; the second is skipped",
                        c.id
                    ))
                } else if self.cells.len() == MAX_CUSTOM_CELLS {
                    Err(format!(
                        "at most {MAX_CUSTOM_CELLS} custom cells; `{}` is skipped",
                        c.id
                    ))
                } else {
                    resolve_custom(&c, self.library)
                        .map(|_| c)
                        .map_err(|e| e.to_string())
                }
            });
        match read {
            Ok(c) => self.cells.push(c),
            Err(e) => self.notice("cell", &percent_decode(raw), format!("{e}; skipped")),
        }
    }

    /// One parameter's value (percent-decoded).
    fn read(&mut self, id: ParamId, value: String) {
        let key = param::by_id(id).key;
        let library = self.library;
        match id {
            ParamId::Version => {
                if value != URL_VERSION.to_string() {
                    self.notice(key, &value, format!("this page reads link version {URL_VERSION}; the rest of the link is read as version {URL_VERSION}"));
                }
            }
            ParamId::Technologies => {
                let cells = &self.cells;
                let notices = &mut self.notices;
                let known = |id: &str| {
                    library.has_technology_id(id) || cells.iter().any(|c| c.id == id)
                };
                let ids = id_list(
                    &value,
                    MAX_TECHNOLOGIES,
                    "technologies",
                    known,
                    || {
                        format!(
                            "not a loaded technology preset; accepted: {}",
                            accepted_technologies(library)
                        )
                    },
                    &mut |id, message| push_notice(notices, key, id, message),
                );
                if ids.is_empty() {
                    self.notice(
                        key,
                        &value,
                        "names no loaded technology; using the default technologies".into(),
                    );
                } else {
                    self.techs = Some(ids);
                }
            }
            ParamId::Baseline => self.base = Some(value),
            ParamId::Cell => {} // read first, by `read_cell`
            ParamId::Workload => {
                if is_id(&value) && library.workload(&value).is_some() {
                    self.workload = Some(value);
                } else {
                    let ids: Vec<&str> = library.workloads.iter().map(|w| w.id.as_str()).collect();
                    let message = format!(
                        "not a loaded workload preset; accepted: {}; using `{}`",
                        ids.join(", "),
                        self.default.workload
                    );
                    self.notice(key, &value, message);
                }
            }
            ParamId::Delay => match DelayDefinition::from_word(&value) {
                Some(d) => self.delay = Some(d),
                None => {
                    let message = format!(
                        "accepted: access, execution; using `{}`",
                        self.default.delay.word()
                    );
                    self.notice(key, &value, message);
                }
            },
            ParamId::Energy => match EnergyScope::from_word(&value) {
                Some(e) => self.energy = e,
                None => {
                    let message = format!(
                        "energy scope; accepted: l2_dram (L2 and DRAM), l2 (the L2 only); using `{}`",
                        self.default.energy.word()
                    );
                    self.notice(key, &value, message);
                }
            },
            ParamId::Leakage => match LeakagePeriod::from_word(&value) {
                Some(p) => self.leakage = p,
                None => {
                    let message = format!(
                        "leakage period; accepted: run (the execution time), access (the summed access time); using `{}`",
                        self.default.leakage.word()
                    );
                    self.notice(key, &value, message);
                }
            },
            ParamId::Network => {
                if is_id(&value)
                    && (library.network(&value).is_some() || library.measured(&value).is_some())
                {
                    self.net = Some(value);
                } else {
                    self.notice(
                        key,
                        &value,
                        format!(
                            "not a loaded network preset; accepted: {}; or a measured workload: \
                             {}; using the workload `wl`",
                            network_ids(library),
                            library.measured_ids()
                        ),
                    );
                }
            }
            ParamId::Phase => match Phase::from_word(&value) {
                Some(p) => self.phase = Some(p),
                None => self.notice(
                    key,
                    &value,
                    "accepted: inference, training; using `inference`".into(),
                ),
            },
            ParamId::Batch => match whole(&value, 1, MAX_BATCH) {
                Some(b) => self.batch = Some(b),
                None => self.notice(
                    key,
                    &value,
                    format!(
                        "batch size: a whole number from 1 to {MAX_BATCH}; using {DEFAULT_BATCH}"
                    ),
                ),
            },
            ParamId::SeqLen => match whole(&value, 1, MAX_SEQ_LEN) {
                Some(v) => self.seq = Some(v),
                None => self.notice(
                    key,
                    &value,
                    format!("sequence length: a whole number from 1 to {MAX_SEQ_LEN}; using the network's default"),
                ),
            },
            ParamId::DecodeTokens => match whole(&value, 1, MAX_DECODE_TOKENS) {
                Some(v) => self.decode = Some(v),
                None => self.notice(
                    key,
                    &value,
                    format!("decode steps: a whole number from 1 to {MAX_DECODE_TOKENS}; using none (prefill only)"),
                ),
            },
            ParamId::ElementBytes => match value
                .parse::<u32>()
                .ok()
                .filter(|e| ELEMENT_BYTES.contains(e))
            {
                Some(e) => self.elem = Some(e),
                None => self.notice(
                    key,
                    &value,
                    format!("bytes per element: 1, 2 or 4; using {DEFAULT_ELEMENT_BYTES}"),
                ),
            },
            ParamId::Gpu => {
                if is_id(&value) && library.gpu(&value).is_some() {
                    self.gpu = Some(value);
                } else {
                    let ids: Vec<&str> = library.gpus.iter().map(|g| g.id.as_str()).collect();
                    self.notice(
                        key,
                        &value,
                        format!(
                            "not a loaded GPU preset; accepted: {}; using `{}`",
                            ids.join(", "),
                            default_gpu(library)
                        ),
                    );
                }
            }
            ParamId::Networks => {
                let notices = &mut self.notices;
                let ids = id_list(
                    &value,
                    MAX_NETWORKS,
                    "networks",
                    |id| library.network(id).is_some(),
                    || {
                        format!(
                            "not a loaded network preset; accepted: {}",
                            network_ids(library)
                        )
                    },
                    &mut |id, message| push_notice(notices, key, id, message),
                );
                if ids.is_empty() {
                    self.notice(
                        key,
                        &value,
                        format!(
                            "names no loaded network; using every network preset ({})",
                            network_ids(library)
                        ),
                    );
                }
                self.networks = Some((value, ids));
            }
            ParamId::Profile => match super::profile::from_link(&value, library) {
                Ok(p) => self.profile = Some(p),
                Err(e) => self.notice(key, &value, format!("{e}; using the workload `wl`")),
            },
            ParamId::Analysis => match Analysis::from_word(&value) {
                Some(a) => self.analysis = a,
                None => self.notice(
                    key,
                    &value,
                    format!(
                        "accepted: {}; using `iso_capacity`",
                        Analysis::ALL.map(|(w, _)| w).join(", ")
                    ),
                ),
            },
            ParamId::Embed => match value.as_str() {
                "1" | "true" => self.embed = true,
                "0" | "false" | "" => self.embed = false,
                _ => self.notice(key, &value, "accepted: 1 or 0; showing the full page".into()),
            },
            ParamId::Study => match Study::from_word(&value) {
                Some(t) => self.study = Some(t),
                None => {
                    let accepted: Vec<String> = Study::ALL
                        .iter()
                        .map(|(w, t)| format!("{w} ({})", t.label()))
                        .collect();
                    self.notice(
                        key,
                        &value,
                        format!(
                            "not a study this page reproduces; accepted: {}; showing the calculator \
                             alone",
                            accepted.join(", ")
                        ),
                    )
                }
            },
            ParamId::Cache(field) => self.read_cache(field, value),
        }
    }

    /// One cache setting: its own range here, the combination in [`Reader::finish`].
    fn read_cache(&mut self, field: ConfigField, value: String) {
        let key = field.key();
        match self.cache.set(field, &value) {
            Ok(()) if !node_is_loaded(&self.cache.node, self.library) => {
                self.cache.node = self.default.cache.node.clone();
                let library = self.library;
                let message = format!(
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
                    self.default.cache.text(field)
                );
                self.notice(key, &value, message);
            }
            Ok(()) => self.cache_keys.push((key, value)),
            Err(e) => {
                let message = format!(
                    "{}: {}; using `{}`",
                    field.label(),
                    e.problem,
                    self.default.cache.text(field)
                );
                self.notice(key, &value, message);
            }
        }
    }

    /// The scenario from every key read, after the checks that involve several keys.
    fn finish(self) -> Decoded {
        let Reader {
            library,
            default,
            mut notices,
            cells,
            techs,
            base,
            workload,
            delay,
            energy,
            leakage,
            embed,
            study,
            net,
            phase,
            batch,
            seq,
            decode,
            elem,
            gpu,
            analysis,
            profile,
            networks,
            mut cache,
            cache_keys,
        } = self;
        let mut notice = |key: &str, value: &str, message: String| {
            push_notice(&mut notices, key, value, message)
        };
        let key = |id: ParamId| param::by_id(id).key;
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
        if let Some(why) = crate::design::build::node_unusable(&library.nodes, &cache.node) {
            let node_key = ConfigField::Node.key();
            notice(
                node_key,
                &cache.text(ConfigField::Node),
                format!("{why}; each cell's own node is used"),
            );
            cache.node = NodeChoice::Cell;
        }
        let roadmap_key = ConfigField::Roadmap.key();
        let given_roadmap = cache_keys
            .iter()
            .find(|(k, _)| *k == roadmap_key)
            .map_or_else(|| cache.roadmap.word().to_string(), |(_, v)| v.clone());
        let technologies = techs.unwrap_or(default.technologies.clone());
        let resolved = crate::scenario::compared_cells(&technologies, &cells, library);
        let refs: Vec<&crate::circuit::cell::CellSpec> = resolved.iter().collect();
        if let Some(change) =
            crate::design::build::settle_roadmap(&mut cache, &library.nodes, &refs)
        {
            notice(roadmap_key, &given_roadmap, change);
        }
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
                        key(ParamId::Baseline),
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
            Some(id) if library.measured(&id).is_some() => {
                // A measured workload brings its own network, shape and GPU.
                let m = library.measured(&id).expect("checked above");
                let given = [
                    (ParamId::Phase, phase.map(|p| p != m.phase)),
                    (ParamId::Batch, batch.map(|b| b != m.batch)),
                    (ParamId::SeqLen, seq.map(|s| Some(s) != m.seq_len)),
                    (ParamId::DecodeTokens, decode.map(|_| true)),
                    (ParamId::ElementBytes, elem.map(|e| e != m.element_bytes)),
                    (ParamId::Gpu, gpu.as_ref().map(|g| *g != m.gpu)),
                ];
                for (param, differs) in given {
                    if differs == Some(true) {
                        notice(
                            key(param),
                            "",
                            format!(
                                "the measured workload `{id}` ran as it was measured ({} {}, \
                                 batch {}, on {}); ignored",
                                m.network,
                                m.phase.word(),
                                m.batch,
                                m.gpu
                            ),
                        );
                    }
                }
                Some(DlWorkload {
                    network: m.network.clone(),
                    phase: m.phase,
                    batch: m.batch,
                    seq_len: m.seq_len,
                    decode_tokens: None,
                    element_bytes: m.element_bytes,
                    gpu: m.gpu.clone(),
                    measured: Some(id),
                })
            }
            Some(id) => {
                let d = default_network(library, &id);
                let phase = phase.unwrap_or(d.phase);
                let (seq_len, decode_tokens) = settle_sequence(
                    library.network(&id).map(|n| (n.name.as_str(), n.input)),
                    analysis == Analysis::Workloads,
                    phase,
                    seq,
                    decode,
                    &mut notice,
                );
                Some(DlWorkload {
                    phase,
                    batch: batch.unwrap_or(d.batch),
                    seq_len,
                    decode_tokens,
                    element_bytes: elem.unwrap_or(d.element_bytes),
                    gpu: gpu.unwrap_or(d.gpu),
                    network: id,
                    measured: None,
                })
            }
            None => {
                let given: Vec<(&str, String)> = [
                    (ParamId::Phase, phase.map(|p| p.word().to_string())),
                    (ParamId::Batch, batch.map(|b| b.to_string())),
                    (ParamId::SeqLen, seq.map(|s| s.to_string())),
                    (ParamId::DecodeTokens, decode.map(|d| d.to_string())),
                    (ParamId::ElementBytes, elem.map(|e| e.to_string())),
                    (ParamId::Gpu, gpu.clone()),
                ]
                .into_iter()
                .filter_map(|(id, v)| v.map(|v| (key(id), v)))
                .collect();
                if !given.is_empty() {
                    let pairs: Vec<String> =
                        given.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    notice(
                        given[0].0,
                        &pairs.join("&"),
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
                    key(ParamId::Networks),
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
            profile,
        };
        Decoded {
            scenario,
            embed,
            study,
            notices,
        }
    }
}

/// The sequence length and decode steps a network can run, from those a link gave: each is
/// checked against the network's input (images have no sequence; the context bounds a prompt and
/// its decoded tokens; decoding is inference), and what cannot run falls back with a notice.
/// Decode steps without a sequence length shorten the network's default prompt to leave room.
/// Across networks, an image network keeps them for the token networks of the set.
fn settle_sequence(
    network: Option<(&str, Input)>,
    across_networks: bool,
    phase: Phase,
    seq: Option<u64>,
    decode: Option<u64>,
    notice: &mut impl FnMut(&str, &str, String),
) -> (Option<u64>, Option<u64>) {
    let seq_key = param::by_id(ParamId::SeqLen).key;
    let decode_key = param::by_id(ParamId::DecodeTokens).key;
    let Some((name, input)) = network else {
        return (seq, decode);
    };
    let Input::Tokens {
        default_seq_len,
        max_seq_len,
    } = input
    else {
        if across_networks {
            // The token networks of the set read them (`study::networks` fits them to each).
            return (seq, decode);
        }
        for (key, value) in [(seq_key, seq), (decode_key, decode)] {
            if let Some(v) = value {
                notice(
                    key,
                    &v.to_string(),
                    format!("{name} reads images, not token sequences; ignored"),
                );
            }
        }
        return (None, None);
    };
    let seq = seq.map(|s| {
        if s > max_seq_len {
            notice(
                seq_key,
                &s.to_string(),
                format!(
                    "longer than {name}'s context of {max_seq_len} tokens; using {max_seq_len}"
                ),
            );
            max_seq_len
        } else {
            s
        }
    });
    let Some(n) = decode else {
        return (seq, None);
    };
    if phase == Phase::Training {
        notice(
            decode_key,
            &n.to_string(),
            "decoding is inference (`phase=inference`); ignored in training".into(),
        );
        return (seq, None);
    }
    match seq {
        // The prompt and the decoded tokens but the last share the context.
        Some(s) if s + n - 1 > max_seq_len => {
            let room = max_seq_len + 1 - s;
            notice(
                decode_key,
                &n.to_string(),
                format!(
                    "a prompt of {s} tokens leaves room for {room} decoded token(s) in \
                     {name}'s context of {max_seq_len}; using {room}"
                ),
            );
            (Some(s), Some(room))
        }
        Some(s) => (Some(s), Some(n)),
        None => {
            let n = if n > max_seq_len {
                notice(
                    decode_key,
                    &n.to_string(),
                    format!(
                        "more than {name}'s context of {max_seq_len} tokens; using {max_seq_len}"
                    ),
                );
                max_seq_len
            } else {
                n
            };
            (Some(default_seq_len.min(max_seq_len + 1 - n)), Some(n))
        }
    }
}

/// Adds a notice, unless the same one is already there (a key given three times, or one unknown
/// id listed twice, is said once).
fn push_notice(notices: &mut Vec<Notice>, key: &str, value: &str, message: String) {
    let notice = Notice {
        key: shorten(key),
        value: shorten(value),
        message,
    };
    if !notices.contains(&notice) {
        notices.push(notice);
    }
}

/// The loaded network preset ids, for messages.
fn network_ids(library: &Library) -> String {
    library
        .networks
        .iter()
        .map(|n| n.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
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
    for id in value.split(',') {
        if id.trim().is_empty() {
            refuse(id, "an empty entry in the list; skipped".into());
        } else if !is_id(id) || !known(id) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_study_link_is_the_opening_view_with_the_study() {
        let lib = crate::shipped_library();
        let query = Study::DeepNvm.query();
        assert_eq!(query, "v=1&study=deepnvm");
        let d = Scenario::from_query(&query, &lib);
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(d.study, Some(Study::DeepNvm));
        assert!(!d.embed);
        assert_eq!(d.scenario, Scenario::opening(&lib));
        // The page's address bar keeps the study after the scenario's keys, and reads back.
        let written = d.scenario.to_page_query(false, d.study);
        assert!(written.ends_with("&study=deepnvm"), "{written}");
        let again = Scenario::from_query(&written, &lib);
        assert!(again.notices.is_empty(), "{:?}", again.notices);
        assert_eq!((again.scenario, again.study), (d.scenario.clone(), d.study));
        // A share link of the scenario alone leaves it out.
        assert!(!d.scenario.to_query(false).contains("study"));
    }

    #[test]
    fn every_study_word_reads_back() {
        for (word, study) in Study::ALL {
            assert_eq!(Study::from_word(word), Some(study));
            assert_eq!(study.word(), word);
        }
        assert_eq!(Study::from_word("DeepNVM"), None);
    }
}
