//! The deep-learning analyses: a network run on a GPU whose L2 is built from each technology —
//! **iso-capacity** (every L2 the same size), **iso-area** (each cell's largest L2 in the
//! baseline's area, in slice-sized steps) and **scalability** (a sweep of L2 capacities).
//!
//! Each technology's L2 sees the traffic of its own capacity ([`crate::gpu::traffic::run`]): a larger
//! L2 keeps more reuse on chip, so it reads less from DRAM and the run may be shorter. Each
//! technology's run also carries its own write stalls ([`crate::gpu::traffic::Traffic::time_on`]): an
//! array whose writes take longer than its reads slows write-heavy kernels when the L2 bound sets
//! their time. Energy is then L2 dynamic + L2 leakage over the run + DRAM ([`crate::design::eval`]).

use serde::Serialize;
use thiserror::Error;

use crate::circuit::cell::CellSpec;
use crate::design::eval::{evaluate, Accounting, Evaluation};
use crate::design::technology::Technology;
use crate::gpu::chip::Gpu;
use crate::gpu::kernel::Kernel;
use crate::gpu::measured::Anchor;
use crate::gpu::network::{Network, NetworkError, WorkloadShape};
use crate::gpu::traffic;
use crate::gpu::traffic::{ArrayTime, L2Array, Traffic};
use crate::gpu::workload::{DlWorkload, Workload};
use crate::library::Library;
use crate::study::comparison::{ComparisonError, RowTraffic};
use crate::units::Time;

/// Why an analysis cannot run.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum AnalysisError {
    /// Unknown network id.
    #[error("network `{id}` is not a loaded preset; accepted: {accepted}")]
    UnknownNetwork { id: String, accepted: String },
    /// Unknown GPU id.
    #[error("GPU `{id}` is not a loaded preset; accepted: {accepted}")]
    UnknownGpu { id: String, accepted: String },
    /// The network cannot be lowered for this shape.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The comparison itself failed (unknown technology, baseline not compared…).
    #[error(transparent)]
    Comparison(#[from] ComparisonError),
    /// Iso-area and scalability design caches of new sizes, so they need cells, not
    /// cache-characterisation presets (whose numbers hold for one capacity only).
    #[error(
        "`{id}` is a cache-characterisation preset (numbers for one capacity); {analysis} designs \
         caches of other sizes and needs cell presets; accepted: {accepted}"
    )]
    NotACell {
        id: String,
        analysis: &'static str,
        accepted: String,
    },
    /// A cell could not be built or fitted.
    #[error("technology `{id}`: {reason}")]
    Cell { id: String, reason: String },
    /// A capacity of the sweep is not accepted.
    #[error("capacity {capacity_bytes} B: {reason}")]
    Capacity { capacity_bytes: u64, reason: String },
    /// Unknown measured workload id.
    #[error("measured workload `{id}` is not a loaded preset; accepted: {accepted}")]
    UnknownMeasured { id: String, accepted: String },
    /// The workload asked for is not the one that was measured.
    #[error(
        "measured workload `{id}` ran {measured}; the workload asked for is {asked}: choose the \
         network workload itself to change its settings"
    )]
    MeasuredMismatch {
        id: String,
        measured: String,
        asked: String,
    },
}

/// A network lowered once for a GPU, ready to be run at any L2 capacity.
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    /// What was asked.
    pub spec: DlWorkload,
    /// The network.
    pub network: &'a Network,
    /// The GPU.
    pub gpu: &'a Gpu,
    kernels: Vec<Kernel>,
    /// The measurement the run stands on, when the workload is a measured one.
    pub anchor: Option<Anchor>,
    /// The measured preset's source.
    measured_source: Option<String>,
}

/// One technology's run: its traffic, time and evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DlEvaluation {
    /// The workload as this technology's L2 sees it (its capacity's traffic, its own time).
    pub workload: Workload,
    /// Energy, delay, EDP, EDAP.
    pub evaluation: Evaluation,
    /// The stall model's verdict.
    pub array_time: ArrayTime,
    /// Traffic detail for tables.
    pub traffic: RowTraffic,
}

impl<'a> Prepared<'a> {
    /// Lowers `network` for `shape` on `gpu`.
    pub fn from_parts(
        network: &'a Network,
        gpu: &'a Gpu,
        shape: &WorkloadShape,
    ) -> Result<Prepared<'a>, NetworkError> {
        Ok(Prepared {
            spec: DlWorkload {
                network: network.id.clone(),
                phase: shape.phase,
                batch: shape.batch,
                seq_len: shape.seq_len,
                decode_tokens: shape.decode_tokens,
                element_bytes: shape.element_bytes,
                gpu: gpu.id.clone(),
                measured: None,
            },
            network,
            gpu,
            kernels: network.kernels(shape)?,
            anchor: None,
            measured_source: None,
        })
    }

    /// Stands this run on measured workload `id`, which must have been measured with this
    /// network, shape and GPU.
    pub fn on_measured(mut self, library: &Library, id: &str) -> Result<Self, AnalysisError> {
        let m = library
            .measured(id)
            .ok_or_else(|| AnalysisError::UnknownMeasured {
                id: id.to_string(),
                accepted: ids(library.measured.iter().map(|m| m.id.as_str())),
            })?;
        let s = &self.spec;
        let said = |net: &str, phase: &str, batch: u64, seq: Option<u64>, e: u32, gpu: &str| {
            format!(
                "{net} {phase}, batch {batch}{}, {e}-byte elements, on {gpu}",
                seq.map(|v| format!(", sequence {v}")).unwrap_or_default()
            )
        };
        let measured = said(
            &m.network,
            m.phase.word(),
            m.batch,
            m.seq_len,
            m.element_bytes,
            &m.gpu,
        );
        let asked = said(
            &s.network,
            s.phase.word(),
            s.batch,
            s.seq_len,
            s.element_bytes,
            &s.gpu,
        );
        if measured != asked || s.decode_tokens.is_some() {
            return Err(AnalysisError::MeasuredMismatch {
                id: id.to_string(),
                measured,
                asked,
            });
        }
        let own = self.model_traffic(self.gpu.l2_bytes);
        self.anchor = Some(Anchor::new(m, &own));
        self.measured_source = Some(format!("{} Software: {}.", m.source, m.software));
        self.spec.measured = Some(id.to_string());
        Ok(self)
    }

    /// Looks the network and GPU up and lowers the network (standing it on the measured
    /// workload `spec.measured` names, if any).
    pub fn new(library: &'a Library, spec: &DlWorkload) -> Result<Prepared<'a>, AnalysisError> {
        let network =
            library
                .network(&spec.network)
                .ok_or_else(|| AnalysisError::UnknownNetwork {
                    id: spec.network.clone(),
                    accepted: ids(library.networks.iter().map(|n| n.id.as_str())),
                })?;
        let gpu = library
            .gpu(&spec.gpu)
            .ok_or_else(|| AnalysisError::UnknownGpu {
                id: spec.gpu.clone(),
                accepted: ids(library.gpus.iter().map(|g| g.id.as_str())),
            })?;
        let p = Prepared::from_parts(network, gpu, &spec.shape())?;
        match &spec.measured {
            Some(id) => p.on_measured(library, id),
            None => Ok(p),
        }
    }

    /// The run's traffic with an L2 of `l2_bytes`: the model's, or on a measured workload the
    /// measurement carried to this capacity ([`Anchor::apply`]).
    pub fn traffic(&self, l2_bytes: u64) -> Traffic {
        let model = self.model_traffic(l2_bytes);
        match &self.anchor {
            Some(a) => a.apply(&model),
            None => model,
        }
    }

    /// The model's traffic with an L2 of `l2_bytes`: the GPU's GEMM tile and the host dispatch
    /// time of the network's framework.
    pub fn model_traffic(&self, l2_bytes: u64) -> Traffic {
        traffic::run_with(&self.kernels, self.gpu, l2_bytes, &self.assumptions())
    }

    /// The traffic model's assumptions for this network on this GPU.
    pub fn assumptions(&self) -> traffic::Assumptions {
        traffic::Assumptions {
            tile: u64::from(self.gpu.gemm_tile),
            host_per_kernel_s: self.network.framework.host_per_kernel_s(),
            ..traffic::Assumptions::default()
        }
    }

    /// Evaluates `technology` as the L2 that produced `traffic` (normally `traffic` is that of
    /// the technology's capacity).
    pub fn evaluate(
        &self,
        technology: &Technology,
        traffic: &Traffic,
        accounting: impl Into<Accounting>,
    ) -> DlEvaluation {
        let accounting: Accounting = accounting.into();
        let m = &technology.metrics;
        let array = L2Array {
            read_latency: m.read_latency,
            write_latency: m.write_latency,
        };
        let array_time = match &self.anchor {
            // The model's time on this array, moved by the measured ÷ model time factor.
            Some(a) => a.time_on(
                self.model_traffic(traffic.l2_bytes)
                    .time_on(self.gpu, &array),
            ),
            None => traffic.time_on(self.gpu, &array),
        };
        let mut workload = traffic.to_workload(&self.id(), &self.name(), &self.source());
        if let Some(a) = &self.anchor {
            workload.derivation = format!(
                "{} The model underneath: {}",
                a.describe(Some(traffic.l2_bytes)),
                workload.derivation
            );
        }
        workload.execution_time = array_time.time;
        if array_time.write_stall.s() > 0.0 {
            workload.derivation.push_str(&format!(
                " On this array ({}): writes take {:.2} port cycles of {} banks per slice, adding \
                 {} of write stall ({} kernels L2-bound).",
                technology.id,
                array_time.write_slowdown,
                array_time.banks_per_slice,
                time_text(array_time.write_stall),
                array_time.l2_bound_kernels
            ));
        }
        let evaluation = evaluate(technology, &workload, accounting);
        DlEvaluation {
            traffic: RowTraffic {
                l2_bytes: traffic.l2_bytes,
                l2_read_sectors: traffic.l2_read_sectors as f64,
                l2_write_sectors: traffic.l2_write_sectors as f64,
                dram_read_bytes: traffic.dram_read_bytes,
                dram_write_bytes: traffic.dram_write_bytes,
                write_stall: array_time.write_stall,
                write_slowdown: array_time.write_slowdown,
            },
            workload,
            evaluation,
            array_time,
        }
    }

    /// Evaluates `technology` on the traffic of its own capacity.
    pub fn evaluate_at_own_capacity(
        &self,
        technology: &Technology,
        accounting: impl Into<Accounting>,
    ) -> DlEvaluation {
        let accounting: Accounting = accounting.into();
        let traffic = self.traffic(technology.capacity.bytes() as u64);
        self.evaluate(technology, &traffic, accounting)
    }

    /// The device memory the step's tensors need at the least
    /// ([`crate::gpu::residency::footprint_bytes`]).
    pub fn footprint_bytes(&self) -> u64 {
        crate::gpu::residency::footprint_bytes(self.kernels.iter().map(|k| k.tensors.as_slice()))
    }

    /// What the reader of this run's numbers must know: a network that does not fit in the
    /// GPU's memory.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let need_gib = self.footprint_bytes() as f64 / (1u64 << 30) as f64;
        if need_gib > self.gpu.memory_gib {
            out.push(format!(
                "{} {} at batch {} needs at least {} GiB for its weights, gradients, optimiser \
                 state and live activations, more than the {} GiB of the {}: it would not run as \
                 modelled (a framework would fail, or recompute or offload). The numbers are \
                 those of the step as if it fitted.",
                self.network.name,
                self.spec.phase.word(),
                self.spec.batch,
                crate::format::sig(need_gib),
                crate::format::sig(self.gpu.memory_gib),
                self.gpu.name
            ));
        }
        out
    }

    /// Workload id (`resnet50_training_b32_gtx_1080_ti`; a measured workload's own id).
    pub fn id(&self) -> String {
        if let Some(id) = &self.spec.measured {
            return id.clone();
        }
        format!(
            "{}_{}_b{}_{}",
            self.network.id,
            self.spec.phase.word(),
            self.spec.batch,
            self.gpu.id
        )
    }

    /// Workload name for people.
    pub fn name(&self) -> String {
        let s = &self.spec;
        let seq = s
            .seq_len
            .map(|v| format!(", sequence {v}"))
            .unwrap_or_default();
        let decode = s
            .decode_tokens
            .map(|d| format!(", {d} decode steps"))
            .unwrap_or_default();
        format!(
            "{} {}, batch {}{seq}{decode}, {}-byte elements, on {}{}",
            self.network.name,
            s.phase.word(),
            s.batch,
            s.element_bytes,
            self.gpu.name,
            if self.anchor.is_some() {
                " (measured)"
            } else {
                ""
            }
        )
    }

    /// Where the network's and the GPU's numbers come from (and the measurement's).
    pub fn source(&self) -> String {
        if let Some(m) = &self.measured_source {
            return format!(
                "{m} Network: {}. GPU: {}",
                self.network.source.trim_end_matches('.'),
                self.gpu.source
            );
        }
        format!(
            "Network: {}. GPU: {}",
            self.network.source.trim_end_matches('.'),
            self.gpu.source
        )
    }
}

/// Resolves cell ids for iso-area and scalability: each must be a cell preset (or a custom cell).
pub fn cells_for<'l>(
    library: &'l Library,
    custom: &'l [CellSpec],
    ids_wanted: &[String],
    analysis: &'static str,
) -> Result<Vec<&'l CellSpec>, AnalysisError> {
    ids_wanted
        .iter()
        .map(|id| {
            library
                .cell(id)
                .or_else(|| custom.iter().find(|c| &c.id == id))
                .ok_or_else(|| AnalysisError::NotACell {
                    id: id.clone(),
                    analysis,
                    accepted: ids(library.cells.iter().map(|c| c.id.as_str())),
                })
        })
        .collect()
}

pub(crate) fn ids<'x>(it: impl Iterator<Item = &'x str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

pub(crate) fn time_text(t: Time) -> String {
    if t.s() >= 1e-3 {
        format!("{:.3} ms", t.ms())
    } else {
        format!("{:.3} µs", t.us())
    }
}

#[cfg(test)]
mod network_workload_tests {
    use super::*;
    use crate::gpu::chip::Gpu;
    use crate::gpu::network::{Network, NetworkError, WorkloadShape};
    use crate::gpu::workload::Workload;

    /// The workload of `network` run as `shape` on `gpu` with an L2 of `l2_bytes` (which need not be
    /// the GPU's own: an NVM L2 of another capacity is evaluated on the same GPU). Its id, name and
    /// source are those of [`Prepared`], which the analyses use.
    pub fn network_workload(
        network: &Network,
        shape: &WorkloadShape,
        gpu: &Gpu,
        l2_bytes: u64,
    ) -> Result<Workload, NetworkError> {
        let p = Prepared::from_parts(network, gpu, shape)?;
        Ok(p.traffic(l2_bytes)
            .to_workload(&p.id(), &p.name(), &p.source()))
    }

    use crate::gpu::network::Phase;
    use crate::shipped_library as library;

    fn shape(phase: Phase, batch: u64) -> WorkloadShape {
        WorkloadShape {
            phase,
            batch,
            seq_len: None,
            decode_tokens: None,
            element_bytes: 2,
        }
    }

    #[test]
    fn training_moves_more_than_inference_and_dram_energy_falls_with_capacity() {
        let lib = library();
        let gpu = lib.gpu("tesla_v100").expect("gpu");
        for id in ["resnet18", "mobilenet_v2", "bert_base"] {
            let net = lib.network(id).expect("network");
            let mut last_dram = f64::INFINITY;
            for mb in [1u64, 4, 16, 64, 256] {
                let inf = network_workload(net, &shape(Phase::Inference, 8), gpu, mb << 20)
                    .expect("inference");
                let tr = network_workload(net, &shape(Phase::Training, 8), gpu, mb << 20)
                    .expect("training");
                assert!(
                    tr.reads > inf.reads && tr.writes > inf.writes,
                    "{id} {mb} MB"
                );
                assert!(tr.execution_time > inf.execution_time, "{id} {mb} MB");
                let dram = tr.dram_energy.j();
                assert!(
                    dram.is_finite() && dram > 0.0 && dram <= last_dram,
                    "{id} {mb} MB"
                );
                last_dram = dram;
            }
        }
    }

    #[test]
    fn names_say_what_was_run() {
        let lib = library();
        let w = network_workload(
            lib.network("resnet50").expect("network"),
            &shape(Phase::Training, 32),
            lib.gpu("gtx_1080_ti").expect("gpu"),
            2816 << 10,
        )
        .expect("workload");
        assert_eq!(w.id, "resnet50_training_b32_gtx_1080_ti");
        assert!(
            w.name.contains("batch 32") && w.name.contains("training"),
            "{}",
            w.name
        );
        assert!(w.derivation.contains("2816 KiB"), "{}", w.derivation);
        assert_eq!(w.access_bytes, 32);
    }
}
