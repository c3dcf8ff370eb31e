//! The traffic model (`nvmcalc::gpu::traffic`): compulsory traffic is a floor, DRAM traffic never grows
//! with the L2, data that fits reaches the floor, time is at least every bound, nothing is NaN,
//! and one GEMM checked by hand.

use nvmcalc::gpu::chip::{parse_gpu_preset, Gpu};
use nvmcalc::gpu::kernel::{Kernel, KernelShape, Pass, StreamAccess};
use nvmcalc::gpu::traffic::{run, Bound};
use proptest::prelude::*;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;

fn gpu(id: &str) -> Gpu {
    let file = format!("gpus/{id}.toml");
    let path = format!("{}/presets/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_gpu_preset(&file, &text).unwrap_or_else(|e| panic!("{e}"))
}

fn gemm(m: u64, n: u64, k: u64, count: u64, e: u32) -> Kernel {
    let eb = u64::from(e);
    Kernel {
        layer: "gemm".into(),
        pass: Pass::Forward,
        shape: KernelShape::Gemm {
            m,
            n,
            k,
            count,
            element_bytes: e,
            a_unique_bytes: count * m * k * eb,
            b_unique_bytes: count * k * n * eb,
        },
        tensors: Vec::new(),
    }
}

fn stream(read_bytes: u64, write_bytes: u64) -> Kernel {
    Kernel {
        layer: "stream".into(),
        pass: Pass::Forward,
        shape: KernelShape::Stream {
            read_bytes,
            write_bytes,
            flops: read_bytes / 2,
            access: StreamAccess::Elementwise,
        },
        tensors: Vec::new(),
    }
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

/// 4096³ FP16 GEMM on a V100 (80 SMs → 8×8-tile waves of 128×128 tiles, super-tiles of 1024).
#[test]
fn hand_computed_gemm_on_v100() {
    let v100 = gpu("tesla_v100");
    let k = [gemm(4096, 4096, 4096, 1, 2)];

    let t = run(&k, &v100, 6 * MIB);
    // L2 reads = e·(m·k·⌈n/128⌉ + k·n·⌈m/128⌉) = 2·(2·4096²·32) B = 2 GiB = 67 108 864 sectors.
    assert_eq!(t.l2_read_sectors, 67_108_864);
    // C written once: 4096²·2 B = 32 MiB = 1 048 576 sectors.
    assert_eq!(t.l2_write_sectors, 1_048_576);
    // a = b = 32 MiB, 4×4 super-tiles, panels p = 8 MiB. Row walk: W_A = 16 MiB → h = 0.375,
    // W_B = 40 MiB → h = 0.15: 32·(1 + 3·0.625) + 32·(1 + 3·0.85) = 205.6 MiB (column walk equal),
    // of which 141.6 MiB are re-reads beyond the compulsory 64 MiB. In the steady state the
    // step before streamed A, B and C (96 MiB) through 6 MiB and left 1/16 of each: 2 MiB of A
    // and 2 of B hit, so the compulsory part is 60 MiB.
    let reads = (141.6 + 60.0) * MIB as f64;
    assert!(close(t.dram_read_bytes, reads), "{}", t.dram_read_bytes);
    // C (32 MiB) keeps 2 MiB in the L2, overwritten by the next step: 30 MiB written back.
    let writes = (30 * MIB) as f64;
    assert!(close(t.dram_write_bytes, writes), "{}", t.dram_write_bytes);
    let kt = &t.kernels[0];
    // 32² = 1024 tiles on 80 SMs run in 13 waves (the last one partial): 1024/1040 of the
    // 75 % of 125 TFLOP/s. 2·4096³ FLOP / (93.75 TFLOP/s · 1024/1040) = 1.489 ms.
    let occupancy = 1024.0 / 1040.0;
    assert!(close(
        kt.compute_time.s(),
        2.0 * 4096f64.powi(3) / (93.75e12 * occupancy)
    ));
    // DRAM at 90 % of 900 GB/s: 0.308 ms; L2 0.696 ms.
    assert!(close(kt.dram_time.s(), (reads + writes) / 810e9));
    assert!(close(kt.l2_time.s(), 68_157_440.0 * 32.0 / 3133.4e9));
    assert_eq!(kt.bound, Bound::Compute);
    assert_eq!(t.gpu_busy, kt.compute_time);
    // The host issues the kernel after one dispatch time (15 µs), then the GPU runs it.
    assert!(close(t.time.s(), 15e-6 + kt.compute_time.s()));
    // DRAM energy: bytes · 8 · 3.9 pJ/bit.
    assert!(close(t.dram_energy.pj(), (reads + writes) * 8.0 * 3.9));

    // At 64 MiB both working sets fit: no re-reads. The step before left 64/96 of A and B:
    // a third of the compulsory 64 MiB is read.
    let t = run(&k, &v100, 64 * MIB);
    assert_eq!(t.l2_read_sectors, 67_108_864);
    assert!(
        close(t.dram_read_bytes, 64.0 / 3.0 * MIB as f64),
        "{}",
        t.dram_read_bytes
    );
}

#[test]
fn small_gemm_counts_by_hand() {
    // 256×256×256 FP16: L2 reads 2·(256·256·2 + 256·256·2) = 524 288 B = 16 384 sectors;
    // writes 131 072 B = 4096 sectors; one super-tile, so no re-reads. The step before streamed
    // A, B and C (384 KiB) through 256 KiB and left 2/3 of each: a third of A and B is read.
    let t = run(&[gemm(256, 256, 256, 1, 2)], &gpu("gtx_1080_ti"), 256 * KIB);
    assert_eq!((t.l2_read_sectors, t.l2_write_sectors), (16_384, 4_096));
    assert!(
        close(t.dram_read_bytes, 262_144.0 / 3.0),
        "{}",
        t.dram_read_bytes
    );
    // Pascal has no tensor cores: timed at the FP32 peak. Its 4 tiles fill 4 of 28 SMs.
    assert!(close(
        t.kernels[0].compute_time.s(),
        2.0 * 256f64.powi(3) / (11.34e12 * 0.75 * 4.0 / 28.0)
    ));
}

#[test]
fn stream_kernels_and_inter_kernel_reuse() {
    let v100 = gpu("tesla_v100");
    let ks = [stream(4 * MIB, 4 * MIB), stream(4 * MIB, 2 * MIB)];
    let t = run(&ks, &v100, 6 * MIB);
    assert_eq!(t.kernels[0].l2_read_sectors, 4 * MIB / 32);
    // The first kernel's input (read as weights are) was evicted by the end of the step before.
    assert_eq!(t.kernels[0].dram_read_bytes, (4 * MIB) as f64);
    // The second kernel's input is the first one's output. The first kernel streamed 8 MiB
    // (4 read, 4 written) through 6 MiB, so 6/8 of its output is still there: 3 MiB reused.
    assert_eq!(t.kernels[1].reused_bytes, (3 * MIB) as f64);
    assert_eq!(t.kernels[1].dram_read_bytes, MIB as f64);
    // Write-backs: the first kernel's output that did not stay (1 MiB) and the second's output
    // of the step before (2 MiB, dirty), evicted; the first kernel's output lands in its own
    // buffer of the step before and overwrites its dirty 3 MiB, which are never written back.
    assert_eq!(t.kernels[0].dram_write_bytes, (3 * MIB) as f64);
    assert_eq!(t.kernels[1].dram_write_bytes, 0.0);
    // With a 1 MiB L2 less of it stays.
    let small = run(&ks, &v100, MIB);
    assert!(small.kernels[1].dram_read_bytes > t.kernels[1].dram_read_bytes);
    // Enough L2 for both: everything reused.
    let t = run(&ks, &v100, 8 * MIB);
    assert_eq!(t.kernels[1].dram_read_bytes, 0.0);
}

#[test]
fn conversion_to_a_workload() {
    let t = run(&[gemm(1024, 1024, 1024, 1, 4)], &gpu("a100_40gb"), 40 * MIB);
    let w = t.to_workload("g", "GEMM", "test");
    assert_eq!(w.reads, t.l2_read_sectors as f64);
    assert_eq!(w.writes, t.l2_write_sectors as f64);
    assert_eq!(w.access_bytes, 32);
    assert_eq!(w.execution_time, t.time);
    assert!(w.derivation.contains("a100_40gb"), "{}", w.derivation);
}

fn any_kernel() -> impl Strategy<Value = Kernel> {
    let gemm = (
        1u64..=8192,
        1u64..=8192,
        1u64..=8192,
        1u64..=64,
        prop_oneof![Just(1u32), Just(2u32), Just(4u32)],
        0.05f64..=1.0,
    )
        .prop_map(|(m, n, k, count, e, a_share)| {
            let mut g = gemm(m, n, k, count, e);
            if let KernelShape::Gemm { a_unique_bytes, .. } = &mut g.shape {
                // An implicit-GEMM convolution touches fewer distinct A bytes than m·k.
                *a_unique_bytes = ((*a_unique_bytes as f64 * a_share) as u64).max(1);
            }
            g
        });
    let stream = (0u64..=(1 << 31), 0u64..=(1 << 31)).prop_map(|(r, w)| stream(r, w));
    prop_oneof![gemm, stream]
}

fn gpus() -> [Gpu; 4] {
    ["gtx_1080_ti", "tesla_v100", "a100_40gb", "h100_sxm"].map(gpu)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn floors_bounds_and_finiteness(
        kernels in prop::collection::vec(any_kernel(), 1..5),
        cap in (256 * KIB)..=(1024 * MIB),
        which in 0usize..4,
    ) {
        let g = &gpus()[which];
        let t = run(&kernels, g, cap);
        for (k, kt) in kernels.iter().zip(&t.kernels) {
            let (reads, writes) = k.shape.compulsory_bytes();
            // L2 traffic is at least the compulsory traffic.
            prop_assert!(kt.l2_read_sectors * 32 >= reads);
            prop_assert!(kt.l2_write_sectors * 32 >= writes);
            // DRAM reads plus what the previous kernel left in L2 cover every input byte once,
            // and never exceed the L2 reads.
            prop_assert!(kt.dram_read_bytes + kt.reused_bytes >= reads as f64 * (1.0 - 1e-12));
            prop_assert!(kt.dram_read_bytes <= (kt.l2_read_sectors * 32) as f64 * (1.0 + 1e-12));
            prop_assert!(kt.reused_bytes <= reads as f64 * (1.0 + 1e-12) + 1e-6);
            prop_assert!(kt.dram_write_bytes.is_finite() && kt.dram_write_bytes >= 0.0);
            // Time is the largest bound.
            for b in [kt.compute_time, kt.dram_time, kt.l2_time] {
                prop_assert!(b.s().is_finite() && b.s() >= 0.0);
                prop_assert!(kt.time.s() >= b.s());
            }
            prop_assert!(kt.dram_read_bytes.is_finite() && kt.dram_read_bytes >= 0.0);
        }
        prop_assert!(t.time.s().is_finite() && t.dram_energy.j().is_finite());
        // A step writes back at most what it wrote and what the step before left dirty.
        let written: f64 = kernels.iter().map(|k| k.shape.compulsory_bytes().1 as f64).sum();
        prop_assert!(t.dram_write_bytes <= 2.0 * written * (1.0 + 1e-9) + 1.0);
    }

    #[test]
    fn dram_traffic_never_grows_with_the_l2(
        kernels in prop::collection::vec(any_kernel(), 1..5),
        c1 in (256 * KIB)..=(1024 * MIB),
        c2 in (256 * KIB)..=(1024 * MIB),
        which in 0usize..4,
    ) {
        let g = &gpus()[which];
        let (small, large) = (c1.min(c2), c1.max(c2));
        let a = run(&kernels, g, small);
        let b = run(&kernels, g, large);
        let (ta, tb) = (a.dram_read_bytes + a.dram_write_bytes, b.dram_read_bytes + b.dram_write_bytes);
        prop_assert!(tb <= ta * (1.0 + 1e-9) + 1.0, "{small} B: {ta}, {large} B: {tb}");
        prop_assert!(b.dram_read_bytes <= a.dram_read_bytes * (1.0 + 1e-9) + 1.0);
        for (ka, kb) in a.kernels.iter().zip(&b.kernels) {
            prop_assert_eq!(ka.l2_read_sectors, kb.l2_read_sectors);
        }
        // Time is not asserted: a write-back a larger L2 defers can land in a DRAM-bound kernel.
    }

    #[test]
    fn a_step_that_fits_the_l2_stays_there(
        k in any_kernel(),
        which in 0usize..4,
    ) {
        let (reads, writes) = k.shape.compulsory_bytes();
        // Everything it touches, held twice (a partitioned L2 keeps two copies of what is read):
        // every reuse working set fits.
        let cap = 2 * (reads + writes) + 1;
        let t = run(std::slice::from_ref(&k), &gpus()[which], cap);
        // In the steady state the step before left everything: no DRAM traffic at all.
        prop_assert!(t.dram_read_bytes.abs() < 1.0, "{} of {reads}", t.dram_read_bytes);
        prop_assert!(t.dram_write_bytes.abs() < 1.0, "{} of {writes}", t.dram_write_bytes);
    }
}
