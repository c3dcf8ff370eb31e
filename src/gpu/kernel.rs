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
    /// Reads `read_bytes` and writes `write_bytes`, each byte once, doing `flops` operations.
    Stream {
        /// Bytes read.
        read_bytes: u64,
        /// Bytes written.
        write_bytes: u64,
        /// Arithmetic operations (for the compute bound).
        flops: u64,
    },
}

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
}

impl KernelShape {
    /// Arithmetic operations: `2·m·n·k·count` for a GEMM (one multiply and one add per term).
    pub fn flops(&self) -> u64 {
        match *self {
            KernelShape::Gemm { m, n, k, count, .. } => 2 * m * n * k * count,
            KernelShape::Stream { flops, .. } => flops,
        }
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
        }
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
        };
        assert_eq!((s.flops(), s.compulsory_bytes()), (3, (10, 5)));
    }
}
