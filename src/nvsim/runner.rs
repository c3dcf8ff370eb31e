//! NVSim compatibility: run an NVSim `.cfg` (with its `.cell`) through this model and report it
//! in the shape `nvmcalc nvsim` prints.
//!
//! The `.cfg` keys honoured: design target (RAM / cache), capacity, word width (the line size of a
//! cache), associativity, process node (the node preset `nvsim_<N>nm`, the tables stock NVSim
//! uses, else `cacti_<N>nm`), device roadmap, temperature, optimisation target, local and global
//! wire types and repeaters, routing, cache access mode, `-UseCactiAssumption`,
//! `-MaxDriverCurrent` and the `-Force*` keys. Write energy is counted as stock NVSim counts it
//! so that the numbers compare with NVSim's: every written bit in a RAM, but one cell pulse per
//! active subarray in a cache ([`WriteAccounting::NvsimLegacy`], what NVSim's cache reports
//! show); the calculator itself counts every written bit.

use serde::Serialize;
use serde_json::{json, Value};

use crate::circuit::array::{ArrayInput, ArrayResult, Repeaters, Routing, WriteAccounting};
use crate::circuit::cache::{design, AccessMode, CacheResult, CacheSpec};
use crate::circuit::cell::{CellElectrical, CellSpec};
use crate::circuit::explore::{search, Forced, Objective, SearchError, SearchOptions};
use crate::circuit::tech::{Ctx, CtxError};
use crate::circuit::tech::{Node, Projection, Roadmap, WireClass, WireLayer};
use crate::nvsim::format::{
    CacheAccessMode, DesignTarget, DeviceRoadmap, NvsimConfig, OptimizationTarget, RepeaterType,
    Routing as NvRouting, WireType,
};

/// Physical address width assumed for tag arrays (bits); NVSim's caches use the same.
pub const ADDRESS_BITS: u32 = 48;

/// A designed RAM or cache.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "design")]
pub enum Design {
    /// A RAM macro.
    #[serde(rename = "RAM")]
    Ram(Box<ArrayResult>),
    /// A cache.
    #[serde(rename = "cache")]
    Cache(Box<CacheResult>),
}

/// Why a configuration could not be run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CompatError {
    /// Something the configuration asks for that this model does not do.
    #[error("{key}: {problem}")]
    Unsupported {
        /// The NVSim key.
        key: &'static str,
        /// What is wrong and what is accepted.
        problem: String,
    },
    /// The technology tables cannot answer.
    #[error("technology: {0}")]
    Tech(#[from] CtxError),
    /// No organisation satisfies the constraints.
    #[error("{0}")]
    NoSolution(String),
}

fn wire_class(t: WireType) -> WireClass {
    let (layer, projection) = match t {
        WireType::LocalAggressive => (WireLayer::Local, Projection::Aggressive),
        WireType::LocalConservative => (WireLayer::Local, Projection::Conservative),
        WireType::SemiAggressive => (WireLayer::SemiGlobal, Projection::Aggressive),
        WireType::SemiConservative => (WireLayer::SemiGlobal, Projection::Conservative),
        WireType::GlobalAggressive => (WireLayer::Global, Projection::Aggressive),
        WireType::GlobalConservative | WireType::DramWordline => {
            (WireLayer::Global, Projection::Conservative)
        }
    };
    WireClass::new(layer, projection)
}

/// Stock NVSim's cell reader knows no `-ReadEnergy` line (only `-ReadPower`): a `.cell` file's
/// read energy never reaches its results, and it counts the cell's read from the read power
/// instead. `nvmcalc nvsim` does the same (NVSim's sample PCM cell says 2 pJ per read, which
/// NVSim ignores: counting it per sensed bit put ours 10⁴× above NVSim's bitline-and-cell read
/// energy, session 16, `tests/golden_nvsim_components.rs`). The calculator's own path keeps a
/// cell's read energy where the cell's source gives one.
fn nvsim_read_energy(mut cell: CellElectrical) -> CellElectrical {
    cell.read_energy_j = None;
    cell
}

fn repeaters(r: Option<RepeaterType>) -> Repeaters {
    match r {
        None | Some(RepeaterType::RepeatedNone) => Repeaters::None,
        Some(RepeaterType::RepeatedOpt) => Repeaters::Optimal { penalty: 0.0 },
        Some(RepeaterType::Repeated5PercentPenalty) => Repeaters::Optimal { penalty: 0.05 },
        Some(RepeaterType::Repeated10PercentPenalty) => Repeaters::Optimal { penalty: 0.10 },
        Some(RepeaterType::Repeated20PercentPenalty) => Repeaters::Optimal { penalty: 0.20 },
        Some(RepeaterType::Repeated30PercentPenalty) => Repeaters::Optimal { penalty: 0.30 },
        Some(RepeaterType::Repeated40PercentPenalty) => Repeaters::Optimal { penalty: 0.40 },
        Some(RepeaterType::Repeated50PercentPenalty) => Repeaters::Optimal { penalty: 0.50 },
    }
}

/// The objective an NVSim optimisation target maps to.
pub fn objective(t: OptimizationTarget) -> Result<Objective, CompatError> {
    Ok(match t {
        OptimizationTarget::ReadLatency => Objective::ReadLatency,
        OptimizationTarget::WriteLatency => Objective::WriteLatency,
        OptimizationTarget::ReadDynamicEnergy => Objective::ReadEnergy,
        OptimizationTarget::WriteDynamicEnergy => Objective::WriteEnergy,
        OptimizationTarget::ReadEdp => Objective::ReadEdp,
        OptimizationTarget::WriteEdp => Objective::WriteEdp,
        OptimizationTarget::LeakagePower => Objective::Leakage,
        OptimizationTarget::Area => Objective::Area,
        OptimizationTarget::Full => {
            return Err(CompatError::Unsupported {
                key: "-OptimizationTarget",
                problem: "Exploration (print every design) is not supported; pick one of \
                          ReadLatency, WriteLatency, ReadDynamicEnergy, WriteDynamicEnergy, \
                          ReadEDP, WriteEDP, LeakagePower, Area"
                    .into(),
            })
        }
    })
}

/// Picks the node preset for an NVSim process node: `nvsim_<N>nm`, else `cacti_<N>nm`.
pub fn node_for(nodes: &[Node], nm: u32) -> Result<&Node, CompatError> {
    let want = [format!("nvsim_{nm}nm"), format!("cacti_{nm}nm")];
    for id in &want {
        if let Some(n) = nodes.iter().find(|n| &n.id == id) {
            return Ok(n);
        }
    }
    Err(CompatError::Unsupported {
        key: "-ProcessNode",
        problem: format!(
            "{nm} nm has no node preset; available: {}",
            nodes
                .iter()
                .map(|n| n.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Runs one configuration with its cell.
pub fn run(cfg: &NvsimConfig, cell: &CellSpec, nodes: &[Node]) -> Result<Design, CompatError> {
    let node = node_for(nodes, cfg.process_node_nm)?;
    let roadmap = match cfg.device_roadmap {
        DeviceRoadmap::Hp => Roadmap::Hp,
        DeviceRoadmap::Lstp => Roadmap::Lstp,
        DeviceRoadmap::Lop => Roadmap::Lop,
    };
    let local = wire_class(
        cfg.local_wire
            .wire_type
            .unwrap_or(WireType::LocalAggressive),
    );
    let global = wire_class(
        cfg.global_wire
            .wire_type
            .unwrap_or(WireType::GlobalAggressive),
    );
    let ctx = Ctx::new(node, roadmap, f64::from(cfg.temperature_k), local, global)?;
    let base = ArrayInput {
        capacity_bits: cfg.capacity.bits(),
        sensed_bits: cfg.word_width_bits,
        output_bits: cfg.word_width_bits,
        written_bits: cfg.word_width_bits,
        address_bits: 0,
        cell: nvsim_read_energy(cell.electrical(&ctx)),
        ctx,
        routing: match cfg.routing {
            NvRouting::HTree => Routing::HTree,
            NvRouting::NonHTree => Routing::Bus,
        },
        repeaters: repeaters(cfg.global_wire.repeater),
        max_driver_current_a: cfg.max_driver_current_ua.map(|i| i * 1e-6),
        // Stock NVSim's RAM runs count every written bit; its cache runs report one cell pulse
        // per active subarray (see `WriteAccounting::NvsimLegacy`).
        write_accounting: match cfg.design_target {
            DesignTarget::Cache => WriteAccounting::NvsimLegacy,
            _ => WriteAccounting::PerBit,
        },
    };
    let forced = Forced {
        bank: cfg
            .force_bank
            .map(|g| (g.rows, g.columns, g.active_rows * g.active_columns)),
        mat: cfg
            .force_mat
            .map(|g| (g.rows, g.columns, g.active_rows * g.active_columns)),
        mux_sense_amp: cfg.force_mux_sense_amp,
        mux_output1: cfg.force_mux_output_lev1,
        mux_output2: cfg.force_mux_output_lev2,
    };
    let options = SearchOptions {
        objective: objective(cfg.optimization_target)?,
        cacti_assumption: cfg.use_cacti_assumption,
        forced,
    };
    match cfg.design_target {
        DesignTarget::Ram => {
            let input = base.ram(cfg.capacity.bits(), cfg.word_width_bits);
            search(&input, &options)
                .map(|r| Design::Ram(Box::new(r.best)))
                .map_err(|e| no_solution(&e))
        }
        DesignTarget::Cache => {
            let spec = CacheSpec {
                slice_capacity_bits: cfg.capacity.bits(),
                slices: 1,
                line_bytes: cfg.word_width_bits / 8,
                // NVSim's caches are not sectored: an access moves the whole line.
                sector_bytes: cfg.word_width_bits / 8,
                associativity: cfg.associativity.max(1),
                address_bits: ADDRESS_BITS,
                access_mode: match cfg.cache_access_mode {
                    CacheAccessMode::Normal => AccessMode::Normal,
                    CacheAccessMode::Sequential => AccessMode::Sequential,
                    CacheAccessMode::Fast => AccessMode::Fast,
                },
            };
            design(&spec, &base, &options)
                .map(|c| Design::Cache(Box::new(c)))
                .map_err(|e| CompatError::NoSolution(e.to_string()))
        }
        DesignTarget::Cam => Err(CompatError::Unsupported {
            key: "-DesignTarget",
            problem: "CAM is not modelled; use RAM or cache".into(),
        }),
    }
}

fn no_solution(e: &SearchError) -> CompatError {
    CompatError::NoSolution(e.to_string())
}

/// RAM fields of one array, in the shape `nvmcalc nvsim` prints.
pub fn array_json(r: &ArrayResult) -> Value {
    let m = &r.metrics;
    let o = &r.organization;
    json!({
        "area_mm2": m.area.mm2(),
        "read_latency_ns": m.read_latency.ns(),
        "write_latency_ns": m.write_latency.ns(),
        "read_energy_pj": m.read_energy.pj(),
        "write_energy_pj": m.write_energy.pj(),
        "leakage_mw": m.leakage.mw(),
        "set_latency_ns": r.set_latency.ns(),
        "reset_latency_ns": r.reset_latency.ns(),
        "set_energy_pj": r.set_energy.pj(),
        "reset_energy_pj": r.reset_energy.pj(),
        "area_efficiency": r.area_efficiency,
        "organization": {
            "bank": format!("{} x {}", o.bank_rows, o.bank_cols),
            "active_mats": o.active_mats,
            "mat": format!("{} x {}", o.mat_rows, o.mat_cols),
            "active_subarrays_per_mat": o.active_subarrays,
            "subarray": format!("{} rows x {} columns", o.subarray_rows, o.subarray_cols),
            "mux_sense_amp": o.mux_sense_amp,
            "mux_output_level1": o.mux_output1,
            "mux_output_level2": o.mux_output2,
            "bank_width_mm": r.bank_width_mm,
            "bank_height_mm": r.bank_height_mm,
        },
        "breakdown": serde_json::to_value(r.breakdown).unwrap_or(Value::Null),
    })
}

/// The JSON `nvmcalc nvsim` prints for a design.
pub fn design_json(d: &Design) -> Value {
    match d {
        Design::Ram(r) => {
            let mut v = array_json(r);
            if let Value::Object(map) = &mut v {
                map.insert("design".into(), json!("RAM"));
            }
            v
        }
        Design::Cache(c) => json!({
            "design": "cache",
            "area_mm2": c.area.mm2(),
            "hit_latency_ns": c.hit_latency.ns(),
            "miss_latency_ns": c.miss_latency.ns(),
            "write_latency_ns": c.write_latency.ns(),
            "hit_energy_pj": c.hit_energy.pj(),
            "miss_energy_pj": c.miss_energy.pj(),
            "write_energy_pj": c.write_energy.pj(),
            "leakage_mw": c.leakage.mw(),
            "data": array_json(&c.data),
            "tag": array_json(&c.tag),
        }),
    }
}

/// Parses an NVSim `.cell` text (`cell_name` names it in messages) and imports it as a cell;
/// every problem is returned as readable lines naming the file and line or key.
pub fn import_cell(cell_name: &str, cell_text: &str) -> Result<CellSpec, String> {
    let ncell =
        crate::nvsim::format::parse_cell(cell_name, cell_text).map_err(|e| e.to_string())?;
    cell_of(cell_name, &ncell)
}

/// [`import_cell`] for a cell file the user did not name (a `.cfg` named it): a problem gives its
/// line number and what is wrong, never the line's text.
pub fn import_cell_quietly(cell_name: &str, cell_text: &str) -> Result<CellSpec, String> {
    let ncell = crate::nvsim::format::parse_cell(cell_name, cell_text)
        .map_err(|e| e.without_quotes().to_string())?;
    cell_of(cell_name, &ncell)
}

/// The custom cell of a parsed `.cell`, its id the file name without `.cell`.
fn cell_of(cell_name: &str, ncell: &crate::nvsim::format::NvsimCell) -> Result<CellSpec, String> {
    let id = cell_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(cell_name)
        .trim_end_matches(".cell");
    crate::nvsim::cell_from_nvsim(id, ncell).map_err(|e| e.to_string())
}
