//! One entry point for every surface: a [`Scenario`] → the report of its analysis. The CLI and the
//! page both call [`run`], so they show the same numbers.

use serde::{Deserialize, Serialize};

use crate::analysis::{
    cells_for, default_capacities, iso_area_fits, iso_area_study, iso_capacity, scaling,
    scaling_designs, IsoAreaStudy, Prepared, Scaling,
};
use crate::cell::CellSpec;
use crate::celltech::Layout;
use crate::compare::{resolve_technologies, Comparison};
use crate::details::{details, DetailsReport};
use crate::preset::Library;
use crate::report::{
    aligned_table, csv_quote, ratio, sig, time_label, AccountingRecord, ComparisonReport,
};
use crate::scenario::{Analysis, Scenario};
use crate::technology::Technology;
use crate::workloads::{across_networks, WorkloadsReport};

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

/// Runs the scenario's analysis. The scenario's own custom cells and `custom` (cells imported by
/// the CLI's `--cell`, which a link cannot carry) are resolvable by id.
/// Every failure is a message naming what is wrong and what is accepted.
pub fn run(library: &Library, scenario: &Scenario, custom: &[CellSpec]) -> Result<Outcome, String> {
    let mut cells = scenario.custom_cells(library)?;
    cells.extend(custom.iter().cloned());
    let custom = cells.as_slice();
    if scenario.analysis == Analysis::Details {
        // The design alone: no workload is run, so none is needed.
        return cache_details(library, scenario, custom);
    }
    let Some(dl) = &scenario.network else {
        if scenario.analysis != Analysis::IsoCapacity {
            return Err(format!(
                "the {} analysis runs a network through the traffic model: choose a network \
                 (`net=`, `--net`) rather than the count workload `{}`",
                scenario.analysis.label(),
                scenario.workload
            ));
        }
        return Comparison::from_scenario_with_cells(library, scenario, custom)
            .map(|c| Outcome::IsoCapacity(ComparisonReport::new(&c)))
            .map_err(|e| e.to_string());
    };
    let accounting = scenario.accounting();
    // The main network, lowered (the across-networks analysis lowers each of its own).
    let prepare = || Prepared::new(library, dl).map_err(|e| e.to_string());
    match scenario.analysis {
        Analysis::IsoCapacity => {
            let prepared = prepare()?;
            let techs: Vec<Technology> =
                resolve_technologies(library, scenario, custom).map_err(|e| e.to_string())?;
            let refs: Vec<&Technology> = techs.iter().collect();
            iso_capacity(&prepared, &refs, &scenario.baseline, accounting)
                .map(|c| Outcome::IsoCapacity(ComparisonReport::new(&c)))
                .map_err(|e| e.to_string())
        }
        Analysis::IsoArea => {
            let prepared = prepare()?;
            let cells = cells_for(library, custom, &scenario.technologies, "iso-area")
                .map_err(|e| e.to_string())?;
            let fits = iso_area_fits(&cells, &scenario.baseline, &scenario.cache, &library.nodes)
                .map_err(|e| e.to_string())?;
            let study = iso_area_study(&prepared, &fits, accounting);
            Ok(Outcome::IsoArea(IsoAreaReport::new(
                &study,
                &prepared.name(),
            )))
        }
        Analysis::Details => cache_details(library, scenario, custom),
        Analysis::Scaling => {
            let prepared = prepare()?;
            let cells = cells_for(library, custom, &scenario.technologies, "scalability")
                .map_err(|e| e.to_string())?;
            let designs = scaling_designs(
                &cells,
                &scenario.cache,
                &default_capacities(),
                &library.nodes,
            )
            .map_err(|e| e.to_string())?;
            let sweep = scaling(&prepared, &designs, &scenario.baseline, accounting)
                .map_err(|e| e.to_string())?;
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
            Ok(Outcome::Scaling(
                ScalingReport::new(&sweep, &prepared.name())
                    .with_names(cells.iter().map(|c| c.name.clone()).collect())
                    .with_iso_area(iso_area),
            ))
        }
        Analysis::Workloads => {
            // Every cache designed once, then run on each network.
            let techs: Vec<Technology> =
                resolve_technologies(library, scenario, custom).map_err(|e| e.to_string())?;
            across_networks(
                library,
                dl,
                &scenario.networks,
                &techs,
                &scenario.baseline,
                accounting,
            )
            .map(Outcome::Workloads)
            .map_err(|e| e.to_string())
        }
    }
}

/// The cache-details analysis: every chosen cell designed into the scenario's cache.
fn cache_details(
    library: &Library,
    scenario: &Scenario,
    custom: &[CellSpec],
) -> Result<Outcome, String> {
    details(library, &scenario.technologies, custom, &scenario.cache)
        .map(Outcome::Details)
        .map_err(|e| e.to_string())
}

impl Outcome {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads back [`Outcome::to_json`] of an `analysis` (the page's Web Worker sends outcomes
    /// so). Numbers read back bit-identical (shortest round-trip decimals).
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
            Outcome::IsoArea(r) => records_csv(&r.technologies),
            Outcome::Scaling(r) => records_csv(&r.points),
            Outcome::Details(r) => r.to_csv(),
            Outcome::Workloads(r) => r.to_csv(),
        }
    }

    /// An aligned text table.
    pub fn to_text(&self) -> String {
        match self {
            Outcome::IsoCapacity(r) => r.to_text(),
            Outcome::IsoArea(r) => r.to_text(),
            Outcome::Scaling(r) => r.to_text(),
            Outcome::Details(r) => r.to_text(),
            Outcome::Workloads(r) => r.to_text(),
        }
    }
}

/// One cell's iso-area L2, flat, units in the keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IsoAreaRecord {
    pub id: String,
    pub name: String,
    pub memory: String,
    pub slices: u32,
    pub capacity_kib: f64,
    pub capacity_vs_baseline: f64,
    pub area_mm2: f64,
    pub slice_area_mm2: f64,
    pub read_latency_ns: f64,
    pub write_latency_ns: f64,
    pub leakage_mw: f64,
    pub dynamic_energy_j: f64,
    pub leakage_energy_j: f64,
    pub dram_energy_j: f64,
    pub energy_j: f64,
    pub execution_time_s: f64,
    pub write_stall_s: f64,
    pub delay_s: f64,
    pub edp_js: f64,
    pub dram_bytes: f64,
    pub dram_bytes_vs_baseline: Option<f64>,
    pub energy_vs_baseline: Option<f64>,
    pub delay_vs_baseline: Option<f64>,
    pub edp_vs_baseline: Option<f64>,
}

/// The iso-area analysis as exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IsoAreaReport {
    pub analysis: String,
    pub baseline: String,
    pub baseline_cache: String,
    /// How energy and delay were counted (`delay_definition`, `energy_scope`, `leakage_period`).
    #[serde(flatten)]
    pub accounting: AccountingRecord,
    pub workload: String,
    pub budget_mm2: f64,
    pub technologies: Vec<IsoAreaRecord>,
}

impl IsoAreaReport {
    /// Flattens a study.
    pub fn new(s: &IsoAreaStudy, workload_name: &str) -> Self {
        let technologies = s
            .rows
            .iter()
            .map(|r| {
                let t = &r.fit.technology;
                let m = &t.metrics;
                let e = &r.run.evaluation;
                let x = &r.run.traffic;
                IsoAreaRecord {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    memory: t.memory.label().to_string(),
                    slices: r.fit.slices,
                    capacity_kib: t.capacity.kib(),
                    capacity_vs_baseline: r.fit.capacity_ratio,
                    area_mm2: m.area.mm2(),
                    slice_area_mm2: r.fit.slice_area.mm2(),
                    read_latency_ns: m.read_latency.ns(),
                    write_latency_ns: m.write_latency.ns(),
                    leakage_mw: m.leakage.mw(),
                    dynamic_energy_j: e.dynamic_energy.j(),
                    leakage_energy_j: e.leakage_energy.j(),
                    dram_energy_j: e.dram_energy.j(),
                    energy_j: e.energy.j(),
                    execution_time_s: e.execution_time.s(),
                    write_stall_s: x.write_stall.s(),
                    delay_s: e.delay.s(),
                    edp_js: e.edp.js(),
                    dram_bytes: x.dram_read_bytes + x.dram_write_bytes,
                    dram_bytes_vs_baseline: r.dram_bytes_vs_baseline,
                    energy_vs_baseline: r.energy_vs_baseline,
                    delay_vs_baseline: r.delay_vs_baseline,
                    edp_vs_baseline: r.edp_vs_baseline,
                }
            })
            .collect();
        IsoAreaReport {
            analysis: "iso_area".into(),
            baseline: s.baseline.clone(),
            baseline_cache: s.baseline_config.describe(),
            accounting: s.accounting.into(),
            workload: workload_name.to_string(),
            budget_mm2: s.budget.mm2(),
            technologies,
        }
    }

    /// An aligned text table.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Iso-area comparison — workload: {}\nBaseline {} ({}) sets the area budget: {} mm². \
             {}.\n\n",
            self.workload,
            self.baseline,
            self.baseline_cache,
            sig(self.budget_mm2),
            self.accounting.text()
        );
        let header = [
            "technology",
            "slices",
            "capacity",
            "cap ×",
            "area mm²",
            "DRAM B",
            "DRAM ×",
            "stall",
            "energy J",
            "delay s",
            "EDP J·s",
            "energy ×",
            "delay ×",
            "EDP ×",
        ];
        let rows = self
            .technologies
            .iter()
            .map(|t| {
                vec![
                    t.id.clone(),
                    t.slices.to_string(),
                    kib_label(t.capacity_kib),
                    format!("{}×", sig(t.capacity_vs_baseline)),
                    sig(t.area_mm2),
                    sig(t.dram_bytes),
                    ratio(t.dram_bytes_vs_baseline),
                    time_label(t.write_stall_s),
                    sig(t.energy_j),
                    sig(t.delay_s),
                    sig(t.edp_js),
                    ratio(t.energy_vs_baseline),
                    ratio(t.delay_vs_baseline),
                    ratio(t.edp_vs_baseline),
                ]
            })
            .collect();
        out.push_str(&aligned_table(&header, rows));
        out.push_str(
            "\n× = ratio to the baseline (< 1 is better, except capacity). Each L2 runs the \
             traffic of its own capacity.\n",
        );
        out
    }
}

/// One technology at one capacity of a sweep, flat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScalingRecord {
    pub capacity_kib: f64,
    pub slices: u32,
    pub id: String,
    pub area_mm2: f64,
    pub dynamic_energy_j: f64,
    pub leakage_energy_j: f64,
    pub dram_energy_j: f64,
    pub energy_j: f64,
    pub write_stall_s: f64,
    pub delay_s: f64,
    pub edp_js: f64,
    pub edp_vs_baseline: Option<f64>,
    pub dram_bytes: f64,
}

/// The scalability sweep as exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScalingReport {
    pub analysis: String,
    pub baseline: String,
    /// How energy and delay were counted (`delay_definition`, `energy_scope`, `leakage_period`).
    #[serde(flatten)]
    pub accounting: AccountingRecord,
    pub workload: String,
    pub slice_kib: f64,
    /// `sliced` (every capacity in slices of `slice_kib`) or `monolithic` (one cache per
    /// capacity).
    pub layout: Layout,
    /// Smallest capacity at which the baseline's leakage energy exceeds its L2 dynamic energy.
    pub baseline_leakage_dominates_from_kib: Option<f64>,
    /// Technology ids in column order.
    pub technologies: Vec<String>,
    /// Their names, in the same order (for legends and headers).
    #[serde(default)]
    pub technology_names: Vec<String>,
    pub points: Vec<ScalingRecord>,
    /// Each cell's iso-area point: its largest L2 in the baseline's area at the scenario's
    /// capacity (the iso-area analysis), with its energy and EDP.
    #[serde(default)]
    pub iso_area: Vec<IsoAreaRecord>,
    /// The baseline capacity of the iso-area points (KiB).
    #[serde(default)]
    pub iso_area_baseline_kib: Option<f64>,
    /// Why there are no iso-area points, when there are none.
    #[serde(default)]
    pub iso_area_note: Option<String>,
}

impl ScalingReport {
    /// Flattens a sweep.
    pub fn new(s: &Scaling, workload_name: &str) -> Self {
        let technologies = s
            .points
            .first()
            .map(|p| p.rows.iter().map(|r| r.id.clone()).collect())
            .unwrap_or_default();
        let points = s
            .points
            .iter()
            .flat_map(|p| {
                p.rows.iter().map(move |r| {
                    let e = &r.evaluation;
                    ScalingRecord {
                        capacity_kib: p.capacity_bytes as f64 / 1024.0,
                        slices: p.slices,
                        id: r.id.clone(),
                        area_mm2: r.area.mm2(),
                        dynamic_energy_j: e.dynamic_energy.j(),
                        leakage_energy_j: e.leakage_energy.j(),
                        dram_energy_j: e.dram_energy.j(),
                        energy_j: e.energy.j(),
                        write_stall_s: r.write_stall.s(),
                        delay_s: e.delay.s(),
                        edp_js: e.edp.js(),
                        edp_vs_baseline: r.edp_vs_baseline,
                        dram_bytes: p.dram_bytes,
                    }
                })
            })
            .collect();
        ScalingReport {
            analysis: "scaling".into(),
            baseline: s.baseline.clone(),
            accounting: s.accounting.into(),
            workload: workload_name.to_string(),
            slice_kib: s.slice_bytes as f64 / 1024.0,
            layout: s.layout,
            baseline_leakage_dominates_from_kib: s
                .baseline_leakage_dominates_from_bytes
                .map(|b| b as f64 / 1024.0),
            technologies,
            technology_names: Vec::new(),
            points,
            iso_area: Vec::new(),
            iso_area_baseline_kib: None,
            iso_area_note: None,
        }
    }

    /// Adds the technologies' names (`names[i]` of `technologies[i]`).
    pub fn with_names(mut self, names: Vec<String>) -> Self {
        self.technology_names = names;
        self
    }

    /// The name of technology `id` (its id when unnamed).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.technologies
            .iter()
            .position(|t| t == id)
            .and_then(|i| self.technology_names.get(i))
            .map_or(id, String::as_str)
    }

    /// Adds the iso-area points (or why there are none).
    pub fn with_iso_area(mut self, iso_area: Result<IsoAreaReport, String>) -> Self {
        match iso_area {
            Ok(r) => {
                self.iso_area_baseline_kib = r
                    .technologies
                    .iter()
                    .find(|t| t.id == r.baseline)
                    .map(|t| t.capacity_kib);
                self.iso_area = r.technologies;
            }
            Err(e) => self.iso_area_note = Some(format!("no iso-area points: {e}")),
        }
        self
    }

    /// How every capacity is built, in words.
    pub fn organisation(&self) -> String {
        if self.layout == Layout::Monolithic {
            "One monolithic cache per capacity".into()
        } else {
            format!("Slices of {} each", kib_label(self.slice_kib))
        }
    }

    /// The capacities of the sweep (KiB), in order.
    pub fn capacities_kib(&self) -> Vec<f64> {
        let mut caps: Vec<f64> = Vec::new();
        for p in &self.points {
            if caps.last() != Some(&p.capacity_kib) {
                caps.push(p.capacity_kib);
            }
        }
        caps
    }

    /// An aligned text table: one row per capacity, EDP and EDP × per technology.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Scalability — workload: {}\n{}. {}; baseline = {}.\n\n",
            self.workload,
            self.organisation(),
            self.accounting.text(),
            self.baseline
        );
        let mut header: Vec<String> = vec!["capacity".into(), "DRAM B".into()];
        for t in &self.technologies {
            header.push(format!("{t} EDP J·s"));
            header.push(format!("{t} ×"));
        }
        let rows = self
            .capacities_kib()
            .into_iter()
            .map(|cap| {
                let at: Vec<&ScalingRecord> = self
                    .points
                    .iter()
                    .filter(|p| p.capacity_kib == cap)
                    .collect();
                let mut row = vec![
                    kib_label(cap),
                    at.first().map(|p| sig(p.dram_bytes)).unwrap_or_default(),
                ];
                for p in at {
                    row.push(sig(p.edp_js));
                    row.push(ratio(p.edp_vs_baseline));
                }
                row
            })
            .collect();
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        out.push_str(&aligned_table(&header_refs, rows));
        match self.baseline_leakage_dominates_from_kib {
            Some(k) => out.push_str(&format!(
                "\n{}'s leakage energy exceeds its L2 dynamic energy from {} on.\n",
                self.baseline,
                kib_label(k)
            )),
            None => out.push_str(&format!(
                "\n{}'s leakage energy stays below its L2 dynamic energy over the sweep.\n",
                self.baseline
            )),
        }
        out.push_str(&self.iso_area_text());
        out
    }

    /// The iso-area points in one line each (empty when there are none and no reason).
    pub fn iso_area_text(&self) -> String {
        if let Some(note) = &self.iso_area_note {
            return format!("{note}\n");
        }
        let Some(base) = self.iso_area_baseline_kib else {
            return String::new();
        };
        let mut out = format!(
            "Iso-area points (largest L2 in {}'s area at {}):\n",
            self.baseline,
            kib_label(base)
        );
        for r in &self.iso_area {
            out.push_str(&format!(
                "  {}: {}, EDP {} J·s, energy {} J, leakage energy {} J\n",
                r.id,
                kib_label(r.capacity_kib),
                sig(r.edp_js),
                sig(r.energy_j),
                sig(r.leakage_energy_j)
            ));
        }
        out
    }
}

/// `3 MiB`, `256 KiB`.
pub fn kib_label(kib: f64) -> String {
    if kib >= 1024.0 {
        format!("{} MiB", sig(kib / 1024.0))
    } else {
        format!("{} KiB", sig(kib))
    }
}

/// CSV of flat records: the header is their JSON keys.
fn records_csv<T: Serialize>(records: &[T]) -> String {
    let values: Vec<serde_json::Value> = records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or_default())
        .collect();
    let Some(first) = values.first().and_then(|v| v.as_object()) else {
        return String::new();
    };
    let keys: Vec<String> = first.keys().cloned().collect();
    let mut out = keys.join(",");
    out.push('\n');
    for v in &values {
        let cells: Vec<String> = keys
            .iter()
            .map(|k| match v.get(k) {
                Some(serde_json::Value::String(s)) => csv_quote(s),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(x) => x.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
