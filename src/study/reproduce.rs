//! Reproductions of published studies: each headline number beside ours and the difference.
//!
//! **DeepNVM++** (Inci, Isgenc, Marculescu, "DeepNVM++: Cross-Layer Modeling and Optimization
//! Framework of Non-Volatile Memories for Deep Learning", IEEE TCAD 2022, arXiv 2012.04559). Its
//! headline numbers (abstract; `shared/reference/published.md`): iso-capacity EDP ↓ up to
//! 3.8× (STT-MRAM) / 4.7× (SOT-MRAM) and area ↓ 2.4× / 2.8×; iso-area capacity 2.3× / 3.3× and
//! EDP ↓ up to 2× / 2.3×; "orders of magnitude" EDP ↓ at large capacities.
//!
//! Our setup ([`DEEPNVM_SETUP`]): 16 nm SRAM / STT / SOT cell presets in a 3 MiB L2 (GTX 1080 Ti
//! class) built as **one monolithic cache**, as NVSim designs a cache and DeepNVM++ modelled the
//! L2 (one H-tree over the whole capacity; the set count, 1536, need not be a power of two);
//! iso-area capacity grows in 1 MiB steps (⅓×) and the scalability sweep designs one monolithic
//! cache per capacity; 16-way, 128 B lines read and written in 32 B sectors, HP periphery,
//! 350 K, organisations chosen for EDAP; the workloads are the six ImageNet CNNs of
//! the library (AlexNet, GoogLeNet, VGG-16, ResNet-18, ResNet-50, SqueezeNet), inference and
//! training, batch 32, FP32, on the GTX 1080 Ti preset; "up to" = the best of those twelve runs;
//! the delay in EDP is the summed L2 access time (DeepNVM's cache-level delay). "Orders of
//! magnitude" is read as at least 100× at the sweep's largest capacity (512 MiB).
//!
//! Every claim names its run ([`ClaimRun`]): the workload that gives the best number where the
//! paper says "up to", and the calculator view (a share link's query, made by the scenario's own
//! encoder and checked to read back) whose table shows the number — iso-capacity, iso-area, the
//! scalability sweep's 512 MiB row, or, for the area reductions, the across-networks view of the
//! six CNNs (its area table; areas do not depend on the workload).

use serde::{Deserialize, Serialize};

use crate::circuit::explore::Objective;
use crate::circuit::tech::Roadmap;
use crate::design::build::{cell_technology, CellTechError};
use crate::design::config::{CacheConfig, Layout, NodeChoice};
use crate::design::eval::Accounting;
use crate::format::{csv_quote, sig};
use crate::gpu::network::Phase;
use crate::gpu::workload::DlWorkload;
use crate::library::Library;
use crate::scenario::{Analysis, Scenario, ShareLinkError};
use crate::study::iso_area::{iso_area_fits, iso_area_study, IsoAreaError};
use crate::study::prepared::{AnalysisError, Prepared};
use crate::study::scaling::{scaling, scaling_designs, SweepCellError};

/// One headline number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// What is claimed.
    pub claim: String,
    /// The paper's number.
    pub paper: f64,
    /// Ours.
    pub ours: f64,
    /// (ours − paper) / paper, in %.
    pub diff_pct: f64,
    /// The tolerance: `within` ±tolerance_pct, or `at_least` paper·(1 − tolerance_pct/100).
    pub check: String,
    /// Tolerance (%).
    pub tolerance_pct: f64,
    /// Whether ours passes the check.
    pub pass: bool,
    /// The run ours comes from and the calculator view that shows it.
    pub run: ClaimRun,
}

/// Where a claim's number comes from: the run, and the calculator view whose table shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimRun {
    /// The workload in words ("ResNet-50, training, batch 32") where the claim is the best of
    /// the runs; `None` where the number does not depend on the workload (areas, capacities).
    pub workload: Option<String>,
    /// The calculator view that shows the number: a share link's query (`v=1&…`), for the page
    /// (`?` + it) or `nvmcalc compare --scenario`.
    pub link: String,
    /// The analysis of that view (its link word: `iso_capacity`, `iso_area`, `scaling`,
    /// `workloads`).
    pub analysis: String,
    /// The technology (cell preset id) whose row holds the number.
    pub technology: String,
    /// The report key of the number in that view (`edp_js_vs_baseline`, `edp_vs_baseline`,
    /// `capacity_vs_baseline`, `area_mm2_vs_baseline`).
    pub key: String,
    /// The capacity (KiB) of the row that holds it, in a view of several capacities (the
    /// scalability sweep); `None` otherwise.
    pub capacity_kib: Option<f64>,
    /// Whether ours is the inverse of the shown ratio (a reduction is 1 / (× baseline)).
    pub inverse: bool,
    /// Where to read it, in words.
    pub reading: String,
}

/// A reproduction: its setup and claims.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reproduction {
    /// The study.
    pub study: String,
    /// How we ran it.
    pub setup: String,
    /// The claims in the paper's order.
    pub claims: Vec<Claim>,
}

/// The tolerance the issue sets for each headline number (±10 %).
pub const TOLERANCE_PCT: f64 = 10.0;

/// DeepNVM++'s iso-capacity EDP reduction over SRAM, "up to" (STT-MRAM, SOT-MRAM): the abstract
/// of arXiv 2012.04559 / IEEE TCAD 2022 (shared/reference/published.md).
pub const PAPER_ISO_CAPACITY_EDP_GAIN: [f64; 2] = [3.8, 4.7];

/// The DeepNVM++ setup (see the module documentation).
pub struct DeepNvmSetup {
    /// SRAM, STT-MRAM and SOT-MRAM cell preset ids.
    pub cells: [&'static str; 3],
    /// Networks.
    pub networks: [&'static str; 6],
    /// GPU preset id.
    pub gpu: &'static str,
    /// Batch.
    pub batch: u64,
    /// Bytes per element.
    pub element_bytes: u32,
    /// Total L2 (bytes) and slices.
    pub capacity_bytes: u64,
    /// Slices of the baseline L2 (with a monolithic layout: the iso-area step is one slice).
    pub slices: u32,
    /// How the capacity is built: one monolithic cache, as NVSim designs one.
    pub layout: Layout,
    /// Node preset every cell is built at.
    pub node: &'static str,
    /// How energy and delay are counted.
    pub accounting: Accounting,
    /// What the organisation search minimises.
    pub objective: Objective,
    /// Periphery roadmap.
    pub roadmap: Roadmap,
    /// Temperature (K).
    pub temperature_k: u32,
}

/// The setup [`deepnvm`] runs.
pub const DEEPNVM_SETUP: DeepNvmSetup = DeepNvmSetup {
    cells: ["sram_16nm", "stt_16nm_deepnvm", "sot_16nm_deepnvm"],
    networks: [
        "alexnet",
        "googlenet",
        "vgg16",
        "resnet18",
        "resnet50",
        "squeezenet1_1",
    ],
    gpu: "gtx_1080_ti",
    batch: 32,
    element_bytes: 4,
    capacity_bytes: 3 << 20,
    slices: 3,
    layout: Layout::Monolithic,
    node: "nvsim_22nm",
    accounting: Accounting::CACHE_LEVEL,
    objective: Objective::Edap,
    roadmap: Roadmap::Hp,
    temperature_k: 350,
};

fn claim(claim: String, paper: f64, ours: f64, check: &'static str, run: ClaimRun) -> Claim {
    let diff_pct = (ours - paper) / paper * 100.0;
    let pass = match check {
        "at_least" => ours >= paper * (1.0 - TOLERANCE_PCT / 100.0),
        _ => diff_pct.abs() <= TOLERANCE_PCT,
    };
    Claim {
        claim,
        paper,
        ours,
        diff_pct,
        check: check.to_string(),
        tolerance_pct: TOLERANCE_PCT,
        pass,
        run,
    }
}

/// Runs the DeepNVM++ reproduction ([`DEEPNVM_SETUP`]) against the library's presets.
/// Why the reproduction cannot run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ReproduceError {
    /// A cell preset the setup names is not loaded.
    #[error("the DeepNVM++ reproduction needs the cell preset `{0}`")]
    MissingCell(String),
    /// A cell cannot be built into the setup's cache.
    #[error(transparent)]
    Cell(#[from] CellTechError),
    /// An analysis of the reproduction cannot run.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// A cell has no iso-area cache in the baseline's area.
    #[error("{id}: {error}")]
    NoIsoArea {
        /// The cell's id.
        id: String,
        /// Why.
        error: IsoAreaError,
    },
    /// A claim's calculator view has no share link (a bug: the setup is one a link holds).
    #[error("the {analysis} view of `{claim}` has no share link: {error}")]
    Link {
        /// The claim.
        claim: String,
        /// The analysis of the view.
        analysis: &'static str,
        /// Why.
        error: ShareLinkError,
    },
    /// A cell cannot be built at the capacity of the scalability claim.
    #[error("{id}: {error}")]
    NotSwept {
        /// The cell's id.
        id: String,
        /// Why (boxed: a cell error is large, and this is the rare path).
        error: Box<SweepCellError>,
    },
}

pub fn deepnvm(library: &Library) -> Result<Reproduction, ReproduceError> {
    deepnvm_with(library, &DEEPNVM_SETUP)
}

/// Runs the DeepNVM++ reproduction in the setup `s` (for studies of how the setup matters).
pub fn deepnvm_with(library: &Library, s: &DeepNvmSetup) -> Result<Reproduction, ReproduceError> {
    let cells = s
        .cells
        .iter()
        .map(|id| {
            library
                .cell(id)
                .ok_or_else(|| ReproduceError::MissingCell(id.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let config = CacheConfig {
        capacity_bytes: s.capacity_bytes,
        slices: s.slices,
        layout: s.layout,
        node: NodeChoice::Preset(s.node.to_string()),
        objective: s.objective,
        roadmap: s.roadmap,
        temperature_k: s.temperature_k,
        ..CacheConfig::default()
    };
    let delay = s.accounting;
    let nodes = &library.nodes;
    let techs = cells
        .iter()
        .map(|c| cell_technology(c, &config, nodes))
        .collect::<Result<Vec<_>, _>>()?;
    let labels = ["SRAM", "STT-MRAM", "SOT-MRAM"];
    let baseline = cells[0].id.as_str();
    // The caches do not depend on the workload: designed once, run by every workload.
    let fits = iso_area_fits(&cells, baseline, &config, nodes)?;
    // Every cell's iso-area row is read by position below: each must have one.
    if let Some(f) = fits.failed.first() {
        return Err(ReproduceError::NoIsoArea {
            id: f.id.clone(),
            error: f.error.clone(),
        });
    }
    let largest = 512u64 << 20;
    let designs = scaling_designs(&cells, &config, &[largest], nodes)?;
    // Read by position below too: every cell must be built at the largest capacity.
    if let Some(f) = designs.failed.first() {
        return Err(ReproduceError::NotSwept {
            id: f.id.clone(),
            error: Box::new(f.error.clone()),
        });
    }

    // Per cell, the best of the runs (gain, index into `runs`): iso-capacity EDP gain, iso-area
    // EDP gain, EDP gain at the largest capacity. The first run wins a tie.
    let mut runs: Vec<DlWorkload> = Vec::with_capacity(s.networks.len() * 2);
    let mut iso_cap_gain = [(0.0f64, 0usize); 3];
    let mut iso_area_gain = [(0.0f64, 0usize); 3];
    let mut scale_gain = [(0.0f64, 0usize); 3];
    let better = |best: &mut (f64, usize), gain: f64, run: usize| {
        if gain > best.0 {
            *best = (gain, run);
        }
    };
    for net in s.networks {
        for phase in [Phase::Inference, Phase::Training] {
            let spec = DlWorkload {
                network: net.to_string(),
                phase,
                batch: s.batch,
                seq_len: None,
                decode_tokens: None,
                element_bytes: s.element_bytes,
                gpu: s.gpu.to_string(),
                measured: None,
            };
            let p = Prepared::new(library, &spec)?;
            let traffic = p.traffic(s.capacity_bytes);
            let evaluated: Vec<_> = techs
                .iter()
                .map(|t| p.evaluate(t, &traffic, delay))
                .collect();
            let base = evaluated[0].evaluation.edp.js();
            let area = iso_area_study(&p, &fits, delay);
            let sweep = scaling(&p, &designs, baseline, delay)?;
            let run = runs.len();
            for i in 1..3 {
                better(
                    &mut iso_cap_gain[i],
                    base / evaluated[i].evaluation.edp.js(),
                    run,
                );
                if let Some(r) = area.rows[i].edp_vs_baseline {
                    better(&mut iso_area_gain[i], 1.0 / r, run);
                }
                if let Some(r) = sweep.points[0].rows[i].edp_vs_baseline {
                    better(&mut scale_gain[i], 1.0 / r, run);
                }
            }
            runs.push(spec);
        }
    }
    let views = Views {
        library,
        setup: s,
        config: &config,
        runs: &runs,
    };
    let area_gain = |i: usize| techs[0].metrics.area.m2() / techs[i].metrics.area.m2();
    let mut claims = Vec::new();
    for (i, paper) in [
        (1, PAPER_ISO_CAPACITY_EDP_GAIN[0]),
        (2, PAPER_ISO_CAPACITY_EDP_GAIN[1]),
    ] {
        let text = format!("iso-capacity EDP reduction, {} (best workload)", labels[i]);
        let (gain, run) = iso_cap_gain[i];
        let shown = Shown {
            analysis: Analysis::IsoCapacity,
            technology: s.cells[i],
            key: "edp_js_vs_baseline",
            capacity_bytes: None,
            inverse: true,
            reading: format!(
                "1 / the iso-capacity table's EDP × baseline of {}",
                labels[i]
            ),
        };
        let run = views.run(&text, run, true, shown)?;
        claims.push(claim(text, paper, gain, "within", run));
    }
    for (i, paper) in [(1, 2.4), (2, 2.8)] {
        let text = format!("iso-capacity area reduction, {}", labels[i]);
        let shown = Shown {
            analysis: Analysis::Workloads,
            technology: s.cells[i],
            key: "area_mm2_vs_baseline",
            capacity_bytes: None,
            inverse: true,
            reading: format!(
                "1 / the area × baseline of {} in the across-networks view of the {} networks \
                 (the area table: a cache's area is the same on every network)",
                labels[i],
                s.networks.len()
            ),
        };
        let run = views.run(&text, iso_cap_gain[i].1, false, shown)?;
        claims.push(claim(text, paper, area_gain(i), "within", run));
    }
    for (i, paper) in [(1, 2.3), (2, 3.3)] {
        let text = format!("iso-area capacity, {} vs 3 MiB SRAM", labels[i]);
        let shown = Shown {
            analysis: Analysis::IsoArea,
            technology: s.cells[i],
            key: "capacity_vs_baseline",
            capacity_bytes: None,
            inverse: false,
            reading: format!(
                "the iso-area table's capacity × baseline of {} (the same on every workload)",
                labels[i]
            ),
        };
        let run = views.run(&text, iso_area_gain[i].1, false, shown)?;
        claims.push(claim(
            text,
            paper,
            fits.fits[i].capacity_ratio,
            "within",
            run,
        ));
    }
    for (i, paper) in [(1, 2.0), (2, 2.3)] {
        let text = format!("iso-area EDP reduction, {} (best workload)", labels[i]);
        let (gain, run) = iso_area_gain[i];
        let shown = Shown {
            analysis: Analysis::IsoArea,
            technology: s.cells[i],
            key: "edp_vs_baseline",
            capacity_bytes: None,
            inverse: true,
            reading: format!("1 / the iso-area table's EDP × baseline of {}", labels[i]),
        };
        let run = views.run(&text, run, true, shown)?;
        claims.push(claim(text, paper, gain, "within", run));
    }
    for i in 1..3 {
        let text = format!(
            "EDP reduction at 512 MiB, {} (best workload; paper: \"orders of magnitude\", read as ≥ 100×)",
            labels[i]
        );
        let (gain, run) = scale_gain[i];
        let shown = Shown {
            analysis: Analysis::Scaling,
            technology: s.cells[i],
            key: "edp_vs_baseline",
            capacity_bytes: Some(largest),
            inverse: true,
            reading: format!(
                "1 / the scalability table's EDP × baseline of {} in its 512 MiB row",
                labels[i]
            ),
        };
        let run = views.run(&text, run, true, shown)?;
        claims.push(claim(text, 100.0, gain, "at_least", run));
    }
    Ok(Reproduction {
        study: "DeepNVM++ (Inci, Isgenc, Marculescu, IEEE TCAD 2022, arXiv 2012.04559)".into(),
        setup: format!(
            "Cells {}, L2: {} (node {}, {}, {} K, {}); iso-area in steps of {} MiB; \
             networks {} — inference and training, batch {}, {}-byte elements, on {}; {}; \
             \"up to\" = best of the {} runs; scalability at 512 MiB, {}. Paper \
             numbers: the abstract (shared/reference/published.md).",
            s.cells.join(", "),
            config.describe(),
            s.node,
            s.roadmap.word().to_uppercase(),
            s.temperature_k,
            s.objective.word().to_uppercase(),
            crate::design::config::mib_text(s.capacity_bytes / u64::from(s.slices)),
            s.networks.join(", "),
            s.batch,
            s.element_bytes,
            s.gpu,
            s.accounting.describe(),
            s.networks.len() * 2,
            match s.layout {
                Layout::Monolithic => "one monolithic cache",
                Layout::Sliced => "in slices of the baseline's size",
            }
        ),
        claims,
    })
}

/// Where a claim's number stands in its calculator view.
struct Shown {
    analysis: Analysis,
    technology: &'static str,
    key: &'static str,
    capacity_bytes: Option<u64>,
    inverse: bool,
    reading: String,
}

/// What every claim's calculator view shares: the setup's cells, cache, accounting and runs.
struct Views<'a> {
    library: &'a Library,
    setup: &'a DeepNvmSetup,
    config: &'a CacheConfig,
    runs: &'a [DlWorkload],
}

impl Views<'_> {
    /// The run `run` of the setup as a calculator view of `shown.analysis`: the setup's cells
    /// (SRAM the baseline), cache and accounting, the run's network, phase, batch, element size
    /// and GPU; across networks, the setup's networks. `best`: the claim is the best of the runs,
    /// so it names the workload.
    fn run(
        &self,
        claim: &str,
        run: usize,
        best: bool,
        shown: Shown,
    ) -> Result<ClaimRun, ReproduceError> {
        let s = self.setup;
        let spec = &self.runs[run];
        let mut view = Scenario::default_for(self.library);
        view.technologies = s.cells.iter().map(|c| c.to_string()).collect();
        view.baseline = s.cells[0].to_string();
        view.delay = s.accounting.delay;
        view.energy = s.accounting.energy;
        view.leakage = s.accounting.leakage;
        view.cache = self.config.clone();
        view.network = Some(spec.clone());
        view.analysis = shown.analysis;
        if shown.analysis == Analysis::Workloads {
            view.networks = s.networks.iter().map(|n| n.to_string()).collect();
        }
        let link = view
            .share_query(self.library)
            .map_err(|error| ReproduceError::Link {
                claim: claim.to_string(),
                analysis: shown.analysis.label(),
                error,
            })?;
        let workload = best.then(|| {
            let name = self
                .library
                .network(&spec.network)
                .map_or(spec.network.as_str(), |n| n.name.as_str());
            format!("{name}, {}, batch {}", spec.phase.word(), spec.batch)
        });
        Ok(ClaimRun {
            workload,
            link,
            analysis: shown.analysis.word().to_string(),
            technology: shown.technology.to_string(),
            key: shown.key.to_string(),
            capacity_kib: shown.capacity_bytes.map(|b| b as f64 / 1024.0),
            inverse: shown.inverse,
            reading: shown.reading,
        })
    }
}

impl Reproduction {
    /// The whole reproduction (study, setup and claims) as compact JSON, read back by
    /// [`Reproduction::from_full_json`] (bit-identical with the `exact_json` feature). The page's
    /// worker hands the page this same serde data model, as JS values.
    pub fn to_full_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads back [`Reproduction::to_full_json`].
    pub fn from_full_json(json: &str) -> Result<Reproduction, String> {
        serde_json::from_str(json).map_err(|e| format!("the reproduction does not read back: {e}"))
    }

    /// JSON: the list of claims.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.claims).unwrap_or_default()
    }

    /// CSV, one row per claim: the numbers, then the run and the calculator view that shows it.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "claim,paper,ours,diff_pct,check,tolerance_pct,pass,workload,analysis,technology,key,\
             capacity_kib,inverse,link\n",
        );
        for c in &self.claims {
            let r = &c.run;
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                csv_quote(&c.claim),
                c.paper,
                c.ours,
                c.diff_pct,
                c.check.as_str(),
                c.tolerance_pct,
                c.pass,
                csv_quote(r.workload.as_deref().unwrap_or("")),
                r.analysis,
                csv_quote(&r.technology),
                r.key,
                r.capacity_kib.map(|k| k.to_string()).unwrap_or_default(),
                r.inverse,
                csv_quote(&r.link),
            ));
        }
        out
    }

    /// A text table.
    pub fn to_text(&self) -> String {
        let w = self
            .claims
            .iter()
            .map(|c| c.claim.chars().count())
            .max()
            .unwrap_or(5);
        let mut out = format!("{}\n{}\n\n", self.study, self.setup);
        out.push_str(&format!(
            "{:<w$}  {:>7}  {:>7}  {:>8}  check\n",
            "claim", "paper", "ours", "diff %"
        ));
        for c in &self.claims {
            out.push_str(&format!(
                "{:<w$}  {:>7}  {:>7}  {:>+8.1}  {}\n",
                c.claim,
                format!("{}×", sig(c.paper)),
                format!("{}×", sig(c.ours)),
                c.diff_pct,
                match (c.check.as_str(), c.pass) {
                    ("at_least", true) => "ok (at least)".to_string(),
                    ("at_least", false) => "MISSED (at least)".to_string(),
                    (_, true) => format!("ok (±{} %)", c.tolerance_pct),
                    (_, false) => format!("MISSED (±{} %)", c.tolerance_pct),
                }
            ));
        }
        let passed = self.claims.iter().filter(|c| c.pass).count();
        out.push_str(&format!(
            "\n{passed} of {} headline numbers within tolerance.\n",
            self.claims.len()
        ));
        out.push_str(
            "\nWhere each number comes from: its run and the calculator view that shows it (open \
             `?` + the link in the page, or run `nvmcalc compare --scenario '<link>'`):\n",
        );
        for c in &self.claims {
            let r = &c.run;
            let workload = match &r.workload {
                Some(w) => format!("best: {w}; "),
                None => String::new(),
            };
            out.push_str(&format!(
                "- {}: {workload}ours = {}\n    {}\n",
                c.claim, r.reading, r.link
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exports carry each claim's run: the CSV reads back field for field (a link holds
    /// commas and is quoted), the text lists every link, the worker's JSON reads back whole.
    #[test]
    fn the_exports_carry_each_claims_run() {
        let lib = crate::shipped_library();
        let r = deepnvm(&lib).expect("the reproduction runs");
        let csv = r.to_csv();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = reader.headers().expect("a header").clone();
        let column = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no `{name}` column in {header:?}"))
        };
        let (workload, link, inverse) = (column("workload"), column("link"), column("inverse"));
        let records: Vec<csv::StringRecord> = reader.records().map(|x| x.expect("a row")).collect();
        assert_eq!(records.len(), r.claims.len());
        let text = r.to_text();
        for (row, c) in records.iter().zip(&r.claims) {
            assert_eq!(row.len(), header.len(), "{}", c.claim);
            assert_eq!(&row[link], c.run.link.as_str());
            assert_eq!(&row[workload], c.run.workload.as_deref().unwrap_or(""));
            assert_eq!(&row[inverse], c.run.inverse.to_string());
            assert!(
                text.contains(&format!("\n    {}\n", c.run.link)),
                "{}",
                c.claim
            );
            if let Some(w) = &c.run.workload {
                assert!(text.contains(&format!("best: {w}; ")), "{}", c.claim);
            }
        }
        let back = Reproduction::from_full_json(&r.to_full_json()).expect("reads back");
        assert_eq!(back, r);
    }
}
