//! The iso-area analysis as exported: one flat record per cell, units in the keys.

use serde::{Deserialize, Serialize};

use crate::design::eval::AccountingRecord;
use crate::format::{aligned_table, kib_label, ratio, sig, time_label};
use crate::report::FailedRecord;
use crate::study::iso_area::IsoAreaStudy;

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
    /// Cells with no iso-area cache, with their reasons (left out when none).
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
            failed: FailedRecord::all(&s.failed),
            traffic_note: None,
            warnings: Vec::new(),
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
        out.push_str(&FailedRecord::text_rows(&self.failed));
        out.push_str(
            "\n× = ratio to the baseline (< 1 is better, except capacity). Each L2 runs the \
             traffic of its own capacity.\n",
        );
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        out
    }
}
