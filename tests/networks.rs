//! Every shipped network against its published parameter count and forward multiply-adds (batch 1,
//! 224×224 for image networks; BERT at 128 tokens, GPT-2 at 1024, ViT 197 tokens from the image,
//! Llama-2 at 4096), training ≈ 3 × forward, and compulsory bytes ≥ parameter bytes.
//!
//! Forward FLOPs here are the GEMM FLOPs (2 × multiply-adds of convolutions, linear layers and
//! attention), the quantity papers publish; stream kernels (norms, activations) are left out.

mod common;

use nvmcalc::gpu::kernel::{Kernel, KernelShape, Pass};
use nvmcalc::gpu::network::{Network, WorkloadShape};

/// `(id, sequence length, published parameters, tolerance, published forward multiply-adds or 0
/// when none is asserted, tolerance, where the figures come from)`.
type Row = (&'static str, Option<u64>, f64, f64, f64, f64, &'static str);

const PUBLISHED: [Row; 11] = [
    ("alexnet", None, 61.1e6, 0.01, 0.714e9, 0.03, "torchvision alexnet model card: 61.1 M params, 0.71 GFLOPS (multiply-adds)"),
    ("vgg16", None, 138.36e6, 0.01, 15.47e9, 0.02, "arXiv 1409.1556 Table 2: 138 M; torchvision vgg16: 15.47 G multiply-adds"),
    ("googlenet", None, 6.8e6, 0.05, 1.5e9, 0.10, "arXiv 1409.4842 Table 1: 6.8 M params, 1.5 G multiply-adds"),
    ("resnet18", None, 11.69e6, 0.01, 1.81e9, 0.03, "arXiv 1512.03385 Table 1: 1.8 G; torchvision resnet18: 11.69 M, 1.81 G"),
    ("resnet50", None, 25.56e6, 0.01, 4.09e9, 0.03, "torchvision resnet50 (v1.5): 25.56 M params, 4.09 G multiply-adds"),
    ("squeezenet1_1", None, 1.235e6, 0.01, 0.35e9, 0.05, "torchvision squeezenet1_1: 1.24 M params, 0.35 G multiply-adds"),
    ("mobilenet_v2", None, 3.505e6, 0.01, 0.30e9, 0.05, "arXiv 1801.04381 Table 4: 300 M multiply-adds; torchvision: 3.50 M params"),
    ("bert_base", Some(128), 110e6, 0.01, 0.0, 0.0, "arXiv 1810.04805 §3: 110 M (bert-base-uncased: 109.48 M)"),
    ("gpt2_small", Some(1024), 124.44e6, 0.01, 0.0, 0.0, "gpt2 model card: 124 M (124,439,808)"),
    ("vit_b16", None, 86.57e6, 0.01, 17.6e9, 0.03, "arXiv 2010.11929 Table 1: 86 M; DeiT arXiv 2012.12877 Table 1: 17.6 G FLOPs (multiply-adds)"),
    ("llama2_7b", Some(4096), 6.738e9, 0.01, 0.0, 0.0, "arXiv 2307.09288 / Llama-2-7b-hf: 6.74 B (6,738,415,616)"),
];

/// The FLOPs of the matrix products: GEMMs and the two (forward) or five (backward) products
/// inside a fused attention kernel. Element-wise work is left out, as published MAC counts do.
fn gemm_flops(kernels: &[Kernel], pass: Option<Pass>) -> u64 {
    kernels
        .iter()
        .filter(|k| pass.is_none_or(|p| k.pass == p))
        .filter(|k| {
            matches!(
                k.shape,
                KernelShape::Gemm { .. } | KernelShape::Attention { .. }
            )
        })
        .map(|k| k.shape.flops())
        .sum()
}

fn shape(net: &Network, seq: Option<u64>, training: bool) -> WorkloadShape {
    let w = if training {
        WorkloadShape::training(1, 2)
    } else {
        WorkloadShape::inference(1, 2)
    };
    match seq {
        Some(s) => w.with_seq_len(s),
        None => {
            let _ = net;
            w
        }
    }
}

#[test]
fn parameters_and_forward_flops_match_the_published_figures() {
    let lib = common::shipped_library();
    assert_eq!(lib.networks.len(), PUBLISHED.len());
    let mut table =
        String::from("network | params ours | published | err | fwd MACs ours | published | err\n");
    let mut failures = Vec::new();
    for (id, seq, params, p_tol, macs, m_tol, source) in PUBLISHED {
        let net = lib.network(id).unwrap_or_else(|| panic!("{id} is shipped"));
        let p = net.parameters().unwrap() as f64;
        let k = net.kernels(&shape(net, seq, false)).unwrap();
        let ours_macs = gemm_flops(&k, None) as f64 / 2.0;
        let p_err = p / params - 1.0;
        let m_err = if macs > 0.0 {
            ours_macs / macs - 1.0
        } else {
            0.0
        };
        table += &format!(
            "{id} | {:.3} M | {:.3} M | {:+.1} % | {:.3} G | {} | {} ({source})\n",
            p / 1e6,
            params / 1e6,
            100.0 * p_err,
            ours_macs / 1e9,
            if macs > 0.0 {
                format!("{:.3} G", macs / 1e9)
            } else {
                "-".into()
            },
            if macs > 0.0 {
                format!("{:+.1} %", 100.0 * m_err)
            } else {
                "-".into()
            },
        );
        if p_err.abs() > p_tol {
            failures.push(format!("{id}: parameters {p} vs {params} (±{p_tol})"));
        }
        if m_err.abs() > m_tol {
            failures.push(format!(
                "{id}: multiply-adds {ours_macs} vs {macs} (±{m_tol})"
            ));
        }
    }
    println!("{table}");
    assert!(failures.is_empty(), "{table}\n{failures:#?}");
}

#[test]
fn training_is_about_three_forward_passes_and_touches_every_parameter() {
    let lib = common::shipped_library();
    for (id, seq, ..) in PUBLISHED {
        let net = lib.network(id).unwrap();
        let seq = seq.map(|s| s.min(512)); // keep the test quick for the LLM
        let inf = net.kernels(&shape(net, seq, false)).unwrap();
        let train = net.kernels(&shape(net, seq, true)).unwrap();
        let fwd = gemm_flops(&inf, None) as f64;
        assert_eq!(gemm_flops(&train, Some(Pass::Forward)) as f64, fwd, "{id}");
        let ratio = gemm_flops(&train, None) as f64 / fwd;
        // Backward of a GEMM is two GEMMs of the forward's size; a fused attention backward
        // recomputes P (5 products for the forward's 2), so attention layers add a little.
        assert!(
            (2.9..=3.1).contains(&ratio),
            "{id}: training/forward GEMM FLOPs = {ratio}"
        );
        let params = net.parameters().unwrap();
        let e = 2;
        for kernels in [&inf, &train] {
            let reads: u64 = kernels.iter().map(|k| k.shape.compulsory_bytes().0).sum();
            assert!(
                reads >= params * e,
                "{id}: reads {reads} < parameter bytes {}",
                params * e
            );
        }
        let update: Vec<_> = train
            .iter()
            .filter(|k| k.pass == Pass::WeightUpdate)
            .collect();
        assert_eq!(update.len(), 1, "{id}");
        assert_eq!(
            update[0].shape.compulsory_bytes(),
            (params * 14, params * 14),
            "{id}: Adam, FP16 + FP32 master"
        );
        // Every weighted GEMM reads its whole weight.
        for k in &inf {
            if let KernelShape::Gemm { b_unique_bytes, .. } = k.shape {
                assert!(b_unique_bytes > 0, "{id}: {}", k.layer);
            }
        }
    }
}

#[test]
fn llm_decode_reads_the_weights_every_step() {
    let lib = common::shipped_library();
    let net = lib.network("llama2_7b").unwrap();
    let w = WorkloadShape {
        decode_tokens: Some(2),
        ..WorkloadShape::inference(1, 2).with_seq_len(1000)
    };
    let k = net.kernels(&w).unwrap();
    let params = net.parameters().unwrap();
    let weight_bytes: u64 = k
        .iter()
        .filter_map(|k| match k.shape {
            KernelShape::Gemm {
                m: 1,
                b_unique_bytes,
                count: 1,
                ..
            } => Some(b_unique_bytes),
            _ => None,
        })
        .sum();
    // Two steps, each reading every linear weight (all but the embedding table).
    let linear = params - 32000 * 4096 - (2 * 32 + 1) * 4096;
    assert_eq!(weight_bytes, 2 * 2 * linear);
    // Step 2 attends to 1001 keys.
    assert!(k.iter().any(|k| matches!(
        k.shape,
        KernelShape::Gemm {
            m: 1,
            n: 1001,
            k: 128,
            ..
        }
    )));
    let bert = lib.network("bert_base").unwrap();
    let err = bert
        .kernels(&WorkloadShape {
            seq_len: Some(100),
            ..w
        })
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bert_base: layer encoder[0].attention.self: causal"),
        "{err}"
    );
}

/// Every kernel of every shipped network names the tensors it touches, and they add up to its
/// compulsory traffic (what the L2 residency simulation sees is what the kernel moves). A fused
/// attention backward also names the FP32 dQ it accumulates at the L2, and a weight gradient the
/// bias gradient its GEMM shape leaves out.
#[test]
fn kernels_name_the_tensors_of_their_compulsory_traffic() {
    let lib = common::shipped_library();
    for (id, seq, ..) in PUBLISHED {
        let net = lib.network(id).unwrap();
        let seq = seq.map(|s| s.min(512));
        for training in [false, true] {
            for k in net.kernels(&shape(net, seq, training)).unwrap() {
                assert!(!k.tensors.is_empty(), "{id} {}: no tensors", k.layer);
                let (reads, writes) = k.shape.compulsory_bytes();
                let named = |write: bool| -> u64 {
                    k.tensors
                        .iter()
                        .filter(|u| u.write == write)
                        .map(|u| u.bytes)
                        .sum()
                };
                let near = |a: u64, b: u64| (a as f64 - b as f64).abs() <= 0.01 * b as f64 + 8.0;
                assert!(
                    near(named(false), reads),
                    "{id} {}: reads {} vs {reads}",
                    k.layer,
                    named(false)
                );
                let attention_bwd =
                    matches!(k.shape, KernelShape::Attention { backward: true, .. });
                // A weight gradient also writes the bias gradient, which its GEMM shape leaves out.
                if !attention_bwd && k.pass != Pass::BackwardWeights {
                    assert!(
                        near(named(true), writes),
                        "{id} {}: writes {} vs {writes}",
                        k.layer,
                        named(true)
                    );
                }
            }
        }
    }
}
