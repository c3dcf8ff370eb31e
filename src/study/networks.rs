//! Across networks: the iso-capacity comparison of the same caches on several networks at once
//! (issue #5: normalised energy, delay, EDP and area per workload, as grouped bars).
//!
//! The caches do not depend on the network, so every technology is designed once
//! ([`crate::study::comparison::resolve_each`]; a cell that cannot be built is listed in
//! `failed` and left out of every network); each network is then lowered for the main
//! workload's phase, batch, element size and GPU ([`prepare_network`]) and run through
//! [`crate::study::iso_capacity::iso_capacity`]. A network's numbers are therefore exactly those of the
//! single-network iso-capacity analysis of that network.
//!
//! The main workload's sequence length and decode steps apply to token networks only:
//! - an image network (a CNN, ViT) takes its token count from the image: neither applies;
//! - a token network whose context is shorter than the sequence runs its own default sequence;
//! - a network that cannot decode (an encoder such as BERT) runs its prefill (forward pass);
//! - a token network given no sequence length runs its own default, written out in its
//!   workload description.
//!
//! Each substitution is stated in the network's `note`.

use serde::{Deserialize, Serialize};

use crate::design::eval::Accounting;
use crate::design::eval::AccountingRecord;
use crate::design::technology::Technology;
use crate::format::{aligned_table, csv_quote, ratio, sig};
use crate::gpu::network::{Input, NetworkError, Phase, WorkloadShape};
use crate::gpu::workload::DlWorkload;
use crate::library::Library;
use crate::study::comparison::{Comparison, FailedRecord};
use crate::study::iso_capacity::iso_capacity;
use crate::study::prepared::{AnalysisError, Prepared};

/// One compared technology, as the report lists it once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadsTechnology {
    pub id: String,
    pub name: String,
    pub memory: String,
    pub capacity_kib: f64,
    pub source: String,
}

/// One technology on one network, with units in the keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadsRecord {
    /// Technology id.
    pub id: String,
    pub energy_j: f64,
    pub delay_s: f64,
    pub edp_js: f64,
    pub area_mm2: f64,
    /// Ratios to the baseline on the same network (`None` where the baseline's value is 0).
    pub energy_j_vs_baseline: Option<f64>,
    pub delay_s_vs_baseline: Option<f64>,
    pub edp_js_vs_baseline: Option<f64>,
    pub area_mm2_vs_baseline: Option<f64>,
}

/// One network of the analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkRecord {
    /// Network preset id.
    pub id: String,
    /// Network name (`ResNet-50`).
    pub name: String,
    /// What was run (`ResNet-50 inference, batch 32, 2-byte elements, on …`).
    pub workload: String,
    /// The sequence length this network ran (token networks; `None` for images).
    pub seq_len: Option<u64>,
    /// The decode steps this network ran (`None`: its forward pass, or prefill, only).
    pub decode_tokens: Option<u64>,
    /// Where the network's and the GPU's numbers come from.
    pub source: String,
    /// A setting of the main workload that does not apply to this network, and what was run
    /// instead.
    pub note: Option<String>,
    /// The baseline's run time on this network (s).
    pub execution_time_s: f64,
    /// One per technology, in the order of the report's `technologies`.
    pub technologies: Vec<WorkloadsRecord>,
}

/// The across-networks analysis as exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadsReport {
    pub analysis: String,
    pub baseline: String,
    /// How energy and delay were counted (`delay_definition`, `energy_scope`, `leakage_period`).
    #[serde(flatten)]
    pub accounting: AccountingRecord,
    /// GPU preset id.
    pub gpu: String,
    pub gpu_name: String,
    /// `inference` or `training`.
    pub phase: String,
    pub batch: u64,
    pub element_bytes: u32,
    /// The main workload's sequence length (token networks that accept it).
    pub seq_len: Option<u64>,
    /// The main workload's decode steps (networks that can decode).
    pub decode_tokens: Option<u64>,
    /// The shared settings in words (`inference, batch 32, 2-byte elements, on …`).
    pub setup: String,
    /// The compared technologies, in order.
    pub technologies: Vec<WorkloadsTechnology>,
    /// Things a reader must know (unequal capacities, word widths…), once each.
    pub warnings: Vec<String>,
    /// One per network, in the order asked.
    pub networks: Vec<NetworkRecord>,
    /// Chosen technologies that could not be built into the scenario's cache, with their
    /// reasons (left out when none): every network is run without them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<FailedRecord>,
    /// Where the traffic and time come from and the traffic model's accuracy on the measured
    /// workloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_note: Option<String>,
}

/// The networks of a `nets` list: `chosen`, or every loaded network preset when it is empty.
pub fn network_ids<'a>(library: &'a Library, chosen: &'a [String]) -> Vec<&'a str> {
    if chosen.is_empty() {
        library.networks.iter().map(|n| n.id.as_str()).collect()
    } else {
        chosen.iter().map(String::as_str).collect()
    }
}

/// Lowers network `id` for the main workload `main` (its phase, batch, element size and GPU;
/// its sequence length and decode steps where they apply, see the module documentation).
/// Returns the prepared network and a note naming what did not apply.
pub fn prepare_network<'a>(
    library: &'a Library,
    main: &DlWorkload,
    id: &str,
) -> Result<(Prepared<'a>, Option<String>), AnalysisError> {
    // A measured workload stands for its own network only.
    let spec = DlWorkload {
        network: id.to_string(),
        measured: main.measured.clone().filter(|_| id == main.network),
        ..main.clone()
    };
    // Looks the network and the GPU up, with the usual messages.
    let network = library
        .network(id)
        .ok_or_else(|| AnalysisError::UnknownNetwork {
            id: id.to_string(),
            accepted: join(library.networks.iter().map(|n| n.id.as_str())),
        })?;
    let gpu = library
        .gpu(&spec.gpu)
        .ok_or_else(|| AnalysisError::UnknownGpu {
            id: spec.gpu.clone(),
            accepted: join(library.gpus.iter().map(|g| g.id.as_str())),
        })?;
    let shape = spec.shape();
    if shape.decode_tokens.is_some() && shape.phase == Phase::Training {
        return Err(NetworkError {
            network: main.network.clone(),
            layer: "-".into(),
            field: "decode_tokens".into(),
            problem: "decoding is inference: use phase = inference".into(),
        }
        .into());
    }
    let mut notes: Vec<String> = Vec::new();
    let shape = match network.input {
        Input::Image { .. } => {
            let dropped: Vec<String> = [
                shape.seq_len.map(|s| format!("sequence length {s}")),
                shape.decode_tokens.map(|d| format!("{d} decode steps")),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !dropped.is_empty() {
                notes.push(format!(
                    "takes images, so the {} {} not apply",
                    dropped.join(" and "),
                    if dropped.len() == 1 { "does" } else { "do" }
                ));
            }
            WorkloadShape {
                seq_len: None,
                decode_tokens: None,
                ..shape
            }
        }
        Input::Tokens {
            default_seq_len,
            max_seq_len,
        } => {
            let seq = match shape.seq_len {
                Some(s) if s > max_seq_len => {
                    notes.push(format!(
                        "sequence length {s} exceeds its context of {max_seq_len}: its default \
                         {default_seq_len} is used"
                    ));
                    default_seq_len
                }
                Some(s) => s,
                None => default_seq_len,
            };
            WorkloadShape {
                seq_len: Some(seq),
                ..shape
            }
        }
    };
    let prepared = match Prepared::from_parts(network, gpu, &shape) {
        Ok(p) => p,
        Err(e) if shape.decode_tokens.is_some() => {
            // An encoder cannot decode, nor can a context too short for the prompt and the
            // generated tokens: its prefill is run instead.
            notes.push(format!(
                "{} decode steps do not apply ({}): the prefill is run",
                shape.decode_tokens.unwrap_or_default(),
                e.problem
            ));
            let prefill = WorkloadShape {
                decode_tokens: None,
                ..shape
            };
            Prepared::from_parts(network, gpu, &prefill)?
        }
        Err(e) => return Err(e.into()),
    };
    let prepared = match &spec.measured {
        Some(id) => prepared.on_measured(library, id)?,
        None => prepared,
    };
    let note = (!notes.is_empty()).then(|| format!("{} {}.", network.name, notes.join("; ")));
    Ok((prepared, note))
}

/// Runs `technologies` (designed once) on every network of `networks` (empty: every loaded
/// network preset) with the main workload's settings, normalised to `baseline` on each.
pub fn across_networks(
    library: &Library,
    main: &DlWorkload,
    networks: &[String],
    technologies: &[Technology],
    baseline: &str,
    accounting: impl Into<Accounting>,
) -> Result<WorkloadsReport, AnalysisError> {
    let accounting: Accounting = accounting.into();
    let refs: Vec<&Technology> = technologies.iter().collect();
    let mut warnings: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for id in network_ids(library, networks) {
        let (prepared, note) = prepare_network(library, main, id)?;
        let c = iso_capacity(&prepared, &refs, baseline, accounting)?;
        for w in c.warnings.iter().chain(&prepared.warnings()) {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        rows.push(network_record(&prepared, note, &c));
    }
    let gpu = library
        .gpu(&main.gpu)
        .ok_or_else(|| AnalysisError::UnknownGpu {
            id: main.gpu.clone(),
            accepted: join(library.gpus.iter().map(|g| g.id.as_str())),
        })?;
    let setup = format!(
        "{}, batch {}{}{}, {}-byte elements, on {}",
        main.phase.word(),
        main.batch,
        main.seq_len
            .map(|s| format!(", sequence {s} (token networks)"))
            .unwrap_or_default(),
        main.decode_tokens
            .map(|d| format!(", {d} decode steps (decoders)"))
            .unwrap_or_default(),
        main.element_bytes,
        gpu.name
    );
    Ok(WorkloadsReport {
        analysis: "workloads".into(),
        baseline: baseline.to_string(),
        accounting: accounting.into(),
        gpu: gpu.id.clone(),
        gpu_name: gpu.name.clone(),
        phase: main.phase.word().into(),
        batch: main.batch,
        element_bytes: main.element_bytes,
        seq_len: main.seq_len,
        decode_tokens: main.decode_tokens,
        setup,
        technologies: technologies
            .iter()
            .map(|t| WorkloadsTechnology {
                id: t.id.clone(),
                name: t.name.clone(),
                memory: t.memory.label().to_string(),
                capacity_kib: t.capacity.kib(),
                source: t.source.clone(),
            })
            .collect(),
        warnings,
        networks: rows,
        failed: Vec::new(),
        traffic_note: None,
    })
}

/// One network's row from its iso-capacity comparison (the same expressions as
/// [`crate::report::ComparisonReport::new`], so the numbers are the same bits).
fn network_record(prepared: &Prepared<'_>, note: Option<String>, c: &Comparison) -> NetworkRecord {
    NetworkRecord {
        id: prepared.network.id.clone(),
        name: prepared.network.name.clone(),
        workload: prepared.name(),
        seq_len: prepared.spec.seq_len,
        decode_tokens: prepared.spec.decode_tokens,
        source: prepared.source(),
        note,
        execution_time_s: c.workload.execution_time.s(),
        technologies: c
            .rows
            .iter()
            .map(|row| {
                let e = &row.evaluation;
                let r = &row.vs_baseline;
                WorkloadsRecord {
                    id: row.technology.id.clone(),
                    energy_j: e.energy.j(),
                    delay_s: e.delay.s(),
                    edp_js: e.edp.js(),
                    area_mm2: row.technology.metrics.area.mm2(),
                    energy_j_vs_baseline: r.energy,
                    delay_s_vs_baseline: r.delay,
                    edp_js_vs_baseline: r.edp,
                    area_mm2_vs_baseline: r.area,
                }
            })
            .collect(),
    }
}

/// A metric of the report: what the tables, the CSV and the chart show per network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WorkloadsMetric {
    Energy,
    Delay,
    #[default]
    Edp,
    Area,
}

impl WorkloadsMetric {
    /// Every metric with its word, EDP first (the chart's default).
    pub const ALL: [(&'static str, WorkloadsMetric); 4] = [
        ("edp", WorkloadsMetric::Edp),
        ("energy", WorkloadsMetric::Energy),
        ("delay", WorkloadsMetric::Delay),
        ("area", WorkloadsMetric::Area),
    ];

    /// Parses a word of [`WorkloadsMetric::ALL`].
    pub fn from_word(word: &str) -> Option<WorkloadsMetric> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, m)| *m)
    }

    /// The word of [`WorkloadsMetric::ALL`].
    pub fn word(self) -> &'static str {
        match self {
            WorkloadsMetric::Energy => "energy",
            WorkloadsMetric::Delay => "delay",
            WorkloadsMetric::Edp => "edp",
            WorkloadsMetric::Area => "area",
        }
    }

    /// For people (`EDP`).
    pub fn label(self) -> &'static str {
        match self {
            WorkloadsMetric::Energy => "Energy",
            WorkloadsMetric::Delay => "Delay",
            WorkloadsMetric::Edp => "EDP",
            WorkloadsMetric::Area => "Area",
        }
    }

    /// The unit of the absolute value.
    pub fn unit(self) -> &'static str {
        match self {
            WorkloadsMetric::Energy => "J",
            WorkloadsMetric::Delay => "s",
            WorkloadsMetric::Edp => "J·s",
            WorkloadsMetric::Area => "mm²",
        }
    }

    /// The JSON key of the absolute value.
    pub fn key(self) -> &'static str {
        match self {
            WorkloadsMetric::Energy => "energy_j",
            WorkloadsMetric::Delay => "delay_s",
            WorkloadsMetric::Edp => "edp_js",
            WorkloadsMetric::Area => "area_mm2",
        }
    }

    /// The JSON key of the ratio to the baseline.
    pub fn ratio_key(self) -> &'static str {
        match self {
            WorkloadsMetric::Energy => "energy_j_vs_baseline",
            WorkloadsMetric::Delay => "delay_s_vs_baseline",
            WorkloadsMetric::Edp => "edp_js_vs_baseline",
            WorkloadsMetric::Area => "area_mm2_vs_baseline",
        }
    }

    /// The absolute value of a record.
    pub fn value(self, r: &WorkloadsRecord) -> f64 {
        match self {
            WorkloadsMetric::Energy => r.energy_j,
            WorkloadsMetric::Delay => r.delay_s,
            WorkloadsMetric::Edp => r.edp_js,
            WorkloadsMetric::Area => r.area_mm2,
        }
    }

    /// The ratio to the baseline of a record.
    pub fn ratio(self, r: &WorkloadsRecord) -> Option<f64> {
        match self {
            WorkloadsMetric::Energy => r.energy_j_vs_baseline,
            WorkloadsMetric::Delay => r.delay_s_vs_baseline,
            WorkloadsMetric::Edp => r.edp_js_vs_baseline,
            WorkloadsMetric::Area => r.area_mm2_vs_baseline,
        }
    }
}

/// The CSV columns (one row per network and technology), units in the keys.
pub const WORKLOADS_CSV_COLUMNS: [&str; 15] = [
    "network",
    "network_name",
    "workload",
    "id",
    "name",
    "energy_j",
    "delay_s",
    "edp_js",
    "area_mm2",
    "energy_j_vs_baseline",
    "delay_s_vs_baseline",
    "edp_js_vs_baseline",
    "area_mm2_vs_baseline",
    "execution_time_s",
    "note",
];

impl WorkloadsReport {
    /// The technology's name, or its id.
    pub fn technology_name(&self, id: &str) -> String {
        self.technologies
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// CSV, one row per network and technology ([`WORKLOADS_CSV_COLUMNS`]).
    pub fn to_csv(&self) -> String {
        let mut out = WORKLOADS_CSV_COLUMNS.join(",");
        out.push('\n');
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        for n in &self.networks {
            for t in &n.technologies {
                let cells = [
                    csv_quote(&n.id),
                    csv_quote(&n.name),
                    csv_quote(&n.workload),
                    csv_quote(&t.id),
                    csv_quote(&self.technology_name(&t.id)),
                    t.energy_j.to_string(),
                    t.delay_s.to_string(),
                    t.edp_js.to_string(),
                    t.area_mm2.to_string(),
                    opt(t.energy_j_vs_baseline),
                    opt(t.delay_s_vs_baseline),
                    opt(t.edp_js_vs_baseline),
                    opt(t.area_mm2_vs_baseline),
                    n.execution_time_s.to_string(),
                    n.note.as_deref().map(csv_quote).unwrap_or_default(),
                ];
                out.push_str(&cells.join(","));
                out.push('\n');
            }
        }
        FailedRecord::with_csv_rows(out, &self.failed)
    }

    /// Aligned text tables: the area of each technology (the same on every network), then per
    /// metric (energy, delay, EDP) one row per network with each technology's value and ratio.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Across networks — {}\n{}; baseline = {}.\n\n",
            self.setup,
            self.accounting.text(),
            self.baseline
        );
        let first = self.networks.first();
        let area_rows = self
            .technologies
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let r = first.and_then(|n| n.technologies.get(k));
                vec![
                    t.id.clone(),
                    r.map(|r| sig(r.area_mm2)).unwrap_or_default(),
                    ratio(r.and_then(|r| r.area_mm2_vs_baseline)),
                ]
            })
            .collect();
        out.push_str("Area (the same on every network)\n");
        out.push_str(&aligned_table(
            &["technology", "area mm²", "area ×"],
            area_rows,
        ));
        for metric in [
            WorkloadsMetric::Energy,
            WorkloadsMetric::Delay,
            WorkloadsMetric::Edp,
        ] {
            out.push_str(&format!("\n{} ({})\n", metric.label(), metric.unit()));
            let mut header: Vec<String> = vec!["network".into()];
            for t in &self.technologies {
                header.push(format!("{} {}", t.id, metric.unit()));
                header.push(format!("{} ×", t.id));
            }
            let rows = self
                .networks
                .iter()
                .map(|n| {
                    let mut row = vec![n.id.clone()];
                    for r in &n.technologies {
                        row.push(sig(metric.value(r)));
                        row.push(ratio(metric.ratio(r)));
                    }
                    row
                })
                .collect();
            let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
            out.push_str(&aligned_table(&header_refs, rows));
        }
        out.push_str(
            "\n× = ratio to the baseline on the same network (< 1 is better). Every cache is \
             designed once; each network runs the traffic of its capacity.\n",
        );
        for n in &self.networks {
            if let Some(note) = &n.note {
                out.push_str(&format!("note: {}: {note}\n", n.id));
            }
        }
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        if !self.failed.is_empty() {
            out.push_str("\nNot compared:\n");
            out.push_str(&FailedRecord::text_rows(&self.failed));
        }
        out
    }
}

fn join<'x>(it: impl Iterator<Item = &'x str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{run, Outcome};
    use crate::scenario::{Analysis, Scenario};
    use crate::shipped_library;
    use crate::study::comparison::resolve_each;
    use std::sync::OnceLock;

    fn library() -> &'static Library {
        static LIB: OnceLock<Library> = OnceLock::new();
        LIB.get_or_init(shipped_library)
    }

    const QUERY: &str = "v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&cap=3&slices=3\
                         &net=resnet50&phase=inference&batch=8&elem=2&gpu=gtx_1080_ti&an=workloads";

    fn scenario(query: &str) -> Scenario {
        let d = Scenario::from_query(query, library());
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        d.scenario
    }

    fn report(query: &str) -> WorkloadsReport {
        match run(library(), &scenario(query), &[]) {
            Ok(Outcome::Workloads(r)) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_network_by_default_baseline_ratios_one_every_number_finite_and_positive() {
        let r = report(QUERY);
        let ids: Vec<&str> = r.networks.iter().map(|n| n.id.as_str()).collect();
        let all: Vec<&str> = library().networks.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, all);
        assert_eq!(r.technologies.len(), 3);
        for n in &r.networks {
            assert_eq!(n.technologies.len(), 3, "{}", n.id);
            assert!(n.execution_time_s > 0.0 && n.execution_time_s.is_finite());
            for t in &n.technologies {
                for v in [t.energy_j, t.delay_s, t.edp_js, t.area_mm2] {
                    assert!(v.is_finite() && v > 0.0, "{} {}: {v}", n.id, t.id);
                }
                for m in WorkloadsMetric::ALL.map(|(_, m)| m) {
                    let x = m
                        .ratio(t)
                        .unwrap_or_else(|| panic!("{} {} {m:?}", n.id, t.id));
                    assert!(x.is_finite() && x > 0.0);
                    if t.id == r.baseline {
                        assert_eq!(x, 1.0, "{} {m:?}", n.id);
                    }
                }
            }
        }
        // The area does not depend on the network.
        for n in &r.networks {
            for (a, b) in n.technologies.iter().zip(&r.networks[0].technologies) {
                assert_eq!(a.area_mm2, b.area_mm2);
            }
        }
    }

    #[test]
    fn each_row_is_the_single_network_iso_capacity_run_bit_for_bit() {
        let s = scenario(&format!(
            "{QUERY}&nets=alexnet,bert_base,gpt2_small,llama2_7b&seq=256"
        ));
        let r = match run(library(), &s, &[]) {
            Ok(Outcome::Workloads(r)) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(r.networks.len(), 4);
        let main = s.network.clone().unwrap();
        for n in &r.networks {
            let (prepared, _) = prepare_network(library(), &main, &n.id).unwrap();
            let single = Scenario {
                network: Some(prepared.spec.clone()),
                analysis: Analysis::IsoCapacity,
                networks: Vec::new(),
                ..s.clone()
            };
            let Ok(Outcome::IsoCapacity(c)) = run(library(), &single, &[]) else {
                panic!("{}", n.id)
            };
            assert_eq!(n.workload, c.workload.name);
            assert_eq!(n.execution_time_s, c.workload.execution_time_s);
            for (w, t) in n.technologies.iter().zip(&c.technologies) {
                assert_eq!(w.id, t.id);
                let pairs = [
                    (w.energy_j, t.energy_j),
                    (w.delay_s, t.delay_s),
                    (w.edp_js, t.edp_js),
                    (w.area_mm2, t.area_mm2),
                ];
                for (a, b) in pairs {
                    assert_eq!(a.to_bits(), b.to_bits(), "{} {}", n.id, w.id);
                }
                assert_eq!(w.energy_j_vs_baseline, t.energy_j_vs_baseline);
                assert_eq!(w.delay_s_vs_baseline, t.delay_s_vs_baseline);
                assert_eq!(w.edp_js_vs_baseline, t.edp_js_vs_baseline);
                assert_eq!(w.area_mm2_vs_baseline, t.area_mm2_vs_baseline);
            }
        }
        // The sequence applies to the token networks that accept it, not to AlexNet.
        assert!(r.networks[0]
            .workload
            .starts_with("AlexNet inference, batch 8, 2-byte"));
        assert!(r.networks[1].workload.contains("sequence 256"));
        assert!(r.networks[3].workload.contains("sequence 256"));
        assert!(r.networks[0]
            .note
            .as_deref()
            .unwrap()
            .contains("takes images"));
    }

    #[test]
    fn settings_that_do_not_apply_are_named_in_a_note() {
        let lib = library();
        let main = DlWorkload {
            network: "gpt2_small".into(),
            phase: Phase::Inference,
            batch: 4,
            seq_len: Some(1020),
            decode_tokens: Some(16),
            element_bytes: 2,
            gpu: "gtx_1080_ti".into(),
            measured: None,
        };
        // A decoder: both apply.
        let (p, note) = prepare_network(lib, &main, "llama2_7b").unwrap();
        assert_eq!(note, None);
        assert_eq!(p.spec.seq_len, Some(1020));
        assert_eq!(p.spec.decode_tokens, Some(16));
        // GPT-2's context (1024) is too short for 1020 + 16 − 1 tokens: its prefill is run.
        let (p, note) = prepare_network(lib, &main, "gpt2_small").unwrap();
        assert_eq!(p.spec.decode_tokens, None);
        assert!(note.unwrap().contains("16 decode steps do not apply"));
        // BERT's context (512) is shorter than the sequence, and it cannot decode.
        let (p, note) = prepare_network(lib, &main, "bert_base").unwrap();
        let note = note.unwrap();
        assert_eq!(p.spec.decode_tokens, None);
        assert!(note.contains("exceeds its context of 512"), "{note}");
        assert!(note.contains("decode steps do not apply"), "{note}");
        // An image network takes neither.
        let (p, note) = prepare_network(lib, &main, "resnet50").unwrap();
        assert_eq!((p.spec.seq_len, p.spec.decode_tokens), (None, None));
        assert!(note.unwrap().contains("takes images"));
        // A token network without a sequence length runs its own default, written out.
        let (p, note) = prepare_network(
            lib,
            &DlWorkload {
                seq_len: None,
                decode_tokens: None,
                ..main.clone()
            },
            "bert_base",
        )
        .unwrap();
        assert_eq!(note, None);
        assert!(p.spec.seq_len.is_some());
        // Decoding in training is refused, as for one network.
        let e = prepare_network(
            lib,
            &DlWorkload {
                phase: Phase::Training,
                ..main
            },
            "llama2_7b",
        )
        .unwrap_err();
        assert!(e.to_string().contains("decoding is inference"), "{e}");
    }

    #[test]
    fn exports_read_back_and_tabulate() {
        let r = report(&format!("{QUERY}&nets=resnet18,bert_base"));
        let o = Outcome::Workloads(r.clone());
        assert_eq!(
            Outcome::from_json(Analysis::Workloads, &o.to_json()),
            Ok(o.clone())
        );
        let csv = o.to_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + 2 * 3);
        assert_eq!(lines[0], WORKLOADS_CSV_COLUMNS.join(","));
        assert!(lines[1].starts_with("resnet18,ResNet-18,"), "{}", lines[1]);
        let text = o.to_text();
        for part in [
            "Across networks",
            "Area (the same",
            "EDP (J·s)",
            "resnet18",
            "bert_base",
        ] {
            assert!(text.contains(part), "{part}: {text}");
        }
    }

    #[test]
    fn designs_once_and_runs_every_network_quickly() {
        // `cargo test --release -p nvmcalc workloads::tests::designs -- --nocapture` prints the time.
        let s = scenario(QUERY);
        let start = std::time::Instant::now();
        let techs = resolve_each(library(), &s, &[]).unwrap().technologies;
        let designed = start.elapsed();
        let r = across_networks(
            library(),
            s.network.as_ref().unwrap(),
            &[],
            &techs,
            &s.baseline,
            s.accounting(),
        )
        .unwrap();
        println!(
            "designing {} cells: {designed:?}; {} networks × {} cells: {:?}",
            techs.len(),
            r.networks.len(),
            techs.len(),
            start.elapsed() - designed
        );
        assert_eq!(r.networks.len(), library().networks.len());
    }
}
