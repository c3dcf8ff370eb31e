//! Iso-capacity comparison: every technology runs the same workload; each figure of merit is divided
//! by the baseline's (normally SRAM at the same capacity).

use serde::Serialize;
use thiserror::Error;

use crate::circuit::cell::CellSpec;
use crate::design::build::cell_technology;
use crate::design::eval::{evaluate, Accounting, Evaluation};
use crate::design::technology::Technology;
use crate::gpu::traffic::Traffic;
use crate::gpu::workload::Workload;
use crate::library::Library;
use crate::scenario::{accepted_technologies, Scenario};
use crate::study::prepared::{ids, AnalysisError, Prepared};

/// A scenario that names presets the library does not have.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ComparisonError {
    /// Unknown technology id.
    #[error("technology `{id}` is not a loaded preset; accepted: {accepted}")]
    UnknownTechnology { id: String, accepted: String },
    /// A cell technology could not be built into the scenario's cache.
    #[error("technology `{id}`: {reason}")]
    CellTechnology { id: String, reason: String },
    /// Unknown workload id.
    #[error("workload `{id}` is not a loaded preset; accepted: {accepted}")]
    UnknownWorkload { id: String, accepted: String },
    /// The baseline is not among the compared technologies.
    #[error("baseline `{id}` must be one of the compared technologies ({compared})")]
    BaselineNotCompared { id: String, compared: String },
    /// Nothing to compare.
    #[error("no technology to compare; name at least one")]
    Empty,
}

/// Each figure of merit divided by the baseline's; `None` where the baseline's value is zero.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Ratios {
    pub area: Option<f64>,
    pub read_latency: Option<f64>,
    pub write_latency: Option<f64>,
    pub read_energy: Option<f64>,
    pub write_energy: Option<f64>,
    pub leakage: Option<f64>,
    pub energy: Option<f64>,
    pub delay: Option<f64>,
    pub edp: Option<f64>,
    pub edap: Option<f64>,
}

/// One technology's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub technology: Technology,
    pub evaluation: Evaluation,
    pub vs_baseline: Ratios,
    /// The traffic-model detail of this technology's run, for a network workload (each
    /// technology's L2 sees its own DRAM traffic and write stalls); `None` for a count preset.
    pub traffic: Option<RowTraffic>,
}

/// What the traffic model says about one technology's run of a network workload.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RowTraffic {
    /// L2 capacity the traffic was computed for (bytes).
    pub l2_bytes: u64,
    /// L2 read requests (sectors).
    pub l2_read_sectors: f64,
    /// L2 write requests (sectors).
    pub l2_write_sectors: f64,
    /// Bytes read from DRAM.
    pub dram_read_bytes: f64,
    /// Bytes written to DRAM.
    pub dram_write_bytes: f64,
    /// Execution time added by this array's slower writes ([`crate::gpu::traffic::Traffic::time_on`]).
    pub write_stall: crate::units::Time,
    /// Port cycles one write occupies on this array (1: keeps up with the port).
    pub write_slowdown: f64,
}

/// The whole iso-capacity comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub workload: Workload,
    pub accounting: Accounting,
    pub baseline: String,
    pub rows: Vec<Row>,
    /// Things a reader must know to trust the numbers (unequal capacities, word widths…).
    pub warnings: Vec<String>,
}

impl Comparison {
    /// Runs the scenario against the library. Technology ids name cache-characterisation
    /// presets or cell presets; a cell is built into the scenario's cache
    /// ([`crate::design::build::cell_technology`]).
    pub fn from_scenario(
        library: &Library,
        scenario: &Scenario,
    ) -> Result<Comparison, ComparisonError> {
        Comparison::from_scenario_with_cells(library, scenario, &[])
    }

    /// As [`Comparison::from_scenario`], with `custom` cells (a user's imported `.cell` files)
    /// resolvable by id after the library's presets.
    pub fn from_scenario_with_cells(
        library: &Library,
        scenario: &Scenario,
        custom: &[CellSpec],
    ) -> Result<Comparison, ComparisonError> {
        let techs = resolve_technologies(library, scenario, custom)?;
        let workload = library.workload(&scenario.workload).ok_or_else(|| {
            ComparisonError::UnknownWorkload {
                id: scenario.workload.clone(),
                accepted: library
                    .workloads
                    .iter()
                    .map(|w| w.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })?;
        let refs: Vec<&Technology> = techs.iter().collect();
        compare_iso_capacity(&refs, &scenario.baseline, workload, scenario.accounting())
    }
}

/// The scenario's technologies: cache presets as they are, cells built into the scenario's cache.
pub fn resolve_technologies(
    library: &Library,
    scenario: &Scenario,
    custom: &[CellSpec],
) -> Result<Vec<Technology>, ComparisonError> {
    let mut techs: Vec<Technology> = Vec::with_capacity(scenario.technologies.len());
    for id in &scenario.technologies {
        if let Some(t) = library.technology(id) {
            techs.push(t.clone());
            continue;
        }
        let cell = library
            .cell(id)
            .or_else(|| custom.iter().find(|c| &c.id == id))
            .ok_or_else(|| ComparisonError::UnknownTechnology {
                id: id.clone(),
                accepted: accepted_technologies(library),
            })?;
        let t = cell_technology(cell, &scenario.cache, &library.nodes).map_err(|e| {
            ComparisonError::CellTechnology {
                id: id.clone(),
                reason: e.to_string(),
            }
        })?;
        techs.push(t);
    }
    Ok(techs)
}

/// `value / baseline`, or `None` where the baseline is zero or the ratio is not finite.
pub(crate) fn ratio(value: f64, baseline: f64) -> Option<f64> {
    let r = value / baseline;
    (baseline != 0.0 && r.is_finite()).then_some(r)
}

/// Evaluates every technology on `workload` and normalises to the one with id `baseline`.
pub fn compare_iso_capacity(
    technologies: &[&Technology],
    baseline: &str,
    workload: &Workload,
    accounting: impl Into<Accounting>,
) -> Result<Comparison, ComparisonError> {
    let accounting: Accounting = accounting.into();
    if technologies.is_empty() {
        return Err(ComparisonError::Empty);
    }
    let base = technologies
        .iter()
        .find(|t| t.id == baseline)
        .ok_or_else(|| ComparisonError::BaselineNotCompared {
            id: baseline.to_string(),
            compared: technologies
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let evaluations: Vec<(Evaluation, Option<RowTraffic>)> = technologies
        .iter()
        .map(|t| (evaluate(t, workload, accounting), None))
        .collect();
    compare_evaluated(technologies, evaluations, base, workload, accounting)
}

/// Normalises evaluations already made (one per technology, each possibly of its own traffic) to
/// the baseline's, and collects the warnings. `base` is one of `technologies`.
pub(crate) fn compare_evaluated(
    technologies: &[&Technology],
    evaluations: Vec<(Evaluation, Option<RowTraffic>)>,
    base: &Technology,
    workload: &Workload,
    accounting: Accounting,
) -> Result<Comparison, ComparisonError> {
    let baseline = base.id.as_str();
    let base_eval = technologies
        .iter()
        .zip(&evaluations)
        .find(|(t, _)| t.id == base.id)
        .map(|(_, (e, _))| e.clone())
        .ok_or(ComparisonError::Empty)?;
    let bm = &base.metrics;
    let rows = technologies
        .iter()
        .zip(evaluations)
        .map(|(t, (e, traffic))| {
            let m = &t.metrics;
            let vs_baseline = Ratios {
                area: ratio(m.area.m2(), bm.area.m2()),
                read_latency: ratio(m.read_latency.s(), bm.read_latency.s()),
                write_latency: ratio(m.write_latency.s(), bm.write_latency.s()),
                read_energy: ratio(m.read_energy.j(), bm.read_energy.j()),
                write_energy: ratio(m.write_energy.j(), bm.write_energy.j()),
                leakage: ratio(m.leakage.w(), bm.leakage.w()),
                energy: ratio(e.energy.j(), base_eval.energy.j()),
                delay: ratio(e.delay.s(), base_eval.delay.s()),
                edp: ratio(e.edp.js(), base_eval.edp.js()),
                edap: ratio(e.edap.js_m2(), base_eval.edap.js_m2()),
            };
            Row {
                technology: (*t).clone(),
                evaluation: e,
                vs_baseline,
                traffic,
            }
        })
        .collect();

    let mut warnings = Vec::new();
    if technologies.iter().any(|t| t.capacity != base.capacity) {
        let list: Vec<String> = technologies
            .iter()
            .map(|t| format!("{} {}", t.id, t.capacity))
            .collect();
        warnings.push(format!(
            "capacities differ ({}): this is not an iso-capacity comparison",
            list.join(", ")
        ));
    }
    if technologies
        .iter()
        .any(|t| t.access_bits != base.access_bits)
    {
        let list: Vec<String> = technologies
            .iter()
            .map(|t| format!("{} {} bit", t.id, t.access_bits))
            .collect();
        warnings.push(format!(
            "access widths differ ({}): per-access energies and latencies are for different word sizes",
            list.join(", ")
        ));
    }
    Ok(Comparison {
        workload: workload.clone(),
        accounting,
        baseline: baseline.to_string(),
        rows,
        warnings,
    })
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
