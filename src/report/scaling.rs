//! The scalability sweep as exported: one flat record per technology and capacity.

use crate::design::config::Layout;
use crate::design::eval::AccountingRecord;
use crate::format::aligned_table;
use crate::format::kib_label;
use crate::format::{ratio, sig};
use crate::report::iso_area::IsoAreaRecord;
use crate::report::iso_area::IsoAreaReport;
use crate::report::FailedRecord;
use crate::study::scaling::Scaling;
use serde::{Deserialize, Serialize};

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
    /// Cells with no iso-area point (no L2 of theirs fits the baseline's area), with their
    /// reasons (left out when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iso_area_failed: Vec<FailedRecord>,
    /// Chosen cells left out of the sweep because they cannot be built at one of its
    /// capacities, with their reasons (left out when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<FailedRecord>,
    /// Where the traffic and time come from and the traffic model's accuracy on the measured
    /// workloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_note: Option<String>,
    /// What the reader of the numbers must know (a network that does not fit in the GPU's
    /// memory); left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
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
            iso_area_failed: Vec::new(),
            failed: FailedRecord::all(&s.failed),
            traffic_note: None,
            warnings: Vec::new(),
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
                self.iso_area_failed = r.failed;
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
        if !self.failed.is_empty() {
            out.push_str("\nNot in the sweep:\n");
            out.push_str(&FailedRecord::text_rows(&self.failed));
        }
        out.push_str(&self.iso_area_text());
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        out
    }

    /// CSV, one record per technology and capacity, then the cells left out of the sweep (with
    /// an `error` column only then).
    pub fn to_csv(&self) -> String {
        FailedRecord::with_csv_rows(crate::format::records_csv(&self.points), &self.failed)
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
        for f in &self.iso_area_failed {
            out.push_str(&format!("  {}: no iso-area point: {}\n", f.id, f.error));
        }
        out
    }
}
