//! The deep-learning analyses: a network run on a GPU whose L2 is built from each technology —
//! **iso-capacity** (every L2 the same size), **iso-area** (each cell's largest L2 in the
//! baseline's area, in slice-sized steps) and **scalability** (a sweep of L2 capacities).
//!
//! Each technology's L2 sees the traffic of its own capacity ([`crate::traffic::run`]): a larger
//! L2 keeps more reuse on chip, so it reads less from DRAM and the run may be shorter. Each
//! technology's run also carries its own write stalls ([`crate::traffic::Traffic::time_on`]): an
//! array whose writes take longer than its reads slows write-heavy kernels when the L2 bound sets
//! their time. Energy is then L2 dynamic + L2 leakage over the run + DRAM ([`crate::eval`]).

use serde::Serialize;
use thiserror::Error;

use crate::cell::CellSpec;
use crate::celltech::{cell_technology, CacheConfig, Layout, CAPACITY_RANGE_BYTES, SLICES_RANGE};
use crate::compare::{
    compare_evaluated, iso_area, ratio, Comparison, ComparisonError, IsoArea, RowTraffic,
};
use crate::eval::{evaluate, Accounting, Evaluation};
use crate::gpu::Gpu;
use crate::kernel::Kernel;
use crate::network::{Network, NetworkError, Phase, WorkloadShape};
use crate::preset::Library;
use crate::technology::Technology;
use crate::traffic::{self, ArrayTime, L2Array, Traffic};
use crate::units::{Area, Time};
use crate::workload::Workload;

/// A network workload on a GPU: the network-level inputs of every analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DlWorkload {
    /// Network preset id.
    pub network: String,
    /// Inference or training.
    pub phase: Phase,
    /// Samples per step.
    pub batch: u64,
    /// Tokens per sequence (token networks; `None`: the network's default).
    pub seq_len: Option<u64>,
    /// LLM decode steps after the prompt (`None`: prefill only).
    pub decode_tokens: Option<u64>,
    /// Bytes per element (2 = FP16/BF16, 4 = FP32).
    pub element_bytes: u32,
    /// GPU preset id.
    pub gpu: String,
}

impl DlWorkload {
    /// The network-independent shape.
    pub fn shape(&self) -> WorkloadShape {
        WorkloadShape {
            phase: self.phase,
            batch: self.batch,
            seq_len: self.seq_len,
            decode_tokens: self.decode_tokens,
            element_bytes: self.element_bytes,
        }
    }
}

/// Why an analysis cannot run.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum AnalysisError {
    /// Unknown network id.
    #[error("network `{id}` is not a loaded preset; accepted: {accepted}")]
    UnknownNetwork { id: String, accepted: String },
    /// Unknown GPU id.
    #[error("GPU `{id}` is not a loaded preset; accepted: {accepted}")]
    UnknownGpu { id: String, accepted: String },
    /// The network cannot be lowered for this shape.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The comparison itself failed (unknown technology, baseline not compared…).
    #[error(transparent)]
    Comparison(#[from] ComparisonError),
    /// Iso-area and scalability design caches of new sizes, so they need cells, not
    /// cache-characterisation presets (whose numbers hold for one capacity only).
    #[error(
        "`{id}` is a cache-characterisation preset (numbers for one capacity); {analysis} designs \
         caches of other sizes and needs cell presets; accepted: {accepted}"
    )]
    NotACell {
        id: String,
        analysis: &'static str,
        accepted: String,
    },
    /// A cell could not be built or fitted.
    #[error("technology `{id}`: {reason}")]
    Cell { id: String, reason: String },
    /// A capacity of the sweep is not accepted.
    #[error("capacity {capacity_bytes} B: {reason}")]
    Capacity { capacity_bytes: u64, reason: String },
}

/// A network lowered once for a GPU, ready to be run at any L2 capacity.
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    /// What was asked.
    pub spec: DlWorkload,
    /// The network.
    pub network: &'a Network,
    /// The GPU.
    pub gpu: &'a Gpu,
    kernels: Vec<Kernel>,
}

/// One technology's run: its traffic, time and evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DlEvaluation {
    /// The workload as this technology's L2 sees it (its capacity's traffic, its own time).
    pub workload: Workload,
    /// Energy, delay, EDP, EDAP.
    pub evaluation: Evaluation,
    /// The stall model's verdict.
    pub array_time: ArrayTime,
    /// Traffic detail for tables.
    pub traffic: RowTraffic,
}

impl<'a> Prepared<'a> {
    /// Lowers `network` for `shape` on `gpu`.
    pub fn from_parts(
        network: &'a Network,
        gpu: &'a Gpu,
        shape: &WorkloadShape,
    ) -> Result<Prepared<'a>, NetworkError> {
        Ok(Prepared {
            spec: DlWorkload {
                network: network.id.clone(),
                phase: shape.phase,
                batch: shape.batch,
                seq_len: shape.seq_len,
                decode_tokens: shape.decode_tokens,
                element_bytes: shape.element_bytes,
                gpu: gpu.id.clone(),
            },
            network,
            gpu,
            kernels: network.kernels(shape)?,
        })
    }

    /// Looks the network and GPU up and lowers the network.
    pub fn new(library: &'a Library, spec: &DlWorkload) -> Result<Prepared<'a>, AnalysisError> {
        let network =
            library
                .network(&spec.network)
                .ok_or_else(|| AnalysisError::UnknownNetwork {
                    id: spec.network.clone(),
                    accepted: ids(library.networks.iter().map(|n| n.id.as_str())),
                })?;
        let gpu = library
            .gpu(&spec.gpu)
            .ok_or_else(|| AnalysisError::UnknownGpu {
                id: spec.gpu.clone(),
                accepted: ids(library.gpus.iter().map(|g| g.id.as_str())),
            })?;
        Ok(Prepared::from_parts(network, gpu, &spec.shape())?)
    }

    /// The network's traffic with an L2 of `l2_bytes`.
    pub fn traffic(&self, l2_bytes: u64) -> Traffic {
        traffic::run(&self.kernels, self.gpu, l2_bytes)
    }

    /// Evaluates `technology` as the L2 that produced `traffic` (normally `traffic` is that of
    /// the technology's capacity).
    pub fn evaluate(
        &self,
        technology: &Technology,
        traffic: &Traffic,
        accounting: impl Into<Accounting>,
    ) -> DlEvaluation {
        let accounting: Accounting = accounting.into();
        let m = &technology.metrics;
        let array_time = traffic.time_on(
            self.gpu,
            &L2Array {
                read_latency: m.read_latency,
                write_latency: m.write_latency,
            },
        );
        let mut workload = traffic.to_workload(&self.id(), &self.name(), &self.source());
        workload.execution_time = array_time.time;
        if array_time.write_stall.s() > 0.0 {
            workload.derivation.push_str(&format!(
                " On this array ({}): writes take {:.2} port cycles of {} banks per slice, adding \
                 {} of write stall ({} kernels L2-bound).",
                technology.id,
                array_time.write_slowdown,
                array_time.banks_per_slice,
                time_text(array_time.write_stall),
                array_time.l2_bound_kernels
            ));
        }
        let evaluation = evaluate(technology, &workload, accounting);
        DlEvaluation {
            traffic: RowTraffic {
                l2_bytes: traffic.l2_bytes,
                l2_read_sectors: traffic.l2_read_sectors as f64,
                l2_write_sectors: traffic.l2_write_sectors as f64,
                dram_read_bytes: traffic.dram_read_bytes,
                dram_write_bytes: traffic.dram_write_bytes,
                write_stall: array_time.write_stall,
                write_slowdown: array_time.write_slowdown,
            },
            workload,
            evaluation,
            array_time,
        }
    }

    /// Evaluates `technology` on the traffic of its own capacity.
    pub fn evaluate_at_own_capacity(
        &self,
        technology: &Technology,
        accounting: impl Into<Accounting>,
    ) -> DlEvaluation {
        let accounting: Accounting = accounting.into();
        let traffic = self.traffic(technology.capacity.bytes() as u64);
        self.evaluate(technology, &traffic, accounting)
    }

    /// Workload id (`resnet50_training_b32_gtx_1080_ti`).
    pub fn id(&self) -> String {
        format!(
            "{}_{}_b{}_{}",
            self.network.id,
            self.spec.phase.word(),
            self.spec.batch,
            self.gpu.id
        )
    }

    /// Workload name for people.
    pub fn name(&self) -> String {
        let s = &self.spec;
        let seq = s
            .seq_len
            .map(|v| format!(", sequence {v}"))
            .unwrap_or_default();
        let decode = s
            .decode_tokens
            .map(|d| format!(", {d} decode steps"))
            .unwrap_or_default();
        format!(
            "{} {}, batch {}{seq}{decode}, {}-byte elements, on {}",
            self.network.name,
            s.phase.word(),
            s.batch,
            s.element_bytes,
            self.gpu.name
        )
    }

    /// Where the network's and the GPU's numbers come from.
    pub fn source(&self) -> String {
        format!(
            "Network: {}. GPU: {}",
            self.network.source.trim_end_matches('.'),
            self.gpu.source
        )
    }
}

/// Iso-capacity on a network: every technology is evaluated on the traffic of its own capacity
/// (the same for all when they are the same size) with its own write stalls.
pub fn iso_capacity(
    prepared: &Prepared<'_>,
    technologies: &[&Technology],
    baseline: &str,
    accounting: impl Into<Accounting>,
) -> Result<Comparison, AnalysisError> {
    let accounting: Accounting = accounting.into();
    let base = technologies
        .iter()
        .find(|t| t.id == baseline)
        .ok_or_else(|| ComparisonError::BaselineNotCompared {
            id: baseline.to_string(),
            compared: ids(technologies.iter().map(|t| t.id.as_str())),
        })?;
    let mut traffics: Vec<Traffic> = Vec::new();
    let mut evaluations = Vec::with_capacity(technologies.len());
    let mut base_workload = None;
    for t in technologies {
        let bytes = t.capacity.bytes() as u64;
        let i = match traffics.iter().position(|x| x.l2_bytes == bytes) {
            Some(i) => i,
            None => {
                traffics.push(prepared.traffic(bytes));
                traffics.len() - 1
            }
        };
        let e = prepared.evaluate(t, &traffics[i], accounting);
        if t.id == base.id {
            base_workload = Some(e.workload.clone());
        }
        evaluations.push((e.evaluation, Some(e.traffic)));
    }
    let workload = base_workload.ok_or(ComparisonError::Empty)?;
    Ok(compare_evaluated(
        technologies,
        evaluations,
        base,
        &workload,
        accounting,
    )?)
}

/// One cell's iso-area L2 and its run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IsoAreaRow {
    /// The largest L2 of this cell in the budget.
    pub fit: IsoArea,
    /// Its run on its own capacity's traffic.
    pub run: DlEvaluation,
    /// DRAM bytes (read + written) over the baseline's.
    pub dram_bytes_vs_baseline: Option<f64>,
    /// Energy over the baseline's.
    pub energy_vs_baseline: Option<f64>,
    /// Delay over the baseline's.
    pub delay_vs_baseline: Option<f64>,
    /// EDP over the baseline's (below 1: better).
    pub edp_vs_baseline: Option<f64>,
}

/// The iso-area analysis: the baseline's area is the budget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IsoAreaStudy {
    /// The baseline cell's id.
    pub baseline: String,
    /// The baseline L2's configuration.
    pub baseline_config: CacheConfig,
    /// The area budget (the baseline L2's area).
    pub budget: Area,
    /// How energy and delay are counted.
    pub accounting: Accounting,
    /// The workload.
    pub workload: DlWorkload,
    /// One row per cell, baseline included, in the order given.
    pub rows: Vec<IsoAreaRow>,
}

/// The iso-area L2 of each cell: the half of the analysis that does not depend on the workload,
/// so one set of fits serves any number of workloads.
#[derive(Clone, Debug, PartialEq)]
pub struct IsoAreaFits {
    /// The baseline cell's id.
    pub baseline: String,
    /// The baseline L2's configuration.
    pub config: CacheConfig,
    /// The area budget (the baseline L2's area).
    pub budget: Area,
    /// One per cell, in the order given; the baseline's is its own L2.
    pub fits: Vec<IsoArea>,
}

/// The baseline cell's L2 in `config` sets the area budget; each cell gets the largest whole
/// number of slices of `config`'s slice size that fits it (never more area than the baseline,
/// [`iso_area`]).
pub fn iso_area_fits(
    cells: &[&CellSpec],
    baseline: &str,
    config: &CacheConfig,
    nodes: &[crate::tech::Node],
) -> Result<IsoAreaFits, AnalysisError> {
    let base_cell = cells.iter().find(|c| c.id == baseline).ok_or_else(|| {
        ComparisonError::BaselineNotCompared {
            id: baseline.to_string(),
            compared: ids(cells.iter().map(|c| c.id.as_str())),
        }
    })?;
    let base_tech = cell_technology(base_cell, config, nodes).map_err(|e| AnalysisError::Cell {
        id: baseline.to_string(),
        reason: e.to_string(),
    })?;
    let budget = base_tech.metrics.area;
    let fits = cells
        .iter()
        .map(|cell| {
            iso_area(cell, config, budget, nodes).map_err(|e| AnalysisError::Cell {
                id: cell.id.clone(),
                reason: e.to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(IsoAreaFits {
        baseline: baseline.to_string(),
        config: config.clone(),
        budget,
        fits,
    })
}

/// Iso-area on a network: each fitted L2 runs the traffic of its own capacity and is compared
/// with the baseline's (whose fit is its own L2).
pub fn iso_area_study(
    prepared: &Prepared<'_>,
    fits: &IsoAreaFits,
    accounting: impl Into<Accounting>,
) -> IsoAreaStudy {
    let accounting: Accounting = accounting.into();
    let runs: Vec<DlEvaluation> = fits
        .fits
        .iter()
        .map(|fit| prepared.evaluate_at_own_capacity(&fit.technology, accounting))
        .collect();
    let base = fits
        .fits
        .iter()
        .position(|f| f.technology.id == fits.baseline)
        .map(|i| &runs[i]);
    let rows = fits
        .fits
        .iter()
        .zip(&runs)
        .map(|(fit, run)| {
            let vs = |f: fn(&DlEvaluation) -> f64| base.and_then(|b| ratio(f(run), f(b)));
            IsoAreaRow {
                dram_bytes_vs_baseline: vs(|r| {
                    r.traffic.dram_read_bytes + r.traffic.dram_write_bytes
                }),
                energy_vs_baseline: vs(|r| r.evaluation.energy.j()),
                delay_vs_baseline: vs(|r| r.evaluation.delay.s()),
                edp_vs_baseline: vs(|r| r.evaluation.edp.js()),
                fit: fit.clone(),
                run: run.clone(),
            }
        })
        .collect();
    IsoAreaStudy {
        baseline: fits.baseline.clone(),
        baseline_config: fits.config.clone(),
        budget: fits.budget,
        accounting,
        workload: prepared.spec.clone(),
        rows,
    }
}

/// One technology at one capacity of the sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScalingRow {
    /// Cell id.
    pub id: String,
    /// Area of this L2.
    pub area: Area,
    /// Energy, delay, EDP of the run.
    pub evaluation: Evaluation,
    /// Write stall of the run.
    pub write_stall: Time,
    /// EDP over the baseline's at the same capacity.
    pub edp_vs_baseline: Option<f64>,
}

/// One capacity of the sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScalingPoint {
    /// Total L2 capacity (bytes).
    pub capacity_bytes: u64,
    /// Slices it is built from.
    pub slices: u32,
    /// DRAM bytes moved at this capacity (the same for every technology).
    pub dram_bytes: f64,
    /// One row per cell, in the order given.
    pub rows: Vec<ScalingRow>,
}

/// The scalability sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scaling {
    /// Baseline cell id.
    pub baseline: String,
    /// How energy and delay are counted.
    pub accounting: Accounting,
    /// The workload.
    pub workload: DlWorkload,
    /// Slice size every capacity is built from (bytes; sliced layout).
    pub slice_bytes: u64,
    /// Slices of `slice_bytes`, or one monolithic cache per capacity.
    pub layout: Layout,
    /// The sweep, smallest capacity first.
    pub points: Vec<ScalingPoint>,
    /// The smallest capacity at which the baseline's L2 leakage energy exceeds its L2 dynamic
    /// energy (`None`: not within the sweep).
    pub baseline_leakage_dominates_from_bytes: Option<u64>,
}

/// The default sweep: 1 MiB to 512 MiB in powers of two.
pub fn default_capacities() -> Vec<u64> {
    (0..10).map(|i| (1u64 << 20) << i).collect()
}

/// The caches of a sweep: the half of the scalability analysis that does not depend on the
/// workload, so one set of designs serves any number of workloads.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalingDesigns {
    /// Cell ids, in the order given.
    pub cells: Vec<String>,
    /// Slice size every capacity is built from (bytes; sliced layout).
    pub slice_bytes: u64,
    /// Slices of `slice_bytes`, or one monolithic cache per capacity.
    pub layout: Layout,
    /// Per capacity, smallest first: (capacity in bytes, slices, one cache per cell in the
    /// order given).
    pub points: Vec<(u64, u32, Vec<Technology>)>,
}

/// Designs every cell at every capacity: with a sliced layout each capacity is built from slices
/// of `template`'s slice size (one slice of the capacity itself where that is smaller), so every
/// point is the same slice design repeated; with a monolithic layout each capacity is one cache,
/// whose wires grow with it (NVSim's, and DeepNVM++'s, scalability study).
pub fn scaling_designs(
    cells: &[&CellSpec],
    template: &CacheConfig,
    capacities: &[u64],
    nodes: &[crate::tech::Node],
) -> Result<ScalingDesigns, AnalysisError> {
    let slice_bytes = template.capacity_bytes / u64::from(template.slices.max(1));
    let points = capacities
        .iter()
        .map(|&capacity| {
            let config = sweep_config(template, slice_bytes, capacity)?;
            let techs = cells
                .iter()
                .map(|cell| {
                    cell_technology(cell, &config, nodes).map_err(|e| AnalysisError::Cell {
                        id: cell.id.clone(),
                        reason: e.to_string(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((capacity, config.slices, techs))
        })
        .collect::<Result<Vec<_>, AnalysisError>>()?;
    Ok(ScalingDesigns {
        cells: cells.iter().map(|c| c.id.clone()).collect(),
        slice_bytes,
        layout: template.layout,
        points,
    })
}

/// Sweeps the L2 capacity: at each capacity of `designs` every cell runs the traffic of that
/// capacity, and its EDP is divided by the baseline's.
pub fn scaling(
    prepared: &Prepared<'_>,
    designs: &ScalingDesigns,
    baseline: &str,
    accounting: impl Into<Accounting>,
) -> Result<Scaling, AnalysisError> {
    let accounting: Accounting = accounting.into();
    if !designs.cells.iter().any(|c| c == baseline) {
        return Err(ComparisonError::BaselineNotCompared {
            id: baseline.to_string(),
            compared: designs.cells.join(", "),
        }
        .into());
    }
    let mut points = Vec::with_capacity(designs.points.len());
    let mut dominates = None;
    for (capacity, slices, techs) in &designs.points {
        let traffic = prepared.traffic(*capacity);
        let runs: Vec<DlEvaluation> = techs
            .iter()
            .map(|t| prepared.evaluate(t, &traffic, accounting))
            .collect();
        let base = techs
            .iter()
            .position(|t| t.id == baseline)
            .map(|i| &runs[i].evaluation);
        if let Some(b) = base {
            if dominates.is_none() && b.leakage_energy.j() > b.dynamic_energy.j() {
                dominates = Some(*capacity);
            }
        }
        let rows = techs
            .iter()
            .zip(&runs)
            .map(|(t, r)| ScalingRow {
                edp_vs_baseline: base.and_then(|b| ratio(r.evaluation.edp.js(), b.edp.js())),
                id: t.id.clone(),
                area: t.metrics.area,
                write_stall: r.array_time.write_stall,
                evaluation: r.evaluation.clone(),
            })
            .collect();
        points.push(ScalingPoint {
            capacity_bytes: *capacity,
            slices: *slices,
            dram_bytes: traffic.dram_read_bytes + traffic.dram_write_bytes,
            rows,
        });
    }
    Ok(Scaling {
        baseline: baseline.to_string(),
        accounting,
        workload: prepared.spec.clone(),
        slice_bytes: designs.slice_bytes,
        layout: designs.layout,
        points,
        baseline_leakage_dominates_from_bytes: dominates,
    })
}

/// The configuration of one sweep capacity.
fn sweep_config(
    template: &CacheConfig,
    slice_bytes: u64,
    capacity: u64,
) -> Result<CacheConfig, AnalysisError> {
    let bad = |reason: String| AnalysisError::Capacity {
        capacity_bytes: capacity,
        reason,
    };
    if capacity < CAPACITY_RANGE_BYTES.0 || capacity > CAPACITY_RANGE_BYTES.1 {
        return Err(bad(format!(
            "outside the accepted {}–{} B",
            CAPACITY_RANGE_BYTES.0, CAPACITY_RANGE_BYTES.1
        )));
    }
    if template.layout == Layout::Monolithic {
        // One cache of the whole capacity at every point: its H-tree grows with it.
        return Ok(CacheConfig {
            capacity_bytes: capacity,
            slices: 1,
            ..template.clone()
        });
    }
    let slices = if capacity <= slice_bytes {
        1
    } else if capacity.is_multiple_of(slice_bytes) {
        capacity / slice_bytes
    } else {
        return Err(bad(format!("not a whole number of {slice_bytes} B slices")));
    };
    if slices > u64::from(SLICES_RANGE.1) {
        return Err(bad(format!(
            "needs {slices} slices of {slice_bytes} B; at most {} are accepted (use larger slices)",
            SLICES_RANGE.1
        )));
    }
    Ok(CacheConfig {
        capacity_bytes: capacity,
        slices: slices as u32,
        ..template.clone()
    })
}

/// Resolves cell ids for iso-area and scalability: each must be a cell preset (or a custom cell).
pub fn cells_for<'l>(
    library: &'l Library,
    custom: &'l [CellSpec],
    ids_wanted: &[String],
    analysis: &'static str,
) -> Result<Vec<&'l CellSpec>, AnalysisError> {
    ids_wanted
        .iter()
        .map(|id| {
            library
                .cell(id)
                .or_else(|| custom.iter().find(|c| &c.id == id))
                .ok_or_else(|| AnalysisError::NotACell {
                    id: id.clone(),
                    analysis,
                    accepted: ids(library.cells.iter().map(|c| c.id.as_str())),
                })
        })
        .collect()
}

fn ids<'x>(it: impl Iterator<Item = &'x str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

fn time_text(t: Time) -> String {
    if t.s() >= 1e-3 {
        format!("{:.3} ms", t.ms())
    } else {
        format!("{:.3} µs", t.us())
    }
}

#[cfg(test)]
mod tests;
