//! Tables for people and machines: the comparison as flat records with the unit in every key, written
//! as JSON, CSV or an aligned text table. The CLI and the page both read these records, so they show
//! the same numbers.

mod headline;
mod iso_area;
mod scaling;

pub use headline::{change, short_label, times, HeadlineRow};
pub use iso_area::{IsoAreaRecord, IsoAreaReport};
pub use scaling::{ScalingRecord, ScalingReport};

use serde::{Deserialize, Serialize};

use crate::design::eval::AccountingRecord;
use crate::format::{aligned_table, csv_quote, ratio, sig, time_label};
use crate::study::comparison::Comparison;
pub use crate::study::comparison::FailedRecord;

/// One technology's row, flat, with units in the keys (the schema of `--format json|csv`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TechnologyRecord {
    pub id: String,
    pub name: String,
    pub memory: String,
    pub capacity_kib: f64,
    pub access_bits: u32,
    pub area_mm2: f64,
    pub read_latency_ns: f64,
    pub write_latency_ns: f64,
    pub read_energy_pj: f64,
    pub write_energy_pj: f64,
    pub leakage_mw: f64,
    pub array_reads: f64,
    pub array_writes: f64,
    pub dynamic_energy_j: f64,
    pub leakage_energy_j: f64,
    pub dram_energy_j: f64,
    pub energy_j: f64,
    pub access_time_s: f64,
    pub execution_time_s: f64,
    pub delay_s: f64,
    pub edp_js: f64,
    pub edap_js_mm2: f64,
    /// Network workloads: the L2 capacity whose traffic this row ran (KiB).
    pub traffic_l2_kib: Option<f64>,
    /// Network workloads: DRAM bytes read plus written.
    pub dram_bytes: Option<f64>,
    /// Network workloads: execution time added by this array's slower writes.
    pub write_stall_s: Option<f64>,
    pub area_mm2_vs_baseline: Option<f64>,
    pub read_latency_ns_vs_baseline: Option<f64>,
    pub write_latency_ns_vs_baseline: Option<f64>,
    pub read_energy_pj_vs_baseline: Option<f64>,
    pub write_energy_pj_vs_baseline: Option<f64>,
    pub leakage_mw_vs_baseline: Option<f64>,
    pub energy_j_vs_baseline: Option<f64>,
    pub delay_s_vs_baseline: Option<f64>,
    pub edp_js_vs_baseline: Option<f64>,
    pub edap_js_mm2_vs_baseline: Option<f64>,
    pub source: String,
    /// Process node (nm), when known.
    pub node_nm: Option<u32>,
    /// Conditions and caveats (for a cell technology: the cache configuration and organisation).
    pub notes: Option<String>,
}

/// The workload as reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadRecord {
    pub id: String,
    pub name: String,
    pub reads: f64,
    pub writes: f64,
    pub access_bytes: u32,
    pub execution_time_s: f64,
    pub source: String,
    /// How the counts and the time were derived.
    pub derivation: String,
}

/// The whole comparison as exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonReport {
    pub analysis: String,
    pub baseline: String,
    /// How energy and delay were counted (`delay_definition`, `energy_scope`, `leakage_period`).
    #[serde(flatten)]
    pub accounting: AccountingRecord,
    pub workload: WorkloadRecord,
    pub warnings: Vec<String>,
    pub technologies: Vec<TechnologyRecord>,
    /// Chosen technologies that could not be built, with their reasons (left out when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<FailedRecord>,
    /// On a network workload: where its traffic and time come from and the traffic model's
    /// accuracy on the measured workloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_note: Option<String>,
}

impl ComparisonReport {
    /// Flattens a comparison.
    pub fn new(c: &Comparison) -> Self {
        let technologies = c
            .rows
            .iter()
            .map(|row| {
                let t = &row.technology;
                let m = &t.metrics;
                let e = &row.evaluation;
                let r = &row.vs_baseline;
                TechnologyRecord {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    memory: t.memory.label().to_string(),
                    capacity_kib: t.capacity.kib(),
                    access_bits: t.access_bits,
                    area_mm2: m.area.mm2(),
                    read_latency_ns: m.read_latency.ns(),
                    write_latency_ns: m.write_latency.ns(),
                    read_energy_pj: m.read_energy.pj(),
                    write_energy_pj: m.write_energy.pj(),
                    leakage_mw: m.leakage.mw(),
                    array_reads: e.array_reads,
                    array_writes: e.array_writes,
                    dynamic_energy_j: e.dynamic_energy.j(),
                    leakage_energy_j: e.leakage_energy.j(),
                    dram_energy_j: e.dram_energy.j(),
                    energy_j: e.energy.j(),
                    access_time_s: e.access_time.s(),
                    execution_time_s: e.execution_time.s(),
                    delay_s: e.delay.s(),
                    edp_js: e.edp.js(),
                    edap_js_mm2: e.edap.js_mm2(),
                    traffic_l2_kib: row.traffic.map(|x| x.l2_bytes as f64 / 1024.0),
                    dram_bytes: row.traffic.map(|x| x.dram_read_bytes + x.dram_write_bytes),
                    write_stall_s: row.traffic.map(|x| x.write_stall.s()),
                    area_mm2_vs_baseline: r.area,
                    read_latency_ns_vs_baseline: r.read_latency,
                    write_latency_ns_vs_baseline: r.write_latency,
                    read_energy_pj_vs_baseline: r.read_energy,
                    write_energy_pj_vs_baseline: r.write_energy,
                    leakage_mw_vs_baseline: r.leakage,
                    energy_j_vs_baseline: r.energy,
                    delay_s_vs_baseline: r.delay,
                    edp_js_vs_baseline: r.edp,
                    edap_js_mm2_vs_baseline: r.edap,
                    source: t.source.clone(),
                    node_nm: t.node_nm,
                    notes: t.notes.clone(),
                }
            })
            .collect();
        let w = &c.workload;
        ComparisonReport {
            analysis: "iso_capacity".into(),
            baseline: c.baseline.clone(),
            accounting: c.accounting.into(),
            workload: WorkloadRecord {
                id: w.id.clone(),
                name: w.name.clone(),
                reads: w.reads,
                writes: w.writes,
                access_bytes: w.access_bytes,
                execution_time_s: w.execution_time.s(),
                source: w.source.clone(),
                derivation: w.derivation.clone(),
            },
            warnings: c.warnings.clone(),
            technologies,
            failed: FailedRecord::all(&c.failed),
            traffic_note: None,
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain records of numbers and strings cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// CSV with one row per technology; the header is the JSON keys of [`TechnologyRecord`]. A
    /// technology that could not be built is a row with its id, name and an `error` column, which
    /// is there only when one failed ([`FailedRecord::with_csv_rows`]).
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        out.push_str(&CSV_COLUMNS.join(","));
        out.push('\n');
        for t in &self.technologies {
            let value = serde_json::to_value(t).unwrap_or_default();
            let cells: Vec<String> = CSV_COLUMNS
                .iter()
                .map(|k| match value.get(*k) {
                    Some(serde_json::Value::String(s)) => csv_quote(s),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(v) => v.to_string(),
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        FailedRecord::with_csv_rows(out, &self.failed)
    }

    /// An aligned text table for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Iso-capacity comparison — workload: {} ({} reads, {} writes of {} B, {} run)\n\
             {}; baseline = {}\n\n",
            self.workload.name,
            sig(self.workload.reads),
            sig(self.workload.writes),
            self.workload.access_bytes,
            time_label(self.workload.execution_time_s),
            self.accounting.text(),
            self.baseline,
        );
        let header = [
            "technology",
            "area mm²",
            "read ns",
            "write ns",
            "read pJ",
            "write pJ",
            "leak mW",
            "energy J",
            "delay s",
            "EDP J·s",
            "energy ×",
            "delay ×",
            "EDP ×",
            "area ×",
        ];
        let rows = self
            .technologies
            .iter()
            .map(|t| {
                vec![
                    t.id.clone(),
                    sig(t.area_mm2),
                    sig(t.read_latency_ns),
                    sig(t.write_latency_ns),
                    sig(t.read_energy_pj),
                    sig(t.write_energy_pj),
                    sig(t.leakage_mw),
                    sig(t.energy_j),
                    sig(t.delay_s),
                    sig(t.edp_js),
                    ratio(t.energy_j_vs_baseline),
                    ratio(t.delay_s_vs_baseline),
                    ratio(t.edp_js_vs_baseline),
                    ratio(t.area_mm2_vs_baseline),
                ]
            })
            .collect();
        out.push_str(&aligned_table(&header, rows));
        out.push_str(&FailedRecord::text_rows(&self.failed));
        out.push_str("\n× = ratio to the baseline (< 1 is better for every column).\n");
        if let Some(t) = self.takeaway() {
            out.push_str(&format!("In short: {t}\n"));
        }
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        out
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 36] = [
    "id",
    "name",
    "memory",
    "capacity_kib",
    "access_bits",
    "area_mm2",
    "read_latency_ns",
    "write_latency_ns",
    "read_energy_pj",
    "write_energy_pj",
    "leakage_mw",
    "array_reads",
    "array_writes",
    "dynamic_energy_j",
    "leakage_energy_j",
    "dram_energy_j",
    "energy_j",
    "access_time_s",
    "execution_time_s",
    "delay_s",
    "edp_js",
    "edap_js_mm2",
    "traffic_l2_kib",
    "dram_bytes",
    "write_stall_s",
    "area_mm2_vs_baseline",
    "read_latency_ns_vs_baseline",
    "write_latency_ns_vs_baseline",
    "read_energy_pj_vs_baseline",
    "write_energy_pj_vs_baseline",
    "leakage_mw_vs_baseline",
    "energy_j_vs_baseline",
    "delay_s_vs_baseline",
    "edp_js_vs_baseline",
    "edap_js_mm2_vs_baseline",
    "source",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits() {
        assert_eq!(sig(1.309), "1.309");
        assert_eq!(sig(4.684), "4.684");
        assert_eq!(sig(56.346), "56.35");
        assert_eq!(sig(12346.0), "1.235e4");
        assert_eq!(sig(9999.0), "9999");
        assert_eq!(sig(0.00468), "0.00468");
        assert_eq!(sig(1.2e-5), "1.2e-5");
        assert_eq!(sig(2.0), "2");
        assert_eq!(sig(f64::NAN), "—");
        assert_eq!(ratio(None), "—");
    }

    #[test]
    fn time_labels() {
        assert_eq!(time_label(0.0032), "3.2 ms");
        assert_eq!(time_label(2.5), "2.5 s");
        assert_eq!(time_label(4e-8), "40 ns");
    }

    #[test]
    fn csv_quotes_text() {
        assert_eq!(csv_quote("a,b"), "\"a,b\"");
        assert_eq!(csv_quote("say \"x\""), "\"say \"\"x\"\"\"");
        // Spreadsheet-safe: what would start a formula opens as text.
        assert_eq!(
            csv_quote("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for s in ["+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_quote(s).starts_with("\"'"), "{s}");
        }
        assert_eq!(csv_quote("sram_22nm"), "sram_22nm");
    }
}
