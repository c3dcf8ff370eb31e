//! Iso-capacity comparison: every technology runs the same workload; each figure of merit is divided
//! by the baseline's (normally SRAM at the same capacity).

use crate::circuit::cell::CellSpec;
use crate::design::eval::{evaluate, Accounting, Evaluation};
use crate::design::technology::Technology;
use crate::gpu::traffic::Traffic;
use crate::gpu::workload::Workload;
use crate::library::Library;
use crate::scenario::Scenario;
use crate::study::comparison::{
    compare_evaluated, resolve_each, Comparison, ComparisonError, RowTraffic,
};
use crate::study::prepared::{ids, AnalysisError, Prepared};
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
        let resolved = resolve_each(library, scenario, custom)?;
        let techs = resolved.technologies;
        // The user's own profile, on the GPU it was taken on, replaces the count preset.
        let profiled = match &scenario.profile {
            Some(p) => {
                let gpu = library
                    .gpu(&p.gpu)
                    .ok_or_else(|| ComparisonError::UnknownWorkload {
                        id: format!("profile on GPU `{}`", p.gpu),
                        accepted: library.gpu_ids(),
                    })?;
                Some(p.workload(gpu))
            }
            None => None,
        };
        let workload = match &profiled {
            Some(w) => Some(w),
            None => library.workload(&scenario.workload),
        };
        let workload = workload.ok_or_else(|| ComparisonError::UnknownWorkload {
            id: scenario.workload.clone(),
            accepted: library
                .workloads
                .iter()
                .map(|w| w.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        let refs: Vec<&Technology> = techs.iter().collect();
        let mut comparison =
            compare_iso_capacity(&refs, &scenario.baseline, workload, scenario.accounting())?;
        comparison.failed = resolved.failed;
        Ok(comparison)
    }
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
