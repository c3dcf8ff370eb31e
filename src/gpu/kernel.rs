//! The unit of work between the network library and the traffic model: one GPU kernel, described
//! by what it computes and what data it touches — not by how a particular GPU schedules it.
//!
//! Every layer of a network lowers to kernels (`crate::gpu::network`); the traffic model
//! (`crate::gpu::traffic`) turns kernels into L2 and DRAM traffic and time on a GPU. Two shapes cover
//! deep-learning layers:
//!
//! * [`KernelShape::Gemm`]: `count` independent products `C[m×n] = A[m×k] · B[k×n]` — linear
//!   layers, convolutions as implicit GEMM (`m` = batch × output pixels, `n` = output channels,
//!   `k` = input channels × kernel area / groups; a grouped or depthwise convolution is `count` =
//!   groups smaller products), attention's `Q·Kᵀ` and `P·V` per head. The unique bytes of A and B
//!   are given separately because an implicit-GEMM convolution reads each input pixel once from
//!   memory but uses it `kh·kw` times (the `m×k` im2col matrix is never stored).
//! * [`KernelShape::Stream`]: everything that touches each byte a fixed number of times —
//!   activations, normalisation, pooling, softmax, residual adds, optimizer updates.
//! * [`KernelShape::Attention`]: fused (flash) attention, as PyTorch's scaled-dot-product
//!   attention runs it on every GPU with tensor cores: one kernel per pass that streams K and V
//!   past blocks of queries held on chip, so the `tq × tkv` score matrix never reaches memory
//!   (Dao et al., "FlashAttention-2", arXiv 2307.08691, algorithms 1 and 2; the measured H200
//!   profiles name the kernel `cudnn_generated_fort_native_sdpa_sm90_flash_fprop_…`).

use serde::Serialize;

/// What one kernel computes and touches.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum KernelShape {
    /// `count` independent products `C[m×n] = A[m×k] · B[k×n]`, `C` written once.
    Gemm {
        /// Rows of A and C.
        m: u64,
        /// Columns of B and C.
        n: u64,
        /// Inner dimension.
        k: u64,
        /// Independent products (attention heads, convolution groups, batched GEMMs).
        count: u64,
        /// Bytes per element of A, B and C (2 for FP16/BF16, 4 for FP32).
        element_bytes: u32,
        /// Distinct bytes of A over all `count` products (≤ `count·m·k·element_bytes`; smaller for
        /// an implicit-GEMM convolution, whose input pixels are reused across the kernel window).
        a_unique_bytes: u64,
        /// Distinct bytes of B over all `count` products.
        b_unique_bytes: u64,
    },
    /// Fused attention of `count` (batch × query heads) heads: the forward pass reads Q once and
    /// each head's K and V once per block of [`ATTENTION_BLOCK`] queries, and writes O; the
    /// backward pass (FlashAttention-2) reads each head's K and V once, Q and dO once per block
    /// of [`ATTENTION_BLOCK`] keys, writes dK and dV, and accumulates dQ in FP32 with reductions
    /// at the L2, one per key block.
    Attention {
        /// Batch × query heads.
        count: u64,
        /// Queries per head.
        tq: u64,
        /// Keys (and values) per head.
        tkv: u64,
        /// Head dimension.
        hd: u64,
        /// Query heads per key/value head (grouped-query attention; 1 for multi-head).
        group: u64,
        /// Causal mask: a query block visits only the keys before it.
        causal: bool,
        /// The backward pass (else the forward).
        backward: bool,
        /// Bytes per element of Q, K, V, O.
        element_bytes: u32,
    },
    /// Reads `read_bytes` and writes `write_bytes`, each byte once, doing `flops` operations.
    Stream {
        /// Bytes read.
        read_bytes: u64,
        /// Bytes written.
        write_bytes: u64,
        /// Arithmetic operations (for the compute bound).
        flops: u64,
        /// How it walks memory, which sets the bandwidth it reaches.
        access: StreamAccess,
    },
}

/// How a stream kernel walks memory. The two kinds reach different shares of the memory
/// system's bandwidth (measured rates in [`crate::gpu::traffic`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamAccess {
    /// Each output element from the same element of each input, in order: activations, residual
    /// adds, copies, the optimiser. Fully coalesced, vectorised loads.
    Elementwise,
    /// A reduction along a row or channel before the elements are written (normalisation,
    /// softmax, pooling windows), a transpose, or a gather/scatter by index (embeddings): strided
    /// or two-pass access that leaves the memory pipeline partly idle.
    Structured,
}

/// Queries (forward) or keys (backward) per block of a fused attention kernel: 128, the block of
/// FlashAttention-2's Hopper kernels (arXiv 2307.08691 §3.3; the measured BERT-base training step
/// on the H200 accumulates 4.76 M dQ reduction sectors, which is 12 layers × one 128-key block ×
/// the FP32 dQ of batch 32 × 128 tokens × 768 features, to 1 %).
pub const ATTENTION_BLOCK: u64 = 128;

/// Which pass of training (or inference) a kernel belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pass {
    /// Forward pass (the whole of inference).
    Forward,
    /// Gradient with respect to the layer's input.
    BackwardData,
    /// Gradient with respect to the layer's weights.
    BackwardWeights,
    /// Optimizer step on the weights.
    WeightUpdate,
}

/// One kernel of a workload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kernel {
    /// The layer it comes from (as named in the network preset).
    pub layer: String,
    /// The pass it belongs to.
    pub pass: Pass,
    /// What it computes and touches.
    pub shape: KernelShape,
    /// The tensors it reads and writes, for the L2 residency simulation
    /// ([`crate::gpu::residency`]): their read bytes sum to the shape's compulsory reads and
    /// their written bytes to its compulsory writes (a fused attention backward also names the
    /// FP32 dQ it accumulates at the L2). Empty: the kernel reads the previous kernel's output
    /// and data of its own, and writes a tensor of its own.
    #[serde(skip)]
    pub tensors: Vec<TensorUse>,
}

/// One tensor a kernel touches: which, how many bytes, read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TensorUse {
    /// The tensor, unique within one step (the same tensor keeps its id in every step).
    pub tensor: u32,
    /// Bytes read or written (a partial read touches fewer bytes than the tensor holds; a read
    /// may exceed it when the kernel reads the tensor more than once).
    pub bytes: u64,
    /// Written (else read).
    pub write: bool,
    /// A parameter, an optimiser state, a cache or the step's input: it lives across steps and
    /// its memory is never handed to another tensor.
    pub persistent: bool,
}

impl TensorUse {
    /// A read of `bytes` of `tensor`.
    pub fn read(tensor: u32, bytes: u64, persistent: bool) -> TensorUse {
        TensorUse {
            tensor,
            bytes,
            write: false,
            persistent,
        }
    }

    /// A write of `bytes` of `tensor`.
    pub fn write(tensor: u32, bytes: u64, persistent: bool) -> TensorUse {
        TensorUse {
            tensor,
            bytes,
            write: true,
            persistent,
        }
    }
}

impl KernelShape {
    /// Arithmetic operations: `2·m·n·k·count` for a GEMM (one multiply and one add per term).
    pub fn flops(&self) -> u64 {
        match *self {
            KernelShape::Gemm { m, n, k, count, .. } => 2 * m * n * k * count,
            KernelShape::Stream { flops, .. } => flops,
            KernelShape::Attention {
                count,
                tq,
                tkv,
                hd,
                causal,
                backward,
                ..
            } => {
                // Q·Kᵀ and P·V (2 products) forward; backward recomputes P and forms dV, dP,
                // dQ, dK (5 products).
                let products = if backward { 5 } else { 2 };
                let full = 2 * products * count * tq * tkv * hd;
                (full as f64 * attention_visit(tq, tkv, causal)) as u64
            }
        }
    }

    /// Attention: the per-head sizes `(q, kv, o)` in bytes: Q of one head, K + V of one head, O
    /// of one head.
    fn attention_bytes(tq: u64, tkv: u64, hd: u64, e: u32) -> (u64, u64, u64) {
        let e = u64::from(e);
        (tq * hd * e, 2 * tkv * hd * e, tq * hd * e)
    }

    /// The least traffic any schedule needs: every input byte read once, every output byte
    /// written once (`(reads, writes)` in bytes).
    pub fn compulsory_bytes(&self) -> (u64, u64) {
        match *self {
            KernelShape::Gemm {
                m,
                n,
                count,
                element_bytes,
                a_unique_bytes,
                b_unique_bytes,
                ..
            } => (
                a_unique_bytes + b_unique_bytes,
                m * n * count * u64::from(element_bytes),
            ),
            KernelShape::Stream {
                read_bytes,
                write_bytes,
                ..
            } => (read_bytes, write_bytes),
            KernelShape::Attention {
                count,
                tq,
                tkv,
                hd,
                group,
                backward,
                element_bytes,
                ..
            } => {
                let (q, kv, o) = Self::attention_bytes(tq, tkv, hd, element_bytes);
                let kv_heads = count.div_ceil(group.max(1));
                if backward {
                    // Q, K, V, dO in; dK, dV (per query head, summed by the caller for GQA) out.
                    // dQ is accumulated at the L2 (see `attention_reductions`).
                    (count * (q + o) + kv_heads * kv, count * kv)
                } else {
                    (count * q + kv_heads * kv, count * o)
                }
            }
        }
    }

    /// Bytes accumulated with reductions at the L2 (FlashAttention-2's backward adds each key
    /// block's FP32 share of dQ into dQ); zero for every other kernel.
    pub fn reduction_bytes(&self) -> u64 {
        match *self {
            KernelShape::Attention {
                count,
                tq,
                tkv,
                hd,
                causal,
                backward: true,
                ..
            } => {
                let blocks = tkv.div_ceil(ATTENTION_BLOCK);
                let dq_fp32 = count * tq * hd * 4;
                ((blocks * dq_fp32) as f64 * attention_visit(tq, tkv, causal)) as u64
            }
            _ => 0,
        }
    }
}

/// The share of (query block, key block) pairs a fused attention kernel visits: with a causal
/// mask and as many queries as keys, block `i` of `n` visits `i + 1` blocks, `(n + 1) / 2n` of
/// them on average; otherwise (no mask, or queries at the end of a longer context) all.
pub fn attention_visit(tq: u64, tkv: u64, causal: bool) -> f64 {
    if causal && tq == tkv && tq > 0 {
        let n = tq.div_ceil(ATTENTION_BLOCK) as f64;
        (n + 1.0) / (2.0 * n)
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemm_flops_and_compulsory_bytes() {
        let g = KernelShape::Gemm {
            m: 64,
            n: 32,
            k: 16,
            count: 2,
            element_bytes: 2,
            a_unique_bytes: 2 * 64 * 16 * 2,
            b_unique_bytes: 2 * 16 * 32 * 2,
        };
        assert_eq!(g.flops(), 2 * 64 * 32 * 16 * 2);
        assert_eq!(g.compulsory_bytes(), (4096 + 2048, 2 * 64 * 32 * 2));
        let s = KernelShape::Stream {
            read_bytes: 10,
            write_bytes: 5,
            flops: 3,
            access: StreamAccess::Elementwise,
        };
        assert_eq!((s.flops(), s.compulsory_bytes()), (3, (10, 5)));
    }
}
