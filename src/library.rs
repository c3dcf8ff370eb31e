//! The preset library: the index, process nodes (`nodes/`), bitcells (`cells/`), cache-characterisation
//! presets, workload presets and networks (`networks/`).
//!
//! The core never opens files: the caller (CLI from disk, browser by fetch) hands it the index text,
//! asks [`Index::files`] which files it names, and hands back their texts to [`Library::load`].
//! Every problem in every file is collected into one [`PresetErrors`]; unknown keys are errors.

use std::collections::HashSet;

use crate::input::{
    all_or_errors, parse_toml, FieldReader, PresetError, PresetErrors, MAX_FILE_BYTES,
};

use crate::circuit::cell::{parse_cell_preset, CellSpec};
use crate::circuit::metrics::{MemoryKind, Metrics};
use crate::circuit::tech::{parse_node, Node};
use crate::design::eval::DelayDefinition;
use crate::design::technology::Technology;
use crate::gpu::chip::{parse_gpu_preset, Gpu};
use crate::gpu::measured::{parse_measured_preset, MeasuredWorkload};
use crate::gpu::network::{parse_network_preset, Network};
use crate::gpu::workload::Workload;
use crate::units::{Area, Capacity, Energy, Power, Time};

/// The index file's name inside the presets folder.
pub const INDEX_FILE: &str = "index.toml";
/// The schema version this build reads.
pub const SCHEMA_VERSION: i64 = 1;

/// The parsed index: which files to load, and the default scenario (by id, checked on load).
#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    /// Process-node files (`nodes/…`), relative to the presets folder.
    pub nodes: Vec<String>,
    /// Bitcell files (`cells/…`), relative to the presets folder.
    pub cells: Vec<String>,
    /// Cache-characterisation preset files, relative to the presets folder.
    pub caches: Vec<String>,
    /// Workload preset files, relative to the presets folder.
    pub workloads: Vec<String>,
    /// Network files (`networks/…`), relative to the presets folder.
    pub networks: Vec<String>,
    /// GPU files (`gpus/…`), relative to the presets folder.
    pub gpus: Vec<String>,
    /// Measured workload files (`workloads/measured/…`), relative to the presets folder
    /// (optional in the index: none when absent).
    pub measured: Vec<String>,
    default: Defaults,
}

/// The index's `[default]` table: the scenario the page opens with and the CLI runs with no
/// arguments, by preset id (checked on load). `crate::scenario::Scenario::default_for` makes the
/// scenario of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Defaults {
    /// Technology preset ids compared.
    pub technologies: Vec<String>,
    /// The baseline, one of `technologies`.
    pub baseline: String,
    /// Workload preset id.
    pub workload: String,
    /// The delay of EDP.
    pub delay: DelayDefinition,
    /// The index's `[opening]` table: the view the page opens with (an empty link) and the CLI
    /// runs with no scenario option. `None` when the index has none: the defaults above then.
    pub opening: Option<Opening>,
}

/// The view the page opens with, as a share-link query, and why it is that view (shown on the
/// page). `crate::scenario::Scenario::opening` reads it; a test checks that the shipped one
/// reads without a notice.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    /// A share-link query (`v=1&tech=…`), read like any link.
    pub link: String,
    /// One or two sentences for people: which GPU, workload, node and cells, and why.
    pub reason: String,
}

impl Index {
    /// Parses `index.toml`.
    pub fn parse(text: &str) -> Result<Index, PresetErrors> {
        let mut errors = Vec::new();
        let index = parse_index(text, &mut errors);
        all_or_errors(index, errors)
    }

    /// Every file the index names, in load order: nodes, cells, caches, workloads, networks, GPUs,
    /// measured workloads.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.nodes
            .iter()
            .chain(self.cells.iter())
            .chain(self.caches.iter())
            .chain(self.workloads.iter())
            .chain(self.networks.iter())
            .chain(self.gpus.iter())
            .chain(self.measured.iter())
            .map(String::as_str)
    }
}

fn parse_index(text: &str, errors: &mut Vec<PresetError>) -> Option<Index> {
    let table = parse_toml(INDEX_FILE, text, errors)?;
    let mut r = FieldReader::new(INDEX_FILE, text, table, errors);
    let schema = r.integer("schema", SCHEMA_VERSION, SCHEMA_VERSION);
    let nodes = r.string_list("nodes");
    let cells = r.string_list("cells");
    let caches = r.string_list("caches");
    let workloads = r.string_list("workloads");
    let networks = r.string_list("networks");
    let gpus = r.string_list("gpus");
    let measured = if r.has("measured") {
        r.string_list("measured")
    } else {
        Some(Vec::new())
    };
    let default = r.table("default").and_then(|mut d| {
        let technologies = d.string_list("technologies");
        let baseline = d.id("baseline");
        let workload = d.id("workload");
        let delay = d.choice("delay", &DelayDefinition::WORDS);
        d.finish();
        Some(Defaults {
            technologies: technologies?,
            baseline: baseline?,
            workload: workload?,
            delay: delay?,
            opening: None,
        })
    });
    let opening = r.opt_table("opening").and_then(|mut o| {
        let link = o.non_empty_string("link");
        let reason = o.non_empty_string("reason");
        o.finish();
        Some(Opening {
            link: link?,
            reason: reason?,
        })
    });
    let default = default.map(|d| Defaults { opening, ..d });
    r.finish();
    let (nodes, cells, caches, workloads, networks, gpus, measured) = (
        nodes?, cells?, caches?, workloads?, networks?, gpus?, measured?,
    );
    for file in nodes
        .iter()
        .chain(cells.iter())
        .chain(caches.iter())
        .chain(workloads.iter())
        .chain(networks.iter())
        .chain(gpus.iter())
        .chain(measured.iter())
    {
        if !is_safe_relative_path(file) {
            errors.push(PresetError {
                file: INDEX_FILE.into(),
                line: None,
                field: "nodes / cells / caches / workloads / networks / gpus / measured".into(),
                value: crate::input::shorten(file),
                problem: "must be a relative path of [a-z0-9_/.-] ending in .toml, without '..'"
                    .into(),
            });
        }
    }
    schema?;
    Some(Index {
        nodes,
        cells,
        caches,
        workloads,
        networks,
        gpus,
        measured,
        default: default?,
    })
}

/// A relative path inside the presets folder: no absolute paths, no `..`, `.toml` at the end.
fn is_safe_relative_path(path: &str) -> bool {
    path.ends_with(".toml")
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
        && path
            .chars()
            .all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-' | '.' | '/'))
}

/// Every loaded, validated preset.
#[derive(Clone, Debug, PartialEq)]
pub struct Library {
    /// Process nodes, in index order.
    pub nodes: Vec<Node>,
    /// Bitcells, in index order.
    pub cells: Vec<CellSpec>,
    /// Technologies from cache-characterisation presets, in index order.
    pub technologies: Vec<Technology>,
    /// Workloads, in index order.
    pub workloads: Vec<Workload>,
    /// Networks (layer lists), in index order.
    pub networks: Vec<Network>,
    /// GPUs, in index order.
    pub gpus: Vec<Gpu>,
    /// Measured workloads, in index order.
    pub measured: Vec<MeasuredWorkload>,
    /// The index's `[default]` table (the scenario the page opens with).
    pub defaults: Defaults,
}

impl Library {
    /// Validates every file named by `index`; `files` holds `(path, text)` pairs (a missing file is an
    /// error naming it). All problems in all files are returned together.
    pub fn load(index: &Index, files: &[(String, String)]) -> Result<Library, PresetErrors> {
        let mut errors = Vec::new();
        let text_of = |path: &str, errors: &mut Vec<PresetError>| -> Option<&str> {
            match files.iter().find(|(p, _)| p == path) {
                Some((_, text)) if text.len() > MAX_FILE_BYTES => {
                    errors.push(whole_file(
                        path,
                        &format!(
                            "file is {} bytes; preset files are limited to {} bytes",
                            text.len(),
                            MAX_FILE_BYTES
                        ),
                    ));
                    None
                }
                Some((_, text)) => Some(text.as_str()),
                None => {
                    errors.push(whole_file(
                        path,
                        "named in index.toml but could not be read",
                    ));
                    None
                }
            }
        };

        let mut nodes = Vec::new();
        for path in &index.nodes {
            if let Some(text) = text_of(path, &mut errors) {
                match parse_node(path, text) {
                    Ok(node) => nodes.push(node),
                    Err(e) => errors.extend(e.0),
                }
            }
        }
        let mut cells = Vec::new();
        for path in &index.cells {
            if let Some(text) = text_of(path, &mut errors) {
                match parse_cell_preset(path, text) {
                    Ok(cell) => cells.push(cell),
                    Err(e) => errors.extend(e.0),
                }
            }
        }
        let mut technologies = Vec::new();
        for path in &index.caches {
            if let Some(text) = text_of(path, &mut errors) {
                if let Some(t) = parse_cache(path, text, &mut errors) {
                    technologies.push(t);
                }
            }
        }
        let mut workloads = Vec::new();
        for path in &index.workloads {
            if let Some(text) = text_of(path, &mut errors) {
                if let Some(w) = parse_workload(path, text, &mut errors) {
                    workloads.push(w);
                }
            }
        }
        let mut networks = Vec::new();
        for path in &index.networks {
            if let Some(text) = text_of(path, &mut errors) {
                match parse_network_preset(path, text) {
                    Ok(n) => networks.push(n),
                    Err(e) => errors.extend(e.0),
                }
            }
        }

        let mut gpus = Vec::new();
        for path in &index.gpus {
            if let Some(text) = text_of(path, &mut errors) {
                match parse_gpu_preset(path, text) {
                    Ok(g) => gpus.push(g),
                    Err(e) => errors.extend(e.0),
                }
            }
        }

        let mut measured = Vec::new();
        for path in &index.measured {
            if let Some(text) = text_of(path, &mut errors) {
                match parse_measured_preset(path, text) {
                    Ok(m) => measured.push(m),
                    Err(e) => errors.extend(e.0),
                }
            }
        }

        check_unique(nodes.iter().map(|n| n.id.as_str()), "node", &mut errors);
        check_unique(
            measured.iter().map(|m| m.id.as_str()),
            "measured workload",
            &mut errors,
        );
        check_unique(gpus.iter().map(|g| g.id.as_str()), "GPU", &mut errors);
        check_unique(cells.iter().map(|c| c.id.as_str()), "cell", &mut errors);
        check_unique(
            technologies.iter().map(|t| t.id.as_str()),
            "technology",
            &mut errors,
        );
        check_unique(
            workloads.iter().map(|w| w.id.as_str()),
            "workload",
            &mut errors,
        );
        check_unique(
            networks.iter().map(|n| n.id.as_str()),
            "network",
            &mut errors,
        );
        // A network is picked by id next to workloads and technologies: no id may name two kinds.
        for n in &networks {
            let other = [
                (nodes.iter().any(|x| x.id == n.id), "a node"),
                (cells.iter().any(|x| x.id == n.id), "a cell"),
                (technologies.iter().any(|x| x.id == n.id), "a cache"),
                (workloads.iter().any(|x| x.id == n.id), "a workload"),
            ];
            if let Some((_, kind)) = other.iter().find(|(clash, _)| *clash) {
                errors.push(PresetError {
                    file: INDEX_FILE.into(),
                    line: None,
                    field: "id".into(),
                    value: n.id.clone(),
                    problem: format!(
                        "names both a network preset ({}) and {kind} preset; ids must be unique \
                         across preset kinds: rename one file and its id",
                        n.name
                    ),
                });
            }
        }
        // `tech=` in a link takes both kinds, so one id must not name a cache preset and a cell.
        for t in &technologies {
            if let Some(cell) = cells.iter().find(|c| c.id == t.id) {
                errors.push(PresetError {
                    file: INDEX_FILE.into(),
                    line: None,
                    field: "id".into(),
                    value: t.id.clone(),
                    problem: format!(
                        "names both a cache preset and a cell preset ({}); technology ids must be \
                         unique across caches/ and cells/: rename one file and its id",
                        cell.name
                    ),
                });
            }
        }

        if !errors.is_empty() {
            // Cross-references are checked only once every file is valid, so that one bad file does
            // not also show up as "no preset has this id".
            return Err(PresetErrors(errors));
        }
        let d = &index.default;
        let tech_ids: Vec<&str> = technologies
            .iter()
            .map(|t| t.id.as_str())
            .chain(cells.iter().map(|c| c.id.as_str()))
            .collect();
        let wl_ids: Vec<&str> = workloads.iter().map(|w| w.id.as_str()).collect();
        for id in &d.technologies {
            if !tech_ids.contains(&id.as_str()) {
                errors.push(default_error(
                    "default.technologies",
                    id,
                    "no cache or cell preset has this id",
                    &tech_ids,
                ));
            }
        }
        if !d.technologies.contains(&d.baseline) {
            errors.push(default_error(
                "default.baseline",
                &d.baseline,
                "must be one of default.technologies",
                &[],
            ));
        }
        if !wl_ids.contains(&d.workload.as_str()) {
            errors.push(default_error(
                "default.workload",
                &d.workload,
                "no workload preset has this id",
                &wl_ids,
            ));
        }
        if d.technologies.is_empty() {
            errors.push(default_error(
                "default.technologies",
                "[]",
                "must name at least one technology",
                &[],
            ));
        }

        // A measured workload names the network and GPU it ran: both must be loaded, and the
        // network must accept its shape.
        for (path, m) in index.measured.iter().zip(&measured) {
            let cross = |field: &str, value: &str, problem: String| PresetError {
                file: path.clone(),
                line: None,
                field: field.into(),
                value: value.into(),
                problem,
            };
            match networks.iter().find(|n| n.id == m.network) {
                None => errors.push(cross(
                    "network",
                    &m.network,
                    format!(
                        "no network preset has this id; loaded: {}",
                        networks
                            .iter()
                            .map(|n| n.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
                Some(n) => {
                    if let Err(e) = n.kernels(&m.shape()) {
                        errors.push(cross("network", &m.network, e.to_string()));
                    }
                }
            }
            if !gpus.iter().any(|g| g.id == m.gpu) {
                errors.push(cross(
                    "gpu",
                    &m.gpu,
                    format!(
                        "no GPU preset has this id; loaded: {}",
                        gpus.iter()
                            .map(|g| g.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }

        if !errors.is_empty() {
            return Err(PresetErrors(errors));
        }
        Ok(Library {
            nodes,
            cells,
            technologies,
            workloads,
            networks,
            gpus,
            measured,
            defaults: d.clone(),
        })
    }

    /// The technology with this id.
    pub fn technology(&self, id: &str) -> Option<&Technology> {
        self.technologies.iter().find(|t| t.id == id)
    }

    /// The workload with this id.
    pub fn workload(&self, id: &str) -> Option<&Workload> {
        self.workloads.iter().find(|w| w.id == id)
    }

    /// The process node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Every technology preset id: cache presets, then cell presets (one id space).
    pub fn technology_ids(&self) -> impl Iterator<Item = &str> {
        self.technologies
            .iter()
            .map(|t| t.id.as_str())
            .chain(self.cells.iter().map(|c| c.id.as_str()))
    }

    /// Whether `id` names a technology preset (a cache or a cell preset).
    pub fn has_technology_id(&self, id: &str) -> bool {
        self.technology(id).is_some() || self.cell(id).is_some()
    }

    /// The bitcell with this id.
    pub fn cell(&self, id: &str) -> Option<&CellSpec> {
        self.cells.iter().find(|c| c.id == id)
    }

    /// The GPU with this id.
    pub fn gpu(&self, id: &str) -> Option<&Gpu> {
        self.gpus.iter().find(|g| g.id == id)
    }

    /// The GPU preset ids, comma-separated (for messages).
    pub fn gpu_ids(&self) -> String {
        join_ids(self.gpus.iter().map(|g| g.id.as_str()))
    }

    /// The measured workload ids, comma-separated (for messages; `none loaded` when empty).
    pub fn measured_ids(&self) -> String {
        if self.measured.is_empty() {
            return "none loaded".into();
        }
        join_ids(self.measured.iter().map(|m| m.id.as_str()))
    }

    /// The network with this id.
    pub fn network(&self, id: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.id == id)
    }

    /// The measured workload with this id.
    pub fn measured(&self, id: &str) -> Option<&MeasuredWorkload> {
        self.measured.iter().find(|m| m.id == id)
    }
}

/// The bundle's file name, next to the page (`dist/presets.json`).
pub const BUNDLE_FILE: &str = "presets.json";

/// The whole preset folder as one JSON document, so that the page loads it in one request: the
/// index text and every file it names, as `(path, text)` in index order. The texts are the files'
/// own, so loading a bundle runs exactly the checks of loading the folder ([`Library::load`]).
///
/// Written at build time by `nvmcalc bundle` (which first loads it, so a bad preset fails the
/// build) and read by the page; its JSON is `{"schema": 1, "index": "…", "files": [["path",
/// "text"], …]}`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetBundle {
    /// [`SCHEMA_VERSION`] of the index it holds.
    pub schema: i64,
    /// The text of `index.toml`.
    pub index: String,
    /// `(path in the index, text)` of every file the index names, in index order.
    pub files: Vec<(String, String)>,
}

impl PresetBundle {
    /// Reads a bundle's JSON; a malformed one is one error naming [`BUNDLE_FILE`].
    pub fn from_json(text: &str) -> Result<PresetBundle, PresetErrors> {
        let bundle: PresetBundle = serde_json::from_str(text).map_err(|e| {
            PresetErrors(vec![whole_file(
                BUNDLE_FILE,
                &format!("not a preset bundle ({e}); rebuild it with tools/build-web.sh"),
            )])
        })?;
        if bundle.schema != SCHEMA_VERSION {
            return Err(PresetErrors(vec![whole_file(
                BUNDLE_FILE,
                &format!(
                    "schema = {}: this build reads schema {SCHEMA_VERSION}; rebuild it with tools/build-web.sh",
                    bundle.schema
                ),
            )]));
        }
        Ok(bundle)
    }

    /// The bundle as JSON (one line).
    pub fn to_json(&self) -> String {
        // A struct of strings always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Validates the bundle into a library: [`Index::parse`] then [`Library::load`].
    pub fn library(&self) -> Result<Library, PresetErrors> {
        Library::load(&Index::parse(&self.index)?, &self.files)
    }
}

fn whole_file(path: &str, problem: &str) -> PresetError {
    PresetError {
        file: path.into(),
        line: None,
        field: String::new(),
        value: String::new(),
        problem: problem.into(),
    }
}

fn default_error(field: &str, value: &str, problem: &str, accepted: &[&str]) -> PresetError {
    let problem = if accepted.is_empty() {
        problem.to_string()
    } else {
        format!("{problem}; accepted: {}", accepted.join(", "))
    };
    PresetError {
        file: INDEX_FILE.into(),
        line: None,
        field: field.into(),
        value: value.into(),
        problem,
    }
}

fn check_unique<'a>(ids: impl Iterator<Item = &'a str>, what: &str, errors: &mut Vec<PresetError>) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            errors.push(PresetError {
                file: INDEX_FILE.into(),
                line: None,
                field: "id".into(),
                value: id.into(),
                problem: format!("two {what} presets share this id; ids must be unique"),
            });
        }
    }
}

fn parse_cache(path: &str, text: &str, errors: &mut Vec<PresetError>) -> Option<Technology> {
    let table = parse_toml(path, text, errors)?;
    let mut r = FieldReader::new(path, text, table, errors);
    let id = r.file_id();
    let name = r.non_empty_string("name");
    let memory = r.choice("memory", &MemoryKind::ALL);
    let capacity_kib = r.integer("capacity_kib", 1, 1 << 30);
    let node_nm = r.opt_integer("node_nm", 1, 1000);
    let access_bits = r.integer("access_bits", 1, 1 << 16);
    // Physical bounds, wide enough for any cache that could be built, so that a typing slip
    // (`1e308`, a value in the wrong unit by 10⁹) is refused rather than printed as a ratio:
    // area within a 300 mm wafer (70 686 mm²); an access between 1 ps and 1 ms; at most 1 µJ
    // (10⁶ pJ) per access; leakage at most 1 kW.
    let area_mm2 = r.number_in("area_mm2", 1e-6, 7e4);
    let read_latency_ns = r.number_in("read_latency_ns", 1e-3, 1e6);
    let write_latency_ns = r.number_in("write_latency_ns", 1e-3, 1e6);
    let read_energy_pj = r.number_in("read_energy_pj", 0.0, 1e6);
    let write_energy_pj = r.number_in("write_energy_pj", 0.0, 1e6);
    let leakage_mw = r.number_in("leakage_mw", 0.0, 1e6);
    let source = r.non_empty_string("source");
    let notes = r.opt_string("notes");
    r.finish();
    Some(Technology {
        id: id?,
        name: name?,
        memory: memory?,
        capacity: Capacity::from_kib(capacity_kib? as u64)?,
        node_nm: node_nm.map(|n| n as u32),
        access_bits: access_bits? as u32,
        metrics: Metrics {
            area: Area::from_mm2(area_mm2?),
            read_latency: Time::from_ns(read_latency_ns?),
            write_latency: Time::from_ns(write_latency_ns?),
            read_energy: Energy::from_pj(read_energy_pj?),
            write_energy: Energy::from_pj(write_energy_pj?),
            leakage: Power::from_mw(leakage_mw?),
        },
        source: source?,
        notes,
    })
}

fn parse_workload(path: &str, text: &str, errors: &mut Vec<PresetError>) -> Option<Workload> {
    let table = parse_toml(path, text, errors)?;
    let mut r = FieldReader::new(path, text, table, errors);
    let id = r.file_id();
    let name = r.non_empty_string("name");
    // Physical bounds: at most 10¹⁸ accesses of each kind (a year at 3·10¹⁰ accesses per
    // second), and a run between 1 ns and 10⁹ ms (11.6 days).
    let reads = r.number_in("reads", 0.0, 1e18);
    let writes = r.number_in("writes", 0.0, 1e18);
    let access_bytes = r.integer("access_bytes", 1, 1 << 16);
    let execution_time_ms = r.number_in("execution_time_ms", 1e-6, 1e9);
    let source = r.non_empty_string("source");
    let derivation = r.non_empty_string("derivation");
    r.finish();
    Some(Workload {
        id: id?,
        name: name?,
        reads: reads?,
        writes: writes?,
        access_bytes: access_bytes? as u32,
        execution_time: Time::from_ms(execution_time_ms?),
        // The count presets give L2 traffic only.
        dram_energy: Energy::from_j(0.0),
        source: source?,
        derivation: derivation?,
    })
}

/// Ids joined by `, `.
fn join_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"
schema = 1
nodes = []
cells = []
caches = ["caches/a.toml"]
workloads = ["workloads/w.toml"]
networks = []
gpus = []
[default]
technologies = ["a"]
baseline = "a"
workload = "w"
delay = "access"
"#;

    const CACHE: &str = r#"
id = "a"
name = "A"
memory = "sram"
capacity_kib = 2048
access_bits = 64
area_mm2 = 1.0
read_latency_ns = 1.0
write_latency_ns = 1.0
read_energy_pj = 1.0
write_energy_pj = 1.0
leakage_mw = 1.0
source = "test"
"#;

    const WORKLOAD: &str = r#"
id = "w"
name = "W"
reads = 10
writes = 5
access_bytes = 8
execution_time_ms = 1.0
source = "test"
derivation = "test"
"#;

    fn load(cache: &str, workload: &str) -> Result<Library, PresetErrors> {
        let index = Index::parse(INDEX)?;
        let files = vec![
            ("caches/a.toml".to_string(), cache.to_string()),
            ("workloads/w.toml".to_string(), workload.to_string()),
        ];
        Library::load(&index, &files)
    }

    #[test]
    fn loads_a_valid_library() {
        let lib = load(CACHE, WORKLOAD).unwrap();
        assert_eq!(lib.technologies[0].metrics.area.mm2(), 1.0);
        assert_eq!(lib.workloads[0].reads, 10.0);
        assert_eq!(lib.defaults.baseline, "a");
    }

    /// Values no cache or run could have are refused with the bounds, so that no report
    /// prints `1e300×` or a `null` EDP.
    #[test]
    fn physical_ranges_refuse_slips() {
        for (cache, workload) in [
            (
                CACHE.replace("area_mm2 = 1.0", "area_mm2 = 1e308"),
                WORKLOAD.to_string(),
            ),
            (
                CACHE.replace("leakage_mw = 1.0", "leakage_mw = 1e12"),
                WORKLOAD.to_string(),
            ),
            (
                CACHE.to_string(),
                WORKLOAD.replace("reads = 10", "reads = 1e308"),
            ),
            (
                CACHE.to_string(),
                WORKLOAD.replace("execution_time_ms = 1.0", "execution_time_ms = 1e300"),
            ),
        ] {
            let errs = load(&cache, &workload).unwrap_err().to_string();
            assert!(errs.contains("must be a finite number from"), "{errs}");
        }
    }

    #[test]
    fn collects_every_error_with_file_field_value_and_rule() {
        let bad = CACHE
            .replace("leakage_mw = 1.0", "leakage_mw = -3")
            .replace("area_mm2 = 1.0", "area_mm2 = nan")
            .replace("memory = \"sram\"", "memory = \"sdram\"")
            + "colour = \"red\"\n";
        let errs = load(&bad, &WORKLOAD.replace("reads = 10", "reads = \"many\"")).unwrap_err();
        let text = errs.to_string();
        assert!(
            text.contains(
                "caches/a.toml:12: leakage_mw = -3: must be a finite number from 0 to 1000000"
            ),
            "{text}"
        );
        assert!(
            text.contains("area_mm2 = nan: must be a finite number from 0.000001 to 70000"),
            "{text}"
        );
        assert!(
            text.contains("memory = \"sdram\": must be one of: sram, stt_mram"),
            "{text}"
        );
        assert!(text.contains("colour = \"red\": unknown key"), "{text}");
        assert!(
            text.contains("workloads/w.toml:4: reads = \"many\""),
            "{text}"
        );
        assert_eq!(errs.0.len(), 5, "{text}");
    }

    #[test]
    fn missing_fields_and_files_are_named() {
        let errs = load(&CACHE.replace("source = \"test\"\n", ""), WORKLOAD).unwrap_err();
        assert!(
            errs.to_string().contains("caches/a.toml: source: missing"),
            "{errs}"
        );
        let index = Index::parse(INDEX).unwrap();
        let errs = Library::load(&index, &[]).unwrap_err();
        assert!(
            errs.to_string()
                .contains("caches/a.toml: named in index.toml but could not be read"),
            "{errs}"
        );
    }

    #[test]
    fn id_must_match_file_name_and_default_must_exist() {
        let errs = load(&CACHE.replace("id = \"a\"", "id = \"b\""), WORKLOAD).unwrap_err();
        let text = errs.to_string();
        assert!(
            text.contains("id = \"b\": must equal the file name"),
            "{text}"
        );
        let index = Index::parse(
            &INDEX.replace("technologies = [\"a\"]", "technologies = [\"a\", \"zz\"]"),
        )
        .unwrap();
        let files = vec![
            ("caches/a.toml".to_string(), CACHE.to_string()),
            ("workloads/w.toml".to_string(), WORKLOAD.to_string()),
        ];
        let text = Library::load(&index, &files).unwrap_err().to_string();
        assert!(
            text.contains(
                "default.technologies = zz: no cache or cell preset has this id; accepted: a"
            ),
            "{text}"
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let errs = load("id = \"a\"\nname = \n", WORKLOAD).unwrap_err();
        assert!(
            errs.to_string().contains("caches/a.toml:2: not valid TOML"),
            "{errs}"
        );
    }

    #[test]
    fn index_refuses_paths_outside_the_folder() {
        let errs = Index::parse(&INDEX.replace("caches/a.toml", "../etc/passwd.toml")).unwrap_err();
        assert!(errs.to_string().contains("without '..'"), "{errs}");
    }

    #[test]
    fn oversized_files_are_refused() {
        let big = format!("{CACHE}\nnotes = \"{}\"\n", "x".repeat(MAX_FILE_BYTES));
        let errs = load(&big, WORKLOAD).unwrap_err();
        assert!(errs.to_string().contains("limited to"), "{errs}");
    }

    const CELL: &str = r#"
id = "c"
name = "C"
kind = "sram"
source = "test"
cell_area_f2 = 146
aspect_ratio = 1.46
[sram]
access_width_f = 1.31
nmos_width_f = 2.08
pmos_width_f = 1.23
"#;

    fn index_with_cells(cells: &[&str]) -> Index {
        let list: Vec<String> = cells.iter().map(|c| format!("\"{c}\"")).collect();
        Index::parse(&INDEX.replace("cells = []", &format!("cells = [{}]", list.join(", "))))
            .unwrap()
    }

    #[test]
    fn files_lists_nodes_and_cells_first() {
        let index = Index::parse(
            &INDEX
                .replace("nodes = []", "nodes = [\"nodes/n.toml\"]")
                .replace("cells = []", "cells = [\"cells/c.toml\"]"),
        )
        .unwrap();
        let files: Vec<&str> = index.files().collect();
        assert_eq!(
            files,
            [
                "nodes/n.toml",
                "cells/c.toml",
                "caches/a.toml",
                "workloads/w.toml"
            ]
        );
        let errs = Index::parse(&INDEX.replace("nodes = []\n", "")).unwrap_err();
        assert!(
            errs.to_string().contains("index.toml: nodes: missing"),
            "{errs}"
        );
        let errs =
            Index::parse(&INDEX.replace("cells = []", "cells = [\"../c.toml\"]")).unwrap_err();
        assert!(errs.to_string().contains("without '..'"), "{errs}");
    }

    #[test]
    fn loads_cells_and_collects_their_errors_with_the_others() {
        let index = index_with_cells(&["cells/c.toml"]);
        let files = vec![
            ("cells/c.toml".to_string(), CELL.to_string()),
            ("caches/a.toml".to_string(), CACHE.to_string()),
            ("workloads/w.toml".to_string(), WORKLOAD.to_string()),
        ];
        let lib = Library::load(&index, &files).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lib.cells.len(), 1);
        assert_eq!(lib.cell("c").unwrap().name, "C");
        assert!(lib.nodes.is_empty() && lib.node("x").is_none());

        let mut bad = files.clone();
        bad[0].1 = CELL.replace("nmos_width_f = 2.08", "nmos_width_f = -1");
        bad[1].1 = CACHE.replace("leakage_mw = 1.0", "leakage_mw = -3");
        let text = Library::load(&index, &bad).unwrap_err().to_string();
        assert!(
            text.contains(
                "cells/c.toml:10: sram.nmos_width_f = -1: must be a finite number from 0.5 to 100"
            ),
            "{text}"
        );
        assert!(text.contains("caches/a.toml:12: leakage_mw = -3"), "{text}");
        let text = Library::load(&index, &files[1..]).unwrap_err().to_string();
        assert!(
            text.contains("cells/c.toml: named in index.toml but could not be read"),
            "{text}"
        );
    }

    #[test]
    fn a_cache_preset_and_a_cell_may_not_share_an_id() {
        let index = index_with_cells(&["cells/a.toml"]);
        let files = vec![
            (
                "cells/a.toml".to_string(),
                CELL.replace("id = \"c\"", "id = \"a\""),
            ),
            ("caches/a.toml".to_string(), CACHE.to_string()),
            ("workloads/w.toml".to_string(), WORKLOAD.to_string()),
        ];
        let text = Library::load(&index, &files).unwrap_err().to_string();
        assert!(
            text.contains("index.toml: id = a: names both a cache preset and a cell preset (C)"),
            "{text}"
        );
    }

    #[test]
    fn cell_ids_must_be_unique() {
        let index = index_with_cells(&["cells/c.toml", "more/c.toml"]);
        let files = vec![
            ("cells/c.toml".to_string(), CELL.to_string()),
            ("more/c.toml".to_string(), CELL.to_string()),
            ("caches/a.toml".to_string(), CACHE.to_string()),
            ("workloads/w.toml".to_string(), WORKLOAD.to_string()),
        ];
        let text = Library::load(&index, &files).unwrap_err().to_string();
        assert!(
            text.contains("index.toml: id = c: two cell presets share this id; ids must be unique"),
            "{text}"
        );
    }

    #[test]
    fn networks_load_and_may_not_share_an_id_with_another_kind() {
        let net = |id: &str| {
            format!(
                "id = \"{id}\"\nname = \"N\"\nsource = \"test\"\n\
                 input = {{ kind = \"image\", channels = 1, height_px = 4, width_px = 4 }}\n\
                 layers = [{{ op = \"conv\", out_channels = 2, kernel = 3 }}]\n"
            )
        };
        let index = Index::parse(&INDEX.replace(
            "networks = []",
            "networks = [\"networks/n.toml\", \"networks/a.toml\"]",
        ))
        .unwrap();
        let mut files = vec![
            ("caches/a.toml".to_string(), CACHE.to_string()),
            ("workloads/w.toml".to_string(), WORKLOAD.to_string()),
            ("networks/n.toml".to_string(), net("n")),
            ("networks/a.toml".to_string(), net("a")),
        ];
        let text = Library::load(&index, &files).unwrap_err().to_string();
        assert!(
            text.contains("index.toml: id = a: names both a network preset (N) and a cache preset"),
            "{text}"
        );
        files[3].1 = net("a").replace("kernel = 3", "kernel = 5");
        let text = Library::load(&index, &files).unwrap_err().to_string();
        assert!(
            text.contains(
                "networks/a.toml: layer conv1: kernel: 5 is larger than the padded input"
            ),
            "{text}"
        );
        let index =
            Index::parse(&INDEX.replace("networks = []", "networks = [\"networks/n.toml\"]"))
                .unwrap();
        let lib = Library::load(&index, &files).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lib.network("n").unwrap().parameters().unwrap(), 2 * 9 + 2);
    }
    #[test]
    fn a_bundle_round_trips_and_loads_like_the_files() {
        let files = vec![
            ("caches/a.toml".to_string(), CACHE.to_string()),
            ("workloads/w.toml".to_string(), WORKLOAD.to_string()),
        ];
        let bundle = PresetBundle {
            schema: SCHEMA_VERSION,
            index: INDEX.to_string(),
            files: files.clone(),
        };
        let back = PresetBundle::from_json(&bundle.to_json()).unwrap();
        assert_eq!(back, bundle);
        let direct = Library::load(&Index::parse(INDEX).unwrap(), &files).unwrap();
        assert_eq!(back.library().unwrap(), direct);
    }

    #[test]
    fn a_bad_bundle_names_the_file_and_says_how_to_fix_it() {
        let e = PresetBundle::from_json("{\"index\": 3}").unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].file, BUNDLE_FILE);
        assert!(e.0[0].problem.contains("rebuild it"), "{}", e.0[0].problem);
        let other = r#"{"schema": 99, "index": "", "files": []}"#;
        let e = PresetBundle::from_json(other).unwrap_err();
        assert!(
            e.0[0].problem.starts_with("schema = 99"),
            "{}",
            e.0[0].problem
        );
        // A bundle's files are checked as the folder's are.
        let bad = PresetBundle {
            schema: SCHEMA_VERSION,
            index: INDEX.to_string(),
            files: vec![(
                "caches/a.toml".to_string(),
                CACHE.replace("leakage_mw = 1.0", "leakage_mw = -1"),
            )],
        };
        let e = bad.library().unwrap_err();
        assert!(
            e.0.iter()
                .any(|e| e.file == "caches/a.toml" && e.field == "leakage_mw"),
            "{e}"
        );
        assert!(e.0.iter().any(|e| e.file == "workloads/w.toml"), "{e}");
    }
}
