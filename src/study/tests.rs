use std::sync::OnceLock;

use crate::circuit::cell::CellSpec;
use crate::design::build::cell_technology;
use crate::design::config::{CacheConfig, Layout};
use crate::design::eval::DelayDefinition;
use crate::design::technology::Technology;
use crate::gpu::network::Phase;
use crate::gpu::workload::DlWorkload;
use crate::library::Library;
use crate::shipped_library;
use crate::study::iso_area::{iso_area_fits, iso_area_study, IsoAreaStudy};
use crate::study::iso_capacity::iso_capacity;
use crate::study::prepared::{cells_for, AnalysisError, Prepared};
use crate::study::scaling::{default_capacities, scaling, scaling_designs, Scaling};
use crate::units::Time;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(shipped_library)
}

fn spec(network: &str, phase: Phase, batch: u64) -> DlWorkload {
    DlWorkload {
        network: network.into(),
        phase,
        batch,
        seq_len: None,
        decode_tokens: None,
        element_bytes: 4,
        gpu: "gtx_1080_ti".into(),
        measured: None,
    }
}

/// DeepNVM++'s baseline size: 3 MiB in three 1 MiB slices.
fn config() -> CacheConfig {
    CacheConfig {
        capacity_bytes: 3 << 20,
        slices: 3,
        ..CacheConfig::default()
    }
}

fn cells(ids: &[&str]) -> Vec<&'static CellSpec> {
    ids.iter()
        .map(|id| library().cell(id).expect("cell"))
        .collect()
}

/// The iso-area analysis in one step: fit the cells, then run the workload.
fn study(
    p: &Prepared<'_>,
    cells: &[&CellSpec],
    baseline: &str,
    config: &CacheConfig,
    nodes: &[crate::circuit::tech::Node],
    delay: DelayDefinition,
) -> Result<IsoAreaStudy, AnalysisError> {
    iso_area_fits(cells, baseline, config, nodes).map(|f| iso_area_study(p, &f, delay))
}

/// The scalability analysis in one step: design the caches, then run the workload.
fn sweep(
    p: &Prepared<'_>,
    cells: &[&CellSpec],
    baseline: &str,
    template: &CacheConfig,
    capacities: &[u64],
    nodes: &[crate::circuit::tech::Node],
    delay: DelayDefinition,
) -> Result<Scaling, AnalysisError> {
    scaling(
        p,
        &scaling_designs(cells, template, capacities, nodes)?,
        baseline,
        delay,
    )
}

#[test]
fn unknown_network_and_gpu_are_named_errors() {
    let mut s = spec("resnet51", Phase::Inference, 1);
    let e = Prepared::new(library(), &s).unwrap_err();
    assert!(
        e.to_string().contains("resnet51") && e.to_string().contains("resnet50"),
        "{e}"
    );
    s.network = "resnet50".into();
    s.gpu = "gtx_9090".into();
    let e = Prepared::new(library(), &s).unwrap_err();
    assert!(
        e.to_string().contains("gtx_9090") && e.to_string().contains("tesla_v100"),
        "{e}"
    );
}

#[test]
fn iso_capacity_gives_each_technology_its_own_stall() {
    let lib = library();
    let p = Prepared::new(lib, &spec("resnet18", Phase::Training, 16)).expect("prepared");
    let techs: Vec<Technology> = ["sram_16nm", "stt_16nm", "sot_16nm"]
        .iter()
        .map(|id| cell_technology(lib.cell(id).unwrap(), &config(), &lib.nodes).unwrap())
        .collect();
    let refs: Vec<&Technology> = techs.iter().collect();
    let c = iso_capacity(&p, &refs, "sram_16nm", DelayDefinition::ExecutionTime).expect("cmp");
    assert_eq!(c.rows.len(), 3);
    let base = &c.rows[0];
    assert_eq!(base.vs_baseline.edp, Some(1.0));
    for row in &c.rows {
        let t = row.traffic.expect("traffic detail");
        assert_eq!(t.l2_bytes, 3 << 20);
        // Same capacity: same traffic for every technology.
        assert_eq!(t.dram_read_bytes, base.traffic.unwrap().dram_read_bytes);
        assert!(row.evaluation.edp.js().is_finite() && row.evaluation.edp.js() > 0.0);
        assert!(row.evaluation.dram_energy.j() > 0.0);
        assert!(t.write_slowdown >= 1.0);
        // A slower write can only lengthen the run.
        assert!(
            row.evaluation.execution_time.s()
                >= base.evaluation.execution_time.s() - t.write_stall.s() - 1e-15
        );
    }
    // STT writes take many read times (a 20 ns pulse): its training run stalls; SRAM's does not.
    assert_eq!(base.traffic.unwrap().write_stall, Time::ZERO);
    let stt = c.rows[1].traffic.unwrap();
    assert!(stt.write_slowdown > 2.0, "{}", stt.write_slowdown);
    assert!(stt.write_stall.s() > 0.0);
}

#[test]
fn iso_area_never_exceeds_the_budget_and_saves_dram_traffic() {
    let lib = library();
    let p = Prepared::new(lib, &spec("resnet50", Phase::Training, 32)).expect("prepared");
    let s = study(
        &p,
        &cells(&["sram_16nm", "stt_16nm", "sot_16nm"]),
        "sram_16nm",
        &config(),
        &lib.nodes,
        DelayDefinition::AccessTime,
    )
    .expect("study");
    let base = &s.rows[0];
    assert_eq!(base.fit.slices, 3);
    assert_eq!(base.edp_vs_baseline, Some(1.0));
    for row in &s.rows {
        assert!(row.fit.technology.metrics.area.m2() <= s.budget.m2());
        if row.fit.capacity_ratio > 1.0 {
            let d = row.dram_bytes_vs_baseline.expect("ratio");
            assert!(
                d <= 1.0,
                "{}: more capacity moved more DRAM bytes ({d})",
                row.fit.technology.id
            );
        }
    }
    assert!(
        s.rows[1].fit.capacity_ratio > 1.0,
        "STT fits more than SRAM"
    );
}

#[test]
fn scaling_sweep_is_finite_and_dram_falls_with_capacity() {
    let lib = library();
    let p = Prepared::new(lib, &spec("vgg16", Phase::Inference, 32)).expect("prepared");
    let caps = default_capacities();
    assert_eq!(caps.first(), Some(&(1u64 << 20)));
    assert_eq!(caps.last(), Some(&(512u64 << 20)));
    let s = sweep(
        &p,
        &cells(&["sram_16nm", "stt_16nm", "sot_16nm"]),
        "sram_16nm",
        &config(),
        &caps,
        &lib.nodes,
        DelayDefinition::ExecutionTime,
    )
    .expect("sweep");
    assert_eq!(s.slice_bytes, 1 << 20);
    let mut last_dram = f64::INFINITY;
    let mut last_leak = 0.0;
    for pt in &s.points {
        assert!(pt.dram_bytes <= last_dram, "{} B", pt.capacity_bytes);
        last_dram = pt.dram_bytes;
        assert_eq!(u64::from(pt.slices), pt.capacity_bytes >> 20);
        for r in &pt.rows {
            for v in [
                r.evaluation.energy.j(),
                r.evaluation.delay.s(),
                r.evaluation.edp.js(),
            ] {
                assert!(
                    v.is_finite() && v > 0.0,
                    "{} at {} B",
                    r.id,
                    pt.capacity_bytes
                );
            }
        }
        let sram = &pt.rows[0];
        // SRAM leakage power grows with capacity, so its share of the energy does too.
        let share = sram.evaluation.leakage_energy.j() / sram.evaluation.energy.j();
        assert!(share >= last_leak * 0.999, "{} B", pt.capacity_bytes);
        last_leak = share;
    }
    // At 512 MiB SRAM leakage has taken over and both MRAMs beat it on EDP (execution-time
    // delay: the run is the same length, the energy is not).
    assert!(s.baseline_leakage_dominates_from_bytes.is_some());
    let big = s.points.last().unwrap();
    for r in &big.rows[1..] {
        assert!(r.edp_vs_baseline.unwrap() < 1.0, "{}", r.id);
    }
}

#[test]
fn sweep_capacities_must_be_whole_slices_in_range() {
    let lib = library();
    let p = Prepared::new(lib, &spec("resnet18", Phase::Inference, 1)).expect("prepared");
    let run = |caps: &[u64]| {
        sweep(
            &p,
            &cells(&["sram_16nm"]),
            "sram_16nm",
            &config(),
            caps,
            &lib.nodes,
            DelayDefinition::AccessTime,
        )
    };
    // Out of range: refused.
    for bad in [4u64 << 30, 1 << 10] {
        let e = run(&[bad]).unwrap_err();
        assert!(matches!(e, AnalysisError::Capacity { .. }), "{e}");
    }
    // Not a whole number of the 1 MiB slices: the nearest whole number is built.
    let s = run(&[(1 << 20) + (3 << 19)]).unwrap();
    assert_eq!(s.points[0].capacity_bytes, 3 << 20);
    let e = sweep(
        &p,
        &cells(&["sram_16nm"]),
        "stt_16nm",
        &config(),
        &[1 << 20],
        &lib.nodes,
        DelayDefinition::AccessTime,
    )
    .unwrap_err();
    assert!(e.to_string().contains("stt_16nm"), "{e}");
}

#[test]
fn cache_presets_are_refused_where_cells_are_needed() {
    let lib = library();
    let e = cells_for(
        lib,
        &[],
        &["nvsim_sram_22nm_2mb_cache".to_string()],
        "iso-area",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("iso-area") && e.to_string().contains("sram_16nm"),
        "{e}"
    );
}

#[test]
fn a_monolithic_iso_area_fit_is_the_largest_designed_step_within_the_budget() {
    let lib = library();
    let monolithic = CacheConfig {
        layout: Layout::Monolithic,
        ..config()
    };
    let cells = cells(&["sram_16nm", "stt_16nm_deepnvm", "sot_16nm_deepnvm"]);
    let fits = iso_area_fits(&cells, "sram_16nm", &monolithic, &lib.nodes).expect("fits");
    // The baseline fits itself, as one 3 MiB cache (1536 sets: no power of two).
    assert_eq!(fits.fits[0].slices, 3);
    assert_eq!(fits.fits[0].technology.capacity.bits(), (3u64 << 20) * 8);
    for (cell, fit) in cells.iter().zip(&fits.fits) {
        assert!(fit.technology.metrics.area.m2() <= fits.budget.m2());
        assert_eq!(fit.config.layout, Layout::Monolithic);
        // The next step is either larger than the budget or has no design; the search went up
        // until the bitcells alone overflowed, so no larger step within reach fits either.
        let next = CacheConfig {
            capacity_bytes: fit.config.capacity_bytes + (1 << 20),
            slices: fit.slices + 1,
            ..monolithic.clone()
        };
        if let Ok(t) = cell_technology(cell, &next, &lib.nodes) {
            assert!(
                t.metrics.area.m2() > fits.budget.m2(),
                "{}: {} MiB fits too",
                cell.id,
                fit.slices + 1
            );
        }
    }
    assert!(fits.fits[1].capacity_ratio > 1.0 && fits.fits[2].capacity_ratio > 1.0);
}

#[test]
fn a_monolithic_sweep_is_one_cache_per_capacity_whose_wires_grow() {
    let lib = library();
    let p = Prepared::new(lib, &spec("resnet18", Phase::Inference, 32)).expect("prepared");
    let template = CacheConfig {
        layout: Layout::Monolithic,
        capacity_bytes: 1 << 20,
        slices: 1,
        ..CacheConfig::default()
    };
    let caps: Vec<u64> = (0..5).map(|i| (1u64 << 20) << (2 * i)).collect();
    let designs = scaling_designs(
        &cells(&["sram_16nm", "stt_16nm"]),
        &template,
        &caps,
        &lib.nodes,
    )
    .expect("designs");
    assert_eq!(designs.layout, Layout::Monolithic);
    let mut last_read_ns = 0.0;
    for (cap, slices, techs) in &designs.points {
        assert_eq!(*slices, 1, "{cap} B is one cache");
        let sram = &techs[0].metrics;
        // One H-tree over the whole capacity: the read time grows with it (a sliced L2's stays
        // that of one slice).
        assert!(sram.read_latency.ns() > last_read_ns, "{cap} B");
        last_read_ns = sram.read_latency.ns();
    }
    let s = scaling(&p, &designs, "sram_16nm", DelayDefinition::AccessTime).expect("sweep");
    assert_eq!(s.layout, Layout::Monolithic);
    assert!(s
        .points
        .iter()
        .all(|pt| pt.rows.iter().all(|r| r.evaluation.edp.js().is_finite())));
}

/// A count workload without accesses is said to make ratios undefined, rather than showing a
/// table of dashes with no reason.
#[test]
fn a_workload_without_accesses_is_warned_about() {
    let mut lib = library().clone();
    let w = &mut lib.workloads[0];
    w.reads = 0.0;
    w.writes = 0.0;
    let id = w.id.clone();
    let mut s = crate::scenario::Scenario::default_for(&lib);
    s.workload = id;
    s.network = None;
    let c = crate::study::comparison::Comparison::from_scenario_with_cells(&lib, &s, &[])
        .expect("runs");
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("makes no L2 accesses")),
        "{:?}",
        c.warnings
    );
}
