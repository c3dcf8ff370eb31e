//! Iso-area: the largest cache of a cell that fits in the baseline's silicon area.
//!
//! DeepNVM++'s second analysis: a denser NVM cell buys more capacity in the same area, and the
//! larger cache saves DRAM traffic. Capacity grows in **slice-sized steps** (a GPU L2 is a set of
//! identical slices, `crate::circuit::cache`): the slice of the baseline's configuration is designed once
//! for the cell, and the iso-area cache is the largest whole number of such slices whose total area
//! does not exceed the baseline's. A sliced cache's area is exactly `slices ×` one slice's, so the
//! answer is `⌊A_baseline / A_slice⌋` slices (then checked against the designed cache, so rounding
//! can never let it exceed the baseline).
//!
//! With a **monolithic** layout (one cache of the whole capacity, as NVSim designs one) the steps
//! are the same size, but each candidate is designed as one cache: its periphery and H-tree do not
//! grow in proportion, and the organisation chosen for the objective changes from one capacity to
//! the next, so the area is neither a multiple of one step's nor strictly growing. The search
//! designs every step from the proportional estimate upward until the bitcells alone of the next
//! step (capacity × cell area, a bound no organisation can beat) exceed the budget, and returns the
//! largest step that fits; if none does, it walks down as a sliced cache does. Every answer is a
//! designed cache checked against the budget.

use serde::Serialize;

use crate::circuit::cell::CellSpec;
use crate::circuit::tech::Node;
use crate::design::build::{cell_technology, CellTechError};
use crate::design::config::{CacheConfig, Layout, SLICES_RANGE};
use crate::design::eval::Accounting;
use crate::design::technology::Technology;
use crate::gpu::workload::DlWorkload;
use crate::study::comparison::{ratio, ComparisonError, Failed};
use crate::study::prepared::{ids, AnalysisError, DlEvaluation, Prepared};
use crate::units::Area;

/// The largest cache of one cell within an area budget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IsoArea {
    /// The area budget (the baseline cache's area).
    pub budget: Area,
    /// Area of one slice of this cell.
    pub slice_area: Area,
    /// Slices that fit.
    pub slices: u32,
    /// The configuration of the iso-area cache (the baseline's, with more or fewer slices).
    pub config: CacheConfig,
    /// The iso-area cache as a technology.
    pub technology: Technology,
    /// Its capacity over the baseline configuration's.
    pub capacity_ratio: f64,
}

/// Why no iso-area cache exists.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum IsoAreaError {
    /// The cell cannot be built into the cache.
    #[error(transparent)]
    Cell(#[from] CellTechError),
    /// The area budget is not a positive finite number.
    #[error("area budget {budget_mm2} mm² is not a positive area")]
    Budget {
        /// The budget given (mm²).
        budget_mm2: f64,
    },
    /// Not even one slice fits.
    #[error(
        "{cell}: one slice takes {slice_mm2:.4} mm², more than the {budget_mm2:.4} mm² budget; \
         no iso-area cache of this slice size exists (use smaller slices)"
    )]
    SliceTooLarge {
        /// Cell id.
        cell: String,
        /// Area of one slice (mm²).
        slice_mm2: f64,
        /// The budget (mm²).
        budget_mm2: f64,
    },
}

/// The largest cache of `cell`, in slices of the size `baseline` uses, whose area is at most
/// `budget` (normally the baseline cache's area). The slice count is capped at the largest
/// accepted ([`SLICES_RANGE`]).
pub fn iso_area(
    cell: &CellSpec,
    baseline: &CacheConfig,
    budget: Area,
    nodes: &[Node],
) -> Result<IsoArea, IsoAreaError> {
    let budget_m2 = budget.m2();
    if !(budget_m2.is_finite() && budget_m2 > 0.0) {
        return Err(IsoAreaError::Budget {
            budget_mm2: budget.mm2(),
        });
    }
    baseline.validate().map_err(CellTechError::from)?;
    let slice_bytes = baseline.capacity_bytes / u64::from(baseline.slices);
    let with_slices = |n: u32| CacheConfig {
        capacity_bytes: slice_bytes * u64::from(n),
        slices: n,
        ..baseline.clone()
    };
    let one = cell_technology(cell, &with_slices(1), nodes)?;
    let slice_m2 = one.metrics.area.m2();
    // The relative nudge keeps an exact fit (a budget of exactly n slices) from rounding down to
    // n − 1; the check below against the designed cache keeps it from ever exceeding the budget.
    let fit = (budget_m2 / slice_m2 * (1.0 + 1e-9)).floor();
    let mut n = if fit.is_finite() {
        fit.min(f64::from(SLICES_RANGE.1)) as u32
    } else {
        SLICES_RANGE.1
    };
    // One step is `one`, already designed.
    let design = |k: u32| {
        if k == 1 {
            Ok(one.clone())
        } else {
            cell_technology(cell, &with_slices(k), nodes)
        }
    };
    let found = |n: u32, technology: Technology| {
        let config = with_slices(n);
        IsoArea {
            budget,
            slice_area: one.metrics.area,
            slices: n,
            capacity_ratio: config.capacity_bytes as f64 / baseline.capacity_bytes as f64,
            config,
            technology,
        }
    };
    if baseline.layout == Layout::Monolithic && n >= 1 {
        // Every step up from the proportional estimate until the bitcells alone overflow the
        // budget. A step with no design (its set count has no organisation) is skipped.
        let f_m = f64::from(one.node_nm.unwrap_or(22)) * 1e-9;
        let cells_m2 = |k: u32| (slice_bytes * u64::from(k) * 8) as f64 * cell.area_m2(f_m);
        let mut best: Option<(u32, Technology)> = None;
        let mut k = n;
        while k <= SLICES_RANGE.1 && cells_m2(k) <= budget_m2 {
            if let Ok(t) = design(k) {
                if t.metrics.area.m2() <= budget_m2 {
                    best = Some((k, t));
                }
            }
            k += 1;
        }
        if let Some((k, t)) = best {
            return Ok(found(k, t));
        }
        // Even the estimate is too large: walk down as a sliced cache does.
        n -= 1;
    }
    loop {
        if n == 0 {
            return Err(IsoAreaError::SliceTooLarge {
                cell: cell.id.clone(),
                slice_mm2: one.metrics.area.mm2(),
                budget_mm2: budget.mm2(),
            });
        }
        let technology = design(n)?;
        // A sliced cache is exactly n slices; the check only guards against rounding.
        if technology.metrics.area.m2() <= budget_m2 {
            return Ok(found(n, technology));
        }
        n -= 1;
    }
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
    /// Cells with no iso-area cache, each with its reason.
    pub failed: Vec<Failed<IsoAreaError>>,
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
    /// One per cell that fits, in the order given; the baseline's is its own L2.
    pub fits: Vec<IsoArea>,
    /// Cells with no iso-area cache (not the baseline), each with its reason.
    pub failed: Vec<Failed<IsoAreaError>>,
}

/// The baseline cell's L2 in `config` sets the area budget; each cell gets the largest whole
/// number of slices of `config`'s slice size that fits it (never more area than the baseline,
/// [`iso_area`]).
pub fn iso_area_fits(
    cells: &[&CellSpec],
    baseline: &str,
    config: &CacheConfig,
    nodes: &[crate::circuit::tech::Node],
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
    let mut fits = Vec::with_capacity(cells.len());
    let mut failed = Vec::new();
    for cell in cells {
        match iso_area(cell, config, budget, nodes) {
            Ok(fit) => fits.push(fit),
            Err(e) if cell.id == baseline => {
                return Err(AnalysisError::Cell {
                    id: cell.id.clone(),
                    reason: e.to_string(),
                })
            }
            Err(error) => failed.push(Failed {
                id: cell.id.clone(),
                name: cell.name.clone(),
                error,
            }),
        }
    }
    Ok(IsoAreaFits {
        baseline: baseline.to_string(),
        config: config.clone(),
        budget,
        fits,
        failed,
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
        failed: fits.failed.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;
    use std::sync::OnceLock;

    fn library() -> &'static Library {
        static LIB: OnceLock<Library> = OnceLock::new();
        LIB.get_or_init(crate::shipped_library)
    }

    fn cell(id: &str) -> CellSpec {
        library().cell(id).expect("cell").clone()
    }

    fn nodes() -> Vec<Node> {
        library().nodes.clone()
    }

    /// A 3 MiB, 3-slice L2 (DeepNVM++'s GTX 1080 Ti-class baseline size).
    fn baseline() -> CacheConfig {
        CacheConfig {
            capacity_bytes: 3 << 20,
            slices: 3,
            ..CacheConfig::default()
        }
    }

    #[test]
    fn never_exceeds_the_budget_and_is_the_largest_that_fits() {
        let nodes = nodes();
        let base = baseline();
        for sram in ["sram_22nm", "sram_16nm"] {
            let budget = cell_technology(&cell(sram), &base, &nodes)
                .expect("baseline")
                .metrics
                .area;
            for id in [
                "stt_22nm",
                "sot_22nm",
                "stt_16nm",
                "sot_16nm",
                "reram_22nm",
                sram,
            ] {
                let r = iso_area(&cell(id), &base, budget, &nodes).expect("iso-area");
                assert!(
                    r.technology.metrics.area.m2() <= budget.m2(),
                    "{id} in {sram}"
                );
                // One more slice would not fit.
                let more = CacheConfig {
                    capacity_bytes: r.config.capacity_bytes + (1 << 20),
                    slices: r.slices + 1,
                    ..base.clone()
                };
                let bigger = cell_technology(&cell(id), &more, &nodes).expect("bigger");
                assert!(
                    bigger.metrics.area.m2() > budget.m2(),
                    "{id}: {} slices fit",
                    r.slices + 1
                );
                assert_eq!(r.capacity_ratio, f64::from(r.slices) / 3.0);
            }
            // The baseline's own cell fits exactly its own slice count.
            let own = iso_area(&cell(sram), &base, budget, &nodes).expect("own");
            assert_eq!(own.slices, 3);
        }
    }

    #[test]
    fn too_small_a_budget_is_a_named_error() {
        let nodes = nodes();
        let e = iso_area(&cell("stt_22nm"), &baseline(), Area::from_mm2(1e-6), &nodes).unwrap_err();
        assert!(matches!(e, IsoAreaError::SliceTooLarge { .. }), "{e}");
        assert!(e.to_string().contains("stt_22nm"));
        for bad in [0.0, -1.0, f64::NAN] {
            let e = iso_area(&cell("stt_22nm"), &baseline(), Area::from_mm2(bad), &nodes);
            assert!(matches!(e, Err(IsoAreaError::Budget { .. })));
        }
    }
}
