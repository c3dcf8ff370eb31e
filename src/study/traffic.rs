//! The workload level alone: a network on a GPU with an L2 of some capacity → L2 requests, DRAM
//! bytes and the run time (`nvmcalc traffic`), and the traffic model checked against every
//! measured workload (`nvmcalc validate-traffic`).

use serde::{Deserialize, Serialize};

use crate::format::{aligned_table, csv_quote, records_csv, sig};
use crate::gpu::measured::MeasuredWorkload;
use crate::gpu::traffic::{Bound, Traffic};
use crate::gpu::workload::DlWorkload;
use crate::library::Library;
use crate::study::prepared::{AnalysisError, Prepared};

/// One kernel's traffic, flat (`nvmcalc traffic --kernels`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KernelRecord {
    pub index: usize,
    pub layer: String,
    pub pass: String,
    pub kind: String,
    pub l2_read_sectors: u64,
    pub l2_write_sectors: u64,
    pub dram_read_bytes: f64,
    pub dram_write_bytes: f64,
    pub time_s: f64,
    pub bound: String,
}

/// The workload level's answer for one network, GPU and L2 capacity. The five totals are at the
/// top level of the JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrafficReport {
    pub network: String,
    pub workload: String,
    pub gpu: String,
    pub l2_bytes: u64,
    pub l2_read_sectors: u64,
    pub l2_write_sectors: u64,
    pub dram_read_bytes: f64,
    pub dram_write_bytes: f64,
    pub execution_time_s: f64,
    /// The model and its assumptions in words.
    pub derivation: String,
    /// Per kernel, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernels: Option<Vec<KernelRecord>>,
}

/// The traffic of `spec` with an L2 of `l2_bytes` (`None`: the GPU's own).
pub fn traffic_report(
    library: &Library,
    spec: &DlWorkload,
    l2_bytes: Option<u64>,
    with_kernels: bool,
) -> Result<TrafficReport, AnalysisError> {
    let prepared = Prepared::new(library, spec)?;
    let l2 = l2_bytes.unwrap_or(prepared.gpu.l2_bytes);
    let t = prepared.traffic(l2);
    let derivation = t
        .to_workload(&prepared.id(), &prepared.name(), "")
        .derivation;
    Ok(TrafficReport {
        network: spec.network.clone(),
        workload: prepared.name(),
        gpu: spec.gpu.clone(),
        l2_bytes: l2,
        l2_read_sectors: t.l2_read_sectors,
        l2_write_sectors: t.l2_write_sectors,
        dram_read_bytes: t.dram_read_bytes,
        dram_write_bytes: t.dram_write_bytes,
        execution_time_s: t.time.s(),
        derivation,
        kernels: with_kernels.then(|| kernel_records(&t)),
    })
}

fn kernel_records(t: &Traffic) -> Vec<KernelRecord> {
    t.kernels
        .iter()
        .enumerate()
        .map(|(index, k)| KernelRecord {
            index,
            layer: k.layer.clone(),
            pass: word(&k.pass),
            kind: k.kind.to_string(),
            l2_read_sectors: k.l2_read_sectors,
            l2_write_sectors: k.l2_write_sectors,
            dram_read_bytes: k.dram_read_bytes,
            dram_write_bytes: k.dram_write_bytes,
            time_s: k.time.s(),
            bound: match k.bound {
                Bound::Compute => "compute",
                Bound::Dram => "dram",
                Bound::L2 => "l2",
                Bound::Launch => "launch",
            }
            .into(),
        })
        .collect()
}

fn word<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl TrafficReport {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// CSV: the per-kernel rows when present, else one row of totals.
    pub fn to_csv(&self) -> String {
        if let Some(k) = &self.kernels {
            return records_csv(k);
        }
        let header = "network,gpu,l2_bytes,l2_read_sectors,l2_write_sectors,dram_read_bytes,dram_write_bytes,execution_time_s\n";
        format!(
            "{header}{},{},{},{},{},{},{},{}\n",
            csv_quote(&self.network),
            csv_quote(&self.gpu),
            self.l2_bytes,
            self.l2_read_sectors,
            self.l2_write_sectors,
            self.dram_read_bytes,
            self.dram_write_bytes,
            self.execution_time_s
        )
    }

    /// An aligned text table.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Traffic model — {} (L2 {} B)\n\n",
            self.workload, self.l2_bytes
        );
        let rows = vec![
            vec!["l2_read_sectors".into(), self.l2_read_sectors.to_string()],
            vec!["l2_write_sectors".into(), self.l2_write_sectors.to_string()],
            vec!["dram_read_bytes".into(), sig(self.dram_read_bytes)],
            vec!["dram_write_bytes".into(), sig(self.dram_write_bytes)],
            vec!["execution_time_s".into(), sig(self.execution_time_s)],
        ];
        out.push_str(&aligned_table(&["quantity", "value"], rows));
        if let Some(kernels) = &self.kernels {
            out.push('\n');
            let rows = kernels
                .iter()
                .map(|k| {
                    vec![
                        k.index.to_string(),
                        k.layer.clone(),
                        k.pass.clone(),
                        k.kind.clone(),
                        k.l2_read_sectors.to_string(),
                        k.l2_write_sectors.to_string(),
                        sig(k.dram_read_bytes),
                        sig(k.dram_write_bytes),
                        sig(k.time_s),
                        k.bound.clone(),
                    ]
                })
                .collect();
            out.push_str(&aligned_table(
                &[
                    "#",
                    "layer",
                    "pass",
                    "kind",
                    "L2 rd",
                    "L2 wr",
                    "DRAM rd B",
                    "DRAM wr B",
                    "time s",
                    "bound",
                ],
                rows,
            ));
        }
        out.push_str(&format!("\n{}\n", self.derivation));
        out
    }
}

/// The quantities `validate-traffic` compares, with the measured and modelled value of each.
pub const VALIDATED: [&str; 5] = [
    "l2_read_sectors",
    "l2_write_sectors",
    "dram_read_bytes",
    "dram_write_bytes",
    "execution_time_s",
];

/// One measured workload beside the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationRow {
    /// Measured preset id.
    pub id: String,
    pub network: String,
    pub phase: String,
    pub batch: u64,
    pub seq_len: Option<u64>,
    /// Measured values, in [`VALIDATED`] order.
    pub measured: [f64; 5],
    /// Modelled values at the GPU's own L2, in [`VALIDATED`] order.
    pub model: [f64; 5],
    /// model ÷ measured, in [`VALIDATED`] order.
    pub ratio: [f64; 5],
}

/// Accuracy over every measured workload, per quantity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    pub quantity: String,
    /// Median of |model ÷ measured − 1| (a fraction: 0.2 is 20 %).
    pub median_abs_error: f64,
    /// Share of workloads with |model ÷ measured − 1| ≤ 25 %.
    pub within_25: f64,
    /// Smallest and largest ratio.
    pub ratio_min: f64,
    pub ratio_max: f64,
}

/// The traffic model against every measured workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationReport {
    pub rows: Vec<ValidationRow>,
    pub accuracy: Vec<Accuracy>,
}

/// The model's five quantities for a measured workload's network, shape and GPU, at the GPU's
/// own L2.
pub fn model_of(library: &Library, m: &MeasuredWorkload) -> Result<[f64; 5], AnalysisError> {
    let spec = DlWorkload {
        network: m.network.clone(),
        phase: m.phase,
        batch: m.batch,
        seq_len: m.seq_len,
        decode_tokens: None,
        element_bytes: m.element_bytes,
        gpu: m.gpu.clone(),
        measured: None,
    };
    let p = Prepared::new(library, &spec)?;
    let t = p.traffic(p.gpu.l2_bytes);
    Ok([
        t.l2_read_sectors as f64,
        t.l2_write_sectors as f64,
        t.dram_read_bytes,
        t.dram_write_bytes,
        t.time.s(),
    ])
}

/// Runs the model on every measured workload of `library` (or those whose id is in `only`).
pub fn validate(library: &Library, only: &[String]) -> Result<ValidationReport, AnalysisError> {
    let mut rows = Vec::new();
    for m in &library.measured {
        if !only.is_empty() && !only.contains(&m.id) {
            continue;
        }
        let t = &m.measured;
        let measured = [
            t.l2_read_sectors,
            t.l2_write_sectors,
            t.dram_read_bytes,
            t.dram_write_bytes,
            t.step_time.s(),
        ];
        let model = model_of(library, m)?;
        let ratio = std::array::from_fn(|i| model[i] / measured[i]);
        rows.push(ValidationRow {
            id: m.id.clone(),
            network: m.network.clone(),
            phase: m.phase.word().into(),
            batch: m.batch,
            seq_len: m.seq_len,
            measured,
            model,
            ratio,
        });
    }
    let accuracy = VALIDATED
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let ratios: Vec<f64> = rows
                .iter()
                .map(|r| r.ratio[i])
                .filter(|r| r.is_finite())
                .collect();
            let mut errors: Vec<f64> = ratios.iter().map(|r| (r - 1.0).abs()).collect();
            errors.sort_by(f64::total_cmp);
            Accuracy {
                quantity: (*q).into(),
                median_abs_error: median(&errors),
                within_25: if errors.is_empty() {
                    0.0
                } else {
                    errors.iter().filter(|e| **e <= 0.25).count() as f64 / errors.len() as f64
                },
                ratio_min: ratios.iter().copied().fold(f64::INFINITY, f64::min),
                ratio_max: ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            }
        })
        .collect();
    Ok(ValidationReport { rows, accuracy })
}

/// Median of sorted values (0 when empty).
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

impl ValidationReport {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// CSV: one row per measured workload and quantity.
    pub fn to_csv(&self) -> String {
        let mut out =
            String::from("id,network,phase,batch,seq_len,quantity,measured,model,ratio\n");
        for r in &self.rows {
            for (i, q) in VALIDATED.iter().enumerate() {
                out.push_str(&format!(
                    "{},{},{},{},{},{q},{},{},{}\n",
                    csv_quote(&r.id),
                    csv_quote(&r.network),
                    r.phase,
                    r.batch,
                    r.seq_len.map(|s| s.to_string()).unwrap_or_default(),
                    r.measured[i],
                    r.model[i],
                    r.ratio[i]
                ));
            }
        }
        out
    }

    /// An aligned table of model ÷ measured, then the accuracy per quantity.
    pub fn to_text(&self) -> String {
        let mut out =
            String::from("Traffic model ÷ measured, at each GPU's own L2 (1 = exact)\n\n");
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.id.clone()];
                row.extend(r.ratio.iter().map(|x| format!("{x:.2}")));
                row
            })
            .collect();
        out.push_str(&aligned_table(
            &[
                "measured workload",
                "L2 rd",
                "L2 wr",
                "DRAM rd",
                "DRAM wr",
                "time",
            ],
            rows,
        ));
        out.push('\n');
        let rows = self
            .accuracy
            .iter()
            .map(|a| {
                vec![
                    a.quantity.clone(),
                    format!("{:.1} %", a.median_abs_error * 100.0),
                    format!("{:.0} %", a.within_25 * 100.0),
                    format!("{:.2}–{:.2}", a.ratio_min, a.ratio_max),
                ]
            })
            .collect();
        out.push_str(&aligned_table(
            &["quantity", "median |error|", "within ±25 %", "ratio range"],
            rows,
        ));
        out
    }
}

/// The traffic model's accuracy on the measured workloads, in one sentence for every
/// deep-learning result (`None` when no measured preset is loaded). Computed once per library
/// content and remembered: the page asks for it on every change.
pub fn accuracy_sentence(library: &Library) -> Option<String> {
    use std::sync::Mutex;
    static MEMO: Mutex<Option<(String, Option<String>)>> = Mutex::new(None);
    if library.measured.is_empty() {
        return None;
    }
    // What the sentence depends on: the measured presets, the networks and the GPUs.
    let key = format!(
        "{:?}|{:?}|{:?}",
        library
            .measured
            .iter()
            .map(|m| (&m.id, m.measured.l2_read_sectors, m.measured.step_time.s()))
            .collect::<Vec<_>>(),
        library
            .networks
            .iter()
            .map(|n| (&n.id, n.layers.len()))
            .collect::<Vec<_>>(),
        library.gpus
    );
    if let Ok(memo) = MEMO.lock() {
        if let Some((k, v)) = memo.as_ref() {
            if *k == key {
                return v.clone();
            }
        }
    }
    let sentence = validate(library, &[]).ok().map(|r| {
        let part = |i: usize, what: &str| {
            format!(
                "{what} {:.0} %",
                100.0 * r.accuracy.get(i).map_or(f64::NAN, |a| a.median_abs_error)
            )
        };
        let gpus: Vec<&str> = {
            let mut g: Vec<&str> = library.measured.iter().map(|m| m.gpu.as_str()).collect();
            g.sort_unstable();
            g.dedup();
            g
        };
        format!(
            "Traffic model accuracy: on the {} workloads measured on {} (nvmcalc validate-traffic) \
             the model is off by a median of {}, {}, {}, {} and {}.",
            r.rows.len(),
            gpus.join(", "),
            part(0, "L2 reads"),
            part(1, "L2 writes"),
            part(2, "DRAM reads"),
            part(3, "DRAM writes"),
            part(4, "step time")
        )
    });
    if let Ok(mut memo) = MEMO.lock() {
        *memo = Some((key, sentence.clone()));
    }
    sentence
}

/// Where a deep-learning result's traffic and time come from, and how far to trust them: the
/// measurement (and how it is carried to `l2_bytes`) or the model, with its accuracy.
/// `l2_bytes`: the one capacity every technology runs at, or `None` for analyses of several.
pub fn traffic_note(library: &Library, prepared: &Prepared, l2_bytes: Option<u64>) -> String {
    let basis = match &prepared.anchor {
        Some(a) => a.describe(l2_bytes),
        None => "Traffic and time: nvmcalc's traffic model (src/gpu/traffic.rs).".to_string(),
    };
    match accuracy_sentence(library) {
        Some(acc) => format!("{basis} {acc}"),
        None => basis,
    }
}
