//! A workload from a network: the network's kernels for one [`WorkloadShape`] run through the
//! traffic model on a GPU with an L2 of a given capacity, as the [`Workload`] record the
//! evaluation consumes (L2 sectors read and written, execution time, DRAM energy).

use crate::analysis::Prepared;
use crate::gpu::Gpu;
use crate::network::{Network, NetworkError, WorkloadShape};
use crate::workload::Workload;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Phase;
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
