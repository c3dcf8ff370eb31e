//! Scalability: a sweep of L2 capacities (1 MiB to 512 MiB by default), each cell designed at
//! every capacity and run on the traffic of that capacity, its EDP divided by the baseline's.

use serde::Serialize;

use crate::circuit::cell::CellSpec;
use crate::design::build::{cell_technology, CellTechError};
use crate::design::config::{CacheConfig, Layout, CAPACITY_RANGE_BYTES, SLICES_RANGE};
use crate::design::eval::{Accounting, Evaluation};
use crate::design::technology::Technology;
use crate::format::kib_label;
use crate::gpu::workload::DlWorkload;
use crate::study::comparison::{ratio, ComparisonError, Failed};
use crate::study::prepared::{AnalysisError, DlEvaluation, Prepared};
use crate::units::{Area, Time};

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
    /// Cells left out of the sweep, each with the capacity it could not be built at.
    pub failed: Vec<Failed<SweepCellError>>,
}

/// Why a cell was left out of a sweep: it cannot be built at one of the sweep's capacities (a
/// sweep compares every cell at every capacity, so a cell is in at all of them or at none).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepCellError {
    /// The first capacity of the sweep it cannot be built at (bytes).
    pub capacity_bytes: u64,
    /// Slices that capacity is built from.
    pub slices: u32,
    /// Why.
    pub error: CellTechError,
}

impl std::fmt::Display for SweepCellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "at {} ({} slice{}): {}",
            kib_label(self.capacity_bytes as f64 / 1024.0),
            self.slices,
            if self.slices == 1 { "" } else { "s" },
            self.error
        )
    }
}

impl std::error::Error for SweepCellError {}

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
    /// Cells that cannot be built at one of the capacities, left out of `cells` and `points`.
    pub failed: Vec<Failed<SweepCellError>>,
}

/// Designs every cell at every capacity: with a sliced layout each capacity is built from slices
/// of `template`'s slice size (one slice of the capacity itself where that is smaller), so every
/// point is the same slice design repeated; with a monolithic layout each capacity is one cache,
/// whose wires grow with it (NVSim's, and DeepNVM++'s, scalability study).
pub fn scaling_designs(
    cells: &[&CellSpec],
    template: &CacheConfig,
    capacities: &[u64],
    nodes: &[crate::circuit::tech::Node],
) -> Result<ScalingDesigns, AnalysisError> {
    let slice_bytes = template.capacity_bytes / u64::from(template.slices.max(1));
    let configs = capacities
        .iter()
        .map(|&capacity| sweep_config(template, slice_bytes, capacity))
        .collect::<Result<Vec<_>, AnalysisError>>()?;
    // Each cell at every capacity; a cell that cannot be built at one of them leaves the sweep
    // (listed with its reason), unless it is the only one or the baseline is not in the list
    // (the caller's check) — `scaling` refuses a missing baseline.
    let mut kept: Vec<(&CellSpec, Vec<Technology>)> = Vec::with_capacity(cells.len());
    let mut failed = Vec::new();
    for cell in cells {
        let built = configs
            .iter()
            .map(|config| {
                cell_technology(cell, config, nodes).map_err(|error| SweepCellError {
                    capacity_bytes: config.capacity_bytes,
                    slices: config.slices,
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>();
        match built {
            Ok(techs) => kept.push((cell, techs)),
            Err(error) if cells.len() == 1 => {
                return Err(AnalysisError::Cell {
                    id: cell.id.clone(),
                    reason: error.to_string(),
                })
            }
            Err(error) => failed.push(Failed {
                id: cell.id.clone(),
                name: cell.name.clone(),
                error,
            }),
        }
    }
    let points = configs
        .iter()
        .enumerate()
        .map(|(i, config)| {
            let techs = kept.iter().map(|(_, t)| t[i].clone()).collect();
            (config.capacity_bytes, config.slices, techs)
        })
        .collect();
    Ok(ScalingDesigns {
        cells: kept.iter().map(|(c, _)| c.id.clone()).collect(),
        slice_bytes,
        layout: template.layout,
        points,
        failed,
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
    if let Some(f) = designs.failed.iter().find(|f| f.id == baseline) {
        // Nothing could be divided by the baseline.
        return Err(AnalysisError::Cell {
            id: f.id.clone(),
            reason: f.error.to_string(),
        });
    }
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
        failed: designs.failed.clone(),
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
    // The nearest whole number of slices (a GPU L2 of 640 KiB slices sweeps 1280 KiB,
    // 1920 KiB, … rather than 1, 2, … MiB).
    let (slices, capacity) = if capacity <= slice_bytes {
        (1, capacity)
    } else {
        let n = ((capacity as f64 / slice_bytes as f64).round() as u64).max(1);
        (n, n.saturating_mul(slice_bytes))
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
