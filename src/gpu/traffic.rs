//! The traffic model: a sequence of [`Kernel`]s on a [`Gpu`] with an L2 of a given capacity →
//! L2 requests (32-byte sectors), DRAM bytes and an execution-time estimate, per kernel and in total.
//!
//! The L2 capacity is an input, not the GPU's own, so that caches of other capacities (an NVM L2 in
//! the SRAM L2's area) can be evaluated on the same GPU. [`Traffic::to_workload`] turns the result
//! into the [`Workload`] record that [`crate::design::eval`] consumes.
//!
//! # Model
//!
//! **L2 traffic of a GEMM** (`count` products `C[m×n] = A[m×k]·B[k×n]`, `e` bytes per element).
//! Output-tiled dataflow with `T × T` thread-block tiles, `T` = 128 by default
//! ([`Assumptions::tile`]): the CUTLASS/cuBLAS default threadblock shape for large FP16 tensor-core
//! GEMMs (128×128×32), and the tile of the existing `gemm_4096` workload preset. Each tile streams
//! its `T×k` panel of A and `k×T` panel of B from L2 (L1/shared memory give no reuse across thread
//! blocks), so
//!
//! `L2 read bytes = count · e · (m·k·⌈n/T⌉ + k·n·⌈m/T⌉)`, `L2 write bytes = count · m·n · e`
//!
//! (C written once: no split-K, so no partial-sum traffic). For an implicit-GEMM convolution the
//! A term counts im2col elements: each tile gathers them from L2. `T` is the GPU's own
//! ([`Gpu::gemm_tile`]): 256 on Hopper, whose cuBLAS kernels use 128 × 256 and 256 × 128 tiles
//! (the kernel names of the measured H200 profiles), 128 before it.
//!
//! **DRAM traffic of a GEMM vs L2 capacity `C`.** The GPU runs one wave of thread blocks at a
//! time (one 128×128 block per SM); a swizzled raster walk (as CUTLASS's threadblock swizzle) makes
//! a wave a `g × g` block of tiles with `g = ⌊√SMs⌋`, so at the L2 the walk is over super-tiles of
//! `G = g·T` rows/columns. For a row-major walk over super-tiles (`M_w = ⌈m/G⌉` rows,
//! `N_w = ⌈n/G⌉` columns; per product `a`, `b` = unique bytes of A, B; `p_A = a·min(G,m)/m` and
//! `p_B = b·min(G,n)/n` the panels of one wave row/column):
//!
//! * the A panel of a wave row is reused by the `N_w` waves along the row; between two uses the
//!   L2 sees the A panel and one B panel, working set `W_A = p_A + p_B`;
//! * B is reused once per wave row (`M_w` times); between two uses of a B byte the L2 sees all
//!   of B and one A panel, `W_B = b + p_A`.
//!
//! A reuse hits with probability `h(W) = min(1, C/W)` — the fraction of the reused data that a
//! capacity `C` can hold (random-replacement-like: continuous and monotone in `C`, unlike LRU's
//! all-or-nothing cliff on a cyclic sweep). DRAM reads of one product
//! `= a·(1 + (N_w−1)(1−h(W_A))) + b·(1 + (M_w−1)(1−h(W_B)))`; the column-major walk swaps the roles
//! of A and B, and the cheaper of the two walks is taken (a library picks its raster order). When
//! both working sets fit, this is the compulsory traffic `a + b`. Batched products are walked one
//! product after another (batch index outermost), so a product's working set is its own.
//!
//! **Stream kernels**: L2 traffic = bytes read + bytes written; DRAM = the same (no reuse inside).
//!
//! **Fused attention** ([`KernelShape::Attention`]): no `S × S` score matrix reaches memory. The
//! forward kernel reads each head's Q once and its K and V once per block of
//! [`ATTENTION_BLOCK`] queries; the backward kernel reads K and V once and Q, O, dO once per
//! block of keys, and accumulates dQ in FP32 with **reductions at the L2** (counted apart, see
//! below). One head's K and V (a few hundred KiB) stay in the L2 while the head runs, so DRAM
//! sees the compulsory bytes. Why: the measured encoders (BERT, ViT) run PyTorch's fused
//! scaled-dot-product attention; an unfused model over-counted their L2 reads about 2×.
//!
//! **Reductions and atomics.** A reduction (`red`) or atomic at the L2 reads its sector in the
//! slice, combines and writes it back: the array sees one read and one write. The model counts
//! them in [`KernelTraffic::l2_reduction_sectors`]; [`Traffic::to_workload`] adds them to both the
//! array's reads and its writes, and the L2 bandwidth bound counts two sector transfers each. A
//! measured preset's atomic and reduction sectors are counted the same way
//! ([`crate::gpu::measured::MeasuredTraffic::array_read_sectors`]).
//!
//! **Inter-kernel reuse and write-back** ([`crate::gpu::residency`]). Every kernel names the
//! tensors it reads and writes ([`Kernel::tensors`]); a simulation of the L2 at tensor
//! granularity decides which of a kernel's compulsory reads are still in the L2 (LRU over
//! buffers; a kernel that streams `F` bytes through a capacity `C` leaves `min(1, C/F)` of each),
//! and which dirty bytes reach DRAM: a written line is written back when evicted, and not at all
//! when the framework's allocator hands its freed buffer to a new tensor that overwrites it in
//! the L2. The step is simulated twice and the second, warm step is counted (the measured steps
//! followed a warm-up step). An L2 of `p` partitions ([`Gpu::l2_partitions`]: 2 on A100, H100,
//! H200) caches a line in every partition whose SMs touch it; every kernel spreads its tensors
//! over all SMs, so each line is held `p` times and the L2 holds `C / p` distinct bytes — for the
//! simulation and for a GEMM's panel reuse alike. Why: counting only the previous kernel's
//! output as reusable and every output as written back predicted 7× the measured DRAM writes of
//! ResNet-50 at batch 1 (its activations cycle through a few buffers that never leave the L2)
//! and 1.7× its reads; and a 60 MiB L2 holding each line once would keep that network's 51 MB
//! of weights across steps, where the H200 reads them from DRAM every step. (Holding only the
//! lines read from the far partition twice left the DRAM reads 24–34 % under on the measured
//! set; holding every line in both partitions brings the median to 19 %.)
//! Kernels that name no tensors read the previous kernel's output and a persistent input of
//! their own, and write an output of their own.
//!
//! **Time.** Per kernel, the largest of four bounds:
//! * compute: `flops / (peak · u · occupancy)`. `u` = [`Assumptions::compute_utilisation`] (75 %,
//!   a large cuBLAS GEMM's share of peak in full waves; measured on an H200: an 8192³ BF16 product
//!   at 770–800 of 989 TFLOP/s). **Wave quantisation**: thread blocks (one output tile, or one
//!   attention block of one head) run one per SM in waves; a last partial wave takes a full
//!   wave's time, so `occupancy = blocks / (⌈blocks / SMs⌉ · SMs)`. Why: small GEMMs (batch-1
//!   inference, the late layers of a CNN) fill a fraction of the SMs and run far below 75 % of
//!   peak. Peak: the FP16 tensor peak for GEMMs and attention of ≤ 2-byte elements on GPUs with
//!   tensor cores, else the FP32 peak (Pascal runs FP16 storage with FP32 math: GP102's native
//!   FP16 rate is 1/64 of FP32);
//! * DRAM: `(DRAM read + write bytes) / (DRAM peak · η)`, `η` =
//!   [`Assumptions::dram_efficiency`] (90 %: a device-to-device copy moves 4.3 of 4.8 TB/s on the
//!   H200). Why: memory-bound kernels never reach the datasheet bandwidth;
//! * L2: `(L2 read + write + 2 · reduction sectors) · sector bytes / rate`. GEMMs and attention
//!   (tiles reused in shared memory) are held to the L2's bandwidth. A **stream kernel** moves
//!   its L2 traffic at a measured share of the DRAM peak, whether its data is in the L2 or not:
//!   element-wise kernels at [`Assumptions::elementwise_share_of_dram`] (0.71), structured ones —
//!   normalisation, softmax, pooling windows, transposes, gathers
//!   ([`crate::gpu::kernel::StreamAccess`]) — at [`Assumptions::structured_share_of_dram`] (0.27);
//!   the derivation is at [`Assumptions::default`]. Why: on the H200, ReLU, adds and GELU moved
//!   3.4 TB/s and batch norms, transposes and layer norms 1.3 TB/s of L2 traffic, a third and an
//!   eighth of the L2's peak, even when their data was resident; at the L2 peak the model ran
//!   them 3–8× too fast. Other GPUs are assumed to reach the same shares of their DRAM peak;
//! * launch: [`Assumptions::kernel_floor_s`] (2.8 µs, measured: element-wise kernels that move
//!   almost nothing take that long on the H200). Why: launch, ramp-up and drain cost a fixed time.
//!
//! **Host dispatch.** An eager framework issues kernels from the CPU, one operator at a time, at
//! about [`Assumptions::host_per_kernel_s`] each (15 µs: 5–25 µs of CPU work per PyTorch
//! operator). The GPU runs kernel `i` when the host has issued it and kernel `i − 1` has ended:
//! `end_i = max(end_{i−1}, (i + 1) · host) + t_i`, and the run's time is the last end
//! ([`Traffic::time`]; [`Traffic::gpu_busy`] is `Σ t_i`). Why: without it, small-batch inference
//! (hundreds of kernels of a few µs each) was predicted 3–14× too fast; its measured step time is
//! set by dispatch, not by the GPU.
//!
//! **The L2's own array** ([`Traffic::time_on`]). The times above assume the GPU's own (SRAM) L2
//! keeps up with its port: one sector per slice per port cycle, `f_port = L2 bandwidth / (slices ·
//! sector)`. An L2 built from another array serves a request by occupying one of its `P` banks
//! per slice for the array's latency. The L2 is assumed banked for reads — `P = ⌈t_read · f_port⌉`
//! banks, the fewest that let reads keep up with the port — so reads never stall; a write occupies
//! a bank for `t_write`, so a slice accepts writes at `min(f_port, P / t_write)`. A kernel's L2
//! bound becomes `(reads + writes · s) · sector / L2 bandwidth` with the write slowdown
//! `s = max(1, t_write · f_port / P)`; a stream kernel is still held to its own achieved rate, so
//! the bound is the larger of the two. Where that bound sets the kernel's time, the excess over
//! the SRAM-port time is **write stall**. For an SRAM array (`t_write ≈ t_read`) `s` is 1; for an NVM
//! array whose writes take several read times, write-heavy kernels (training's weight-gradient and
//! optimiser kernels) become L2-bound.

use serde::Serialize;

use crate::gpu::chip::Gpu;
use crate::gpu::kernel::{
    attention_visit, Kernel, KernelShape, Pass, StreamAccess, TensorUse, ATTENTION_BLOCK,
};
use crate::gpu::residency;
use crate::gpu::workload::Workload;
use crate::units::{Energy, Time};

/// The model's tunable assumptions (see the module documentation for what each one does).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Assumptions {
    /// Thread-block tile edge `T` of a GEMM (elements of C per side).
    pub tile: u64,
    /// Share of the peak arithmetic rate a full wave of GEMM tiles reaches (0 < u ≤ 1).
    pub compute_utilisation: f64,
    /// Host time to issue one kernel (s): the framework's per-operator dispatch.
    pub host_per_kernel_s: f64,
    /// The least time a kernel occupies the GPU (s): launch, ramp-up and drain.
    pub kernel_floor_s: f64,
    /// Share of the DRAM peak that memory-bound kernels reach.
    pub dram_efficiency: f64,
    /// The rate (as a share of the DRAM peak) at which an element-wise stream kernel moves its
    /// L2 traffic, wherever its data comes from.
    pub elementwise_share_of_dram: f64,
    /// The same for a structured stream kernel (reductions, transposes, windows, gathers).
    pub structured_share_of_dram: f64,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            tile: 128,
            compute_utilisation: 0.75,
            // PyTorch eager: Python, the dispatcher, autograd and the driver take "~5–25 µs of
            // CPU-side work per op" (J. Lin, "From PyTorch op to kernel launch", GPU kernel
            // serving lesson 18, jiahuanglin.xyz); the middle of that range.
            host_per_kernel_s: 15e-6,
            // Measured: 53 element-wise kernels that move no data averaged 2.8 µs each in the
            // H200 ResNet-50 profile (docs/measurements/h200-2026-12-04,
            // kernels_resnet50_inference_b32.csv.gz, `unrolled_elementwise_kernel`).
            kernel_floor_s: 2.8e-6,
            // Measured: a device-to-device copy moves ≈ 4.3 TB/s on the H200 (4.8 TB/s peak),
            // shared/reference/gpu-measured/README.md.
            dram_efficiency: 0.9,
            // Measured (docs/measurements/h200-2026-12-04, kernels_*.csv.gz; L2 read + write
            // sectors × 32 B over gpu__time_duration): element-wise kernels (ReLU as clamp and
            // adds in ResNet-50, GELU and adds in BERT) moved 3.37 GB in 986 µs = 3.41 TB/s,
            // 0.71 of the H200's 4.8 TB/s; structured ones (batch-norm transforms, NCHW↔NHWC
            // transposes, max pooling, layer norms) 2.99 GB in 2278 µs = 1.31 TB/s, 0.27.
            elementwise_share_of_dram: 0.71,
            structured_share_of_dram: 0.27,
        }
    }
}

/// Which bound sets a kernel's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Arithmetic.
    Compute,
    /// DRAM bandwidth.
    Dram,
    /// L2 bandwidth.
    L2,
    /// The kernel's fixed cost: launch and ramp-up/tail (the floor of a tiny kernel).
    Launch,
}

/// The traffic and time of one kernel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KernelTraffic {
    /// The layer it comes from.
    pub layer: String,
    /// `gemm` or `stream` (its [`KernelShape`]).
    pub kind: &'static str,
    /// The pass it belongs to.
    pub pass: Pass,
    /// L2 read requests (sectors).
    pub l2_read_sectors: u64,
    /// L2 write requests (sectors).
    pub l2_write_sectors: u64,
    /// Reductions at the L2 (sectors): each reads and writes its sector in the slice.
    pub l2_reduction_sectors: u64,
    /// Bytes read from DRAM.
    pub dram_read_bytes: f64,
    /// Bytes written to DRAM.
    pub dram_write_bytes: f64,
    /// Input bytes found in L2 because the previous kernel wrote them (no DRAM read).
    pub reused_bytes: f64,
    /// flops / (peak · utilisation).
    pub compute_time: Time,
    /// DRAM bytes / DRAM bandwidth.
    pub dram_time: Time,
    /// L2 bytes / L2 bandwidth.
    pub l2_time: Time,
    /// The largest of the three bounds.
    pub time: Time,
    /// Which bound that is.
    pub bound: Bound,
}

/// The traffic of a kernel sequence on one GPU with one L2 capacity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Traffic {
    /// The GPU's preset id.
    pub gpu: String,
    /// The L2 capacity evaluated (bytes).
    pub l2_bytes: u64,
    /// Bytes of one L2 request.
    pub sector_bytes: u32,
    /// The assumptions used.
    pub assumptions: Assumptions,
    /// Per kernel, in order.
    pub kernels: Vec<KernelTraffic>,
    /// Σ L2 read sectors.
    pub l2_read_sectors: u64,
    /// Σ L2 write sectors.
    pub l2_write_sectors: u64,
    /// Σ L2 reduction sectors.
    pub l2_reduction_sectors: u64,
    /// Σ DRAM read bytes.
    pub dram_read_bytes: f64,
    /// Σ DRAM write bytes.
    pub dram_write_bytes: f64,
    /// Σ kernel times: how long the GPU is busy.
    pub gpu_busy: Time,
    /// The run's wall time: the kernels on the host's dispatch timeline.
    pub time: Time,
    /// DRAM access energy: (read + write bytes) · 8 · the GPU's pJ/bit.
    pub dram_energy: Energy,
}

/// Runs `kernels` in order on `gpu` with an L2 of `l2_bytes`, with the default [`Assumptions`]
/// and the GPU's own GEMM tile ([`Gpu::gemm_tile`]).
pub fn run(kernels: &[Kernel], gpu: &Gpu, l2_bytes: u64) -> Traffic {
    let a = Assumptions {
        tile: u64::from(gpu.gemm_tile),
        ..Assumptions::default()
    };
    run_with(kernels, gpu, l2_bytes, &a)
}

/// [`run`] with explicit assumptions. A tile of 0 is taken as 1 and a utilisation outside (0, 1]
/// is clamped into it, so the result is always finite.
pub fn run_with(
    kernels: &[Kernel],
    gpu: &Gpu,
    l2_bytes: u64,
    assumptions: &Assumptions,
) -> Traffic {
    let capacity = l2_bytes as f64;
    // A partitioned L2 holds a line in every partition whose SMs touch it, and a kernel spreads
    // every tensor over all SMs: it holds `C / p` distinct bytes.
    let distinct = capacity / f64::from(gpu.l2_partitions.max(1));
    let sector = u64::from(gpu.sector_bytes.max(1));
    let mut out = Vec::with_capacity(kernels.len());
    let dram_bandwidth = gpu.dram_bandwidth_gb_s * 1e9 * fraction(assumptions.dram_efficiency);
    let uses = tensor_uses(kernels);
    let last = residency::last_uses(uses.iter().map(Vec::as_slice));
    // The steady state: one step as a warm-up, then the step that is counted.
    let mut sim = residency::Sim::new(distinct);
    for (u, l) in uses.iter().zip(&last) {
        sim.kernel(u, l);
    }
    sim.begin_step();
    for ((kernel, u), l) in kernels.iter().zip(&uses).zip(&last) {
        let (l2_read_bytes, l2_write_bytes) = l2_bytes_of(&kernel.shape, assumptions.tile);
        let (all_reads, _) = dram_reads_of(&kernel.shape, gpu, distinct, assumptions.tile);
        let (unique_reads, _) = kernel.shape.compulsory_bytes();
        // A GEMM's panels re-read because the L2 could not hold them between tiles.
        let refetch = (all_reads - unique_reads as f64).max(0.0);
        let held = sim.kernel(u, l);
        let reused = held.hit_bytes;
        let dram_read_bytes = held.miss_bytes + refetch;
        let dram_write_bytes = held.writeback_bytes;
        let l2_read_sectors = sectors(l2_read_bytes, sector);
        let l2_write_sectors = sectors(l2_write_bytes, sector);
        let l2_reduction_sectors = sectors(u128::from(kernel.shape.reduction_bytes()), sector);

        let compute_time = Time::from_s(compute_seconds(&kernel.shape, gpu, assumptions));
        let dram_time = Time::from_s((dram_read_bytes + dram_write_bytes) / dram_bandwidth);
        // A reduction reads and writes its sector in the slice.
        // A stream kernel moves its L2 traffic at its measured rate; GEMMs and attention
        // reuse tiles in shared memory and are held to the L2's own bandwidth.
        let l2_bandwidth = match kernel.shape {
            KernelShape::Stream { access, .. } => {
                let share = match access {
                    StreamAccess::Elementwise => assumptions.elementwise_share_of_dram,
                    StreamAccess::Structured => assumptions.structured_share_of_dram,
                };
                (gpu.dram_bandwidth_gb_s * fraction(share)).min(gpu.l2_bandwidth_gb_s)
            }
            _ => gpu.l2_bandwidth_gb_s,
        };
        let l2_time = Time::from_s(
            (l2_read_sectors + l2_write_sectors + 2 * l2_reduction_sectors) as f64 * sector as f64
                / (l2_bandwidth.max(1e-9) * 1e9),
        );
        let floor = Time::from_s(assumptions.kernel_floor_s.max(0.0));
        let (time, bound) = [
            (floor, Bound::Launch),
            (compute_time, Bound::Compute),
            (dram_time, Bound::Dram),
            (l2_time, Bound::L2),
        ]
        .into_iter()
        .fold((Time::ZERO, Bound::Launch), |best, x| {
            if x.0.s() > best.0.s() {
                x
            } else {
                best
            }
        });
        out.push(KernelTraffic {
            layer: kernel.layer.clone(),
            kind: match kernel.shape {
                KernelShape::Gemm { .. } => "gemm",
                KernelShape::Stream { .. } => "stream",
                KernelShape::Attention { .. } => "attention",
            },
            pass: kernel.pass,
            l2_read_sectors,
            l2_write_sectors,
            l2_reduction_sectors,
            dram_read_bytes,
            dram_write_bytes,
            reused_bytes: reused,
            compute_time,
            dram_time,
            l2_time,
            time,
            bound,
        });
    }
    let dram_read_bytes: f64 = out.iter().map(|k| k.dram_read_bytes).sum();
    let dram_write_bytes: f64 = out.iter().map(|k| k.dram_write_bytes).sum();
    let time = timeline(assumptions, out.iter().map(|k| k.time.s()));
    Traffic {
        gpu: gpu.id.clone(),
        l2_bytes,
        sector_bytes: gpu.sector_bytes.max(1),
        assumptions: *assumptions,
        l2_read_sectors: out
            .iter()
            .map(|k| k.l2_read_sectors)
            .fold(0, u64::saturating_add),
        l2_write_sectors: out
            .iter()
            .map(|k| k.l2_write_sectors)
            .fold(0, u64::saturating_add),
        l2_reduction_sectors: out
            .iter()
            .map(|k| k.l2_reduction_sectors)
            .fold(0, u64::saturating_add),
        dram_read_bytes,
        dram_write_bytes,
        gpu_busy: Time::from_s(out.iter().map(|k| k.time.s()).sum()),
        time: Time::from_s(time),
        dram_energy: Energy::from_pj(
            (dram_read_bytes + dram_write_bytes) * 8.0 * gpu.dram_energy_pj_per_bit,
        ),
        kernels: out,
    }
}

/// Each kernel's tensor uses; a kernel that names none reads the previous kernel's output (as
/// much of its compulsory reads as that output covers) and a persistent input of its own (as
/// weights are), and writes an output of its own.
fn tensor_uses(kernels: &[Kernel]) -> Vec<Vec<TensorUse>> {
    // Ids above every id a lowering hands out.
    let mut next = u32::MAX / 2;
    let mut previous: Option<(u32, u64)> = None;
    kernels
        .iter()
        .map(|k| {
            if !k.tensors.is_empty() {
                previous = k
                    .tensors
                    .iter()
                    .rev()
                    .find(|u| u.write)
                    .map(|u| (u.tensor, u.bytes));
                return k.tensors.clone();
            }
            let (reads, writes) = k.shape.compulsory_bytes();
            let mut v = Vec::with_capacity(3);
            let mut rest = reads;
            if let Some((t, b)) = previous {
                let b = b.min(reads);
                if b > 0 {
                    v.push(TensorUse::read(t, b, false));
                    rest -= b;
                }
            }
            if rest > 0 {
                next += 1;
                v.push(TensorUse::read(next, rest, true));
            }
            next += 1;
            v.push(TensorUse::write(next, writes, false));
            previous = Some((next, writes));
            v
        })
        .collect()
}

/// The run's wall time: the host issues kernel `i` after `(i + 1)` dispatch times, and the GPU
/// runs kernels in order, each when it has been issued and the previous one has finished (one
/// stream, an unbounded launch queue): `end_i = max(end_{i−1}, (i + 1)·host) + t_i`.
fn timeline(a: &Assumptions, times: impl Iterator<Item = f64>) -> f64 {
    let host = if a.host_per_kernel_s.is_finite() {
        a.host_per_kernel_s.max(0.0)
    } else {
        0.0
    };
    let mut end = 0.0f64;
    for (i, t) in times.enumerate() {
        end = end.max((i + 1) as f64 * host) + t;
    }
    end
}

/// Arithmetic time of a kernel. A GEMM or an attention kernel runs in waves of thread blocks,
/// one block per SM: a last, partial wave takes as long as a full one, so the achieved rate is
/// `u · blocks / (waves · SMs)` of the peak (wave quantisation).
fn compute_seconds(shape: &KernelShape, gpu: &Gpu, a: &Assumptions) -> f64 {
    let tile = a.tile.max(1);
    let blocks = match *shape {
        KernelShape::Gemm { m, n, count, .. } => Some(
            count
                .saturating_mul(m.div_ceil(tile))
                .saturating_mul(n.div_ceil(tile)),
        ),
        KernelShape::Attention {
            count,
            tq,
            tkv,
            backward,
            ..
        } => Some(count.saturating_mul(if backward { tkv } else { tq }.div_ceil(ATTENTION_BLOCK))),
        KernelShape::Stream { .. } => None,
    };
    let sms = u64::from(gpu.sm_count.max(1));
    let occupancy = match blocks {
        Some(b) if b > 0 => b as f64 / (b.div_ceil(sms) * sms) as f64,
        _ => 1.0,
    };
    shape.flops() as f64 / (peak_flops(shape, gpu) * utilisation(a) * occupancy)
}

/// `x` clamped into (0, 1] (1 when not finite).
fn fraction(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(1e-3, 1.0)
    } else {
        1.0
    }
}

/// The latencies of the array an L2 is built from (a technology's cache-level figures).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct L2Array {
    /// Time one read occupies a bank (the cache's hit latency).
    pub read_latency: Time,
    /// Time one write occupies a bank.
    pub write_latency: Time,
}

/// The run's time on an L2 built from an [`L2Array`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ArrayTime {
    /// Σ per-kernel max(compute, DRAM, L2 bound with the array's writes).
    pub time: Time,
    /// `time` minus the time with an L2 that keeps up with its port ([`Traffic::time`]).
    pub write_stall: Time,
    /// Banks per slice assumed (`⌈t_read · f_port⌉`).
    pub banks_per_slice: u32,
    /// Write slowdown `s` (≥ 1): port cycles one write takes on this array.
    pub write_slowdown: f64,
    /// Kernels whose time the L2 bound sets on this array.
    pub l2_bound_kernels: usize,
}

impl Traffic {
    /// The run's time when the L2 is built from `array` on `gpu` (the model is in the module
    /// documentation). Latencies that are not positive and finite are read as one port cycle.
    pub fn time_on(&self, gpu: &Gpu, array: &L2Array) -> ArrayTime {
        let slices = f64::from(gpu.l2_slices.max(1));
        let sector = f64::from(self.sector_bytes.max(1));
        let bandwidth = gpu.l2_bandwidth_gb_s.max(1e-9) * 1e9;
        let f_port = bandwidth / (slices * sector);
        let cycles = |t: Time| {
            let c = t.s() * f_port;
            if c.is_finite() && c > 0.0 {
                c
            } else {
                1.0
            }
        };
        let banks = cycles(array.read_latency).ceil().clamp(1.0, 1e6);
        let slowdown = (cycles(array.write_latency) / banks).max(1.0);
        let mut l2_bound_kernels = 0;
        let floor = self.assumptions.kernel_floor_s.max(0.0);
        let times: Vec<f64> = self
            .kernels
            .iter()
            .map(|k| {
                // A reduction's write-back is a write to the array.
                let writes = (k.l2_write_sectors + k.l2_reduction_sectors) as f64;
                let reads = (k.l2_read_sectors + k.l2_reduction_sectors) as f64;
                // The array's port time; a stream kernel is still held to its own achieved
                // rate (its `l2_time`), so a slow write stalls it only beyond that.
                let l2 = ((reads + writes * slowdown) * sector / bandwidth).max(k.l2_time.s());
                let t = k.compute_time.s().max(k.dram_time.s()).max(l2).max(floor);
                if l2 >= t && l2 > 0.0 {
                    l2_bound_kernels += 1;
                }
                t
            })
            .collect();
        let total = timeline(&self.assumptions, times.into_iter());
        ArrayTime {
            time: Time::from_s(total),
            write_stall: Time::from_s((total - self.time.s()).max(0.0)),
            banks_per_slice: banks as u32,
            write_slowdown: slowdown,
            l2_bound_kernels,
        }
    }

    /// The record [`crate::design::eval::evaluate`] consumes: L2 reads and writes in sectors, the summed
    /// execution time, and a derivation naming the GPU, the capacity and the assumptions.
    pub fn to_workload(&self, id: &str, name: &str, source: &str) -> Workload {
        Workload {
            id: id.to_string(),
            name: name.to_string(),
            // A reduction reads and writes its sector in the slice's array.
            reads: (self.l2_read_sectors + self.l2_reduction_sectors) as f64,
            writes: (self.l2_write_sectors + self.l2_reduction_sectors) as f64,
            access_bytes: self.sector_bytes,
            execution_time: self.time,
            dram_energy: self.dram_energy,
            source: source.to_string(),
            derivation: format!(
                "nvmcalc traffic model (src/gpu/traffic.rs) on {} with a {} KiB L2: {} kernels, \
                 {}×{} thread-block tiles, {:.0} % of peak compute in full waves; DRAM {:.4e} B \
                 read, {:.4e} B written at {:.0} % of peak bandwidth; {} L2 reduction sectors \
                 (each a read and a write); GPU busy Σ max(compute, DRAM, L2, {:.1} µs floor) = \
                 {:.4} ms; wall time with {:.0} µs of host dispatch per kernel = {:.4} ms.",
                self.gpu,
                self.l2_bytes / 1024,
                self.kernels.len(),
                self.assumptions.tile.max(1),
                self.assumptions.tile.max(1),
                utilisation(&self.assumptions) * 100.0,
                self.dram_read_bytes,
                self.dram_write_bytes,
                fraction(self.assumptions.dram_efficiency) * 100.0,
                self.l2_reduction_sectors,
                self.assumptions.kernel_floor_s * 1e6,
                self.gpu_busy.ms(),
                self.assumptions.host_per_kernel_s * 1e6,
                self.time.ms()
            ),
        }
    }
}

fn utilisation(a: &Assumptions) -> f64 {
    if a.compute_utilisation.is_finite() {
        a.compute_utilisation.clamp(1e-3, 1.0)
    } else {
        1.0
    }
}

fn sectors(bytes: u128, sector: u64) -> u64 {
    u64::try_from(bytes.div_ceil(u128::from(sector))).unwrap_or(u64::MAX)
}

/// Peak arithmetic rate (FLOP/s) for a kernel.
fn peak_flops(shape: &KernelShape, gpu: &Gpu) -> f64 {
    let tflops = match (shape, gpu.peak_fp16_tensor_tflops) {
        (KernelShape::Gemm { element_bytes, .. }, Some(tensor))
        | (KernelShape::Attention { element_bytes, .. }, Some(tensor))
            if *element_bytes <= 2 =>
        {
            tensor
        }
        _ => gpu.peak_fp32_tflops,
    };
    tflops.max(1e-6) * 1e12
}

/// L2 (read, write) bytes of a kernel.
pub fn l2_bytes_of(shape: &KernelShape, tile: u64) -> (u128, u128) {
    let tile = u128::from(tile.max(1));
    match *shape {
        KernelShape::Gemm {
            m,
            n,
            k,
            count,
            element_bytes,
            ..
        } => {
            let (m, n, k, c, e) = (
                u128::from(m),
                u128::from(n),
                u128::from(k),
                u128::from(count),
                u128::from(element_bytes),
            );
            (
                c * e * (m * k * n.div_ceil(tile) + k * n * m.div_ceil(tile)),
                c * m * n * e,
            )
        }
        KernelShape::Stream {
            read_bytes,
            write_bytes,
            ..
        } => (u128::from(read_bytes), u128::from(write_bytes)),
        KernelShape::Attention {
            count,
            tq,
            tkv,
            hd,
            causal,
            backward,
            element_bytes,
            ..
        } => {
            let e = u128::from(element_bytes);
            let (c, tq, tkv, hd) = (
                u128::from(count),
                u128::from(tq),
                u128::from(tkv),
                u128::from(hd),
            );
            let visit = attention_visit(tq as u64, tkv as u64, causal);
            let block = u128::from(ATTENTION_BLOCK);
            let q = tq * hd * e;
            let kv = 2 * tkv * hd * e;
            if backward {
                // K, V once per key block; Q and dO once per key block they meet.
                let reread = (c * 2 * q * tkv.div_ceil(block)) as f64 * visit;
                (c * kv + reread as u128, c * kv)
            } else {
                // Q once; each head's K and V once per query block that meets them.
                let reread = (c * kv * tq.div_ceil(block)) as f64 * visit;
                (c * q + reread as u128, c * q)
            }
        }
    }
}

/// Fraction of a reuse with working set `w` that hits in a capacity `c`.
fn hit(c: f64, w: f64) -> f64 {
    if w <= 0.0 {
        1.0
    } else {
        (c / w).clamp(0.0, 1.0)
    }
}

/// DRAM read bytes of a kernel before inter-kernel reuse, and its own reuse working set (bytes).
fn dram_reads_of(shape: &KernelShape, gpu: &Gpu, capacity: f64, tile: u64) -> (f64, f64) {
    match *shape {
        KernelShape::Gemm {
            m,
            n,
            count,
            a_unique_bytes,
            b_unique_bytes,
            ..
        } => {
            if m == 0 || n == 0 || count == 0 {
                return ((a_unique_bytes + b_unique_bytes) as f64, 0.0);
            }
            let g = (f64::from(gpu.sm_count.max(1)).sqrt().floor() as u64).max(1);
            let wave = tile.max(1).saturating_mul(g);
            let a = a_unique_bytes as f64 / count as f64;
            let b = b_unique_bytes as f64 / count as f64;
            let (mw, nw) = (m.div_ceil(wave) as f64, n.div_ceil(wave) as f64);
            let p_a = a * (wave.min(m) as f64 / m as f64);
            let p_b = b * (wave.min(n) as f64 / n as f64);
            // Row-major walk: A panel reused along a wave row, B re-read once per wave row.
            let (wa, wb) = (p_a + p_b, b + p_a);
            let row = a * (1.0 + (nw - 1.0) * (1.0 - hit(capacity, wa)))
                + b * (1.0 + (mw - 1.0) * (1.0 - hit(capacity, wb)));
            // Column-major walk: the roles swap.
            let (wb_c, wa_c) = (p_b + p_a, a + p_b);
            let col = b * (1.0 + (mw - 1.0) * (1.0 - hit(capacity, wb_c)))
                + a * (1.0 + (nw - 1.0) * (1.0 - hit(capacity, wa_c)));
            let own = wa.max(wb).min(wb_c.max(wa_c));
            (count as f64 * row.min(col), own)
        }
        KernelShape::Stream { read_bytes, .. } => (read_bytes as f64, 0.0),
        // One head's K and V (or Q and dO) are re-read while the head runs: a few hundred KiB
        // at most, which stays in the L2; the compulsory reads reach DRAM.
        KernelShape::Attention { .. } => (shape.compulsory_bytes().0 as f64, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_is_clamped_and_total() {
        assert_eq!(hit(1.0, 0.0), 1.0);
        assert_eq!(hit(0.0, 5.0), 0.0);
        assert_eq!(hit(10.0, 5.0), 1.0);
        assert_eq!(hit(2.5, 5.0), 0.5);
    }
}
