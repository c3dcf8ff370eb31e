//! Cell-level technologies: a bitcell (a cell preset, or a user's NVSim `.cell`) built into a
//! cache of a given configuration by the circuit model, and reported as a [`Technology`] like any
//! cache-characterisation preset.
//!
//! The path: [`CacheConfig`] (capacity, slices, line, associativity, access mode, roadmap,
//! temperature, objective, optional node) is validated; the node preset for the cell's node is
//! picked ([`node_for`]: `cacti_<N>nm`, else `nvsim_<N>nm`, else any preset of that feature
//! size); the technology is resolved at the roadmap and temperature with local-aggressive and
//! global-aggressive wires (NVSim's defaults, as in `crate::nvsim::runner`); `crate::circuit::cache::design` searches the data
//! and tag arrays of one slice for the objective, counting **every written bit**
//! ([`WriteAccounting::PerBit`](crate::circuit::array::WriteAccounting::PerBit)); the cache's hit latency and hit energy become the read figures,
//! its write latency and energy the write figures, and area and leakage cover all slices.
//!
//! Deterministic: the same cell, configuration and nodes give the same numbers on every machine
//! (the CLI and the page agree bit for bit).

use serde::Serialize;

use crate::circuit::array::ArrayInput;
use crate::circuit::cache::{design, CacheError, CacheResult};
use crate::circuit::cell::CellSpec;
use crate::circuit::explore::{Forced, SearchOptions};
use crate::circuit::metrics::Metrics;
use crate::circuit::tech::{Ctx, CtxError};
use crate::circuit::tech::{Node, Projection, WireClass, WireLayer};
use crate::design::config::CacheConfig;
use crate::design::config::ConfigError;
use crate::design::config::NodeChoice;
use crate::design::technology::Technology;
use crate::units::Capacity;

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

    let org = |r: &crate::circuit::array::ArrayResult| {
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

/// The roadmaps the node `choice` names offers, in [`crate::circuit::tech::Roadmap::ALL`]
/// order, with the node's id; `None` when the choice is each cell's own node (the roadmaps then
/// depend on each cell) or names no loaded node.
pub fn roadmaps_of(
    nodes: &[Node],
    choice: &crate::design::config::NodeChoice,
) -> Option<(String, Vec<crate::circuit::tech::Roadmap>)> {
    use crate::design::config::NodeChoice;
    let node = match choice {
        NodeChoice::Cell => return None,
        NodeChoice::Nm(nm) => node_for(nodes, *nm).ok()?,
        NodeChoice::Preset(id) => nodes.iter().find(|n| &n.id == id)?,
    };
    Some((node.id.clone(), offered_roadmaps(node)))
}

fn offered_roadmaps(node: &Node) -> Vec<crate::circuit::tech::Roadmap> {
    crate::circuit::tech::Roadmap::ALL
        .iter()
        .map(|(_, r)| *r)
        .filter(|r| node.roadmaps.get(*r).is_some())
        .collect()
}

/// Moves `config`'s roadmap to one its node offers when the node lacks it (the CACTI 16 nm table
/// gives only HP; the IRDS 7 and 14 nm nodes only LOP), and says so; `None` when nothing had to
/// change. With each cell's own node, the nodes of `cells` (those that state one) count: the
/// roadmap must be one all of them offer.
pub fn settle_roadmap(
    config: &mut CacheConfig,
    nodes: &[Node],
    cells: &[&CellSpec],
) -> Option<String> {
    use crate::design::config::NodeChoice;
    let used: Vec<&Node> = match &config.node {
        NodeChoice::Cell => {
            let mut v: Vec<&Node> = cells
                .iter()
                .filter_map(|c| c.node_nm)
                .filter(|nm| nm.is_finite() && *nm >= 1.0)
                .filter_map(|nm| node_for(nodes, nm.round() as u32).ok())
                .collect();
            v.sort_by(|a, b| a.id.cmp(&b.id));
            v.dedup_by(|a, b| a.id == b.id);
            v
        }
        NodeChoice::Nm(nm) => node_for(nodes, *nm).ok().into_iter().collect(),
        NodeChoice::Preset(id) => nodes.iter().filter(|n| &n.id == id).collect(),
    };
    let first_node = used.first()?;
    let offered: Vec<crate::circuit::tech::Roadmap> = offered_roadmaps(first_node)
        .into_iter()
        .filter(|r| used.iter().all(|n| n.roadmaps.get(*r).is_some()))
        .collect();
    let first = *offered.first()?;
    if offered.contains(&config.roadmap) {
        return None;
    }
    let was = config.roadmap;
    config.roadmap = first;
    let names: Vec<&str> = used.iter().map(|n| n.id.as_str()).collect();
    Some(format!(
        "the node{} {} {} no {} roadmap ({} offered); {} is used",
        if names.len() == 1 { "" } else { "s" },
        names.join(", "),
        if names.len() == 1 { "has" } else { "have" },
        was.word().to_uppercase(),
        offered
            .iter()
            .map(|r| r.word().to_uppercase())
            .collect::<Vec<_>>()
            .join(", "),
        first.word().to_uppercase()
    ))
}

/// Why the node `choice` names cannot build a cache, in words (`None` when it can, or when the
/// choice is each cell's own node): a cache's H-trees run on global wires, which the IRDS 7 and
/// 14 nm presets do not give.
pub fn node_unusable(nodes: &[Node], choice: &crate::design::config::NodeChoice) -> Option<String> {
    use crate::design::config::NodeChoice;
    let node = match choice {
        NodeChoice::Cell => return None,
        NodeChoice::Nm(nm) => node_for(nodes, *nm).ok()?,
        NodeChoice::Preset(id) => nodes.iter().find(|n| &n.id == id)?,
    };
    let (global, _) = wire(node, WireLayer::Global);
    if node.wire(global).is_some() {
        return None;
    }
    Some(format!(
        "the node {} gives no global-wire data, which a cache's H-trees need",
        node.id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::tech::Roadmap;
    use crate::design::config::ConfigField;
    use crate::design::config::Layout;
    use crate::design::import::id_from_file_name;
    use crate::design::import::import_cell_preset;
    use crate::design::import::import_custom_cell;

    #[test]
    fn a_cell_preset_file_imports_by_the_id_inside_whatever_its_name() {
        let text = include_str!("../../presets/cells/sot_16nm.toml");
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
        let big = "#".repeat(crate::input::MAX_FILE_BYTES + 1);
        assert!(import_cell_preset("big.toml", &big, &[])
            .unwrap_err()
            .contains("limited"));
    }
    use crate::circuit::metrics::MemoryKind;

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
        // 3 MiB of 16-way 128 B lines is 1536 sets: not a power of two, accepted in both layouts.
        let mut c = CacheConfig {
            capacity_bytes: 3 << 20,
            ..CacheConfig::default()
        };
        c.validate().unwrap();
        // The H200's L2: 60 MiB in 96 slices of 640 KiB = 320 sets of 16 × 128 B per slice.
        let h200 = CacheConfig {
            capacity_bytes: 60 << 20,
            slices: 96,
            ..CacheConfig::default()
        };
        h200.validate().unwrap();
        assert_eq!(h200.cache_spec().sets(), 320);
        positive(&cell_technology(cell, &h200, &lib.nodes).unwrap());
        // A slice must still hold whole sets: 3 MiB + 1 KiB does not.
        let odd = CacheConfig {
            capacity_bytes: (3 << 20) + 1024,
            ..CacheConfig::default()
        };
        let e = odd.validate().unwrap_err();
        assert_eq!(e.field, ConfigField::Associativity);
        assert!(e.problem.contains("whole number"), "{e}");
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
        // 1536 sets in one slice: a whole number, so accepted (the index is hashed).
        c.validate().unwrap();
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
