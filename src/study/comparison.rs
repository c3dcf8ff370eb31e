//! The comparison every analysis reports: each technology's evaluation with each figure of merit
//! divided by the baseline's, the warnings collected on the way, and the scenario's technologies
//! resolved (cache presets as they are, cells built into the scenario's cache).

use serde::{Deserialize, Serialize};

use crate::format::csv_quote;
use thiserror::Error;

use crate::circuit::cell::CellSpec;
use crate::design::build::{cell_technology, CellTechError};
use crate::design::eval::{Accounting, Evaluation};
use crate::design::technology::Technology;
use crate::gpu::workload::Workload;
use crate::library::Library;
use crate::scenario::{accepted_technologies, Scenario};

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
    /// Chosen technologies that could not be built, each with its reason, listed beside the rows.
    pub failed: Vec<Failed>,
}

/// A chosen technology that could not be built into the scenario's cache (or, for iso-area, fitted
/// into the baseline's area): the analysis goes on without it and lists it with its reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Failed<E: std::fmt::Display = CellTechError> {
    /// Its preset id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Why it could not be built.
    #[serde(serialize_with = "as_text")]
    pub error: E,
}

fn as_text<E: std::fmt::Display, S: serde::Serializer>(e: &E, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(e)
}

/// A chosen technology that could not be built: a row of the table with its error instead of
/// numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailedRecord {
    pub id: String,
    pub name: String,
    pub error: String,
}

impl FailedRecord {
    /// The records of `failed`.
    pub fn all<E: std::fmt::Display>(failed: &[Failed<E>]) -> Vec<FailedRecord> {
        failed
            .iter()
            .map(|f| FailedRecord {
                id: f.id.clone(),
                name: f.name.clone(),
                error: f.error.to_string(),
            })
            .collect()
    }

    /// `csv` (a header line, then records with an `id` column and perhaps a `name` one) with
    /// the failed technologies added as rows: an `error` column is added when there is one, and
    /// each failed row has its id, name and error, its other cells empty.
    pub fn with_csv_rows(csv: String, failed: &[FailedRecord]) -> String {
        if failed.is_empty() {
            return csv;
        }
        let mut out = String::with_capacity(csv.len() + 256 * failed.len());
        let mut header: Vec<&str> = Vec::new();
        // A quoted field may hold a line break: a record ends where its quotes are balanced.
        let mut in_quotes = false;
        for (i, line) in csv.lines().enumerate() {
            out.push_str(line);
            in_quotes ^= line.matches('"').count() % 2 == 1;
            if i == 0 {
                header = line.split(',').collect();
                out.push_str(",error");
            } else if !in_quotes {
                out.push(',');
            }
            out.push('\n');
        }
        let columns = header.len().max(1);
        let at = |key: &str| header.iter().position(|h| *h == key);
        for f in failed {
            let mut cells = vec![String::new(); columns + 1];
            cells[at("id").unwrap_or(0)] = csv_quote(&f.id);
            if let Some(i) = at("name") {
                cells[i] = csv_quote(&f.name);
            }
            cells[columns] = csv_quote(&f.error);
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    /// The text table's rows of `failed`: the id, then the error in place of the numbers.
    pub fn text_rows(failed: &[FailedRecord]) -> String {
        failed
            .iter()
            .map(|f| format!("{}  not built: {}\n", f.id, f.error))
            .collect()
    }
}

/// The scenario's technologies, resolved one by one: those that were built, and those that could
/// not be (each with its reason).
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// Cache presets as they are, cells built into the scenario's cache, in the scenario's order.
    pub technologies: Vec<Technology>,
    /// Cells that could not be built.
    pub failed: Vec<Failed>,
}

/// The scenario's technologies one by one: a cell that cannot be built into the scenario's cache
/// is listed in [`Resolved::failed`] and the others go on. It is an error when an id is not
/// loaded, when the baseline cannot be built (nothing could be normalised to it), or when no
/// technology can be built.
pub fn resolve_each(
    library: &Library,
    scenario: &Scenario,
    custom: &[CellSpec],
) -> Result<Resolved, ComparisonError> {
    let mut technologies: Vec<Technology> = Vec::with_capacity(scenario.technologies.len());
    let mut failed = Vec::new();
    for id in &scenario.technologies {
        if let Some(t) = library.technology(id) {
            technologies.push(t.clone());
            continue;
        }
        let cell = library
            .cell(id)
            .or_else(|| custom.iter().find(|c| &c.id == id))
            .ok_or_else(|| ComparisonError::UnknownTechnology {
                id: id.clone(),
                accepted: accepted_technologies(library),
            })?;
        match cell_technology(cell, &scenario.cache, &library.nodes) {
            Ok(t) => technologies.push(t),
            Err(error) if *id == scenario.baseline || scenario.technologies.len() == 1 => {
                return Err(ComparisonError::CellTechnology {
                    id: id.clone(),
                    reason: error.to_string(),
                })
            }
            Err(error) => failed.push(Failed {
                id: id.clone(),
                name: cell.name.clone(),
                error,
            }),
        }
    }
    Ok(Resolved {
        technologies,
        failed,
    })
}

/// `value / baseline`, or `None` where the baseline is zero or the ratio is not finite.
pub(crate) fn ratio(value: f64, baseline: f64) -> Option<f64> {
    let r = value / baseline;
    (baseline != 0.0 && r.is_finite()).then_some(r)
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
    if workload.reads + workload.writes <= 0.0 {
        warnings.push(format!(
            "the workload `{}` makes no L2 accesses: every access energy and delay is zero, so \
             the ratios that divide by them are undefined (—)",
            workload.id
        ));
    }
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
        failed: Vec::new(),
    })
}
