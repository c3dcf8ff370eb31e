//! One entry point for every surface: a [`Scenario`] → the report of its analysis. The CLI and the
//! page both call [`run`], so they show the same numbers.

use serde::Serialize;
use thiserror::Error;

use crate::circuit::cell::CellSpec;
use crate::design::technology::Technology;
use crate::format::records_csv;
use crate::gpu::network::NetworkError;
use crate::library::Library;
use crate::report::{ComparisonReport, FailedRecord, IsoAreaReport, ScalingReport};
use crate::scenario::{Analysis, CustomCellError, Scenario};
use crate::study::comparison::{resolve_each, Comparison, ComparisonError};
use crate::study::details::{details, DetailsError, DetailsReport};
use crate::study::iso_area::{iso_area_fits, iso_area_study};
use crate::study::iso_capacity::iso_capacity;
use crate::study::networks::{across_networks, prepare_network, WorkloadsReport};
use crate::study::prepared::{cells_for, AnalysisError, Prepared};
use crate::study::scaling::{default_capacities, scaling, scaling_designs};
use crate::study::traffic::traffic_note;

/// The result of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    /// Every technology at one capacity.
    IsoCapacity(ComparisonReport),
    /// Each cell's largest L2 in the baseline's area.
    IsoArea(IsoAreaReport),
    /// A sweep of capacities.
    Scaling(ScalingReport),
    /// Each cell's designed cache: organisations and breakdowns by component.
    Details(DetailsReport),
    /// Iso-capacity on several networks.
    Workloads(WorkloadsReport),
}

/// Why a scenario could not be run. Each names what is wrong and what is accepted; it becomes
/// text only at the surfaces (the CLI's `main`, the page).
#[derive(Clone, Debug, PartialEq, Error)]
pub enum OutcomeError {
    /// A custom cell of the scenario cannot be resolved.
    #[error(transparent)]
    CustomCell(#[from] CustomCellError),
    /// The analysis needs a network workload, and the scenario names a count workload.
    #[error(
        "the {analysis} analysis runs a network through the traffic model: choose a network \
         (`net=`, `--net`) rather than the count workload `{workload}`"
    )]
    NeedsNetwork {
        analysis: &'static str,
        workload: String,
    },
    /// The technologies cannot be compared (unknown id, baseline not compared or not built…).
    #[error(transparent)]
    Comparison(#[from] ComparisonError),
    /// A deep-learning analysis cannot run (unknown network or GPU, a network that cannot be
    /// lowered, a cell that does not fit…).
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// The network cannot be lowered for the scenario's shape.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The cache-details analysis has nothing to design.
    #[error(transparent)]
    Details(#[from] DetailsError),
}

/// Runs the scenario's analysis. The scenario's own custom cells and `custom` (cells imported by
/// the CLI's `--cell`, which a link cannot carry) are resolvable by id. A cell that cannot be
/// built (into the scenario's cache, at a capacity of the sweep, or into the baseline's area) is
/// listed with its reason beside the others (`failed` in every report but the cache details')
/// rather than failing the whole run, unless it is the baseline or the only one.
pub fn run(
    library: &Library,
    scenario: &Scenario,
    custom: &[CellSpec],
) -> Result<Outcome, OutcomeError> {
    let mut cells = scenario.custom_cells(library)?;
    cells.extend(custom.iter().cloned());
    let custom = cells.as_slice();
    if scenario.analysis == Analysis::Details {
        // The design alone: no workload is run, so none is needed.
        return cache_details(library, scenario, custom);
    }
    let Some(dl) = &scenario.network else {
        if scenario.analysis != Analysis::IsoCapacity {
            return Err(OutcomeError::NeedsNetwork {
                analysis: scenario.analysis.label(),
                workload: scenario.workload.clone(),
            });
        }
        return Ok(Outcome::IsoCapacity(ComparisonReport::new(
            &Comparison::from_scenario_with_cells(library, scenario, custom)?,
        )));
    };
    let accounting = scenario.accounting();
    // The main network, lowered (the across-networks analysis lowers each of its own).
    let prepare = || Prepared::new(library, dl);
    match scenario.analysis {
        Analysis::IsoCapacity => {
            let prepared = prepare()?;
            let resolved = resolve_each(library, scenario, custom)?;
            let refs: Vec<&Technology> = resolved.technologies.iter().collect();
            let mut comparison = iso_capacity(&prepared, &refs, &scenario.baseline, accounting)?;
            comparison.failed = resolved.failed;
            comparison.warnings.extend(prepared.warnings());
            let mut report = ComparisonReport::new(&comparison);
            report.traffic_note = Some(traffic_note(
                library,
                &prepared,
                Some(scenario.cache.capacity_bytes),
            ));
            Ok(Outcome::IsoCapacity(report))
        }
        Analysis::IsoArea => {
            let prepared = prepare()?;
            let cells = cells_for(library, custom, &scenario.technologies, "iso-area")?;
            let fits = iso_area_fits(&cells, &scenario.baseline, &scenario.cache, &library.nodes)?;
            let study = iso_area_study(&prepared, &fits, accounting);
            let mut report = IsoAreaReport::new(&study, &prepared.name());
            report.traffic_note = Some(traffic_note(library, &prepared, None));
            report.warnings = prepared.warnings();
            Ok(Outcome::IsoArea(report))
        }
        Analysis::Details => cache_details(library, scenario, custom),
        Analysis::Scaling => {
            let prepared = prepare()?;
            let cells = cells_for(library, custom, &scenario.technologies, "scalability")?;
            let designs = scaling_designs(
                &cells,
                &scenario.cache,
                &default_capacities(),
                &library.nodes,
            )?;
            let sweep = scaling(&prepared, &designs, &scenario.baseline, accounting)?;
            // Each cell's iso-area point (its largest L2 in the baseline's area at the scenario's
            // capacity), marked on the sweep's curves.
            let iso_area =
                iso_area_fits(&cells, &scenario.baseline, &scenario.cache, &library.nodes)
                    .map(|fits| {
                        IsoAreaReport::new(
                            &iso_area_study(&prepared, &fits, accounting),
                            &prepared.name(),
                        )
                    })
                    .map_err(|e| e.to_string());
            let mut report = ScalingReport::new(&sweep, &prepared.name())
                .with_names(cells.iter().map(|c| c.name.clone()).collect())
                .with_iso_area(iso_area);
            report.traffic_note = Some(traffic_note(library, &prepared, None));
            report.warnings = prepared.warnings();
            Ok(Outcome::Scaling(report))
        }
        Analysis::Workloads => {
            // Every cache designed once, then run on each network.
            let resolved = resolve_each(library, scenario, custom)?;
            let mut report = across_networks(
                library,
                dl,
                &scenario.networks,
                &resolved.technologies,
                &scenario.baseline,
                accounting,
            )?;
            report.failed = FailedRecord::all(&resolved.failed);
            // The main network as the analysis runs it (settings that do not apply dropped).
            let (prepared, _) = prepare_network(library, dl, &dl.network)?;
            report.traffic_note = Some(traffic_note(library, &prepared, None));
            Ok(Outcome::Workloads(report))
        }
    }
}

/// The cache-details analysis: every chosen cell designed into the scenario's cache.
fn cache_details(
    library: &Library,
    scenario: &Scenario,
    custom: &[CellSpec],
) -> Result<Outcome, OutcomeError> {
    Ok(Outcome::Details(details(
        library,
        &scenario.technologies,
        custom,
        &scenario.cache,
    )?))
}

impl Outcome {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads back [`Outcome::to_json`] of an `analysis`. With the `exact_json` feature (on by
    /// default) numbers read back bit-identical (shortest round-trip decimals).
    pub fn from_json(analysis: Analysis, json: &str) -> Result<Outcome, String> {
        let e = |e: serde_json::Error| {
            format!("the {} report does not read back: {e}", analysis.label())
        };
        Ok(match analysis {
            Analysis::IsoCapacity => Outcome::IsoCapacity(serde_json::from_str(json).map_err(e)?),
            Analysis::IsoArea => Outcome::IsoArea(serde_json::from_str(json).map_err(e)?),
            Analysis::Scaling => Outcome::Scaling(serde_json::from_str(json).map_err(e)?),
            Analysis::Details => Outcome::Details(serde_json::from_str(json).map_err(e)?),
            Analysis::Workloads => Outcome::Workloads(serde_json::from_str(json).map_err(e)?),
        })
    }

    /// CSV, one row per technology (per technology and capacity for a sweep).
    pub fn to_csv(&self) -> String {
        match self {
            Outcome::IsoCapacity(r) => r.to_csv(),
            Outcome::IsoArea(r) => {
                FailedRecord::with_csv_rows(records_csv(&r.technologies), &r.failed)
            }
            Outcome::Scaling(r) => r.to_csv(),
            Outcome::Details(r) => r.to_csv(),
            Outcome::Workloads(r) => r.to_csv(),
        }
    }

    /// An aligned text table.
    pub fn to_text(&self) -> String {
        let (text, note) = match self {
            Outcome::IsoCapacity(r) => (r.to_text(), r.traffic_note.as_deref()),
            Outcome::IsoArea(r) => (r.to_text(), r.traffic_note.as_deref()),
            Outcome::Scaling(r) => (r.to_text(), r.traffic_note.as_deref()),
            Outcome::Details(r) => (r.to_text(), None),
            Outcome::Workloads(r) => (r.to_text(), r.traffic_note.as_deref()),
        };
        match note {
            Some(n) => format!("{text}\n{n}\n"),
            None => text,
        }
    }
}
